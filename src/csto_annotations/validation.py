"""``validate()``: every check of a data package, as a list of problems.

Steps, in order:

1. the descriptor, then each Table Schema (structure, safe paths); a bad
   schema is reported against its table, and the other tables are still checked;
2. integrity: each file's ``bytes`` and ``hash``;
3. frictionless validation of the whole package, foreign keys included;
4. the bytes of each CSV (BOM, UTF-8, open quotes, cell size) and the checks
   no schema can express (see :mod:`.checks`).

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

from .descriptor import Package, load_schemas, read_descriptor
from .errors import DatasetError
from .integrity import read_resource
from .sources import resolve_source

__all__ = ["Problem", "Report", "validate"]

# Sizes and hashes are checked by the integrity step; encoding errors by
# csvcheck, which names the row and column (frictionless names only the file).
_SKIPPED_FRICTIONLESS = {"hash-count", "byte-count", "encoding-error"}


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


#: What each kind of unreadable file was expected to be, for the problem line.
_EXPECTED = {
    "IntegrityError": "expected the size and sha256 recorded in datapackage.json",
    "UnsafePathError": "expected a path inside the package directory",
    "MissingFileError": "expected the file to exist",
}


def _unreadable(name: str, error: DatasetError, column: str | None = None) -> Problem:
    """One problem line for a resource that could not be read or verified."""
    expected = _EXPECTED.get(type(error).__name__, "expected a readable file")
    return Problem(name, None, column, f"{expected}: {error}")


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
            problems.append(_unreadable(name, error))
    return contents, problems


def _read(root: "os.PathLike[str]") -> tuple[Package | None, list[Problem]]:
    """Read the descriptor and every Table Schema; a bad schema only sidelines its table."""
    try:
        descriptor = read_descriptor(root)
    except DatasetError as error:
        return None, [Problem("datapackage.json", None, None, f"expected a valid descriptor: {error}")]
    schemas, failures = load_schemas(root, descriptor)
    problems = [
        Problem(name, None, failure.field, f"expected a valid Table Schema: {failure.error}")
        for name, failure in failures.items()
    ]
    kept = dict(descriptor, resources=[r for r in descriptor["resources"] if r["name"] not in failures])
    return Package(root=root, descriptor=kept, schemas=schemas), problems


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
    package, problems = _read(root)
    if package is None:
        return Report(str(root), problems)
    contents, unreadable_problems = _integrity(package)
    problems += unreadable_problems
    unreadable = {r["name"] for r in package.resources} - set(contents)
    problems += _frictionless(package, unreadable)
    problems += _semantic(package, contents)
    return Report(str(root), problems)
