"""``compare(old, new)`` on real before/after packages: a copy of the repository's package, edited and loaded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import csto_annotations
from csto_annotations import build  # re-measures the descriptor's hashes after an edit
from csto_annotations._base._errors import DatasetError
from csto_annotations._diff import Bump, compare, declared_bump, markdown, text
from csto_annotations._diff._schemas import compare_schemas
from helpers import REPO, read_rows, write_rows
from helpers import copy_real_package as copy_package
from hostile.edits import rehash

VERSION = json.loads((REPO / "datapackage.json").read_text("utf-8"))["version"]
MAJOR, MINOR, PATCH = (int(p) for p in VERSION.split("."))
NEXT = {
    "patch": f"{MAJOR}.{MINOR}.{PATCH + 1}",
    "minor": f"{MAJOR}.{MINOR + 1}.0",
    "major": f"{MAJOR + 1}.0.0",
}


@pytest.fixture(scope="module")
def old(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's package, copied once: the OLD side of every comparison."""
    return copy_package(tmp_path_factory.mktemp("old") / "pkg")


def set_version(root: Path, version: str) -> None:
    descriptor = json.loads((root / "datapackage.json").read_text("utf-8"))
    descriptor["version"] = version
    (root / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", "utf-8")


def edit_table(root: Path, table: str, change) -> None:
    """Apply ``change(rows)`` to a CSV (header first), then re-measure hashes with build()."""
    path = root / "data" / f"{table}.csv"
    rows = read_rows(path)
    change(rows)
    write_rows(path, rows)
    build(root)


def edit_schema(root: Path, table: str, change) -> None:
    path = root / "schemas" / f"{table}.schema.json"
    schema = json.loads(path.read_text("utf-8"))
    change(schema)
    path.write_text(json.dumps(schema, indent=2) + "\n", "utf-8")
    rehash(root)  # schemas are hashed too; the table may be edited to match afterwards


def cell(rows: list[list[str]], key: str, column: str) -> tuple[int, int]:
    return next(i for i, r in enumerate(rows) if r[0] == key), rows[0].index(column)


def withdraw_last_claims(root: Path, count: int) -> list[str]:
    """Remove the last ``count`` claims and their claim_entities links (keys stay valid)."""
    gone = [r[0] for r in read_rows(root / "data" / "claims.csv")[-count:]]
    edit_table(
        root,
        "claim_entities",
        lambda rows: rows.__setitem__(slice(None), [r for r in rows if r[0] not in gone]),
    )
    edit_table(root, "claims", lambda rows: rows.__delitem__(slice(-count, None)))
    return gone


def new_side(tmp_path: Path, version: str) -> Path:
    root = copy_package(tmp_path / "new")
    set_version(root, version)
    return root


def run_diff(old: Path, new: Path, fmt: str = "markdown", declared: Bump | None = None) -> tuple[bool, str]:
    """Load both sides, compare them, and render the report: (declared bump enough?, report)."""
    result = compare(csto_annotations.load(old), csto_annotations.load(new), declared)
    return result.ok, (markdown(result) if fmt == "markdown" else text(result))


def test_a_changed_value_is_patch(old: Path, tmp_path: Path) -> None:
    new = new_side(tmp_path, NEXT["patch"])

    def correct(rows: list[list[str]]) -> None:
        i, j = cell(rows, "CL-0004", "certainty")
        rows[i][j] = "probable" if rows[i][j] != "probable" else "possible"
        i, j = cell(rows, "CL-0004", "notes")
        rows[i][j] += " Corrected."

    edit_table(new, "claims", correct)
    ok, out = run_diff(old, new)
    assert ok
    assert out.startswith(
        f"<!-- csto-annotations {VERSION} → {NEXT['patch']}: required bump PATCH, declared PATCH (ok) -->\n"
        f"## [{NEXT['patch']}]\n"
    )
    assert "### Changed\n- `claims`: 1 row corrected: `CL-0004` (`certainty`, `notes`).\n" in out
    assert "### Added" not in out and "### Removed" not in out


def test_an_unbumped_version_with_changes_is_not_enough(old: Path, tmp_path: Path) -> None:
    new = new_side(tmp_path, VERSION)
    edit_table(new, "entities", lambda rows: rows[1].__setitem__(rows[0].index("description"), "Corrected."))
    ok, out = run_diff(old, new, "text")
    assert not ok
    assert (
        out.splitlines()[0]
        == f"csto-annotations {VERSION} → {VERSION}: required bump PATCH, declared NONE (NOT ENOUGH)"
    )
    assert "changed: entities: 1 row corrected" in out
    assert run_diff(old, new, declared=Bump.PATCH)[0], "an explicit declaration is honoured"


def test_a_new_row_is_minor(old: Path, tmp_path: Path) -> None:
    new = new_side(tmp_path, NEXT["minor"])

    def add(rows: list[list[str]]) -> None:
        header = rows[0]
        row = list(rows[1])  # CL-0002's span; build() fills `end` from `exact` and the given start
        row[header.index("claim_id")] = "CL-9001"
        row[header.index("end")] = ""
        rows.append(row)

    edit_table(new, "claims", add)
    header, *_, added = read_rows(new / "data" / "claims.csv")
    assert added[header.index("end")] != "", "build() anchored the new row"
    ok, out = run_diff(old, new)
    assert ok and "required bump MINOR, declared MINOR (ok)" in out
    assert "### Added\n- `claims`: 1 row: `CL-9001`.\n" in out and "### Changed" not in out


def test_a_new_row_under_a_patch_version_is_not_enough(old: Path, tmp_path: Path) -> None:
    new = new_side(tmp_path, NEXT["patch"])
    edit_table(new, "claim_entities", lambda rows: rows.append(["CL-0002", "russia", "other"]))
    ok, out = run_diff(old, new)
    assert not ok and "required bump MINOR, declared PATCH (NOT ENOUGH)" in out
    assert "- `claim_entities`: 1 row: `CL-0002/russia`.\n" in out


def test_removed_rows_are_minor_and_listed_as_withdrawn(old: Path, tmp_path: Path) -> None:
    new = new_side(tmp_path, NEXT["minor"])
    last_three = withdraw_last_claims(new, 3)
    ok, out = run_diff(old, new)
    assert ok and "required bump MINOR" in out
    removed = out.split("### Removed\n", 1)[1]
    assert f"- `claims`: 3 rows withdrawn (IDs retired): `{last_three[0]}`–`{last_three[-1]}`." in removed
    assert "`claim_entities`:" in removed and f"{last_three[0]}/" in removed


def test_an_added_column_is_major(old: Path, tmp_path: Path) -> None:
    new = new_side(tmp_path, NEXT["minor"])
    edit_schema(new, "entities", lambda s: s["fields"].append({"name": "reviewed", "type": "boolean"}))
    edit_table(new, "entities", lambda rows: [r.append("reviewed" if i == 0 else "") for i, r in enumerate(rows)])
    ok, out = run_diff(old, new)
    assert not ok and "required bump MAJOR, declared MINOR (NOT ENOUGH)" in out
    assert "### Added\n- `entities.reviewed`: new column (boolean) (MAJOR)\n" in out
    set_version(new, NEXT["major"])
    build(new)
    ok, out = run_diff(old, new)
    assert ok and "declared MAJOR (ok)" in out and "### Changed" not in out


def test_a_renamed_column_is_major_and_not_an_add_plus_remove(old: Path, tmp_path: Path) -> None:
    new = new_side(tmp_path, NEXT["major"])
    edit_schema(
        new,
        "claims",
        lambda s: next(f for f in s["fields"] if f["name"] == "notes").update(name="annotator_notes"),
    )
    edit_table(new, "claims", lambda rows: rows[0].__setitem__(rows[0].index("notes"), "annotator_notes"))
    ok, out = run_diff(old, new)
    assert ok and "required bump MAJOR" in out
    assert "- `claims.notes`: renamed to annotator\\_notes (MAJOR)" in out
    assert "### Added" not in out and "### Removed" not in out and "row corrected" not in out


def test_a_retyped_column_is_major_without_spurious_value_changes(old: Path, tmp_path: Path) -> None:
    new = new_side(tmp_path, NEXT["minor"])
    edit_schema(
        new,
        "documents",
        lambda s: next(f for f in s["fields"] if f["name"] == "volume").update(type="number"),
    )
    build(new)
    ok, out = run_diff(old, new, "text")
    assert not ok and "required bump MAJOR, declared MINOR (NOT ENOUGH)" in out
    assert "changed: documents.volume: type integer → number (MAJOR)" in out
    assert "row corrected" not in out, "4 and 4.0 are the same value"


def test_constraints_loosened_minor_tightened_major(old: Path, tmp_path: Path) -> None:
    new = new_side(tmp_path, NEXT["minor"])
    field = lambda s, n: next(f for f in s["fields"] if f["name"] == n)
    edit_schema(new, "claims", lambda s: field(s, "certainty")["constraints"]["enum"].append("doubtful"))
    ok, out = run_diff(old, new, "text")
    assert ok and "required bump MINOR" in out and "claims.certainty: constraint enum" in out
    edit_schema(new, "claims", lambda s: field(s, "statement")["constraints"].update(maxLength=10000))
    ok, out = run_diff(old, new, "text")
    assert not ok and "required bump MAJOR" in out and "constraint maxLength: None → 10000 (MAJOR)" in out


def test_documentation_needs_no_bump(old: Path, tmp_path: Path) -> None:
    new = new_side(tmp_path, VERSION)
    edit_schema(new, "claims", lambda s: s["fields"][0].update(description="Reworded."))
    ok, out = run_diff(old, new, "text")
    assert ok and "required bump NONE" in out and "documentation only" in out


def without_table(ds: csto_annotations.Dataset, name: str) -> csto_annotations.Dataset:
    """The same tables with one table gone: no package of this dataset can lack one, so it is built in memory."""
    descriptor = ds.descriptor
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != name]
    schemas = {k: v for k, v in ds.schemas.items() if k != name}
    frames = {k: v for k, v in ds.tables.items() if k != name}
    return csto_annotations.Dataset(descriptor, schemas, frames, dict(ds.texts), root=ds.root, verify=ds.verify)


def test_a_removed_table_is_major_and_an_added_table_minor(old: Path, tmp_path: Path) -> None:
    new = new_side(tmp_path, NEXT["major"])
    before, after = csto_annotations.load(old), without_table(csto_annotations.load(new), "claim_entities")
    result = compare(before, after)
    out = text(result)
    assert result.ok and "required bump MAJOR" in out and "removed: claim_entities: table removed (MAJOR)" in out
    assert "claim_entities: 0 rows" not in out
    back = compare(after, before, Bump.MINOR)  # the other way round, the table is new
    out = text(back)
    assert back.ok and "required bump MINOR" in out and "added: claim_entities: new table (MINOR)" in out
    assert f"added: claim_entities: {len(read_rows(old / 'data' / 'claim_entities.csv')) - 1} rows:" in out


def test_a_table_that_was_not_loaded_is_refused_by_name(old: Path) -> None:
    full, partial = csto_annotations.load(old), csto_annotations.load(old, tables=["documents", "claims"])
    with pytest.raises(DatasetError, match=r"NEW side: the table 'entities' has a schema but was not loaded"):
        compare(full, partial)


def test_an_unsemantic_version_is_refused() -> None:
    with pytest.raises(DatasetError, match=r"version '1.0' is not semantic"):
        declared_bump("1.0", "1.0.0")
    with pytest.raises(DatasetError, match=r"is not semantic"):
        declared_bump("1.0.0", "9" * 5000 + ".0.0")  # refused by pattern, not by int() on 5,000 digits
    assert [declared_bump("1.2.3", v).name for v in ("2.0.0", "1.3.0", "1.2.4", "1.2.3", "1.0.0", "1.2.4-rc.1")] == [
        "MAJOR",
        "MINOR",
        "PATCH",
        "NONE",
        "NONE",
        "PATCH",
    ]


def test_a_changed_text_is_patch(old: Path, tmp_path: Path) -> None:
    import hashlib

    new = new_side(tmp_path, NEXT["patch"])
    path = new / "data" / "texts" / "edm-4-191.txt"
    text_now = path.read_text("utf-8")
    spans = []
    for table in ("mentions", "quotes", "citations", "claims"):
        header, *rows = read_rows(new / "data" / f"{table}.csv")
        spans += [(int(r[header.index("start")]), int(r[header.index("end")])) for r in rows]
    # a letter that no annotation covers, replaced by another letter: every offset stays valid
    where = next(i for i, ch in enumerate(text_now) if ch == "e" and not any(a <= i < b for a, b in spans))
    path.write_text(text_now[:where] + "a" + text_now[where + 1 :], "utf-8")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    edit_table(new, "documents", lambda rows: rows[1].__setitem__(rows[0].index("text_sha256"), digest))
    ok, out = run_diff(old, new, "text")
    assert ok and "required bump PATCH, declared PATCH (ok)" in out
    assert "changed: text-edm-4-191: text data/texts/edm-4-191.txt changed (PATCH)" in out
    assert "changed: documents: 1 row corrected: edm-4-191 (text_sha256)." in out


# --- the version-bump classifier (``_diff/_schemas.py``): each kind of schema change, built on the real package ---


def field(schema: dict, name: str) -> dict:
    return next(f for f in schema["fields"] if f["name"] == name)


def lines(out: str) -> list[str]:
    """The report's change lines, without the verdict line."""
    return out.splitlines()[1:]


def test_changed_missing_values_are_major(old: Path, tmp_path: Path) -> None:
    new = new_side(tmp_path, NEXT["minor"])
    edit_schema(new, "claims", lambda s: s.update(missingValues=["", "NA"]))
    ok, out = run_diff(old, new, "text")
    assert not ok and out.splitlines()[0].endswith("required bump MAJOR, declared MINOR (NOT ENOUGH)")
    assert lines(out) == ["changed: claims: missing values changed (MAJOR)"]


def test_reordered_columns_are_major_and_change_no_row(old: Path, tmp_path: Path) -> None:
    new = new_side(tmp_path, NEXT["major"])
    swap = lambda row, i, j: row.__setitem__(slice(None), [*row[:i], row[j], row[i], *row[j + 1 :]])
    at = [f["name"] for f in json.loads((old / "schemas/claims.schema.json").read_text("utf-8"))["fields"]].index
    i, j = at("event_date"), at("notes")
    edit_schema(new, "claims", lambda s: swap(s["fields"], i, j))
    edit_table(new, "claims", lambda rows: [swap(r, i, j) for r in rows])
    ok, out = run_diff(old, new, "text")
    assert ok and out.splitlines()[0].endswith("required bump MAJOR, declared MAJOR (ok)")
    assert lines(out) == ["changed: claims: column order changed (MAJOR)"], "the same columns and values"


def test_a_removed_column_is_major(old: Path, tmp_path: Path) -> None:
    new = new_side(tmp_path, NEXT["minor"])
    edit_schema(new, "documents", lambda s: s["fields"].remove(field(s, "notes")))
    edit_table(new, "documents", lambda rows: [r.pop(rows[0].index("notes")) for r in reversed(rows)])
    ok, out = run_diff(old, new, "text")
    assert not ok and "required bump MAJOR, declared MINOR (NOT ENOUGH)" in out
    assert lines(out) == ["removed: documents.notes: column removed (MAJOR)"]


def test_every_loosened_constraint_is_minor(old: Path, tmp_path: Path) -> None:
    new = new_side(tmp_path, NEXT["minor"])
    edit_schema(new, "documents", lambda s: field(s, "volume")["constraints"].pop("minimum"))
    edit_schema(new, "documents", lambda s: field(s, "length")["constraints"].update(minimum=-1))
    edit_schema(new, "entities", lambda s: field(s, "ownership")["constraints"].pop("enum"))
    edit_schema(new, "entities", lambda s: field(s, "name")["constraints"].pop("required"))
    edit_schema(new, "entities", lambda s: field(s, "country")["constraints"].pop("pattern"))
    ok, out = run_diff(old, new, "text")
    assert ok and out.splitlines()[0].endswith("required bump MINOR, declared MINOR (ok)")
    assert sorted(lines(out)) == [
        "changed: documents.length: constraint minimum: 0 → -1 (MINOR)",
        "changed: documents.volume: constraint minimum: 1 → None (MINOR)",
        "changed: entities.country: constraint pattern: '^[A-Z]{3}$' → None (MINOR)",
        "changed: entities.name: constraint required: True → None (MINOR)",
        "changed: entities.ownership: constraint enum: ['state', 'public', 'private', 'unknown'] → None (MINOR)",
    ]


def test_every_tightened_constraint_and_retyping_is_major(old: Path, tmp_path: Path) -> None:
    new = new_side(tmp_path, NEXT["minor"])
    edit_schema(new, "documents", lambda s: field(s, "issue")["constraints"].update(minimum=2))
    edit_schema(new, "documents", lambda s: field(s, "language")["constraints"].update(enum=["en"]))
    edit_schema(new, "documents", lambda s: field(s, "publisher").update(constraints={"required": True}))
    edit_schema(new, "documents", lambda s: field(s, "url")["constraints"].update(pattern="^https://\\S+$"))
    edit_schema(new, "entities", lambda s: field(s, "name")["constraints"].update(unique=True))
    edit_schema(new, "entities", lambda s: field(s, "ownership")["constraints"]["enum"].remove("public"))
    edit_schema(new, "claim_entities", lambda s: field(s, "role")["constraints"]["enum"].reverse())
    edit_schema(new, "claims", lambda s: field(s, "certainty").update(categoriesOrdered=False))
    ok, out = run_diff(old, new, "text")
    assert not ok and out.splitlines()[0].endswith("required bump MAJOR, declared MINOR (NOT ENOUGH)")
    roles = field(json.loads((old / "schemas/claim_entities.schema.json").read_text("utf-8")), "role")
    before = roles["constraints"]["enum"]
    assert sorted(lines(out)) == [
        f"changed: claim_entities.role: constraint enum: {before!r} → {before[::-1]!r} (MAJOR)",
        "changed: claims.certainty: categoriesOrdered changed (MAJOR)",
        "changed: documents.issue: constraint minimum: 1 → 2 (MAJOR)",
        "changed: documents.language: constraint enum: None → ['en'] (MAJOR)",
        "changed: documents.publisher: constraint required: None → True (MAJOR)",
        "changed: documents.url: constraint pattern: '^https?://\\\\S+$' → '^https://\\\\S+$' (MAJOR)",
        "changed: entities.name: constraint unique: None → True (MAJOR)",
        "changed: entities.ownership: constraint enum: ['state', 'public', 'private', 'unknown'] → "
        "['state', 'private', 'unknown'] (MAJOR)",
    ]


def in_memory(ds: csto_annotations.Dataset, table: str, schema_edit, frame_edit=None) -> csto_annotations.Dataset:
    """``ds`` with one table's schema (and frame) edited, built in memory: for the changes load() refuses."""
    schemas = dict(ds.schemas)
    schema_edit(schemas[table])
    frames = dict(ds.tables)
    if frame_edit is not None:
        frames[table] = frame_edit(frames[table].copy())
    descriptor = ds.descriptor
    descriptor["version"] = NEXT["minor"]
    return csto_annotations.Dataset(descriptor, schemas, frames, dict(ds.texts), root=ds.root, verify=ds.verify)


@pytest.mark.parametrize(
    ("table", "edit", "refusal", "line"),
    [
        ("claim_entities", lambda s: s["primaryKey"].append("role"), "expected primaryKey",
         "changed: claim_entities: primary key changed (MAJOR)"),
        ("claim_entities", lambda s: s["primaryKey"].reverse(), "expected primaryKey",
         "changed: claim_entities: primary key changed (MAJOR)"),
        ("claims", lambda s: s["foreignKeys"].pop(), "expected the foreign key citation_id",
         "changed: claims: foreign keys changed (MAJOR)"),
        ("claims", lambda s: next(k for k in s["foreignKeys"] if k["fields"] == ["source_mention_id"])["reference"]
         .update(resource="quotes", fields=["quote_id"]), "expected the foreign key source_mention_id",
         "changed: claims: foreign keys changed (MAJOR)"),
    ],
    ids=["primary-key-extended", "primary-key-reordered", "foreign-key-removed", "foreign-key-retargeted"],
)  # fmt: skip
def test_a_changed_key_is_major(old: Path, tmp_path: Path, table: str, edit, refusal: str, line: str) -> None:
    """The closed profile refuses any other key, so a release that changes one changes the profile too: the
    NEW side is the real package with the edited schema, built in memory; load() refuses the same edit on disk."""
    on_disk = new_side(tmp_path, NEXT["minor"])
    edit_schema(on_disk, table, edit)
    with pytest.raises(DatasetError, match=refusal):
        csto_annotations.load(on_disk)
    before = csto_annotations.load(old)
    result = compare(before, in_memory(before, table, edit))
    out = text(result)
    assert not result.ok and out.splitlines()[0].endswith("required bump MAJOR, declared MINOR (NOT ENOUGH)")
    assert lines(out) == [line]


def test_a_renamed_key_column_changes_no_key(old: Path) -> None:
    """A renamed column keeps its place in the primary and foreign keys: the rename is the one change."""

    def rename(s: dict) -> None:
        field(s, "citation_id")["name"] = "cited_by"
        next(k for k in s["foreignKeys"] if k["fields"] == ["citation_id"])["fields"] = ["cited_by"]
        field(s, "claim_id")["name"] = "id"
        s["primaryKey"] = ["id"]

    before = csto_annotations.load(old)
    after = in_memory(
        before, "claims", rename, lambda f: f.rename(columns={"citation_id": "cited_by", "claim_id": "id"})
    )
    out = text(compare(before, after))
    assert sorted(lines(out)) == [
        "changed: claims.citation_id: renamed to cited_by (MAJOR)",
        "changed: claims.claim_id: renamed to id (MAJOR)",
    ]


def test_a_text_added_is_minor_and_removed_major(old: Path) -> None:
    before = csto_annotations.load(old)
    descriptor = before.descriptor
    extra = dict(next(r for r in descriptor["resources"] if r["name"] not in before.schemas))
    extra.update(name="text-appendix", path="data/texts/appendix.txt", hash="sha256:" + "0" * 64)
    descriptor["resources"].append(extra)
    descriptor["version"] = NEXT["minor"]
    after = csto_annotations.Dataset(descriptor, dict(before.schemas), dict(before.tables), dict(before.texts),
                                     root=before.root, verify=before.verify)  # fmt: skip
    assert lines(text(compare(before, after))) == ["added: text-appendix: new text data/texts/appendix.txt (MINOR)"]
    back = compare(after, before, Bump.MAJOR)
    assert back.required is Bump.MAJOR
    assert lines(text(back)) == ["removed: text-appendix: text data/texts/appendix.txt removed (MAJOR)"]


def test_two_absent_schemas_are_no_change() -> None:
    """A table on neither side (the caller names it from one side's schemas, so compare() never asks)."""
    assert compare_schemas("claims", None, None) == []


def test_a_rename_alone_keeps_the_column_order_and_a_renamed_column_moved_changes_it() -> None:
    import copy

    old = json.loads((REPO / "schemas/claims.schema.json").read_text("utf-8"))
    renamed = copy.deepcopy(old)
    field(renamed, "notes")["name"] = "annotator_notes"
    moved = copy.deepcopy(renamed)
    moved["fields"].insert(0, moved["fields"].pop([f["name"] for f in moved["fields"]].index("annotator_notes")))
    kinds = lambda new: sorted((c.kind, c.detail, c.bump.name) for c in compare_schemas("claims", old, new))
    assert kinds(renamed) == [("renamed", "renamed to annotator_notes", "MAJOR")]
    assert kinds(moved) == [("renamed", "renamed to annotator_notes", "MAJOR"),
                            ("reordered", "column order changed", "MAJOR")]  # fmt: skip
    missing = copy.deepcopy(old)
    missing["missingValues"] = ["-"]  # the default [""] replaced, not extended
    assert kinds(missing) == [("keys", "missing values changed", "MAJOR")]
