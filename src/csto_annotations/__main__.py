"""``python -m csto_annotations``: see :mod:`csto_annotations._cli`."""

from ._cli import main

raise SystemExit(main())
