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
prose is kept by hand in ``card.md`` beside this module, with a
``{{placeholder}}`` for each fact, which comes from ``datapackage.json`` and
the Table Schemas (escaped for Markdown), and its citation
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
from importlib import resources
from pathlib import Path
from typing import Any

from .._base._fields import TYPES, categories
from .._cite import cite
from .._markdown import markdown_code, markdown_fence, markdown_prose, markdown_text
from .._outputs import import_optional
from ._arrow import TEXTS_SCHEMA, arrow_parquet_bytes, texts_table, to_arrow
from ._common import TEXTS, refuse_clashes, write_files

CARD = "README.md"
DATA_DIR = "data"
#: The config that ``load_dataset(folder)`` loads when no config name is given.
DEFAULT_CONFIG = "claims"
#: The card's hand-kept text beside this module, with a ``{{placeholder}}`` for each value of the package.
CARD_TEMPLATE = "card.md"
_PLACEHOLDER = re.compile(r"\{\{([a-z]+)\}\}")
# A URL that can be a link as it is: no space, quote, angle bracket or backtick to break out of one.
_URL = re.compile(r"https?://[^\s<>\"'`\\]+")


def feature(field: dict[str, Any]) -> dict[str, Any]:
    """The ``dataset_info`` feature of one Table Schema field.

    Example
    -------
    >>> feature({"name": "k", "constraints": {"enum": ["a", "b"]}})
    {'name': 'k', 'dtype': {'class_label': {'names': {'0': 'a', '1': 'b'}}}}
    """
    values = categories(field)
    if values is None:
        return {"name": field["name"], "dtype": TYPES[field["type"]].datasets}
    return {"name": field["name"], "dtype": {"class_label": {"names": {str(i): str(v) for i, v in enumerate(values)}}}}


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
    labels = ["n<1K", "1K<n<10K", "10K<n<100K", "100K<n<1M", "1M<n<10M"]  # below 10**3, 10**4 …
    return next((label for power, label in enumerate(labels, 3) if rows < 10**power), "10M<n<100M")


def front_matter(ds: Any, tables: dict[str, Any]) -> dict[str, Any]:
    """The card's YAML metadata: licence, configs and ``dataset_info``."""
    schemas = {**{name: ds.schemas[name] for name in ds.tables}, TEXTS: TEXTS_SCHEMA}
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
    """The Markdown body of the dataset card; every value from the package is escaped text or a code span.

    Its prose is kept in ``card.md`` beside this module; the citation blocks
    are what ``cite --format bibtex`` and ``cite`` print, from the same function.
    """
    descriptor = ds.descriptor
    schemas = {**{name: ds.schemas[name] for name in ds.tables}, TEXTS: TEXTS_SCHEMA}
    licences = [
        f"{_text(lic.get('title', lic.get('name', '')))} ({_link(lic.get('path', ''))})"
        for lic in descriptor.get("licenses", [])
    ]
    text_licences = sorted({lic.get("title", "") for r in descriptor.get("resources", []) if r.get("type") == "text"
                            for lic in r.get("licenses", [])})  # fmt: skip
    structure = [
        f"| {markdown_code(name, in_table=True)} | {table.num_rows} | "
        f"{markdown_prose(schemas[name].get('description', ''), line_start=False, in_table=True)} |"
        for name, table in tables.items()
    ]
    for name in tables:
        structure += ["", f"### {markdown_code(name)}", "", *_columns_md(schemas[name])]
    values = {
        "title": _text(ds.title),
        "description": markdown_prose(descriptor.get("description", "")),
        "name": markdown_code(ds.name),
        "version": _text(ds.version),
        "languages": ", ".join(map(_text, front_matter_languages(ds))) or "not given",
        "licenses": "; ".join(licences),
        "sources": [
            f"- {_text(s.get('title', ''))} {_link(s.get('path', ''), '<>')}" for s in descriptor.get("sources", [])
        ],
        "structure": structure,
        "producers": [
            f"- {_text(c.get('title', ''))}: {', '.join(map(_text, c.get('roles', [])))}"
            for c in descriptor.get("contributors", [])
        ],
        "licensing": [f"- {lic}" for lic in licences]
        + [f"- Document texts (`texts` config): {_text(t)}" for t in text_licences if t],
        "bibtex": "\n".join(markdown_fence(cite(ds.descriptor, "bibtex").rstrip("\n"), "bibtex")),
        "text": "\n".join(markdown_fence(cite(ds.descriptor, "text").rstrip("\n"), "text")),
    }
    template = (resources.files(__package__) / CARD_TEMPLATE).read_text("utf-8").split("-->\n", 1)[1]
    shown = {k: v if isinstance(v, str) else "".join(line + "\n" for line in v) for k, v in values.items()}
    return _PLACEHOLDER.sub(lambda found: shown[found[1]], template)


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
