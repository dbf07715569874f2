"""``python -m csto_annotations``: see :mod:`csto_annotations.cli`."""

from .cli import main

raise SystemExit(main())
