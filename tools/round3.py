"""The round-3 agreement study: N blind annotators, their adjudicated consensus and the release.

Reads ``docs/annotation/round-3/`` (:data:`ROUND3`)::

    annotator-1/ … annotator-N/    each: entities, citations, mentions, quotes, claims, claim_entities (.csv)
    naming.csv                     annotator,their_id,release_id  (annotator: annotator-K or adjudicated)
    adjudicated/                   the consensus, same six tables (written by decide.py)
    release-differences.csv        table,release_id,consensus_id,field,release_value,consensus_value,explanation

Until an ``annotator-*`` folder exists the round-3 blocks say so and nothing else is read. Then
every annotator pair is compared; once ``adjudicated/`` exists, each annotator, release 2.0.0 as
published (the release before the study's changes) and the release (``data/``) are compared with it
too, and every remaining difference between release and consensus must have an explanation in
``release-differences.csv``.

Example
-------
>>> annotator_folders(Path("/nonexistent"))
[]
"""

from __future__ import annotations

import re
import zipfile
from itertools import combinations
from pathlib import Path

from tools.adjudication import build, disputes, disputes_csv, read_decisions, read_study
from tools.agreement import (
    RELEASE_2,
    REPO,
    Comparison,
    compare,
    fleiss,
    fleiss_table,
    label_table,
    link_table,
    span_table,
)
from tools.alignment import AnnotationError, Rows, align, differences, read_annotation, read_naming, read_rows

ROUND3 = Path("docs") / "annotation" / "round-3"
BLOCKS = ("r3-spans", "r3-links", "r3-labels", "r3-fleiss", "r3-naming", "r3-release")
CONSENSUS = "adjudicated"
EXPLAINED = ("table", "release_id", "consensus_id", "field", "release_value", "consensus_value")


def annotator_folders(folder: Path) -> list[Path]:
    """The ``annotator-<n>`` folders of a study, by number."""
    found = [p for p in folder.glob("annotator-*") if p.is_dir() and re.fullmatch(r"annotator-[1-9][0-9]*", p.name)]
    return sorted(found, key=lambda p: int(p.name.split("-")[1]))


def _entity_ids(folder: Path) -> set[str]:
    return {row["entity_id"] for row in read_rows(folder / "entities.csv")}


def check_naming(naming: dict[str, dict[str, str]], folders: dict[str, Path], release: set[str], path: Path) -> None:
    """Refuse a naming row whose ID its annotator does not have, or whose release ID the release lacks."""
    for side, mapping in naming.items():
        own = _entity_ids(folders[side]) if side in folders else set()
        for given, common in sorted(mapping.items()):
            if given not in own:
                raise AnnotationError(f"{path}: {side} has no entity {given!r} (not in {side}/entities.csv)")
            if common not in release:
                raise AnnotationError(
                    f"{path}: {side}'s {given!r} maps to {common!r}, not an entity of data/entities.csv"
                )


def unmapped(naming: dict[str, dict[str, str]], folders: dict[str, Path], release: set[str]) -> str:
    """Markdown: each side's entity IDs that name no release entity after the naming map.

    Example
    -------
    >>> unmapped({}, {}, set())
    'Every entity ID names a release entity after the naming map.\\n'
    """
    lines = []
    for side, folder in folders.items():
        ids = sorted(i for i in _entity_ids(folder) if naming[side].get(i, i) not in release)
        if ids:
            lines.append(f"| {side} | {len(ids)} | " + ", ".join(f"`{i}`" for i in ids) + " |")
    if not lines:
        return "Every entity ID names a release entity after the naming map.\n"
    return "\n".join(["| annotation | unmapped IDs | IDs |", "|---|---|---|", *lines]) + "\n"


def release_differences(release: dict[str, Rows], consensus: dict[str, Rows]) -> list[tuple[str, ...]]:
    """Every difference between the release and the consensus, as (table, release ID, consensus ID, field,
    release value, consensus value); IDs are each side's own, empty where a side lacks the item."""
    found = differences(align([release, consensus], names=["release", CONSENSUS]))
    return [(d.table, d.ids[0], d.ids[1], d.field, d.shown[0], d.shown[1]) for d in found]


def explain(found: list[tuple[str, ...]], path: Path) -> tuple[str, list[str]]:
    """Markdown listing every release–consensus difference with its explanation, and the problems:
    a difference without an explanation, or an explanation that matches no difference."""
    rows = read_rows(path) if path.exists() else []
    known = {tuple(r.get(c, "") for c in EXPLAINED): r.get("explanation", "").strip() for r in rows}
    problems = [f"{path}: no explanation for {d[0]} {d[1] or d[2]} {d[3]} ({d[4]!r} vs {d[5]!r})"
                for d in found if not known.get(d)]  # fmt: skip
    problems += [f"{path}: row {' / '.join(k)} matches no remaining difference" for k in known if k not in set(found)]
    if not found:
        return "The release and the adjudicated consensus agree on every compared field.\n", problems
    lines = ["| table | release ID | consensus ID | field | release | consensus | explanation |",
             "|---|---|---|---|---|---|---|"]  # fmt: skip
    for d in found:
        cells = " | ".join(_cell(v) for v in (*d, known.get(d) or "**no explanation**"))
        lines.append(f"| {cells} |")
    return "\n".join(lines) + "\n", problems


def reproduced(folder: Path) -> list[str]:
    """Problems when ``disputes.csv`` or ``adjudicated/`` is not what ``decide.py`` makes of the
    annotators' files and ``decisions.csv`` (rule IDs are checked by decide.py against the frozen codebook)."""
    names, annotations = read_study(folder)
    problems = []
    listed = folder / "disputes.csv"
    if listed.exists() and listed.read_text("utf-8") != disputes_csv(names, disputes(align(annotations, names=names))):
        problems.append(f"{folder / 'disputes.csv'} is not what decide.py lists; run decide.py again")
    if (folder / CONSENSUS).is_dir():
        if not (folder / "decisions.csv").exists():
            return [
                *problems,
                f"{folder / CONSENSUS} exists without decisions.csv; keep the decisions it was built from",
            ]
        try:
            built = build(names, annotations, read_decisions(folder / "decisions.csv", None))
        except AnnotationError as error:
            return [*problems, f"{folder / CONSENSUS} cannot be rebuilt by decide.py: {error}"]
        stale = [n for n, text in built.items() if not (folder / CONSENSUS / n).exists()
                 or (folder / CONSENSUS / n).read_text("utf-8") != text]  # fmt: skip
        if stale:
            problems.append(f"{folder / CONSENSUS}: {', '.join(stale)} not what decide.py builds; run decide.py again")
    return problems


def _cell(value: str) -> str:
    return "—" if not value else value.replace("|", "\\|").replace("\n", " ")


def round3_figures(root: Path = REPO) -> tuple[dict[str, str], list[str]]:
    """Round 3's blocks (:data:`BLOCKS`) and the problems that must fail the check."""
    folder = root / ROUND3
    annotators = annotator_folders(folder)
    if not annotators:
        note = f"Round 3 has not been run: `{ROUND3.as_posix()}/annotator-*/` does not exist yet.\n"
        return dict.fromkeys(BLOCKS, note), []
    folders = {p.name: p for p in annotators}
    done = (folder / CONSENSUS).is_dir()
    if done:
        folders[CONSENSUS] = folder / CONSENSUS
    release_ids = _entity_ids(root / "data")
    naming = read_naming(folder / "naming.csv", "release_id", [*folders])
    check_naming(naming, folders, release_ids, folder / "naming.csv")
    sides = {name: read_annotation(path, naming[name]) for name, path in folders.items()}
    names = [p.name for p in annotators]
    found: list[Comparison] = [compare(f"{a} vs {b}", sides[a], sides[b]) for a, b in combinations(names, 2)]
    problems = reproduced(folder)
    release_block = f"Not yet adjudicated: `{ROUND3.as_posix()}/{CONSENSUS}/` does not exist.\n"
    if done:
        found += [compare(f"{a} vs {CONSENSUS}", sides[a], sides[CONSENSUS]) for a in names]
        before = read_annotation(zipfile.Path(root / RELEASE_2[0], at=RELEASE_2[1]), {})
        found.append(compare(f"release 2.0.0 vs {CONSENSUS}", before, sides[CONSENSUS]))
        release = read_annotation(root / "data", {})
        found.append(compare(f"release vs {CONSENSUS}", release, sides[CONSENSUS]))
        release_block, unexplained = explain(release_differences(release, sides[CONSENSUS]),
                                             folder / "release-differences.csv")  # fmt: skip
        problems += unexplained
    blocks = {
        "r3-spans": span_table(found, ("claims", "quotes", "mentions", "cues")),
        "r3-links": link_table(found),
        "r3-labels": label_table(found),
        "r3-fleiss": fleiss_table(fleiss([sides[n] for n in names]), len(names)),
        "r3-naming": unmapped(naming, folders, release_ids),
        "r3-release": release_block,
    }
    return blocks, problems
