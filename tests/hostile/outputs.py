"""The outputs corpus (issue 18): packages, output paths and values that the outputs must survive.

Each :class:`OutputCase` is built from a fresh copy of the real package and
says what ``validate`` must answer and what each command it names must do:
exit 0, or exit 1 with a message naming the cause and nothing written. The
families:

* ``columns``: optional columns left out, emptied or retyped (the outputs do
  without them), and the columns the outputs need taken away (``validate``
  refuses the package, naming the outputs that read them);
* ``names``: table and column names an export keeps for itself or cannot tell
  apart (``texts``, ``sqlite_…``, index names, case);
* ``out-path``: ``--out`` on a file, below a file, through a link loop or a
  dangling link, and a refused export into an existing folder;
* ``escaping``: record IDs, titles and cells that are Markdown or HTML, in the
  changelog of ``diff``, the Hugging Face dataset card and the viewer.

Commands are written with the placeholders ``{src}`` (the package), ``{out}``
(a fresh folder for outputs) and ``{old}`` (an untouched copy, for ``diff``).

Example
-------
>>> sorted({c.family for c in CASES})
['columns', 'escaping', 'names', 'out-path']
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import edits as e

COLUMNS, NAMES, OUT_PATH, ESCAPING = "columns", "names", "out-path", "escaping"
EVERY_OUTPUT = (
    "info",
    "cite --claim CL-0034",
    "cite --quote QT-0006",
    "export *",
    "view",
    "diff {old} {src} --declared major",
)


@dataclass(frozen=True)
class Run:
    """One command and what it must do: its exit code, text it must print, a check of what it wrote."""

    argv: str
    code: int = 0
    needle: str | None = None
    check: Callable[[Path, str], None] | None = None


@dataclass(frozen=True)
class OutputCase:
    """A package (or an output path) and what every command named must do with it."""

    name: str
    family: str
    build: Callable[[Path, Path], None]
    valid: bool = True
    needle: str | None = None  # what validate must print (for a refused package)
    runs: tuple[Run, ...] = field(default_factory=tuple)

    def __str__(self) -> str:
        return self.name


CASES: list[OutputCase] = []


def case(name: str, family: str, *runs: Run, valid: bool = True, needle: str | None = None) -> Callable:
    """Register the decorated builder ``f(root, outside)`` as a case."""

    def register(build: Callable[[Path, Path], None]) -> Callable[[Path, Path], None]:
        CASES.append(OutputCase(name, family, build, valid, needle, runs))
        return build

    return register


def edit_schema(root: Path, table: str, change: Callable[[dict], object]) -> None:
    path = root / "schemas" / f"{table}.schema.json"
    schema = json.loads(path.read_text("utf-8"))
    change(schema)
    path.write_text(json.dumps(schema, indent=2), "utf-8")
    e.rehash(root)


def field_of(schema: dict, name: str) -> dict:
    return next(f for f in schema["fields"] if f["name"] == name)


def drop(root: Path, table: str, *columns: str) -> None:
    """Take ``columns`` out of the table's schema and CSV file."""
    rows = e.read_rows(root, table)
    keep = [i for i, name in enumerate(rows[0]) if name not in columns]
    e.write_rows(root, table, [[row[i] for i in keep] for row in rows])
    edit_schema(root, table, lambda s: s.update(fields=[f for f in s["fields"] if f["name"] not in columns]))


def empty(root: Path, table: str, column: str) -> None:
    """Make ``column`` optional and every cell of it empty."""
    rows = e.read_rows(root, table)
    index = rows[0].index(column)
    e.write_rows(root, table, [rows[0], *([*r[:index], "", *r[index + 1 :]] for r in rows[1:])])
    edit_schema(root, table, lambda s: field_of(s, column).get("constraints", {}).pop("required", None))


def add_table(root: Path, source: str, name: str) -> None:
    """A copy of table ``source`` as a resource named ``name``."""
    (root / "data" / f"{name}.csv").write_bytes(e.csv_path(root, source).read_bytes())
    (root / "schemas" / f"{name}.schema.json").write_bytes((root / "schemas" / f"{source}.schema.json").read_bytes())
    data = e.descriptor(root)
    resource = dict(next(r for r in data["resources"] if r["name"] == source))
    resource.update(name=name, path=f"data/{name}.csv", schema=f"schemas/{name}.schema.json")
    data["resources"].append(resource)
    e.write_descriptor(root, data)
    e.rehash(root)


def rename_id(root: Path, old: str, new: str) -> None:
    """Rename a record ID everywhere it is used, with the patterns that would refuse the new one dropped."""
    for table in ("documents", "entities", "mentions", "citations", "quotes", "claims", "claim_entities"):
        e.write_rows(root, table, [[new if c == old else c for c in r] for r in e.read_rows(root, table)])
        path = root / "schemas" / f"{table}.schema.json"
        schema = json.loads(path.read_text("utf-8"))
        for f in schema["fields"]:
            f.get("constraints", {}).pop("pattern", None)
        path.write_text(json.dumps(schema, indent=2), "utf-8")
    e.rehash(root)


def read(path: Path) -> str:
    return path.read_text("utf-8")


# --- columns: optional ones absent, emptied or retyped; the outputs do without them ----------------


def _no_statement(out: Path, text: str) -> None:
    assert "statement=" not in read(out / "brat" / "edm-4-191.ann")
    assert '"statement:' not in read(out / "webannotation" / "annotations.jsonld")


@case("claims-statement-dropped", COLUMNS, *(Run(a) for a in EVERY_OUTPUT), Run("export brat", check=_no_statement))
def _(root: Path, outside: Path) -> None:
    drop(root, "claims", "statement")


def _no_certainty(out: Path, text: str) -> None:
    conf = read(out / "brat" / "annotation.conf")
    assert "Certainty" not in conf and "Polarity" not in conf and "Claim_type" in conf


@case("claims-certainty-and-polarity-dropped", COLUMNS, *(Run(a) for a in EVERY_OUTPUT),
      Run("export brat", check=_no_certainty))  # fmt: skip
def _(root: Path, outside: Path) -> None:
    drop(root, "claims", "certainty", "polarity")


def _source_is_the_text_path(out: Path, text: str) -> None:
    source = json.loads(read(out / "webannotation" / "annotations.jsonld"))["first"]["items"][0]["target"]["source"]
    assert source["id"] == e.TEXT_PATH and "language" not in source


@case("documents-url-and-language-dropped", COLUMNS, *(Run(a) for a in EVERY_OUTPUT),
      Run("export webannotation", check=_source_is_the_text_path),
      Run("cite --claim CL-0002", needle='document edm-4-191 "CSTO: Safe Choice in Central Asia"'))  # fmt: skip
def _(root: Path, outside: Path) -> None:
    drop(root, "documents", "url", "language")


@case("citations-date-notes-place-dropped", COLUMNS, *(Run(a) for a in EVERY_OUTPUT),
      Run("cite --claim CL-0034", needle="Nikolai Makarov, quoted by ITAR-TASS, as reported in"))  # fmt: skip
def _(root: Path, outside: Path) -> None:
    edit_schema(root, "citations", lambda s: s.update(foreignKeys=[k for k in s["foreignKeys"]
                                                                   if k["fields"] != ["place_entity_id"]]))  # fmt: skip
    drop(root, "citations", "cited_date", "notes", "place_entity_id")


@case("claims-every-optional-column-dropped", COLUMNS, *(Run(a) for a in EVERY_OUTPUT))
def _(root: Path, outside: Path) -> None:
    drop(root, "claims", "statement", "certainty", "polarity", "event_date", "notes")


@case("claims-statement-emptied", COLUMNS, *(Run(a) for a in EVERY_OUTPUT), Run("export brat", check=_no_statement))
def _(root: Path, outside: Path) -> None:
    empty(root, "claims", "statement")


def _labels_as_text(out: Path, text: str) -> None:
    # Without a value list the column is no brat attribute: it is written in the note.
    ann = read(out / "brat" / "edm-4-191.ann")
    assert "\tCertainty T" not in ann and "; certainty=1" in ann


@case("claims-certainty-retyped-integer", COLUMNS, *(Run(a) for a in EVERY_OUTPUT),
      Run("export brat", check=_labels_as_text))  # fmt: skip
def _(root: Path, outside: Path) -> None:
    rows = e.read_rows(root, "claims")
    index = rows[0].index("certainty")
    e.write_rows(
        root, "claims", [rows[0], *([*r[:index], str(n % 3), *r[index + 1 :]] for n, r in enumerate(rows[1:]))]
    )
    edit_schema(root, "claims", lambda s: field_of(s, "certainty").update(type="integer", constraints={}))
    edit_schema(
        root, "claims", lambda s: [field_of(s, "certainty").pop(k, None) for k in ("categories", "categoriesOrdered")]
    )


# --- columns: what the outputs need is part of the structure contract ------------------------------


def needed(name: str, needle: str) -> Callable:
    return case(name, COLUMNS, Run("info", 1, needle), Run("export brat", 1, needle), Run("view", 1, needle),
                valid=False, needle=needle)  # fmt: skip


@needed("claims-claim-type-dropped", "expected field 'claim_type' of type 'string', found no such field; the view, "
        "brat, webannotation, spacy output(s) read it")  # fmt: skip
def _(root: Path, outside: Path) -> None:
    drop(root, "claims", "claim_type")


@needed("claims-claim-type-optional", "field 'claim_type' must be required")
def _(root: Path, outside: Path) -> None:
    edit_schema(root, "claims", lambda s: field_of(s, "claim_type")["constraints"].pop("required"))


@needed("entities-type-optional", "field 'type' must be required")
def _(root: Path, outside: Path) -> None:
    edit_schema(root, "entities", lambda s: field_of(s, "type")["constraints"].pop("required"))


@needed("citations-cited-date-retyped-string", "expected field 'cited_date' of type 'date', found type 'string'")
def _(root: Path, outside: Path) -> None:
    edit_schema(root, "citations", lambda s: field_of(s, "cited_date").update(type="string"))


@needed("citations-notes-retyped-integer", "expected field 'notes' of type 'string', found type 'integer'")
def _(root: Path, outside: Path) -> None:
    empty(root, "citations", "notes")
    edit_schema(root, "citations", lambda s: field_of(s, "notes").update(type="integer"))


@needed("documents-text-sha256-emptied", "field 'text_sha256' must be required")
def _(root: Path, outside: Path) -> None:
    empty(root, "documents", "text_sha256")


@needed("mentions-entity-id-optional", "field 'entity_id' must be required")
def _(root: Path, outside: Path) -> None:
    edit_schema(root, "mentions", lambda s: field_of(s, "entity_id")["constraints"].pop("required"))


# --- names an export keeps for itself ---------------------------------------------------------------


def _keeps_its_texts(out: Path, text: str) -> None:
    assert not (out / "sqlite").exists() and not (out / "huggingface").exists()


@case("table-named-texts", NAMES, Run("export sqlite", 1, "table named 'texts'"),
      Run("export huggingface", 1, "table named 'texts'", check=_keeps_its_texts), Run("export parquet"),
      Run("export csv"), Run("view"), Run("info"))  # fmt: skip
def _(root: Path, outside: Path) -> None:
    add_table(root, "entities", "texts")


@case("table-named-sqlite-x", NAMES, Run("export sqlite", 1, "table named 'sqlite_x'"), Run("export huggingface"))
def _(root: Path, outside: Path) -> None:
    add_table(root, "entities", "sqlite_x")


def _index_beside_the_table(out: Path, text: str) -> None:
    import sqlite3

    with sqlite3.connect(out / "sqlite" / "csto-annotations.sqlite") as db:
        names = {n for (n,) in db.execute("SELECT name FROM sqlite_master")}
    assert {"claims_fk0", "_claims_fk0"} <= names


@case("table-named-like-an-index", NAMES, Run("export sqlite", check=_index_beside_the_table))
def _(root: Path, outside: Path) -> None:
    add_table(root, "entities", "claims_fk0")


@case("columns-differing-in-case", NAMES, Run("export sqlite", 1, "'notes' and 'Notes'"), Run("export parquet"),
      Run("export brat"))  # fmt: skip
def _(root: Path, outside: Path) -> None:
    e.write_rows(
        root, "entities", [[*r, "Notes" if i == 0 else ""] for i, r in enumerate(e.read_rows(root, "entities"))]
    )
    edit_schema(root, "entities", lambda s: s["fields"].append({"name": "Notes", "type": "string"}))


# --- output paths -------------------------------------------------------------------------------------


def _file_kept(out: Path, text: str) -> None:
    assert read(out / "taken") == "the user's own file"


@case("export-out-is-a-file", OUT_PATH, Run("export csv --out {out}/taken", 1, "exists and is not a directory",
                                          check=_file_kept))  # fmt: skip
def _(root: Path, outside: Path) -> None:
    pass


@case("export-out-below-a-file", OUT_PATH, Run("export sqlite --out {out}/taken/below", 1, "lies below a file",
                                             check=_file_kept))  # fmt: skip
def _(root: Path, outside: Path) -> None:
    pass


@case("export-out-in-a-link-loop", OUT_PATH, Run("export brat --out {out}/loop/x", 1, "symbolic links"),
      Run("export brat --out {out}/loop", 1, "symbolic links"))  # fmt: skip
def _(root: Path, outside: Path) -> None:
    pass


@case("export-out-a-dangling-link", OUT_PATH, Run("export parquet --out {out}/dangling", 1, "symbolic link to nothing"))
def _(root: Path, outside: Path) -> None:
    pass


def _folder_unchanged(out: Path, text: str) -> None:
    assert sorted(p.name for p in (out / "existing").iterdir()) == ["keep.txt"]


@case("export-refused-into-an-existing-folder", OUT_PATH,
      Run("export sqlite --out {out}/existing", 1, "table named 'texts'", check=_folder_unchanged),
      Run("export huggingface --out {out}/existing", 1, "table named 'texts'", check=_folder_unchanged))  # fmt: skip
def _(root: Path, outside: Path) -> None:
    add_table(root, "entities", "texts")


@case("view-out-below-a-file", OUT_PATH, Run("view --out {out}/taken/view.html", 1, "does not exist or is not a directory",
                                           check=_file_kept))  # fmt: skip
def _(root: Path, outside: Path) -> None:
    pass


def prepare_out(out: Path) -> None:
    """What every case finds in ``{out}``: a file, a link loop, a dangling link and a folder with a file."""
    out.mkdir(parents=True)
    (out / "taken").write_text("the user's own file", "utf-8")
    os.symlink(out / "loop", out / "loop")
    os.symlink(out / "nowhere", out / "dangling")
    (out / "existing").mkdir()
    (out / "existing" / "keep.txt").write_text("the user's own file", "utf-8")


# --- escaping: values from the package are text in Markdown and HTML ----------------------------------

#: Record IDs and titles that are Markdown or HTML.
PLANTED = ["![x](http://e/)", "[a](b)", "<script>alert(1)</script>", "a`b", "x|y", "www.e.com"]


def _changelog_is_text(out: Path, text: str) -> None:
    from hostile.rendering import markdown_html, tags

    changelog = text[text.index("<!--") :]
    html = markdown_html(changelog)
    assert tags(html) <= {"p", "h2", "h3", "ul", "li", "code"}, html
    assert all(planted in changelog for planted in PLANTED), changelog


@case("diff-ids-are-markdown", ESCAPING, Run("diff {old} {src}", 1, "smaller than the required MINOR",
                                          check=_changelog_is_text))  # fmt: skip
def _(root: Path, outside: Path) -> None:
    claims = [row[0] for row in e.read_rows(root, "claims")[1:]]
    for old, planted in zip(claims, PLANTED):
        rename_id(root, old, planted)  # a renamed ID is a row removed and a row added


TITLE = "<script>alert(1)</script>\n---\n![x](http://e/)"


def _card_is_text(out: Path, text: str) -> None:
    from huggingface_hub import DatasetCard

    from hostile.rendering import links, markdown_html, tags

    parsed = DatasetCard(read(out / "huggingface" / "README.md"))  # the Hub's own reader of the front matter
    assert parsed.data.pretty_name == TITLE and parsed.data.license == "cc-by-4.0"
    html = markdown_html(parsed.text)
    # pandoc highlights the BibTeX block with div, span and "#cb1-1" anchors of its own.
    assert tags(html) <= {"h1", "h2", "h3", "h4", "p", "ul", "li", "strong", "code", "pre", "table", "thead",
                          "tbody", "tr", "th", "td", "a", "div", "span"}, html  # fmt: skip
    assert all(link.startswith(("https://", "#cb")) for link in links(html)), links(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; --- ![x](http://e/)</h1>" in html.replace("\n", " ")


@case("card-metadata-is-markdown", ESCAPING, Run("export huggingface", check=_card_is_text), Run("info"),
      Run("cite"), Run("view"))  # fmt: skip
def _(root: Path, outside: Path) -> None:
    data = e.descriptor(root)
    data["title"] = TITLE
    data["description"] = "# heading\n\n- item\n\n```\ncode\n``` [a](javascript:alert(1)) <img src=x>"
    data["sources"][0]["path"] = "javascript:alert(1)"
    data["contributors"][0]["title"] = "*team* | `x`"
    e.write_descriptor(root, data)


def _page_is_text(out: Path, text: str) -> None:
    from hostile.rendering import html_elements

    page = read(out / "view.html")
    elements = html_elements(page)
    assert [e for e in elements if e == "script"] == ["script", "script"], "only the page's own two scripts"
    assert "img" not in elements and "<script>alert" not in page and "&lt;script&gt;alert(1)" in page


@case("viewer-values-are-html", ESCAPING, Run("view --out {out}/view.html", check=_page_is_text))
def _(root: Path, outside: Path) -> None:
    e.set_cell(root, "claims", 2, "statement", "<script>alert(1)</script>")
    e.set_cell(root, "entities", 2, "name", '<img src=x onerror="alert(1)">')
    e.set_cell(root, "claims", 3, "notes", "</textarea></script><!--")
    e.rehash(root)
    rename_id(root, "CL-0004", '"><script>alert(1)</script>')


def build_case(item: OutputCase, workdir: Path) -> Path:
    """Build ``item`` in ``workdir/<name>/`` from a fresh copy of the real package; return the package."""
    base = workdir / item.name
    outside = base / "outside"
    outside.mkdir(parents=True)
    root = e.fresh_copy(base / "pkg")
    item.build(root, outside)
    return root
