"""Helpers shared by the tests: fixture packages, CSV edits, zips, an HTTP server."""

from __future__ import annotations

import contextlib
import csv
import http.server
import io
import json
import os
import shutil
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEXT = REPO / "data" / "texts" / "edm-4-191.txt"
#: How many times the real package the shared ``scaled`` fixture is.
SCALE_N = 3
#: How many times the real package the shared ``scaled10`` fixture is.
SCALE_TEN = 10
TABLES = ["documents", "entities", "mentions", "citations", "quotes", "claims", "claim_entities"]


def nightly_examples(full: int) -> int:
    """Hypothesis examples for a ``nightly`` property: ``full`` under ``CSTO_NIGHTLY=full``, else a twentieth.

    The full run is ``CSTO_NIGHTLY=full python -m pytest -m nightly`` (README, "Set up"); CI runs
    ``python -m pytest -m nightly`` at the twentieth, so the nightly properties cannot rot unseen.
    """
    return full if os.environ.get("CSTO_NIGHTLY") == "full" else max(1, full // 20)


def schema(table: str) -> dict:
    """The repository's Table Schema of ``table``."""
    return json.loads((REPO / "schemas" / f"{table}.schema.json").read_text("utf-8"))


def columns(table: str) -> list[str]:
    """The column names of ``table``, in schema order."""
    return [f["name"] for f in schema(table)["fields"]]


def _rows(table: str, records: list[dict]) -> list[list[str]]:
    """Rows in schema column order; missing keys are empty cells."""
    names = columns(table)
    return [names] + [[str(r.get(n, "")) for n in names] for r in records]


DOC = "edm-4-191"

ENTITIES = [
    {
        "entity_id": "csto",
        "name": "Collective Security Treaty Organization",
        "type": "organization",
        "description": "A military alliance of post-Soviet states.",
        "wikidata_id": "Q318693",
        "notes": 'Name as in the article; "verified", with a comma.',
    },
    {"entity_id": "sco", "name": "Shanghai Cooperation Organisation", "type": "organization"},
    {"entity_id": "dushanbe", "name": "Dushanbe", "type": "place", "country": "TJK"},
    {"entity_id": "avesta", "name": "Avesta", "type": "media_outlet", "country": "TJK"},
    {"entity_id": "tajik-tv-channel-1", "name": "Tajik TV Channel 1", "type": "media_outlet", "country": "TJK"},
    {"entity_id": "itar-tass", "name": "Itar-Tass", "type": "media_outlet", "country": "RUS"},
    {"entity_id": "kazakhstan", "name": "Kazakhstan", "type": "country", "country": "KAZ"},
    {"entity_id": "russia", "name": "Russia", "type": "country", "country": "RUS"},
    {"entity_id": "emomali-rahmon", "name": "Emomali Rahmon", "type": "person", "country": "TJK"},
    {"entity_id": "kurmanbek-bakiyev", "name": "Kurmanbek Bakiyev", "type": "person", "country": "KGZ"},
    {"entity_id": "western-observers", "name": "Western observers", "type": "group"},
]

MENTIONS = [
    {"mention_id": "MN-0001", "entity_id": "csto", "exact": "CSTO"},
    {"mention_id": "MN-0002", "entity_id": "csto", "exact": "Collective Security Treaty Organization"},
    {"mention_id": "MN-0003", "entity_id": "csto", "exact": "CSTO"},
    {"mention_id": "MN-0004", "entity_id": "sco", "exact": "SCO"},
    {"mention_id": "MN-0005", "entity_id": "dushanbe", "exact": "Dushanbe"},
    {"mention_id": "MN-0006", "entity_id": "kazakhstan", "exact": "Kazakh"},
    {"mention_id": "MN-0007", "entity_id": "russia", "exact": "Russia"},
    {"mention_id": "MN-0008", "entity_id": "avesta", "exact": "Avesta"},
    {"mention_id": "MN-0009", "entity_id": "dushanbe", "exact": "Dushanbe", "start": "1500"},
    {"mention_id": "MN-0010", "entity_id": "western-observers", "exact": "Western observers"},
    {"mention_id": "MN-0011", "entity_id": "kurmanbek-bakiyev", "exact": "Kurmanbek Bakiyev"},
]

CITATIONS = [
    {
        "citation_id": "CT-0001",
        "exact": "(Avesta, October 9)",
        "outlet_entity_id": "avesta",
        "cited_date": "2007-10-09",
        "notes": "Year inferred from the article's date.",
    },
    {
        "citation_id": "CT-0002",
        "exact": "(Tajik TV Channel 1, October 6)",
        "outlet_entity_id": "tajik-tv-channel-1",
        "cited_date": "2007-10-06",
    },
    {
        "citation_id": "CT-0003",
        "exact": "(Itar-Tass, October 6)",
        "outlet_entity_id": "itar-tass",
        "place_entity_id": "",
        "cited_date": "2007-10-06",
    },
]

QUOTES = [
    {
        "quote_id": "QT-0001",
        "exact": "During the period of its chairmanship,",
        "utterance_id": "UT-0001",
        "speaker_entity_id": "kurmanbek-bakiyev",
        "cue": "declared",
        "kind": "direct",
        "citation_id": "CT-0002",
    },
    {
        "quote_id": "QT-0002",
        "exact": "Kyrgyzstan will make every effort to increase the effectiveness of the CSTO’s "
        "activities and to strengthen regional security for the welfare and prosperity of our countries’ peoples",
        "utterance_id": "UT-0001",
        "speaker_entity_id": "kurmanbek-bakiyev",
        "cue": "declared",
        "kind": "direct",
        "citation_id": "CT-0002",
    },
    {
        "quote_id": "QT-0003",
        "exact": "paper tiger,",
        "utterance_id": "UT-0002",
        "speaker_entity_id": "western-observers",
        "cue": "suggest",
        "kind": "scare",
    },
    {"quote_id": "QT-0004", "exact": "spat", "utterance_id": "UT-0003", "kind": "scare", "start": "6000"},
]

CLAIMS = [
    {
        "claim_id": "CL-0001",
        "exact": "its memorandum of understanding with the Shanghai Cooperation Organization (SCO), "
        "signed on October 6 in Dushanbe",
        "statement": "The CSTO signed a memorandum of understanding with the SCO in Dushanbe on October 6.",
        "claim_type": "event",
        "attribution": "author",
        "certainty": "certain",
        "polarity": "positive",
        "event_date": "2007-10-06",
        "notes": "The memorandum was signed on October 5 (RFE/RL).",
    },
    {
        "claim_id": "CL-0002",
        "exact": "The CSTO will also develop its multilateral relationship with the Organization "
        "for Security and Cooperation in Europe (OSCE)",
        "statement": "The CSTO will develop its relationship with the OSCE.",
        "claim_type": "forecast",
        "attribution": "author",
        "certainty": "certain",
        "polarity": "positive",
        "citation_id": "CT-0001",
    },
    {
        "claim_id": "CL-0003",
        "exact": "Western observers who suggest that the CSTO has been a “paper tiger,”",
        "statement": "Western observers suggest that the CSTO has been ineffective.",
        "claim_type": "assessment",
        "attribution": "reported",
        "source_entity_id": "western-observers",
        "source_mention_id": "MN-0010",
        "cue": "suggest",
        "certainty": "probable",
        "polarity": "positive",
    },
    {
        "claim_id": "CL-0004",
        "exact": "Kyrgyzstan will make every effort to increase the effectiveness of the CSTO’s activities",
        "statement": "Kyrgyzstan will try to make the CSTO more effective.",
        "claim_type": "forecast",
        "attribution": "quoted",
        "source_entity_id": "kurmanbek-bakiyev",
        "source_mention_id": "MN-0011",
        "cue": "declared",
        "certainty": "certain",
        "polarity": "positive",
        "quote_id": "QT-0002",
        "citation_id": "CT-0002",
    },
    {
        "claim_id": "CL-0005",
        "exact": "Currently no counter-terrorist cooperation exists between London and Moscow",
        "statement": "There is no counter-terrorist cooperation between the British and Russian governments.",
        "claim_type": "state",
        "attribution": "author",
        "certainty": "certain",
        "polarity": "negative",
    },
]

CLAIM_ENTITIES = [
    {"claim_id": "CL-0001", "entity_id": "csto", "role": "subject"},
    {"claim_id": "CL-0001", "entity_id": "sco", "role": "object"},
    {"claim_id": "CL-0001", "entity_id": "dushanbe", "role": "place"},
    {"claim_id": "CL-0002", "entity_id": "csto", "role": "subject"},
    {"claim_id": "CL-0003", "entity_id": "western-observers", "role": "source"},
    {"claim_id": "CL-0004", "entity_id": "csto", "role": "object"},
    {"claim_id": "CL-0004", "entity_id": "kurmanbek-bakiyev", "role": "source"},
    {"claim_id": "CL-0005", "entity_id": "russia", "role": "other"},
]

DOCUMENTS = [
    {
        "document_id": DOC,
        "title": "CSTO: Safe Choice in Central Asia",
        "publication": "Eurasia Daily Monitor",
        "publisher": "The Jamestown Foundation",
        "volume": "4",
        "issue": "191",
        "published": "",
        "url": "https://jamestown.org/program/csto-safe-choice-in-central-asia/",
        "language": "en",
        "text_path": "data/texts/edm-4-191.txt",
        "notes": "Publication date not verified.",
    },
]


def write_rows(path: Path, rows: list[list[str]]) -> None:
    """Write CSV rows the way the build step does (LF, minimal quoting)."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))


def read_rows(path: Path) -> list[list[str]]:
    """Read CSV rows with the csv module."""
    return list(csv.reader(io.StringIO(path.read_text("utf-8"), newline="")))


def copy_real_package(dest: Path) -> Path:
    """A private copy of the repository's package: descriptor, schemas, data and text."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "datapackage.json", dest / "datapackage.json")
    shutil.copytree(REPO / "schemas", dest / "schemas")
    shutil.copytree(REPO / "data", dest / "data")
    return dest


def make_unbuilt_package(dest: Path) -> Path:
    """Copy descriptor, schemas and text; write fixture CSVs with empty offsets."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "datapackage.json", dest / "datapackage.json")
    shutil.copytree(REPO / "schemas", dest / "schemas")
    (dest / "data" / "texts").mkdir(parents=True)
    shutil.copy(TEXT, dest / "data" / "texts" / TEXT.name)
    spans = {"mentions": MENTIONS, "citations": CITATIONS, "quotes": QUOTES, "claims": CLAIMS}
    plain = {"documents": DOCUMENTS, "entities": ENTITIES, "claim_entities": CLAIM_ENTITIES}
    for table, records in spans.items():
        write_rows(dest / "data" / f"{table}.csv", _rows(table, [{"document_id": DOC, **r} for r in records]))
    for table, records in plain.items():
        write_rows(dest / "data" / f"{table}.csv", _rows(table, records))
    return dest


def make_package(dest: Path) -> Path:
    """A small valid package anchored to the real text, built (offsets, hashes)."""
    from csto_annotations import build

    make_unbuilt_package(dest)
    build(dest)
    return dest


def edit_cell(root: Path, table: str, row: int, column: str, value: str, *, rehash: bool = True) -> None:
    """Set one cell (frictionless row numbering: header = 1), then re-measure hashes."""
    path = root / "data" / f"{table}.csv"
    rows = read_rows(path)
    rows[row - 1][rows[0].index(column)] = value
    write_rows(path, rows)
    if rehash:
        from csto_annotations import build

        build(root)


def cell(root: Path, table: str, row: int, column: str) -> str:
    """Read one cell (frictionless row numbering)."""
    rows = read_rows(root / "data" / f"{table}.csv")
    return rows[row - 1][rows[0].index(column)]


def make_zip(package: Path, archive: Path, *, folder: str | None = "csto-annotations-1.0.0") -> Path:
    """Zip a package directory, optionally inside one top-level folder."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(package.rglob("*")):
            if path.is_file():
                name = path.relative_to(package).as_posix()
                zf.write(path, f"{folder}/{name}" if folder else name)
    return archive


class _CountingHandler(http.server.SimpleHTTPRequestHandler):
    """Serve files and count GET requests per path."""

    counts: dict[str, int]

    def do_GET(self) -> None:
        self.counts[self.path] = self.counts.get(self.path, 0) + 1
        # A client that refuses a reply part-way hangs up: the behaviour under test, not a server fault.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().do_GET()

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[tuple[str, dict[str, int]]]:
    """Serve ``directory`` on 127.0.0.1; yield (base URL, request counts)."""
    counts: dict[str, int] = {}
    handler = type("Handler", (_CountingHandler,), {"counts": counts})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), lambda *a, **k: handler(*a, directory=str(directory), **k)
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", counts
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
