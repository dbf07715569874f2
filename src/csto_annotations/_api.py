"""The public API: :func:`load`, :func:`validate` and the :class:`Dataset` they return.

The path of ``load()``, in order: :func:`~._reader._sources.resolve_source`
finds or downloads the package; :func:`~._reader._package.read_package` checks
the descriptor against the closed profile, keeps every path inside the root
and verifies every file's hash, schemas included; :func:`~._engine._run.check`
types the tables and runs the rules of the chosen level; the tables become a
:class:`Dataset`. ``validate`` takes the same path with ``verify="full"`` and
returns every problem instead of raising the first. A refused package that
this call downloaded is removed from the cache (:func:`~._reader._sources.discard`).

Example
-------
>>> ds = load()
>>> ds.verify, ds.claims.dtypes["claim_type"].categories.tolist()
('hashes', ['event', 'state', 'assessment', 'forecast'])
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ._base._errors import DatasetError, IntegrityError, SourceError, UnknownRecordError, ValidationFailed
from ._base._limits import DEFAULT_DOWNLOAD_DEADLINE, DEFAULT_MAX_DOWNLOAD_BYTES
from ._base._text import printable
from ._engine._report import Problem, Report
from ._engine._run import LEVELS, check
from ._reader._download import allowed_hosts
from ._reader._package import read_package
from ._reader._releases import withdrawn_record
from ._reader._sources import Resolved, discard, resolve_source
from ._tables import Tables

Source = str | os.PathLike[str] | None


class Dataset(Tables):
    """Typed tables of one package, with citation, export and viewer methods.

    See :class:`csto_annotations._tables.Tables` for the tables, texts and
    metadata; the methods below hand the dataset to the output layer.

    Example
    -------
    >>> ds = load()
    >>> ds.version == ds.descriptor["version"]
    True
    """

    def cite(self, format: str = "text") -> str:
        """Return the citation of this version in ``format`` (see ``cite --help``)."""
        from ._cite import cite

        return cite(self.descriptor, format)

    def cite_claim(self, claim_id: str) -> str:
        """Provenance of one claim: speaker → outlet and date → article → dataset version.

        A withdrawn claim raises :class:`UnknownRecordError` saying when and why it
        was withdrawn, and which release has it.

        Example
        -------
        >>> try:
        ...     load().cite_claim("CL-0001")
        ... except UnknownRecordError as error:
        ...     print(str(error)[:45])
        claims CL-0001 was withdrawn in release 2.0.0
        """
        return self._traced(claim_id, "claims")

    def cite_quote(self, quote_id: str) -> str:
        """Provenance of one quote, like :meth:`cite_claim`."""
        return self._traced(quote_id, "quotes")

    def _traced(self, record_id: str, table: str) -> str:
        from ._cite import cite_claim, cite_quote

        try:
            return (cite_claim if table == "claims" else cite_quote)(self, record_id)
        except UnknownRecordError:
            history = withdrawn_record(record_id, self.version, table)
            if history is None:
                raise
            raise UnknownRecordError(f"{history} It is not in {self.name} {self.version}.") from None

    def export(self, format: str, out_dir: str | os.PathLike[str]) -> list[Path]:
        """Write the tables in ``format`` into ``out_dir``; return the files written.

        Formats: see :data:`csto_annotations._export.FORMATS` and ``docs/formats.md``.
        """
        from ._export import export

        return export(self, format, Path(out_dir))

    def to_duckdb(self, connection: Any = None, *, parquet_dir: str | os.PathLike[str] | None = None) -> Any:
        """A DuckDB connection with one table per dataset table, typed from the schemas, and ``texts``.

        With ``parquet_dir`` (written by ``export("parquet", DIR)``) they are views over those files.
        """
        from ._export import to_duckdb

        return to_duckdb(self, connection, parquet_dir=None if parquet_dir is None else Path(parquet_dir))

    def view(self, out: str | os.PathLike[str]) -> Path:
        """Write the annotated article as one self-contained HTML page."""
        from ._view import write_page

        return write_page(self, Path(out))


def _level(verify: str | None, pinned: bool) -> str:
    if verify is None:
        return "hashes" if pinned else "full"
    if verify not in LEVELS:
        raise SourceError(f"verify={verify!r}: expected one of {', '.join(LEVELS)} (or None for the default).")
    return verify


def load(
    source: Source = None,
    *,
    version: str | None = None,
    tables: Iterable[str] | str | None = None,
    verify: str | None = None,
    known_hash: str | None = None,
    max_download_bytes: int = DEFAULT_MAX_DOWNLOAD_BYTES,
    download_deadline: float = DEFAULT_DOWNLOAD_DEADLINE,
    allow_redirects_to: Iterable[str] = (),
) -> Dataset:
    """Load the dataset as typed pandas DataFrames.

    Parameters
    ----------
    source : str, PathLike or None
        ``None`` for the copy bundled with the package; a directory or its
        ``datapackage.json``; a ``.zip`` release archive; or an ``http(s)`` URL
        of either (downloaded once into the download cache).
    version : str, optional
        Load exactly this release from the registry ``releases.json``.
    tables : iterable of str, optional
        Return only these tables (default: all).
    verify : {"full", "hashes"}, optional
        ``"full"`` runs every rule; ``"hashes"`` verifies the hashes and parses
        the types only. Default: ``"hashes"`` for the bundled copy and every
        registered release, by version or found by its descriptor's sha256 in
        an archive, folder or URL (validated when released); ``"full"`` for
        everything else. ``"hashes"`` on any other source runs no rule, and
        the outputs refuse the dataset it returns (``Dataset.checked``).
    known_hash : str, optional
        ``sha256:<hex>`` of the archive, or of ``datapackage.json``, that
        ``source`` must be; checked on every load.
    max_download_bytes : int
        Size cap of all the downloads of this load together (default 512 MiB).
    download_deadline : float
        Seconds all the downloads of this load may take together (default 300).
    allow_redirects_to : iterable of str
        Hosts (``host`` or ``host:port``) a download may be redirected to;
        by default a redirect must stay on the URL's own scheme and host.

    Returns
    -------
    Dataset

    Raises
    ------
    DatasetError
        Or a subclass; the message names the file, row, column or key.

    Example
    -------
    >>> ds = load(tables=["claims"], verify="full")
    >>> list(ds.tables), str(ds.claims["claim_id"].dtype)
    (['claims'], 'string')
    """
    wanted = None if tables is None else [tables] if isinstance(tables, str) else list(tables)
    resolved = resolve_source(
        source, version=version, known_hash=known_hash, max_bytes=max_download_bytes, deadline=download_deadline,
        allow_redirects_to=allowed_hosts(allow_redirects_to),  # checked even when nothing is downloaded
    )  # fmt: skip
    try:
        return _load(resolved, wanted, verify)
    except DatasetError:
        discard(resolved)  # nothing of a refused load stays in the cache
        raise


def _load(resolved: Resolved, wanted: list[str] | None, verify: str | None) -> Dataset:
    """The Dataset of a resolved source: read, verify, check, type."""
    # Only a pinned source is read in part (at "hashes"); a registered release found by its
    # descriptor's sha256 is pinned too, which the reader can tell only once it has read it.
    read = None if wanted is None or _level(verify, resolved.pinned) == "full" else sorted({*wanted, "documents"})
    package = read_package(resolved.root, tables=read)
    pinned = resolved.pinned or package.release is not None
    level = _level(verify, pinned)
    unknown = sorted(set(wanted or ()) - set(package.table_names))
    if unknown:
        raise DatasetError(
            f"{package.descriptor_path}: no table named {unknown}; the tables are {package.table_names}."
        )
    if resolved.version is not None and package.version != resolved.version:
        raise IntegrityError(f"{package.descriptor_path}: the registry lists this archive as version "
                           f"{resolved.version}, but it says {printable(package.version)}.")  # fmt: skip
    result = check(package, level)
    errors = [p for p in result.problems if p.severity == "error"]
    if errors:
        more = f"\n  … and {len(errors) - 10} more" if len(errors) > 10 else ""
        raise ValidationFailed(
            f"{printable(package.descriptor_path)}: the package breaks {len(errors)} rule(s); run `python -m "
            "csto_annotations validate SOURCE` for the full list.\n" + "\n".join(f"  {p}" for p in errors[:10]) + more,
            problems=errors,
        )
    frames = {n: f for n, f in result.frames.items() if wanted is None or n in wanted}
    return Dataset(package.descriptor, package.schemas, frames, result.texts, root=package.root, verify=level,
                   descriptor_sha256=package.descriptor_sha256, checked=pinned or level == "full")  # fmt: skip


def validate(source: Source = None, *, version: str | None = None, known_hash: str | None = None,
             peer: bool = False) -> Report:  # fmt: skip
    """Check a package with every rule and return all problems found.

    The same engine as ``load(verify="full")``: a package is valid exactly
    when that load succeeds. A package the reader refuses (descriptor, paths,
    hashes) gives one problem.

    Parameters
    ----------
    source, version, known_hash
        As for :func:`load`.
    peer : bool, default False
        Also run frictionless, the reference implementation, on the checked
        descriptor and add its findings (``validate --frictionless``).

    Returns
    -------
    Report

    Raises
    ------
    LimitError
        With ``peer=True``, when frictionless does not finish within
        ``PEER_DEADLINE`` seconds (it runs in a child process, which is stopped).

    Example
    -------
    >>> validate().valid
    True
    """
    resolved = None
    try:
        resolved = resolve_source(source, version=version, known_hash=known_hash)
        package = read_package(resolved.root)
        problems = check(package, "full").problems
    except DatasetError as error:
        if resolved is not None:
            discard(resolved)
        # A source that could not be read is named as the caller gave it; a refusal by the reader is one problem.
        named = str(source) if source is not None else (f"release {version}" if version else "bundled copy")
        found = error.problems if isinstance(error, ValidationFailed) else []
        problem = Problem(error.resource or "datapackage.json", None, None, f"{type(error).__name__}: {error}")
        return Report(named, found or [problem])
    if peer and any(p.severity == "error" for p in problems):
        # frictionless runs patterns in Python's backtracking ``re``: it only sees packages the engine accepts.
        problems.append(Problem("datapackage.json", None, None, "frictionless was not run: the engine found errors "
                                "above; fix them first.", severity="warning"))  # fmt: skip
    elif peer:
        from ._peer import frictionless_problems

        problems += frictionless_problems(package.root)
    report = Report(str(resolved.root), problems)
    if not report.valid:
        discard(resolved)
    return report


def cite(format: str = "text", source: Source = None) -> str:
    """Return the citation of the bundled dataset version, or of ``source``, in ``format``.

    Example
    -------
    >>> "version" in cite()
    True
    """
    return load(source, tables=[]).cite(format)
