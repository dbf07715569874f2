"""``_base/_limits``: every limit is documented in docs/security.md with its value, and enforced somewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from csto_annotations._base import _limits

REPO = Path(__file__).resolve().parents[2]
SECURITY = (REPO / "docs" / "security.md").read_text("utf-8")
SRC = REPO / "src" / "csto_annotations"
LIMITS = {name: value for name, value in vars(_limits).items() if name.isupper()}
UNITS = {"": 1, "KiB": 1024, "MiB": 1024**2, "GiB": 1024**3}


def documented(name: str) -> str:
    """The value cell of ``name``'s row in the limits table of docs/security.md."""
    rows = re.findall(rf"^\| `{name}` \| ([^|]+) \|", SECURITY, flags=re.M)
    assert len(rows) == 1, f"{name}: expected one row in the limits table of docs/security.md, found {len(rows)}"
    return rows[0]


def test_there_are_limits_and_each_is_a_positive_number() -> None:
    assert len(LIMITS) >= 20
    for name, value in LIMITS.items():
        assert isinstance(value, int | float) and not isinstance(value, bool) and value > 0, name


@pytest.mark.parametrize("name", sorted(LIMITS))
def test_each_limit_is_documented_with_its_value(name: str) -> None:
    number, unit = re.match(r"([0-9][0-9,]*(?:\.[0-9]+)?) ?(KiB|MiB|GiB)?", documented(name)).groups()  # type: ignore[union-attr]
    assert float(number.replace(",", "")) * UNITS[unit or ""] == LIMITS[name], documented(name)


@pytest.mark.parametrize("name", sorted(LIMITS))
def test_each_limit_is_read_by_the_code_it_protects(name: str) -> None:
    users = [p for p in SRC.rglob("*.py") if p.name != "_limits.py" and re.search(rf"\b{name}\b", p.read_text("utf-8"))]
    assert users, f"{name} is declared but nothing in src/ reads it"


def test_the_table_lists_no_limit_that_does_not_exist() -> None:
    table = set(re.findall(r"^\| `([A-Z_]+)` \|", SECURITY, flags=re.M))
    assert table == set(LIMITS)
