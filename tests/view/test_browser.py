"""The viewer in headless Chromium: what the rendered DOM shows, and a screenshot.

Skipped when Chromium is missing, unless ``CI=true``: then a missing browser
fails the run.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import csto_annotations
from csto_annotations._atomic import atomic_write_bytes
from csto_annotations._view import write_page
from helpers import REPO, copy_real_package

pytestmark = pytest.mark.browser

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT = REPO / "docs" / "viewer.png"
VIEWPORT = {"width": 1400, "height": 1000}
KINDS = {"claims": "claim_id", "quotes": "quote_id", "citations": "citation_id", "mentions": "mention_id"}


def chromium_path() -> str:
    """Debian's Chromium, or skip (fail in CI) with the reason."""
    found = "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else shutil.which("chromium")
    if found:
        return found
    reason = "Chromium is not installed (/usr/bin/chromium, or chromium on PATH); install Debian's chromium to run the browser tests"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory):
    """The real dataset (a private copy) and its page on disk."""
    root = copy_real_package(tmp_path_factory.mktemp("real") / "pkg")
    ds = csto_annotations.load(root)
    return ds, write_page(ds, root.parent / "view.html")


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """One headless Chromium with a fresh profile directory."""
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # launch_persistent_context owns --user-data-dir: a fresh directory per run.
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("profile")),
            executable_path=executable,
            headless=True,
            args=ARGS,
            viewport=VIEWPORT,
        )
        yield context
        context.close()


class Watched:
    """A page with its console errors, page errors and requests recorded."""

    def __init__(self, context, url: str) -> None:
        self.page = context.new_page()
        self.page.set_default_timeout(10_000)
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on(
            "console",
            lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None,
        )
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(url)
        self.page.wait_for_selector("html[data-ready=true]")


@pytest.fixture()
def watched(browser_context, real) -> Iterator[Watched]:
    view = Watched(browser_context, real[1].as_uri())
    yield view
    view.page.close()


def visible_claims(page) -> list[str]:
    return page.eval_on_selector_all(
        ".claim-item", "bs => bs.filter(b => b.getClientRects().length).map(b => b.dataset.claim)"
    )


def selected_text(page) -> str:
    return page.eval_on_selector_all(".seg.sel", "ss => ss.map(s => s.textContent).join('')")


# --- counts and text -------------------------------------------------------------------


def page_data(page) -> dict:
    """The page's JSON data block, as the page's script reads it."""
    return page.evaluate("JSON.parse(document.getElementById('viewer-data').textContent)")


def covered_by(page, ranges: list[list]) -> set[int]:
    """Numbers of the segments that any of ``ranges`` ([id, first, last, ...]) covers."""
    return {i for entry in ranges for i in range(entry[1], entry[2] + 1)}


def lit(page, selector: str) -> set[int]:
    """Numbers of the segments (in page order) that match ``selector``."""
    return set(
        page.eval_on_selector_all(".text .seg", f"ss => ss.flatMap((s, i) => s.matches({selector!r}) ? [i] : [])")
    )


def test_dom_counts_equal_table_rows(watched, real) -> None:
    ds, _ = real
    page = watched.page
    data = page_data(page)
    texts = page.eval_on_selector_all(".text .seg", "ss => ss.map(s => s.textContent)")
    for table, id_column in KINDS.items():
        frame = ds.tables[table].set_index(id_column)
        assert sorted(e[0] for e in data[table]) == sorted(frame.index), table
        for entry in data[table]:  # each extent, as rendered, is exactly the annotation's text
            assert "".join(texts[entry[1] : entry[2] + 1]) == frame.loc[entry[0], "exact"], entry[0]
    begins = page.eval_on_selector_all(".text .seg[data-begin]", "ss => ss.flatMap(s => s.dataset.begin.split(' '))")
    assert len(begins) == len(set(begins)) == sum(len(ds.tables[t]) for t in KINDS)
    assert page.locator(".claim-item").count() == len(ds.claims) == len(visible_claims(page))
    assert page.locator(".entity").count() == len(ds.entities)
    for ident, table in [
        ("n-claims", "claims"),
        ("n-mentions", "mentions"),
        ("n-quotes", "quotes"),
        ("n-citations", "citations"),
        ("n-entities", "entities"),
    ]:
        assert page.text_content(f"#{ident}") == str(len(ds.tables[table]))
    # every quote's speaker badge is drawn (a ::before pseudo-element, so not part of the text)
    badges = page.eval_on_selector_all(".seg.q-start", "ss => ss.map(s => getComputedStyle(s, '::before').content)")
    assert len(badges) == len(ds.quotes) and all(b not in ("none", "normal", '""') for b in badges)


def test_visible_article_text_is_the_source_text(watched, real) -> None:
    ds, _ = real
    for document in ds.documents["document_id"]:
        container = watched.page.locator(f'.text[data-document-text="{document}"]')
        assert container.text_content() == ds.text(document)
        assert container.evaluate("e => e.innerText") == ds.text(document)  # what is rendered, paragraphs included
    blank_lines = ds.text(ds.documents["document_id"].iloc[0]).count("\n\n")
    assert blank_lines > 0  # paragraphs exist, and pre-wrap keeps them apart:
    assert watched.page.locator(".text").first.evaluate("e => getComputedStyle(e).whiteSpace") == "pre-wrap"


# --- interaction -----------------------------------------------------------------------


def known_claim(ds) -> str:
    """CL-0034 (a quoted, cited claim) when present, else the first quoted claim."""
    quoted = ds.claims[(ds.claims["attribution"] == "quoted") & ds.claims["source_entity_id"].notna()]
    return "CL-0034" if "CL-0034" in set(quoted["claim_id"]) else quoted["claim_id"].iloc[0]


def test_clicking_a_claim_shows_it_in_the_panel(watched, real) -> None:
    ds, _ = real
    page = watched.page
    claim_id = known_claim(ds)
    claim = ds.claims.set_index("claim_id").loc[claim_id]
    source = ds.entities.set_index("entity_id").loc[claim["source_entity_id"], "name"]
    page.click(f'.claim-item[data-claim="{claim_id}"]')
    detail = page.locator(f'.detail[data-claim-detail="{claim_id}"]')
    assert detail.is_visible() and page.locator(".detail:visible").count() == 1
    assert detail.locator(".statement").text_content() == claim["statement"]
    assert detail.locator(".f-source_entity_id").text_content() == source
    assert claim["claim_type"] in detail.text_content() and claim["certainty"] in detail.text_content()
    assert selected_text(page) == claim["exact"]
    assert page.get_attribute(f'.claim-item[data-claim="{claim_id}"]', "aria-pressed") == "true"


def test_clicking_text_selects_the_innermost_claim_there(watched, real) -> None:
    ds, _ = real
    claims = ds.claims.assign(length=ds.claims["end"] - ds.claims["start"])
    # a claim that starts strictly inside another claim: its first segment is covered by both
    inner = next(
        c
        for c in claims.itertuples()
        if ((claims["start"] < c.start) & (claims["end"] >= c.end)).any()
        and not ((claims["start"] <= c.start) & (claims["end"] > c.start) & (claims["length"] < c.length)).any()
    )
    segment = watched.page.locator(f'.seg[data-begin~="{inner.claim_id}"]')
    segment.click()
    assert watched.page.locator(f'.detail[data-claim-detail="{inner.claim_id}"]').is_visible()
    segment.click()  # a second click moves out to an enclosing claim
    outer = watched.page.eval_on_selector(".claim-item[aria-pressed=true]", "b => b.dataset.claim")
    row = claims.set_index("claim_id").loc[outer]
    assert outer != inner.claim_id and row["start"] <= inner.start < row["end"]
    assert selected_text(watched.page) == row["exact"]


def test_selecting_each_claim_highlights_exactly_its_text(watched, real) -> None:
    ds, _ = real
    page = watched.page
    for claim in ds.claims.itertuples():
        page.click(f'.claim-item[data-claim="{claim.claim_id}"]')
        assert selected_text(page) == claim.exact, claim.claim_id


def test_hovering_names_what_covers_the_text(watched, real) -> None:
    ds, _ = real
    page = watched.page
    claim_id = known_claim(ds)
    claim = ds.claims.set_index("claim_id").loc[claim_id]
    quote = ds.quotes.set_index("quote_id").loc[claim["quote_id"]]
    speaker = ds.entities.set_index("entity_id").loc[quote["speaker_entity_id"], "name"]
    segment = page.locator(f'.seg[data-begin~="{claim["quote_id"]}"]')
    assert segment.get_attribute("title") is None  # worked out on hover, not carried by the page
    segment.hover()
    title = segment.get_attribute("title")
    assert f"{claim['quote_id']}: {quote['kind']} quote by {speaker}" in title
    covering = ds.claims[(ds.claims["start"] <= quote["start"]) & (ds.claims["end"] > quote["start"])]
    assert f"{len(covering)} claim(s): " in title and all(c in title for c in covering["claim_id"])


def test_claims_are_keyboard_reachable(watched, real) -> None:
    ds, _ = real
    page = watched.page
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('claim-item')"):
            break
    claim_id = page.evaluate("document.activeElement.dataset.claim")
    assert claim_id == ds.claims["claim_id"].iloc[0]
    page.keyboard.press("Enter")
    assert page.locator(f'.detail[data-claim-detail="{claim_id}"]').is_visible()
    page.keyboard.press("Escape")
    assert page.locator(".detail:visible").count() == 0 and page.locator("#panel-empty").is_visible()


@pytest.mark.parametrize("column", ["claim_type", "attribution", "certainty"])
def test_filters_hide_exactly_the_other_claims(watched, real, column: str) -> None:
    ds, _ = real
    page = watched.page
    for value in ds.claims[column].cat.categories:
        page.select_option(f"#f-{column}", str(value))
        expected = list(ds.claims.loc[ds.claims[column] == value, "claim_id"])
        assert visible_claims(page) == expected, value
        assert page.text_content("#shown") == f"{len(expected)} of {len(ds.claims)} claims shown"
        shown = [e for e in page_data(page)["claims"] if e[0] in expected]
        assert lit(page, "[data-depth]") == covered_by(page, shown)  # exactly the shown claims are tinted
        depths = page.eval_on_selector_all(".text .seg", "ss => ss.map(s => Number(s.dataset.depth || 0))")
        assert depths == [min(sum(e[1] <= i <= e[2] for e in shown), 3) for i in range(len(depths))]
    page.click("#reset")
    assert visible_claims(page) == list(ds.claims["claim_id"])


def test_clicking_an_entity_highlights_its_mentions_and_claims(watched, real) -> None:
    ds, _ = real
    page = watched.page
    entity = ds.claim_entities["entity_id"].value_counts().index[0]
    page.click(f'.entity[data-entity="{entity}"]')
    involved = set(ds.claim_entities.loc[ds.claim_entities["entity_id"] == entity, "claim_id"])
    assert visible_claims(page) == [c for c in ds.claims["claim_id"] if c in involved]
    assert page.input_value("#f-entity") == entity
    own = set(ds.mentions.loc[ds.mentions["entity_id"] == entity, "mention_id"])
    extents = [e for e in page_data(page)["mentions"] if e[0] in own]
    assert len(extents) == len(own) > 0
    assert lit(page, ".ent-focus") == covered_by(page, extents)
    page.click(f'.entity[data-entity="{entity}"]')  # a second click clears it
    assert page.locator(".seg.ent-focus").count() == 0 and len(visible_claims(page)) == len(ds.claims)


def test_no_console_errors_and_no_network_requests(watched, real) -> None:
    ds, path = real
    page = watched.page
    for claim_id in ds.claims["claim_id"]:
        page.click(f'.claim-item[data-claim="{claim_id}"]')
    for entity in ds.entities["entity_id"][:10]:
        page.click(f'.entity[data-entity="{entity}"]')
    page.click("#reset")
    page.click(f'.claim-item[data-claim="{ds.claim_entities["claim_id"].iloc[0]}"]')
    page.click(".detail:visible .entity-link >> nth=0")
    page.locator(".text .seg.k").first.click()
    page.locator(".text .seg.m").first.hover()
    assert watched.errors == []
    assert watched.requests == [path.as_uri()]


# --- accessibility ---------------------------------------------------------------------

COLOUR_PAIRS_JS = """
() => {
  const parse = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const background = el => {
    for (let e = el; e; e = e.parentElement) {
      const [r, g, b, a] = parse(getComputedStyle(e).backgroundColor);
      if (a === undefined || a > 0) return [r, g, b];
    }
    return [255, 255, 255];
  };
  const out = [];
  const visible = el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden';
  for (const el of document.querySelectorAll('body *')) {
    if (!visible(el)) continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (own) out.push({what: el.tagName + '.' + el.className, fg: parse(getComputedStyle(el).color), bg: background(el)});
    const before = getComputedStyle(el, '::before');
    if (before.content && !['none', 'normal', '""'].includes(before.content)) {
      const [r, g, b, a] = parse(before.backgroundColor);
      out.push({what: el.className + '::before', fg: parse(before.color), bg: a === 0 ? background(el) : [r, g, b]});
    }
  }
  return out;
}
"""


def luminance(rgb: list[float]) -> float:
    channels = [c / 255 for c in rgb[:3]]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: list[float], b: list[float]) -> float:
    hi, lo = sorted([luminance(a), luminance(b)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_every_rendered_text_colour_pair_reaches_aa(watched, real) -> None:
    ds, _ = real
    page = watched.page
    pairs = page.evaluate(COLOUR_PAIRS_JS)
    page.click(f'.claim-item[data-claim="{known_claim(ds)}"]')  # selected claim, pressed button, panel
    pairs += page.evaluate(COLOUR_PAIRS_JS)
    page.click(f'.entity[data-entity="{ds.claim_entities["entity_id"].iloc[0]}"]')  # focused entity
    pairs += page.evaluate(COLOUR_PAIRS_JS)
    assert len(pairs) > 500
    low = {(p["what"], tuple(p["fg"]), tuple(p["bg"])) for p in pairs if contrast(p["fg"], p["bg"]) < 4.5}
    assert low == set()


def test_axe_core_finds_no_violations(watched, real) -> None:
    try:
        import axe_playwright_python  # ships axe-core's axe.min.js
    except ImportError:
        pytest.fail("axe-playwright-python is missing; install the test extras: pip install -e '.[test]'")
    ds, path = real
    page = watched.page
    page.click(f'.claim-item[data-claim="{known_claim(ds)}"]')
    page.evaluate((Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text("utf-8"))
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
    results = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags)
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in results["violations"]] == []
    assert len(results["passes"]) > 10
    assert watched.requests == [path.as_uri()]


# --- the screenshot ----------------------------------------------------------------------


def test_screenshot_with_a_claim_selected(watched, real) -> None:
    ds, _ = real
    page = watched.page
    claim_id = known_claim(ds)
    page.click(f'.claim-item[data-claim="{claim_id}"]')
    page.locator(f'.claim-item[data-claim="{claim_id}"]').evaluate("b => b.scrollIntoView({block: 'center'})")
    png = page.screenshot(full_page=False)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (VIEWPORT["width"], VIEWPORT["height"])
    atomic_write_bytes(SCREENSHOT, png)
    assert re.search(rb"IEND", SCREENSHOT.read_bytes()[-12:])


# --- deeply nested annotations ------------------------------------------------------------


@pytest.fixture(scope="module")
def nested(tmp_path_factory: pytest.TempPathFactory):
    """A page whose only annotations are 200 nested claims and 200 nested mentions."""
    from csto_annotations import build  # re-measures the descriptor's hashes after the edit
    from helpers import read_rows, write_rows

    from .test_linear_size import ANNOTATIONS, nested_rows

    root = copy_real_package(tmp_path_factory.mktemp("nested") / "pkg")
    document = read_rows(root / "data" / "documents.csv")[1][0]
    text = csto_annotations.load(root, tables=["documents"]).text(document)
    for table in ANNOTATIONS:
        path = root / "data" / f"{table}.csv"
        header = read_rows(path)[0]
        rows = nested_rows(table, header, text, document, 200) if table in ("claims", "mentions") else []
        write_rows(path, [header, *rows])
    build(root)
    ds = csto_annotations.load(root, verify="hashes")  # a synthetic page input: the codebook rules do not apply
    ds.checked = True  # its spans are sliced from the text (nested_rows), so the rules the page relies on hold
    return ds, write_page(ds, root.parent / "nested.html")


def test_nested_claims_select_inside_out_and_the_entity_lights_every_mention(browser_context, nested) -> None:
    ds, path = nested
    view = Watched(browser_context, path.as_uri())
    page = view.page
    claims = ds.claims.assign(length=ds.claims["end"] - ds.claims["start"]).sort_values("length")
    innermost = page.locator(".text .seg[data-depth]").nth(199)  # 199 segments lead in to the centre
    innermost.click()
    order = [page.eval_on_selector(".claim-item[aria-pressed=true]", "b => b.dataset.claim")]
    for _ in range(2):
        innermost.click()
        order.append(page.eval_on_selector(".claim-item[aria-pressed=true]", "b => b.dataset.claim"))
    assert order == list(claims["claim_id"][:3])
    assert selected_text(page) == claims["exact"].iloc[2]
    depths = page.eval_on_selector_all(".text .seg", "ss => ss.map(s => Number(s.dataset.depth))")
    assert depths == [min(i + 1, 399 - i, 3) for i in range(399)]
    page.click('.entity[data-entity="csto"]')  # no claim involves it, so every claim is filtered out
    assert page.locator(".seg[data-depth]").count() == 0 and page.text_content("#shown") == "0 of 200 claims shown"
    assert page.locator(".text .seg.ent-focus").count() == page.locator(".text .seg.m").count() > 200
    assert view.errors == [] and view.requests == [path.as_uri()]
    view.page.close()
