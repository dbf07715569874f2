"""The output folder of an export: written all or nothing, and refused by name before anything is written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import csto_annotations
from csto_annotations import DatasetError
from csto_annotations._export._staging import write_staged


def writer(*names: str, fail: bool = False):
    """A writer of ``names`` (``data/x`` makes a folder) that raises after writing them when ``fail``."""

    def write(stage: Path) -> list[Path]:
        written = []
        for name in names:
            (stage / name).parent.mkdir(parents=True, exist_ok=True)
            (stage / name).write_text(f"new {name}")
            written.append(stage / name)
        if fail:
            raise DatasetError("the writer refused the dataset")
        return written

    return write


def test_a_new_folder_appears_whole_with_ordinary_permissions(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "out"
    written = write_staged(out, writer("x.txt", "data/y.txt"))
    assert (
        written == [out / "x.txt", out / "data" / "y.txt"] and (out / "data" / "y.txt").read_text() == "new data/y.txt"
    )
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o777 & ~umask
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a", "b", "data", "out", "x.txt", "y.txt"]


def test_an_existing_folder_gets_the_files_and_keeps_the_others(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    (tmp_path / "x.txt").write_text("old")
    write_staged(tmp_path, writer("x.txt", "data/y.txt"))
    assert (tmp_path / "x.txt").read_text() == "new x.txt" and (tmp_path / "keep.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "keep.txt", "x.txt"]


@pytest.mark.parametrize("existing", [False, True])
def test_a_failing_writer_leaves_nothing(tmp_path: Path, existing: bool) -> None:
    out = tmp_path / "made" / "out"
    if existing:
        out.mkdir(parents=True)
        (out / "x.txt").write_text("old")
    with pytest.raises(DatasetError, match="refused"):
        write_staged(out, writer("x.txt", "y.txt", fail=True))
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == (
        ["made", "made/out", "made/out/x.txt"] if existing else []
    )
    if existing:
        assert (out / "x.txt").read_text() == "old"


def test_a_file_in_the_way_of_a_folder_is_refused_before_any_file_moves(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("old")
    (tmp_path / "data").write_text("a file where the export needs a folder")
    with pytest.raises(DatasetError, match="needs a folder"):
        write_staged(tmp_path, writer("x.txt", "data/y.txt"))
    assert (tmp_path / "x.txt").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "x.txt"]


def test_a_folder_in_the_way_of_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.txt").mkdir()
    with pytest.raises(DatasetError, match="is a folder where the export writes a file"):
        write_staged(tmp_path, writer("x.txt"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.txt"]


def test_export_refuses_before_writing_when_a_column_is_missing(tmp_path: Path) -> None:
    partial = csto_annotations.load(tables=["documents", "claims"])
    with pytest.raises(DatasetError, match=r"the brat output needs the tables \['entities'"):
        partial.export("brat", tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert [p.name for p in partial.export("csv", tmp_path / "out")] == ["documents.csv", "claims.csv"]
