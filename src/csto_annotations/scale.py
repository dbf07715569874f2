"""Synthetic packages N times the real one, for benchmarks and scale tests.

:func:`scale` replicates every document with all its annotations. Replica 0
keeps the real IDs; replica *k* gets document ``edm-4-191-s00000k`` (text
``data/texts/edm-4-191-s00000k.txt``, a copy of the real text) and numbered
IDs that continue corpus-wide: mention *i* of replica *k* is
``MN-`` (*i* + *k* × 152), zero-padded to one width per prefix (the schemas
allow four digits or more). Entities are shared by every replica, as in a
real corpus. Offsets stay valid because each replica's text is identical.

Everything is vectorized: each table is tiled with ``numpy`` and its ID
columns are rewritten with pandas string operations, so N = 10,000 (about
4.4 million rows) takes minutes, not hours. The package is written into a
staging directory beside ``out_dir`` (each file atomically) and renamed into
place at the end, so ``out_dir`` never holds half a package.

Example
-------
>>> import tempfile, pathlib
>>> from csto_annotations.scale import scale
>>> out = scale(2, pathlib.Path(tempfile.mkdtemp()) / "x2")
>>> (out / "data" / "texts" / "edm-4-191-s000001.txt").is_file()
True
"""

from __future__ import annotations

import copy
import io
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .atomic import atomic_write_bytes
from .descriptor import Package, is_table, read_package
from .errors import DatasetError
from .integrity import read_resource, sha256_label
from .paths import DESCRIPTOR_NAME, resolve_inside
from .sources import resolve_source

__all__ = ["scale", "replica_suffixes", "row_counts", "main"]

#: A numbered-ID pattern in a Table Schema, e.g. ``^MN-[0-9]{4,}$``.
_NUMBERED = re.compile(r"^\^([A-Z]+)-\[0-9\]\{(\d+),\}\$$")
_MIN_SUFFIX_WIDTH = 6


@dataclass(frozen=True)
class _Plan:
    """How IDs are rewritten: numbered-ID families and document-ID columns."""

    n: int
    strides: dict[str, int]   # prefix → largest number in the real data
    widths: dict[str, int]    # prefix → zero-padded width in the output
    numbered: dict[str, dict[str, str]]   # table → column → prefix
    document_columns: dict[str, list[str]]  # table → columns holding document IDs
    suffixes: np.ndarray      # replica → document-ID suffix ("" for replica 0)


def replica_suffixes(n: int) -> np.ndarray:
    """Return the document-ID suffix of each replica: ``""``, ``"-s000001"``, ….

    The width is six digits, or more when ``n`` needs it.

    Example
    -------
    >>> replica_suffixes(3).tolist()
    ['', '-s000001', '-s000002']
    """
    width = max(_MIN_SUFFIX_WIDTH, len(str(n - 1)))
    return np.array([""] + [f"-s{k:0{width}d}" for k in range(1, n)], dtype=object)


def _read_strings(data: bytes) -> pd.DataFrame:
    """Read a CSV with every column as ``string`` (empty cells <NA>), verbatim."""
    return pd.read_csv(io.BytesIO(data), dtype="string", keep_default_na=False, na_values=[""])


def _numbered_columns(schema: dict[str, Any]) -> dict[str, tuple[str, int]]:
    """Column → (prefix, minimum digits) for fields with a numbered-ID pattern."""
    found = {}
    for field in schema["fields"]:
        match = _NUMBERED.match(field.get("constraints", {}).get("pattern", ""))
        if match:
            found[field["name"]] = (match.group(1), int(match.group(2)))
    return found


def _document_columns(package: Package) -> dict[str, list[str]]:
    """Table → its columns that hold document IDs (the key and every reference to it)."""
    documents_key = package.schemas.get("documents", {}).get("primaryKey", ["document_id"])
    documents_key = [documents_key] if isinstance(documents_key, str) else list(documents_key)
    found: dict[str, list[str]] = {"documents": documents_key} if "documents" in package.schemas else {}
    for table, schema in package.schemas.items():
        for fk in schema.get("foreignKeys", []):
            if fk["reference"].get("resource") == "documents":
                fields = fk["fields"]
                found.setdefault(table, []).extend([fields] if isinstance(fields, str) else fields)
    return found


def _plan(package: Package, frames: dict[str, pd.DataFrame], n: int) -> _Plan:
    """Measure the real data: ID strides per prefix and the output widths."""
    numbered: dict[str, dict[str, str]] = {}
    strides: dict[str, int] = {}
    widths: dict[str, int] = {}
    for table, schema in package.schemas.items():
        for column, (prefix, digits) in _numbered_columns(schema).items():
            numbers = pd.to_numeric(frames[table][column].str.slice(len(prefix) + 1)).dropna()
            numbered.setdefault(table, {})[column] = prefix
            strides[prefix] = max(strides.get(prefix, 0), int(numbers.max()) if len(numbers) else 0)
            widths[prefix] = max(widths.get(prefix, 0), digits)
    for prefix, stride in strides.items():
        widths[prefix] = max(widths[prefix], len(str(stride * n)))
    return _Plan(n, strides, widths, numbered, _document_columns(package), replica_suffixes(n))


def _renumber(column: pd.Series, replica: np.ndarray, prefix: str, plan: _Plan) -> pd.Series:
    """``MN-0007`` of replica k → ``MN-`` (7 + k × stride), zero-padded; <NA> stays."""
    numbers = pd.to_numeric(column.str.slice(len(prefix) + 1)).astype("Int64")
    shifted = numbers + pd.array(replica * plan.strides[prefix], dtype="Int64")
    return f"{prefix}-" + shifted.astype("string").str.zfill(plan.widths[prefix])


def _replicate(table: str, frame: pd.DataFrame, plan: _Plan) -> pd.DataFrame:
    """Tile one table N times and rewrite its document and numbered IDs."""
    rows = len(frame)
    big = frame.take(np.tile(np.arange(rows), plan.n)).reset_index(drop=True)
    replica = np.repeat(np.arange(plan.n, dtype=np.int64), rows)
    suffix = pd.Series(plan.suffixes[replica], dtype="string")
    for column in plan.document_columns.get(table, []):
        big[column] = big[column] + suffix
    for column, prefix in plan.numbered.get(table, {}).items():
        big[column] = _renumber(big[column], replica, prefix, plan)
    if table == "documents" and "text_path" in big.columns:
        big["text_path"] = big["text_path"].str.replace(r"\.txt$", "", regex=True) + suffix + ".txt"
    return big


def _is_replicated(table: str, plan: _Plan) -> bool:
    """Tables tied to documents or numbered IDs grow N-fold; the rest (entities) are shared."""
    return table in plan.document_columns or table in plan.numbered


def _suffixed_path(path: str, suffix: str) -> str:
    """``data/texts/a.txt`` + ``-s000001`` → ``data/texts/a-s000001.txt``."""
    stem, dot, extension = path.rpartition(".")
    return f"{stem}{suffix}.{extension}" if dot else path + suffix


def _text_resources(resource: dict[str, Any], plan: _Plan) -> list[dict[str, Any]]:
    """One copy of a text resource per replica, with suffixed name and path."""
    copies = []
    for k, suffix in enumerate(plan.suffixes):
        replica = copy.deepcopy(resource)
        replica["name"] = resource["name"] + suffix
        replica["path"] = _suffixed_path(resource["path"], suffix)
        if k and "title" in replica:
            replica["title"] = f"{resource['title']} (synthetic replica {k})"
        copies.append(replica)
    return copies


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    """Serialise like the build step: LF line ends, minimal quoting, UTF-8."""
    from .export import frame_csv_bytes

    return frame_csv_bytes(frame)


def _document_text_paths(frame: pd.DataFrame | None) -> set[str]:
    """The ``text_path`` values of the real documents table."""
    if frame is None or "text_path" not in frame.columns:
        return set()
    return set(frame["text_path"].dropna().tolist())


class _Writer:
    """Writes files under a staging directory and records bytes and hashes."""

    def __init__(self, stage: Path) -> None:
        self.stage = stage
        self.measured: dict[str, tuple[int, str]] = {}

    def write(self, relative: str, data: bytes) -> None:
        target = resolve_inside(self.stage, relative, where=f"{self.stage} {relative}")
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, data)
        self.measured[relative] = (len(data), sha256_label(data))


def _write_resources(package: Package, frames: dict[str, pd.DataFrame], plan: _Plan, writer: _Writer) -> list[dict[str, Any]]:
    """Write every data file; return the new resource list, in descriptor order."""
    text_paths = _document_text_paths(frames.get("documents"))
    resources: list[dict[str, Any]] = []
    for resource in package.resources:
        name = resource["name"]
        if is_table(resource):
            frame = _replicate(name, frames[name], plan) if _is_replicated(name, plan) else frames[name]
            writer.write(resource["path"], _csv_bytes(frame))
            resources.append(copy.deepcopy(resource))
            continue
        data = read_resource(package, name)
        copies = _text_resources(resource, plan) if resource["path"] in text_paths else [copy.deepcopy(resource)]
        for replica in copies:
            writer.write(replica["path"], data)
        resources += copies
    for resource in resources:
        resource["bytes"], resource["hash"] = writer.measured[resource["path"]]
    return resources


def _copy_schemas(package: Package, writer: _Writer) -> None:
    """Copy the Table Schema files the descriptor points to."""
    for resource in package.resources:
        schema = resource.get("schema")
        if isinstance(schema, str):
            path = resolve_inside(package.root, schema, where=f"{package.descriptor_path} resource {resource['name']!r} schema")
            writer.write(schema, path.read_bytes())


def _descriptor(package: Package, resources: list[dict[str, Any]], n: int) -> str:
    """The synthetic package's descriptor, labelled as synthetic; same JSON layout as build."""
    descriptor = copy.deepcopy(package.descriptor)
    descriptor["resources"] = resources
    if n > 1:
        descriptor["title"] = f"{descriptor.get('title', package.name)} (synthetic, {n} replicas)"
        descriptor["description"] = (
            f"SYNTHETIC benchmark package: {n} replicas of every document and its annotations, "
            "with fresh IDs, generated by csto_annotations.scale. Not real annotations. "
            + descriptor.get("description", "")
        ).strip()
    return json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"


def _install(stage: Path, out: Path) -> None:
    """Move the staged package to ``out``, replacing an earlier package there."""
    if not out.exists():
        os.replace(stage, out)
        return
    if out.is_dir() and (not any(out.iterdir()) or (out / DESCRIPTOR_NAME).is_file()):
        trash = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".old"))
        os.replace(out, trash / "package")
        os.replace(stage, out)
        shutil.rmtree(trash, ignore_errors=True)
        return
    raise DatasetError(
        f"{out}: exists and is not a data package directory; choose another --out, "
        "or remove it first (scale only replaces an empty directory or an earlier package)."
    )


def scale(n: int, out_dir: str | os.PathLike[str], *, source: str | os.PathLike[str] | None = None) -> Path:
    """Write a synthetic package ``n`` times the real one into ``out_dir``.

    Parameters
    ----------
    n : int
        Number of replicas (1 reproduces the real tables byte for byte).
    out_dir : str or PathLike
        The package directory to create. An existing empty directory or an
        earlier package there is replaced; anything else is refused.
    source : str, PathLike or None
        The package to replicate (anything :func:`csto_annotations.load`
        accepts; default: the bundled copy). It is verified first.

    Returns
    -------
    pathlib.Path
        ``out_dir``, holding ``datapackage.json``, ``schemas/`` and ``data/``.
        Documents, mentions, quotes, claims, citations and claim_entities
        have ``n`` times their real row count; entities are unchanged.

    Raises
    ------
    DatasetError
        When ``n < 1``, the source is not intact, or ``out_dir`` holds
        something other than a package.

    Example
    -------
    >>> import tempfile, pathlib
    >>> out = scale(1, pathlib.Path(tempfile.mkdtemp()) / "x1")
    >>> (out / "datapackage.json").is_file()
    True
    """
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 1:
        raise DatasetError(f"scale: N must be a whole number >= 1, got {n!r}.")
    n = int(n)
    package = read_package(resolve_source(source))
    frames = {name: _read_strings(read_resource(package, name)) for name in package.table_names}
    plan = _plan(package, frames, n)
    out = Path(out_dir).absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp"))
    try:
        writer = _Writer(stage)
        _copy_schemas(package, writer)
        resources = _write_resources(package, frames, plan, writer)
        atomic_write_bytes(stage / DESCRIPTOR_NAME, _descriptor(package, resources, n).encode("utf-8"))
        _install(stage, out)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return out


def row_counts(root: str | os.PathLike[str]) -> dict[str, int]:
    """Count the data rows of every table of the package at ``root``.

    Example
    -------
    >>> from csto_annotations.paths import bundled_root
    >>> row_counts(bundled_root())["documents"]
    1
    """
    package = read_package(Path(root))
    return {
        name: len(pd.read_csv(package.resource_path(name), usecols=[0], dtype="string", keep_default_na=False))
        for name in package.table_names
    }


def main(argv: list[str] | None = None) -> int:
    """``python scripts/scale.py N --out DIR [--source SOURCE]``; returns the exit code.

    Prints the row count of every table. Exit codes: 0 written, 1 failed
    (the message says why), 2 usage error.

    Example
    -------
    >>> main(["--help"])  # doctest: +SKIP
    """
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="scale.py", description="Write a synthetic package N times the real one (valid, fresh IDs, measured hashes).")
    parser.add_argument("n", type=int, metavar="N", help="number of replicas of every document (1 = the real tables)")
    parser.add_argument("--out", required=True, metavar="DIR", help="package directory to write (an earlier package there is replaced)")
    parser.add_argument("--source", default=None, help="package to replicate (default: the bundled copy)")
    try:
        args = parser.parse_args(argv)
        out = scale(args.n, args.out, source=args.source)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 2
    except DatasetError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    counts = row_counts(out)
    width = max(map(len, counts))
    print(f"{out}: {args.n} replica(s), {sum(counts.values())} rows")
    for name, rows in counts.items():
        print(f"  {name:<{width}}  {rows:>10,}")
    return 0
