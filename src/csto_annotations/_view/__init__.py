"""The annotated-article viewer: one self-contained HTML page.

``render_page(ds)`` returns the page; ``write_page(ds, out)`` writes it
atomically. Both need Jinja2 (the ``view`` extra). The page's size grows
linearly with the dataset and is capped by ``MAX_VIEWER_BYTES``.

Example
-------
>>> from csto_annotations._view import render_page, write_page
>>> callable(render_page) and callable(write_page)
True
"""

from __future__ import annotations

from ._render import render_page, write_page

__all__ = ["render_page", "write_page"]
