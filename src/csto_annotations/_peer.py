"""frictionless, the reference implementation, run beside the engine (``validate --frictionless``).

It runs only on a package the reader has already checked: the closed profile
has refused every key that would make frictionless open a connection or read
outside the package (``extrapaths``, a ``dialect`` or ``profile`` URL), and
every file has passed its hash. Archives are not handed to it.

Example
-------
>>> from csto_annotations._base._paths import bundled_root
>>> frictionless_problems(bundled_root())
[]
"""

from __future__ import annotations

from pathlib import Path

from ._base._errors import OptionalDependencyError
from ._engine._report import Problem


def frictionless_problems(root: Path) -> list[Problem]:
    """Validate ``root`` with frictionless and return its findings as problems.

    Parameters
    ----------
    root : pathlib.Path
        A package directory already read and verified by the reader.

    Returns
    -------
    list of Problem
        One per frictionless error, marked ``frictionless <type>``.

    Raises
    ------
    OptionalDependencyError
        When frictionless (the ``frictionless`` extra) is not installed.
    """
    if Path(root).is_file():
        return [Problem("datapackage.json", None, None, "frictionless was not run: it reads package "
                        "directories only; extract the archive and validate the folder.", severity="warning")]  # fmt: skip
    try:
        import frictionless
    except ImportError:
        raise OptionalDependencyError(
            "validate --frictionless needs frictionless, which the 'frictionless' extra installs: from a "
            'checkout, run pip install -e ".[frictionless]" (the package is not published on any index yet).'
        ) from None

    report = frictionless.validate(str(Path(root) / "datapackage.json"))
    problems = [Problem("datapackage.json", None, None, f"frictionless {e.type}: {e.note}") for e in report.errors]
    for task in report.tasks:
        for error in task.errors:
            row, column = getattr(error, "row_number", None), getattr(error, "field_name", None)
            problems.append(Problem(task.name or "?", row, column, f"frictionless {error.type}: {error.note}"))
    return problems
