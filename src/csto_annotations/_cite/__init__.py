"""Citations of the dataset and provenance of single records.

``datapackage.json`` is the one source of bibliographic truth for the
dataset and for the article it annotates (see :mod:`._work` for the keys
read). Every format of :func:`cite`, and every metadata file that
``scripts/metadata.py`` writes, is rendered from the one record built from it.

Only :mod:`csto_annotations._base`, :mod:`~csto_annotations._outputs`
(``require``, ``import_optional``), :mod:`~csto_annotations._tables`, the
standard library and (inside the function that writes CFF) PyYAML are
imported here; a provenance chain reads the tables of the Dataset it is
given without importing pandas.

Example
-------
>>> from csto_annotations._cite import FORMATS, cite
>>> FORMATS[:8]
('text', 'bibtex', 'biblatex', 'ris', 'csl-json', 'cff', 'zenodo', 'jsonld')
>>> FORMATS[8:]
('csl-json-version-in-title', 'biblatex-version-in-title', 'bibtex-version-in-title')
>>> cite({"name": "d", "title": "T", "version": "1.0.0"}, "bibtex").splitlines()[0]
'@misc{d-1.0.0,'
"""

from __future__ import annotations

from ._formats import FORMATS, cite
from ._provenance import cite_claim, cite_quote, outlet_phrase

__all__ = ["FORMATS", "cite", "cite_claim", "cite_quote", "outlet_phrase"]
