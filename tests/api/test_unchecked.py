"""The outputs trust only a checked dataset: ``verify="hashes"`` on a source no release pins runs no rule.

A package whose claim points at a quote that does not exist, or whose span runs past its text, loads at
``verify="hashes"`` (hashes and types only). Every output refuses it by name with a DatasetError, instead of
raising a KeyError or writing a page whose spans are wrong; at ``verify="full"`` the engine refuses it first.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import csto_annotations
from helpers import REPO
from hostile.edits import fresh_copy, read_rows, rehash, set_cell

BREAKS = {
    "dangling-quote": ("quote_id", "QT-9999"),
    "span-past-text": ("end", "999999"),
}
REFUSAL = "needs a checked dataset, and this one was loaded with verify='hashes' from a source no release pins"


@pytest.fixture(params=sorted(BREAKS))
def broken(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    root = fresh_copy(tmp_path / "pkg")
    column, value = BREAKS[request.param]
    rows = read_rows(root, "claims")
    quoted = next(i for i, row in enumerate(rows) if i and row[rows[0].index("quote_id")])
    row = quoted + 1 if column == "quote_id" else 2  # header = row 1
    set_cell(root, "claims", row, column, value)
    rehash(root)
    return root


def test_full_refuses_what_hashes_loads_unchecked(broken: Path) -> None:
    with pytest.raises(csto_annotations.ValidationFailed):
        csto_annotations.load(broken, verify="full")
    ds = csto_annotations.load(broken, verify="hashes")
    assert ds.verify == "hashes" and ds.checked is False


def test_every_output_refuses_an_unchecked_dataset(broken: Path, tmp_path: Path) -> None:
    ds = csto_annotations.load(broken, verify="hashes")
    claim = str(ds.claims["claim_id"].iloc[0])
    calls = {
        "view": lambda: ds.view(tmp_path / "page.html"),
        "cite --claim": lambda: ds.cite_claim(claim),
        **{f"export {f}": (lambda f=f: ds.export(f, tmp_path / f)) for f in ("csv", "brat", "webannotation")},
    }
    for name, call in calls.items():
        with pytest.raises(csto_annotations.DatasetError, match=REFUSAL):
            call()
        assert not (tmp_path / "page.html").exists() and not (tmp_path / name.split()[-1]).exists(), name


def test_a_release_loaded_by_hashes_is_checked_and_the_bundled_copy_too(tmp_path: Path) -> None:
    assert csto_annotations.load().checked is True
    assert csto_annotations.load(REPO / "tests/fixtures/releases/csto-annotations-2.0.0.zip").checked is True
    assert csto_annotations.load(fresh_copy(tmp_path / "pkg")).checked is True  # unpinned, at the default "full"
