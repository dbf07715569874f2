"""What an output checks before it writes: the columns it reads, and its optional library.

Every output (citations of claims and quotes, exports, the viewer) calls
:func:`require` before it writes anything, so a dataset that lacks a table,
column or type the output reads (:data:`~._base._reads.READS`) is refused by
name instead of failing half-way; and imports an optional library with
:func:`import_optional`, whose error says which extra installs it. A load
runs neither, so this module sits with the outputs, above the loading path.

Example
-------
>>> import_optional("json", None, "nothing").__name__
'json'
"""

from __future__ import annotations

import importlib
from typing import Any

from ._base._errors import DatasetError, OptionalDependencyError
from ._base._reads import READS, column_problem


def require(ds: Any, output: str) -> None:
    """Refuse ``ds`` for ``output`` unless it has every table, column and type the output reads.

    Parameters
    ----------
    ds : Tables
        The dataset (its ``tables``, ``schemas`` and ``root`` are read).
    output : str
        A key of :data:`READS`, or an export format that has none (then nothing is required).

    Raises
    ------
    DatasetError
        Naming the output, the table and the column, before anything is written;
        or saying that ``ds`` was never checked (``verify="hashes"`` on a source
        no release pins).

    Example
    -------
    >>> import csto_annotations
    >>> require(csto_annotations.load(), "brat")
    >>> require(csto_annotations.load(tables=["claims"]), "brat")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    csto_annotations._base._errors.DatasetError: ...: the brat output needs the tables ['documents', 'entities', ...
    """
    if not ds.checked:  # the outputs rely on the rules: unique IDs, spans inside their texts, references that hold
        raise DatasetError(f"{ds.root}: the {output} output needs a checked dataset, and this one was loaded with "
                           "verify='hashes' from a source no release pins, so no rule was run on it; load it with "
                           "verify='full' (the default for such a source).")  # fmt: skip
    needed = READS.get(output, {})
    missing = [table for table in needed if table not in ds.tables]
    if missing:
        raise DatasetError(f"{ds.root}: the {output} output needs the tables {missing}, which were not loaded; "
                           "load the dataset with tables=None (the default).")  # fmt: skip
    schemas = ds.schemas
    for table, columns in needed.items():
        fields = {f["name"]: f for f in schemas[table]["fields"]}
        for column, (kind, use) in columns.items():
            problem = column_problem(table, column, fields.get(column), kind, use)
            if problem is None and column in fields and column not in ds.tables[table].columns:
                problem = f"field {column!r} is in the schema but not in the loaded table"
            if problem is not None:
                raise DatasetError(f"{ds.root}: table {table}: {problem}; the {output} output cannot be made.")


def import_optional(module: str, extra: str | None, what: str) -> Any:
    """Import an optional ``module``, or raise :class:`OptionalDependencyError` saying how to install it.

    Parameters
    ----------
    module : str
        The module to import, such as ``"duckdb"`` or ``"pyarrow.parquet"``.
    extra : str or None
        The extra that installs it; None for a core dependency (a broken install).
    what : str
        Who needs what, the start of the message: ``"to_duckdb() needs duckdb"``.

    Example
    -------
    >>> import_optional("csto_no_such_module", "view", "The viewer needs Jinja2")
    Traceback (most recent call last):
    ...
    csto_annotations._base._errors.OptionalDependencyError: The viewer needs Jinja2, which the 'view' extra installs: from a checkout, run pip install -e ".[view]" (the package is not published on any index yet).
    """
    try:
        return importlib.import_module(module)
    except ImportError as missing:
        if extra:
            which, spec = f"which the '{extra}' extra installs", f'".[{extra}]"'
        else:
            which, spec = "a core dependency of csto-annotations that is not installed", "."
        raise OptionalDependencyError(f"{what}, {which}: from a checkout, run pip install -e {spec} (the package is "
                                      "not published on any index yet).") from missing  # fmt: skip
