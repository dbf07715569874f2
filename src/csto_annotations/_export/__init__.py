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

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from .._base._errors import SourceError
from .._outputs import require
from . import _brat, _huggingface, _spacy, _sqlite, _stata, _tabular, _webanno
from ._staging import write_staged
from ._tabular import to_duckdb

#: Format → the function that writes it into a folder (each imports its heavy library only when it runs).
WRITERS: dict[str, Callable[[Any, Path], list[Path]]] = {
    "parquet": _tabular.write_parquet_tables,
    "csv": _tabular.write_csv_tables,
    "sqlite": _sqlite.write,
    "spacy": _spacy.write,
    "webannotation": _webanno.write,
    "brat": _brat.write,
    "huggingface": _huggingface.write,
    "stata": partial(_stata.write, format="stata"),
    "spss": partial(_stata.write, format="spss"),
}
FORMATS = tuple(WRITERS)

__all__ = ["FORMATS", "export", "to_duckdb"]


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
    return write_staged(Path(out_dir), lambda stage: WRITERS[format](ds, stage))
