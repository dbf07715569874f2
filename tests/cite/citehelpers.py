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


def tool(name: str) -> str:
    """The path of the program ``name``.

    Without it the test is skipped on a developer machine, but fails when
    ``CI=true``: CI installs it (``.ci/tex.sh``), so its absence is a defect.
    """
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed; run bash .ci/tex.sh (Debian) to install the TeX tools"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)
