"""Record-level changes of one table, by primary key: added, removed (withdrawn) and changed rows.

Values are compared after normalisation, so a column retyped from integer to
number is reported once, as a schema change, not as every value changed.

Example
-------
>>> import pandas as pd
>>> old = pd.DataFrame({"id": ["A", "B"], "v": [1, 2]})
>>> new = pd.DataFrame({"id": ["B", "C"], "v": [3.0, 4.0]})
>>> change = compare_rows("t", old, new, ["id"], {})
>>> change.added, change.removed, change.changed
(['C'], ['A'], {'B': ['v']})
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .._base._errors import DatasetError
from ._schemas import Bump

if TYPE_CHECKING:
    import pandas as pd

_NA = "\x00<NA>"
_DIGITS = "0123456789"


@dataclass
class TableDiff:
    """Record-level changes of one table, by primary key.

    Attributes
    ----------
    table : str
    added, removed : list of str
        Record IDs (composite keys joined with ``/``), in natural order.
    changed : dict
        Record ID → the changed columns (new names), in schema order.

    Example
    -------
    >>> TableDiff("claims", added=["CL-0077"]).bump.name
    'MINOR'
    """

    table: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)

    @property
    def bump(self) -> Bump:
        """MINOR for added or removed rows, PATCH for changed values."""
        if self.added or self.removed:
            return Bump.MINOR
        return Bump.PATCH if self.changed else Bump.NONE


def natural(record_id: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key that orders numbers by value, so CL-0002 < CL-0010, without converting long digit runs.

    Example
    -------
    >>> sorted(["CL-0010", "CL-0002", "CL-2"], key=natural)
    ['CL-0002', 'CL-2', 'CL-0010']
    """
    key = []
    for part in re.split(r"(\d+)", record_id):
        if part.isdigit():
            value = part.lstrip("0")
            key.append((0, len(value), value + "\x00" + part))  # by magnitude, then digits, then zero padding
        else:
            key.append((1, 0, part))
    return tuple(key)


def split_number(record_id: str) -> tuple[str, str]:
    """Split ``CL-0074`` into its stem and its trailing digits (``""`` when there are none).

    Example
    -------
    >>> split_number("CL-0074"), split_number("csto")
    (('CL-', '0074'), ('csto', ''))
    """
    stem = record_id.rstrip(_DIGITS)
    return stem, record_id[len(stem) :]


def canonical(series: pd.Series) -> pd.Series:
    """Comparable strings: numbers as floats, dates as ISO dates, NA as a marker.

    Example
    -------
    >>> import pandas as pd
    >>> list(canonical(pd.Series([4, None], dtype="Int64")))
    ['4.0', '\\x00<NA>']
    """
    import pandas as pd

    if pd.api.types.is_bool_dtype(series):
        out = series.astype("string")
    elif pd.api.types.is_numeric_dtype(series):
        out = series.astype("Float64").astype("string")
    elif pd.api.types.is_datetime64_any_dtype(series):
        out = series.dt.strftime("%Y-%m-%dT%H:%M:%S").str.removesuffix("T00:00:00").astype("string")
    else:
        out = series.astype("string")
    return out.fillna(_NA)


def keyed(frame: pd.DataFrame, key: list[str], table: str, side: str) -> pd.DataFrame:
    """``frame`` indexed by its record ID (composite keys joined with ``/``).

    Raises
    ------
    DatasetError
        When a key column is missing or a record ID repeats.

    Example
    -------
    >>> import pandas as pd
    >>> list(keyed(pd.DataFrame({"claim_id": ["CL-1"], "entity_id": ["csto"]}), ["claim_id", "entity_id"], "t", "OLD").index)
    ['CL-1/csto']
    """
    missing = [k for k in key if k not in frame.columns]
    if missing:
        raise DatasetError(
            f"{side} table {table!r}: the primary key column(s) {missing} are not in the table; "
            "validate the package first."
        )
    parts = [frame[k].astype("string").fillna("") for k in key]
    ids = parts[0]
    for part in parts[1:]:
        ids = ids + "/" + part
    result = frame.set_axis(ids.to_numpy(dtype=object), axis=0)
    if result.index.has_duplicates:
        dupes = sorted(set(result.index[result.index.duplicated()]), key=natural)[:5]
        raise DatasetError(f"{side} table {table!r}: duplicate primary key {dupes}; validate the package first.")
    return result


def primary_key(schema: dict[str, Any], frame: pd.DataFrame) -> list[str]:
    """The schema's primary key as a list, or every column when it declares none.

    Example
    -------
    >>> import pandas as pd
    >>> primary_key({"primaryKey": "id"}, pd.DataFrame()), primary_key({}, pd.DataFrame({"a": [], "b": []}))
    (['id'], ['a', 'b'])
    """
    key = schema.get("primaryKey") or list(frame.columns)
    return [key] if isinstance(key, str) else [str(k) for k in key]


def compare_rows(table: str, old: pd.DataFrame, new: pd.DataFrame, key: list[str], pairs: dict[str, str]) -> TableDiff:
    """Added, removed and changed records of one table; ``pairs`` maps renamed columns old → new.

    Example
    -------
    >>> import pandas as pd
    >>> old, new = pd.DataFrame({"id": ["A"], "n": ["x"]}), pd.DataFrame({"id": ["A"], "m": ["y"]})
    >>> compare_rows("t", old, new, ["id"], {"n": "m"}).changed
    {'A': ['m']}
    """
    old_keyed = keyed(old.rename(columns=pairs), key, table, "OLD")
    new_keyed = keyed(new, key, table, "NEW")
    result = TableDiff(table)
    before_ids = set(old_keyed.index)
    result.added = sorted(set(new_keyed.index) - before_ids, key=natural)
    result.removed = sorted(before_ids - set(new_keyed.index), key=natural)
    common = [i for i in new_keyed.index if i in before_ids]
    for column in (c for c in new_keyed.columns if c in old_keyed.columns):
        before = canonical(old_keyed.loc[common, column])
        after = canonical(new_keyed.loc[common, column])
        for record_id in before.index[(before != after).to_numpy()]:
            result.changed.setdefault(record_id, []).append(column)
    result.changed = dict(sorted(result.changed.items(), key=lambda kv: natural(kv[0])))
    return result


def same_values(old: pd.DataFrame, new: pd.DataFrame) -> Any:
    """A ``same(old_column, new_column)`` test for rename detection, by row order.

    Example
    -------
    >>> import pandas as pd
    >>> same = same_values(pd.DataFrame({"notes": ["x"]}), pd.DataFrame({"annotator_notes": ["x"]}))
    >>> same("notes", "annotator_notes")
    True
    """

    def same(a: str, b: str) -> bool:
        if len(old) != len(new):
            return False
        return bool((canonical(old[a]).to_numpy() == canonical(new[b]).to_numpy()).all())

    return same
