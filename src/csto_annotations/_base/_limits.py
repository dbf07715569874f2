"""Every limit the package enforces on its input, in one place.

Each limit protects the reader against a hostile or broken package; each is
listed, with what it protects, in ``docs/security.md``. Download limits can be
changed per call (``load(max_download_bytes=..., download_deadline=...)``);
the others are fixed, because the released data is far below them.

Example
-------
>>> from csto_annotations._base._limits import MAX_FIELDS
>>> MAX_FIELDS
256
"""

from __future__ import annotations

#: Largest ``datapackage.json`` or Table Schema file, in bytes.
MAX_JSON_BYTES = 16 * 1024 * 1024
#: Deepest nesting of objects and arrays in a JSON file.
MAX_JSON_DEPTH = 32
#: Most digits in a JSON integer (Python refuses more than 4,300 to convert).
MAX_JSON_INT_DIGITS = 20
#: Longest package or resource ``name``, in characters.
MAX_NAME_CHARS = 100
#: Most resources in one descriptor.
MAX_RESOURCES = 100_000
#: Most fields in one Table Schema.
MAX_FIELDS = 256
#: Longest regular-expression ``pattern`` in a schema, in characters.
MAX_PATTERN_CHARS = 1_000
#: Largest single file a package may hold, in bytes.
MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024
#: Longest single cell, in code points.
MAX_CELL_CHARS = 100_000
#: Most entries in a zip archive.
MAX_ZIP_ENTRIES = 10_000
#: Largest total uncompressed size of a zip archive, in bytes.
MAX_ZIP_BYTES = 1024 * 1024 * 1024
#: Largest ratio of uncompressed to compressed size for one zip entry.
MAX_ZIP_RATIO = 200
#: Longest zip entry name, in characters.
MAX_ZIP_NAME_CHARS = 255
#: Default size cap of all the downloads of one load together, in bytes (``load(max_download_bytes=...)``).
DEFAULT_MAX_DOWNLOAD_BYTES = 512 * 1024 * 1024
#: Default deadline of all the downloads of one load together, in seconds (``load(download_deadline=...)``).
DEFAULT_DOWNLOAD_DEADLINE = 300.0
#: Longest file or folder name in a downloaded path, in UTF-8 bytes (file systems' NAME_MAX).
MAX_PATH_COMPONENT_BYTES = 255
#: Seconds to wait for the first byte of a reply, and between two reads.
READ_TIMEOUT = 30.0
#: Most HTTP redirects one download follows (each to the same scheme, host and port
#: unless the caller allows another host); a longer chain or a loop is refused.
MAX_REDIRECTS = 5
#: Seconds frictionless may take in ``validate --frictionless`` before its child process is stopped
#: (it runs patterns in Python's backtracking ``re``; the largest benchmark, 231,045 rows, takes 5 s).
PEER_DEADLINE = 120.0
#: Largest HTML page the viewer writes, in bytes.
MAX_VIEWER_BYTES = 64 * 1024 * 1024
