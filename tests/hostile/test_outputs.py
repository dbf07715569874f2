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

from pathlib import Path

import pytest

from csto_annotations import _cli as cli
from csto_annotations._export import FORMATS
from hostile import edits
from hostile.commands import Loads, run, snapshot
from hostile.outputs import CASES, OutputCase, build_case, prepare_out


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
