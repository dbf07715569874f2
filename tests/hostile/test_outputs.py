"""Every case of the outputs corpus (``hostile/outputs.py``): each command does what the case says.

For each case, ``validate`` accepts or refuses the package as the case says
(naming the outputs that read a missing column), and every command the case
names exits 0, or exits 1 with its message, never 3; a command that exits 1
leaves the output folder exactly as it was (it holds a file, a link loop, a
dangling link and a folder of the user's own to start with). ``export *``
runs every format of the export registry. Commands run in-process through
``cli.main``, reading the case's package once (``hostile/commands.py``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import csto_annotations
from csto_annotations import DatasetError
from csto_annotations import _cli as cli
from csto_annotations._base._reads import ANY, OPTIONAL, READS, contract, readers
from csto_annotations._engine._structure import COLUMNS
from csto_annotations._export import FORMATS
from hostile import edits
from hostile.commands import Loads, run, snapshot
from hostile.outputs import CASES, OutputCase, add_table, build_case, drop, edit_schema, prepare_out


def argvs(spec: str, src: Path, out: Path, old: Path) -> list[list[str]]:
    """The command lines of one ``Run`` spec (``export *`` is one per format)."""
    words = spec.replace("{src}", str(src)).replace("{out}", str(out)).replace("{old}", str(old)).split()
    command, rest = words[0], words[1:]
    if command == "export":
        formats = FORMATS if rest[0] == "*" else (rest[0],)
        return [["export", str(src), "--format", f, *(rest[1:] or ["--out", str(out / f)])] for f in formats]
    if command == "view":
        return [["view", str(src), *(rest or ["--out", str(out / "view.html")])]]
    if command == "diff":
        return [["diff", *(rest or [str(old), str(src)])]]
    return [[command, str(src), *rest]]


@pytest.fixture(scope="module")
def old(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An untouched copy of the real package, the other side of ``diff``."""
    return edits.fresh_copy(tmp_path_factory.mktemp("old") / "pkg")


def test_the_corpus_covers_every_family() -> None:
    assert len(CASES) >= 25 and len({c.name for c in CASES}) == len(CASES)
    assert {c.family for c in CASES} == {"columns", "names", "out-path", "escaping"}
    assert all(c.runs for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_each_command_does_what_the_case_says(
    case: OutputCase, old: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "load", Loads())
    src, out = build_case(case, tmp_path), tmp_path / "out"
    prepare_out(out)
    code, text = run(["validate", str(src)])
    assert code == (0 if case.valid else 1) and "internal error" not in text, text
    assert case.needle is None or case.needle in text, text
    for spec in case.runs:
        for argv in argvs(spec.argv, src, out, old):
            before = snapshot(out)
            code, text = run(argv)
            assert code == spec.code and "internal error" not in text, f"{' '.join(argv)}:\n{text}"
            assert spec.needle is None or spec.needle in text, f"{' '.join(argv)}:\n{text}"
            if code == 1:
                assert snapshot(out) == before, f"{' '.join(argv)} left output behind"
            if spec.check is not None:
                spec.check(out, text)


# --- the one list of columns (_base/_reads.py), held to what the outputs do ----------------------------

CONTRACT = contract()
#: Columns the outputs do without (and the rules too).
OPTIONAL_COLUMNS = [(t, c) for t, cs in CONTRACT.items() for c, (_, use) in cs.items()
                    if use == OPTIONAL and c not in COLUMNS[t]]  # fmt: skip
#: Columns an output needs that no rule does: the contract has them for the outputs' sake.
NEEDED_COLUMNS = [(t, c) for t, cs in CONTRACT.items() for c, (_, use) in cs.items()
                  if use != OPTIONAL and c not in COLUMNS[t]]  # fmt: skip


def reader_argvs(table: str, column: str, src: Path, out: Path) -> list[list[str]]:
    """The command lines of every output that reads ``table.column``."""
    found = []
    for output in readers(table, column):
        if output.startswith("cite"):
            found.append(["cite", str(src), output.split()[1], "CL-0034" if "claim" in output else "QT-0006"])
        elif output == "view":
            found.append(["view", str(src), "--out", str(out / "view.html")])
        else:
            found.append(["export", str(src), "--format", output, "--out", str(out / output)])
    return found


def test_the_list_agrees_with_the_rules_and_names_real_outputs() -> None:
    for table, columns in CONTRACT.items():
        for column, (kind, _) in columns.items():
            assert column not in COLUMNS[table] or kind in (ANY, COLUMNS[table][column]), (table, column)
    assert set(READS) <= {"cite --claim", "cite --quote", "view", *FORMATS}
    assert len(OPTIONAL_COLUMNS) >= 13 and ("claims", "claim_type") in NEEDED_COLUMNS


@pytest.mark.parametrize(("table", "column"), OPTIONAL_COLUMNS, ids=[f"{t}.{c}" for t, c in OPTIONAL_COLUMNS])
def test_every_output_does_without_an_optional_column(
    table: str, column: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "load", Loads())
    src = edits.fresh_copy(tmp_path / "pkg")
    if any(k["fields"] == [column] for k in json.loads((src / "schemas" / f"{table}.schema.json").read_text())
           .get("foreignKeys", [])):  # fmt: skip
        edit_schema(
            src, table, lambda s: s.update(foreignKeys=[k for k in s["foreignKeys"] if k["fields"] != [column]])
        )
    drop(src, table, column)
    assert run(["validate", str(src)])[0] == 0
    (tmp_path / "out").mkdir()
    for argv in reader_argvs(table, column, src, tmp_path / "out"):
        code, text = run(argv)
        assert code == 0, f"{' '.join(argv)}:\n{text}"


@pytest.mark.parametrize(("table", "column"), NEEDED_COLUMNS, ids=[f"{t}.{c}" for t, c in NEEDED_COLUMNS])
def test_a_column_an_output_needs_is_part_of_the_contract(table: str, column: str, tmp_path: Path) -> None:
    src = edits.fresh_copy(tmp_path / "pkg")
    drop(src, table, column)
    code, text = run(["validate", str(src)])
    assert code == 1 and f"expected field {column!r}" in text and readers(table, column)[0] in text, text


# --- DuckDB, the other database the tables go into ------------------------------------------------------


def test_duckdb_refuses_a_table_named_texts_and_quotes_every_name(tmp_path: Path) -> None:
    src = edits.fresh_copy(tmp_path / "pkg")
    add_table(src, "entities", "texts")
    with pytest.raises(DatasetError, match="table named 'texts'"):
        csto_annotations.load(src).to_duckdb()
    src = edits.fresh_copy(tmp_path / "quoted")
    e_rows = edits.read_rows(src, "entities")
    edits.write_rows(src, "entities", [[*r, 'say "hi"' if i == 0 else ""] for i, r in enumerate(e_rows)])
    edit_schema(src, "entities", lambda s: s["fields"].append({"name": 'say "hi"', "type": "string"}))
    connection = csto_annotations.load(src).to_duckdb()
    assert connection.execute('SELECT count("say ""hi""") FROM entities').fetchone() == (0,)
