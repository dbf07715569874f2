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
from csto_annotations._base._atomic import atomic_write_bytes
from csto_annotations.viewer import write_view
from helpers import REPO

pytestmark = pytest.mark.browser

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SCREENSHOT = REPO / "docs" / "viewer.png"
VIEWPORT = {"width": 1400, "height": 1000}
KINDS = {"claims": ("claim_id", "claims"), "quotes": ("quote_id", "quotes"),
         "citations": ("citation_id", "citations"), "mentions": ("mention_id", "mentions")}


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
    root = tmp_path_factory.mktemp("real") / "pkg"
    root.mkdir()
    shutil.copy(REPO / "datapackage.json", root / "datapackage.json")
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "schemas", root / "schemas")
    ds = csto_annotations.load(root)
    return ds, write_view(ds, root.parent / "view.html")


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """One headless Chromium with a fresh profile directory."""
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # launch_persistent_context owns --user-data-dir: a fresh directory per run.
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("profile")), executable_path=executable, headless=True, args=ARGS,
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
        self.page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
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
    return page.eval_on_selector_all(".claim-item", "bs => bs.filter(b => b.getClientRects().length).map(b => b.dataset.claim)")


def selected_text(page) -> str:
    return page.eval_on_selector_all(".seg.sel", "ss => ss.map(s => s.textContent).join('')")


# --- counts and text -------------------------------------------------------------------


def test_dom_counts_equal_table_rows(watched, real) -> None:
    ds, _ = real
    page = watched.page
    for table, (id_column, attribute) in KINDS.items():
        ids = page.eval_on_selector_all(
            f".text .seg[data-{attribute}]", f"ss => [...new Set(ss.flatMap(s => s.dataset.{attribute}.split(' ')))]")
        assert sorted(ids) == sorted(ds.tables[table][id_column]), table
    begins = page.eval_on_selector_all(".text .seg[data-begin]", "ss => ss.flatMap(s => s.dataset.begin.split(' '))")
    assert len(begins) == len(set(begins)) == sum(len(ds.tables[t]) for t in KINDS)
    assert page.locator(".claim-item").count() == len(ds.claims) == len(visible_claims(page))
    assert page.locator(".entity").count() == len(ds.entities)
    for ident, table in [("n-claims", "claims"), ("n-mentions", "mentions"), ("n-quotes", "quotes"),
                         ("n-citations", "citations"), ("n-entities", "entities")]:
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
    assert detail.locator(".source").text_content() == source
    assert claim["claim_type"] in detail.text_content() and claim["certainty"] in detail.text_content()
    assert selected_text(page) == claim["exact"]
    assert page.get_attribute(f'.claim-item[data-claim="{claim_id}"]', "aria-pressed") == "true"


def test_clicking_text_selects_the_innermost_claim_there(watched, real) -> None:
    ds, _ = real
    claims = ds.claims.assign(length=ds.claims["end"] - ds.claims["start"])
    # a claim that starts strictly inside another claim: its first segment is covered by both
    inner = next(c for c in claims.itertuples() if ((claims["start"] < c.start) & (claims["end"] >= c.end)).any()
                 and not ((claims["start"] <= c.start) & (claims["end"] > c.start) & (claims["length"] < c.length)).any())
    segment = watched.page.locator(f'.seg[data-begin~="{inner.claim_id}"]')
    segment.click()
    assert watched.page.locator(f'.detail[data-claim-detail="{inner.claim_id}"]').is_visible()
    segment.click()  # a second click moves out to an enclosing claim
    outer = watched.page.eval_on_selector(".claim-item[aria-pressed=true]", "b => b.dataset.claim")
    row = claims.set_index("claim_id").loc[outer]
    assert outer != inner.claim_id and row["start"] <= inner.start < row["end"]


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
        highlighted = page.eval_on_selector_all(".seg[data-depth]", "ss => [...new Set(ss.flatMap(s => s.dataset.claims.split(' ')))]")
        assert set(expected) <= set(highlighted)  # the shown claims stay highlighted in the text...
        lit = page.eval_on_selector_all(".seg[data-claims]", "ss => ss.filter(s => s.dataset.depth).map(s => s.dataset.claims)")
        assert all(set(c.split()) & set(expected) for c in lit)  # ...and only segments of shown claims are lit
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
    lit = page.eval_on_selector_all(".seg.ent-focus", "ss => ss.map(s => s.dataset.mentions.split(' '))")
    mentions = ds.mentions.set_index("mention_id")["entity_id"]
    assert all(any(mentions[m] == entity for m in group) for group in lit)
    covered = {m for group in lit for m in group if mentions[m] == entity}
    assert covered == set(ds.mentions.loc[ds.mentions["entity_id"] == entity, "mention_id"])
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
    page.locator(".text .seg[data-claims]").first.click()
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
