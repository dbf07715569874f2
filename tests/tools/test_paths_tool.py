"""``tools/paths.resolve_inside``: the maintainer tools resolve a descriptor path inside the package root."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from csto_annotations._base._errors import UnsafePathError
from tools.paths import resolve_inside


def test_resolve_inside_keeps_a_path_and_a_link_that_stay_inside(tmp_path: Path) -> None:
    root = tmp_path / "pkg"
    (root / "data").mkdir(parents=True)
    (root / "data" / "x.csv").write_text("a\n", "utf-8")
    os.symlink(root / "data" / "x.csv", root / "link.csv")
    assert resolve_inside(root, "data/x.csv", where="t") == (root / "data" / "x.csv").resolve()
    assert resolve_inside(root, "link.csv", where="t") == (root / "data" / "x.csv").resolve()
    assert resolve_inside(root, "data/not-yet.csv", where="t") == root.resolve() / "data" / "not-yet.csv"


@pytest.mark.parametrize("target", ["outside.csv", "outside-dir"])
def test_resolve_inside_refuses_a_link_that_points_out(tmp_path: Path, target: str) -> None:
    root = tmp_path / "pkg"
    root.mkdir()
    (tmp_path / "outside.csv").write_text("secret\n", "utf-8")
    (tmp_path / "outside-dir").mkdir()
    os.symlink(tmp_path / target, root / "data")
    path = "data" if target.endswith(".csv") else "data/x.csv"
    with pytest.raises(UnsafePathError) as caught:
        resolve_inside(root, path, where="resource 'claims'")
    message = str(caught.value)
    assert message.startswith(f"resource 'claims': path {path!r} resolves to {tmp_path.resolve() / target}")
    assert f"outside the package directory {root.resolve()}" in message


def test_resolve_inside_refuses_an_unsafe_path_before_touching_the_disk(tmp_path: Path) -> None:
    with pytest.raises(UnsafePathError, match=r"^r: unsafe path '\.\./pkg/x' \(contains '\.\.'\)"):
        resolve_inside(tmp_path / "pkg", "../pkg/x", where="r")  # would resolve inside, but .. is refused
