"""The README's promises hold: its example runs, its numbers match the data."""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import pytest

import csto_annotations

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def rows(table: str) -> list[dict[str, str]]:
    """The rows of ``data/<table>.csv``, read with the csv module."""
    with open(ROOT / "data" / f"{table}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def run_example() -> dict:
    (block,) = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)  # our own README
    return namespace


def test_python_example_runs():
    namespace = run_example()
    assert namespace["text"][namespace["row"].start : namespace["row"].end] == namespace["row"].exact
    assert set(namespace["rahmon"].speaker_entity_id) == {"emomali-rahmon"}


def test_first_reported_is_the_citations_outlet_or_the_article_itself():
    """Worked out row by row from the CSV files, not by the README's pandas."""
    rahmon = run_example()["rahmon"]
    entities = {r["entity_id"]: r for r in rows("entities")}
    outlet = {r["citation_id"]: entities[r["outlet_entity_id"]]["name"] for r in rows("citations")}
    expected = {
        r["quote_id"]: outlet[r["citation_id"]] if r["citation_id"] else "the article itself (no citation)"
        for r in rows("quotes")
        if r["speaker_entity_id"] == "emomali-rahmon"
    }
    assert expected and dict(zip(rahmon.quote_id, rahmon.first_reported, strict=True)) == expected


def test_state_media_and_certainty_filters_select_the_right_claims():
    namespace = run_example()
    entities = {r["entity_id"]: r for r in rows("entities")}
    state = {r["citation_id"] for r in rows("citations") if entities[r["outlet_entity_id"]]["ownership"] == "state"}
    claims = rows("claims")
    assert state, "the data has outlets in state ownership"
    assert list(namespace["on_state_media"].claim_id) == [r["claim_id"] for r in claims if r["citation_id"] in state]
    firm = [r["claim_id"] for r in claims if r["certainty"] in ("certain", "probable")]
    assert 0 < len(firm) < len(claims)
    assert list(namespace["firm"].claim_id) == firm


def test_table_of_row_counts_matches_the_data():
    ds = csto_annotations.load()
    stated = dict(re.findall(r"^\| `(\w+)` \| (\d+) \|", README, flags=re.M))
    assert stated == {name: str(len(frame)) for name, frame in ds.tables.items()}
    (utterances,) = re.findall(r"^\| `quotes` \| \d+ \| .*\((\d+) utterances\)", README, flags=re.M)
    assert int(utterances) == ds.quotes.utterance_id.nunique()


def test_set_up_is_exactly_the_two_commands():
    blocks = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
    assert blocks[0].strip() == "pip install -e . && python -m csto_annotations"
    assert blocks[1].strip() == 'pip install -e ".[test]" && python -m pytest'


def test_cited_claim_provenance_is_current():
    line = csto_annotations.load().cite_claim("CL-0034")
    assert line in README


def test_text_citation_shown_is_the_current_output():
    shown = re.findall(r"```text\n(.*?)```", README, flags=re.S)
    assert shown[0] == csto_annotations.cite().rstrip("\n") + "\n"


def test_install_advice_works_from_a_checkout():
    assert "pip install csto-annotations" not in README and 'pip install "csto-annotations' not in README
    assert "not yet published on any package index" in README
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    section = pyproject.split("[project.optional-dependencies]", 1)[1].split("\n[", 1)[0]
    declared = set(re.findall(r"^(\w+) = \[", section, flags=re.M))
    advised = set(re.findall(r'pip install -e "\.\[(\w+)\]"', README))
    table = set(re.findall(r"^\| `(\w+)` \| ", README.split("### Optional extras", 1)[1].split("\n## ", 1)[0], re.M))
    assert advised and table, "the README shows the extras and how to install one"
    assert advised | table <= declared, f"extras pyproject.toml lacks: {sorted((advised | table) - declared)}"


def test_every_export_format_is_listed():
    from csto_annotations._export import FORMATS

    listed = re.findall(r"^- `(\w+)`: ", README.split("## Export", 1)[1].split("\n## ", 1)[0], flags=re.M)
    assert listed == list(FORMATS)
    assert "(docs/formats.md)" in README


def test_every_command_is_in_the_command_table():
    from csto_annotations._cli import COMMANDS

    section = README.split("## Command line", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| `(\w+)[ `]", section, flags=re.M)
    assert listed == list(COMMANDS)


def test_bibtex_shown_is_the_current_output():
    (shown,) = re.findall(r"```bibtex\n(.*?)```", README, flags=re.S)
    assert shown == csto_annotations.cite(format="bibtex").rstrip("\n") + "\n"


MISSING = [
    ("duckdb", "duckdb", lambda ds, out: ds.to_duckdb()),
    ("jinja2", "view", lambda ds, out: ds.view(out / "page.html")),
    ("spacy", "spacy", lambda ds, out: ds.export("spacy", out)),
    ("pyreadstat", "stata", lambda ds, out: ds.export("stata", out)),
    ("pyreadstat", "spss", lambda ds, out: ds.export("spss", out)),
    ("frictionless", "frictionless", lambda ds, out: csto_annotations.validate(ds.root, peer=True)),
]


@pytest.mark.parametrize(("blocked", "extra", "call"), MISSING, ids=[m[0] for m in MISSING])
def test_a_missing_library_names_exactly_the_extra_of_that_call(blocked, extra, call, tmp_path, monkeypatch):
    ds = csto_annotations.load()
    for name in [m for m in sys.modules if m == blocked or m.startswith(blocked + ".")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, blocked, None)  # what an uninstalled package looks like to import
    with pytest.raises(csto_annotations.OptionalDependencyError) as caught:
        call(ds, tmp_path)
    message = str(caught.value)
    assert "\n" not in message and re.search(r"not (yet )?published on (any|an|a) (package )?index", message)
    assert "pip install csto-annotations" not in message
    assert re.findall(r'pip install -e "\.\[(\w+)\]"', message) == [extra]
    assert f"| `{extra}` |" in README, "the README's table of extras lists it"
