"""frictionless, the reference implementation, run beside the engine (``validate --frictionless``).

It runs only on a package the reader has already checked: the closed profile
has refused every key that would make frictionless open a connection or read
outside the package (``extrapaths``, a ``dialect`` or ``profile`` URL), and
every file has passed its hash. Archives are not handed to it.

It runs in a child process, under a deadline
(:data:`~csto_annotations._base._limits.PEER_DEADLINE`): frictionless
matches ``pattern`` constraints with Python's backtracking ``re``, where a
pattern the engine's RE2 runs in linear time, such as ``(a+)+b|a+c``, can
take exponential time. When the deadline passes the child is killed and
:class:`~csto_annotations.LimitError` is raised; an exception inside
frictionless becomes a problem line, never a traceback.

Example
-------
>>> from csto_annotations._base._paths import bundled_root
>>> frictionless_problems(bundled_root())
[]
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

from ._base import _limits
from ._base._errors import LimitError, OptionalDependencyError
from ._base._text import printable
from ._engine._report import Problem

# The child: this very package (its folder first on sys.path), then frictionless, then JSON on stdout.
_CHILD = "import sys; sys.path.insert(0, sys.argv[1]); from csto_annotations._peer import _main; _main(sys.argv[2])"


def _main(root: str) -> None:
    """The child process: print frictionless's problems, or the exception it raised instead, as JSON."""
    try:
        import frictionless

        report = frictionless.validate(str(Path(root) / "datapackage.json"))
        problems = [Problem("datapackage.json", None, None, f"frictionless {e.type}: {e.note}") for e in report.errors]
        for task in report.tasks:
            for found in task.errors:
                row, column = getattr(found, "row_number", None), getattr(found, "field_name", None)
                problems.append(Problem(task.name or "?", row, column, f"frictionless {found.type}: {found.note}"))
    except Exception as error:  # frictionless raising is one of its findings, reported as a line
        detail = " ".join(f"{type(error).__name__}: {error}".split())[:500]
        problems = [Problem("datapackage.json", None, None, f"frictionless stopped with {detail}")]
    # The last line of stdout, whatever frictionless may have printed before it.
    print("\n" + json.dumps([[p.table, p.row, p.column, p.message] for p in problems]))


def frictionless_problems(root: Path) -> list[Problem]:
    """Validate ``root`` with frictionless, in a child process under a deadline; return its findings.

    Parameters
    ----------
    root : pathlib.Path
        A package directory already read and verified by the reader.

    Returns
    -------
    list of Problem
        One per frictionless error, marked ``frictionless <type>``; one
        ``frictionless stopped with …`` when frictionless raised instead.

    Raises
    ------
    OptionalDependencyError
        When frictionless (the ``frictionless`` extra) is not installed.
    LimitError
        When frictionless has not finished within ``PEER_DEADLINE`` seconds.
    """
    if Path(root).is_file():
        return [Problem("datapackage.json", None, None, "frictionless was not run: it reads package "
                        "directories only; extract the archive and validate the folder.", severity="warning")]  # fmt: skip
    # find_spec also answers None for a module the tests hide (``sys.modules["frictionless"] = None``).
    if importlib.util.find_spec("frictionless") is None:
        raise OptionalDependencyError(
            "validate --frictionless needs frictionless, which the 'frictionless' extra installs: from a "
            'checkout, run pip install -e ".[frictionless]" (the package is not published on any index yet).'
        )
    here = str(Path(__file__).resolve().parents[1])
    try:  # a new interpreter, not a fork: it holds none of this process's threads, and is killed at the deadline
        done = subprocess.run([sys.executable, "-c", _CHILD, here, str(root)], capture_output=True,
                              timeout=_limits.PEER_DEADLINE, check=False)  # fmt: skip
    except subprocess.TimeoutExpired:
        raise LimitError(
            f"{root}: frictionless did not finish within {_limits.PEER_DEADLINE:g} s and was stopped. It matches "
            "schema patterns with Python's backtracking re, where a pattern such as '(a+)+b|a+c' takes "
            "exponential time (the engine runs patterns in RE2, in linear time, and found no problem). Check "
            "the schemas' patterns, or validate without --frictionless."
        ) from None
    try:
        return [Problem(*line) for line in json.loads(done.stdout.splitlines()[-1])]
    except (ValueError, IndexError):  # the child died without a report (killed, out of memory)
        tail = printable(" ".join(done.stderr.decode("utf-8", "replace").split()[-30:]))
        return [Problem("datapackage.json", None, None, f"frictionless stopped (exit code {done.returncode}) "
                        f"without a report: {tail}")]  # fmt: skip
