"""The release registry, ``releases.json``, and the list of withdrawn records, ``withdrawn.json``.

Both files ship inside the package, never on the user's machine, so what they
say is published by this package. A registry entry pins one release:

===================  =========================================================
key                  what it is
===================  =========================================================
``version``          the dataset version
``file``             the archive's file name
``sha256``           the archive's sha256
``descriptor_sha256``  the sha256 of its ``datapackage.json``: a package whose
                     descriptor has these bytes *is* that release, however it
                     arrived (archive, unpacked folder, URL, version)
``schema_sha256``    Table Schema path → sha256, only for releases whose
                     descriptor records no schema hash (1.0.0)
``codebook``         the edition of the codebook whose rules it was checked by
``urls``             public URLs of the archive, tried in order under the
                     hash pin; empty until the release is published
===================  =========================================================

Example
-------
>>> [entry["version"] for entry in releases()][:2]
['1.0.0', '2.0.0']
>>> release_for_descriptor(b"{}") is None
True
"""

from __future__ import annotations

import hashlib
import re
from importlib import resources
from pathlib import Path
from typing import Any

from .._base._errors import DescriptorError, UnknownVersionError
from ._json import parse_json

_HEX = re.compile(r"[0-9a-f]{64}")
_ENTRY_KEYS = {"version", "file", "sha256", "descriptor_sha256", "codebook", "urls", "schema_sha256"}


def registry_path() -> Path:
    """Return the release registry shipped in the package (never a file the user's machine names).

    Example
    -------
    >>> registry_path().name
    'releases.json'
    """
    return Path(str(resources.files("csto_annotations") / "releases.json"))


def _packaged(path: Path) -> Any:
    return parse_json(path.read_bytes(), f"csto_annotations/{path.name}")


def releases() -> tuple[dict[str, Any], ...]:
    """Return the registered releases, oldest first.

    Example
    -------
    >>> releases()[0]["codebook"]
    1
    """
    where = "csto_annotations/releases.json"
    registry = _packaged(registry_path())
    if not isinstance(registry, dict) or not isinstance(registry.get("releases"), list):
        raise DescriptorError(f"{where}: expected an object with a 'releases' list; reinstall csto-annotations.")
    for entry in registry["releases"]:
        if not isinstance(entry, dict) or not _ENTRY_KEYS - {"schema_sha256"} <= set(entry) <= _ENTRY_KEYS:
            raise DescriptorError(f"{where}: every release needs exactly {sorted(_ENTRY_KEYS)} (schema_sha256 "
                                  "optional); reinstall csto-annotations.")  # fmt: skip
        hashes = [entry["sha256"], entry["descriptor_sha256"], *entry.get("schema_sha256", {}).values()]
        if not all(isinstance(h, str) and _HEX.fullmatch(h) for h in hashes) or not isinstance(entry["urls"], list):
            raise DescriptorError(f"{where}: release {entry['version']!r} has a malformed hash or url list.")
    return tuple(registry["releases"])


def release(version: str) -> dict[str, Any]:
    """Return the registry entry of ``version``.

    Raises
    ------
    UnknownVersionError
        The registry does not list ``version``.

    Example
    -------
    >>> try:
    ...     release("0.0.0-never")
    ... except UnknownVersionError as error:
    ...     "releases.json" in str(error)
    True
    """
    entry = next((e for e in releases() if e["version"] == version), None)
    if entry is None:
        known = ", ".join(e["version"] for e in releases()) or "none"
        raise UnknownVersionError(
            f"releases.json: version {version!r} is not a known release (known: {known}). Upgrade "
            "csto-annotations for newer releases, or pass the archive's path or URL as source."
        )
    return entry


def release_for_descriptor(data: bytes) -> dict[str, Any] | None:
    """Return the registered release whose ``datapackage.json`` is exactly ``data``, if any.

    Example
    -------
    >>> import json
    >>> from csto_annotations._base._paths import bundled_root
    >>> descriptor = (bundled_root() / "datapackage.json").read_bytes()
    >>> entry = release_for_descriptor(descriptor)  # the bundled copy, when released, is its own version's release
    >>> entry is None or entry["version"] == json.loads(descriptor)["version"]
    True
    """
    digest = hashlib.sha256(data).hexdigest()
    return next((e for e in releases() if e["descriptor_sha256"] == digest), None)


def _semver(version: str) -> tuple[int, ...]:
    """A sortable key: major, minor, patch, then 0 for a pre-release (which comes before its release)."""
    core = version.split("+")[0]
    numbers = [int(part) for part in re.findall(r"\d+", core.split("-")[0])[:3]]
    return (*numbers, *[0] * (3 - len(numbers)), 0 if "-" in core else 1)


def withdrawn_record(record_id: str, version: str, table: str | None = None) -> str | None:
    """Say when and why ``record_id`` of ``table`` was withdrawn, if it was by ``version``, and which release has it.

    ``withdrawn.json`` is the one list of withdrawn records; the release that
    still has one is the latest registered release before its withdrawal.

    Example
    -------
    >>> print(withdrawn_record("CL-0001", "2.0.0"))  # doctest: +ELLIPSIS
    claims CL-0001 was withdrawn in release 2.0.0: ... Release 1.0.0 has it: ...
    >>> withdrawn_record("CL-0001", "1.0.0"), withdrawn_record("CL-0001", "2.0.0", "quotes")
    (None, None)
    """
    listed = _packaged(registry_path().with_name("withdrawn.json"))["withdrawn"]
    entry = next((e for e in listed if e["id"] == record_id and table in (None, e["table"])), None)
    if entry is None or _semver(version) < _semver(entry["withdrawn_in"]):
        return None
    earlier = [e["version"] for e in releases() if _semver(e["version"]) < _semver(entry["withdrawn_in"])]
    last = max(earlier, key=_semver, default=None)
    flag = {"claims": "--claim", "quotes": "--quote"}.get(entry["table"])
    command = f", or `python -m csto_annotations cite {last} {flag} {record_id}`" if last and flag else ""
    where = f"Release {last} has it: load(version={last!r}){command}." if last else ""
    return f"{entry['table']} {record_id} was withdrawn in release {entry['withdrawn_in']}: {entry['reason']}. {where}".strip()
