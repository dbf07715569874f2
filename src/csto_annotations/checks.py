"""The checks no Table Schema can express, vectorized with pandas and numpy.

* spans: ``start < end``; the span lies within its document; ``text[start:end]
  == exact``; ``exact`` has no white space at either end;
* documents: the stored text matches ``text_sha256`` and ``length``, and
  ``text_path`` is a resource of the package;
* quotes: parts of one utterance share speaker and citation; direct quotes
  have a speaker;
* claims: ``author`` claims have no source, ``reported``/``quoted`` claims
  have one; ``quoted`` claims have a ``quote_id``, lie inside that quote and
  share its speaker, other claims have no ``quote_id``;
* citations: every cited outlet is a ``media_outlet``;
* mentions: one mention per entity and span;
* the file's bytes (see :mod:`.csvcheck`): no BOM, UTF-8 only, no quoted
  field left open, no cell longer than ``MAX_FIELD_CHARS``;
* warnings: free-text cells that start with ``= + - @``, tab or CR
  (spreadsheet formula injection).

``load()`` runs the same rules on its typed tables (:func:`rule_errors`).

Tables are read leniently (every column as ``string``) so that one bad cell,
which frictionless reports, does not hide the other problems.

Example
-------
>>> from csto_annotations.descriptor import read_package
>>> from csto_annotations.paths import bundled_root
>>> package = read_package(bundled_root())
>>> contents = {r["name"]: package.resource_path(r["name"]).read_bytes() for r in package.resources}
>>> [p for p in semantic_problems(package, contents) if p.severity == "error"]
[]
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd

from .csvcheck import MAX_FIELD_CHARS, bom_fault, decode_fault, parse_fault, size_faults
from .descriptor import Package, is_table
from .errors import DatasetError
from .paths import resolve_inside
from .validation import Problem

__all__ = ["semantic_problems", "rule_errors", "span_mismatch"]

SPAN_COLUMNS = ["document_id", "start", "end", "exact"]
_FORMULA = r"[=+\-@\t\r]"


class _Context:
    """The leniently read tables, their keys, and a helper to emit problems."""

    def __init__(self, package: Package, contents: dict[str, bytes], tables: dict[str, pd.DataFrame]) -> None:
        self.package = package
        self.contents = contents
        self.tables = tables

    def key_labels(self, table: str, rows: pd.DataFrame) -> pd.Series:
        """Primary-key labels of ``rows`` of ``table``, built only for the rows reported."""
        return _keys(rows, self.package.schemas[table])

    def has(self, table: str, columns: Iterable[str]) -> bool:
        """Tell whether ``table`` was read and has all ``columns``."""
        frame = self.tables.get(table)
        return frame is not None and set(columns) <= set(frame.columns)

    def emit(
        self,
        table: str,
        mask: pd.Series,
        column: str,
        message: Callable[[pd.DataFrame], Iterable[str]],
        severity: str = "error",
    ) -> list[Problem]:
        """Return one Problem per flagged row; ``message`` phrases them."""
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return []
        flagged = self.tables[table][mask]
        rows = flagged.index.to_numpy() + 2
        keys = self.key_labels(table, flagged)
        return [
            Problem(table, int(row), column, text, key, severity)
            for row, text, key in zip(rows, message(flagged), keys)
        ]


def _read_lenient(data: bytes) -> pd.DataFrame:
    """Read a CSV with every column as ``string`` (raises on unreadable files)."""
    return pd.read_csv(io.BytesIO(data), dtype="string", keep_default_na=False, na_values=[""], encoding="utf-8")


def _read_tables(package: Package, contents: dict[str, bytes]) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Read every table leniently; report the faults of the bytes themselves
    (BOM, non-UTF-8 bytes, an open quote, an oversized cell) at their row and column.
    An empty file is left to frictionless, which reports it."""
    tables: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for name in package.table_names:
        data = contents.get(name)
        if data is None:
            continue
        faults = [f for f in (bom_fault(data), decode_fault(data)) if f is not None]
        if not any(f.message.startswith("expected UTF-8") for f in faults):
            try:
                tables[name] = _read_lenient(data)
                if len(data) > MAX_FIELD_CHARS:  # a smaller file cannot hold an oversized cell
                    faults += size_faults(tables[name])
            except pd.errors.EmptyDataError:
                pass
            except (ValueError, pd.errors.ParserError) as error:
                faults.append(parse_fault(data, error))
        problems += [Problem(name, f.row, f.column, f.message) for f in faults]
    return tables, problems


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """A typed table as ``string`` columns, the form the checks read."""
    return pd.DataFrame({name: frame[name].astype("string") for name in frame.columns}, index=frame.index)


def _keys(frame: pd.DataFrame, schema: dict[str, Any]) -> pd.Series:
    """Return ``"claim_id CL-0001"`` style primary-key labels, one per row."""
    pk = schema.get("primaryKey", [])
    pk = [pk] if isinstance(pk, str) else list(pk)
    if not pk or not set(pk) <= set(frame.columns):
        return pd.Series([None] * len(frame), index=frame.index, dtype=object)
    parts = [f"{k} " + frame[k].fillna("<empty>") for k in pk]
    label = parts[0]
    for part in parts[1:]:
        label = label + ", " + part
    return label.astype(object)


def _ints(column: pd.Series) -> pd.Series:
    """Parse non-negative integers; anything else becomes <NA>."""
    digits = column.str.fullmatch(r"[0-9]+").fillna(False).astype(bool)
    candidates = column.where(digits)
    try:
        return candidates.astype("Int64")  # a vectorized cast: 10x faster than to_numeric on 1M strings
    except (ValueError, TypeError, OverflowError):  # more digits than int64 holds
        return pd.to_numeric(candidates).astype("Int64")


def _show(value: Any) -> str:
    """Render a cell for a message (``an empty cell`` for <NA>)."""
    return "an empty cell" if value is None or value is pd.NA or value != value else repr(value)


def span_mismatch(
    document_ids: pd.Series,
    starts: pd.Series,
    ends: pd.Series,
    exacts: pd.Series,
    texts: dict[str, str],
) -> pd.Series:
    """Flag rows where ``text[start:end] != exact``, without a loop per row.

    All texts are concatenated into one uint32 array of code points; each
    row's slice is gathered with ``np.repeat``/``np.arange`` index
    arithmetic and compared with the concatenated ``exact`` values; per-row
    results come from ``np.minimum.reduceat``.

    Parameters
    ----------
    document_ids, starts, ends, exacts : pandas.Series
        Aligned columns; every row must have ``0 <= start < end <= len(text)``
        and a known document.
    texts : dict
        Document ID → text.

    Returns
    -------
    pandas.Series of bool
        True where the span does not match.

    Example
    -------
    >>> s = lambda *v: pd.Series(list(v))
    >>> span_mismatch(s("d", "d"), s(0, 1), s(2, 3), s("ab", "bX"), {"d": "abc"}).tolist()
    [False, True]
    """
    order = list(texts)
    sizes = np.array([len(texts[d]) for d in order], dtype=np.int64)
    offsets = dict(zip(order, np.concatenate([[0], np.cumsum(sizes)[:-1]]).tolist()))
    corpus = np.frombuffer("".join(texts[d] for d in order).encode("utf-32-le"), dtype=np.uint32)
    start = starts.to_numpy(dtype=np.int64)
    length = ends.to_numpy(dtype=np.int64) - start
    same = exacts.str.len().to_numpy(dtype=np.int64) == length
    base = document_ids.map(offsets).to_numpy(dtype=np.int64) + start
    lengths = length[same]
    wanted = np.frombuffer("".join(exacts[same].tolist()).encode("utf-32-le"), dtype=np.uint32)
    first = np.cumsum(lengths) - lengths
    # int32 indices when they fit: half the memory traffic of the gather below.
    small = max(len(corpus), int(lengths.sum())) < 2**31
    kind = np.int32 if small else np.int64
    index = np.repeat((base[same] - first).astype(kind), lengths) + np.arange(lengths.sum(), dtype=kind)
    equal = (corpus[index] == wanted).astype(np.uint8)
    mismatch = ~same
    if len(lengths):
        mismatch[same] = np.minimum.reduceat(equal, first) == 0
    return pd.Series(mismatch, index=starts.index)


def _document_texts(ctx: _Context) -> tuple[dict[str, str], list[Problem]]:
    """Read each document's text (one loop per document) and check it."""
    if not ctx.has("documents", ["document_id", "text_path", "text_sha256", "length"]):
        return {}, []
    docs = ctx.tables["documents"]
    by_path, declared = {}, []
    for resource in ctx.package.resources:
        if not is_table(resource):
            try:
                resolved = ctx.package.resource_path(resource["name"])
            except DatasetError:  # an unsafe resource path is reported by the integrity step
                continue
            by_path[resolved] = resource["name"]
            declared.append((resource["path"], resolved))
    # A text_path spelled exactly like a resource's path resolves to the same file:
    # look it up without resolving every row again (10,000 documents: seconds).
    by_raw = {raw: by_path[resolved] for raw, resolved in declared}
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    columns = ["document_id", "text_path", "text_sha256", "length"]
    for index, *values in zip(docs.index, *(docs[c] for c in columns)):
        doc = dict(zip(columns, values))
        text, found = _one_text(ctx, doc, by_path, by_raw)
        if found:
            key = ctx.key_labels("documents", docs.loc[[index]]).iloc[0]
            problems += [Problem("documents", index + 2, col, msg, key) for col, msg in found]
        if text is not None and pd.notna(doc["document_id"]):
            texts[doc["document_id"]] = text
    return texts, problems


def _one_text(ctx: _Context, doc: dict[str, Any], by_path: dict, by_raw: dict) -> tuple[str | None, list[tuple[str, str]]]:
    """Return a document's text and the problems of its row."""
    if pd.isna(doc["text_path"]):
        return None, []
    name = by_raw.get(doc["text_path"])
    if name is None:
        try:
            path = resolve_inside(ctx.package.root, doc["text_path"], where="documents.text_path")
        except DatasetError as error:
            return None, [("text_path", f"expected a safe relative path: {error}")]
        name = by_path.get(path)
    if name is None:
        return None, [("text_path", f"expected the path of a text resource in datapackage.json, found {doc['text_path']!r}")]
    data = ctx.contents.get(name)
    if data is None:
        return None, [("text_path", f"expected a readable file at {doc['text_path']!r}")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None, [("text_path", f"expected UTF-8 text in {doc['text_path']!r}")]
    return text, _text_facts(doc, data, text)


def _text_facts(doc: dict[str, Any], data: bytes, text: str) -> list[tuple[str, str]]:
    """Compare the text's sha256 and length with the documents row."""
    found = []
    digest = hashlib.sha256(data).hexdigest()
    if pd.notna(doc["text_sha256"]) and doc["text_sha256"] != digest:
        found.append(("text_sha256", f"expected {digest} (sha256 of {doc['text_path']}), found {doc['text_sha256']!r}"))
    if pd.notna(doc["length"]) and doc["length"] != str(len(text)):
        found.append(("length", f"expected {len(text)} (code points in {doc['text_path']}), found {doc['length']!r}"))
    return found


def _span_problems(ctx: _Context, table: str, texts: dict[str, str]) -> list[Problem]:
    """Check the spans of one anchored table."""
    frame = ctx.tables[table]
    start, end, doc, exact = _ints(frame["start"]), _ints(frame["end"]), frame["document_id"], frame["exact"]
    known = doc.isin(list(texts)).fillna(False)
    size = pd.to_numeric(doc.map({d: len(t) for d, t in texts.items()})).astype("Int64")
    both = (start.notna() & end.notna()).astype(bool)
    disordered = both & (start >= end).fillna(False)
    outside = both & known & ~disordered & (end > size).fillna(False)
    checkable = both & known & ~disordered & ~outside & exact.notna()
    wrong = pd.Series(False, index=frame.index)
    if checkable.any():
        wrong[checkable] = span_mismatch(doc[checkable], start[checkable], end[checkable], exact[checkable], texts)
    spaced = exact.str.contains(r"^\s|\s$").fillna(False)  # one pass: white space at either end
    return (
        ctx.emit(table, disordered, "end", lambda f: (f"expected end > start ({s}), found {e}" for s, e in zip(start[f.index], end[f.index])))
        + ctx.emit(table, outside, "end", lambda f: (f"expected end <= {n} (length of {d}), found {e}" for n, d, e in zip(size[f.index], f["document_id"], end[f.index])))
        + ctx.emit(table, wrong, "exact", lambda f: (f"expected text[{s}:{e}] == {texts[d][s:e]!r}, found {x!r}" for d, s, e, x in zip(f["document_id"], start[f.index], end[f.index], f["exact"])))
        + ctx.emit(table, spaced.astype(bool), "exact", lambda f: (f"expected no white space at either end of the span, found {x!r}" for x in f["exact"]))
    )


def _utterance_problems(ctx: _Context) -> list[Problem]:
    """Quote parts sharing an utterance share speaker and citation."""
    if not ctx.has("quotes", ["quote_id", "utterance_id", "speaker_entity_id", "citation_id"]):
        return []
    quotes = ctx.tables["quotes"]
    group = quotes["utterance_id"]
    first_id = quotes["quote_id"].groupby(group).transform("first")
    problems: list[Problem] = []
    for column in ("speaker_entity_id", "citation_id"):
        value = quotes[column].fillna("")
        first = value.groupby(group).transform("first")
        differs = group.notna() & (value != first).fillna(False)
        problems += ctx.emit(
            "quotes", differs, column,
            lambda f, c=column, fv=first: (
                f"expected {_show(fv[i] or None)} like {first_id[i]} (same utterance {u}), found {_show(v)}"
                for i, u, v in zip(f.index, f["utterance_id"], f[c])
            ),
        )
    return problems


def _direct_quote_problems(ctx: _Context) -> list[Problem]:
    """Direct quotes name their speaker."""
    if not ctx.has("quotes", ["kind", "speaker_entity_id"]):
        return []
    quotes = ctx.tables["quotes"]
    missing = (quotes["kind"] == "direct").fillna(False) & quotes["speaker_entity_id"].isna()
    return ctx.emit("quotes", missing, "speaker_entity_id", lambda f: ("expected the speaker of a direct quote, found an empty cell" for _ in f.index))


def _attribution_problems(ctx: _Context) -> list[Problem]:
    """Source and quote_id agree with the claim's attribution."""
    if not ctx.has("claims", ["attribution", "source_entity_id", "quote_id"]):
        return []
    claims = ctx.tables["claims"]
    attribution, source, quote = claims["attribution"], claims["source_entity_id"], claims["quote_id"]
    author = (attribution == "author").fillna(False)
    sourced = attribution.isin(["reported", "quoted"]).fillna(False)
    quoted = (attribution == "quoted").fillna(False)
    return (
        ctx.emit("claims", author & source.notna(), "source_entity_id", lambda f: (f"expected an empty cell for an author claim, found {v!r}" for v in f["source_entity_id"]))
        + ctx.emit("claims", sourced & source.isna(), "source_entity_id", lambda f: (f"expected the source entity of a {a} claim, found an empty cell" for a in f["attribution"]))
        + ctx.emit("claims", quoted & quote.isna(), "quote_id", lambda f: ("expected the quote that contains this quoted claim, found an empty cell" for _ in f.index))
        + ctx.emit("claims", ~quoted & attribution.notna() & quote.notna(), "quote_id", lambda f: (f"expected an empty cell for a {a} claim, found {q!r}" for a, q in zip(f["attribution"], f["quote_id"])))
    )


def _quote_lookup(ctx: _Context, claims: pd.DataFrame) -> pd.DataFrame:
    """Return, aligned with ``claims``, the document, span and speaker of each claim's quote."""
    quotes = ctx.tables["quotes"].drop_duplicates("quote_id")
    # One hash lookup serves the four columns (what Series.map does once per column).
    position = pd.Index(quotes["quote_id"]).get_indexer(claims["quote_id"])

    def pick(values: pd.Series) -> pd.Series:
        return pd.Series(values.array.take(position, allow_fill=True), index=claims.index)

    looked = pd.DataFrame(index=claims.index)
    looked["document_id"] = pick(quotes["document_id"])
    looked["start"] = pick(_ints(quotes["start"]))
    looked["end"] = pick(_ints(quotes["end"]))
    looked["speaker"] = pick(quotes["speaker_entity_id"])
    return looked


def _quoted_claim_problems(ctx: _Context) -> list[Problem]:
    """Quoted claims lie inside their quote and share its speaker."""
    if not ctx.has("claims", SPAN_COLUMNS + ["attribution", "quote_id", "source_entity_id"]) or not ctx.has(
        "quotes", SPAN_COLUMNS + ["quote_id", "speaker_entity_id"]
    ):
        return []
    claims = ctx.tables["claims"]
    quote = _quote_lookup(ctx, claims)
    start, end = _ints(claims["start"]), _ints(claims["end"])
    quoted = (claims["attribution"] == "quoted").fillna(False) & quote["start"].notna() & quote["end"].notna()
    spanned = quoted & start.notna() & end.notna()
    elsewhere = spanned & (claims["document_id"] != quote["document_id"]).fillna(True)
    before = spanned & ~elsewhere & (start < quote["start"]).fillna(False)
    after = spanned & ~elsewhere & ~before & (end > quote["end"]).fillna(False)
    speaker = quoted & claims["source_entity_id"].notna() & quote["speaker"].notna() & (claims["source_entity_id"] != quote["speaker"]).fillna(False)

    def inside(f: pd.DataFrame) -> Iterable[str]:
        return (
            f"expected a span inside quote {q} [{quote['start'][i]}, {quote['end'][i]}) of {quote['document_id'][i]}, found [{start[i]}, {end[i]}) of {d}"
            for i, q, d in zip(f.index, f["quote_id"], f["document_id"])
        )

    return (
        ctx.emit("claims", elsewhere | before, "start", inside)
        + ctx.emit("claims", after, "end", inside)
        + ctx.emit("claims", speaker, "source_entity_id", lambda f: (f"expected {quote['speaker'][i]!r}, the speaker of {q}, found {s!r}" for i, q, s in zip(f.index, f["quote_id"], f["source_entity_id"])))
    )


def _outlet_problems(ctx: _Context) -> list[Problem]:
    """Every cited outlet is a media_outlet."""
    if not ctx.has("citations", ["outlet_entity_id"]) or not ctx.has("entities", ["entity_id", "type"]):
        return []
    citations = ctx.tables["citations"]
    types = ctx.tables["entities"].drop_duplicates("entity_id").set_index("entity_id")["type"]
    kind = citations["outlet_entity_id"].map(types)
    wrong = kind.notna() & (kind != "media_outlet").fillna(False)
    return ctx.emit("citations", wrong, "outlet_entity_id", lambda f: (f"expected a media_outlet entity, found {o!r} of type {kind[i]!r}" for i, o in zip(f.index, f["outlet_entity_id"])))


def _duplicate_mention_problems(ctx: _Context) -> list[Problem]:
    """Two mentions of the same entity may not share a span."""
    columns = ["document_id", "entity_id", "start", "end"]
    if not ctx.has("mentions", columns):
        return []
    mentions = ctx.tables["mentions"]
    complete = mentions[columns].notna().all(axis=1)
    repeated = complete & mentions.duplicated(columns, keep="first")
    first_row = pd.Series(mentions.index, index=mentions.index).groupby([mentions[c] for c in columns]).transform("first") + 2
    return ctx.emit("mentions", repeated, "start", lambda f: (f"expected one mention of {e!r} per span, found the same span as row {first_row[i]}" for i, e in zip(f.index, f["entity_id"])))


def _free_text_fields(schema: dict[str, Any]) -> list[str]:
    """Names of string fields with no pattern, enum or categories."""
    return [
        f["name"]
        for f in schema["fields"]
        if f.get("type", "any") in ("string", "any")
        and "categories" not in f
        and not {"pattern", "enum"} & set(f.get("constraints", {}))
    ]


def _formula_warnings(ctx: _Context) -> list[Problem]:
    """Warn about cells a spreadsheet could run as formulas."""
    warnings: list[Problem] = []
    for table, frame in ctx.tables.items():
        for column in _free_text_fields(ctx.package.schemas[table]):
            if column in frame.columns:
                risky = frame[column].str.match(_FORMULA).fillna(False).astype(bool)
                warnings += ctx.emit(table, risky, column, lambda f, c=column: (f"expected no leading =, +, -, @, tab or CR (a spreadsheet may run it as a formula), found {v[:40]!r}" for v in f[c]), "warning")
    return warnings


def _rule_problems(ctx: _Context) -> list[Problem]:
    """Every codebook rule (errors only)."""
    texts, problems = _document_texts(ctx)
    for table in ctx.tables:
        if ctx.has(table, SPAN_COLUMNS):
            problems += _span_problems(ctx, table, texts)
    problems += _utterance_problems(ctx) + _direct_quote_problems(ctx)
    problems += _attribution_problems(ctx) + _quoted_claim_problems(ctx)
    problems += _outlet_problems(ctx) + _duplicate_mention_problems(ctx)
    return problems


def semantic_problems(package: Package, contents: dict[str, bytes]) -> list[Problem]:
    """Run every semantic check and return the problems, errors then warnings.

    Parameters
    ----------
    package : Package
        The checked descriptor.
    contents : dict
        Resource name → file bytes (unreadable resources absent).

    Returns
    -------
    list of Problem

    Example
    -------
    >>> from csto_annotations.descriptor import read_package
    >>> from csto_annotations.paths import bundled_root
    >>> semantic_problems(read_package(bundled_root()), {})
    []
    """
    tables, problems = _read_tables(package, contents)
    ctx = _Context(package, contents, tables)
    return problems + _rule_problems(ctx) + _formula_warnings(ctx)


def rule_errors(package: Package, frames: dict[str, pd.DataFrame], texts: dict[str, bytes]) -> list[Problem]:
    """Run the codebook rules on already parsed (typed) tables, as ``load()`` does.

    Parameters
    ----------
    package : Package
        The checked descriptor.
    frames : dict
        Table name → typed DataFrame (tables not loaded are absent; rules
        needing them are skipped).
    texts : dict
        Text resource name → verified bytes.

    Returns
    -------
    list of Problem
        Errors only (no formula warnings).

    Example
    -------
    >>> import csto_annotations
    >>> ds = csto_annotations.load()
    >>> from csto_annotations.descriptor import read_package
    >>> package = read_package(ds.root)
    >>> texts = {r["name"]: package.resource_path(r["name"]).read_bytes() for r in package.resources if not is_table(r)}
    >>> rule_errors(package, dict(ds.tables), texts)
    []
    """
    ctx = _Context(package, texts, {name: _as_text(frame) for name, frame in frames.items()})
    return _rule_problems(ctx)
