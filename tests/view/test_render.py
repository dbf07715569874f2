"""The HTML viewer without a browser: segments, extents, counts, escaping, CSP, limits, writing."""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import csto_annotations
from csto_annotations._base import _limits
from csto_annotations._base._errors import DatasetError, LimitError, OptionalDependencyError
from csto_annotations._view import _render, render_page, write_page
from csto_annotations._view._palette import ENTITY_COLOURS, PALETTE
from helpers import REPO, copy_real_package, edit_cell, read_rows

from ._page import KINDS, Page, chunks, parse, segments


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory):
    """The real dataset (a private copy), its page, and the parsed page."""
    root = copy_real_package(tmp_path_factory.mktemp("real") / "pkg")
    ds = csto_annotations.load(root)
    page = render_page(ds)
    return ds, page, parse(page)


def covering(parsed: Page) -> list[dict[str, set[str]]]:
    """For each covered segment, the ids of each table that cover it, from the data block's extents."""
    data = parsed.data()
    cover: list[dict[str, set[str]]] = [{t: set() for t in KINDS} for _ in segments(parsed)]
    for table in KINDS:
        for entry in data[table]:
            for number in range(entry[1], entry[2] + 1):
                cover[number][table].add(entry[0])
    return cover


# --- the article text and its segments --------------------------------------


def test_article_text_is_the_source_text_exactly(real) -> None:
    ds, _, parsed = real
    assert list(parsed.texts) == list(ds.documents["document_id"])
    for document in parsed.texts:
        assert "".join(text for _, text in parsed.texts[document]) == ds.text(document)
    assert parsed.nested_in_text == []  # only flat <span class="seg"> inside the text: no interleaving


def test_every_annotation_is_listed_once_and_covers_exactly_its_span(real) -> None:
    ds, _, parsed = real
    data, segs = parsed.data(), segments(parsed)
    for table, id_column in KINDS.items():
        frame = ds.tables[table]
        assert sorted(e[0] for e in data[table]) == sorted(frame[id_column]), table
        assert len(data[table]) == len(frame)
        rows = frame.set_index(id_column)
        for entry in data[table]:
            run = segs[entry[1] : entry[2] + 1]
            row = rows.loc[entry[0]]
            assert {d for d, *_ in run} == {row["document_id"]}
            assert all(a[2] == b[1] for a, b in itertools.pairwise(run)), f"{table} {entry[0]} is not contiguous"
            assert (run[0][1], run[-1][2]) == (row["start"], row["end"])
            assert "".join(t for *_, t in run) == row["exact"] == ds.text(row["document_id"])[row["start"] : row["end"]]
    lengths = ds.claims["end"] - ds.claims["start"]
    assert {e[0]: e[3] for e in data["claims"]} == dict(zip(ds.claims["claim_id"], lengths))
    mentions = dict(zip(ds.mentions["mention_id"], ds.mentions["entity_id"]))
    assert {e[0]: e[3] for e in data["mentions"]} == mentions


def test_each_annotation_begins_once_at_its_start(real) -> None:
    ds, _, parsed = real
    begins = {i: (s, d) for d, s, _, a, _ in segments(parsed) for i in a.get("data-begin", "").split()}
    expected = {}
    for table, id_column in KINDS.items():
        frame = ds.tables[table]
        expected.update({i: (s, d) for i, s, d in zip(frame[id_column], frame["start"], frame["document_id"])})
    tokens = [i for *_, a, _ in segments(parsed) for i in a.get("data-begin", "").split()]
    assert len(tokens) == len(expected) == sum(len(ds.tables[t]) for t in KINDS)
    assert begins == expected


def test_segments_are_maximal_and_their_classes_match_their_cover(real) -> None:
    _, _, parsed = real
    cover = covering(parsed)
    previous = None
    for (_, _, _, attrs, text), here in zip(segments(parsed), cover):
        classes = attrs["class"].split()
        assert text != "" and any(here.values()), "a <span class=seg> that nothing covers"
        assert here != previous, "two neighbouring segments carry the same annotations"
        previous = here
        claims = len(here["claims"])
        assert attrs.get("data-depth") == (str(min(claims, 3)) if claims else None)
        assert ("k" in classes) == bool(claims)
        assert ("q" in classes) == bool(here["quotes"]) and ("c" in classes) == bool(here["citations"])
        assert ("m" in classes) == bool(here["mentions"])
        lanes = [c for c in classes if re.fullmatch(r"l[0-2]-\w+", c)]
        assert 1 <= len(lanes) <= 3 if here["mentions"] else lanes == []
        assert len({c[:2] for c in lanes}) == len(lanes), "one colour per lane"
    plain = [t for _, _, _, a, t in chunks(parsed) if a is None]
    assert all(plain), "uncovered text is emitted as it is"


def test_quotes_show_their_speaker(real) -> None:
    ds, _, parsed = real
    names = dict(zip(ds.entities["entity_id"], ds.entities["name"]))
    speakers = {a["data-begin"]: a["data-speaker"] for *_, a, _ in segments(parsed) if "data-speaker" in a}
    assert len(speakers) == len(ds.quotes)
    for row in ds.quotes.itertuples():
        label = next(v for k, v in speakers.items() if row.quote_id in k.split())
        speaker = row.speaker_entity_id
        assert (names[speaker] if isinstance(speaker, str) else "speaker not identified") in label
        assert ("scare" in label) == (row.kind == "scare")


def test_mentions_carry_their_colour_at_their_start(real) -> None:
    ds, _, parsed = real
    types = dict(zip(ds.entities["entity_id"], ds.entities["type"].astype(str)))
    for row in ds.mentions.itertuples():
        first = next(
            a for _, s, _, a, _ in segments(parsed) if s == row.start and row.mention_id in a.get("data-begin", "")
        )
        assert re.search(rf"\bl[0-2]-{types[row.entity_id]}\b", first["class"])
    assert parsed.data()["entities"] == {
        e: [n, t if t in ENTITY_COLOURS else "other"]
        for e, n, t in zip(ds.entities["entity_id"], ds.entities["name"], types.values())
    }


# --- the rest of the page ----------------------------------------------------


def test_header_list_and_panel_counts_equal_table_rows(real) -> None:
    ds, page, parsed = real
    for ident, table in [
        ("n-claims", "claims"),
        ("n-mentions", "mentions"),
        ("n-quotes", "quotes"),
        ("n-citations", "citations"),
        ("n-entities", "entities"),
    ]:
        assert re.search(rf'id="{ident}">{len(ds.tables[table])}<', page)
    buttons = [a for t, a in parsed.tags if t == "button" and "data-claim" in a]
    details = [a for t, a in parsed.tags if "data-claim-detail" in a]
    assert (
        [b["data-claim"] for b in buttons] == [d["data-claim-detail"] for d in details] == list(ds.claims["claim_id"])
    )
    involved = ds.claim_entities.groupby("claim_id")["entity_id"].apply(set).to_dict()
    for button in buttons:
        assert set(button["data-entities"].split()) == involved.get(button["data-claim"], set())
    assert f'<span id="version">{ds.version}</span>' in page
    assert ds.documents["title"].iloc[0] in page
    assert ds.cite() in html.unescape(page)


def test_no_external_resources_and_csp_hashes_match(real) -> None:
    _, _, parsed = real
    assert not [a for _, a in parsed.tags if "src" in a or "href" in a]
    scripts = [a for t, a in parsed.tags if t == "script"]
    assert len(scripts) == 2 and [a.get("type") for a in scripts] == ["application/json", None]
    (style,), (script,) = parsed.code("style"), parsed.code("script")
    for token in ("url(", "@import", "@font-face", "http://", "https://"):
        assert token not in style
    for token in ("fetch(", "XMLHttpRequest", "innerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert token not in script
    csp = next(a["content"] for t, a in parsed.tags if a.get("http-equiv") == "Content-Security-Policy")
    assert csp.startswith("default-src 'none';") and "base-uri 'none'" in csp and "form-action 'none'" in csp
    for kind, code in (("style", style), ("script", script)):
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert f"{kind}-src 'sha256-{digest}';" in csp


def details_of(page: str) -> list[str]:
    """The unescaped text of each claim's side-panel section, in order."""
    parts = page.split('data-claim-detail="')[1:]
    return [html.unescape(re.sub(r"<[^>]+>", "", part.split("</div>")[0])) for part in parts]


def test_provenance_and_citations_come_from_cite(real) -> None:
    ds, page, _ = real
    details = details_of(page)
    assert len(details) == len(ds.claims)
    for claim, detail in zip(ds.claims.itertuples(), details):
        assert detail.startswith(claim.claim_id) and "Provenance" in detail
        assert ds.cite_claim(claim.claim_id) in detail
    # CL-0034's citation gives month and day only: the year is shown as inferred, never as fact.
    detail = details[list(ds.claims["claim_id"]).index("CL-0034")]
    assert "ITAR-TASS, 6 October 2007 (year inferred)" in detail
    assert (
        "2007-10-06 (cited as" not in detail
        and "CT-0003 (Itar-Tass, October 6): ITAR-TASS, 6 October 2007 (year inferred)" in detail
    )


def test_the_panel_shows_every_claim_column_of_the_schema(real) -> None:
    ds, page, _ = real
    titles = {f["name"]: f["title"] for f in ds.schemas["claims"]["fields"]}
    shown_elsewhere = {"claim_id", "document_id", "start", "end", "exact", "statement"}  # the span and its heading
    assert set(titles) - shown_elsewhere >= {"claim_type", "cue", "cue_start", "source_mention_id", "notes"}
    seen = set()
    for claim, detail in zip(ds.claims.to_dict("records"), details_of(page), strict=True):
        for column, title in titles.items():
            if column in shown_elsewhere or pd.isna(claim[column]):
                continue  # an empty cell (None, NA or NaN) gets no row
            assert title in detail, (claim["claim_id"], column)
            seen.add(column)
            if column in ("claim_type", "attribution", "certainty", "polarity", "cue", "notes"):
                assert f"{title}{claim[column]}" in detail  # plain values are shown as they are
    assert seen == set(titles) - shown_elsewhere  # every column is filled somewhere, so each was checked


# --- hostile data is text ------------------------------------------------------

SCRIPT_BREAKERS = "</script><script>alert(1)</script><!-- <SCRIPT>\u2028\u2029&amp; </ScRiPt >"


def test_hostile_values_are_escaped_in_html(package: Path) -> None:
    statement = '</p><script>alert("x")</script>{{ 7*7 }}'
    name = '"><img src=x onerror=alert(1)> & Co'
    edit_cell(package, "claims", 2, "statement", statement, rehash=False)
    speaker_row = [r[0] for r in read_rows(package / "data" / "entities.csv")].index("kurmanbek-bakiyev") + 1
    edit_cell(package, "entities", speaker_row, "name", name)  # a quote's speaker
    ds = csto_annotations.load(package)
    page = render_page(ds)
    parsed = parse(page)
    assert [t for t, _ in parsed.tags].count("script") == 2  # the data block and the viewer's own code
    assert "img" not in [t for t, _ in parsed.tags]
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;{{ 7*7 }}" in page and ">49<" not in page
    assert name in [a["data-speaker"] for _, a in parsed.tags if "data-speaker" in a]
    assert parsed.data()["entities"]["kurmanbek-bakiyev"][0] == name


def test_json_data_block_cannot_be_closed_or_commented_by_a_value(package: Path) -> None:
    row = [r[0] for r in read_rows(package / "data" / "entities.csv")].index("csto") + 1
    edit_cell(package, "entities", row, "name", SCRIPT_BREAKERS)
    ds = csto_annotations.load(package)
    page = render_page(ds)
    parsed = parse(page)
    assert [t for t, _ in parsed.tags].count("script") == 2
    block = next(text for attrs, text in parsed.raw if attrs.get("type") == "application/json")
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in block
    assert parsed.data()["entities"]["csto"][0] == SCRIPT_BREAKERS  # the value survives, as text
    start = page.index('<script type="application/json"')
    assert page.index("</script>", start) == start + len('<script type="application/json" id="viewer-data">') + len(
        block
    )


def test_script_json_escapes_exactly_the_dangerous_characters() -> None:
    value = {"a": SCRIPT_BREAKERS, "b": "Ünïcödé ‹›"}
    text = _render.script_json(value)
    assert json.loads(text) == value
    assert "Ünïcödé ‹›" in text, "other characters stay readable"
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}


def test_out_of_range_offsets_fail_clearly(package: Path) -> None:
    edit_cell(package, "claims", 3, "end", "99999")
    # the engine refuses the package before any page is rendered, naming the table, row, column and value
    with pytest.raises(csto_annotations.ValidationFailed, match=r"claims row 3 column end: .*99999"):
        csto_annotations.load(package)


def test_missing_tables_fail_clearly(package: Path) -> None:
    ds = csto_annotations.load(package, tables=["documents", "claims"])
    with pytest.raises(DatasetError, match=r"tables=None") as caught:
        render_page(ds)
    assert "mentions" in str(caught.value) and "entities" in str(caught.value)


def test_missing_jinja2_names_the_extra_and_the_checkout_command() -> None:
    code = (
        "import sys; sys.modules['jinja2'] = None\n"  # an import of jinja2 now raises ImportError
        "import csto_annotations\n"
        "from csto_annotations._view import render_page\n"
        "from csto_annotations._base._errors import OptionalDependencyError\n"
        "try:\n    render_page(csto_annotations.load())\n"
        "except OptionalDependencyError as error:\n    print(error)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert 'pip install -e ".[view]"' in result.stdout and "Jinja2" in result.stdout
    assert "csto-annotations[" not in result.stdout
    assert issubclass(OptionalDependencyError, ImportError)


# --- size limit and writing -----------------------------------------------------


def test_size_check_at_the_limit_and_one_byte_over(real) -> None:
    _, page, _ = real
    size = len(page.encode("utf-8"))
    assert _render.check_size(page, size) == page.encode("utf-8")
    with pytest.raises(LimitError, match=rf"{size} bytes, more than the limit of {size - 1}"):
        _render.check_size(page, size - 1)


def test_a_page_over_max_viewer_bytes_is_refused_before_writing(real, tmp_path: Path, monkeypatch) -> None:
    ds, page, _ = real
    size = len(page.encode("utf-8"))
    out = tmp_path / "v.html"
    monkeypatch.setattr(_limits, "MAX_VIEWER_BYTES", size)
    assert write_page(ds, out).read_text("utf-8") == page
    out.unlink()
    monkeypatch.setattr(_limits, "MAX_VIEWER_BYTES", size - 1)
    with pytest.raises(LimitError, match="MAX_VIEWER_BYTES"):
        write_page(ds, out)
    assert list(tmp_path.iterdir()) == []  # nothing written, no temporary file left


def test_write_page_writes_atomically_and_checks_the_directory(real, tmp_path: Path) -> None:
    ds, page, _ = real
    out = write_page(ds, tmp_path / "v.html")
    assert out == tmp_path / "v.html" and out.read_text("utf-8") == page
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.html"]
    with pytest.raises(DatasetError, match="does not exist"):
        write_page(ds, tmp_path / "missing" / "v.html")


def test_page_is_deterministic(real) -> None:
    ds, page, _ = real
    assert render_page(ds) == page


# --- colours -------------------------------------------------------------------------


def luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of ``#rrggbb``."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    hi, lo = sorted([luminance(a), luminance(b)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula_matches_known_values() -> None:
    assert round(contrast("#000000", "#ffffff"), 2) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54  # the classic AA-passing grey


# The (text colour, background) pairs the page's CSS uses for text.
TEXT_PAIRS: list[tuple[str, str]] = [
    ("ink", "paper"),
    ("muted", "paper"),
    ("ink", "chrome"),
    ("muted", "chrome"),
    ("ink", "claim-1"),
    ("ink", "claim-2"),
    ("ink", "claim-3"),
    ("ink", "selected"),
    ("focus-ent-ink", "focus-ent"),
    ("pressed-ink", "pressed"),
    ("quote-badge-ink", "quote-badge"),
    ("citation", "paper"),
]

# Backgrounds a mention underline can be drawn on.
MENTION_BACKGROUNDS = ("paper", "claim-1", "claim-2", "claim-3", "selected")


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
