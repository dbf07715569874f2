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
from ._tabular import to_duckdb

FORMATS = ("parquet", "csv", "sqlite", "spacy", "webannotation", "brat", "huggingface", "stata", "spss")

__all__ = ["FORMATS", "export", "to_duckdb"]


def export(ds: Any, format: str, out_dir: Path) -> list[Path]:
    """Write ``ds`` in ``format`` into ``out_dir`` (created); return the files written.

    Raises
    ------
    SourceError
        For an unknown format.
    OptionalDependencyError
        When the format's extra is not installed.
    """
    if format not in FORMATS:
        raise SourceError(f"unknown export format {format!r}; expected one of {', '.join(FORMATS)}.")
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    if format == "parquet":
        from ._tabular import write_parquet_tables

        return write_parquet_tables(ds, Path(out_dir))
    if format == "csv":
        from ._tabular import write_csv_tables

        return write_csv_tables(ds, Path(out_dir))
    if format in ("stata", "spss"):
        from . import _stata

        return _stata.write(ds, Path(out_dir), format)
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
    return write(ds, Path(out_dir))
