"""The README's promises hold: its example runs, its numbers match the data."""

from __future__ import annotations

import re
from pathlib import Path

import csto_annotations

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_python_example_runs():
    (block,) = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    assert namespace["text"][namespace["row"].start:namespace["row"].end] == namespace["row"].exact
    assert set(namespace["rahmon"].speaker_entity_id) == {"emomali-rahmon"}


def test_table_of_row_counts_matches_the_data():
    ds = csto_annotations.load()
    stated = dict(re.findall(r"^\| `(\w+)` \| (\d+) \|", README, flags=re.M))
    assert stated == {name: str(len(frame)) for name, frame in ds.tables.items()}


def test_set_up_is_exactly_the_two_commands():
    blocks = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
    assert blocks[0].strip() == "pip install -e . && python -m csto_annotations"
    assert blocks[1].strip() == 'pip install -e ".[test]" && python -m pytest'


def test_cited_claim_provenance_is_current():
    line = csto_annotations.load().cite_claim("CL-0034")
    assert line in README


def test_bibtex_shown_is_the_current_output():
    (shown,) = re.findall(r"```bibtex\n(.*?)```", README, flags=re.S)
    assert shown == csto_annotations.cite(format="bibtex").rstrip("\n") + "\n"
