"""Maintainer tools of csto-annotations: not part of the installed package.

``scale`` (synthetic packages N times the real one), ``benchmark`` and
``benchmark_report`` (``docs/benchmarks.md``), ``release`` (reproducible
archives and ``releases.json``, with ``datacard``, the archive's dataset card),
``croissant`` (``croissant.json``, written by ``scripts/metadata.py``),
``agreement`` (inter-annotator agreement), ``schemadocs`` (``docs/tables.md``)
and ``sentences`` (sentence splitting for the coverage tests). The ``scripts/`` entry points import them from a
checkout; pytest imports them because ``pythonpath`` holds the repository root.
"""
