"""What changed between two releases, and the version bump it requires.

``compare(old_ds, new_ds)`` takes two loaded datasets (the caller loads
them) and returns a :class:`Diff`; ``markdown(diff)`` renders it as a
CHANGELOG.md section and ``text(diff)`` as plain lines, both with control
characters escaped.

Example
-------
>>> import csto_annotations
>>> from csto_annotations._diff import compare, text
>>> ds = csto_annotations.load()
>>> text(compare(ds, ds)).endswith("declared NONE (ok)\\n")
True
"""

from __future__ import annotations

from ._compare import Diff, TableDiff, compare, declared_bump
from ._report import markdown, text
from ._schemas import Bump, SchemaChange

__all__ = ["Bump", "Diff", "SchemaChange", "TableDiff", "compare", "declared_bump", "markdown", "text"]
