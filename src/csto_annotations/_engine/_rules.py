"""The rules no Table Schema can express: texts, spans and the codebook's.

* documents: ``text_path`` names a text resource of the package, whose sha256
  and length in code points the row records;
* spans: ``start < end <= len(text)``, ``text[start:end] == exact``, and no
  white space at either end of ``exact``;
* quotes: parts of one utterance share speaker and citation; a direct quote
  names its speaker;
* claims: an ``author`` claim has no source and a ``reported`` or ``quoted``
  one has; a ``quoted`` claim names its quote, lies inside it and shares its
  speaker, and no other claim names a quote;
* citations: the outlet is a ``media_outlet``;
* mentions: one mention per entity and span.

They run on typed tables whose structure :mod:`._structure` has checked, so
every column they read exists with its type.

Example
-------
>>> import pandas as pd
>>> s = lambda *v: pd.Series(list(v))
>>> span_mismatch(s("d", "d"), s(0, 1), s(2, 3), s("ab", "bX"), {"d": "abc"}).tolist()
[False, True]
"""

from __future__ import annotations

import hashlib
from typing import Any

from .._base._fields import categories
from .._base._reads import SPAN_TABLES
from ._cells import arrow, emit, lookup, strings
from ._report import Problem


def span_mismatch(documents: Any, starts: Any, ends: Any, exacts: Any, texts: dict[str, str]) -> Any:
    """Flag rows where ``text[start:end] != exact`` (code points), as a numpy mask.

    The texts are one UTF-32 array; spans whose length matches are gathered from it and compared with the
    exacts, decoded to UTF-32 too, in blocks of 2**18 code points (so memory stays small). Every row must
    have a known document and ``0 <= start < end <= len(text)``.
    """
    import numpy as np
    import pyarrow.compute as pc

    base = np.cumsum([0, *map(len, texts.values())])[:-1]
    pool = np.frombuffer("".join(texts.values()).encode("utf-32-le"), "<u4")
    first = lookup(documents, list(texts), base).astype("int64") + np.asarray(starts, "int64")
    size, exact = np.asarray(ends, "int64") - np.asarray(starts, "int64"), arrow(exacts).cast("large_string")
    wrong = pc.utf8_length(exact).to_numpy(zero_copy_only=False) != size
    same = np.flatnonzero(~wrong)
    for rows in np.split(same, np.searchsorted(np.cumsum(size[same]), np.arange(1, size[same].sum() >> 18) << 18)):
        part, n = exact.take(rows), size[rows]  # fresh buffers, from offset 0: the cells' UTF-8 one after another
        text = str(memoryview(part.buffers()[2] or b"")[: np.frombuffer(part.buffers()[1], "<i8")[len(part)]], "utf-8")
        points = np.frombuffer(text.encode("utf-32-le"), "<u4")
        at = np.cumsum(n) - n  # where each row's code points begin in ``points``
        differ = pool[np.repeat(first[rows] - at, n) + np.arange(len(points))] != points
        wrong[rows] = np.logical_or.reduceat(differ, at) if len(rows) else []
    return wrong


def _bool(series: Any) -> Any:
    return series.fillna(False).to_numpy(dtype=bool)


def document_texts(
    documents: Any, resources: list[dict[str, Any]], data: dict[str, bytes]
) -> tuple[dict[str, str], list[Problem]]:
    """Decode each document's text and compare it with its row."""
    by_path = {r["path"]: r["name"] for r in resources if r["type"] == "text"}
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for row, (document, path, digest, length) in enumerate(
        zip(documents["document_id"], documents["text_path"], documents["text_sha256"], documents["length"]), 2
    ):
        name = by_path.get(path)
        if name is None or name not in data:
            problems.append(Problem("documents", row, "text_path", f"expected the path of a text resource in "
                                    f"datapackage.json, found {path!r}"))  # fmt: skip
            continue
        raw = data[name]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(Problem("documents", row, "text_path", f"expected UTF-8 text in {path!r}"))
            continue
        actual = hashlib.sha256(raw).hexdigest()
        if digest != actual:
            problems.append(Problem("documents", row, "text_sha256", f"expected {actual} (sha256 of {path}), "
                                    f"found {digest!r}"))  # fmt: skip
        if length != len(text):
            problems.append(Problem("documents", row, "length", f"expected {len(text)} (code points in {path}), "
                                    f"found {length}"))  # fmt: skip
        texts[str(document)] = text
    return texts, problems


def span_problems(
    table: str,
    frame: Any,
    texts: dict[str, str],
    columns: tuple[str, str, str] = ("start", "end", "exact"),
    only: Any = True,
) -> list[Problem]:
    """Check the spans of ``frame`` (``columns`` name start, end and text; ``only`` masks the rows that have one)."""
    import numpy as np

    first, last, text = columns
    start, end = (frame[c].fillna(0).astype("int64") for c in (first, last))
    document, exact = frame["document_id"], frame[text]
    size = lookup(document, list(texts), [len(t) for t in texts.values()], missing=-1).astype("int64")
    disordered = only & ((start < 0).to_numpy() | (start >= end).to_numpy())
    outside = only & (size >= 0) & ~disordered & (end.to_numpy() > size)
    checkable = only & (size >= 0) & ~disordered & ~outside
    wrong = np.zeros(len(frame), dtype=bool)
    wrong[checkable] = span_mismatch(document[checkable], start[checkable], end[checkable], exact[checkable], texts)
    spaced = only & _bool(exact.str.strip() != exact)  # one vectorized pass
    return (
        emit(table, disordered, last, lambda r: f"expected 0 <= {first} < {last}, found {first} {start[r]} "
             f"and {last} {end[r]}")
        + emit(table, outside, last, lambda r: f"expected {last} <= {size[r]} (length of {document[r]}), "
               f"found {end[r]}")
        + emit(table, wrong, text, lambda r: f"expected text[{start[r]}:{end[r]}] == "
               f"{texts[document[r]][start[r]:end[r]]!r}, found {exact[r]!r}")
        + emit(table, spaced, text, lambda r: f"expected no white space at either end of the span, found "
               f"{exact[r]!r}")
    )  # fmt: skip


def _quote_problems(quotes: Any) -> list[Problem]:
    group = quotes["utterance_id"]
    first_id = quotes["quote_id"].groupby(group).transform("first")
    problems: list[Problem] = []
    for column in ("speaker_entity_id", "citation_id"):
        value = quotes[column].astype("object").fillna("")
        first = value.groupby(group).transform("first")
        problems += emit("quotes", (value != first).to_numpy(), column, lambda r, c=column, f=first: (
            f"expected {repr(f[r]) if f[r] else 'an empty cell'} like {first_id[r]} (same utterance {group[r]}), "
            f"found {repr(quotes[c][r]) if quotes[c].notna()[r] else 'an empty cell'}"))  # fmt: skip
    direct = _bool(quotes["kind"] == "direct") & quotes["speaker_entity_id"].isna().to_numpy()
    return problems + emit("quotes", direct, "speaker_entity_id", lambda _: (
        "expected the speaker of a direct quote, found an empty cell"))  # fmt: skip


def _claim_problems(claims: Any, quotes: Any) -> list[Problem]:
    attribution, source, quote = claims["attribution"], claims["source_entity_id"], claims["quote_id"]
    author, quoted = _bool(attribution == "author"), _bool(attribution == "quoted")
    sourced = _bool(attribution.isin(["reported", "quoted"]))
    has_source, has_quote = source.notna().to_numpy(), quote.notna().to_numpy()
    problems = (
        emit("claims", author & has_source, "source_entity_id", lambda r: (
            f"expected an empty cell for an author claim, found {source[r]!r}"))
        + emit("claims", sourced & ~has_source, "source_entity_id", lambda r: (
            f"expected the source entity of a {attribution[r]} claim, found an empty cell"))
        + emit("claims", quoted & ~has_quote, "quote_id", lambda _: (
            "expected the quote that contains this quoted claim, found an empty cell"))
        + emit("claims", ~quoted & has_quote, "quote_id", lambda r: (
            f"expected an empty cell for a {attribution[r]} claim, found {quote[r]!r}"))
    )  # fmt: skip
    if quotes is None:
        return problems
    ids = quotes["quote_id"]
    q_start, q_end = (lookup(quote, ids, quotes[c], missing=-1).astype("int64") for c in ("start", "end"))
    linked = quoted & has_quote & (q_start >= 0)
    q_doc, speaker = (lookup(quote, ids, quotes[c], missing="") for c in ("document_id", "speaker_entity_id"))
    outside = linked & ((strings(claims["document_id"]) != q_doc)
                        | (claims["start"].to_numpy() < q_start) | (claims["end"].to_numpy() > q_end))  # fmt: skip
    other = linked & has_source & (speaker != "") & (strings(source) != speaker)
    return (
        problems
        + emit("claims", outside, "end", lambda r: f"expected a span inside quote {quote[r]} [{q_start[r]}, "
               f"{q_end[r]}), found [{claims['start'][r]}, {claims['end'][r]})")
        + emit("claims", other, "source_entity_id", lambda r: f"expected {speaker[r]!r}, the speaker of "
               f"{quote[r]}, found {source[r]!r}")
    )  # fmt: skip


def _outlet_problems(citations: Any, entities: Any) -> list[Problem]:
    kind = lookup(citations["outlet_entity_id"], entities["entity_id"], entities["type"].astype("string"), missing="")
    wrong = (kind != "") & (kind != "media_outlet")
    return emit("citations", wrong, "outlet_entity_id", lambda r: (
        f"expected a media_outlet entity, found {citations['outlet_entity_id'][r]!r} of type {kind[r]!r}"))  # fmt: skip


def _mention_problems(mentions: Any) -> list[Problem]:
    columns = ["document_id", "entity_id", "start", "end"]
    repeated = mentions.duplicated(columns, keep="first").to_numpy()
    first = mentions.reset_index().groupby(columns)["index"].transform("first") + 2
    return emit("mentions", repeated, "start", lambda r: (
        f"expected one mention of {mentions['entity_id'][r]!r} per span, found the same span as row {first[r]}"))  # fmt: skip


def formula_warnings(frames: dict[str, Any], schemas: dict[str, dict[str, Any]]) -> list[Problem]:
    """Warn about free-text cells a spreadsheet could run as a formula (OWASP's triggers)."""
    warnings: list[Problem] = []
    for table, frame in frames.items():
        for field in schemas[table]["fields"]:  # free text: a string with no pattern, enum or categories
            if field["type"] != "string" or "pattern" in field.get("constraints", {}) or categories(field) is not None:
                continue
            values = frame[field["name"]]
            risky = _bool(values.str.match(r"[=+\-@\t\r＝＋－＠]"))
            warnings += emit(table, risky, field["name"], lambda r, v=values: (
                f"expected no leading =, +, -, @, tab or CR (a spreadsheet may run it as a formula), found "
                f"{str(v[r])[:40]!r}"), severity="warning")  # fmt: skip
    return warnings


def rule_problems(frames: dict[str, Any], texts: dict[str, str]) -> list[Problem]:
    """Run every span and codebook rule on the tables that could be read."""
    problems = [p for table in SPAN_TABLES if table in frames for p in span_problems(table, frames[table], texts)]
    if "quotes" in frames:
        problems += _quote_problems(frames["quotes"])
    if "claims" in frames:
        problems += _claim_problems(frames["claims"], frames.get("quotes"))
    if "citations" in frames and "entities" in frames:
        problems += _outlet_problems(frames["citations"], frames["entities"])
    if "mentions" in frames:
        problems += _mention_problems(frames["mentions"])
    return problems
