"""Running commands in-process for the hostile tests: output captured, loads memoised, folders snapshotted.

Example
-------
>>> run(["cite", "--format", "bibtex"])[0]
0
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path
from typing import Any

import csto_annotations
from csto_annotations import _cli as cli


def run(argv: list[str]) -> tuple[int, str]:
    """Exit code of ``cli.main(argv)`` and everything it printed (standard error first)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, err.getvalue() + out.getvalue()


def snapshot(path: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``path`` (links not followed), with the files' bytes."""
    if not os.path.lexists(path):
        return {}
    if path.is_symlink() or not path.is_dir():
        return {str(path): os.readlink(path).encode() if path.is_symlink() else path.read_bytes()}
    found: dict[str, bytes | None] = {str(path): None}
    for entry in path.rglob("*"):
        found.update(snapshot(entry) if entry.is_symlink() or not entry.is_dir() else {str(entry): None})
    return found


class Loads:
    """``cli.load`` memoised: the commands run on one package read it once (``forget`` starts afresh)."""

    def __init__(self) -> None:
        self.seen: dict[tuple[Any, ...], Any] = {}

    def forget(self, keep: Path | None = None) -> None:
        """Forget every package but ``keep``."""
        self.seen = {k: v for k, v in self.seen.items() if keep is not None and k[0] == str(keep)}

    def __call__(self, source: Any = None, **options: Any) -> Any:
        key = (str(source), *sorted(options.items()))
        if key not in self.seen:
            try:
                self.seen[key] = csto_annotations.load(source, **options)
            except csto_annotations.DatasetError as error:
                self.seen[key] = error
        found = self.seen[key]
        if isinstance(found, Exception):
            raise found
        return found
