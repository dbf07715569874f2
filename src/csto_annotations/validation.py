"""``validate()``: every check of a data package, as a list of problems.

Steps, in order:

1. the descriptor and Table Schemas (structure, safe paths);
2. integrity: each file's ``bytes`` and ``hash``;
3. frictionless validation of the whole package, foreign keys included;
4. the checks no schema can express (see :mod:`.checks`).

Rows are numbered as frictionless numbers them: the header is row 1 and the
first data row is row 2.

Example
-------
>>> import csto_annotations
>>> report = csto_annotations.validate()
>>> report.valid
True
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from .descriptor import Package, read_package
from .errors import DatasetError
from .integrity import read_resource
from .sources import resolve_source

__all__ = ["Problem", "Report", "validate"]

_SKIPPED_FRICTIONLESS = {"hash-count", "byte-count"}


@dataclass(frozen=True)
class Problem:
    """One problem found in a package.

    Attributes
    ----------
    table : str
        The resource (table) name, or ``datapackage.json``.
    row : int or None
        The row number as frictionless counts it (header = 1).
    column : str or None
        The column (field) concerned.
    message : str
        What was expected and what was found (``"expected …, found …"``).
    key : str or None
        The row's primary key (``"claim_id CL-0001"``), when there is one.
    severity : str
        ``"error"`` or ``"warning"``.

    Example
    -------
    >>> str(Problem("claims", 3, "exact", "expected 'a', found 'b'", "claim_id CL-0002"))
    "claims row 3 column exact: expected 'a', found 'b' (claim_id CL-0002)"
    """

    table: str
    row: int | None
    column: str | None
    message: str
    key: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        where = [self.table]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        text = f"{' '.join(where)}: {self.message}"
        if self.key:
            text += f" ({self.key})"
        return ("warning: " + text) if self.severity == "warning" else text


@dataclass
class Report:
    """The result of :func:`validate`.

    Attributes
    ----------
    source : str
        The package directory that was validated.
    problems : list of Problem
        Errors and warnings, in the order the steps found them.

    Example
    -------
    >>> Report("x", [Problem("t", 2, "c", "expected 1, found 2")]).valid
    False
    """

    source: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """The problems that make the package invalid."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that do not make the package invalid."""
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def valid(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors

    def __str__(self) -> str:
        lines = [str(p) for p in self.problems]
        verdict = "valid" if self.valid else f"invalid: {len(self.errors)} problem(s)"
        return "\n".join(lines + [f"{self.source}: {verdict}"])


def _integrity(package: Package) -> tuple[dict[str, bytes], list[Problem]]:
    """Read every resource once, checking size and hash."""
    contents: dict[str, bytes] = {}
    problems: list[Problem] = []
    for resource in package.resources:
        name = resource["name"]
        try:
            data = read_resource(package, name, verify=False)
            contents[name] = data
            _check(package, name, data)
        except DatasetError as error:
            problems.append(Problem(name, None, None, f"expected an intact file: {error}"))
    return contents, problems


def _check(package: Package, name: str, data: bytes) -> None:
    """Check already-read bytes against the descriptor (raises IntegrityError)."""
    from .integrity import check_bytes

    check_bytes(
        data,
        package.resource(name),
        path=package.resource_path(name),
        descriptor_path=package.descriptor_path,
    )


def _frictionless(package: Package, unreadable: set[str]) -> list[Problem]:
    """Run frictionless on the whole package and map its errors."""
    from .frictionless_map import frictionless_problems

    return frictionless_problems(package, skip_resources=unreadable, skip_types=_SKIPPED_FRICTIONLESS)


def _semantic(package: Package, contents: dict[str, bytes]) -> list[Problem]:
    """Run the checks no schema can express."""
    from .checks import semantic_problems

    return semantic_problems(package, contents)


def validate(source: str | os.PathLike[str] | None = None) -> Report:
    """Validate a data package and return every problem found.

    Parameters
    ----------
    source : str, PathLike or None
        Anything :func:`csto_annotations.load` accepts (default: the bundled copy).

    Returns
    -------
    Report
        ``report.valid`` is true when there are no errors; ``report.problems``
        lists errors and warnings.

    Raises
    ------
    DatasetError
        Only when the source itself cannot be found or fetched; problems in
        the package are reported, not raised.

    Example
    -------
    >>> import csto_annotations
    >>> print(csto_annotations.validate().errors)
    []
    """
    root = resolve_source(source)
    try:
        package = read_package(root)
    except DatasetError as error:
        return Report(str(root), [Problem("datapackage.json", None, None, f"expected a valid descriptor: {error}")])
    contents, problems = _integrity(package)
    unreadable = {r["name"] for r in package.resources} - set(contents)
    problems += _frictionless(package, unreadable)
    problems += _semantic(package, contents)
    return Report(str(root), problems)
