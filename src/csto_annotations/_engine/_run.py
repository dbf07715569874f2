"""The engine's one entry point: a verified package in, typed tables and problems out.

``load()`` and ``validate`` both call :func:`check`; the level decides how much
runs:

* ``"full"``: every rule: the structure the rules need (:mod:`._structure`),
  the CSV structure, every cell's type and constraints, keys, texts, spans and
  the codebook rules. A broken table is reported and skipped, and the others
  are still checked, so one run lists every problem.
* ``"hashes"``: for packages whose hashes a release published (the reader has
  verified them): the structure, then only the types are parsed.

Either way the typed Arrow columns reach pandas in the dtypes the schemas promise
(:func:`to_frame`): each type's pandas dtype is its row of ``_base._fields.TYPES``:
``string`` (pyarrow storage, NA is ``pd.NA``), ``int64`` for a required integer and
``Int64`` otherwise, ``Float64``, ``boolean``, ``datetime64[ns]``; an enum or
categories field is ``category`` in schema order (ordered if ``categoriesOrdered``).

Example
-------
>>> from csto_annotations._base._paths import bundled_root
>>> from csto_annotations._reader._package import read_package
>>> result = check(read_package(bundled_root()), "full")
>>> result.problems, len(result.frames)
([], 7)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .._base._fields import TYPES, arrow_type, categories, is_ordered, is_required
from .._reader._package import Package
from ._cells import check_field, has_control_bytes
from ._codebook import codebook_problems
from ._csv import CsvFault, read_strings, read_typed
from ._keys import check_keys, key_problems
from ._report import Problem
from ._rules import document_texts, formula_warnings, rule_problems
from ._structure import CODEBOOK_EDITION, check_structure

LEVELS = ("full", "hashes")


@dataclass
class Checked:
    """What :func:`check` found: typed tables, decoded texts, and problems."""

    frames: dict[str, Any]
    texts: dict[str, str]
    problems: list[Problem]


def _column(values: Any, field: dict[str, Any]) -> Any:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    labels = categories(field)
    if labels is not None:
        codes = pc.fill_null(pc.index_in(values, value_set=pa.array(labels, pa.string())), -1)
        return pd.Categorical.from_codes(codes.to_numpy(), dtype=pd.CategoricalDtype(labels, ordered=is_ordered(field)))
    kind, dtype = field["type"], TYPES[field["type"]].pandas
    if kind == "date":
        return values.to_pandas().astype(dtype).array
    if kind == "integer" and is_required(field) and values.null_count == 0:
        return values.to_numpy()
    return values.to_pandas(types_mapper={values.type: pd.api.types.pandas_dtype(dtype)}.get).array


def to_frame(columns: dict[str, Any], schema: dict[str, Any]) -> Any:
    """Build the typed DataFrame of one table from its Arrow columns.

    Parameters
    ----------
    columns : dict
        Field name → typed ``pyarrow.ChunkedArray``.
    schema : dict
        The Table Schema.

    Returns
    -------
    pandas.DataFrame

    Example
    -------
    >>> import pyarrow as pa
    >>> frame = to_frame({"n": pa.chunked_array([[1, 2]])}, {"fields": [{"name": "n", "type": "integer"}]})
    >>> str(frame["n"].dtype)
    'Int64'
    """
    import pandas as pd

    names = [f["name"] for f in schema["fields"]]  # a field declared twice stays twice (a dict keeps one)
    return pd.DataFrame({f["name"]: _column(columns[f["name"]], f) for f in schema["fields"]}, columns=names)


def _table(data: bytes, schema: dict[str, Any], table: str, where: str, level: str) -> tuple[Any, list[Problem]]:
    """One table typed: at ``"hashes"`` by the CSV reader alone, else cell by cell with every field's rules."""
    fields, missing = schema["fields"], list(schema.get("missingValues", [""]))
    names = [f["name"] for f in fields]
    if level == "hashes":
        types = {f["name"]: arrow_type(f["type"]) for f in fields}
        return to_frame(read_typed(data, names, types, missing), schema), []
    raw, columns, problems = read_strings(data, names, table), {}, []
    control = has_control_bytes(data)  # where the file has none, no cell needs the per-cell search
    for field in fields:
        columns[field["name"]], found = check_field(raw.column(field["name"]), field, missing, table, where,
                                                    control_bytes=control)  # fmt: skip
        problems += found
    return to_frame(columns, schema), problems


def check(package: Package, level: str = "full") -> Checked:
    """Type every table the reader read, and run the rules of ``level``.

    Parameters
    ----------
    package : Package
        A package the reader has verified. Its tables' bytes are consumed:
        each leaves ``package.data`` once parsed (the texts stay), so the
        rules run without a copy of every file beside the frames.
    level : {"full", "hashes"}
        How much to check (see the module docstring).

    Returns
    -------
    Checked

    Raises
    ------
    DescriptorError
        The schemas lack what the rules need, or a pattern is not RE2.
    """
    where = {name: package.files.show(str(package.resource(name)["schema"])) for name in package.schemas}
    edition = package.release["codebook"] if package.release else CODEBOOK_EDITION
    full, codebook = level == "full", level == "full" and edition == CODEBOOK_EDITION
    if full:  # before any key is compared across tables
        check_keys(package.schemas, where)
    if codebook:  # a pinned release was checked when it was released, by the rules of its day
        check_structure(package.schemas, where)
    import pyarrow as pa

    frames: dict[str, Any] = {}
    problems: list[Problem] = []
    for name in [table for table in package.table_names if table in package.data]:
        try:
            frames[name], found = _table(package.data.pop(name), package.schemas[name], name, where[name], level)
        except CsvFault as fault:
            found = [fault.problem]
        # Hand what parsing and typing one table freed back before the next: Arrow's allocator keeps it
        # otherwise, and the peak would hold every table's scratch space (18 MB of 133 at N = 500). Not at
        # "hashes", where it cost 13% of the time (12 ms at N = 500; 4% at "full").
        if full:
            pa.default_memory_pool().release_unused()
        problems += found
    keys = key_problems(frames, package.schemas) if full else []
    # The cross-table rules read only tables whose every cell is well typed and whose keys hold
    # (they look rows up by key, which a repeated key makes ambiguous).
    broken = {p.table for p in problems + keys if p.severity == "error"}
    sound = {name: frame for name, frame in frames.items() if name not in broken}
    texts: dict[str, str] = {}
    if "documents" in sound:
        texts, found = document_texts(frames["documents"], package.resources, package.data)
        problems += found if full else []
    if full:
        problems += keys + rule_problems(sound, texts)
        problems += codebook_problems(sound, texts) if codebook else [_earlier_edition(package, edition)]
        problems += formula_warnings(frames, package.schemas)
    return Checked(frames, texts, _with_keys(problems, frames, package.schemas))


def _earlier_edition(package: Package, edition: int) -> Problem:
    """The note that a registered release follows an earlier codebook, whose rules it was checked by."""
    version = (package.release or {}).get("version")
    return Problem("datapackage.json", None, None, f"release {version} follows codebook edition {edition}, not {CODEBOOK_EDITION}: "
                   "its types, keys, texts and spans were checked here; the structure and codebook rules of edition "
                   f"{CODEBOOK_EDITION} do not apply to it (it passed those of its own edition when released, and "
                   "the registry pins its every file).", severity="warning")  # fmt: skip


def _with_keys(problems: list[Problem], frames: dict[str, Any], schemas: dict[str, dict[str, Any]]) -> list[Problem]:
    """Name each problem's row by its primary key too (``claim_id CL-0004``), where the row has one."""
    labelled = []
    for problem in problems:
        frame, key = frames.get(problem.table), schemas.get(problem.table, {}).get("primaryKey")
        if frame is not None and key and problem.row is not None and 0 <= problem.row - 2 < len(frame):
            values = [frame[column].iloc[problem.row - 2] for column in key]
            if all(isinstance(v, str) for v in values):
                problem = replace(problem, key=", ".join(f"{c} {v}" for c, v in zip(key, values)))
        labelled.append(problem)
    return labelled
