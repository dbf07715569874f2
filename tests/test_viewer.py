"""The HTML viewer, without a browser: segments, counts, escaping, CSP, CLI."""

from __future__ import annotations

import base64
import hashlib
import html
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import csto_annotations
from csto_annotations.viewer import (
    ENTITY_COLOURS, MENTION_BACKGROUNDS, PALETTE, TEXT_PAIRS, Span, cut_segments, render_html, write_view,
)
from helpers import REPO, copy_real_package, edit_cell, read_rows

KIND_ATTRIBUTES = {"claims": ("claim_id", "data-claims"), "quotes": ("quote_id", "data-quotes"),
                   "citations": ("citation_id", "data-citations"), "mentions": ("mention_id", "data-mentions")}




VOID = {"meta", "br", "hr", "img", "input", "link", "area", "base", "col", "embed", "source", "track", "wbr"}


class Page(HTMLParser):
    """Collect the article containers' segments and a few tag facts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.texts: dict[str, list[tuple[dict[str, str] | None, str]]] = {}
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.data_in: dict[str, str] = {}  # text inside <style> and <script>
        self.nested_in_text: list[str] = []

    def _document(self) -> str | None:
        for tag, attrs in reversed(self.stack):
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
        if tag not in VOID:
            self.stack.append((tag, attributes))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1][0] == tag, f"mismatched </{tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] in ("style", "script"):
            self.data_in[self.stack[-1][0]] = self.data_in.get(self.stack[-1][0], "") + data
        document = self._document()
        if document is not None:
            top = self.stack[-1][1]
            self.texts[document].append((top if top.get("class", "").startswith("seg") else None, data))


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory):
    """The real dataset (a private copy), its page, and the parsed page."""
    root = copy_real_package(tmp_path_factory.mktemp("real") / "pkg")
    ds = csto_annotations.load(root)
    page = render_html(ds)
    return ds, page, parse(page)


def segments_with_offsets(parsed: Page, document: str) -> list[tuple[int, int, dict[str, str] | None, str]]:
    """(start, end, attributes, text) of each text chunk, in order."""
    out, position = [], 0
    for attrs, text in parsed.texts[document]:
        out.append((position, position + len(text), attrs, text))
        position += len(text)
    return out


# --- the article text and its segments --------------------------------------


def test_article_text_is_the_source_text_exactly(real) -> None:
    ds, _, parsed = real
    assert list(parsed.texts) == list(ds.documents["document_id"])
    for document in parsed.texts:
        assert "".join(text for _, text in parsed.texts[document]) == ds.text(document)
    assert parsed.nested_in_text == []  # only flat <span class="seg"> inside the text: no interleaving


def test_every_annotation_covers_exactly_its_span(real) -> None:
    ds, _, parsed = real
    document = ds.documents["document_id"].iloc[0]
    text = ds.text(document)
    chunks = segments_with_offsets(parsed, document)
    for table, (id_column, attribute) in KIND_ATTRIBUTES.items():
        frame = ds.tables[table]
        covered: dict[str, list[tuple[int, int]]] = {}
        for start, end, attrs, _ in chunks:
            for ident in (attrs or {}).get(attribute, "").split():
                covered.setdefault(ident, []).append((start, end))
        assert sorted(covered) == sorted(frame[id_column]), table
        for row in frame.itertuples():
            pieces = covered[getattr(row, id_column)]
            assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:])), f"{table} {row} is not contiguous"
            assert (pieces[0][0], pieces[-1][1]) == (row.start, row.end)
            assert text[row.start:row.end] == row.exact


def test_each_annotation_begins_once_at_its_start(real) -> None:
    ds, _, parsed = real
    chunks = segments_with_offsets(parsed, ds.documents["document_id"].iloc[0])
    begins = {ident: start for start, _, attrs, _ in chunks for ident in (attrs or {}).get("data-begin", "").split()}
    tokens = [i for _, _, attrs, _ in chunks for i in (attrs or {}).get("data-begin", "").split()]
    expected = {}
    for table, (id_column, _) in KIND_ATTRIBUTES.items():
        expected.update(dict(zip(ds.tables[table][id_column], ds.tables[table]["start"])))
    assert len(tokens) == len(expected) == sum(len(ds.tables[t]) for t in KIND_ATTRIBUTES)
    assert begins == expected


def test_segments_are_maximal_and_depth_counts_claims(real) -> None:
    ds, _, parsed = real
    chunks = segments_with_offsets(parsed, ds.documents["document_id"].iloc[0])
    cover_keys = [a for _, a in KIND_ATTRIBUTES.values()]
    previous = None
    for _, _, attrs, text in chunks:
        assert text != ""
        covers = tuple((attrs or {}).get(k, "") for k in cover_keys)
        assert covers != previous, "two neighbouring segments carry the same annotations"
        previous = covers
        claims = (attrs or {}).get("data-claims", "").split()
        assert (attrs or {}).get("data-depth") == (str(min(len(claims), 3)) if claims else None)
        assert attrs is None or any(covers)


def test_quotes_show_their_speaker(real) -> None:
    ds, _, parsed = real
    names = dict(zip(ds.entities["entity_id"], ds.entities["name"]))
    chunks = segments_with_offsets(parsed, ds.documents["document_id"].iloc[0])
    speakers = {attrs["data-begin"]: attrs["data-speaker"] for _, _, attrs, _ in chunks if attrs and "data-speaker" in attrs}
    assert len(speakers) == len(ds.quotes)
    for row in ds.quotes.itertuples():
        label = next(v for k, v in speakers.items() if row.quote_id in k.split())
        speaker = row.speaker_entity_id
        assert (names[speaker] if isinstance(speaker, str) else "speaker not identified") in label
        assert ("scare" in label) == (row.kind == "scare")


def test_mentions_carry_their_entity_and_colour(real) -> None:
    ds, _, parsed = real
    types = dict(zip(ds.entities["entity_id"], ds.entities["type"].astype(str)))
    chunks = segments_with_offsets(parsed, ds.documents["document_id"].iloc[0])
    for row in ds.mentions.itertuples():
        first = next(a for s, _, a, _ in chunks if s == row.start and a and row.mention_id in a.get("data-mentions", "").split())
        assert row.entity_id in first["data-entities"].split()
        assert re.search(rf"\bl[0-2]-{types[row.entity_id]}\b", first["class"])


# --- the rest of the page ----------------------------------------------------


def test_header_list_and_panel_counts_equal_table_rows(real) -> None:
    ds, page, parsed = real
    for ident, table in [("n-claims", "claims"), ("n-mentions", "mentions"), ("n-quotes", "quotes"),
                         ("n-citations", "citations"), ("n-entities", "entities")]:
        assert re.search(rf'id="{ident}">{len(ds.tables[table])}<', page)
    buttons = [a for t, a in parsed.tags if t == "button" and "data-claim" in a]
    details = [a for t, a in parsed.tags if "data-claim-detail" in a]
    assert [b["data-claim"] for b in buttons] == [d["data-claim-detail"] for d in details] == list(ds.claims["claim_id"])
    involved = ds.claim_entities.groupby("claim_id")["entity_id"].apply(set).to_dict()
    for button in buttons:
        assert set(button["data-entities"].split()) == involved.get(button["data-claim"], set())
    assert f'<span id="version">{ds.version}</span>' in page
    assert ds.documents["title"].iloc[0] in page


def test_no_external_resources_and_csp_hashes_match(real) -> None:
    _, page, parsed = real
    assert not [a for _, a in parsed.tags if "src" in a or "href" in a]
    assert [t for t, _ in parsed.tags].count("script") == 1 and [t for t, _ in parsed.tags].count("style") == 1
    for token in ("url(", "@import", "@font-face", "http://", "https://fonts"):
        assert token not in parsed.data_in["style"]
    assert "fetch(" not in parsed.data_in["script"] and "XMLHttpRequest" not in parsed.data_in["script"]
    csp = next(a["content"] for t, a in parsed.tags if a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp
    for kind in ("style", "script"):
        digest = base64.b64encode(hashlib.sha256(parsed.data_in[kind].encode()).digest()).decode()
        assert f"{kind}-src 'sha256-{digest}'" in csp


def details_of(page: str) -> list[str]:
    """The unescaped text of each claim's side-panel section, in order."""
    chunks = page.split('data-claim-detail="')[1:]
    return [html.unescape(re.sub(r"<[^>]+>", "", chunk.split("</div>")[0])) for chunk in chunks]


def test_provenance_from_cite_claim(real) -> None:
    ds, page, _ = real
    assert 'data-provenance="cite_claim"' in page  # citation.cite_claim has landed
    details = details_of(page)
    assert len(details) == len(ds.claims)
    for claim, detail in zip(ds.claims.itertuples(), details):
        assert detail.startswith(claim.claim_id) and "Provenance" in detail
        assert ds.cite_claim(claim.claim_id) in detail


def test_provenance_from_the_tables(real) -> None:
    ds, _, _ = real
    page = render_html(ds, provenance="tables")
    assert 'data-provenance="tables"' in page
    names = dict(zip(ds.entities["entity_id"], ds.entities["name"]))
    citations = ds.citations.set_index("citation_id")
    document = ds.documents.iloc[0]
    for claim, detail in zip(ds.claims.itertuples(), details_of(page)):
        speaker = detail.split("Speaker:")[1].split("Article:")[0]
        if claim.attribution == "author":
            assert "the article's author" in speaker
        else:
            assert names[claim.source_entity_id] in speaker
        if isinstance(claim.citation_id, str):
            outlet = names[citations.loc[claim.citation_id, "outlet_entity_id"]]
            assert f"Outlet and date: {outlet}" in detail
            assert citations.loc[claim.citation_id, "cited_date"].strftime("%Y-%m-%d") in detail
        else:
            assert "Outlet and date" not in detail
        assert f"“{document['title']}”" in detail.split("Article:")[1] and document["url"] in detail
        assert detail.rstrip().endswith(f"version {ds.version}, claims record {claim.claim_id}")
    with pytest.raises(csto_annotations.DatasetError, match="unknown provenance"):
        render_html(ds, provenance="nope")


# --- hostile data is text ------------------------------------------------------


def test_hostile_values_are_escaped(package: Path) -> None:
    statement = '</p><script>alert("x")</script>{{ 7*7 }}'
    name = '"><img src=x onerror=alert(1)> & Co'
    edit_cell(package, "claims", 2, "statement", statement, rehash=False)
    speaker_row = [r[0] for r in read_rows(package / "data" / "entities.csv")].index("kurmanbek-bakiyev") + 1
    edit_cell(package, "entities", speaker_row, "name", name)  # a quote's speaker
    ds = csto_annotations.load(package)
    page = render_html(ds)
    parsed = parse(page)
    assert [t for t, _ in parsed.tags].count("script") == 1  # only the viewer's own
    assert "img" not in [t for t, _ in parsed.tags]
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;{{ 7*7 }}" in page and ">49<" not in page
    speakers = [a["data-speaker"] for _, a in parsed.tags if "data-speaker" in a]
    assert name in speakers  # the attribute holds the name as text
    assert sum(text.count(statement) for text in parsed.data_in.values()) == 0


def test_out_of_range_offsets_fail_clearly(package: Path) -> None:
    edit_cell(package, "claims", 3, "end", "99999", rehash=False)
    # load() or, failing that, the viewer itself must refuse, naming the file, row and value
    with pytest.raises(csto_annotations.DatasetError, match=r"claims\.csv row 3\b.*99999"):
        render_html(csto_annotations.load(package, verify=False))


def test_missing_tables_fail_clearly(package: Path) -> None:
    ds = csto_annotations.load(package, tables=["documents", "claims"])
    with pytest.raises(csto_annotations.DatasetError, match="tables=None"):
        render_html(ds)


# --- segments ----------------------------------------------------------------------


def test_cut_segments_handles_crossing_and_shared_boundaries() -> None:
    spans = [Span("claim", "A", 0, 6), Span("claim", "B", 3, 9), Span("mention", "M", 3, 6), Span("quote", "Q", 9, 10)]
    got = [(s.start, s.end, s.text, s.covers) for s in cut_segments("0123456789x", spans)]
    assert got == [
        (0, 3, "012", {"claim": ["A"]}),
        (3, 6, "345", {"claim": ["A", "B"], "mention": ["M"]}),
        (6, 9, "678", {"claim": ["B"]}),
        (9, 10, "9", {"quote": ["Q"]}),
        (10, 11, "x", {}),
    ]
    assert cut_segments("abc", []) == cut_segments("abc", ())
    assert [(s.text, s.covers) for s in cut_segments("abc", [])] == [("abc", {})]


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=40).flatmap(lambda text: st.tuples(
    st.just(text),
    st.lists(st.tuples(st.integers(0, len(text) - 1), st.integers(1, len(text))).filter(lambda p: p[0] < p[1]), max_size=12),
)))
def test_cut_segments_invariants(case) -> None:
    text, pairs = case
    spans = [Span("claim", f"S{i}", a, b) for i, (a, b) in enumerate(pairs)]
    segments = cut_segments(text, spans)
    assert "".join(s.text for s in segments) == text
    assert all(s.text and text[s.start:s.end] == s.text for s in segments)
    for span in spans:
        inside = [s for s in segments if span.id in s.covers.get("claim", [])]
        assert "".join(s.text for s in inside) == text[span.start:span.end]
        assert inside[0].start == span.start and span in inside[0].begins and span in inside[-1].ends


# --- colours -------------------------------------------------------------------------


def luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of ``#rrggbb``."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    hi, lo = sorted([luminance(a), luminance(b)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula_matches_known_values() -> None:
    assert round(contrast("#000000", "#ffffff"), 2) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54  # the classic AA-passing grey


def test_text_colour_pairs_reach_aa() -> None:
    for fg, bg in TEXT_PAIRS:
        assert contrast(PALETTE[fg], PALETTE[bg]) >= 4.5, (fg, bg)


def test_mention_and_marker_colours_reach_3_to_1() -> None:
    for colour in [*ENTITY_COLOURS.values(), PALETTE["citation"]]:
        for background in MENTION_BACKGROUNDS:
            assert contrast(colour, PALETTE[background]) >= 3, (colour, background)
    for background in ("paper", "chrome"):
        assert contrast(PALETTE["outline"], PALETTE[background]) >= 3
        assert contrast(PALETTE["rule"], PALETTE[background]) >= 3


# --- writing and the CLI --------------------------------------------------------------


def test_write_view_writes_atomically_and_checks_the_directory(package: Path, tmp_path: Path) -> None:
    ds = csto_annotations.load(package)
    out = write_view(ds, tmp_path / "v.html")
    assert out.read_text("utf-8") == render_html(ds)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".v.html")] == []
    with pytest.raises(csto_annotations.DatasetError, match="does not exist"):
        write_view(ds, tmp_path / "missing" / "v.html")


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(REPO / "src"), **(env or {})}
    return subprocess.run([sys.executable, "-m", "csto_annotations", "view", *args], cwd=cwd, env=environment,
                          capture_output=True, text=True)


def test_cli_writes_the_default_file_and_opens_it(package: Path, tmp_path: Path) -> None:
    recorder = tmp_path / "browser.py"
    # A real executable standing in for the web browser: it records the URL it is given.
    recorder.write_text(f"#!{sys.executable}\nimport sys, pathlib\npathlib.Path({str(tmp_path / 'opened.txt')!r}).write_text(sys.argv[1])\n")
    recorder.chmod(0o755)
    work = tmp_path / "work"
    work.mkdir()
    result = run_cli(str(package), "--open", cwd=work, env={"BROWSER": str(recorder)})
    assert result.returncode == 0, result.stderr
    page = work / "csto-annotations-view.html"
    assert f"wrote {page}" in result.stdout
    assert page.read_text("utf-8") == render_html(csto_annotations.load(package))
    assert (tmp_path / "opened.txt").read_text() == page.as_uri()


def test_cli_errors_have_no_traceback(package: Path, tmp_path: Path) -> None:
    missing = run_cli(str(package), "--out", str(tmp_path / "no" / "x.html"), cwd=tmp_path)
    assert missing.returncode == 1 and "does not exist" in missing.stderr and "Traceback" not in missing.stderr
    both = run_cli(str(package), "--version", "1.0.0", cwd=tmp_path)
    assert both.returncode == 2 and "not both" in both.stderr


@pytest.mark.parametrize("module", ["csto_annotations.viewer", "csto_annotations.cli_view"])
def test_docstring_examples(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
