"""The codebook's attribution, linking and scope rules (``docs/codebook.md``).

* R6.6: an ``author`` claim has no cue, cue offsets or source mention; a
  ``reported`` or ``quoted`` claim has all four, ``text[cue_start:cue_end] ==
  cue``; a reported claim's cue lies inside its span, and a quoted claim's
  cue is its quote's cue;
* R6.6.4: the source mention is a mention of the claim's source entity, in the
  claim's document;
* R6.5.8: one source-link policy: every reported and quoted claim links its
  source in ``claim_entities`` with role ``source``, and no other row does;
* R3.3: an entity of type ``group`` is the source of a claim or the speaker of
  a quote;
* R6.2.3: a claim's span does not begin with a relative pronoun or a lowercase
  ``-ing`` word;
* R7.4 (a): every claim and quote inside the sentence a citation closes carries
  that citation, and a claim or quote that carries a citation ends before it,
  in its paragraph.

Sentences follow the codebook's rule, written once in ``_base/_text.py``: a
sentence ends at ``.``, ``?`` or ``!`` (optionally followed by a closing
quotation mark) when white space and a capital letter or an opening quotation
mark follow, or at the paragraph's end.

Example
-------
>>> sentences("A b. C d.\\nE f")
[(0, 4), (5, 9), (10, 13)]
"""

from __future__ import annotations

from typing import Any

from .._base._text import sentences
from ._cells import emit, isin, joined, lookup, strings
from ._report import Problem
from ._rules import span_problems

_BAD_START = r"^(?:(?:which|who|whom|whose)\b|[a-z][\w’'-]*ing\b)"
_CUE = ["cue", "cue_start", "cue_end", "source_mention_id"]


def _cue_problems(claims: Any, quotes: Any, texts: dict[str, str]) -> list[Problem]:

    attributed = claims["attribution"].isin(["reported", "quoted"]).to_numpy(dtype=bool)
    filled = claims[_CUE].notna().to_numpy()
    problems = emit("claims", ~attributed & filled.any(axis=1), "cue", lambda _: (
        "expected no cue, cue offsets or source mention for an author claim"))  # fmt: skip
    for position, column in enumerate(_CUE):
        problems += emit("claims", attributed & ~filled[:, position], column, lambda r, c=column: (
            f"expected the {c} of a {claims['attribution'][r]} claim (R6.6), found an empty cell"))  # fmt: skip
    full = attributed & filled.all(axis=1)
    problems += span_problems("claims", claims, texts, ("cue_start", "cue_end", "cue"), only=full)  # R6.6.2
    start, end = (claims[c].fillna(0).to_numpy(dtype="int64") for c in ("cue_start", "cue_end"))
    reported = full & (claims["attribution"] == "reported").to_numpy(dtype=bool)
    astray = reported & ((start < claims["start"].to_numpy()) | (end > claims["end"].to_numpy()))
    quote_cue = lookup(claims["quote_id"], quotes["quote_id"], quotes["cue"], missing="")
    quoted = full & (claims["attribution"] == "quoted").to_numpy(dtype=bool)
    other_cue = quoted & (quote_cue != strings(claims["cue"]))
    return (
        problems
        + emit("claims", astray, "cue_start", lambda r: ("expected a reported claim's cue inside its span "
               f"[{claims['start'][r]}, {claims['end'][r]}) (R6.6.3)"))
        + emit("claims", other_cue, "cue", lambda r: (f"expected {quote_cue[r]!r}, the cue of quote "
               f"{claims['quote_id'][r]} (R6.6.3), found {claims['cue'][r]!r}"))
    )  # fmt: skip


def _link_problems(claims: Any, mentions: Any, links: Any, entities: Any, quotes: Any) -> list[Problem]:
    owner = lookup(claims["source_mention_id"], mentions["mention_id"], mentions["entity_id"], missing="")
    place = lookup(claims["source_mention_id"], mentions["mention_id"], mentions["document_id"], missing="")
    named = owner != ""
    source = claims["source_entity_id"].astype("object")
    elsewhere = named & ((owner != strings(source)) | (place != strings(claims["document_id"])))
    attributed = isin(claims["attribution"].astype("string"), ["reported", "quoted"]) & source.notna().to_numpy()
    claimed = joined(claims, ["claim_id", "source_entity_id"])
    is_source = (links["role"] == "source").to_numpy(dtype=bool)
    pairs = joined(links, ["claim_id", "entity_id"])
    stray = is_source & ~isin(pairs, claimed.filter(attributed))
    unlinked = attributed & ~isin(claimed, pairs.filter(is_source))
    ids, group = entities["entity_id"], (entities["type"] == "group").to_numpy(dtype=bool)
    silent = group & ~isin(ids, source) & ~isin(ids, quotes["speaker_entity_id"])
    return (
        emit("claims", elsewhere, "source_mention_id", lambda r: (f"expected a mention of "
             f"{source[r]!r} in {claims['document_id'][r]} (R6.6.4), found one of {owner[r]!r}"))
        + emit("claims", unlinked, "source_entity_id", lambda r: (f"expected a claim_entities row "
               f"({claims['claim_id'][r]}, {source[r]}, source) (R6.5.8)"))
        + emit("claim_entities", stray, "role", lambda r: ("expected role source only for the source of a "
               f"reported or quoted claim (R6.5.8), found ({links['claim_id'][r]}, {links['entity_id'][r]})"))
        + emit("entities", silent, "type", lambda r: (f"expected a group entity to be the source of a claim "
               f"or the speaker of a quote (R3.3), found {entities['entity_id'][r]!r}"))
    )  # fmt: skip


def _start_problems(claims: Any) -> list[Problem]:
    import pyarrow as pa
    import pyarrow.compute as pc

    exact = pa.array(claims["exact"], from_pandas=True)
    bad = pc.fill_null(pc.match_substring_regex(exact, _BAD_START), False).to_numpy(zero_copy_only=False)
    return emit("claims", bad, "exact", lambda r: ("expected a span that begins with the claim's subject, "
                f"not a relative pronoun or an -ing word (R6.2.3), found {claims['exact'][r][:40]!r}"))  # fmt: skip


def _scope_problems(frames: dict[str, Any], texts: dict[str, str]) -> list[Problem]:
    import numpy as np
    import pandas as pd

    citations = frames["citations"]
    # Every sentence of every text on one axis (a document's offsets shifted past the texts before it), then a
    # sentinel. A citation closes the first sentence of its document that ends at or after it and begins
    # at or before it (one binary search), else its own span.
    spans = [np.array(sentences(t), "int64").reshape(-1, 2) for t in texts.values()]
    base = np.cumsum([0, *map(len, texts.values())])
    a, b = np.concatenate([*(s + o for s, o in zip(spans, base)), [[np.iinfo("int64").max] * 2]]).T
    doc = lookup(citations["document_id"], list(texts), np.arange(len(texts)), missing=-1).astype("int64")
    start, end = (citations[c].to_numpy("int64") for c in ("start", "end"))
    i = np.searchsorted(b, base[doc] + np.maximum(end, 1))
    held = (doc >= 0) & (base[doc] <= a[i]) & (a[i] <= base[doc] + start) & (b[i] <= base[doc + 1])
    bounds = pd.DataFrame({"document_id": citations["document_id"], "closer": citations["citation_id"],
                           "a": np.where(held, a[i] - base[doc], start), "b": np.where(held, b[i] - base[doc], end)})  # fmt: skip
    problems: list[Problem] = []
    for table in ("claims", "quotes"):
        frame = frames[table]
        carried = frame["citation_id"]
        rows = pd.DataFrame({"row": range(len(frame)), "document_id": frame["document_id"], "start": frame["start"],
                             "end": frame["end"], "carried": carried.fillna("")})  # fmt: skip
        pairs = rows.merge(bounds, on="document_id")
        inside = pairs[(pairs["a"] <= pairs["start"]) & (pairs["end"] <= pairs["b"])]
        missed = inside[inside["carried"] != inside["closer"]].drop_duplicates("row")
        expected = dict(zip(missed["row"], missed["closer"]))
        late = lookup(carried, citations["citation_id"], citations["start"]).astype(float) + 1 < frame["end"].to_numpy()
        problems += emit(table, np.isin(np.arange(len(frame)), missed["row"]), "citation_id", lambda r, e=expected,
                         c=carried: (f"expected {e[r]}, the citation that closes this sentence (R7.4), found "
                                     f"{c[r] if isinstance(c[r], str) else 'an empty cell'}"))  # fmt: skip
        problems += emit(table, late, "citation_id", lambda r, c=carried: (
            f"expected a span before citation {c[r]} (R7.4), found one after it"))  # fmt: skip
    return problems


def codebook_problems(frames: dict[str, Any], texts: dict[str, str]) -> list[Problem]:
    """Run the attribution, linking, span-start and citation-scope rules on well-typed tables."""
    if not {"claims", "quotes", "mentions", "claim_entities", "entities", "citations"} <= set(frames):
        return []
    claims, quotes = frames["claims"], frames["quotes"]
    return (
        _cue_problems(claims, quotes, texts)
        + _link_problems(claims, frames["mentions"], frames["claim_entities"], frames["entities"], quotes)
        + _start_problems(claims)
        + _scope_problems(frames, texts)
    )
