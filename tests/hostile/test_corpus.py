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
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest

import csto_annotations
from csto_annotations import _cli as cli
from hostile import corpus_reader3, edits
from hostile.corpus import CASES, Built, Case

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
    "extrapaths-symlink",  # a key the closed profile refuses
    "foreign-key-removed",  # a schema edit that would switch a rule off
    "escape-sequence-in-id",  # output injection through the problem line
    "pattern-catastrophic-backtracking",  # bounded work (RE2)
    "surrogate-in-title",  # a string no UTF-8 output can hold
    "cr-stray-in-header",  # a carriage return ends the header
]

#: Cases also run through the other commands, which must exit 1 cleanly and write nothing.
COMMAND_CASES = [
    "tamper-byte-in-claims",
    "duplicate-claim-id",
    "resource-symlinked-out",
    "extrapaths-url",
    "dialect-url",
    "resource-not-an-object",
    "start-typed-number",
    "type-duration",
    "pattern-backreference",
    "nul-in-cell",
    "escape-sequence-in-id",
    "zip-encrypted-flag",
    "zip-slip-dotdot",
    *corpus_reader3.COMMAND_NAMES,
]
#: Cases ``build`` must refuse (it re-measures hashes, so tampering and content edits are not among them).
BUILD_CASES = [
    "extrapaths-symlink",
    "profile-url",
    "resource-path-dotdot",
    "schema-symlinked-out",
    "resource-not-an-object",
    "type-geojson",
    "fields-not-a-list",
    "descriptor-deeply-nested",
    "no-documents-resource",
    *corpus_reader3.BUILD_NAMES,
]


#: Seconds one case may take through load() or validate (the slowest honest case takes about 1 s).
DEADLINE = 20.0


def snapshot(*folders: Path) -> dict[str, tuple[int, int]]:
    """Every file and link under ``folders``: path → (size, modification time), links not followed."""
    seen = {}
    for folder in folders:
        if folder.exists():
            for path in folder.rglob("*"):
                info = path.lstat()
                seen[str(path)] = (info.st_size, info.st_mtime_ns)
    return seen


@contextmanager
def untouched_and_in_time(case_dir: Path, cache: Path) -> Iterator[None]:
    """Nothing under the case's folder changes, nothing lands in the cache, and it ends before DEADLINE."""
    before, start = snapshot(case_dir), time.monotonic()
    yield
    elapsed = time.monotonic() - start
    assert elapsed < DEADLINE, f"took {elapsed:.1f} s"
    assert snapshot(case_dir) == before, "a file was written, changed or removed"
    assert snapshot(cache) == {}, f"left in the cache: {sorted(snapshot(cache))}"


def run_cli(source: Path, cache: Path) -> subprocess.CompletedProcess:
    """``python -m csto_annotations validate SOURCE`` in a real subprocess."""
    env = dict(os.environ, CSTO_ANNOTATIONS_CACHE=str(cache))
    return subprocess.run(
        [sys.executable, "-m", "csto_annotations", "validate", str(source)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture(scope="session")
def subprocess_runs(
    corpus: dict[str, Built], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, subprocess.CompletedProcess]:
    """The real-subprocess runs, two at a time (2 cores), once per session."""
    cache = tmp_path_factory.mktemp("subprocess-cache")
    names = [*SUBPROCESS_CASES, "untouched"]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = pool.map(lambda n: run_cli(corpus[n].source, cache / n), names)
        return dict(zip(names, results, strict=False))


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
    assert "Traceback" not in text and "internal error" not in text
    assert "\x1b" not in text and "\x00" not in text and "\x07" not in text, (
        "a raw control character reached the terminal"
    )
    assert "SECRET-TOKEN" not in text
    if case.needle:
        assert case.needle in text, text
    if case.table is None:  # an archive refused before anything was read
        assert any(built.source.name in line for line in out.splitlines()), text
    elif case.error is csto_annotations.ValidationFailed:
        assert any(line.startswith(place(case, built)) for line in out.splitlines()), (
            f"no line starts with {place(case, built)!r}:\n{text}"
        )
    else:  # refused by the reader: one line naming the resource (and the field, for a schema)
        assert any(line.startswith(f"{case.table}:") for line in out.splitlines()), text
        if case.column is not None:
            assert repr(case.column) in text, text


FAMILIES = {
    "tamper",
    "content",
    "packaging",
    "profile",
    "schema-edit",
    "types",
    "schema-values",
    "cells",
    "archive",
    "limits",
    *corpus_reader3.FAMILIES,
}


def test_corpus_is_large_and_covers_every_family() -> None:
    families = {c.family for c in CASES}
    assert len(CASES) >= 130 and len({c.name for c in CASES}) == len(CASES)
    assert families == FAMILIES
    assert all(issubclass(c.error, csto_annotations.DatasetError) for c in CASES)
    assert set(SUBPROCESS_CASES) <= set(BY_NAME)


def test_untouched_copy_passes(corpus: dict[str, Built], capsys: pytest.CaptureFixture[str]) -> None:
    source = corpus["untouched"].source
    ds = csto_annotations.load(source)
    # An untouched copy of a registered release is that release: its descriptor's sha256 pins it.
    assert len(ds.claims) > 0 and ds.verify == "hashes"
    assert csto_annotations.load(source, verify="full").claims.equals(ds.claims)
    assert cli.main(["validate", str(source)]) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith(": valid")
    assert not [line for line in out.splitlines() if not line.startswith("warning: ") and not line.endswith(": valid")]


def test_untouched_copy_passes_in_a_subprocess(subprocess_runs: dict[str, subprocess.CompletedProcess]) -> None:
    run = subprocess_runs["untouched"]
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.rstrip().endswith(": valid") and "Traceback" not in run.stderr


@pytest.mark.parametrize("case", CASES, ids=str)
def test_load_refuses(case: Case, corpus: dict[str, Built], corpus_work: Path, isolated_cache: Path) -> None:
    built = corpus[case.name]
    with untouched_and_in_time(corpus_work / case.name, isolated_cache), pytest.raises(case.error) as caught:
        csto_annotations.load(built.source)
    message = str(caught.value)
    # A refusal of the descriptor names it, or the Table Schema whose edit it refuses.
    named = [case.table or built.source.name] + (
        ["datapackage.json", ".schema.json"] if case.table == "datapackage.json" else []
    )
    assert any(name in message for name in named), message
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
def test_validate_reports(
    case: Case, corpus: dict[str, Built], corpus_work: Path, isolated_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    built = corpus[case.name]
    with untouched_and_in_time(corpus_work / case.name, isolated_cache):
        code = cli.main(["validate", str(built.source)])
    captured = capsys.readouterr()
    assert_reported(case, built, code, captured.out, captured.err)


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_validate_reports_in_a_subprocess(
    name: str, corpus: dict[str, Built], subprocess_runs: dict[str, subprocess.CompletedProcess]
) -> None:
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
    edits.set_cell(root, "claims", 3, "notes", '=HYPERLINK("http://127.0.0.1/")')
    edits.set_cell(root, "entities", 4, "description", "@SUM(1)")
    edits.rehash(root)
    assert cli.main(["validate", str(root)]) == 0
    out = capsys.readouterr().out
    warnings = [line for line in out.splitlines() if line.startswith("warning: ")]
    assert any(
        line.startswith("warning: claims row 3 column notes: expected no leading =") and "HYPERLINK" in line
        for line in warnings
    ), out
    assert any(line.startswith("warning: entities row 4 column description:") for line in warnings), out
    assert out.rstrip().endswith(": valid")
    report = csto_annotations.validate(root)
    assert report.valid and {(p.table, p.row, p.column) for p in report.warnings} >= {
        ("claims", 3, "notes"),
        ("entities", 4, "description"),
    }
    assert csto_annotations.load(root).claims.loc[1, "notes"].startswith("=HYPERLINK")


def _command(name: str, source: Path, out: Path) -> list[str]:
    return {
        "info": ["info", str(source)],
        "cite": ["cite", str(source)],
        "cite-bibtex": ["cite", str(source), "--format", "bibtex"],
        "export": ["export", str(source), "--format", "csv", "--out", str(out / "export")],
        "view": ["view", str(source), "--out", str(out / "view.html")],
    }[name]


@pytest.mark.parametrize("command", ["info", "cite", "cite-bibtex", "export", "view"])
@pytest.mark.parametrize("name", COMMAND_CASES)
def test_other_commands_refuse_cleanly(
    name: str,
    command: str,
    corpus: dict[str, Built],
    corpus_work: Path,
    isolated_cache: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out, source = tmp_path / "out", corpus[name].source  # built before the snapshot
    with untouched_and_in_time(corpus_work / name, isolated_cache):
        code = cli.main(_command(command, source, out))
    text = "".join(capsys.readouterr())
    assert code == 1, text
    assert text.startswith("error: ") and "Traceback" not in text and "internal error" not in text
    assert "\x1b" not in text and "\x00" not in text and "SECRET-TOKEN" not in text
    assert not out.exists(), "a refused package produced output"


@pytest.mark.parametrize("name", BUILD_CASES)
def test_build_refuses_cleanly(
    name: str,
    corpus: dict[str, Built],
    corpus_work: Path,
    isolated_cache: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # build writes into its package, so it runs on a copy (links kept as links).
    corpus[name]  # built on first use
    case_dir = Path(shutil.copytree(corpus_work / name, tmp_path / name, symlinks=True))
    with untouched_and_in_time(case_dir, isolated_cache):
        code = cli.main(["build", str(case_dir / "pkg")])
    text = "".join(capsys.readouterr())
    assert code == 1, text
    assert text.startswith("error: ") and "Traceback" not in text and "internal error" not in text
    assert "SECRET-TOKEN" not in text


ESCAPES = "\x1b[2J\x1b]0;owned\x07"


@pytest.fixture()
def injected(tmp_path: Path) -> Path:
    """A valid package whose title and a claim's notes carry terminal escape sequences.

    The descriptor is not hashed, and the notes are re-measured, so it loads: the escapes must be
    escaped wherever they are printed, not refused.
    """
    root = edits.fresh_copy(tmp_path / "pkg")
    data = edits.descriptor(root)
    data["title"] = f"CSTO {ESCAPES} annotations"
    edits.write_descriptor(root, data)
    return root


@pytest.mark.parametrize("command", [["info"], ["cite"], ["cite", "--format", "bibtex"], ["cite", "--format", "apa"]])
def test_escape_sequences_in_the_title_are_printed_escaped(
    command: list[str], injected: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if command[-1] == "apa" and "apa" not in cli.CITE_FORMATS:
        command = command[:-2]
    code = cli.main([command[0], str(injected), *command[1:]])
    text = "".join(capsys.readouterr())
    assert code == 0, text
    assert "\x1b" not in text and "\x07" not in text
    assert "\\x1b[2J" in text, text


def test_escape_sequences_in_an_id_are_printed_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = edits.fresh_copy(tmp_path / "pkg")
    edits.set_cell(root, "claims", 2, "claim_id", "CL-0001\x1b[2J")
    edits.set_cell(root, "claims", 3, "notes", "note \x1b[31mred")
    edits.rehash(root)
    assert cli.main(["validate", str(root)]) == 1
    text = "".join(capsys.readouterr())
    assert "\x1b" not in text and "CL-0001\\x1b[2J" in text and "\\x1b[31m" in text
