"""Every column of every table has the dtype its Table Schema asks for.

The expectations are derived here from the schema JSON, independently of the
loader's own mapping.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import csto_annotations
from helpers import TABLES, schema


def expected_kind(field: dict) -> tuple[str, list | None]:
    """What the issue's mapping says a field's column must be."""
    constraints = field.get("constraints", {})
    if "enum" in constraints or "categories" in field:
        return "category", constraints.get("enum") or field["categories"]
    required = constraints.get("required", False)
    kinds = {"string": "string", "integer": "int64" if required else "Int64", "number": "Float64",
             "boolean": "boolean", "date": "datetime64"}
    return kinds[field["type"]], None


def assert_dtype(dtype: object, field: dict, where: str) -> None:
    """Assert one column's dtype against the schema field."""
    kind, categories = expected_kind(field)
    if kind == "category":
        assert isinstance(dtype, pd.CategoricalDtype), where
        assert list(dtype.categories) == categories, where
        assert not dtype.ordered, where
    elif kind == "string":
        assert isinstance(dtype, pd.StringDtype) and dtype.na_value is pd.NA, where
    elif kind == "int64":
        assert dtype == np.dtype("int64"), where
    elif kind == "Int64":
        assert dtype == pd.Int64Dtype(), where
    elif kind == "Float64":
        assert dtype == pd.Float64Dtype(), where
    elif kind == "boolean":
        assert dtype == pd.BooleanDtype(), where
    else:
        assert pd.api.types.is_datetime64_dtype(dtype), where


def check_dataset(ds: csto_annotations.Dataset) -> None:
    """Columns in schema order, every dtype as mapped, no 'nan' strings."""
    assert list(ds.tables) == TABLES
    for table in TABLES:
        fields = schema(table)["fields"]
        frame = ds.tables[table]
        assert list(frame.columns) == [f["name"] for f in fields], table
        assert isinstance(frame.index, pd.RangeIndex), table
        for field in fields:
            assert_dtype(frame[field["name"]].dtype, field, f"{table}.{field['name']}")
            if isinstance(frame[field["name"]].dtype, pd.StringDtype):
                assert not (frame[field["name"]] == "nan").any(), f"{table}.{field['name']}"


def test_fixture_package_dtypes(package: Path) -> None:
    check_dataset(csto_annotations.load(package))


def test_real_data_dtypes() -> None:
    check_dataset(csto_annotations.load())


def test_empty_cells_are_na_and_keys_stay_columns(package: Path) -> None:
    ds = csto_annotations.load(package)
    csto = ds.entities.set_index("entity_id").loc["csto"]
    sco = ds.entities.set_index("entity_id").loc["sco"]
    assert sco["country"] is pd.NA and pd.isna(sco["wikidata_id"])
    assert csto["notes"] == 'Name as in the article; "verified", with a comma.'
    assert "claim_id" in ds.claims.columns
    assert ds.documents.loc[0, "published"] is pd.NaT
    assert ds.claims.loc[0, "event_date"] == pd.Timestamp("2007-10-06")
    assert ds.documents["volume"].tolist() == [4]


def test_unknown_category_is_refused(package: Path) -> None:
    from helpers import edit_cell

    edit_cell(package, "claims", 2, "claim_type", "rumour")
    with pytest.raises(csto_annotations.ValidationFailed, match=r"claims\.csv.*claim_type.*rumour"):
        csto_annotations.load(package)


def test_text_slices_match_exact(package: Path) -> None:
    ds = csto_annotations.load(package)
    text = ds.text("edm-4-191")
    for table in ("mentions", "quotes", "claims", "citations"):
        frame = ds.tables[table]
        assert [text[s:e] for s, e in zip(frame.start, frame.end)] == frame.exact.tolist()
