"""The citations rendered by real processors in Python: pybtex (BibTeX styles) and citeproc-py (CSL styles).

Each BibTeX style must print the version, and print each title once. The
expected references are written out in full: they are what a reader sees.
pandoc and citeproc-js are tested in ``test_citeproc_styles.py``.
"""

from __future__ import annotations

import json
import warnings

import pytest
from citehelpers import ARTICLE_TITLE, ARTICLE_URL, DESCRIPTOR, TITLE, VERSION, count, style_path
from test_citeproc_styles import APA, APSA, CHICAGO, CSL_DATASET, CSL_DATASET_IN_TITLE, HARVARD, MLA

from csto_annotations._cite import cite

# --- pybtex ----------------------------------------------------------------------------------

PYBTEX_DATASET = f"csto-annotations project. {TITLE}. Data set, version {VERSION}, 2026."
PYBTEX_ARTICLE = f"{ARTICLE_TITLE}. Eurasia Daily Monitor 4(191), The Jamestown Foundation, 2007. URL: {ARTICLE_URL}."


def pybtex_render(style_name: str) -> list[tuple[str, str]]:
    """(label, text) of each entry of ``cite --format bibtex``, formatted by pybtex's ``style_name``."""
    from pybtex.database import parse_string
    from pybtex.plugin import find_plugin

    style = find_plugin("pybtex.style.formatting", style_name)()
    entries = style.format_bibliography(parse_string(cite(DESCRIPTOR, "bibtex"), "bibtex")).entries
    return [(e.label, e.text.render_as("text")) for e in entries]


@pytest.mark.parametrize("style_name", ["plain", "unsrt", "alpha", "unsrtalpha"])
def test_pybtex_styles_print_the_version_and_each_title_once(style_name: str) -> None:
    rendered = pybtex_render(style_name)
    texts = sorted(text for _, text in rendered)
    assert texts == sorted([PYBTEX_DATASET, PYBTEX_ARTICLE])
    whole = "\n".join(texts)
    assert count(whole, f"version {VERSION}") == 1
    assert count(whole, TITLE) == 1 and count(whole, ARTICLE_TITLE) == 1


def test_pybtex_alpha_labels_the_unsigned_article_by_its_periodical() -> None:
    labels = dict((text, label) for label, text in pybtex_render("alpha"))
    assert labels[PYBTEX_ARTICLE] == "Eur07"


# --- CSL: citeproc-py ------------------------------------------------------------------------
# pandoc and citeproc-js are in test_citeproc_styles.py, with the expected references.

CSL_STYLES = [APA, APSA, CHICAGO, HARVARD, MLA]


def citeproc_py_render(style_name: str, format: str = "csl-json") -> dict[str, str]:
    """Item ID → bibliography entry of ``cite --format format`` (CSL-JSON), by citeproc-py in ``style_name``."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = json.loads(cite(DESCRIPTOR, format))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL features it does not implement
        style = CitationStylesStyle(style_path(style_name), validate=False)
        bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        entries = bibliography.bibliography()  # sorts the keys into the style's order first
        return {str(key): str(entry) for key, entry in zip(bibliography.keys, entries, strict=True)}


def straight(text: str) -> str:
    """Curly quotes as pandoc places them (inside the period) compared with citeproc-py's (outside)."""
    return text.replace("”.", ".”").replace("”,", ",”")


@pytest.mark.parametrize("style_name", CSL_STYLES)
def test_citeproc_py_prints_the_dataset_as_pandoc_does(style_name: str) -> None:
    dataset = citeproc_py_render(style_name)[f"csto-annotations-{VERSION}"]
    assert straight(dataset) == CSL_DATASET[style_name]
    assert count(dataset, TITLE) == 1 and count(dataset, VERSION) == (0 if style_name in (APSA, HARVARD) else 1)


@pytest.mark.parametrize("style_name", CSL_STYLES)
def test_citeproc_py_prints_the_version_in_title_format_as_pandoc_does(style_name: str) -> None:
    dataset = citeproc_py_render(style_name, "csl-json-version-in-title")[f"csto-annotations-{VERSION}"]
    assert straight(dataset) == CSL_DATASET_IN_TITLE[style_name]
    assert count(dataset, TITLE) == 1 and count(dataset, VERSION) == 1


#: How each style names the article's periodical, volume and issue.
PERIODICAL = {
    APA: "Eurasia Daily Monitor, 4(191)",
    APSA: "Eurasia Daily Monitor 4(191)",
    CHICAGO: "Eurasia Daily Monitor 4 (191)",
    HARVARD: "Eurasia Daily Monitor, 4(191)",
    MLA: "Eurasia Daily Monitor, vol. 4, no. 191",
}


@pytest.mark.parametrize("style_name", CSL_STYLES)
def test_citeproc_py_prints_the_article_with_its_periodical_and_issue(style_name: str) -> None:
    # citeproc-py 0.11.1 does not suppress a title it substituted for the missing author through a
    # macro (CSL 1.0.2, cs:substitute), so APA, APSA, Chicago and MLA repeat the article's title there
    # (and Harvard its periodical); no author-less record avoids that. pandoc and citeproc-js print
    # the title once (test_citeproc_styles.py).
    article = citeproc_py_render(style_name)["edm-4-191"]
    assert ARTICLE_TITLE in article and ARTICLE_URL in article and "2007" in article
    assert PERIODICAL[style_name] in article and VERSION not in article
    assert count(article, ARTICLE_TITLE) == (1 if style_name == HARVARD else 2)  # citeproc-py's bug, above
