"""Parse a descriptor or Table Schema: strict JSON within documented limits.

``json.loads`` alone accepts ``NaN``, duplicate keys (the last one wins),
integers of any length and nesting deep enough to exhaust the stack. Each of
these is refused here with a :class:`DescriptorError` that names the file.

Example
-------
>>> parse_json(b'{"a": [1, 2]}', "x.json")
{'a': [1, 2]}
"""

from __future__ import annotations

import json
from typing import Any

from .._base._errors import DescriptorError, LimitError
from .._base._limits import MAX_JSON_BYTES, MAX_JSON_DEPTH, MAX_JSON_INT_DIGITS


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_JSON_INT_DIGITS:
        raise ValueError(f"an integer of {len(text)} digits (at most {MAX_JSON_INT_DIGITS})")
    return int(text)


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _depth(value: Any) -> int:
    """Return the nesting depth of ``value``, iteratively (no recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if depth > MAX_JSON_DEPTH:
                break
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


def parse_json(data: bytes, where: object) -> Any:
    """Parse UTF-8 JSON bytes, refusing what plain ``json.loads`` lets through.

    Parameters
    ----------
    data : bytes
        The file's content.
    where : object
        The file, for messages.

    Returns
    -------
    Any
        The parsed value.

    Raises
    ------
    LimitError
        Larger than ``MAX_JSON_BYTES`` or nested deeper than ``MAX_JSON_DEPTH``.
    DescriptorError
        Not UTF-8, not valid JSON, a duplicate key, ``NaN``, or a huge integer.

    Example
    -------
    >>> try:
    ...     parse_json(b'{"a": 1, "a": 2}', "d.json")
    ... except DescriptorError as error:
    ...     print(error)
    d.json: not valid JSON (duplicate key 'a'); fix the file or download the dataset again.
    """
    if len(data) > MAX_JSON_BYTES:
        raise LimitError(f"{where}: {len(data)} bytes, more than the limit of {MAX_JSON_BYTES} for a JSON file.")
    try:
        text = data.decode("utf-8")
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_int=_integer, parse_constant=_constant)
    except RecursionError:
        raise LimitError(f"{where}: nested more deeply than {MAX_JSON_DEPTH} levels.") from None
    except (UnicodeDecodeError, ValueError) as error:
        reason = str(error).split(": line")[0] if isinstance(error, json.JSONDecodeError) else str(error)
        raise DescriptorError(
            f"{where}: not valid JSON ({reason}); fix the file or download the dataset again."
        ) from None
    if _depth(value) > MAX_JSON_DEPTH:
        raise LimitError(f"{where}: nested more deeply than {MAX_JSON_DEPTH} levels.")
    return value
