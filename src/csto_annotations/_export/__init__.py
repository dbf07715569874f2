"""Outputs: the tables in the formats other tools open.

============== ================================================ ==============
format         what is written                                  extra
============== ================================================ ==============
parquet        one typed Parquet file per table                 (none)
csv            one spreadsheet-safe CSV file per table          (none)
sqlite         ``csto-annotations.sqlite``                      (none)
spacy          ``csto-annotations.spacy`` (a DocBin)            ``spacy``
webannotation  ``annotations.jsonld`` (W3C Web Annotation)      (none)
brat           ``<document_id>.txt``/``.ann`` and brat configs  (none)
huggingface    a dataset card and Parquet files                 ``huggingface``
stata          one labelled Stata ``.dta`` file per table       ``stata``
spss           one labelled SPSS ``.sav`` file per table        ``spss``
============== ================================================ ==============

Each writer takes the loaded tables and a folder; ``docs/formats.md`` gives
each format's mapping from the tables and how to open it.

Example
-------
>>> FORMATS[:2]
('parquet', 'csv')
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .._base._errors import SourceError
from .._base._reads import require
from ._staging import write_staged
from ._tabular import to_duckdb

FORMATS = ("parquet", "csv", "sqlite", "spacy", "webannotation", "brat", "huggingface", "stata", "spss")

__all__ = ["FORMATS", "export", "to_duckdb"]


def _writer(format: str) -> Any:
    """The function that writes ``format`` into a folder."""
    if format == "parquet":
        from ._tabular import write_parquet_tables

        return write_parquet_tables
    if format == "csv":
        from ._tabular import write_csv_tables

        return write_csv_tables
    if format in ("stata", "spss"):
        from . import _stata

        return lambda ds, out_dir: _stata.write(ds, out_dir, format)
    if format == "sqlite":
        from ._sqlite import write
    elif format == "spacy":
        from ._spacy import write
    elif format == "webannotation":
        from ._webanno import write
    elif format == "brat":
        from ._brat import write
    else:
        from ._huggingface import write
    return write


def export(ds: Any, format: str, out_dir: Path) -> list[Path]:
    """Write ``ds`` in ``format`` into ``out_dir`` (created); return the files written.

    The files are written into a staging folder first and moved into ``out_dir`` only when
    every one is complete (:func:`._staging.write_staged`): a refusal leaves ``out_dir`` as it was.

    Raises
    ------
    SourceError
        For an unknown format.
    DatasetError
        When ``out_dir`` is a file, lies below one or cannot be written, or the dataset lacks a
        column the format reads (``_base/_reads.py``); nothing is written.
    OptionalDependencyError
        When the format's extra is not installed.
    """
    if format not in FORMATS:
        raise SourceError(f"unknown export format {format!r}; expected one of {', '.join(FORMATS)}.")
    require(ds, format)
    write = _writer(format)
    return write_staged(Path(out_dir), lambda stage: list(write(ds, stage)))
