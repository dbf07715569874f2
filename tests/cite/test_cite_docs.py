"""docs/citing.md shows the real, current outputs."""

from __future__ import annotations

import re

from citehelpers import DESCRIPTOR, REPO
from test_cite_render import CSL_ARTICLE, CSL_DATASET

import csto_annotations
from csto_annotations._cite import cite, cite_claim, cite_quote

DOC = (REPO / "docs" / "citing.md").read_text("utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC, flags=re.DOTALL)


def test_the_bibtex_and_biblatex_examples_are_the_real_outputs() -> None:
    assert blocks("bibtex") == [cite(DESCRIPTOR, "bibtex"), cite(DESCRIPTOR, "biblatex")]


def test_the_text_and_provenance_examples_are_the_real_outputs() -> None:
    ds = csto_annotations.load()
    chains = "\n".join([cite_claim(ds, "CL-0034"), cite_claim(ds, "CL-0006"), cite_quote(ds, "QT-0007")])
    assert blocks("text") == [cite(DESCRIPTOR, "text"), chains + "\n"]


def test_the_csl_table_shows_what_pandoc_prints() -> None:
    for style, dataset in CSL_DATASET.items():
        row = next(line for line in DOC.splitlines() if f"(`{style}`)" in line)
        assert f"| {dataset} | {CSL_ARTICLE[style]} |" in row, style


def test_the_warning_about_cffconvert_is_there() -> None:
    assert "do not install cffconvert into the project's environment" in DOC
    assert 'pip install "csto-annotations[' not in DOC and "pip install csto-annotations[" not in DOC
