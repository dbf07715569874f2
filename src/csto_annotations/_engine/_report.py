"""What the engine finds: :class:`Problem` lines, gathered in a :class:`Report`.

Rows are numbered as frictionless numbers them: the header is row 1 and the
first data row is row 2. Every value is escaped when a problem is printed, so
a hostile cell cannot reach the terminal as a control sequence.

Example
-------
>>> print(Problem("claims", 2, "claim_type", "expected one of event, state, found 'rumour'"))
claims row 2 column claim_type: expected one of event, state, found 'rumour'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .._base._text import printable


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
        row = "" if self.row is None else f" row {self.row}"
        parts = (self.table, self.column or "", self.message, self.key or "")  # a field name may hold controls too
        table, column, message, key = (printable(s, keep_newlines=False) for s in parts)
        column, key = f" column {column}" if self.column is not None else "", f" ({key})" if key else ""
        return ("warning: " if self.severity == "warning" else "") + f"{table}{row}{column}: {message}{key}"


@dataclass
class Report:
    """The result of :func:`validate`.

    Attributes
    ----------
    source : str
        The package that was validated.
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
        return "\n".join(lines + [f"{printable(self.source, keep_newlines=False)}: {verdict}"])
