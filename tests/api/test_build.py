"""build(): anchoring by codebook §8, refusal, atomic idempotent writes, descriptor upkeep."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import csto_annotations
from csto_annotations import build
from csto_annotations._atomic import atomic_write_bytes
from csto_annotations._build import _anchor, occurrences
from csto_annotations._build import write_rows as write_csv_rows
from helpers import REPO, TEXT, make_unbuilt_package, read_rows, write_rows

TEXT_STR = TEXT.read_text("utf-8")


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def naive_word_starts(text: str, exact: str) -> list[int]:
    """Occurrences with non-word characters (or the text's ends) on both sides."""

    def word(ch: str) -> bool:
        return ch.isalnum() or ch == "_"

    found = []
    for i in range(len(text) - len(exact) + 1):
        if (
            text.startswith(exact, i)
            and not (i and word(text[i - 1]))
            and not (i + len(exact) < len(text) and word(text[i + len(exact)]))
            and (not found or i >= found[-1] + len(exact))
        ):
            found.append(i)
    return found


def rows_by_id(root: Path, table: str) -> dict[str, dict[str, str]]:
    rows = read_rows(root / "data" / f"{table}.csv")
    return {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}


@pytest.fixture()
def unbuilt(tmp_path: Path) -> Path:
    return make_unbuilt_package(tmp_path / "pkg")


def test_anchoring_follows_the_codebook(unbuilt: Path) -> None:
    written = build(unbuilt)
    assert {p.name for p in written} == {
        "mentions.csv",
        "citations.csv",
        "quotes.csv",
        "claims.csv",
        "documents.csv",
        "datapackage.json",
    }
    mentions = rows_by_id(unbuilt, "mentions")
    csto = naive_word_starts(TEXT_STR, "CSTO")
    assert (mentions["MN-0001"]["start"], mentions["MN-0003"]["start"]) == (str(csto[0]), str(csto[1]))
    kazakh = naive_word_starts(TEXT_STR, "Kazakh")[0]
    assert mentions["MN-0006"]["start"] == str(kazakh) and TEXT_STR[kazakh : kazakh + 16] == "Kazakh President"
    russia = int(mentions["MN-0007"]["start"])
    assert russia == naive_word_starts(TEXT_STR, "Russia")[0] and not TEXT_STR[russia + 6].isalpha()
    assert len(occurrences(TEXT_STR, "Russia")) > len(occurrences(TEXT_STR, "Russia", words=True))
    hinted = int(mentions["MN-0009"]["start"])
    assert hinted == min(i for i in naive_word_starts(TEXT_STR, "Dushanbe") if i >= 1500)
    spat = rows_by_id(unbuilt, "quotes")["QT-0004"]
    assert int(spat["start"]) == TEXT_STR.index("spat", 6000) and TEXT_STR.index("spat") < 6000
    for table in ("mentions", "citations", "quotes", "claims"):
        for row in rows_by_id(unbuilt, table).values():
            assert TEXT_STR[int(row["start"]) : int(row["end"])] == row["exact"]


def test_documents_derived_fields_are_filled(unbuilt: Path) -> None:
    build(unbuilt)
    document = rows_by_id(unbuilt, "documents")["edm-4-191"]
    import hashlib

    assert document["text_sha256"] == hashlib.sha256(TEXT.read_bytes()).hexdigest()
    assert document["length"] == str(len(TEXT_STR))


def test_build_is_idempotent(unbuilt: Path) -> None:
    build(unbuilt)
    first = snapshot(unbuilt)
    assert build(unbuilt) == []
    assert snapshot(unbuilt) == first
    assert csto_annotations.validate(unbuilt).valid


def test_build_is_idempotent_on_the_real_data(tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    copy.mkdir()
    for name in ("datapackage.json", "data", "schemas"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, copy / name)
    build(copy)
    first = snapshot(copy)
    assert build(copy) == [] and snapshot(copy) == first


def anchor_rows(
    rows: list[list[str]], texts: dict[str, str], *, words: bool
) -> tuple[list[list[str]], bool, list[str]]:
    copy = [list(r) for r in rows]
    changed, errors = _anchor(copy, texts, words, "t.csv")
    return copy, changed, errors


def test_real_data_is_already_built() -> None:
    from csto_annotations._reader._package import sha256_label

    descriptor = json.loads((REPO / "datapackage.json").read_bytes())
    for resource in descriptor["resources"]:
        data = (REPO / resource["path"]).read_bytes()
        assert resource.get("hash") == sha256_label(data), f"run python scripts/build.py ({resource['name']})"
        assert resource.get("bytes") == len(data)
        if "schema" in resource:
            schema = (REPO / resource["schema"]).read_bytes()
            assert (resource["schemaBytes"], resource["schemaHash"]) == (len(schema), sha256_label(schema))


def test_descriptor_keeps_order_and_hand_kept_fields(unbuilt: Path) -> None:
    before = json.loads((unbuilt / "datapackage.json").read_text("utf-8"))
    build(unbuilt)
    after = json.loads((unbuilt / "datapackage.json").read_text("utf-8"))
    assert list(after) == list(before)
    measured = ("bytes", "hash", "schemaBytes", "schemaHash")
    assert {k: v for k, v in after.items() if k != "resources"} == {k: v for k, v in before.items() if k != "resources"}
    for old, new in zip(before["resources"], after["resources"]):
        assert {k: v for k, v in new.items() if k not in measured} == {
            k: v for k, v in old.items() if k not in measured
        }
        assert [k for k in new if k in old] == list(old), "existing keys keep their order"
        assert re.fullmatch(r"sha256:[0-9a-f]{64}", new["hash"])
    assert (unbuilt / "datapackage.json").read_text("utf-8").endswith("}\n")


def test_untouched_csv_keeps_its_formatting(unbuilt: Path) -> None:
    path = unbuilt / "data" / "entities.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    before = path.read_bytes()
    build(unbuilt)
    assert path.read_bytes() == before


def test_unfound_exact_refuses_and_writes_nothing(unbuilt: Path) -> None:
    path = unbuilt / "data" / "mentions.csv"
    rows = read_rows(path)
    rows.append(["MN-0012", "edm-4-191", "russia", "", "", "Ruritania"])
    rows.append(["MN-0013", "edm-4-191", "csto", "", "", "CSTO"])
    rows.append(["MN-0014", "edm-4-191", "dushanbe", "6400", "", "Dushanbe"])
    write_rows(path, rows)
    before = snapshot(unbuilt)
    with pytest.raises(csto_annotations.AnchorError) as caught:
        build(unbuilt)
    message = str(caught.value)
    assert "mentions.csv row 13: exact 'Ruritania' not found" in message
    assert "row 15: exact 'Dushanbe' not found" in message
    assert "row 14" not in message
    assert snapshot(unbuilt) == before


def test_word_boundaries_only_for_mentions() -> None:
    assert occurrences("Russian Russia", "Russia", words=True) == [8]
    assert occurrences("Russian Russia", "Russia") == [0, 8]
    rows = [["mention_id", "document_id", "start", "end", "exact"], ["MN-1", "d", "", "", "Russia"]]
    anchored, changed, errors = anchor_rows(rows, {"d": "Russian Russia"}, words=True)
    assert anchored[1][2:4] == ["8", "14"] and changed and not errors
    assert rows[1][2] == "", "the input rows are not modified"


def test_csv_round_trip_keeps_quoting() -> None:
    from csto_annotations._build import read_rows

    data = b'a,b\n1,"x, ""y"""\n2,\n'
    assert write_csv_rows(read_rows(data, ["a", "b"], "t")) == data


def test_atomic_write_keeps_mode_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "file.csv"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["file.csv"]


def test_build_script_is_a_thin_wrapper(unbuilt: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build.py"), str(unbuilt)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "updated" in result.stdout
    again = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build.py"), str(unbuilt)], capture_output=True, text=True
    )
    assert again.returncode == 0 and "nothing to do" in again.stdout


words = st.text(alphabet="abcXY’é", min_size=1, max_size=4)


@settings(max_examples=60, deadline=None)
@given(st.lists(words, min_size=1, max_size=30), st.data())
def test_anchoring_property(tokens: list[str], data: st.DataObject) -> None:
    """Whatever the text, anchored rows slice back to their exact text, in occurrence order."""
    text = " ".join(tokens)
    chosen = data.draw(st.lists(st.sampled_from(tokens), min_size=1, max_size=6))
    rows = [["document_id", "start", "end", "exact"]] + [["d", "", "", t] for t in chosen]
    for words_mode in (False, True):
        anchored, _, errors = anchor_rows(rows, {"d": text}, words=words_mode)
        for row in anchored[1:]:
            if row[1]:
                assert text[int(row[1]) : int(row[2])] == row[3]
        for exact in set(chosen):
            starts = [int(r[1]) for r in anchored[1:] if r[3] == exact and r[1]]
            assert starts == occurrences(text, exact, words=words_mode)[: len(starts)]
        assert len(errors) == sum(1 for r in anchored[1:] if not r[1])


@pytest.mark.parametrize(
    "tail, expected",
    [
        (b"\xff\n", "expected UTF-8 text, found byte 0xff"),
        (b'CL-9999,edm-4-191,,,"unterminated\n', "expected a closing quote"),
    ],
)
def test_build_refuses_unreadable_csv_with_file_and_row(tmp_path, tail, expected):
    import shutil
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    for name in ("datapackage.json", "data", "schemas"):
        source = root / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, tmp_path / name)
    claims = tmp_path / "data" / "claims.csv"
    rows = claims.read_bytes().count(b"\n")
    claims.write_bytes(claims.read_bytes() + tail)
    descriptor_before = (tmp_path / "datapackage.json").read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "csto_annotations", "build", str(tmp_path)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"claims row {rows + 1}" in result.stderr and expected in result.stderr
    assert (tmp_path / "datapackage.json").read_bytes() == descriptor_before


# --- round 3 (issue 18): build refuses what it cannot read, and writes all or nothing -------------


def tree(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``root`` (hidden ones too): bytes and permission bits."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), stat.S_IMODE(p.stat().st_mode))
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _three_files_to_write(root: Path) -> Path:
    """A real package copy that build rewrites in three files: mentions.csv, claims.csv, datapackage.json."""
    from hostile import edits

    edits.fresh_copy(root)
    for table in ("mentions", "claims"):
        edits.set_cell(root, table, 2, "start", "")
        edits.set_cell(root, table, 2, "end", "")
    edits.set_cell(root, "claims", 2, "notes", "Edited before the build.")  # so the hashes change
    os.chmod(root / "data" / "claims.csv", 0o640)  # kept through the write, and through an undo
    return root


def _fail_on(k: int, real, calls: list[int]):  # type: ignore[no-untyped-def]
    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == k:
            raise OSError(28, "No space left on device (injected)")
        return real(*args, **kwargs)

    return failing


@pytest.mark.parametrize("step", ["stage", "replace"])
def test_a_failure_at_any_write_step_leaves_the_package_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """Each file is staged (its new content and a copy of the old), then each is renamed into place;
    an OSError at the k-th call of either step, for every k, leaves every file as it was."""
    from csto_annotations import _atomic

    owner = {"stage": _atomic, "replace": os}[step]
    real = getattr(owner, step)
    reference = _three_files_to_write(tmp_path / "reference")
    counted: list[int] = []
    with monkeypatch.context() as patch:
        patch.setattr(owner, step, _fail_on(0, real, counted))
        assert [p.name for p in build(reference)] == ["mentions.csv", "claims.csv", "datapackage.json"]
    assert len(counted) == {"stage": 6, "replace": 3}[step]
    done = tree(reference)
    for k in range(1, len(counted) + 1):
        root = _three_files_to_write(tmp_path / f"k{k}")
        before = tree(root)
        calls: list[int] = []
        with monkeypatch.context() as patch:
            patch.setattr(owner, step, _fail_on(k, real, calls))
            with pytest.raises(csto_annotations.DatasetError) as caught:
                build(root)
        assert len(calls) >= k, "the failure was injected"
        assert "No space left on device" in str(caught.value) and "as it was" in str(caught.value)
        assert tree(root) == before, f"call {k} of {step}"
        assert [p.name for p in build(root)] == ["mentions.csv", "claims.csv", "datapackage.json"]
        assert tree(root) == done


def test_a_failed_undo_names_the_file_and_keeps_its_old_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second rename fails, then so does renaming the first file back: the message says where its old copy is."""
    root = _three_files_to_write(tmp_path / "pkg")
    old = (root / "data" / "mentions.csv").read_bytes()
    calls: list[int] = []
    real = os.replace

    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) in (2, 3):
            raise OSError(5, "Input/output error (injected)")
        return real(*args, **kwargs)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(csto_annotations.DatasetError) as caught:
        build(root)
    message = str(caught.value)
    copy = re.search(r"its old content is in (\S+\.old)\)", message)
    assert copy is not None and "mentions.csv" in message and "could not put back" in message, message
    assert Path(copy.group(1)).read_bytes() == old
    assert not any(p.name.endswith(".tmp") for p in root.rglob(".*")), "the staged new contents are removed"


def _refused(root: Path, capsys: pytest.CaptureFixture[str]) -> str:
    before = tree(root) if root.is_dir() else root.read_bytes()
    from csto_annotations import _cli

    assert _cli.main(["build", str(root)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err and "internal error" not in err
    assert (tree(root) if root.is_dir() else root.read_bytes()) == before
    return err


def test_build_refuses_a_zip(unbuilt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from helpers import make_zip

    archive = make_zip(unbuilt, tmp_path / "pkg.zip")
    assert "pkg.zip: not a package directory" in _refused(archive, capsys)


@pytest.mark.parametrize(
    ("table", "column", "value", "shown"),
    [("mentions", "start", "\u0661\u0662", "'١٢'"), ("claims", "start", "early", "'early'")],
    ids=["arabic-indic-digits", "a-word"],
)
def test_build_refuses_an_offset_it_reads_that_is_not_an_integer(
    unbuilt: Path, capsys: pytest.CaptureFixture[str], table: str, column: str, value: str, shown: str
) -> None:
    path = unbuilt / "data" / f"{table}.csv"
    rows = read_rows(path)
    rows[1][rows[0].index(column)] = value  # its end is empty: build reads start to anchor it
    write_rows(path, rows)
    err = _refused(unbuilt, capsys)
    assert (
        f"{table}.csv row 2 column {column}: expected an integer in canonical form (like 12 or -3), found {shown}"
        in err
    )


def test_build_refuses_a_cue_offset_it_reads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from hostile import edits

    root = edits.fresh_copy(tmp_path / "pkg")
    row = edits.find_row(root, "claims", attribution="reported")
    edits.set_cell(root, "claims", row, "cue_start", "\u00b2")  # '²'.isdigit() is True; int('²') raises
    edits.set_cell(root, "claims", row, "cue_end", "")
    assert f"claims.csv row {row} column cue_start: expected an integer" in _refused(root, capsys)


def test_build_leaves_an_offset_it_does_not_read_to_validate(tmp_path: Path) -> None:
    from hostile import edits

    root = edits.fresh_copy(tmp_path / "pkg")
    edits.set_cell(root, "claims", 3, "start", "early")  # start and end both given: build does not parse them
    assert [p.name for p in build(root)] == ["datapackage.json"]
    assert [(p.table, p.row, p.column) for p in csto_annotations.validate(root).errors] == [("claims", 3, "start")]


def test_build_refuses_a_text_that_is_not_utf8(unbuilt: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = unbuilt / "data" / "texts" / TEXT.name
    text.write_bytes(text.read_bytes().replace("’".encode(), b"\x92", 1))
    at = TEXT.read_bytes().index("’".encode())
    assert f"{TEXT.name}: expected UTF-8 text, found byte 0x92 at byte {at}" in _refused(unbuilt, capsys)


def test_build_refuses_a_package_without_claims(unbuilt: Path, capsys: pytest.CaptureFixture[str]) -> None:
    descriptor = json.loads((unbuilt / "datapackage.json").read_text("utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "claims"]
    (unbuilt / "datapackage.json").write_text(json.dumps(descriptor, indent=2), "utf-8")
    assert "missing ['claims']" in _refused(unbuilt, capsys)


def test_build_reads_cr_line_endings_as_the_engine_does(unbuilt: Path) -> None:
    """A classic-Mac table is read like any other; the rows build rewrites come out with LF line ends."""
    path = unbuilt / "data" / "mentions.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
    build(unbuilt)
    assert b"\r" not in path.read_bytes()
    assert csto_annotations.validate(unbuilt).valid
