"""Parse a descriptor or Table Schema: strict JSON within documented limits.

``json.loads`` alone accepts ``NaN``, duplicate keys (the last one wins),
integers of any length, nesting deep enough to exhaust the stack, and lone
surrogates (``"\\ud800"``): strings no UTF-8 file, terminal or writer can hold.
Each of these is refused here with a :class:`DescriptorError` that names the
file (and, for a surrogate, the place in the JSON).

Example
-------
>>> parse_json(b'{"a": [1, 2]}', "x.json")
{'a': [1, 2]}
"""

from __future__ import annotations

import json
import re
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


#: An escape that may decode to a surrogate; only a text holding one is walked for them.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
#: A surrogate left in a parsed string is a lone one: json joins each escaped pair into one character.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _surrogate_at(value: Any, path: str = "") -> tuple[str, str] | None:
    """Return where (``resources[2].title``) the first key or string that is not Unicode text is, and its surrogate.

    An object's keys are searched before its values, in one string: no two lone surrogates
    join into one character. It recurses: :func:`parse_json` has checked the nesting depth first.
    """
    if isinstance(value, str):
        found = _SURROGATE.search(value)
        return (path or "the top level", f"\\u{ord(found[0]):04x}") if found else None
    children: list[tuple[Any, str]] = []
    if isinstance(value, dict):
        children = [("".join(value), f"a key of {path or 'the top level'}")]
        children += [(child, f"{path}.{key}" if path else key) for key, child in value.items()]
    elif isinstance(value, list):
        children = [(child, f"{path}[{i}]") for i, child in enumerate(value)]
    return next(filter(None, (_surrogate_at(child, where) for child, where in children)), None)  # in document order


def _too_deep(value: Any) -> bool:
    """Tell whether ``value`` nests deeper than ``MAX_JSON_DEPTH``, iteratively (no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_JSON_DEPTH:
                return True
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False


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
        Not UTF-8, not valid JSON, a duplicate key, ``NaN``, a huge integer, or
        a lone surrogate escape (``"\\ud800"``) in a key or string.

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
    if _too_deep(value):
        raise LimitError(f"{where}: nested more deeply than {MAX_JSON_DEPTH} levels.")
    found = _surrogate_at(value) if _SURROGATE_ESCAPE.search(text) else None
    if found is not None:
        raise DescriptorError(
            f"{where}: at {found[0]}, the escape {found[1]} is a lone surrogate: not Unicode text, and no "
            "UTF-8 file can hold it; write the character itself, or escape a whole surrogate pair."
        )
    return value
