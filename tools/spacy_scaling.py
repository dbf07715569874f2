"""Time the spaCy export on ONE document holding N times the real mentions.

``tools/scale.py`` grows a package by adding documents, which keeps the work
per document constant; the spaCy export's cost per document grows with the
spans of that document. This tool writes a package whose single document is
the real text N times over (joined by a blank line), with every mention
repeated on each copy (new ``MN`` numbers, shifted offsets), then loads it and
times :func:`csto_annotations._export._spacy.build_docs` and the DocBin write.

Usage: ``PYTHONPATH=src python -m tools.spacy_scaling 10 100 1000 [--source DIR]``.
The numbers go to ``docs/security.md`` ("Linear costs").

Example
-------
>>> shifted(["MN-0007", "d", "e", "3", "7", "NATO"], 2, 100, 148)
['MN-000303', 'd', 'e', '203', '207', 'NATO']
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEPARATOR = "\n\n"


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text("utf-8"), newline="")))


def _write(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), "utf-8")


def shifted(row: list[str], copy: int, shift: int, stride: int) -> list[str]:
    """A mention row moved onto copy ``copy`` of the text: new number, offsets + ``copy * shift``.

    Copy 0 keeps the real IDs, which claims refer to.
    """
    if copy == 0:
        return row
    number = int(row[0].removeprefix("MN-")) + copy * stride
    return [
        f"MN-{number:06d}",
        row[1],
        row[2],
        str(int(row[3]) + copy * shift),
        str(int(row[4]) + copy * shift),
        row[5],
    ]


def one_document(n: int, out: Path, source: Path = REPO) -> Path:
    """Write the package with one document of ``n`` copies of the text and of its mentions into ``out``."""
    out.mkdir(parents=True)
    for part in ("datapackage.json", "data", "schemas"):
        copy = shutil.copytree if (source / part).is_dir() else shutil.copy2
        copy(source / part, out / part)
    documents = _rows(out / "data" / "documents.csv")
    header = documents[0]
    text_path = out / documents[1][header.index("text_path")]
    text = text_path.read_text("utf-8")
    whole = SEPARATOR.join([text] * n)
    text_path.write_text(whole, "utf-8")
    documents[1][header.index("length")] = str(len(whole))
    documents[1][header.index("text_sha256")] = hashlib.sha256(whole.encode("utf-8")).hexdigest()
    _write(out / "data" / "documents.csv", documents)
    mentions = _rows(out / "data" / "mentions.csv")
    assert mentions[0] == ["mention_id", "document_id", "entity_id", "start", "end", "exact"], mentions[0]
    stride = max(int(r[0].removeprefix("MN-")) for r in mentions[1:])
    shift = len(text) + len(SEPARATOR)
    _write(
        out / "data" / "mentions.csv",
        [mentions[0]] + [shifted(r, k, shift, stride) for k in range(n) for r in mentions[1:]],
    )
    descriptor = json.loads((out / "datapackage.json").read_text("utf-8"))
    for resource in descriptor["resources"]:
        content = (out / resource["path"]).read_bytes()
        resource["bytes"], resource["hash"] = len(content), "sha256:" + hashlib.sha256(content).hexdigest()
    (out / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return out


def measure(n: int, source: Path = REPO) -> dict[str, float]:
    """Mentions, tokens, span boundaries and seconds of ``build_docs`` and of the whole export at ``n``."""
    import csto_annotations
    from csto_annotations._export import _spacy

    with tempfile.TemporaryDirectory() as work:
        ds = csto_annotations.load(one_document(n, Path(work) / "pkg", source))
        started = time.perf_counter()
        docs, counts = _spacy.build_docs(ds)
        built = time.perf_counter() - started
        started = time.perf_counter()
        _spacy.write(ds, Path(work) / "out")
        written = time.perf_counter() - started
    boundaries = {b for t in ("mentions", "quotes", "claims", "citations") for r in _spacy.table_records(ds, t)
                  for b in (r["start"], r["end"])}  # fmt: skip
    return {"n": n, "mentions": len(ds.mentions), "tokens": len(docs[0]), "boundaries": len(boundaries),
            "split": counts["mentions"]["split"], "build_docs_s": built, "export_s": written}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="+", type=int)
    parser.add_argument("--source", type=Path, default=REPO)
    args = parser.parse_args(argv)
    import csto_annotations
    from csto_annotations._export import _spacy

    _spacy.build_docs(csto_annotations.load())  # warm-up: spaCy's import and its blank pipeline
    print("| N | mentions | tokens | span boundaries | build_docs s | export (build + DocBin) s |")
    print("|---|---|---|---|---|---|")
    for n in args.sizes:
        row = measure(n, args.source)
        print(f"| {n} | {row['mentions']:,} | {row['tokens']:,} | {row['boundaries']:,} | "
              f"{row['build_docs_s']:.2f} | {row['export_s']:.2f} |", flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
