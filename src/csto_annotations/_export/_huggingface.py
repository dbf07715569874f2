"""Hugging Face: a dataset folder, ``README.md`` (dataset card) and one Parquet file per table.

``datasets.load_dataset(folder, "claims")`` loads one table as the ``train``
split; every table is a config, and so is ``texts`` (``document_id``,
``text``), the document texts that the offsets index. ``claims`` is the
default config, which ``load_dataset(folder)`` loads.

The card's YAML front matter has ``license: cc-by-4.0``, one ``configs``
entry per table with its ``data_files``, and ``dataset_info`` with the
features of each table typed from its Table Schema:

=====================  ==================================================
Table Schema           ``datasets`` feature (Parquet column)
=====================  ==================================================
``string``             ``string``
``integer``            ``int64``
``number``             ``float64``
``boolean``            ``bool``
``date``               ``date32``
enum / categories      ``ClassLabel`` with the schema's values in order
                       (``int64`` codes in the Parquet file, as ``datasets``
                       stores a ClassLabel)
=====================  ==================================================

The card's body follows the Hugging Face dataset-card template and carries
the datasheet sections (motivation, composition, collection, annotation,
personal information, biases and limitations, licensing, citation); its
facts come from ``datapackage.json`` and the Table Schemas, and its citation
blocks are exactly what ``python -m csto_annotations cite --format bibtex``
and ``cite`` print (rendered by :func:`csto_annotations._cite.cite`).

pyarrow and PyYAML (core dependencies) are imported only inside these functions.

Example
-------
>>> import tempfile, pathlib, csto_annotations
>>> paths = write(csto_annotations.load(), pathlib.Path(tempfile.mkdtemp()))
>>> [p.name for p in paths][:3]
['README.md', 'documents.parquet', 'entities.parquet']
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .._base._errors import import_optional
from .._base._fields import TYPES, categories
from .._base._text import markdown_code, markdown_fence, markdown_prose, markdown_text
from .._cite import cite
from ._arrow import arrow_parquet_bytes, texts_table, to_arrow
from ._common import TEXTS, refuse_clashes, write_files

CARD = "README.md"
DATA_DIR = "data"
#: The config that ``load_dataset(folder)`` loads when no config name is given.
DEFAULT_CONFIG = "claims"
# A URL that can be a link as it is: no space, quote, angle bracket or backtick to break out of one.
_URL = re.compile(r"https?://[^\s<>\"'`\\]+")
_TEXTS_FIELDS = [
    {"name": "document_id", "type": "string", "description": "The document; a key of `documents`."},
    {"name": "text", "type": "string", "description": "The document text that every offset indexes."},
]


def feature(field: dict[str, Any]) -> dict[str, Any]:
    """The ``dataset_info`` feature of one Table Schema field.

    Example
    -------
    >>> feature({"name": "k", "constraints": {"enum": ["a", "b"]}})
    {'name': 'k', 'dtype': {'class_label': {'names': {'0': 'a', '1': 'b'}}}}
    """
    values = categories(field)
    if values is not None:
        return {
            "name": field["name"],
            "dtype": {"class_label": {"names": {str(i): str(v) for i, v in enumerate(values)}}},
        }
    return {"name": field["name"], "dtype": TYPES[field["type"]].datasets}


def arrow_table(frame: Any, schema: dict[str, Any]) -> Any:
    """The table in Arrow, with each enum column as ``int64`` ClassLabel codes."""
    import pyarrow as pa

    table = to_arrow(frame, schema)
    for index, field in enumerate(table.schema):
        if pa.types.is_dictionary(field.type):
            codes = table.column(index).combine_chunks().indices.cast(pa.int64())
            table = table.set_column(index, field.with_type(pa.int64()), codes)
    return table


def _size_category(rows: int) -> str:
    """The Hub's size category for the largest table."""
    bounds = [
        (1_000, "n<1K"),
        (10_000, "1K<n<10K"),
        (100_000, "10K<n<100K"),
        (1_000_000, "100K<n<1M"),
        (10_000_000, "1M<n<10M"),
    ]
    return next((label for bound, label in bounds if rows < bound), "10M<n<100M")


def front_matter(ds: Any, tables: dict[str, Any]) -> dict[str, Any]:
    """The card's YAML metadata: licence, configs and ``dataset_info``."""
    schemas = {**{name: ds.schemas[name] for name in ds.tables}, TEXTS: {"fields": _TEXTS_FIELDS}}
    return {
        "license": "cc-by-4.0",
        "pretty_name": ds.title,
        "language": front_matter_languages(ds),
        "tags": list(ds.descriptor.get("keywords", [])),
        "size_categories": [_size_category(max(t.num_rows for t in tables.values()))],
        "configs": [
            {
                "config_name": name,
                "data_files": [{"split": "train", "path": f"{DATA_DIR}/{name}.parquet"}],
                # load_dataset(folder) without a config name loads the claims.
                **({"default": True} if name == DEFAULT_CONFIG else {}),
            }
            for name in tables
        ],
        "dataset_info": [
            {
                "config_name": name,
                "features": [feature(f) for f in schemas[name]["fields"]],
                "splits": [{"name": "train", "num_bytes": int(table.nbytes), "num_examples": int(table.num_rows)}],
            }
            for name, table in tables.items()
        ],
    }


def _columns_md(schema: dict[str, Any]) -> list[str]:
    rows = ["| Column | Type | Description |", "| --- | --- | --- |"]
    for field in schema["fields"]:
        kind = feature(field)["dtype"]
        shown = (
            "ClassLabel: " + ", ".join(markdown_code(v, in_table=True) for v in kind["class_label"]["names"].values())
            if isinstance(kind, dict)
            else f"`{kind}`"
        )
        description = markdown_prose(field.get("description", ""), line_start=False, in_table=True)
        rows.append(f"| {markdown_code(field['name'], in_table=True)} | {shown} | {description} |")
    return rows


def _citation(ds: Any) -> list[str]:
    """The card's citation blocks: what ``cite --format bibtex`` and ``cite`` print, from the same function."""
    return [
        "**BibTeX:**",
        "",
        *markdown_fence(cite(ds.descriptor, "bibtex").rstrip("\n"), "bibtex"),
        "",
        "**Text:**",
        "",
        *markdown_fence(cite(ds.descriptor, "text").rstrip("\n"), "text"),
    ]


def _text(value: Any) -> str:
    """A value from the package as Markdown text that follows other text on its line."""
    return markdown_text(value, line_start=False)


def _link(path: Any, brackets: str = "") -> str:
    """An http(s) URL as a link (inside ``brackets``, an autolink), anything else as a code span.

    Example
    -------
    >>> _link("https://example.org/a", "<>"), _link("javascript:alert(1)")
    ('<https://example.org/a>', '`javascript:alert(1)`')
    """
    if isinstance(path, str) and _URL.fullmatch(path):
        return path.join(brackets) if brackets else path
    return markdown_code(path) if path else ""


def card_body(ds: Any, tables: dict[str, Any]) -> str:
    """The Markdown body of the dataset card; every value from the package is escaped text or a code span."""
    descriptor = ds.descriptor
    schemas = {
        **{n: ds.schemas[n] for n in ds.tables},
        TEXTS: {
            "title": "Texts",
            "fields": _TEXTS_FIELDS,
            "description": "One row per document: its text, which every `start`/`end` offset indexes.",
        },
    }
    licences = [
        f"{_text(lic.get('title', lic.get('name', '')))} ({_link(lic.get('path', ''))})"
        for lic in descriptor.get("licenses", [])
    ]
    text_licences = sorted(
        {
            lic.get("title", "")
            for r in descriptor.get("resources", [])
            if r.get("type") == "text"
            for lic in r.get("licenses", [])
        }
    )
    out = [
        f"# Dataset Card for {_text(ds.title)}",
        "",
        markdown_prose(descriptor.get("description", "")),
        "",
        "## Dataset Details",
        "",
        "### Dataset Description",
        "",
        f"- **Name and version:** {markdown_code(ds.name)} {_text(ds.version)}",
        f"- **Language(s):** {', '.join(map(_text, front_matter_languages(ds))) or 'not given'}",
        f"- **License:** {'; '.join(licences)}",
        "",
        "### Dataset Sources",
        "",
    ]
    out += [f"- {_text(s.get('title', ''))} {_link(s.get('path', ''), '<>')}" for s in descriptor.get("sources", [])]
    out += [
        "",
        "## Uses",
        "",
        "### Direct Use",
        "",
        "Training and evaluating entity-mention, quotation-attribution and claim-detection models; "
        "studying how a news analysis attributes and hedges its claims. Offsets are Unicode code points "
        "into the `text` column of the `texts` config: `text[start:end] == exact`.",
        "",
        "### Out-of-Scope Use",
        "",
        "The annotations describe what the article says, not whether it is true: they are not a fact-checked "
        "knowledge base. The corpus is far too small to represent news writing in general.",
        "",
        "## Dataset Structure",
        "",
        "Each table of the Frictionless Data Package is a config with one `train` split:",
        "",
        "| Config | Rows | Description |",
        "| --- | --- | --- |",
    ]
    for name, table in tables.items():
        description = markdown_prose(schemas[name].get("description", ""), line_start=False, in_table=True)
        out.append(f"| {markdown_code(name, in_table=True)} | {table.num_rows} | {description} |")
    for name in tables:
        out += ["", f"### {markdown_code(name)}", "", *_columns_md(schemas[name])]
    out += [
        "",
        "## Dataset Creation",
        "",
        "### Curation Rationale",
        "",
        "#### Motivation",
        "",
        "To give researchers offset-anchored, verifiable annotations of who claims what, how certainly, and "
        "on whose authority, in a security-studies news analysis; every annotation carries its exact span.",
        "",
        "### Source Data",
        "",
        "#### Data Collection and Processing",
        "",
        "The text of each document is stored as received (UTF-8, LF line endings) and pinned by its SHA-256 "
        "in the `documents` table; annotators wrote `exact` spans and a build step computed the offsets.",
        "",
        "#### Who are the source data producers?",
        "",
    ]
    out += [
        f"- {_text(c.get('title', ''))}: {', '.join(map(_text, c.get('roles', [])))}"
        for c in descriptor.get("contributors", [])
    ]
    out += [
        "",
        "### Annotations",
        "",
        "#### Annotation process",
        "",
        "Annotators followed the project's codebook (`docs/codebook.md` of the source package); the procedure, "
        "the agreement figures and the reconciliation are in `docs/annotation-report.md`.",
        "",
        "#### Who are the annotators?",
        "",
        "See `docs/annotation-report.md` of the source package, which describes each annotation pass.",
        "",
        "#### Personal and Sensitive Information",
        "",
        "The data names people only as the published news analysis names them, as public figures in the "
        "news it reports; it holds no contact details or other personal data beyond what the article says.",
        "",
        "## Bias, Risks, and Limitations",
        "",
        "One news analysis from one publisher and one point of view; categories such as certainty and claim "
        "type are annotator judgements under the codebook. Model results on this data do not generalize.",
        "",
        "### Recommendations",
        "",
        "Check every use against the spans and the `notes` columns, which record corrections and inferences.",
        "",
        "## Licensing Information",
        "",
        *(f"- {lic}" for lic in licences),
    ]
    out += [f"- Document texts (`texts` config): {_text(t)}" for t in text_licences if t]
    out += ["", "## Citation", "", *_citation(ds), ""]
    return "\n".join(out)


def front_matter_languages(ds: Any) -> list[str]:
    """The BCP 47 language tags of the documents."""
    if "documents" not in ds.tables or "language" not in ds.documents.columns:  # an optional column
        return []
    return sorted({str(v) for v in ds.documents["language"].dropna()})


def write(ds: Any, out_dir: Path) -> list[Path]:
    """Write the dataset card and ``data/<table>.parquet`` for every table and the texts.

    Raises
    ------
    OptionalDependencyError
        When pyarrow or PyYAML is not installed.
    DatasetError
        When a table is named ``texts``, the config of the document texts.

    Example
    -------
    >>> import tempfile, pathlib, csto_annotations
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> _ = write(csto_annotations.load(), out)
    >>> (out / "README.md").read_text("utf-8").startswith("---\\n")
    True
    """
    refuse_clashes(ds, CARD, (TEXTS,), columns=False)  # the config of the document texts
    yaml = import_optional("yaml", None, "The Hugging Face export needs PyYAML")
    import_optional("pyarrow.parquet", None, "The Hugging Face export needs pyarrow")
    tables = {name: arrow_table(ds.tables[name], ds.schemas[name]) for name in ds.tables}
    if "documents" in ds.tables:
        tables[TEXTS] = texts_table(ds)
    header = yaml.safe_dump(front_matter(ds, tables), sort_keys=False, allow_unicode=True, width=1000)
    files: dict[str, str | bytes] = {CARD: f"---\n{header}---\n\n{card_body(ds, tables)}"}
    files.update({f"{DATA_DIR}/{name}.parquet": arrow_parquet_bytes(table) for name, table in tables.items()})
    return write_files(out_dir, files)
