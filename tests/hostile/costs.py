"""Hostile costs (issue 18): packages that made a command run for minutes, or crash, through superlinear work.

Each :class:`CostCase` builds a package (or archive) from a fresh copy of
the real one and names one command; the command must end within the test's
deadline with the expected exit code and text, never exit 3:

* a zip whose descriptor names 5,000 text files: its central directory was
  parsed again for every member read, which took minutes (now once);
* ``validate --frictionless`` on a pattern that RE2 runs in linear time but
  Python's backtracking ``re`` (which frictionless uses) in exponential
  time, and on one Python cannot compile (now a child process under a
  deadline, and a problem line);
* the spaCy export of one document with many spans, with span boundaries
  inside thousands of tokens, and with a text longer than spaCy's
  ``max_length`` (quadratic before, and a crash past ``max_length``).

Example
-------
>>> [c.name for c in COST_CASES][:1]
['cost-zip-5000-text-files']
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from csto_annotations._reader._package import sha256_label
from helpers import REPO

from . import edits as e
from .zips import FOLDER, raw_zip

#: spaCy's default ``Language.max_length``, in characters.
SPACY_MAX_LENGTH = 1_000_000


@dataclass(frozen=True)
class CostCase:
    """One package, one command, what it must print and the exit code it must end with."""

    name: str
    build: Callable[[Path, Path], Path]  # (root, outside) -> the source to run the command on
    command: list[str]  # arguments after the program, "{source}" and "{out}" filled in
    code: int
    needle: str
    mentions: int | None = None  # for an export: the mention spans the DocBin must hold

    def __str__(self) -> str:
        return self.name


COST_CASES: list[CostCase] = []


def cost_case(name: str, command: list[str], code: int, needle: str, mentions: int | None = None) -> Callable:
    """Register the decorated builder ``f(root, outside) -> source``."""

    def register(build: Callable[[Path, Path], Path]) -> Callable:
        COST_CASES.append(CostCase(name, build, command, code, needle, mentions))
        return build

    return register


def _constraint(root: Path, table: str, field: str, **values: object) -> None:
    path = root / "schemas" / f"{table}.schema.json"
    schema = json.loads(path.read_text("utf-8"))
    next(f for f in schema["fields"] if f["name"] == field).setdefault("constraints", {}).update(values)
    path.write_text(json.dumps(schema, indent=2) + "\n", "utf-8")


def extend_text(root: Path, extra: str, spans: list[tuple[int, int]]) -> int:
    """Append ``extra`` to the document's text, one mention of ``csto`` per span of it (offsets into ``extra``),
    and re-measure everything; return the number of mentions."""
    text = e.text(root)
    whole = text + extra
    (root / e.TEXT_PATH).write_text(whole, "utf-8")
    e.set_cell(root, "documents", 2, "length", str(len(whole)))
    e.set_cell(root, "documents", 2, "text_sha256", sha256_label(whole.encode("utf-8")).removeprefix("sha256:"))
    rows = e.read_rows(root, "mentions")
    shift = len(text)
    added = [[f"MN-{100_000 + i}", "edm-4-191", "csto", str(shift + a), str(shift + b), extra[a:b]]
             for i, (a, b) in enumerate(spans)]  # fmt: skip
    e.write_rows(root, "mentions", rows + added)
    e.rehash(root)
    return len(rows) - 1 + len(added)


@cost_case("cost-zip-5000-text-files", ["validate", "{source}"], 1, "records no size or hash")
def _(root: Path, outside: Path) -> Path:
    data = e.descriptor(root)
    entries = [(f"{FOLDER}/{p.relative_to(root).as_posix()}", p.read_bytes()) for p in sorted(root.rglob("*"))
               if p.is_file() and p.name != "datapackage.json"]  # fmt: skip
    for i in range(5_000):
        content = f"text {i}\n".encode()
        resource = {"name": f"extra-{i:04d}", "type": "text", "path": f"data/extra/{i:04d}.txt", "format": "txt",
                    "mediatype": "text/plain", "encoding": "utf-8", "bytes": len(content), "hash": sha256_label(content)}  # fmt: skip
        data["resources"].append(resource)
        entries.append((f"{FOLDER}/data/extra/{i:04d}.txt", content))
    del data["resources"][-1]["hash"]  # the last one read is refused: every other one is read first
    descriptor = (json.dumps(data, indent=2) + "\n").encode()
    return raw_zip(outside / "many.zip", [(f"{FOLDER}/datapackage.json", descriptor), *entries])


def _peer_pattern(table: str, field: str, pattern: str, row: int, value: str) -> Callable[[Path, Path], Path]:
    def build(root: Path, outside: Path) -> Path:
        _constraint(root, table, field, pattern=pattern)
        e.set_cell(root, table, row, field, value)
        e.rehash(root)
        return root

    return build


# RE2 matches '(a+)+b|[\s\S]*' in linear time; Python's re tries 2^64 ways on (a+)+b before the second branch.
cost_case("cost-peer-exponential-pattern", ["validate", "--frictionless", "{source}"], 1, "did not finish within")(
    _peer_pattern("entities", "description", r"(a+)+b|[\s\S]*", 2, "a" * 64 + "!")
)
cost_case(
    "cost-peer-nested-quantifier-pattern", ["validate", "--frictionless", "{source}"], 1, "did not finish within"
)(_peer_pattern("claims", "notes", r"(x+x+)+y|[\s\S]*", 3, "x" * 64))
# RE2 knows \p{L}; Python's re cannot compile it, and frictionless raised re.error (exit 3).
cost_case("cost-peer-pattern-python-cannot-compile", ["validate", "--frictionless", "{source}"], 1,
          "frictionless stopped with error: bad escape \\p")(
    _peer_pattern("entities", "name", r"[\s\S]*|\p{L}", 2, "Collective Security Treaty Organization")
)  # fmt: skip

SPACY = ["export", "{source}", "--format", "spacy", "--out", "{out}"]
#: The real package's mentions, counted from its file: each case adds a known number to them.
REAL_MENTIONS = (REPO / "data" / "mentions.csv").read_text("utf-8").count("\nMN-")


@cost_case("cost-spacy-100x-mentions-in-one-document", SPACY, 0, "csto-annotations.spacy", mentions=100 * REAL_MENTIONS)
def _(root: Path, outside: Path) -> Path:
    from tools.spacy_scaling import one_document

    return one_document(100, outside / "x100")


# Every word of the extra text holds one mention inside it: 20,000 tokens to split at 40,000 boundaries.
@cost_case(
    "cost-spacy-boundaries-inside-20000-words", SPACY, 0, "csto-annotations.spacy", mentions=20_000 + REAL_MENTIONS
)
def _(root: Path, outside: Path) -> Path:
    extend_text(root, "\n\n" + "abcdef " * 20_000, [(2 + 7 * i + 1, 2 + 7 * i + 4) for i in range(20_000)])
    return root


@cost_case("cost-spacy-text-over-max-length", SPACY, 0, "csto-annotations.spacy", mentions=REAL_MENTIONS + 1)
def _(root: Path, outside: Path) -> Path:
    extra = "\n\n" + "lorem ipsum " * (SPACY_MAX_LENGTH // 12 + 1) + "CSTO"
    extend_text(root, extra, [(len(extra) - 4, len(extra))])
    return root
