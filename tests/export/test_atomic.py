"""``atomic_write_all``: several files all or nothing, on its own (tests/api/test_build.py tests it through build)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from csto_annotations import _atomic


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("k", [1, 2, 3])
def test_a_failed_rename_undoes_the_earlier_ones_and_removes_new_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, k: int
) -> None:
    (tmp_path / "old.txt").write_bytes(b"old")
    (tmp_path / "last.txt").write_bytes(b"last")
    before = _files(tmp_path)
    real, calls = os.replace, []

    def failing(*args: object) -> None:
        calls.append(args)
        if len(calls) == k:
            raise OSError(28, "injected")
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError, match="injected"):
        # "new.txt" does not exist yet: undoing its rename removes it.
        _atomic.atomic_write_all({tmp_path / "new.txt": b"n", tmp_path / "old.txt": b"o", tmp_path / "last.txt": b"l"})
    assert _files(tmp_path) == before


def test_an_undo_that_fails_too_keeps_the_copy_and_says_where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_bytes(b"old a")
    (tmp_path / "b.txt").write_bytes(b"old b")
    real, calls = os.replace, []

    def failing(*args: object) -> None:
        calls.append(args)
        if len(calls) >= 2:  # b's rename, and then a's undo
            raise OSError(5, "injected")
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(_atomic.UndoFailed) as caught:
        _atomic.atomic_write_all({tmp_path / "a.txt": b"new a", tmp_path / "b.txt": b"new b"})
    monkeypatch.undo()
    copies = [p for p in tmp_path.iterdir() if p.name.endswith(".old")]
    assert [p.read_bytes() for p in copies] == [b"old a"] and str(copies[0]) in str(caught.value)
    assert (tmp_path / "a.txt").read_bytes() == b"new a" and (tmp_path / "b.txt").read_bytes() == b"old b"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_success_leaves_no_staged_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"old")
    os.chmod(tmp_path / "a.txt", 0o600)
    _atomic.atomic_write_all({tmp_path / "a.txt": b"new", tmp_path / "b.txt": b"b"})
    assert _files(tmp_path) == {"a.txt": b"new", "b.txt": b"b"}
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o600
