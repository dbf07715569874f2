"""Type every cell from its Table Schema field, and check the field's constraints.

One vectorized pass per rule over a column of text (pyarrow compute kernels;
regular expressions run in RE2, which takes linear time, so no pattern can
make a check run for minutes). In order, for every field:

1. no NUL or other C0 control character but tab, LF and CR; at most
   ``MAX_CELL_CHARS`` code points;
2. missing values (the schema's ``missingValues``) become nulls, and a
   ``required`` field may have none;
3. the lexical form of the type: integers are canonical decimal (no ``12.0``,
   ``+3`` or ``1e2``), numbers are decimal, booleans ``true``/``false``, dates
   ``YYYY-MM-DD`` and real dates;
4. ``enum``, ``pattern`` (anchored at both ends), ``minLength``/``maxLength``
   and ``minimum``/``maximum``.

Example
-------
>>> import pyarrow as pa
>>> typed, problems = check_field(pa.chunked_array([["1", "+3"]]), {"name": "n", "type": "integer"}, [""], "t")
>>> typed.to_pylist(), [str(p) for p in problems]
([1, None], ["t row 3 column n: expected an integer in canonical form (like 12 or -3), found '+3'"])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._base._errors import DescriptorError
from .._base._fields import DATE_FORMAT, TYPES, arrow_type, categories, is_required
from .._base._limits import MAX_CELL_CHARS
from ._report import Problem

#: Problems reported per rule and column; the rest are counted in one line.
MAX_SHOWN = 20
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"


def emit(table: str, mask: Any, column: str | None, say: Callable[..., str], severity: str = "error") -> list[Problem]:
    """Turn a boolean mask over rows into problems, at most :data:`MAX_SHOWN` of them.

    ``say`` receives a flagged row's index (0-based) and returns its message; ``severity`` is the problems'.

    Example
    -------
    >>> import numpy as np
    >>> [str(p) for p in emit("t", np.array([False, True]), "c", lambda row: f"bad row {row}")]
    ['t row 3 column c: bad row 1']
    """
    import numpy as np

    rows = np.flatnonzero(mask)
    problems = [Problem(table, row + 2, column, say(row), severity=severity) for row in rows[:MAX_SHOWN].tolist()]
    if len(rows) > MAX_SHOWN:
        more = f"the same problem in {len(rows) - MAX_SHOWN} more rows"
        problems.append(Problem(table, None, column, more, severity=severity))
    return problems


def arrow(values: Any) -> Any:
    """A column (pandas, numpy, a list, or Arrow already) as one Arrow array; categories become their labels.

    Example
    -------
    >>> import pandas as pd
    >>> arrow(pd.Series(["a", None], dtype="string")).to_pylist()
    ['a', None]
    """
    import pyarrow as pa

    values = values if isinstance(values, (pa.Array, pa.ChunkedArray)) else pa.array(values, from_pandas=True)
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    return values.dictionary_decode() if pa.types.is_dictionary(values.type) else values


def joined(frame: Any, columns: list[str]) -> Any:
    """One Arrow value per row for a key of one or more columns (text joined by a separator for several, null
    where any is), for joins and set tests on the whole key.

    Example
    -------
    >>> import pandas as pd
    >>> joined(pd.DataFrame({"a": ["x", None], "n": [1, 2]}), ["a", "n"]).to_pylist()
    ['x\\x1f1', None]
    """
    import pyarrow.compute as pc

    if len(columns) == 1:
        return arrow(frame[columns[0]])
    return pc.binary_join_element_wise(*(arrow(frame[c]).cast("string") for c in columns), "\x1f")


def isin(values: Any, allowed: Any) -> Any:
    """Tell, per row, whether a column's value is among ``allowed`` (nulls are not), as a numpy mask.

    pandas' ``Series.isin`` on pyarrow-backed strings falls back to Python objects;
    pyarrow's hash kernel is some twenty times faster on a large table.

    Example
    -------
    >>> import pandas as pd
    >>> isin(pd.Series(["a", None, "c"], dtype="string"), ["a", "b"]).tolist()
    [True, False, False]
    """
    import pyarrow.compute as pc

    column, wanted = _same_type(arrow(values), arrow(allowed))
    return _mask(pc.fill_null(pc.is_in(column, value_set=wanted), False))


def strings(values: Any) -> Any:
    """A text column as a numpy array of ``str``, an empty string for each null (safe to compare with ``!=``).

    Example
    -------
    >>> import pandas as pd
    >>> strings(pd.Series(["a", None], dtype="string")).tolist()
    ['a', '']
    """
    import pyarrow.compute as pc

    return pc.fill_null(arrow(values).cast("string"), "").to_numpy(zero_copy_only=False)


def _same_type(left: Any, right: Any) -> tuple[Any, Any]:
    """Two Arrow arrays (see :func:`arrow`) in one type: an all-empty column has type null, and text may be
    string or large_string."""
    import pyarrow as pa

    target = next((a.type for a in (left, right) if not pa.types.is_null(a.type)), pa.string())
    return left.cast(target), right.cast(target)


def lookup(keys: Any, index: Any, values: Any, missing: Any = None) -> Any:
    """For each key, the value at the same position as the key in ``index`` (a join on one column), as numpy.

    Keys not in ``index`` get ``missing``. Done with pyarrow's hash kernel, for the
    reason :func:`isin` gives.

    Example
    -------
    >>> import pandas as pd
    >>> lookup(pd.Series(["b", "z"]), pd.Series(["a", "b"]), pd.Series([1, 2]), missing=-1).tolist()
    [2, -1]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if not len(index):
        import numpy as np

        return np.full(len(keys), missing, dtype=object if isinstance(missing, str) else None)
    known, column = _same_type(arrow(index), arrow(keys))
    where = pc.index_in(column, value_set=known)
    found = arrow(values).take(where)
    if missing is not None and found.null_count:
        found = pc.fill_null(found, pa.scalar(missing, found.type))
    return found.to_numpy(zero_copy_only=False)


def _mask(values: Any) -> Any:
    return values.to_numpy(zero_copy_only=False).astype(bool)


def _show(value: Any) -> str:
    return repr(str(value)[:80])


def _flag(
    table: str, column: str, mask: Any, expected: str, values: Any, show: Callable[[Any], str] = _show
) -> list[Problem]:
    """:func:`emit` with the message ``expected <expected>, found <the row's value, shown>``."""
    return emit(table, mask, column, lambda row: f"expected {expected}, found {show(values[row])}")


def compile_pattern(pattern: str, where: str) -> str:
    """Return the anchored RE2 form of a schema ``pattern``, or refuse it.

    Example
    -------
    >>> compile_pattern("(a)\\\\1", "claims.schema.json field x")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    csto_annotations._base._errors.DescriptorError: claims.schema.json field x: pattern ... is not ...
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    anchored = f"^(?:{pattern})$"
    try:
        pc.match_substring_regex(pa.array([""]), anchored)
    except pa.ArrowInvalid as error:
        raise DescriptorError(
            f"{where}: pattern {pattern[:80]!r} is not a regular expression RE2 accepts ({error}); "
            "patterns run in linear time, so backreferences and look-arounds are refused."
        ) from None
    return anchored


def has_control_bytes(data: bytes) -> bool:
    """Tell whether a file holds any byte the cells may not (checked once per file, not per cell).

    Example
    -------
    >>> has_control_bytes(b"a,b\\n1,\\t2\\r\\n"), has_control_bytes(b"a\\x00")
    (False, True)
    """
    return bool(data.translate(None, bytes([9, 10, 13, *range(0x20, 0x100)])))  # left once allowed bytes go


def _constraint_faults(typed: Any, field: dict[str, Any], table: str, where: str) -> list[Problem]:
    import pyarrow as pa
    import pyarrow.compute as pc

    rules, enum, problems = field.get("constraints", {}), categories(field), []
    present = _mask(pc.is_valid(typed))

    def flag(broken: Any, expected: str, show: Callable[[Any], str] = _show) -> None:
        problems.extend(
            _flag(table, field["name"], present & _mask(pc.fill_null(broken, False)), expected, typed, show)
        )

    if enum is not None:
        flag(pc.invert(pc.is_in(typed, value_set=pa.array(enum, pa.string()))), f"one of {', '.join(enum)}")
    if "pattern" in rules:
        anchored = compile_pattern(rules["pattern"], f"{where} field {field['name']!r}")
        flag(pc.invert(pc.match_substring_regex(typed, anchored)), f"text matching {rules['pattern']!r}")
    for key, kernel, word in zip(
        ("minLength", "maxLength", "minimum", "maximum"), (pc.less, pc.greater) * 2, ("at least", "at most") * 2
    ):
        if key in rules and key.endswith("Length"):
            flag(kernel(pc.utf8_length(typed), rules[key]), f"{word} {rules[key]} characters")
        elif key in rules:
            flag(kernel(typed, rules[key]), f"a value {word} {rules[key]}", str)
    return problems


def check_field(
    raw: Any, field: dict[str, Any], missing: list[str], table: str, where: str = "", *, control_bytes: bool = True
) -> tuple[Any, list[Problem]]:
    """Type one column of text and check every rule of its field.

    Parameters
    ----------
    raw : pyarrow.ChunkedArray
        The column as read, every cell text.
    field : dict
        The Table Schema field.
    missing : list of str
        The schema's ``missingValues``.
    table : str
        The table name, for problems.
    where : str
        The schema file, for a refused pattern.

    Returns
    -------
    typed : pyarrow.ChunkedArray
        The column in its Arrow type, nulls where a cell is missing or bad.
    problems : list of Problem
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    name, kind, required = field["name"], field["type"], is_required(field)
    control = _mask(pc.match_substring_regex(raw, _CONTROL)) if control_bytes else False
    problems = _flag(table, name, control, "no control characters (NUL or another C0 character but tab, LF, CR)", raw)
    long = _mask(pc.greater(pc.utf8_length(raw), MAX_CELL_CHARS))
    problems += _flag(table, name, long, f"at most {MAX_CELL_CHARS} characters", raw, lambda v: str(len(str(v))))
    if kind == "integer" and required and not problems:  # the common case: one cast and one comparison, no regex
        try:
            fast = pc.cast(raw, pa.int64())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            fast = None  # then the general path below names the cells that are no integers
        # Canonical (the text echoes back) and within the 18 digits of the lexical form, as on the general path.
        canonical = fast is not None and pc.all(pc.equal(pc.cast(fast, pa.string()), raw)).as_py() is not False
        if canonical and pc.all(pc.and_(pc.less(fast, 10**18), pc.greater(fast, -(10**18)))).as_py() is not False:
            return fast, _constraint_faults(fast, field, table, where)
    is_missing = _mask(pc.is_in(raw, value_set=pa.array(missing, pa.string())))
    if required:
        problems += _flag(table, name, is_missing, "a value (the field is required)", raw, lambda _: "an empty cell")
    form = TYPES[kind].form  # each type's lexical form is an RE2 pattern, where $ is the end of the text
    bad = ~is_missing & _mask(pc.invert(pc.match_substring_regex(raw, form[0]))) if form else False
    cleared = is_missing | bad
    text = pc.if_else(cleared, None, raw) if cleared.any() else raw  # a copy only if needed
    if kind == "string":
        typed = text
    elif kind == "boolean":
        typed = pc.equal(text, "true")
    elif kind == "date":  # strptime rolls a well-formed date that does not exist (2007-02-30) over: echo it back
        parsed = pc.strptime(text, format=DATE_FORMAT, unit="s", error_is_null=True)
        echoed = pc.fill_null(pc.not_equal(pc.strftime(parsed, format=DATE_FORMAT), text), True)
        bad |= _mask(echoed) & _mask(pc.is_valid(text))
        typed = pc.cast(pc.if_else(bad, None, parsed), pa.date32())
    else:
        typed = pc.cast(text, arrow_type(kind))
    if form:
        problems += _flag(table, name, bad, form[1], raw)
    return typed, problems + _constraint_faults(typed, field, table, where)
