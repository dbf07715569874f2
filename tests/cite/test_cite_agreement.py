"""Every format carries the same facts, read back with each format's own parser, field by field."""

from __future__ import annotations

import csv
import json
import re
import zipfile

import pytest
import yaml
from citehelpers import (
    ARTICLE_TITLE,
    ARTICLE_URL,
    ARTICLE_YEAR,
    CONTAINER,
    CREATOR,
    DATE,
    DESCRIPTOR,
    ISSUE,
    PUBLISHER,
    REPO,
    TITLE,
    VERSION,
    VOLUME,
    YEAR,
)
from pybtex.database import parse_string

from csto_annotations._cite import FORMATS, cite


def parse_ris(text: str) -> list[dict[str, list[str]]]:
    """An independent RIS reader: ``TAG  - value`` lines, each record closed by ``ER``."""
    records: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            assert current is None, f"blank line inside a record at line {number}"
            continue
        match = re.fullmatch(r"([A-Z][A-Z0-9])  - ?(.*)", line)
        assert match, f"line {number} is not 'TAG  - value': {line!r}"
        tag, value = match.groups()
        if current is None:
            assert tag == "TY", f"line {number}: a record starts with TY, not {tag}"
            current = {}
        if tag == "ER":
            records.append(current)
            current = None
        else:
            current.setdefault(tag, []).append(value)
    assert current is None, "the last record has no ER line"
    return records


def unbrace(value: str) -> str:
    return value.replace("{", "").replace("}", "")


#: The suffix of the formats that carry the version in the dataset's title and in no other field.
IN_TITLE = "-version-in-title"


def title_and_version(title: str) -> tuple[str, str]:
    """Split ``"Title (Version V)"``; the whole title and ``""`` when it has no version."""
    match = re.fullmatch(r"(.*) \(Version (\S+)\)", title)
    return (match.group(1), match.group(2)) if match else (title, "")


def titled_dataset_facts(name: str) -> dict[str, str]:
    """(title, version, year, author) of a ``*-version-in-title`` format: the version from the title alone."""
    out = cite(DESCRIPTOR, name)
    if name == "csl-json" + IN_TITLE:
        item = json.loads(out)[0]
        assert item["type"] == "dataset" and "version" not in item
        title, version = title_and_version(item["title"])
        year = str(item["issued"]["date-parts"][0][0])
        return {"title": title, "version": version, "year": year, "author": item["author"][0]["literal"]}
    entry = parse_string(out, "bibtex").entries[f"csto-annotations-{VERSION}"]
    f = entry.fields
    if name == "bibtex" + IN_TITLE:
        assert entry.type == "misc" and f["howpublished"] == "Data set"
    else:
        assert entry.type == "dataset" and "version" not in f
    title, version = title_and_version(unbrace(f["title"]))
    year = f["year"] if "year" in f else f["date"][:4]
    return {"title": title, "version": version, "year": year, "author": unbrace(str(entry.persons["author"][0]))}


def dataset_facts(name: str) -> dict[str, str]:
    """(title, version, year, author) of the dataset, as the format ``name`` states them."""
    if name.endswith(IN_TITLE):
        return titled_dataset_facts(name)
    out = cite(DESCRIPTOR, name)
    if name == "bibtex":
        entry = parse_string(out, "bibtex").entries[f"csto-annotations-{VERSION}"]
        f = entry.fields
        assert entry.type == "misc"
        version = re.fullmatch(r"Data set, version (\S+)", f["howpublished"])
        return {
            "title": unbrace(f["title"]),
            "version": version.group(1) if version else "",
            "year": f["year"],
            "author": unbrace(str(entry.persons["author"][0])),
        }
    if name == "biblatex":
        entry = parse_string(out, "bibtex").entries[f"csto-annotations-{VERSION}"]
        f = entry.fields
        assert entry.type == "dataset"
        return {
            "title": unbrace(f["title"]),
            "version": f["version"],
            "year": f["date"][:4],
            "author": unbrace(str(entry.persons["author"][0])),
        }
    if name == "ris":
        r = parse_ris(out)[0]
        assert r["TY"] == ["DATA"]
        return {"title": r["TI"][0], "version": r["ET"][0], "year": r["PY"][0], "author": r["AU"][0]}
    if name == "csl-json":
        item = json.loads(out)[0]
        assert item["type"] == "dataset"
        return {
            "title": item["title"],
            "version": item["version"],
            "year": str(item["issued"]["date-parts"][0][0]),
            "author": item["author"][0]["literal"],
        }
    if name == "cff":
        c = yaml.safe_load(out)
        return {
            "title": c["title"],
            "version": str(c["version"]),
            "year": c["date-released"][:4],
            "author": c["authors"][0]["name"],
        }
    if name == "zenodo":
        z = json.loads(out)
        return {
            "title": z["title"],
            "version": z["version"],
            "year": z["publication_date"][:4],
            "author": z["creators"][0]["name"],
        }
    if name == "jsonld":
        d = json.loads(out)
        return {
            "title": d["name"],
            "version": d["version"],
            "year": d["datePublished"][:4],
            "author": d["creator"][0]["name"],
        }
    line = out.splitlines()[0]
    match = re.fullmatch(r"(.+) \((\d{4})\)\. (.+) \(version (\S+)\) \[Data set\]\..*", line)
    assert match, line
    return {
        "author": match.group(1),
        "year": match.group(2),
        "title": match.group(3),
        "version": match.group(4),
    }


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_states_the_same_dataset(name: str) -> None:
    assert dataset_facts(name) == {"title": TITLE, "version": VERSION, "year": YEAR, "author": CREATOR}


def article_facts(name: str) -> dict[str, str]:
    """The article's title, periodical, volume, issue, publisher, year and URL in the format ``name``."""
    out = cite(DESCRIPTOR, name)
    name = name.removesuffix(IN_TITLE)  # the variants cite the article as their base format does
    if name == "bibtex":
        f = parse_string(out, "bibtex").entries["edm-4-191"].fields
        hp = re.fullmatch(r"(.+) (\d+)\((\d+)\), (.+)", f["howpublished"])
        assert hp, f["howpublished"]
        return {
            "title": unbrace(f["title"]),
            "container": hp.group(1),
            "volume": hp.group(2),
            "issue": hp.group(3),
            "publisher": hp.group(4),
            "year": f["year"],
            "url": f["url"],
        }
    if name == "biblatex":
        entry = parse_string(out, "bibtex").entries["edm-4-191"]
        f = entry.fields
        assert entry.type == "article"
        return {
            "title": unbrace(f["title"]),
            "container": f["journaltitle"],
            "volume": f["volume"],
            "issue": f["number"],
            "publisher": PUBLISHER,
            "year": f["date"],
            "url": f["url"],
        }
    if name == "ris":
        r = parse_ris(out)[1]
        assert r["TY"] == ["JOUR"] and "AU" not in r
        return {
            "title": r["TI"][0],
            "container": r["T2"][0],
            "volume": r["VL"][0],
            "issue": r["IS"][0],
            "publisher": r["PB"][0],
            "year": r["PY"][0],
            "url": r["UR"][0],
        }
    if name == "csl-json":
        item = json.loads(out)[1]
        assert item["type"] == "article-journal" and "author" not in item
        return {
            "title": item["title"],
            "container": item["container-title"],
            "volume": item["volume"],
            "issue": item["issue"],
            "publisher": item["publisher"],
            "year": str(item["issued"]["date-parts"][0][0]),
            "url": item["URL"],
        }
    if name == "cff":
        ref = yaml.safe_load(out)["references"][0]
        assert ref["authors"] == [{"name": "anonymous"}]
        return {
            "title": ref["title"],
            "container": ref["journal"],
            "volume": str(ref["volume"]),
            "issue": str(ref["issue"]),
            "publisher": ref["publisher"]["name"],
            "year": str(ref["year"]),
            "url": ref["url"],
        }
    if name == "jsonld":
        a = json.loads(out)["isBasedOn"]
        issue = a["isPartOf"]
        return {
            "title": a["name"],
            "container": issue["isPartOf"]["isPartOf"]["name"],
            "volume": issue["isPartOf"]["volumeNumber"],
            "issue": issue["issueNumber"],
            "publisher": a["publisher"]["name"],
            "year": a["datePublished"],
            "url": a["url"],
        }
    if name == "zenodo":
        z = json.loads(out)
        (related,) = z["related_identifiers"]
        (line,) = z["references"]
    else:
        related, line = {"identifier": ARTICLE_URL}, out.splitlines()[1]
    match = re.fullmatch(r"(.+) \((\d{4})\)\. (.+) (\d+)\((\d+)\)\. (.+)\. (\S+)", line)
    assert match, line
    assert match.group(7) == related["identifier"]
    keys = ("title", "year", "container", "volume", "issue", "publisher", "url")
    return dict(zip(keys, match.groups(), strict=True))


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_states_the_same_article(name: str) -> None:
    assert article_facts(name) == {
        "title": ARTICLE_TITLE,
        "container": CONTAINER,
        "volume": VOLUME,
        "issue": ISSUE,
        "publisher": PUBLISHER,
        "year": ARTICLE_YEAR,
        "url": ARTICLE_URL,
    }


@pytest.mark.parametrize("name", FORMATS)
def test_no_reference_carries_advice(name: str) -> None:
    out = cite(DESCRIPTOR, name)
    for phrase in ("cite it by", "No DOI", "has been registered", "related ="):
        assert phrase not in out, (name, phrase)


def test_no_bib_format_gives_the_article_an_author() -> None:
    for name in ("bibtex", "biblatex"):
        article = parse_string(cite(DESCRIPTOR, name), "bibtex").entries["edm-4-191"]
        assert not article.persons, name


def test_each_output_has_one_entry_per_work() -> None:
    for name in ("bibtex", "biblatex", "bibtex" + IN_TITLE, "biblatex" + IN_TITLE):
        entries = parse_string(cite(DESCRIPTOR, name), "bibtex").entries
        assert list(entries) == [f"csto-annotations-{VERSION}", "edm-4-191"], name
        assert all("related" not in e.fields for e in entries.values())
    assert len(parse_ris(cite(DESCRIPTOR, "ris"))) == 2
    assert len(json.loads(cite(DESCRIPTOR, "csl-json"))) == 2
    assert len(json.loads(cite(DESCRIPTOR, "csl-json" + IN_TITLE))) == 2
    assert len(cite(DESCRIPTOR, "text").splitlines()) == 2


def test_the_descriptor_and_the_documents_table_describe_the_same_article() -> None:
    with (REPO / "data" / "documents.csv").open(encoding="utf-8", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert (row["title"], row["publication"], row["publisher"], row["volume"], row["issue"], row["url"]) == (
        ARTICLE_TITLE,
        CONTAINER,
        PUBLISHER,
        VOLUME,
        ISSUE,
        ARTICLE_URL,
    )
    assert article_facts("biblatex")["url"] == row["url"] and row["author"] == "" and row["published"] == ""


def test_dates_and_versions_come_from_the_descriptor_alone() -> None:
    changed = {**DESCRIPTOR, "version": "9.8.7", "created": "2031-02-03T00:00:00Z"}
    for name in FORMATS:
        out = cite(changed, name)
        assert "9.8.7" in out and VERSION not in out and "2031" in out, name
    assert yaml.safe_load(cite(changed, "cff"))["date-released"] == "2031-02-03"
    assert json.loads(cite(changed, "zenodo"))["publication_date"] == "2031-02-03"


def test_the_cited_date_is_the_date_the_version_was_released() -> None:
    """``created`` (the date every format cites) is the release date that the CHANGELOG heading of this version
    and the registered archive of this version both record; a version not yet released has no heading to match."""
    headings = dict(re.findall(r"^## \[([0-9.]+)\] - ([0-9]{4}-[0-9]{2}-[0-9]{2})$",
                               (REPO / "CHANGELOG.md").read_text("utf-8"), flags=re.M))  # fmt: skip
    registry = json.loads((REPO / "src/csto_annotations/releases.json").read_text("utf-8"))["releases"]
    entry = next(r for r in registry if r["version"] == VERSION)
    with zipfile.ZipFile(REPO / "tests/fixtures/releases" / entry["file"]) as archive:
        released = json.loads(archive.read(f"{entry['file'].removesuffix('.zip')}/datapackage.json"))
    assert DATE == headings[VERSION] == released["created"][:10]
