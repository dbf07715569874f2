"""Read a rendered viewer page back: its segments, tags, inline code and JSON data block."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any

VOID = {"meta", "br", "hr", "img", "input", "link", "area", "base", "col", "embed", "source", "track", "wbr"}
#: Table → (id column, key of the page's JSON data block).
KINDS = {"claims": "claim_id", "quotes": "quote_id", "citations": "citation_id", "mentions": "mention_id"}


class Page(HTMLParser):
    """Collect the article containers' chunks of text, every tag, and the text inside each script/style."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.texts: dict[str, list[tuple[dict[str, str] | None, str]]] = {}
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.raw: list[tuple[dict[str, str], str]] = []  # (attributes, text) of each <script> and <style>
        self.nested_in_text: list[str] = []

    def _document(self) -> str | None:
        for _, attrs in reversed(self.stack):
            if "data-document-text" in attrs:
                return attrs["data-document-text"]
        return None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if "data-document-text" in attributes:
            self.texts[attributes["data-document-text"]] = []
        elif self._document() is not None and (tag != "span" or self.stack[-1][0] == "span"):
            self.nested_in_text.append(tag)
        if tag in ("script", "style"):
            self.raw.append((dict(attributes, tag=tag), ""))
        if tag not in VOID:
            self.stack.append((tag, attributes))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1][0] == tag, f"mismatched </{tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] in ("style", "script"):
            attrs, text = self.raw[-1]
            self.raw[-1] = (attrs, text + data)
        document = self._document()
        if document is not None:
            top = self.stack[-1][1]
            self.texts[document].append((top if top.get("class", "").startswith("seg") else None, data))

    def code(self, tag: str) -> list[str]:
        """The text of each executable ``<script>`` (or each ``<style>``)."""
        return [text for attrs, text in self.raw if attrs["tag"] == tag and "type" not in attrs]

    def data(self) -> dict[str, Any]:
        """The page's JSON data block, parsed."""
        blocks = [text for attrs, text in self.raw if attrs.get("type") == "application/json"]
        assert len(blocks) == 1
        return json.loads(blocks[0])


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


def chunks(parsed: Page) -> list[tuple[str, int, int, dict[str, str] | None, str]]:
    """(document, start, end, attributes, text) of each text chunk, in page order."""
    out = []
    for document, pieces in parsed.texts.items():
        position = 0
        for attrs, text in pieces:
            out.append((document, position, position + len(text), attrs, text))
            position += len(text)
    return out


def segments(parsed: Page) -> list[tuple[str, int, int, dict[str, str], str]]:
    """The covered segments (``<span class="seg">``), numbered as the data block numbers them."""
    return [(d, s, e, a, t) for d, s, e, a, t in chunks(parsed) if a is not None]
