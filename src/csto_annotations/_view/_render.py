"""Render a dataset as one self-contained HTML page, and write it atomically.

The page's size grows linearly with the dataset: each segment of text is
emitted once with a bounded set of classes, and each annotation's extent is
one entry of a JSON data block that the page's script reads. Everything taken
from the data is escaped: Jinja2 autoescapes the HTML, and :func:`script_json`
escapes the JSON so that no value can close its ``<script>`` element. The
Content-Security-Policy admits only the page's own inline style and script,
by hash, and no request of any kind.

Example
-------
>>> import csto_annotations
>>> page = render_page(csto_annotations.load())
>>> page.startswith("<!DOCTYPE html>") and page.count('<span class="seg') > 100
True
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .._atomic import atomic_write_text
from .._base import _limits
from .._base._errors import DatasetError, LimitError
from .._cite import cite
from .._outputs import import_optional
from .._tables import Tables
from ._document import article
from ._palette import ENTITY_COLOURS, PALETTE
from ._panel import FILTERS, claim_views, entity_views, options
from ._segments import LANES
from ._tables import Lookup

# What may not appear raw inside a <script> element's JSON: "<" and ">" could
# close the element or open "<!--", "&" keeps the text free of entities, and
# U+2028/U+2029 end a line in older JavaScript parsers.
_SCRIPT_ESCAPES = {ord(c): f"\\u{ord(c):04x}" for c in "<>&\u2028\u2029"}


def script_json(value: Any) -> str:
    """``value`` as JSON that is safe inside ``<script type="application/json">``.

    Example
    -------
    >>> script_json({"name": "</script><!--\\u2028"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003c!--\\\\u2028"}'
    """
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)


def _csp_source(code: str) -> str:
    """The Content-Security-Policy source that admits exactly this inline code."""
    import base64
    import hashlib

    return "sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii")


def _context(dataset: Tables) -> dict[str, Any]:
    """Everything the templates render."""
    look = Lookup(dataset)
    claims = dataset.tables["claims"]
    documents, extents = article(look)
    entities = entity_views(look)
    citation = cite(dataset.descriptor, "text")
    return {
        "dataset": {"name": dataset.name, "title": dataset.title, "version": dataset.version, "citation": citation},
        "documents": documents,
        "claims": claim_views(look),
        "entities": entities,
        "counts": {kind: len(rows) for kind, rows in look.rows.items()} | {"entity": len(look.entities)},
        "palette": PALETTE,
        "entity_colours": ENTITY_COLOURS,
        "legend_types": [t for t in ENTITY_COLOURS if any(e["colour_type"] == t for e in entities)],
        "lanes": range(LANES),
        # A filter of an optional column the package leaves out is not offered.
        "filters": [(column, label, options(claims, column)) for column, label in FILTERS if column in claims],
        "data": script_json({"entities": {e["entity_id"]: [e["name"], e["colour_type"]] for e in entities}, **extents}),
    }


def check_size(page: str, limit: int) -> bytes:
    """Encode ``page``; refuse it when it exceeds ``limit`` bytes.

    Example
    -------
    >>> check_size("abc", 3)
    b'abc'
    >>> check_size("abcd", 3)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    csto_annotations._base._errors.LimitError: the viewer page would be 4 bytes, more than the limit of 3 ...
    """
    data = page.encode("utf-8")
    if len(data) > limit:
        raise LimitError(
            f"the viewer page would be {len(data)} bytes, more than the limit of {limit} (MAX_VIEWER_BYTES, "
            "docs/security.md); nothing was written. View a smaller package, or select fewer rows before rendering."
        )
    return data


def render_page(dataset: Tables) -> str:
    """Return the annotated article(s) of ``dataset`` as one self-contained HTML page.

    Parameters
    ----------
    dataset : Dataset
        A dataset loaded with all its tables.

    Returns
    -------
    str
        The page: inline CSS, JavaScript and JSON data, no external resources.

    Raises
    ------
    OptionalDependencyError
        When Jinja2 is not installed.
    LimitError
        When the page would exceed ``MAX_VIEWER_BYTES``.
    DatasetError
        When a table or column the page reads was not loaded.

    Example
    -------
    >>> import csto_annotations
    >>> page = render_page(csto_annotations.load())
    >>> page.count('<script type="application/json" id="viewer-data">')
    1
    """
    jinja2 = import_optional("jinja2", "view", "The viewer needs Jinja2")
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    environment.loader = jinja2.PackageLoader(__package__)  # templates/, shipped inside the package
    context = _context(dataset)
    from markupsafe import Markup

    css = environment.get_template("viewer.css.j2").render(**context)
    js = environment.loader.get_source(environment, "viewer.js")[0]  # the script as it is, not a template
    # Markup: the style, script and escaped JSON are the package's own output,
    # not raw data; the hashes make the browser refuse any other inline code.
    page: str = environment.get_template("viewer.html.j2").render(
        **{**context, "data": Markup(context["data"])},
        css=Markup(css),
        js=Markup(js),
        style_hash=_csp_source(css),
        script_hash=_csp_source(js),
    )
    check_size(page, _limits.MAX_VIEWER_BYTES)
    return page


def write_page(dataset: Tables, out: Path) -> Path:
    """Render ``dataset`` and write the page to ``out`` atomically.

    Nothing is written when rendering fails or the page exceeds
    ``MAX_VIEWER_BYTES``.

    Parameters
    ----------
    dataset : Dataset
        The dataset to show.
    out : pathlib.Path
        The HTML file to create or replace; its directory must exist.

    Returns
    -------
    pathlib.Path
        ``out``.

    Example
    -------
    >>> import tempfile, pathlib, csto_annotations
    >>> out = write_page(csto_annotations.load(), pathlib.Path(tempfile.mkdtemp()) / "view.html")
    >>> out.read_text("utf-8").count("</html>")
    1
    """
    path = Path(out)
    if not path.parent.is_dir():
        raise DatasetError(f"{path}: the directory {path.parent} does not exist or is not a directory; create it or "
                           "choose another --out.")  # fmt: skip
    page = render_page(dataset)
    try:
        atomic_write_text(path, page)
    except OSError as error:
        raise DatasetError(
            f"{path}: cannot write the page ({error.strerror or error}); choose another --out."
        ) from None
    return path
