"""Real clients for the escaping cases: pandoc renders Markdown as GitHub does, html.parser reads a page.

Example
-------
>>> sorted(tags(markdown_html("a *b*")))
['em', 'p']
"""

from __future__ import annotations

from html.parser import HTMLParser


def markdown_html(text: str) -> str:
    """``text`` rendered by pandoc's GitHub-Flavored Markdown reader (autolinks, tables, raw HTML)."""
    import pypandoc

    return str(pypandoc.convert_text(text, "html", format="gfm"))


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append(tag)
        self.links += [value or "" for name, value in attrs if name in ("href", "src")]


def html_elements(html: str) -> list[str]:
    """The start tags of ``html``, in order."""
    parser = _Elements()
    parser.feed(html)
    return parser.found


def tags(html: str) -> set[str]:
    """The distinct start tags of ``html``."""
    return set(html_elements(html))


def links(html: str) -> list[str]:
    """Every ``href`` and ``src`` of ``html``."""
    parser = _Elements()
    parser.feed(html)
    return parser.links
