"""Render the dataset card, the ``README.md`` of every release archive.

The card follows the sections of *Datasheets for Datasets* (Gebru et al.):
Motivation, Composition, Collection process, Annotation, Uses, Distribution
and Maintenance. Its prose is kept by hand in ``tools/datacard.md``; every
``{{placeholder}}`` in it is filled from the package being released: the
descriptor's metadata, each table's row count and Table Schema, the archive's
files and sizes, the CHANGELOG section of the version, and the agreement
tables of ``docs/annotation-report.md``. The same inputs give the same card,
byte for byte, so the archive stays reproducible.

A placeholder the template names but this module does not fill, or the
reverse, raises :class:`CardError`, as does a missing CHANGELOG section or
agreement table: the card never ships with a hole in it.

Example
-------
>>> fill("# {{title}}\\n", {"title": "T"})
'# T\\n'
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from csto_annotations._base._errors import DatasetError
from csto_annotations._markdown import markdown_code, markdown_fence, markdown_prose, markdown_text

#: The hand-kept text of the card.
TEMPLATE = Path(__file__).resolve().with_name("datacard.md")
_PLACEHOLDER = re.compile(r"\{\{([a-z_]+)\}\}")
# A URL that can stand in angle brackets as it is: nothing in it ends them or opens markup.
_URL = re.compile(r"https?://[^\s<>\"'`\\]+")


class CardError(DatasetError):
    """The dataset card cannot be rendered; the message says what to fix.

    Example
    -------
    >>> isinstance(CardError("x"), DatasetError)
    True
    """


def fill(template: str, values: dict[str, str]) -> str:
    """Replace every ``{{key}}`` in ``template``; a leading HTML comment (the template's own note) is dropped.

    Raises
    ------
    CardError
        The template names a placeholder ``values`` lacks, or ``values`` holds one the template never names.

    Examples
    --------
    >>> fill("<!-- note -->\\nA {{x}}.", {"x": "b"})
    'A b.'
    >>> fill("A {{y}}.", {"x": "b"})
    Traceback (most recent call last):
    ...
    tools.datacard.CardError: dataset card template: unknown placeholder(s) {{y}}; unused value(s) {{x}}
    """
    text = re.sub(r"\A<!--.*?-->\n", "", template, flags=re.DOTALL)
    named = set(_PLACEHOLDER.findall(text))
    unknown, unused = sorted(named - set(values)), sorted(set(values) - named)
    if unknown or unused:
        raise CardError(
            "dataset card template: "
            + "; ".join(
                part
                for part in (
                    "unknown placeholder(s) " + ", ".join(f"{{{{{k}}}}}" for k in unknown) if unknown else "",
                    "unused value(s) " + ", ".join(f"{{{{{k}}}}}" for k in unused) if unused else "",
                )
                if part
            )
        )
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def passage(selector: str, values: dict[str, str], template: str | None = None) -> str:
    """One passage of the card's hand-kept text, as plain text on one line, for other metadata files.

    ``selector`` is a section heading (``"## Collection process"``: the whole
    section) or the bold or italic lead-in of a paragraph (``"**Funding.**"``:
    that paragraph, without its lead-in). Placeholders are filled from
    ``values``; emphasis markers are dropped and white space is collapsed.

    Raises
    ------
    CardError
        No passage matches ``selector``, or it names a placeholder ``values`` lacks.

    Examples
    --------
    >>> passage("**Funding.**", {}, "# {{title}}\\n\\n**Funding.** None\\nrecorded.\\n")
    'None recorded.'
    >>> passage("## Source", {"src": "x"}, "## Source\\n\\nFrom *this*:\\n\\n{{src}}\\n\\n## Next\\n")
    'From this: x'
    """
    text = re.sub(r"\A<!--.*?-->\n", "", TEMPLATE.read_text("utf-8") if template is None else template, flags=re.DOTALL)
    if selector.startswith("## "):
        match = re.search(rf"^{re.escape(selector)}\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
        found = match.group(1) if match else None
    else:
        paragraph = next((p for p in re.split(r"\n\s*\n", text) if p.startswith(selector)), None)
        found = paragraph.removeprefix(selector) if paragraph is not None else None
    if found is None or not found.strip():
        raise CardError(f"{TEMPLATE.name}: no passage {selector!r}; restore it or change the caller's selector.")
    missing = sorted(set(_PLACEHOLDER.findall(found)) - set(values))
    if missing:
        raise CardError(
            f"{TEMPLATE.name}: passage {selector!r} names {{{{{missing[0]}}}}}, which this file cannot fill."
        )
    filled = _PLACEHOLDER.sub(lambda m: values[m.group(1)], found)
    return " ".join(re.sub(r"\*\*?([^*]+?)\*\*?", r"\1", filled).split())


def changelog_section(text: str, version: str) -> str:
    """The body of the ``## [<version>]`` section of a Keep-a-Changelog text, its headings one level down.

    Example
    -------
    >>> changelog_section("# C\\n\\n## [2.0.0] - x\\n\\nNew.\\n\\n### Added\\n- a\\n\\n## [1.0.0]\\nOld.\\n", "2.0.0")
    'New.\\n\\n#### Added\\n- a'
    """
    match = re.search(rf"^##\s*\[{re.escape(version)}\][^\n]*\n(.*?)(?=^##\s|\Z)", text, re.MULTILINE | re.DOTALL)
    if match is None or not match.group(1).strip():
        raise CardError(f"CHANGELOG.md: no '## [{version}]' section with text; describe the release and retry.")
    return re.sub(r"^(#{3,5}) ", r"#\1 ", match.group(1).strip(), flags=re.MULTILINE)


def report_block(text: str, key: str) -> str:
    """The generated block ``<!-- agreement:<key>:start -->`` … ``end`` of the annotation report.

    Example
    -------
    >>> report_block("<!-- agreement:spans:start -->\\n| a |\\n<!-- agreement:spans:end -->", "spans")
    '| a |'
    """
    match = re.search(rf"<!-- agreement:{key}:start -->\n(.*?)\n<!-- agreement:{key}:end -->", text, re.DOTALL)
    if match is None:
        raise CardError(
            f"docs/annotation-report.md: no agreement:{key} block; run python scripts/agreement.py and retry."
        )
    return match.group(1).strip()


def _cell(value: object) -> str:
    """A value from the package as one line of Markdown text (a table cell or after other text): never markup."""
    return markdown_text(value, line_start=False)


def _code(value: object) -> str:
    """A name from the package as a code span that can stand in a table cell."""
    return markdown_code(value, in_table=True)


def _link(path: object) -> str:
    """`` <URL>`` for an http(s) URL that cannot break out of its brackets, else a code span; "" for none."""
    if not path:
        return ""
    return f" <{path}>" if isinstance(path, str) and _URL.fullmatch(path) else f" {_code(path)}"


def _tables(ds: Any) -> str:
    resources = {r["name"]: r for r in ds.descriptor["resources"]}
    lines = ["| table | rows | columns | what it holds |", "|---|---|---|---|"]
    for name, frame in ds.tables.items():
        resource = resources[name]
        about = resource.get("description") or resource.get("title", "")
        about = markdown_prose(about, line_start=False, in_table=True)
        lines.append(f"| {_code(name)} | {len(frame):,} | {len(frame.columns)} | {about} |")
    return "\n".join(lines)


def _texts(descriptor: dict[str, Any]) -> str:
    lines = []
    for resource in descriptor["resources"]:
        if resource.get("type") != "text":
            continue
        licences = "; ".join(_cell(lic.get("title") or lic.get("name", "")) for lic in resource.get("licenses", []))
        lines.append(
            f"- {_code(resource['path'])} ({resource['bytes']:,} bytes, {_cell(resource['hash'])}): "
            f"{markdown_prose(resource.get('description', ''), line_start=False)}"
            + (f" Licence: {licences}" if licences else "")
        )
    return "\n".join(lines) or "- (none)"


def _columns(ds: Any) -> str:
    lines = []
    for name, schema in ds.schemas.items():
        fields = ", ".join(f"{_code(f['name'])} ({_cell(f['type'])})" for f in schema["fields"])
        keys = [f"primary key {_code(', '.join(schema['primaryKey']))}"] if schema.get("primaryKey") else []
        for fk in schema.get("foreignKeys", []):
            ref = fk["reference"]
            target = f"{ref.get('resource') or name}.{', '.join(ref['fields'])}"
            keys.append(f"{_code(', '.join(fk['fields']))} → {_code(target)}")
        lines.append(f"- **{_code(name)}** ({'; '.join(keys)}): {fields}.")
    return "\n".join(lines)


def _files(files: dict[str, bytes]) -> str:
    lines = ["| file | bytes |", "|---|---|"]
    lines += [f"| {_code(name)} | {len(data):,} |" for name, data in sorted(files.items())]
    lines += ["| `README.md` | this card |", "| `SHA256SUMS` | the checksums of every other file |"]
    return "\n".join(lines)


def _licenses(descriptor: dict[str, Any]) -> str:
    lines = [
        f"- {_cell(lic.get('title') or lic.get('name', ''))}"
        + (f" ({_code(lic['name'])})" if lic.get("name") and lic.get("title") else "")
        + _link(lic.get("path"))
        for lic in descriptor.get("licenses", [])
    ]
    for resource in descriptor["resources"]:
        for lic in resource.get("licenses", []):
            lines.append(f"- {_code(resource['path'])}: {_cell(lic.get('title') or lic.get('name', ''))}")
    return "\n".join(lines) or "- (none stated)"


def _label_agreement(labels: str) -> str:
    header, rule, *rows = labels.splitlines()
    chosen = [row for row in rows if re.match(r"^\| annotator-\d+ vs annotator-\d+ \|", row)]
    if not chosen:
        raise CardError("docs/annotation-report.md: the agreement:r3-labels block has no annotator-pair rows.")
    return "\n".join([header, rule, *chosen])


def render(ds: Any, files: dict[str, bytes], archive: str, template: str | None = None) -> str:
    """The dataset card of the package ``ds`` (loaded and valid) whose archive holds ``files``.

    Parameters
    ----------
    ds : csto_annotations.Dataset
        The package being released, loaded with ``verify="full"``.
    files : dict of str to bytes
        Every file of the archive but the card and ``SHA256SUMS``, by archive path; ``CHANGELOG.md``
        and ``docs/annotation-report.md`` among them.
    archive : str
        The archive's file name.
    template : str, optional
        The card's hand-kept text (default: ``tools/datacard.md``).

    Returns
    -------
    str
        Markdown, ending in one newline.

    Raises
    ------
    CardError
        A file the card is measured from is missing, or the template and the values do not match.
    """
    from csto_annotations._cite._formats import cite

    for needed in ("CHANGELOG.md", "docs/annotation-report.md"):
        if needed not in files:
            raise CardError(f"{needed}: missing from the archive; the dataset card is measured from it.")
    descriptor = ds.descriptor
    report = files["docs/annotation-report.md"].decode("utf-8")
    values = {
        "title": _cell(descriptor.get("title", ds.name)),
        "name": ds.name,
        "version": ds.version,
        "created": _cell(descriptor.get("created", "(no date recorded)")),
        "description": markdown_prose(descriptor.get("description", "")),
        "archive": archive,
        "contributors": "\n".join(
            f"- {_cell(c.get('title', ''))}: {', '.join(map(_cell, c.get('roles', [])))}"
            for c in descriptor.get("contributors", [])
        )
        or "- (none stated)",
        "tables": _tables(ds),
        "texts": _texts(descriptor),
        "columns": _columns(ds),
        "sources": "\n".join(
            f"- {_cell(s.get('title', ''))}{_link(s.get('path'))}" for s in descriptor.get("sources", [])
        )
        or "- (none stated)",
        "span_agreement": report_block(report, "r3-spans"),
        "label_agreement": _label_agreement(report_block(report, "r3-labels")),
        "licenses": _licenses(descriptor),
        "files": _files(files),
        "citation": "\n".join(markdown_fence(cite(descriptor, "text").strip(), "text")),
        "changelog": changelog_section(files["CHANGELOG.md"].decode("utf-8"), ds.version),
    }
    text = TEMPLATE.read_text("utf-8") if template is None else template
    return fill(text, values).rstrip("\n") + "\n"
