"""``_base/_paths``: a descriptor path is relative, stays inside the package root, and a refusal names it."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest

from csto_annotations._base._errors import DatasetError, UnsafePathError
from csto_annotations._base._paths import bundled_root, check_relative_path, resolve_inside

SAFE = ["data/claims.csv", "a", "a/b/c.txt", "./data/x.csv", "data/..x", "x..", "dir/.hidden", "café/ü.csv"]
#: An unsafe path and the reason the message must give.
UNSAFE = [
    ("", "not a non-empty string"),
    (None, "not a non-empty string"),
    (3, "not a non-empty string"),
    (["data/x.csv"], "not a non-empty string"),
    ("data\\claims.csv", "contains a backslash or NUL"),
    ("data/x\x00.csv", "contains a backslash or NUL"),
    ("https://example.org/x.csv", "a URL or drive letter"),
    ("file:data/x.csv", "a URL or drive letter"),
    ("C:/data/x.csv", "a URL or drive letter"),
    ("/etc/passwd", "absolute"),
    ("//host/share", "absolute"),
    ("../x.csv", "contains '..'"),
    ("data/../../x.csv", "contains '..'"),
    ("data/..", "contains '..'"),
]


@pytest.mark.parametrize("path", SAFE)
def test_a_relative_path_is_kept_as_written(path: str) -> None:
    assert check_relative_path(path, where="test") == PurePosixPath(path)


@pytest.mark.parametrize(("path", "reason"), UNSAFE, ids=repr)
def test_an_unsafe_path_is_refused_naming_where_what_and_why(path: object, reason: str) -> None:
    with pytest.raises(UnsafePathError) as caught:
        check_relative_path(path, where="datapackage.json resource 'claims'")
    message = str(caught.value)
    assert message.startswith(f"datapackage.json resource 'claims': unsafe path {path!r} ({reason}")
    assert "stay inside the package directory" in message
    assert isinstance(caught.value, DatasetError)


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


def test_the_bundled_root_holds_the_repository_descriptor() -> None:
    here = Path(__file__).resolve().parents[2]
    root = bundled_root()
    assert (root / "datapackage.json").read_bytes() == (here / "datapackage.json").read_bytes()
