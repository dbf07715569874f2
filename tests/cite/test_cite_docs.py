"""docs/citing.md shows the real, current outputs."""

from __future__ import annotations

import re

from citehelpers import DESCRIPTOR, REPO
from test_citeproc_styles import APA, APSA, CSL_ARTICLE, CSL_DATASET, CSL_DATASET_IN_TITLE, render

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
    text = blocks("text")
    assert [text[0], text[-1]] == [cite(DESCRIPTOR, "text"), chains + "\n"]


def test_the_pandoc_examples_are_what_pandoc_prints() -> None:
    shown = blocks("text")[1:-1]
    apa = render("pandoc", "csl-json", "refs.json", APA)
    apsa = render("pandoc", "csl-json-version-in-title", "refs.json", APSA)
    assert shown == ["\n\n".join(apa) + "\n", "\n\n".join(apsa) + "\n"]
    assert "--format csl-json > refs.json" in DOC and "--format csl-json-version-in-title > refs.json" in DOC


def test_the_csl_tables_show_what_pandoc_prints() -> None:
    lines = DOC.splitlines()
    for style, dataset in CSL_DATASET.items():
        rows = [line for line in lines if f"(`{style}`) |" in line]
        assert len(rows) == 2, style
        assert rows[0].endswith(f"(`{style}`) | {dataset} | {CSL_ARTICLE[style]} |"), style
        assert rows[1].endswith(f"(`{style}`) | {CSL_DATASET_IN_TITLE[style]} |"), style


def test_the_warning_about_cffconvert_is_there() -> None:
    assert "do not install cffconvert into the project's environment" in DOC
    assert 'pip install "csto-annotations[' not in DOC and "pip install csto-annotations[" not in DOC
