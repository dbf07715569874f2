"""Differential test: our engine and frictionless, the reference, decide alike.

``csto_annotations.validate(path).valid`` and ``frictionless.validate(path /
"datapackage.json").valid`` (frictionless 5.x) must agree on valid or invalid:

1. on every directory case of the hostile corpus that our reader accepts at the
   descriptor level (profile, paths, hashes). frictionless trusts its descriptor
   (it would follow ``extrapaths``, a ``dialect`` URL, ...), so it is never run
   on a package the reader refuses: those cases are not compared;
2. on generated single-cell mutations of the real package (hypothesis, fixed
   seed, bounded count): a table, a row (the header included) and a column are
   drawn, the cell is replaced by an edge value, every hash is re-measured.

Where they disagree, our rules must be the stricter side and the reason must
be one of :data:`STRICTER`, listed with its justification; corpus cases are
named one by one in :data:`CORPUS_EXCEPTIONS`. A listed case that agrees fails
too, so the list cannot go stale.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import csto_annotations
from csto_annotations._base._limits import MAX_CELL_CHARS
from csto_annotations._engine._structure import COLUMNS
from csto_annotations._reader._package import read_package
from helpers import nightly_examples, schema
from hostile import edits
from hostile.corpus import CASES, Built, build_case

frictionless = pytest.importorskip("frictionless")

#: Why our engine may refuse what frictionless accepts. Each is a rule of this dataset that frictionless,
#: which knows only the Table Schema standard, cannot know or reads differently.
STRICTER = {
    "codebook": "the span, text, key-structure and codebook rules (text[start:end] == exact, document hashes and "
    "lengths, attribution, quotes, citation outlets, one mention per span) are not expressible in a Table Schema",
    "structure": "a schema edit that would switch one of those rules off (an offset typed number, a span column "
    "not required, a foreign key or primary key removed or changed) is refused; frictionless just uses the edit",
    "canonical-integers": "an integer cell must be canonical decimal (no '+3', no surrounding spaces, at most 18 "
    "digits so it fits int64); frictionless strips spaces, accepts a sign and Python's unbounded ints",
    "control-characters": "a NUL or other C0 control character (but tab, LF, CR) is refused in every cell; "
    "frictionless accepts any character in a string",
    "re2-dollar": "patterns run in RE2 anchored as ^(?:p)$, where $ is the end of the text; Python's re, which "
    "frictionless uses, lets $ match before a trailing newline",
    "cell-size": f"a cell holds at most MAX_CELL_CHARS ({MAX_CELL_CHARS}) code points",
    "csv-strictness": "a CSV has no byte-order mark and closes every quoted field; frictionless strips a BOM and "
    "reads an unterminated quote to the end of the file",
    "peer-crash": "frictionless raises (re.error) on a pattern Python cannot compile, instead of reporting it; our "
    "reader refuses the pattern with a DescriptorError",
}

#: Corpus cases where the two disagree, each with its reason (a key of STRICTER).
CORPUS_EXCEPTIONS = {
    "span-text-mismatch": "codebook", "span-out-of-range": "codebook", "span-start-after-end": "codebook",
    "document-hash-cell-wrong": "codebook", "document-text-edited": "codebook", "document-length-wrong": "codebook",
    "quoted-claim-outside-quote": "codebook", "quoted-claim-other-speaker": "codebook",
    "author-claim-with-source": "codebook", "citation-outlet-not-media": "codebook",
    "duplicate-mention-span": "codebook", "minimum-removed-start-negative": "codebook",
    "start-typed-number": "structure", "end-typed-number": "structure", "span-start-not-required": "structure",
    "foreign-key-removed": "structure", "primary-key-changed": "structure", "quote-cue-column-removed": "structure",
    "offset-25-digits": "canonical-integers", "integer-with-plus-sign": "canonical-integers",
    "integer-with-leading-space": "canonical-integers", "integer-with-trailing-space": "canonical-integers",
    "nul-in-cell": "control-characters", "bell-in-cell": "control-characters",
    "vertical-tab-in-cell": "control-characters", "escape-sequence-in-statement": "control-characters",
    "pattern-with-trailing-newline": "re2-dollar",
    "huge-single-field": "cell-size", "cell-one-past-the-limit": "cell-size",
    "utf8-bom": "csv-strictness", "unterminated-quoted-field": "csv-strictness",
    "pattern-invalid-regex": "peer-crash",
    "text-latin-1": "codebook",  # a document's text is UTF-8: frictionless does not read text resources
}  # fmt: skip

#: Corpus cases frictionless is not run on, with the reason.
NOT_RUN = {
    "pattern-catastrophic-backtracking": "frictionless matches '(a+)+' with Python's re, which takes exponential "
    "time on the 5,001-character cell (it does not finish in minutes); our engine uses RE2 and takes milliseconds",
}


def frictionless_valid(root: Path) -> bool | None:
    """frictionless's verdict on a package directory, or None when it raises instead of reporting."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return bool(frictionless.validate(str(root / "datapackage.json")).valid)
        except Exception:
            return None


def accepted_by_reader(root: Path) -> bool:
    try:
        read_package(root)
    except csto_annotations.DatasetError:
        return False
    return True


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    work = tmp_path_factory.mktemp("differential")
    return {case.name: build_case(case, work) for case in CASES}


def test_the_lists_name_real_cases() -> None:
    names = {case.name for case in CASES}
    assert set(CORPUS_EXCEPTIONS) | set(NOT_RUN) <= names
    assert set(CORPUS_EXCEPTIONS.values()) <= set(STRICTER)


def test_the_real_package_is_valid_for_both(tmp_path: Path) -> None:
    root = edits.fresh_copy(tmp_path / "pkg")
    assert csto_annotations.validate(root).valid and frictionless_valid(root) is True


COMPARED = [c for c in CASES if c.name not in NOT_RUN]


@pytest.mark.parametrize("case", COMPARED, ids=str)
def test_corpus_case(case: Any, corpus: dict[str, Built]) -> None:
    source = corpus[case.name].source
    if not source.is_dir() or not accepted_by_reader(source):
        assert case.name not in CORPUS_EXCEPTIONS
        return  # refused before frictionless may see it: nothing to compare
    ours, theirs = csto_annotations.validate(source).valid, frictionless_valid(source)
    if case.name in CORPUS_EXCEPTIONS:
        assert not ours and theirs is not False, f"listed as stricter ({CORPUS_EXCEPTIONS[case.name]}) but both agree"
    else:
        assert ours is theirs, f"ours valid={ours}, frictionless valid={theirs}"


def test_most_of_the_corpus_is_compared(corpus: dict[str, Built]) -> None:
    compared = [c for c in COMPARED if corpus[c.name].source.is_dir() and accepted_by_reader(corpus[c.name].source)]
    agreeing = [c for c in compared if c.name not in CORPUS_EXCEPTIONS]
    assert len(compared) >= 65 and len(agreeing) >= 35, (len(compared), len(agreeing))


# --- single-cell mutations --------------------------------------------------------------------

TABLES = [r["name"] for r in edits.descriptor(edits.REPO)["resources"] if r["type"] == "table"]
HEADERS = {t: edits.read_rows(edits.REPO, t)[0] for t in TABLES}
ROWS = {t: len(edits.read_rows(edits.REPO, t)) for t in TABLES}
SCHEMAS = {t: schema(t) for t in TABLES}
EDGE = [
    "", " ", "0", "-1", "1", "+3", " 3", "3 ", "12.0", "1e2", "007", "-0", "1" * 19, "1" * 25, "true", "True",
    "2007-10-06", "2007-02-30", "10/06/2007", "2007-10-06T00:00:00", "x\x00y", "a\x1b[2Jb", "a\x07", "tab\there",
    "line\nbreak", "Q318693\n", "Q0", "CL-0001", "MN-0001", "csto", "nobody-known", "media_outlet", "quoted", "author",
    "source", "Café", "\ufeffx", "=1+1", "NaN", "-", "null", "NA", "x" * (MAX_CELL_CHARS + 1),
]  # fmt: skip
VALUES = st.sampled_from(EDGE) | st.text(max_size=8)


def _field(table: str, column: str) -> dict[str, Any]:
    return next(f for f in SCHEMAS[table]["fields"] if f["name"] == column)


def _not_canonical_integer(value: str) -> bool:
    return re.fullmatch(r"-?[0-9]{1,18}", value) is None


def stricter_reason(table: str, row: int, column: str, value: str) -> str | None:
    """Which STRICTER reason, if any, justifies our refusal of this one-cell edit where frictionless accepts it."""
    if row == 1:
        return None  # a header edit (case, suffix) is refused by both: labels must equal the field names
    field = _field(table, column)
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", value):
        return "control-characters"
    if len(value) > MAX_CELL_CHARS:
        return "cell-size"
    if field["type"] == "integer" and value.strip() and _not_canonical_integer(value):
        return "canonical-integers"
    if value.endswith("\n") and "pattern" in field.get("constraints", {}):
        return "re2-dollar"
    if column in COLUMNS.get(table, {}):  # the columns the span, key and codebook rules read
        return "codebook"
    return None


@st.composite
def cell_edits(draw: st.DrawFn) -> tuple[str, int, str, str]:
    table = draw(st.sampled_from(TABLES))
    column = draw(st.sampled_from(HEADERS[table]))
    header = draw(st.integers(0, 9)) == 0
    row = 1 if header else draw(st.integers(2, ROWS[table]))
    value = draw(st.sampled_from([column.upper(), column.title(), column + "_x"])) if header else draw(VALUES)
    return table, row, column, value


COMMON: dict[str, Any] = dict(
    derandomize=True, deadline=None, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[Path, bytes]]:
    root = edits.fresh_copy(tmp_path_factory.mktemp("mutations") / "pkg")
    return root, {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def check_cell_edit(pristine: tuple[Path, dict[Path, bytes]], change: tuple[str, int, str, str]) -> None:
    root, files = pristine
    table, row, column, value = change
    try:
        if edits.cell(root, table, row, column) == value:
            return
        edits.set_cell(root, table, row, column, value)
        edits.rehash(root)
        ours, theirs = csto_annotations.validate(root).valid, frictionless_valid(root)
        event(f"ours={ours} frictionless={theirs}")
        if ours is theirs:
            return
        reason = stricter_reason(table, row, column, value)
        assert not ours and theirs, f"frictionless is the stricter one on {change!r}"
        assert reason is not None, f"ours refuses {change!r}, frictionless accepts it, and no listed reason applies"
        event(f"stricter: {reason}")
    finally:
        for path, data in files.items():
            path.write_bytes(data)


@settings(max_examples=60, **COMMON)
@given(change=cell_edits())
def test_single_cell_mutations(pristine: tuple[Path, dict[Path, bytes]], change: tuple[str, int, str, str]) -> None:
    check_cell_edit(pristine, change)


@pytest.mark.nightly
@settings(max_examples=nightly_examples(600), **COMMON)
@given(change=cell_edits())
def test_single_cell_mutations_nightly(
    pristine: tuple[Path, dict[Path, bytes]], change: tuple[str, int, str, str]
) -> None:
    check_cell_edit(pristine, change)
