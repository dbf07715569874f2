"""``_base/_paths``: a descriptor path is relative, stays inside the package root, and a refusal names it."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from csto_annotations._base._errors import DatasetError, UnsafePathError
from csto_annotations._base._paths import bundled_root, check_relative_path

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


def test_the_bundled_root_holds_the_repository_descriptor() -> None:
    here = Path(__file__).resolve().parents[2]
    root = bundled_root()
    assert (root / "datapackage.json").read_bytes() == (here / "datapackage.json").read_bytes()
