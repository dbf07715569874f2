"""Provenance chains of claims and quotes, on the real dataset."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from citehelpers import VERSION

import csto_annotations
from csto_annotations._base._errors import DatasetError, UnknownRecordError
from csto_annotations._cite import cite_claim, cite_quote

ARTICLE = 'Eurasia Daily Monitor 4(191), "CSTO: Safe Choice in Central Asia" (The Jamestown Foundation, 2007)'


@pytest.fixture(scope="module")
def ds() -> Any:
    return csto_annotations.load()


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            "CL-0034",
            f"Nikolai Makarov, quoted by ITAR-TASS, 6 October 2007 (year inferred), as reported in {ARTICLE}",
        ),
        ("CL-0002", f"{ARTICLE}, in the article's own voice"),
    ],
)
def test_claim_chains(ds: Any, record: str, expected: str) -> None:
    assert cite_claim(ds, record) == f"{expected}, in csto-annotations {VERSION}, record {record}"


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            "QT-0006",
            f"Nikolai Makarov, quoted by ITAR-TASS, 6 October 2007 (year inferred), as reported in {ARTICLE}",
        ),
        ("QT-0007", f"An unattributed scare quote in {ARTICLE}"),
    ],
)
def test_quote_chains(ds: Any, record: str, expected: str) -> None:
    assert cite_quote(ds, record) == f"{expected}, in csto-annotations {VERSION}, record {record}"


def test_every_record_has_a_chain_ending_in_its_id(ds: Any) -> None:
    for claim_id in ds.claims["claim_id"]:
        assert cite_claim(ds, claim_id).endswith(f"in csto-annotations {VERSION}, record {claim_id}")
    for quote_id in ds.quotes["quote_id"]:
        assert cite_quote(ds, quote_id).endswith(f"record {quote_id}")


def test_unknown_ids_raise_unknown_record_error_saying_how_to_list_ids(ds: Any) -> None:
    with pytest.raises(UnknownRecordError) as caught:
        cite_claim(ds, "CL-9999")
    assert isinstance(caught.value, KeyError) and isinstance(caught.value, DatasetError)
    assert "no claim 'CL-9999'" in str(caught.value) and "ds.claims['claim_id'].tolist()" in str(caught.value)
    with pytest.raises(UnknownRecordError, match=r"no quote 'QT-0042'.*ds.quotes\['quote_id'\]"):
        cite_quote(ds, "QT-0042")
    with pytest.raises(UnknownRecordError, match="no claim 7"):
        cite_claim(ds, 7)  # type: ignore[arg-type]


@dataclass
class Partial:
    """A dataset with only some tables loaded (what ``load(tables=...)`` returns)."""

    tables: dict[str, Any]
    schemas: dict[str, Any]
    descriptor: dict[str, Any] = field(default_factory=dict)
    name: str = "csto-annotations"
    version: str = VERSION
    root: Path = Path("/pkg")
    checked: bool = True  # as load(tables=...) of the bundled copy, a pinned release


def test_a_chain_names_the_tables_it_needs(ds: Any) -> None:
    partial = Partial(tables={"claims": ds.claims}, schemas=dict(ds.schemas))
    with pytest.raises(
        DatasetError,
        match=r"the cite --claim output needs the tables \['documents', 'entities', 'citations', 'quotes'\], which "
        r"were not loaded; load the dataset with tables=None",
    ):
        cite_claim(partial, "CL-0002")


def test_a_document_that_no_source_describes_is_named_by_its_row(ds: Any) -> None:
    without_sources = Partial(tables=dict(ds.tables), schemas=dict(ds.schemas), descriptor={"name": ds.name})
    assert cite_claim(without_sources, "CL-0002").startswith(
        'document edm-4-191 "CSTO: Safe Choice in Central Asia", in the article\'s own voice'
    )
