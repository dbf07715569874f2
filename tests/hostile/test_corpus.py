"""Every case of the corruption corpus is refused, with the right error and a precise message.

The corpus (tests/hostile/corpus.py) is built once per session from a fresh
copy of the real package. For each case:

* ``load()`` raises the case's DatasetError subclass, naming the table (and
  the row and column where there is one);
* ``validate`` exits 1 without a traceback and prints a line that starts with
  ``table row N column C:`` (or names the archive when one is refused before
  anything is read).

``validate`` runs in-process through ``cli.main`` for every case (a real
subprocess costs about 1.5 s); a representative subset, one per kind of
fault, also runs as a real ``python -m csto_annotations validate`` subprocess
(SUBPROCESS_CASES). The untouched copy passes both ways, so no case can pass
through a check that refuses everything.
"""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import csto_annotations
from csto_annotations import _cli as cli
from hostile import edits
from hostile.corpus import CASES, Built, Case, build_case

BY_NAME = {c.name: c for c in CASES}

#: One case per kind of fault, also run through a real subprocess.
SUBPROCESS_CASES = [
    "tamper-byte-in-text",  # integrity
    "duplicate-claim-id",  # schema constraint, via frictionless
    "unterminated-quoted-field",  # the bytes of a CSV
    "resource-symlinked-out",  # paths
    "unknown-field-type",  # a Table Schema
    "descriptor-deeply-nested",  # the descriptor (would be a RecursionError)
    "zip-bomb-ratio",  # archives
]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    """Every case, built once from a fresh copy of the real package, plus the untouched copy."""
    work = tmp_path_factory.mktemp("corpus")
    built = {case.name: build_case(case, work) for case in CASES}
    built["untouched"] = Built(edits.fresh_copy(work / "untouched" / "pkg"))
    return built


def run_cli(source: Path, cache: Path) -> subprocess.CompletedProcess:
    """``python -m csto_annotations validate SOURCE`` in a real subprocess."""
    env = dict(os.environ, CSTO_ANNOTATIONS_CACHE=str(cache))
    return subprocess.run(
        [sys.executable, "-m", "csto_annotations", "validate", str(source)],
        capture_output=True, text=True, env=env, timeout=120,
    )


@pytest.fixture(scope="session")
def subprocess_runs(corpus: dict[str, Built], tmp_path_factory: pytest.TempPathFactory) -> dict[str, subprocess.CompletedProcess]:
    """The real-subprocess runs, two at a time (2 cores), once per session."""
    cache = tmp_path_factory.mktemp("subprocess-cache")
    names = SUBPROCESS_CASES + ["untouched"]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = pool.map(lambda n: run_cli(corpus[n].source, cache / n), names)
        return dict(zip(names, results))


def row_of(case: Case, built: Built) -> int | None:
    return built.row if built.row is not None else case.row


def place(case: Case, built: Built) -> str:
    """The start of the problem line: ``claims row 3 column end:``."""
    parts = [case.table]
    if row_of(case, built) is not None:
        parts.append(f"row {row_of(case, built)}")
    if case.column is not None:
        parts.append(f"column {case.column}")
    return " ".join(parts) + ":"


def assert_reported(case: Case, built: Built, code: int, out: str, err: str) -> None:
    """Exit 1, no traceback, and the problem named where it is."""
    text = out + err
    assert code == 1, text
    assert "Traceback" not in text
    if case.needle:
        assert case.needle in text, text
    if case.table is None:  # an archive refused before anything was read
        assert any(built.source.name in line for line in out.splitlines()), text
    elif case.error is csto_annotations.ValidationFailed:
        assert any(line.startswith(place(case, built)) for line in out.splitlines()), f"no line starts with {place(case, built)!r}:\n{text}"
    else:  # refused by the reader: one line naming the resource (and the field, for a schema)
        assert any(line.startswith(f"{case.table}:") for line in out.splitlines()), text
        if case.column is not None:
            assert repr(case.column) in text, text


def test_corpus_is_large_and_covers_the_three_families() -> None:
    families = {c.family for c in CASES}
    assert len(CASES) >= 30 and len({c.name for c in CASES}) == len(CASES)
    assert families == {"tamper", "content", "packaging"}
    assert all(issubclass(c.error, csto_annotations.DatasetError) for c in CASES)
    assert set(SUBPROCESS_CASES) <= set(BY_NAME)


def test_untouched_copy_passes(corpus: dict[str, Built], capsys: pytest.CaptureFixture[str]) -> None:
    source = corpus["untouched"].source
    ds = csto_annotations.load(source)
    assert len(ds.claims) > 0 and ds.verify == "full"
    assert cli.main(["validate", str(source)]) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith(": valid")
    assert not [line for line in out.splitlines() if not line.startswith("warning: ") and not line.endswith(": valid")]


def test_untouched_copy_passes_in_a_subprocess(subprocess_runs: dict[str, subprocess.CompletedProcess]) -> None:
    run = subprocess_runs["untouched"]
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.rstrip().endswith(": valid") and "Traceback" not in run.stderr


@pytest.mark.parametrize("case", CASES, ids=str)
def test_load_refuses(case: Case, corpus: dict[str, Built]) -> None:
    built = corpus[case.name]
    with pytest.raises(case.error) as caught:
        csto_annotations.load(built.source)
    message = str(caught.value)
    assert (case.table or built.source.name) in message, message
    if case.needle:
        assert case.needle in message, message
    if case.error is csto_annotations.ValidationFailed:
        row = row_of(case, built)
        if row is not None:
            assert f"row {row}" in message, message
        if case.column is not None:
            assert f"column {case.column}" in message, message
    elif case.column is not None:
        assert repr(case.column) in message, message


@pytest.mark.parametrize("case", CASES, ids=str)
def test_validate_reports(case: Case, corpus: dict[str, Built], capsys: pytest.CaptureFixture[str]) -> None:
    built = corpus[case.name]
    code = cli.main(["validate", str(built.source)])
    captured = capsys.readouterr()
    assert_reported(case, built, code, captured.out, captured.err)


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_validate_reports_in_a_subprocess(name: str, corpus: dict[str, Built], subprocess_runs: dict[str, subprocess.CompletedProcess]) -> None:
    run = subprocess_runs[name]
    assert_reported(BY_NAME[name], corpus[name], run.returncode, run.stdout, run.stderr)


@pytest.mark.parametrize("case", [c for c in CASES if c.name.startswith("zip-")], ids=str)
def test_refused_archives_leave_nothing_behind(case: Case, corpus: dict[str, Built], isolated_cache: Path) -> None:
    archive = corpus[case.name].source
    before = sorted(p.name for p in archive.parent.iterdir())
    with pytest.raises(csto_annotations.ArchiveError):
        csto_annotations.load(archive)
    assert sorted(p.name for p in archive.parent.iterdir()) == before
    assert not Path("/tmp/csto-evil.txt").exists() and not (isolated_cache.parent / "evil.txt").exists()
    extracted = isolated_cache / "extracted"
    assert not extracted.exists() or list(extracted.iterdir()) == []


def test_formula_like_cells_warn_without_failing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = edits.fresh_copy(tmp_path / "pkg")
    edits.set_cell(root, "claims", 3, "notes", "=HYPERLINK(\"http://127.0.0.1/\")")
    edits.set_cell(root, "entities", 4, "description", "@SUM(1)")
    edits.rehash(root)
    assert cli.main(["validate", str(root)]) == 0
    out = capsys.readouterr().out
    warnings = [line for line in out.splitlines() if line.startswith("warning: ")]
    assert any(line.startswith("warning: claims row 3 column notes: expected no leading =") and "HYPERLINK" in line for line in warnings), out
    assert any(line.startswith("warning: entities row 4 column description:") for line in warnings), out
    assert out.rstrip().endswith(": valid")
    report = csto_annotations.validate(root)
    assert report.valid and {(p.table, p.row, p.column) for p in report.warnings} >= {("claims", 3, "notes"), ("entities", 4, "description")}
    assert csto_annotations.load(root).claims.loc[1, "notes"].startswith("=HYPERLINK")
