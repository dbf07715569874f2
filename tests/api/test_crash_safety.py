"""A build killed mid-write (SIGKILL from the parent) leaves every file whole, and a rerun completes.

(A build that fails, rather than being killed, changes nothing: tests/api/test_build.py injects a
failure at every step of its writes.)

The child runs the real ``build()`` in its own interpreter. Its only change is
a wrapper around ``os.replace`` (which :mod:`csto_annotations._atomic` calls to
rename a finished temp file into place): before renaming the chosen file it
prints a line and blocks on its stdin. The parent then kills it with SIGKILL,
so the process dies exactly between "temp file written" and "renamed".
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import csto_annotations
from csto_annotations import build
from hostile import edits

CHILD = r"""
import os, sys
target, root = sys.argv[1], sys.argv[2]
real_replace = os.replace

def replace(src, dst, *args, **kwargs):
    if os.path.basename(dst) == target:
        print(f"pausing before renaming {src} to {dst}", flush=True)
        sys.stdin.readline()  # the parent kills us here
    return real_replace(src, dst, *args, **kwargs)

os.replace = replace
from csto_annotations import build
build(root)
print("finished", flush=True)
"""


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root``, by relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture()
def unbuilt(tmp_path: Path) -> Path:
    """A real package copy whose first mention and first claim lost their offsets
    (and whose first claim got a new note, so hashes change): build rewrites
    mentions.csv, claims.csv and datapackage.json, in that order."""
    root = edits.fresh_copy(tmp_path / "pkg")
    for table in ("mentions", "claims"):
        edits.set_cell(root, table, 2, "start", "")
        edits.set_cell(root, table, 2, "end", "")
    edits.set_cell(root, "claims", 2, "notes", "Edited before the build.")
    return root


def kill_before_renaming(root: Path, target: str) -> tuple[int, str]:
    """Run the build in a child, SIGKILL it before it renames ``target``; return (code, pause line)."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, target, str(root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(120, child.kill)  # never hang the suite
    watchdog.start()
    try:
        line = child.stdout.readline()
        if line.startswith("pausing"):
            child.send_signal(signal.SIGKILL)
        child.wait()
        return child.returncode, line
    finally:
        watchdog.cancel()
        child.stdout.close()
        child.stdin.close()
        child.stderr.close()


@pytest.mark.parametrize(
    "target, renamed_first", [("mentions.csv", []), ("datapackage.json", ["data/mentions.csv", "data/claims.csv"])]
)
def test_killed_build_leaves_whole_files_and_a_rerun_completes(
    unbuilt: Path, tmp_path: Path, target: str, renamed_first: list[str]
) -> None:
    before = snapshot(unbuilt)
    reference = Path(shutil.copytree(unbuilt, tmp_path / "reference"))
    assert [p.name for p in build(reference)] == ["mentions.csv", "claims.csv", "datapackage.json"]
    after = snapshot(reference)

    code, line = kill_before_renaming(unbuilt, target)
    assert code == -signal.SIGKILL and line.startswith("pausing"), line

    state = snapshot(unbuilt)
    leftovers = sorted(name for name in state if name not in before)
    tracked = {name: data for name, data in state.items() if name in before}
    assert set(tracked) == set(before)
    for name, data in tracked.items():
        expected = after[name] if name in renamed_first else before[name]
        assert data == expected, f"{name} is neither untouched nor the finished new version"
    target_path = next(name for name in before if name.endswith(target))
    assert tracked[target_path] == before[target_path]
    # Every file was staged before the first rename: the traces of the kill are, beside each target, a copy of
    # its old content (.old) and, where it was not renamed yet, its finished new content (.tmp).
    targets = ["data/mentions.csv", "data/claims.csv", "datapackage.json"]
    traces = {}
    for name in leftovers:
        folder, _, hidden = name.rpartition("/")
        assert hidden.startswith("."), name
        written = "/".join(filter(None, [folder, hidden[1:].rsplit(".", 2)[0]]))
        traces[(written, hidden.rsplit(".", 1)[1])] = state[name]
    assert traces == {
        **{(t, "old"): before[t] for t in targets},
        **{(t, "tmp"): after[t] for t in targets if t not in renamed_first},
    }

    rerun = subprocess.run(
        [sys.executable, "-m", "csto_annotations", "build", str(unbuilt)], capture_output=True, text=True, timeout=120
    )
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert {name: data for name, data in snapshot(unbuilt).items() if name in before} == after
    assert csto_annotations.validate(unbuilt).valid
    assert len(csto_annotations.load(unbuilt).claims) == len(csto_annotations.load(reference).claims)


def test_killed_remeasure_leaves_the_old_descriptor_and_the_edit_detected(tmp_path: Path) -> None:
    """A build with nothing to anchor, killed before it renames the re-measured
    descriptor: every file is as it was, so the hand edit is still caught."""
    root = edits.fresh_copy(tmp_path / "pkg")
    edits.set_cell(root, "claims", 2, "notes", "edited")
    before = snapshot(root)
    code, line = kill_before_renaming(root, "datapackage.json")
    assert code == -signal.SIGKILL and line.startswith("pausing"), line
    assert {n: d for n, d in snapshot(root).items() if n in before} == before
    with pytest.raises(csto_annotations.IntegrityError, match="claims"):
        csto_annotations.load(root)
