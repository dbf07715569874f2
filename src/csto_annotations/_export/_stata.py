"""Stata and SPSS: one ``<table>.dta`` or ``<table>.sav`` per table, labelled from the Table Schemas.

pyreadstat (the ``stata`` or ``spss`` extra) writes the files; both formats
get the same columns, codes and names:

=====================  ==============================================  ============================
Table Schema           Stata ``.dta`` (release 118, Stata 14+)          SPSS ``.sav``
=====================  ==============================================  ============================
``string``             ``str#``, or ``strL`` when a value is longer     ``A#``; at most 32,767
                       than 2,044 bytes                                 bytes a value
``integer``            ``long`` when every value fits, else ``double``  numeric ``F``
``number``             ``double``                                       numeric ``F``
``boolean``            ``long`` 0/1, value labels ``false``/``true``    the same
``date``               ``%td`` date                                     ``DATE11``
enum / categories      ``long`` codes 1..n in schema order, value       the same; measure ``ordinal``
                       labels the categories                            or ``nominal``
empty cell             system missing ``.`` (``""`` for strings)        system missing (``""``)
field ``title``        variable label, at most 80 characters            at most 256 bytes
=====================  ==============================================  ============================

A label that is too long is cut to fit and ends with ``…``; a field without a
title is labelled with its description. The file label is the dataset's name
and version from :func:`._common.provenance`; the SPSS file's notes
(documents) hold every provenance fact as ``key: value``. ``texts.dta`` /
``texts.sav`` hold each document's text (``document_id``, ``text``), so that
``usubstr(text, start + 1, end - start)`` (Stata) or
``CHAR.SUBSTR(text, start + 1, end - start)`` (SPSS) is a span's ``exact``.

Names (:func:`variable_names`): a column keeps its name, except a name that
Stata or SPSS reserves (:data:`RESERVED`, compared ignoring case), which gets
:data:`SUFFIX`; :func:`original_name` undoes it. A name that cannot be kept or
mapped stops the export with a :class:`~csto_annotations.DatasetError`, as
does a value a format cannot hold (see ``docs/formats.md``). Every file is
written into a temporary folder first and moved into place only when all
were written.

Example
-------
>>> variable_names("t", {"fields": [{"name": "end"}, {"name": "with"}]})
{'end': 'end', 'with': 'with_var'}
>>> original_name("with_var"), original_name("end")
('with', 'end')
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._base._errors import DatasetError
from .._base._fields import categories, is_ordered
from .._base._limits import MAX_FIELDS
from .._outputs import import_optional
from ._arrow import TEXTS_SCHEMA, texts_table
from ._common import TEXTS, provenance, refuse_clashes, write_files

#: The names Stata (``help reswords``) and SPSS (its reserved keywords) refuse as
#: variable names, compared ignoring case. Stata also reserves ``str1``, ``str2``…;
#: pandas' ``to_stata`` adds Mata's reserved words (``end``…), which Stata accepts
#: as variable names, so they are not mapped here.
RESERVED = frozenset(
    word.casefold()
    for word in (
        *("_all", "_b", "byte", "_coef", "_cons", "double", "float", "if", "in", "int", "long"),
        *("_n", "_N", "_pi", "_pred", "_rc", "_skip", "strL", "using", "with"),
        *("ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH"),
    )
)
#: Appended to a reserved name (``with`` → ``with_var``). Not ``_``: SPSS advises
#: against names that end with one.
SUFFIX = "_var"
#: The longest name kept: Stata allows 32 characters, and pyreadstat names a
#: column's value labels after it, followed by its count of labelled columns before it.
MAX_NAME_CHARS = 32 - len(str(MAX_FIELDS - 1))
_NAME = re.compile(rf"[A-Za-z][A-Za-z0-9_]{{0,{MAX_NAME_CHARS - 1}}}")
_STR_TYPE = re.compile(r"str[0-9]", re.IGNORECASE)
#: Stata's ``long``; larger integers are stored as ``double``, exact up to 2**53.
_LONG = (-2_147_483_647, 2_147_483_620)
_EXACT = 2**53
#: Stata's largest double; larger magnitudes are its missing codes (and SPSS's
#: system missing is the most negative double).
_MAX_DOUBLE = 8.988465674311579e307


@dataclass(frozen=True)
class _Spec:
    """What one format can hold."""

    suffix: str
    label_chars: int
    label_bytes: int
    file_label_bytes: int
    value_label_bytes: int
    string_bytes: int | None
    date_format: str


SPECS = {
    "stata": _Spec(".dta", 80, 320, 320, 32_000, None, "%td"),
    "spss": _Spec(".sav", 256, 256, 64, 120, 32_767, "DATE11"),
}


def fit(text: str, chars: int, nbytes: int) -> str:
    """``text`` on one line, cut to ``chars`` characters and ``nbytes`` UTF-8 bytes, ending ``…`` when cut.

    Example
    -------
    >>> fit("Start   offset", 80, 320), fit("abcdef", 4, 320)
    ('Start offset', 'abc…')
    """
    text = " ".join(text.split())
    if len(text) <= chars and len(text.encode("utf-8")) <= nbytes:
        return text
    # At most chars - 1 characters and nbytes - 3 bytes (the UTF-8 "…"), not splitting a character.
    return text[: chars - 1].encode("utf-8")[: nbytes - 3].decode("utf-8", "ignore") + "…"


def original_name(name: str) -> str:
    """The column name a variable name was mapped from (the inverse of :func:`variable_names`).

    Example
    -------
    >>> original_name("in_var"), original_name("statement")
    ('in', 'statement')
    """
    stem = name[: -len(SUFFIX)]
    return stem if name.casefold().endswith(SUFFIX) and stem.casefold() in RESERVED else name


def variable_names(table: str, schema: dict[str, Any]) -> dict[str, str]:
    """Column name → Stata and SPSS variable name, by one reversible rule; raise when a name cannot be mapped.

    Raises
    ------
    DatasetError
        For a name that is not ASCII letters, digits and ``_`` starting with a
        letter, is longer than :data:`MAX_NAME_CHARS` (29) characters, starts ``str`` and a digit, has
        the form of a mapped name, or equals another ignoring case.
    """
    seen: dict[str, str] = {}  # casefolded name → name
    for field in schema["fields"]:
        name = str(field["name"])
        where = f"{table} column {name!r}"
        if not _NAME.fullmatch(name) or _STR_TYPE.match(name):
            raise DatasetError(
                f"{where}: Stata and SPSS need a name of ASCII letters, digits and '_' that starts with a letter, "
                f"is at most {MAX_NAME_CHARS} characters long and is not 'str' and a number; rename the column, "
                "or export csv or parquet."
            )
        if original_name(name) != name:
            raise DatasetError(f"{where}: this is how the reserved name {original_name(name)!r} is written in Stata "
                               "and SPSS, so the mapping could not be reversed; rename the column.")  # fmt: skip
        if name.casefold() in seen:
            raise DatasetError(f"{where}: SPSS ignores case, so it clashes with column {seen[name.casefold()]!r}; "
                               "rename one of them.")  # fmt: skip
        seen[name.casefold()] = name
    return {name: name + SUFFIX if folded in RESERVED else name for folded, name in seen.items()}


def _refuse(table: str, column: str, series: Any, bad: Any, expected: str) -> None:
    """Raise naming the first row (as the engine counts, header = 1) where ``bad`` holds."""
    rows = bad.to_numpy().nonzero()[0]
    if len(rows):
        value = str(series.iloc[rows[0]])
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise DatasetError(f"{table} row {rows[0] + 2} column {column!r}: expected {expected}, found {shown!r}; "
                           "fix the value, or export csv or parquet.")  # fmt: skip


def _integers(table: str, name: str, series: Any) -> Any:
    """Integers as ``Int32`` when every value fits Stata's ``long``, else as exact doubles."""
    values = series.astype("Int64")
    if values.dropna().between(*_LONG).all():
        return values.astype("Int32")
    too_big = ~values.between(-_EXACT, _EXACT).fillna(True)
    _refuse(table, name, values, too_big, f"an integer of magnitude at most {_EXACT}")
    return values.astype("float64")


def _strings(table: str, name: str, series: Any, spec: _Spec) -> Any:
    """Text with ``""`` for a missing cell (neither format has a missing string)."""
    text = series.astype("string").fillna("")
    # Both formats end a string at NUL: refused rather than cut (cells cannot hold one; a text can).
    nul = text.str.contains("\x00", regex=False)
    _refuse(table, name, text, nul, "no NUL character (Stata and SPSS end a string there)")
    if spec.string_bytes is not None:
        too_long = text.str.encode("utf-8").str.len() > spec.string_bytes
        _refuse(table, name, text, too_long, f"a text of at most {spec.string_bytes} UTF-8 bytes (SPSS's limit)")
    return text.astype(object)


def _codes(table: str, field: dict[str, Any], series: Any, spec: _Spec) -> tuple[Any, dict[int, str]]:
    """Enum codes 1..n in schema order, and their value labels."""
    import pandas as pd

    values = [str(v) for v in categories(field) or []]
    for value in values:
        if len(value.encode("utf-8")) > spec.value_label_bytes:
            raise DatasetError(
                f"{table} column {field['name']!r}: the category {fit(value, 40, 160)!r} is longer than the "
                f"{spec.value_label_bytes} bytes a value label holds in this format; shorten it, or export csv or parquet."
            )
    codes = pd.Series(series.astype(object).astype(pd.CategoricalDtype(values)).cat.codes.to_numpy(), dtype="Int32")
    return codes.mask(codes < 0) + 1, dict(enumerate(values, start=1))


def _column(table: str, field: dict[str, Any], series: Any, spec: _Spec) -> tuple[Any, dict[int, str] | None]:
    """One column as pyreadstat writes it, and its value labels."""
    import pandas as pd

    kind, name = field.get("type", "string"), field["name"]
    if categories(field) is not None:
        return _codes(table, field, series, spec)
    if kind == "boolean":
        return series.astype("boolean").astype("Int32"), {0: "false", 1: "true"}
    if kind == "integer":
        return _integers(table, name, series), None
    if kind == "number":
        values = series.astype("Float64")
        bad = ~values.abs().le(_MAX_DOUBLE).fillna(True)
        _refuse(table, name, values, bad, f"a finite number of magnitude at most {_MAX_DOUBLE:g}")
        return values.astype("float64"), None
    if kind == "date":
        days = pd.to_datetime(series)
        if days.isna().all():  # pyreadstat types a date column by its values: with none, doubles and a date format
            return pd.Series(float("nan"), index=days.index), None
        return pd.Series([None if pd.isna(d) else d.date() for d in days], dtype=object), None
    return _strings(table, name, series, spec), None


def prepare(table: str, frame: Any, schema: dict[str, Any], format: str) -> tuple[Any, dict[str, dict[str, Any]]]:
    """The table for ``format`` and pyreadstat's options (labels, formats, measures); raise on what it cannot hold."""
    import pandas as pd

    spec, names, columns = SPECS[format], variable_names(table, schema), {}
    keys = ("column_labels", "variable_value_labels", "variable_format", "variable_measure")
    options: dict[str, dict[str, Any]] = {key: {} for key in keys}
    for field in schema["fields"]:
        name = names[field["name"]]
        columns[name], codes = _column(table, field, frame[field["name"]].reset_index(drop=True), spec)
        # The variable label: the title (else the description), after the original name when it was mapped.
        label = str(field.get("title") or field.get("description") or "")
        if name != field["name"]:
            label = f"{field['name']}: {label}" if label else field["name"]
        options["column_labels"][name] = fit(label, spec.label_chars, spec.label_bytes) if label else None
        if codes is not None:
            options["variable_value_labels"][name] = codes
        if field["type"] == "date":
            options["variable_format"][name] = spec.date_format
        ordinal = categories(field) is not None and is_ordered(field)
        nominal = codes is not None or field["type"] == "string"
        options["variable_measure"][name] = "ordinal" if ordinal else "nominal" if nominal else "scale"
    if format == "stata":  # measures are SPSS's alone
        del options["variable_measure"]
    return pd.DataFrame(columns), options


def _notes(facts: dict[str, str]) -> list[str]:
    """The provenance as SPSS document lines of at most 80 bytes (a long fact continues on the next lines).

    Example
    -------
    >>> [len(line) for line in _notes({"descriptor_sha256": "sha256:" + 64 * "0"})]
    [80, 10]
    """
    lines = []
    for key, value in facts.items():
        rest = " ".join(f"{key}: {value}".split()).encode("utf-8")
        while rest:  # the longest head of at most 80 bytes that does not split a character
            lines.append(rest[:80].decode("utf-8", "ignore"))
            rest = rest[len(lines[-1].encode("utf-8")) :]
    return lines


def write(ds: Any, out_dir: Path, format: str = "stata") -> list[Path]:
    """Write ``<table>.dta`` (``format="stata"``) or ``<table>.sav`` (``"spss"``) for every table and the texts.

    Returns
    -------
    list of pathlib.Path
        The files, in table order, ``texts`` last.

    Raises
    ------
    OptionalDependencyError
        When pyreadstat is not installed.
    DatasetError
        When a column name or a value cannot be held (nothing is written then).

    Example
    -------
    >>> import tempfile, pathlib, pyreadstat, csto_annotations
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> _ = write(csto_annotations.load(), out, "stata")
    >>> frame, meta = pyreadstat.read_dta(out / "claims.dta", metadataonly=True)
    >>> meta.variable_value_labels["certainty"]
    {1: 'certain', 2: 'probable', 3: 'possible', 4: 'underspecified'}
    """
    pyreadstat = import_optional("pyreadstat", format, f"The {format} export needs pyreadstat")
    spec, facts = SPECS[format], provenance(ds)
    refuse_clashes(ds, "the Stata and SPSS exports", (TEXTS,), columns=False)  # they write the texts as texts
    sources = [(name, frame, ds.schemas[name]) for name, frame in ds.tables.items()]
    if "documents" in ds.tables:  # then the texts
        for doc, text in ds.texts.items():
            size = len(text.encode("utf-8"))
            if spec.string_bytes is not None and size > spec.string_bytes:
                raise DatasetError(f"the text of document {doc!r} is {size} UTF-8 bytes, and an SPSS string holds "
                                   f"at most {spec.string_bytes}; export stata (strL keeps it whole) or parquet.")  # fmt: skip
        sources.append((TEXTS, texts_table(ds).to_pandas(), TEXTS_SCHEMA))
    tables = {name: prepare(name, frame, schema, format) for name, frame, schema in sources}
    file_label = fit(f"{facts['name']} {facts['version']}", 80, spec.file_label_bytes)
    save = pyreadstat.write_dta if format == "stata" else pyreadstat.write_sav
    own = {"version": 14} if format == "stata" else {"note": _notes(facts)}
    files = {}
    # Written in the system's temporary folder: pyreadstat leaves a broken file behind when it fails.
    with tempfile.TemporaryDirectory(prefix="csto-stata-") as work:
        for name, (frame, options) in tables.items():
            scratch = Path(work) / f"{name}{spec.suffix}"
            try:
                save(frame, scratch, file_label=file_label, **own, **options)
            except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError) as error:
                raise DatasetError(f"{name}{spec.suffix}: pyreadstat could not write it ({error}).") from None
            files[scratch.name] = scratch.read_bytes()
    return write_files(out_dir, files)
