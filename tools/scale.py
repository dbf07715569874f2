"""Synthetic packages N times the real one, for benchmarks and scale tests.

:func:`scale` replicates every document with all its annotations. Replica 0
keeps the real IDs; replica *k* gets document ``edm-4-191-s00000k`` (text
``data/texts/edm-4-191-s00000k.txt``, a copy of the real text) and numbered
IDs that continue corpus-wide: ``MN-0007`` of replica *k* becomes ``MN-``
(7 + *k* × the largest ``MN`` number), zero-padded to one width per prefix
(the schemas allow four digits or more). Entities are shared by every
replica, as in a real corpus; offsets stay valid because each replica's text
is the same. ``scale(1, ...)`` reproduces the real package byte for byte.

The package is written into a staging directory beside ``out_dir`` and
renamed into place at the end, so ``out_dir`` never holds half a package.

Example
-------
>>> import tempfile, pathlib
>>> out = scale(2, pathlib.Path(tempfile.mkdtemp()) / "x2")
>>> row_counts(out)["documents"], (out / "data/texts/edm-4-191-s000001.txt").is_file()
(2, True)
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from csto_annotations._atomic import atomic_write_bytes
from csto_annotations._base._errors import DatasetError
from csto_annotations._base._paths import DESCRIPTOR_NAME
from csto_annotations._build import read_rows, write_rows
from csto_annotations._reader._package import Package, read_package, sha256_label
from csto_annotations._reader._sources import resolve_source
from tools.paths import resolve_inside

#: A numbered-ID pattern in a Table Schema, e.g. ``^MN-[0-9]{4,}$``.
_NUMBERED = re.compile(r"^\^([A-Z]+)-\[0-9\]\{(\d+),\}\$$")
_SUFFIX_DIGITS = 6


@dataclass(frozen=True)
class _Plan:
    """How one replica rewrites its rows: document suffixes and numbered IDs."""

    suffixes: list[str]  # replica -> document-ID suffix ("" for replica 0)
    strides: dict[str, int]  # prefix -> largest number in the real data
    widths: dict[str, int]  # prefix -> zero-padded width in the output
    numbered: dict[str, dict[str, str]]  # table -> column -> prefix
    documents: dict[str, list[str]]  # table -> columns holding document IDs


def _rows(package: Package, name: str) -> list[list[str]]:
    """One table's rows, header first, read as the build step reads them."""
    return read_rows(package.data[name], [f["name"] for f in package.schemas[name]["fields"]], name)


def replica_suffixes(n: int) -> list[str]:
    """Return the document-ID suffix of each replica: ``""``, ``"-s000001"``, ….

    Example
    -------
    >>> replica_suffixes(3)
    ['', '-s000001', '-s000002']
    """
    width = max(_SUFFIX_DIGITS, len(str(n - 1)))
    return [""] + [f"-s{k:0{width}d}" for k in range(1, n)]


def _numbered_columns(schema: dict[str, Any]) -> dict[str, tuple[str, int]]:
    """Column -> (prefix, minimum digits) of the fields with a numbered-ID pattern."""
    found = {}
    for field in schema["fields"]:
        match = _NUMBERED.match(field.get("constraints", {}).get("pattern", ""))
        if match:
            found[field["name"]] = (match.group(1), int(match.group(2)))
    return found


def _document_columns(package: Package) -> dict[str, list[str]]:
    """Table -> its columns holding document IDs (the key and every foreign key to it)."""
    if "documents" not in package.schemas:
        return {}
    key = package.schemas["documents"].get("primaryKey", ["document_id"])
    found: dict[str, list[str]] = {"documents": [key] if isinstance(key, str) else list(key)}
    for table, schema in package.schemas.items():
        for fk in schema.get("foreignKeys", []):
            if fk["reference"].get("resource") == "documents":
                fields = fk["fields"]
                found.setdefault(table, []).extend([fields] if isinstance(fields, str) else fields)
    return found


def _plan(package: Package, tables: dict[str, list[list[str]]], n: int) -> _Plan:
    """Measure the real data: the largest number of each ID prefix, and the output widths."""
    numbered: dict[str, dict[str, str]] = {}
    strides: dict[str, int] = {}
    widths: dict[str, int] = {}
    for table, schema in package.schemas.items():
        header, body = tables[table][0], tables[table][1:]
        for column, (prefix, digits) in _numbered_columns(schema).items():
            at = header.index(column)
            numbers = [int(row[at][len(prefix) + 1 :]) for row in body if row[at]]
            numbered.setdefault(table, {})[column] = prefix
            strides[prefix] = max([strides.get(prefix, 0), *numbers])
            widths[prefix] = max(widths.get(prefix, 0), digits)
    for prefix, stride in strides.items():
        widths[prefix] = max(widths[prefix], len(str(stride * n)))
    return _Plan(replica_suffixes(n), strides, widths, numbered, _document_columns(package))


def _with_suffix(path: str, suffix: str) -> str:
    """``data/texts/a.txt`` + ``-s000001`` -> ``data/texts/a-s000001.txt``."""
    stem, dot, extension = path.rpartition(".")
    return f"{stem}{suffix}.{extension}" if dot else path + suffix


def _replicate(table: str, rows: list[list[str]], plan: _Plan) -> list[list[str]]:
    """Repeat a table's rows once per replica, rewriting document and numbered IDs."""
    header, body = rows[0], rows[1:]
    documents = [header.index(c) for c in plan.documents.get(table, [])]
    numbered = [(header.index(c), p) for c, p in plan.numbered.get(table, {}).items()]
    text_path = header.index("text_path") if table == "documents" and "text_path" in header else None
    out = [header]
    for k, suffix in enumerate(plan.suffixes):
        for row in body:
            new = list(row)
            for at in documents:
                new[at] += suffix
            for at, prefix in numbered:
                if new[at]:
                    number = int(new[at][len(prefix) + 1 :]) + k * plan.strides[prefix]
                    new[at] = f"{prefix}-{number:0{plan.widths[prefix]}d}"
            if text_path is not None:
                new[text_path] = _with_suffix(new[text_path], suffix)
            out.append(new)
    return out


class _Writer:
    """Writes files under a staging directory and records their sizes and hashes."""

    def __init__(self, stage: Path) -> None:
        self.stage = stage
        self.measured: dict[str, tuple[int, str]] = {}

    def write(self, relative: str, data: bytes) -> None:
        target = resolve_inside(self.stage, relative, where=f"{self.stage} {relative}")
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, data)
        self.measured[relative] = (len(data), sha256_label(data))


def _text_copies(resource: dict[str, Any], plan: _Plan) -> list[dict[str, Any]]:
    """One copy of a document's text resource per replica, with suffixed name and path."""
    copies = []
    for k, suffix in enumerate(plan.suffixes):
        replica = copy.deepcopy(resource)
        replica["name"], replica["path"] = resource["name"] + suffix, _with_suffix(resource["path"], suffix)
        if k and "title" in replica:
            replica["title"] = f"{resource['title']} (synthetic replica {k})"
        copies.append(replica)
    return copies


def _write_resources(package: Package, tables: dict[str, list[list[str]]], plan: _Plan, writer: _Writer) -> list[Any]:
    """Write every schema and data file; return the new resource list, in descriptor order."""
    documents = tables.get("documents", [[]])
    at = documents[0].index("text_path") if "text_path" in documents[0] else None
    text_paths = {row[at] for row in documents[1:]} if at is not None else set()
    resources: list[dict[str, Any]] = []
    for resource in package.resources:
        name = resource["name"]
        if resource["type"] == "table":
            writer.write(resource["schema"], package.files.read(resource["schema"], f"schema of {name!r}"))
            grows = name in plan.documents or name in plan.numbered
            writer.write(resource["path"], write_rows(_replicate(name, tables[name], plan) if grows else tables[name]))
            resources.append(copy.deepcopy(resource))
            continue
        copies = _text_copies(resource, plan) if resource["path"] in text_paths else [copy.deepcopy(resource)]
        for replica in copies:
            writer.write(replica["path"], package.data[name])
        resources += copies
    for resource in resources:
        resource["bytes"], resource["hash"] = writer.measured[resource["path"]]
    return resources


def _descriptor(package: Package, resources: list[Any], n: int) -> bytes:
    """The synthetic package's descriptor, labelled as synthetic; the same JSON layout as build."""
    descriptor = copy.deepcopy(package.descriptor)
    descriptor["resources"] = resources
    if n > 1:
        descriptor["title"] = f"{descriptor.get('title', package.name)} (synthetic, {n} replicas)"
        descriptor["description"] = (
            f"SYNTHETIC benchmark package: {n} replicas of every document and its annotations, with fresh "
            f"IDs, generated by tools/scale.py. Not real annotations. {descriptor.get('description', '')}"
        ).strip()
    return (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _install(stage: Path, out: Path) -> None:
    """Move the staged package to ``out``, replacing an empty directory or an earlier package there."""
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
        f"{out}: exists and is not a data package directory; choose another --out, or remove it first "
        "(scale only replaces an empty directory or an earlier package)."
    )


def scale(n: int, out_dir: str | os.PathLike[str], *, source: str | os.PathLike[str] | None = None) -> Path:
    """Write a synthetic package ``n`` times the real one into ``out_dir``.

    Parameters
    ----------
    n : int
        Number of replicas (1 reproduces the source byte for byte).
    out_dir : str or PathLike
        The package directory to create. An existing empty directory or an
        earlier package there is replaced; anything else is refused.
    source : str, PathLike or None
        The package to replicate (a directory, ``datapackage.json`` or
        ``.zip``; default: the bundled copy). Every file is verified first.

    Returns
    -------
    pathlib.Path
        ``out_dir``. Every table tied to documents or numbered IDs has ``n``
        times its rows; ``entities`` is unchanged.

    Raises
    ------
    DatasetError
        ``n < 1``, a source that fails its checks (e.g. ``IntegrityError``),
        or an ``out_dir`` that holds something other than a package.

    Example
    -------
    >>> import tempfile, pathlib
    >>> (scale(1, pathlib.Path(tempfile.mkdtemp()) / "x1") / "datapackage.json").is_file()
    True
    """
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise DatasetError(f"scale: N must be a whole number >= 1, got {n!r}.")
    package = read_package(resolve_source(source).root)
    tables = {name: _rows(package, name) for name in package.table_names}
    plan = _plan(package, tables, n)
    out = Path(out_dir).absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp"))
    try:
        writer = _Writer(stage)
        resources = _write_resources(package, tables, plan, writer)
        atomic_write_bytes(stage / DESCRIPTOR_NAME, _descriptor(package, resources, n))
        _install(stage, out)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return out


def row_counts(root: str | os.PathLike[str]) -> dict[str, int]:
    """Count the data rows of every table of the package at ``root`` (verified first).

    Example
    -------
    >>> from csto_annotations._base._paths import bundled_root
    >>> row_counts(bundled_root())["documents"]
    1
    """
    package = read_package(Path(root))
    return {name: len(_rows(package, name)) - 1 for name in package.table_names}


def main(argv: list[str] | None = None) -> int:
    """``scripts/scale.py N --out DIR [--source SOURCE]``: 0 written, 1 refused, 2 usage error.

    Prints the row count of every table.
    """
    parser = argparse.ArgumentParser(
        prog="scale.py",
        description="Write a synthetic package N times the real one (valid, fresh IDs, measured hashes).",
    )
    parser.add_argument("n", type=int, metavar="N", help="replicas of every document (1 = the real tables)")
    parser.add_argument(
        "--out", required=True, metavar="DIR", help="package directory to write (an earlier package there is replaced)"
    )
    parser.add_argument("--source", default=None, help="package to replicate (default: the bundled copy)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 2
    try:
        out = scale(args.n, args.out, source=args.source)
        counts = row_counts(out)
    except DatasetError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    width = max(map(len, counts))
    print(f"{out}: {args.n} replica(s), {sum(counts.values()):,} rows")
    for name, rows in counts.items():
        print(f"  {name:<{width}}  {rows:>10,}")
    return 0
