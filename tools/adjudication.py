"""Adjudicate N blind annotations: list the disputes, then build the consensus from the decisions.

The round-3 adjudicator runs ``docs/annotation/round-3/decide.py`` (a thin wrapper of :func:`main`).
In the study folder it reads ``annotator-1/`` … ``annotator-N/`` (the six tables of the release's
CSV layout) and, when present, ``entity-naming.csv`` (``annotator,their_id,consensus_id``: the
annotators' entity IDs for one thing put into one spelling, without the release). It aligns the
annotations (:mod:`tools.alignment`) and writes ``disputes.csv``, one row per disagreement.

Then, when ``decisions.csv`` (``dispute_id,decision,rule,reason``) exists, it builds
``adjudicated/``. Every item and field all annotators agree on is taken as it is. Every dispute
of an item the consensus keeps needs a decision: ``majority`` (the value more than half of the N
annotators gave), ``annotator-K`` (that annotator's value) or the value itself as
``disputes.csv`` shows it; and a rule ID of the blind codebook. IDs are assigned anew in text order.

Example
-------
>>> rule_ids("**R6.7.4** `possible`: a cue of possibility.\\n  - Example: …\\n")
{'R6.7.4'}
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tools.alignment import (
    ENTITY_COLUMNS,
    FIELDS,
    ID_COLUMN,
    REFERENCES,
    SPANNED,
    TABLES,
    Alignment,
    AnnotationError,
    Difference,
    Group,
    Row,
    Rows,
    align,
    differences,
    read_annotation,
    read_naming,
    read_rows,
)

REPO = Path(__file__).resolve().parents[1]
PREFIX = {"citations": "CT", "mentions": "MN", "quotes": "QT", "claims": "CL"}
#: The columns a field's value spans, when more than the field's own column.
COLUMNS = {"span": ("start", "end", "exact"), "cue": ("cue", "cue_start", "cue_end"), "utterance": ("utterance_id",)}
DECISION_COLUMNS = ("dispute_id", "decision", "rule", "reason")


def rule_ids(codebook: str) -> set[str]:
    """The rule IDs of a codebook: each rule line begins with its bold ID (``**R6.7.4** …``)."""
    return set(re.findall(r"^\*\*(R\d+(?:\.\d+)+)\*\*", codebook, flags=re.MULTILINE))


def annotators(study: Path) -> list[str]:
    """The names of the study's ``annotator-<n>`` folders, by number."""
    found = [p.name for p in study.glob("annotator-*") if p.is_dir() and re.fullmatch(r"annotator-[1-9]\d*", p.name)]
    return sorted(found, key=lambda name: int(name.split("-")[1]))


def read_study(study: Path) -> tuple[list[str], list[dict[str, Rows]]]:
    """The annotators' names and annotations, entity IDs put through ``entity-naming.csv`` when present."""
    names = annotators(study)
    if len(names) < 2:
        raise AnnotationError(f"{study}: needs at least two annotator-<n> folders, found {len(names)}")
    path = study / "entity-naming.csv"
    naming = read_naming(path, "consensus_id", names) if path.exists() else {n: {} for n in names}
    return names, [read_annotation(study / n, naming[n]) for n in names]


@dataclass(frozen=True)
class Dispute:
    """One numbered disagreement, with the value a majority of all annotators gave ('' if none)."""

    number: str
    difference: Difference
    majority: int | None  # the index of the first annotator holding the majority value


def majority(values: Sequence[str | None]) -> int | None:
    """The index of the first annotator whose value more than half of all annotators share.

    Example
    -------
    >>> majority(["a", None, "a"]), majority(["a", "b", None])
    (0, None)
    """
    for i, v in enumerate(values):
        if v is not None and 2 * sum(w == v for w in values) > len(values):
            return i
    return None


def disputes(alignment: Alignment) -> list[Dispute]:
    """Every disagreement of the aligned annotations, numbered ``D-0001`` … in table and text order."""
    found = differences(alignment, entity_items=False)
    return [Dispute(f"D-{n:04d}", d, majority(d.values)) for n, d in enumerate(found, start=1)]


def disputes_csv(names: Sequence[str], found: Sequence[Dispute]) -> str:
    """``disputes.csv``: id, table, field, the majority's value, and each annotator's ID, span and value."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["dispute_id", "table", "field", "majority",
                     *[f"{n}_{c}" for n in names for c in ("id", "span", "value")]])  # fmt: skip
    for d in found:
        diff = d.difference
        cells = [x for i in range(len(names)) for x in (diff.ids[i], diff.spans[i], diff.shown[i])]
        writer.writerow(
            [d.number, diff.table, diff.field, "" if d.majority is None else diff.shown[d.majority], *cells]
        )
    return out.getvalue()


def read_decisions(path: Path, rules: set[str] | None) -> dict[str, Row]:
    """``decisions.csv`` by dispute ID; every row needs a decision, a rule of the codebook and a reason."""
    decisions: dict[str, Row] = {}
    for n, row in enumerate(read_rows(path), start=2):
        where = f"{path} row {n}"
        if any(not row.get(c, "").strip() for c in DECISION_COLUMNS):
            raise AnnotationError(f"{where}: {', '.join(DECISION_COLUMNS)} must all be given")
        cited = re.findall(r"R\d+(?:\.\d+)+", row["rule"])
        if not cited or (rules is not None and not set(cited) <= rules):
            raise AnnotationError(f"{where}: rule {row['rule']!r} is not a rule ID of the blind codebook")
        if decisions.setdefault(row["dispute_id"], row) is not row:
            raise AnnotationError(f"{where}: a second decision for {row['dispute_id']}")
    return decisions


def resolve(dispute: Dispute, decision: Row | None, names: Sequence[str]) -> int:
    """The index of the annotator whose value the decision adopts."""
    diff, where = dispute.difference, f"{dispute.number} ({dispute.difference.table} {dispute.difference.field})"
    if decision is None:
        raise AnnotationError(f"{where}: no decision in decisions.csv; annotators gave {list(diff.shown)}")
    chosen = decision["decision"].strip()
    if chosen == "majority":
        if dispute.majority is None:
            raise AnnotationError(f"{where}: 'majority' decided, but no value has a majority")
        return dispute.majority
    if chosen in names:
        index = names.index(chosen)
        if diff.values[index] is None:
            raise AnnotationError(f"{where}: {chosen} does not have this item; choose an annotator who has")
        return index
    matches = [i for i, shown in enumerate(diff.shown) if shown == chosen and diff.values[i] is not None]
    if not matches:
        raise AnnotationError(f"{where}: decision {chosen!r} is none of {list(diff.shown)}, 'majority' or an annotator")
    if len({diff.values[i] for i in matches}) > 1:
        raise AnnotationError(f"{where}: {chosen!r} stands for different items; name the annotator instead")
    return matches[0]


def schema_columns(table: str, schemas: Path = REPO / "schemas") -> list[str]:
    """The release's columns of ``table``, in its Table Schema's order."""
    return [f["name"] for f in json.loads((schemas / f"{table}.schema.json").read_text("utf-8"))["fields"]]


class Builder:
    """Builds the consensus tables from the aligned annotations and the decisions."""

    def __init__(self, names: Sequence[str], alignment: Alignment, decisions: Mapping[str, Row]) -> None:
        self.names, self.alignment, self.decisions = list(names), alignment, decisions
        self.by_key = {(d.difference.key, d.difference.field): d for d in disputes(alignment)}
        self.ids: dict[str, str] = {}  # group key -> consensus ID

    def choose(self, key: str, field: str, rows: Sequence[Row | None]) -> int:
        """The annotator whose value of ``field`` the consensus takes: the lowest holder when all agree."""
        dispute = self.by_key.get((key, field))
        if dispute is None:
            return next(i for i, r in enumerate(rows) if r is not None)
        return resolve(dispute, self.decisions.get(dispute.number), self.names)

    def row(self, table: str, group: Group) -> Row | None:
        """The consensus row of one aligned item (``None`` when it is dropped), before IDs are assigned.

        Every compared field comes from the annotator :meth:`choose` picks; the other columns (statement,
        notes, …) from the annotator whose span was taken. References hold group keys until :meth:`table`.
        """
        if table == "claim_entities" and group.key.split("|")[0] not in self.ids:
            return None  # its claim was dropped: nothing to decide
        if None in group.rows and group.rows[self.choose(group.key, "item", group.rows)] is None:
            return None  # decided absent
        chosen = {f: self.choose(group.key, f, group.rows) for f in FIELDS[table]}
        row = dict(group.rows[chosen.get("span", chosen[FIELDS[table][0]])] or {})
        for field, index in chosen.items():
            source = group.rows[index] or {}
            for column in COLUMNS.get(field, (field,)):
                row[column] = source.get(column, "")
            if field in REFERENCES.get(table, {}) or field == "utterance":
                row["_" + field] = self.alignment.value(table, field, index, source)
        return row

    def table(self, table: str) -> Rows:
        """The consensus rows of one table, with consensus IDs and references."""
        rows = []
        for group in self.alignment.groups.get(table, []):
            row = self.row(table, group)
            if row is not None:
                rows.append((group.key, row))
        if table in SPANNED:
            rows.sort(key=lambda kr: (int(kr[1]["start"]), int(kr[1]["end"]), kr[0]))
            for n, (key, row) in enumerate(rows, start=1):
                self.ids[key] = row[ID_COLUMN[table]] = f"{PREFIX[table]}-{n:04d}"
        return [self._references(table, key, row) for key, row in rows]

    def _references(self, table: str, key: str, row: Row) -> Row:
        for field in REFERENCES.get(table, {}):
            target = row.pop("_" + field, "")
            if target and target not in self.ids:
                raise AnnotationError(f"{table} {row[ID_COLUMN[table]]}: its {field} points to an item the "
                                      "consensus dropped; decide that item or this field otherwise")  # fmt: skip
            row[field] = self.ids.get(target, "")
        if table == "claim_entities":
            row["claim_id"] = self.ids[key.split("|")[0]]
        return row

    def utterances(self, quotes: Rows) -> None:
        """Number the consensus utterances ``UT-0001`` … in the order of their first quote."""
        order: dict[str, str] = {}
        for quote in quotes:
            first = quote.pop("_utterance", "")
            if first:
                quote["utterance_id"] = order.setdefault(first, f"UT-{len(order) + 1:04d}")

    def entities(self, tables: Mapping[str, Rows]) -> Rows:
        """The entities the consensus rows name, each from the first annotator who has it, type as decided."""
        order = ("mentions", "citations", "quotes", "claims", "claim_entities")
        named = [r[c] for t in order for r in tables[t] for c in ENTITY_COLUMNS[t] if r.get(c)]
        groups = {g.key: g for g in self.alignment.groups["entities"]}
        found = []
        for entity in dict.fromkeys(named):
            if entity not in groups:
                raise AnnotationError(f"entity {entity!r} is named but in no annotator's entities.csv")
            group = groups[entity]
            row = dict(group.rows[self.choose(entity, "item", group.rows)] or {})
            source = group.rows[self.choose(entity, "type", group.rows)]
            row["type"] = source["type"] if source else ""
            found.append(row)
        return found


def build(names: Sequence[str], annotations: Sequence[Mapping[str, Rows]], decisions: Mapping[str, Row],
          schemas: Path = REPO / "schemas") -> dict[str, str]:  # fmt: skip
    """The consensus tables as CSV text, by file name; raises :class:`AnnotationError` for any
    dispute left undecided, a decision for no dispute, or a reference to a dropped item."""
    builder = Builder(names, align(annotations, names=names), decisions)
    tables: dict[str, Rows] = {}
    for table in (*SPANNED, "claim_entities"):
        tables[table] = builder.table(table)
    builder.utterances(tables["quotes"])
    tables["claim_entities"].sort(key=lambda r: (r["claim_id"], r["entity_id"]))
    tables["entities"] = builder.entities(tables)
    stray = sorted(set(decisions) - {d.number for d in disputes(builder.alignment)})
    if stray:
        raise AnnotationError(f"decisions.csv decides {', '.join(stray)}, which disputes.csv does not list")
    out = {}
    for table in TABLES:
        text = io.StringIO()
        writer = csv.DictWriter(text, schema_columns(table, schemas), extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: r.get(c, "") for c in writer.fieldnames} for r in tables[table])
        out[f"{table}.csv"] = text.getvalue()
    return out


def write_folder(folder: Path, files: Mapping[str, str]) -> None:
    """Replace ``folder`` by one holding ``files``, written beside it first so nothing partial is left."""
    temporary = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        for name, text in files.items():
            (temporary / name).write_text(text, encoding="utf-8")
        if folder.exists():
            shutil.rmtree(folder)
        temporary.rename(folder)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def main(argv: Sequence[str], study: Path | None = None) -> int:
    """``decide.py STUDY --codebook CODEBOOK``: write ``disputes.csv``; with ``decisions.csv``, build ``adjudicated/``."""
    import argparse

    from csto_annotations._atomic import atomic_write_text

    parser = argparse.ArgumentParser(prog="decide.py", description=main.__doc__)
    parser.add_argument(
        "study",
        type=Path,
        nargs="?" if study else None,
        default=study,
        help="the study folder, holding annotator-1/ … annotator-N/" + (f" (default {study})" if study else ""),
    )
    parser.add_argument("--codebook", type=Path, required=True, help="the frozen blind codebook the decisions cite")
    args = parser.parse_args(argv)
    try:
        codebook = args.codebook.read_bytes()
        rules = rule_ids(codebook.decode("utf-8"))
        names, annotations = read_study(args.study)
        found = disputes(align(annotations, names=names))
        atomic_write_text(args.study / "disputes.csv", disputes_csv(names, found))
        print(f"codebook sha256 {hashlib.sha256(codebook).hexdigest()}; {len(names)} annotators; "
              f"{len(found)} disputes in {args.study / 'disputes.csv'}")  # fmt: skip
        decisions_path = args.study / "decisions.csv"
        if not decisions_path.exists():
            print(f"no {decisions_path} yet: decide every dispute there, then run this again")
            return 0
        files = build(names, annotations, read_decisions(decisions_path, rules))
        write_folder(args.study / "adjudicated", files)
        print(
            f"wrote {args.study / 'adjudicated'}: " + ", ".join(f"{k} {v.count(chr(10)) - 1}" for k, v in files.items())
        )
    except (AnnotationError, OSError, UnicodeDecodeError) as error:
        print(f"decide.py: {error}")
        return 1
    return 0
