"""``cite --format bibtex`` through real ``bibtex``, and ``--format biblatex`` through ``biber`` and pdfLaTeX.

Each test writes a minimal document, runs the real tools and reads what they
print: the ``.bbl`` that a classic style formats, or the text of the PDF that
biblatex typesets. The tools come from Debian (``.ci/tex.sh``); without them
these tests skip on a developer machine and fail when ``CI=true``.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from citehelpers import ARTICLE_TITLE, DESCRIPTOR, TITLE, VERSION, count, flat, tool

from csto_annotations._cite import cite

CLASSIC = ["plain", "unsrt", "alpha", "apalike"]
BIBLATEX = ["numeric", "authoryear", "alphabetic", "apa"]


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


def bibtex_bbl(style: str, bib: str, tmp_path: Path) -> tuple[str, str]:
    """(``.bbl``, ``.blg``) of classic BibTeX run on ``bib`` with ``style``, citing every entry."""
    (tmp_path / "refs.bib").write_text(bib, "utf-8")
    (tmp_path / "doc.aux").write_text(f"\\relax\n\\citation{{*}}\n\\bibstyle{{{style}}}\n\\bibdata{{refs}}\n")
    result = run([tool("bibtex"), "doc"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    return (tmp_path / "doc.bbl").read_text("utf-8"), (tmp_path / "doc.blg").read_text("utf-8")


def bbl_text(bbl: str) -> str:
    """The bibliography text of a ``.bbl``: commands, braces and line breaks removed."""
    text = re.sub(r"\\bibitem(\[[^\]]*\])?\{[^}]*\}|\\newblock|\\(begin|end)\{thebibliography\}(\{[^}]*\})?", " ", bbl)
    return flat(text.replace("{", "").replace("}", ""))


@pytest.mark.parametrize("style", CLASSIC)
def test_classic_bibtex_prints_the_version_and_each_title_once_without_warnings(style: str, tmp_path: Path) -> None:
    bbl, blg = bibtex_bbl(style, cite(DESCRIPTOR, "bibtex"), tmp_path)
    assert "Warning" not in blg and "error" not in blg.lower(), blg
    text = bbl_text(bbl)
    assert count(text, f"Data set, version {VERSION}") == 1
    assert count(text, TITLE) == 1 and count(text, ARTICLE_TITLE) == 1
    assert count(text, "Eurasia Daily Monitor 4(191), The Jamestown Foundation") == 1
    assert "isn't style-file defined" not in blg and "empty author" not in blg and "cite it by" not in text


def test_apalike_and_alpha_label_the_article_by_its_periodical(tmp_path: Path) -> None:
    (tmp_path / "apalike").mkdir()
    bbl, _ = bibtex_bbl("apalike", cite(DESCRIPTOR, "bibtex"), tmp_path / "apalike")
    assert r"\bibitem[Eurasia Daily Monitor, 2007]{edm-4-191}" in bbl
    assert r"\bibitem[{csto-annotations project}, 2026]{csto-annotations-2.1.0}" in bbl
    (tmp_path / "alpha").mkdir()
    bbl, _ = bibtex_bbl("alpha", cite(DESCRIPTOR, "bibtex"), tmp_path / "alpha")
    assert r"\bibitem[Eur07]{edm-4-191}" in bbl


HOSTILE = "A & B: 50% of $x$_1 #2 {braced} ~tilde^hat \\back"
# What pdftotext reads back from LaTeX's default OT1 fonts: "\\_" is drawn as a rule (read as a
# space), and the accents for ~ and ^ are spacing accents.
HOSTILE_PRINTED = "A & B: 50% of $x$ 1 #2 {braced} \u02dctilde\u02c6hat \\back"
CLASSIC_DOC = r"""\documentclass{article}
\begin{document}
\nocite{*}
\bibliographystyle{plain}
\bibliography{refs}
\end{document}
"""


def pdf_text(tex: str, tmp_path: Path, *, biber: bool) -> tuple[str, str]:
    """(text of the PDF, biber's log) of ``tex`` typeset with pdfLaTeX (and biber in between)."""
    (tmp_path / "doc.tex").write_text(tex, "utf-8")
    latex = [tool("pdflatex"), "-interaction=nonstopmode", "-halt-on-error", "doc"]
    first = run(latex, tmp_path)
    assert first.returncode == 0, first.stdout[-3000:]
    log = ""
    if biber:
        result = run([tool("biber"), "doc"], tmp_path)
        log = result.stdout + result.stderr
        assert result.returncode == 0, log
    else:
        result = run([tool("bibtex"), "doc"], tmp_path)
        log = result.stdout + (tmp_path / "doc.blg").read_text("utf-8")
        assert result.returncode == 0, log
    second = run(latex, tmp_path)
    assert second.returncode == 0, second.stdout[-3000:]
    text = run([tool("pdftotext"), "doc.pdf", "-"], tmp_path)
    assert text.returncode == 0, text.stderr
    return flat(text.stdout), log


def test_latex_special_characters_survive_bibtex_and_pdflatex(tmp_path: Path) -> None:
    hostile = {**DESCRIPTOR, "title": HOSTILE}
    (tmp_path / "refs.bib").write_text(cite(hostile, "bibtex"), "utf-8")
    text, log = pdf_text(CLASSIC_DOC, tmp_path, biber=False)
    assert "Warning" not in log
    assert f"{HOSTILE_PRINTED}. Data set, version {VERSION}, 2026." in text


BIBLATEX_DOC = r"""\documentclass{article}
\usepackage[backend=biber,style=%s]{biblatex}
\addbibresource{refs.bib}
\hyphenpenalty=10000 \exhyphenpenalty=10000
\begin{document}
\raggedright
\nocite{*}
\printbibliography
\end{document}
"""


@pytest.mark.parametrize("style", BIBLATEX)
def test_biber_and_biblatex_print_the_version_and_each_title_once(style: str, tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(cite(DESCRIPTOR, "biblatex"), "utf-8")
    text, log = pdf_text(BIBLATEX_DOC % style, tmp_path, biber=True)
    assert "WARN" not in log and "ERROR" not in log, log
    assert count(text, f"Version {VERSION}") == 1
    assert count(text, TITLE) == 1 and count(text, ARTICLE_TITLE) == 1
    assert count(text, "Eurasia Daily Monitor") == 2  # in the dataset's title, and the article's periodical


def test_biblatex_reads_the_dataset_type_and_version(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(cite(DESCRIPTOR, "biblatex"), "utf-8")
    pdf_text(BIBLATEX_DOC % "numeric", tmp_path, biber=True)
    bbl = (tmp_path / "doc.bbl").read_text("utf-8")
    assert "\\entry{csto-annotations-2.1.0}{dataset}" in bbl and f"\\field{{version}}{{{VERSION}}}" in bbl
    assert "\\entry{edm-4-191}{article}" in bbl and "related" not in bbl
    assert json.loads(cite(DESCRIPTOR, "csl-json"))[0]["id"] == "csto-annotations-2.1.0"


@pytest.mark.parametrize("style", CLASSIC)
def test_classic_bibtex_prints_the_version_in_title_format_once(style: str, tmp_path: Path) -> None:
    bbl, blg = bibtex_bbl(style, cite(DESCRIPTOR, "bibtex-version-in-title"), tmp_path)
    assert "Warning" not in blg and "error" not in blg.lower(), blg
    text = bbl_text(bbl)
    assert count(text, f"{TITLE} (Version {VERSION})") == 1 and count(text, VERSION) == 1
    assert count(text, TITLE) == 1 and count(text, ARTICLE_TITLE) == 1


@pytest.mark.parametrize("style", BIBLATEX)
def test_biber_prints_the_version_in_title_format_once(style: str, tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(cite(DESCRIPTOR, "biblatex-version-in-title"), "utf-8")
    text, log = pdf_text(BIBLATEX_DOC % style, tmp_path, biber=True)
    assert "WARN" not in log and "ERROR" not in log, log
    assert count(text, f"{TITLE} (Version {VERSION})") == 1 and count(text, VERSION) == 1
    assert count(text, TITLE) == 1 and count(text, ARTICLE_TITLE) == 1
