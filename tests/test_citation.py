"""Citations of the dataset in every format, checked by real parsers, and per-record provenance."""

from __future__ import annotations

import doctest
import importlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import csto_annotations
from csto_annotations import citation
from csto_annotations._cli import main
from helpers import REPO, read_rows

DESCRIPTOR = json.loads((REPO / "datapackage.json").read_text("utf-8"))
TITLE = DESCRIPTOR["title"]
VERSION = DESCRIPTOR["version"]
YEAR = DESCRIPTOR["created"][:4]
SOURCE_URL = "https://jamestown.org/program/csto-safe-choice-in-central-asia/"
ARTICLE = 'Eurasia Daily Monitor 4(191), "CSTO: Safe Choice in Central Asia" (The Jamestown Foundation, 2007)'


def parse_ris(text: str) -> list[dict[str, list[str]]]:
    """A minimal, independent RIS reader: ``TAG  - value`` lines, records ended by ``ER``."""
    records, current = [], None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            assert current is None, f"blank line inside a record at line {number}"
            continue
        match = re.fullmatch(r"([A-Z][A-Z0-9])  - ?(.*)", line)
        assert match, f"line {number} is not 'TAG  - value': {line!r}"
        tag, value = match.groups()
        if current is None:
            assert tag == "TY", f"a record must start with TY, line {number} starts with {tag}"
            current = {}
        if tag == "ER":
            records.append(current)
            current = None
        else:
            current.setdefault(tag, []).append(value)
    assert current is None, "the last record has no ER line"
    return records


def write_registry(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data), "utf-8")
    return path


# --- dataset citation, one format at a time --------------------------------------------------


def test_text_names_title_version_year_licence_and_the_article() -> None:
    line = csto_annotations.cite()
    assert "\n" not in line
    assert line.startswith(f"csto-annotations project ({YEAR}). {TITLE} (version {VERSION}) [Data set].")
    assert "Licence: CC-BY-4.0." in line
    assert '"CSTO: Safe Choice in Central Asia", Eurasia Daily Monitor 4(191), The Jamestown Foundation, 2007' in line
    assert SOURCE_URL in line


def test_bibtex_parses_with_bibtexparser() -> None:
    import bibtexparser

    library = bibtexparser.parse_string(csto_annotations.cite(format="bibtex"))
    assert library.failed_blocks == []
    dataset, article = library.entries
    assert (dataset.entry_type, dataset.key) == ("dataset", f"csto-annotations-{VERSION}")
    fields = {f.key: f.value for f in dataset.fields}
    assert fields["title"] == "{" + TITLE + "}"
    assert fields["author"] == "{csto-annotations project}"
    assert (fields["version"], fields["year"], fields["license"]) == (VERSION, YEAR, "CC-BY-4.0")
    assert "url" not in fields and "doi" not in fields, "no verified home, DOI or release host: no URL"
    assert "No DOI or release URL" in fields["note"]
    assert fields["related"] == article.key == "edm-4-191"
    source = {f.key: f.value for f in article.fields}
    assert article.entry_type == "article"
    assert (source["journal"], source["volume"], source["number"]) == ("Eurasia Daily Monitor", "4", "191")
    assert (source["publisher"], source["year"], source["url"]) == ("The Jamestown Foundation", "2007", SOURCE_URL)
    assert "author" not in source, "the article's author is not verified"


def test_csl_json_renders_through_citeproc_py() -> None:
    import citeproc
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = json.loads(csto_annotations.cite(format="csl-json"))
    assert [i["type"] for i in items] == ["dataset", "article-journal"]
    assert items[0]["version"] == VERSION and items[0]["issued"]["date-parts"][0][0] == int(YEAR)
    style_dir = Path(citeproc.__file__).parent / "data" / "styles"
    style_name = sorted(p.stem for p in style_dir.glob("*.csl"))[0]  # the style citeproc-py ships
    bibliography = CitationStylesBibliography(CitationStylesStyle(style_name, validate=False),
                                              CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == 2
    assert any("csto-annotations project" in r and TITLE in r and f"({YEAR})" in r for r in rendered)
    assert any("CSTO: Safe Choice in Central Asia" in r and "Eurasia Daily Monitor" in r and "4(191)" in r
               for r in rendered)


def test_ris_has_a_dataset_record_and_an_article_record() -> None:
    dataset, article = parse_ris(csto_annotations.cite(format="ris"))
    assert dataset["TY"] == ["DATA"] and dataset["TI"] == [TITLE] and dataset["ET"] == [VERSION]
    assert dataset["AU"] == ["csto-annotations project"] and dataset["PY"] == [YEAR]
    assert dataset["DA"] == [DESCRIPTOR["created"][:10].replace("-", "/") + "/"]
    assert "Licence: CC-BY-4.0." in dataset["N1"] and "UR" not in dataset
    assert dataset["KW"] == DESCRIPTOR["keywords"]
    assert article["TY"] == ["JOUR"] and article["T2"] == ["Eurasia Daily Monitor"]
    assert (article["VL"], article["IS"], article["PY"], article["UR"]) == (["4"], ["191"], ["2007"], [SOURCE_URL])


def test_cff_output_is_the_committed_citation_file() -> None:
    import yaml  # PyYAML: a dependency of frictionless

    text = csto_annotations.cite(format="cff")
    assert text == (REPO / "CITATION.cff").read_text("utf-8")
    data = yaml.safe_load(text)
    assert (data["cff-version"], data["type"], data["title"], data["version"]) == ("1.2.0", "dataset", TITLE, VERSION)
    assert data["references"][0]["url"] == SOURCE_URL


def test_dataset_cite_and_top_level_cite_agree() -> None:
    ds = csto_annotations.load(tables=[])
    for fmt in citation.FORMATS:
        assert ds.cite(fmt) == csto_annotations.cite(fmt) == citation.cite(DESCRIPTOR, format=fmt)


def test_unknown_format_is_a_dataset_error() -> None:
    with pytest.raises(csto_annotations.DatasetError, match="unknown citation format 'apa'.*bibtex"):
        csto_annotations.cite("apa")


def test_configured_release_url_and_doi_are_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import bibtexparser

    registry = write_registry(tmp_path / "releases.json", {"base_url": "https://data.example.org/rel/", "releases": []})
    monkeypatch.setenv("CSTO_ANNOTATIONS_REGISTRY", str(registry))
    archive = f"https://data.example.org/rel/csto-annotations-{VERSION}.zip"
    fields = {f.key: f.value for f in bibtexparser.parse_string(csto_annotations.cite("bibtex")).entries[0].fields}
    assert fields["url"] == archive and "note" not in fields
    assert archive in csto_annotations.cite("text")
    assert f"repository-artifact: \"{archive}\"" in csto_annotations.cite("cff")
    with_doi = {**DESCRIPTOR, "id": "https://doi.org/10.5281/zenodo.000000"}
    assert "  doi      = {10.5281/zenodo.000000}," in citation.cite(with_doi, "bibtex")


def test_the_source_parsed_from_the_descriptor_matches_the_documents_table() -> None:
    from csto_annotations.works import parse_source

    source = parse_source(DESCRIPTOR["sources"][0])
    header, row = read_rows(REPO / "data" / "documents.csv")[:2]
    doc = dict(zip(header, row))
    assert (source.title, source.journal, source.publisher, source.url) == (
        doc["title"], doc["publication"], doc["publisher"], doc["url"])
    assert (source.volume, source.issue) == (doc["volume"], doc["issue"])


# --- per-record provenance ----------------------------------------------------------------------


def test_claim_provenance_of_the_brief_example() -> None:
    ds = csto_annotations.load()
    assert ds.cite_claim("CL-0034") == (
        f"Nikolai Makarov, quoted by ITAR-TASS, 6 October 2007 (year inferred), as reported in {ARTICLE}, "
        f"in csto-annotations {VERSION}, record CL-0034"
    )
    assert ds.cite_quote("QT-0006").startswith("Nikolai Makarov, quoted by ITAR-TASS, 6 October 2007 (year inferred)")


@pytest.mark.parametrize(("claim_id", "expected"), [
    ("CL-0004", f"Kurmanbek Bakiyev, quoted by Tajik TV Channel 1, 6 October 2007, as reported in {ARTICLE}"),
    ("CL-0002", f"{ARTICLE}, in the article's own voice, citing Avesta, 9 October 2007 (year inferred)"),
    ("CL-0003", f"Western observers, as reported in {ARTICLE}"),
    ("CL-0005", f"{ARTICLE}, in the article's own voice"),
])
def test_claim_chains_on_the_fixture(package: Path, claim_id: str, expected: str) -> None:
    ds = csto_annotations.load(package)
    assert ds.cite_claim(claim_id) == f"{expected}, in csto-annotations {VERSION}, record {claim_id}"


@pytest.mark.parametrize(("quote_id", "expected"), [
    ("QT-0002", f"Kurmanbek Bakiyev, quoted by Tajik TV Channel 1, 6 October 2007, as reported in {ARTICLE}"),
    ("QT-0003", f"Western observers (scare quote), as reported in {ARTICLE}"),
    ("QT-0004", f"An unattributed scare quote in {ARTICLE}"),
])
def test_quote_chains_on_the_fixture(package: Path, quote_id: str, expected: str) -> None:
    ds = csto_annotations.load(package)
    assert ds.cite_quote(quote_id) == f"{expected}, in csto-annotations {VERSION}, record {quote_id}"


def test_unknown_ids_say_how_to_list_valid_ones(package: Path) -> None:
    ds = csto_annotations.load(package)
    with pytest.raises(KeyError) as caught:
        ds.cite_claim("CL-9999")
    assert isinstance(caught.value, csto_annotations.DatasetError)
    message = str(caught.value)
    assert "'CL-9999'" in message and "ds.claims['claim_id'].tolist()" in message and "CL-0001 … CL-0005" in message
    with pytest.raises(csto_annotations.DatasetError, match=r"no quote 'QT-0042'.*ds.quotes\['quote_id'\]"):
        ds.cite_quote("QT-0042")


def test_provenance_needs_the_tables_it_reads(package: Path) -> None:
    ds = csto_annotations.load(package, tables=["claims"])
    with pytest.raises(csto_annotations.DatasetError, match="quotes table was not loaded"):
        ds.cite_claim("CL-0004")


# --- command line ---------------------------------------------------------------------------------


def test_cli_cite_claim_and_quote(package: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "--claim", "CL-0004", "--quote", "QT-0004", str(package)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Kurmanbek Bakiyev, quoted by") and lines[0].endswith("record CL-0004")
    assert lines[1].startswith("An unattributed scare quote") and lines[1].endswith("record QT-0004")


def test_cli_cite_errors(package: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "--claim", "CL-0004", "--claim", "CL-9999", str(package)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "", "nothing is printed when one ID is unknown"
    assert "no claim 'CL-9999'" in captured.err and "Traceback" not in captured.err
    assert main(["cite", "--claim", "CL-0004", "--format", "bibtex", str(package)]) == 2
    assert main(["cite", "--format", "apa"]) == 2


def test_cli_cite_bibtex_in_a_subprocess(tmp_path: Path) -> None:
    import bibtexparser

    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    result = subprocess.run([sys.executable, "-m", "csto_annotations", "cite", "--format", "bibtex"],
                            capture_output=True, text=True, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [e.key for e in bibtexparser.parse_string(result.stdout).entries] == [f"csto-annotations-{VERSION}", "edm-4-191"]


@pytest.mark.parametrize("name", ["works", "bibformats", "cff", "provenance", "citation", "cli_cite", "metadata",
                                  "release", "schemadiff", "diff", "cli_diff"])
def test_examples_in_docstrings(name: str) -> None:
    module = importlib.import_module(f"csto_annotations.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_docs_show_the_real_outputs() -> None:
    doc = (REPO / "docs" / "citing.md").read_text("utf-8")
    blocks = dict((lang, body) for lang, body in re.findall(r"```(text|bibtex)\n(.*?)```", doc, re.DOTALL))
    assert f"```text\n{csto_annotations.cite()}\n```" in doc
    assert blocks["bibtex"] == csto_annotations.cite("bibtex").rstrip("\n") + "\n"
    ds = csto_annotations.load()
    chains = "\n".join([ds.cite_claim("CL-0034"), ds.cite_claim("CL-0006"), ds.cite_quote("QT-0007")])
    assert f"```text\n{chains}\n```" in doc
