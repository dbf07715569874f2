"""The R package in ``r/`` against the Python package: tables cell for cell, and the hostile corpus.

A session fixture installs ``r/`` into a temporary library with ``R CMD INSTALL``, so nothing needs
installing first (CI installs Debian's R; see ``.ci/run``, which also runs the package's testthat suite).

* **Differential.** ``tests/r/dump.R`` reads a package with ``read_csto`` and writes every column
  losslessly as JSON; each must equal ``csto_annotations.load()``'s typed DataFrame column: the R type
  that the pandas dtype maps to (docs/r.md), the same NA positions, the same factor levels in the same
  order as the categorical's categories, the same ordered flag, and the same values. Texts, version and
  citation too. On the real package, both release archives and a package ten times the real one.
* **Hostile corpus.** Every case of ``tests/hostile/corpus.py`` is read by R in one process: R refuses it
  with a ``csto_error`` naming the file, or (for the rules R leaves to ``validate``, listed in
  ``R_LEAVES_TO_VALIDATE``) loads it; it never fails with any other error.
* **One profile.** The R package's closed-profile keys and field types are the Python profile's.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import csto_annotations
from csto_annotations._reader import _profile, _releases
from helpers import REPO, SCALE_TEN
from hostile.corpus import CASES, Built

HERE = Path(__file__).resolve().parent
RELEASES = sorted((REPO / "tests" / "fixtures" / "releases").glob("*.zip"))
SCALE = SCALE_TEN  # the shared scaled10 fixture (tests/conftest.py)

#: Corpus cases R loads: rules read_csto leaves to ``python -m csto_annotations validate`` (docs/r.md,
#: "What read_csto checks"), and archive oddities that cannot harm a reader that extracts nothing.
R_LEAVES_TO_VALIDATE = {
    # keys, foreign keys, constraints, spans and codebook rules
    "duplicate-claim-id", "duplicate-entity-id", "duplicate-composite-key", "dangling-source-entity",
    "dangling-claim-reference", "below-minimum", "pattern-violation", "span-text-mismatch", "span-out-of-range",
    "span-start-after-end", "quoted-claim-outside-quote", "quoted-claim-other-speaker", "author-claim-with-source",
    "citation-outlet-not-media", "duplicate-mention-id", "duplicate-quote-id", "duplicate-mention-span",
    "minimum-removed-start-negative",
    # the structure contract: the columns, types and keys the span, key and codebook rules need
    "start-typed-number", "end-typed-number", "quote-cue-column-removed", "span-start-not-required",
    "foreign-key-removed", "foreign-key-misspelled-resource", "foreign-key-unknown-field", "primary-key-changed",
    "constraint-on-wrong-type", "no-documents-resource", "no-claims-table",
    # key types, checked by the engine before any join; R joins nothing
    "foreign-key-integer-to-string", "foreign-key-boolean-to-string", "foreign-key-string-to-integer",
    "foreign-key-date-to-string", "foreign-key-composite-of-mixed-types", "foreign-key-enum-to-plain-text",
    # patterns, which R does not run (validate runs them in RE2)
    "pattern-invalid-regex", "pattern-backreference", "pattern-look-ahead", "pattern-with-trailing-newline",
    "pattern-catastrophic-backtracking",
    # archive entries read_csto never extracts: a symlink entry is its bytes, hashed like any other; an
    # unused entry is never read; the encrypted flag and a file-then-folder name change nothing it reads
    "zip-symlink-entry", "zip-bomb-ratio", "zip-encrypted-flag", "zip-entry-inside-a-file",
}  # fmt: skip


def _run(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, capture_output=True, text=True, encoding="utf-8", **kwargs)
    assert done.returncode == 0, f"{' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="session")
def r_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of an Rscript that finds the R package, installed from r/ into a temporary library."""
    if shutil.which("R") is None or shutil.which("Rscript") is None:
        pytest.fail("R is not installed: apt-get install r-base-core r-cran-jsonlite r-cran-digest r-cran-testthat")
    library = tmp_path_factory.mktemp("rlib")
    _run(["R", "CMD", "INSTALL", "--no-docs", "-l", str(library), str(REPO / "r")], cwd=library)
    return {**os.environ, "R_LIBS": str(library), "LC_ALL": "C.UTF-8"}


def r_read(source: Path, env: dict[str, str], tmp_path: Path) -> dict[str, Any]:
    """What read_csto returned for ``source``, as dump.R writes it."""
    out = tmp_path / "dump.json"
    _run(["Rscript", str(HERE / "dump.R"), str(source), str(out)], env=env)
    return dict(json.loads(out.read_text("utf-8")))


def expected_column(series: pd.Series) -> dict[str, Any]:
    """The column as dump.R would write it if R typed it as pandas did (docs/r.md gives the mapping)."""
    dtype = series.dtype
    missing = series.isna().tolist()
    if isinstance(dtype, pd.CategoricalDtype):
        values = [None if m else str(v) for v, m in zip(series, missing)]
        return {
            "class": "factor",
            "ordered": bool(dtype.ordered),
            "levels": [str(c) for c in dtype.categories],
            "values": values,
        }
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return {"class": "Date", "values": [None if m else v.strftime("%Y-%m-%d") for v, m in zip(series, missing)]}
    if pd.api.types.is_bool_dtype(dtype):
        return {"class": "logical", "values": [None if m else bool(v) for v, m in zip(series, missing)]}
    if pd.api.types.is_integer_dtype(dtype):
        return {"class": "integer", "values": [None if m else int(v) for v, m in zip(series, missing)]}
    if pd.api.types.is_float_dtype(dtype):
        return {"class": "double", "values": [None if m else float(v) for v, m in zip(series, missing)]}
    assert pd.api.types.is_string_dtype(dtype), f"{series.name}: no R type for pandas dtype {dtype}"
    return {"class": "character", "values": [None if m else str(v) for v, m in zip(series, missing)]}


def assert_same_tables(source: Path, env: dict[str, str], tmp_path: Path) -> int:
    """Hold R's tables to pandas' cell for cell; return the number of cells compared."""
    ds = csto_annotations.load(source)
    got = r_read(source, env, tmp_path)
    assert got["version"] == ds.version
    assert got["citation"] == ds.cite().rstrip("\n")
    assert (got["texts"] or {}) == dict(ds.texts)
    assert list(got["tables"]) == list(ds.tables)
    cells = 0
    for name, frame in ds.tables.items():
        table = got["tables"][name]
        assert table["names"] == list(frame.columns), name
        assert table["rows"] == len(frame), name
        for column in frame.columns:
            want, have = expected_column(frame[column]), table["columns"][column]
            if want["class"] == "double" and have["class"] == "double":  # R wrote 17 significant digits
                have = {**have, "values": [None if v is None else float(v) for v in have["values"]]}
            assert have == want, f"{source} {name}.{column}"
            cells += len(frame)
    return cells


def test_r_tables_equal_pandas_on_the_real_package(real: Path, r_env: dict[str, str], tmp_path: Path) -> None:
    assert assert_same_tables(real, r_env, tmp_path) > 3_000


@pytest.mark.parametrize("archive", RELEASES, ids=[p.stem for p in RELEASES])
def test_r_tables_equal_pandas_on_every_release(archive: Path, r_env: dict[str, str], tmp_path: Path) -> None:
    assert [p.name for p in RELEASES] == sorted(entry["file"] for entry in _releases.releases())
    assert assert_same_tables(archive, r_env, tmp_path) > 3_000


def test_r_tables_equal_pandas_on_a_package_ten_times_the_real_one(
    real: Path, scaled10: Path, r_env: dict[str, str], tmp_path: Path
) -> None:
    cells = assert_same_tables(scaled10, r_env, tmp_path)
    assert cells > 9 * assert_same_tables(real, r_env, tmp_path)


def test_r_refuses_the_hostile_corpus_or_leaves_the_rule_to_validate(
    corpus: dict[str, Built], r_env: dict[str, str], tmp_path: Path
) -> None:
    built = {case.name: corpus[case.name] for case in CASES}
    sources = tmp_path / "sources.txt"
    sources.write_text("".join(f"{b.source}\n" for b in built.values()), "utf-8")
    _run(["Rscript", str(HERE / "outcomes.R"), str(sources), str(tmp_path / "outcomes.json")], env=r_env)
    outcomes = json.loads((tmp_path / "outcomes.json").read_text("utf-8"))
    assert set(built) >= R_LEAVES_TO_VALIDATE, "every listed case is in the corpus"
    faults = [
        fault for case in CASES if (fault := _r_fault(case, built[case.name], outcomes[str(built[case.name].source)]))
    ]
    assert not faults, "\n".join(faults)


def _r_fault(case: Any, built: Built, got: dict[str, Any]) -> str:
    """Return what is wrong with R's outcome on one corpus case, or "" when it is as expected."""
    if case.name in R_LEAVES_TO_VALIDATE:
        return (
            ""
            if got["outcome"] == "loaded"
            else f"{case}: R refuses it now; remove it from R_LEAVES_TO_VALIDATE ({got})"
        )
    if got["outcome"] != "refused":
        return f"{case}: {got}"
    if not ("csto_error" in got["class"] and got["class"][0].endswith("_error")):
        return f"{case}: {got['class']}"
    message = got["message"]
    if re.search(r"[\x00-\x1f\x7f]", message):
        return f"{case}: control characters in {message!r}"
    named = case.table or built.source.name  # the table, file or archive
    return "" if named in message or str(built.source) in message else f"{case}: {message}"


def test_the_untouched_copy_loads_in_r(corpus: dict[str, Built], r_env: dict[str, str], tmp_path: Path) -> None:
    """The corpus's control: an untouched copy loads, so no case passes through a check that refuses everything."""
    untouched = corpus["untouched"].source
    tampered = corpus[CASES[0].name].source
    sources = tmp_path / "sources.txt"
    sources.write_text(f"{untouched}\n{tampered}\n", "utf-8")
    _run(["Rscript", str(HERE / "outcomes.R"), str(sources), str(tmp_path / "outcomes.json")], env=r_env)
    outcomes = json.loads((tmp_path / "outcomes.json").read_text("utf-8"))
    assert outcomes[str(untouched)]["outcome"] == "loaded"
    assert outcomes[str(tampered)]["outcome"] == "refused"


def test_the_r_profile_is_the_python_profile(r_env: dict[str, str], tmp_path: Path) -> None:
    _run(["Rscript", str(HERE / "keys.R"), str(tmp_path / "keys.json")], env=r_env)
    got = json.loads((tmp_path / "keys.json").read_text("utf-8"))
    field = _profile.SCHEMA["properties"]["fields"]["items"]
    foreign_key = _profile.SCHEMA["properties"]["foreignKeys"]["items"]
    resources = _profile.DESCRIPTOR["properties"]["resources"]["items"]
    python = {
        "package": _profile.DESCRIPTOR,
        "table": resources["then"],
        "text": resources["else"],
        "license": _profile.DESCRIPTOR["properties"]["licenses"]["items"],
        "contributor": _profile.DESCRIPTOR["properties"]["contributors"]["items"],
        "source": _profile.DESCRIPTOR["properties"]["sources"]["items"],
        "schema": _profile.SCHEMA,
        "field": field,
        "constraints": field["properties"]["constraints"],
        "foreign_key": foreign_key,
        "reference": foreign_key["properties"]["reference"],
    }
    assert {k: sorted(v) for k, v in got["keys"].items()} == {k: sorted(v["properties"]) for k, v in python.items()}
    assert got["types"] == field["properties"]["type"]["enum"]
    from csto_annotations._base import _limits

    assert got["limits"]["json_bytes"] == _limits.MAX_JSON_BYTES
    assert got["limits"]["json_depth"] == _limits.MAX_JSON_DEPTH
    assert got["limits"]["fields"] == _limits.MAX_FIELDS
    assert got["limits"]["resources"] == _limits.MAX_RESOURCES
    assert got["limits"]["cell_chars"] == _limits.MAX_CELL_CHARS
    assert got["limits"]["pattern_chars"] == _limits.MAX_PATTERN_CHARS
    assert got["limits"]["zip_entries"] == _limits.MAX_ZIP_ENTRIES
    assert got["limits"]["zip_bytes"] == _limits.MAX_ZIP_BYTES
    assert got["limits"]["zip_name_chars"] == _limits.MAX_ZIP_NAME_CHARS
    assert got["limits"]["file_bytes"] == _limits.MAX_FILE_BYTES - 1  # R's strings hold at most 2^31 - 1 bytes
