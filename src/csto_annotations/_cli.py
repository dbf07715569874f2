"""The command line, ``python -m csto_annotations`` or ``csto-annotations``: a plain table of commands.

=========  ==================================================================
command    what it does
=========  ==================================================================
(none)     summary of the bundled dataset, where its files are, what to try
validate   every rule of a package; ``--frictionless`` also runs the peer
info       the summary plus the descriptor's metadata and resources
cite       the citation of the version, or the provenance of a claim or quote
diff       changed records and schemas between two versions, and the bump
export     the tables as parquet, csv, sqlite, spacy, webannotation, brat,
           huggingface, stata or spss
view       the annotated article as one self-contained HTML page
build      fill offsets from exact text and re-measure bytes and hashes
=========  ==================================================================

Exit codes: 0 success; 1 the package is invalid or could not be read, loaded,
built or written; 2 usage error; 3 an unexpected internal error. Every value
printed has its control characters escaped.

Example
-------
>>> main(["validate"])  # doctest: +ELLIPSIS
/...: valid
0
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ._api import Dataset, load, validate
from ._base._errors import DatasetError
from ._base._text import printable
from ._cite import FORMATS as CITE_FORMATS
from ._export import FORMATS as EXPORT_FORMATS

EXIT_CODES = """\
exit codes:
  0  success (for validate: the package is valid; warnings allowed)
  1  the package is invalid, or could not be read, loaded, built or written
  2  usage error (unknown subcommand or bad arguments)
  3  unexpected internal error (please report it)
"""
_SOURCE = "directory, datapackage.json, .zip, URL, or a released version such as 1.0.0 (default: the bundled copy)"
_VERSION = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?")


def _spec(source: str | None) -> dict[str, Any]:
    """``load()``'s arguments for a SOURCE: a released version unless a path of that name exists."""
    try:
        is_path = source is None or not _VERSION.fullmatch(source) or Path(source).exists()
    except OSError:  # exists() hides only "not found": a name too long for the file system names no file
        is_path = False
    return {"source": source} if is_path else {"version": source}


def _say(*lines: object) -> None:
    print("\n".join(printable(line) for line in lines))


def _summary(ds: Dataset) -> list[str]:
    checked = "every rule" if ds.verify == "full" else "sizes and sha256 hashes of every file, schemas included"
    width = max((len(n) for n in ds.tables), default=0)
    tables = [f"  {n:<{width}}  {len(f):>6} rows  {f.shape[1]:>3} columns" for n, f in ds.tables.items()]
    return [
        f"Name:    {ds.name}", f"Title:   {ds.title}", f"Version: {ds.version}", f"Files:   {ds.root}", "",
        "Tables:", *tables, "", f"Checked: {checked} ({len(ds.descriptor['resources'])} resources).", "",
        "Suggested citation:", f"  {ds.cite()}",
    ]  # fmt: skip


def _run_summary(args: argparse.Namespace) -> int:
    _say(*_summary(load()), "", "Try next:",
         "  python -m csto_annotations validate                 # check every rule",
         "  python -m csto_annotations cite --format bibtex     # cite this version",
         "  python -m csto_annotations export --format sqlite --out out/   # open it in your tool")  # fmt: skip
    return 0


def _run_validate(args: argparse.Namespace) -> int:
    report = validate(**_spec(args.source), peer=args.frictionless)
    _say(report)
    return 0 if report.valid else 1


def _run_info(args: argparse.Namespace) -> int:
    ds = load(**_spec(args.source))
    descriptor = ds.descriptor
    licences = ", ".join(str(x.get("name") or x.get("path", "")) for x in descriptor.get("licenses", []))
    resources = [
        f"  {r['name']}: {r['path']} ({r.get('bytes')} bytes, {r.get('hash')})" for r in descriptor["resources"]
    ]
    _say(*_summary(ds), "", f"Created:  {descriptor.get('created', 'unknown')}", f"Licence:  {licences or 'unknown'}",
         "Resources:", *resources)  # fmt: skip
    return 0


def _run_cite(args: argparse.Namespace) -> int:
    ds = load(**_spec(args.source))
    if not (args.claim or args.quote):
        _say(ds.cite(args.format).rstrip("\n"))
        return 0
    if args.format != "text":
        print("error: --claim and --quote print plain text; drop --format", file=sys.stderr)
        return 2
    # Every ID is resolved before anything is printed: an unknown one leaves no partial output.
    _say(*[ds.cite_claim(c) for c in args.claim], *[ds.cite_quote(q) for q in args.quote])
    return 0


def _run_diff(args: argparse.Namespace) -> int:
    from ._diff import Bump, compare, markdown, text

    declared = None if args.declared == "auto" else Bump[args.declared.upper()]
    result = compare(load(**_spec(args.old)), load(**_spec(args.new)), declared)
    sys.stdout.write(printable(markdown(result) if args.format == "markdown" else text(result)))
    if not result.ok:
        print(printable(f"error: the declared bump {result.declared.name} is smaller than the required "
                        f"{result.required.name}; raise the version in datapackage.json as docs/versioning.md "
                        "says."), file=sys.stderr)  # fmt: skip
        return 1
    return 0


def _run_export(args: argparse.Namespace) -> int:
    for path in load(**_spec(args.source)).export(args.format, args.out):
        _say(f"wrote {path}")
    return 0


def _run_view(args: argparse.Namespace) -> int:
    if args.release and args.source:
        print("error: pass a SOURCE or --version, not both", file=sys.stderr)
        return 2
    path = load(**_spec(args.release or args.source)).view(args.out)
    _say(f"wrote {path}")
    if args.open:
        import webbrowser

        if not webbrowser.open(path.resolve().as_uri()):
            print("note: no web browser could be started; open the file yourself")
    return 0


def _run_build(args: argparse.Namespace) -> int:
    from ._build import build

    written = build(args.root)
    _say(*[f"updated {p}" for p in written] or ["nothing to do: offsets, sizes and hashes are up to date"])
    return 0


def _source(parser: argparse.ArgumentParser) -> Any:
    """The optional SOURCE argument most commands take."""
    return parser.add_argument("source", nargs="?", help=_SOURCE)


#: name → (help, arguments, runner): the whole command line.
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], Any], Callable[[argparse.Namespace], int]]] = {
    "validate": ("validate a package: schema, keys, spans and codebook rules", lambda p: (
        _source(p),
        p.add_argument("--frictionless", action="store_true", help="also run frictionless, the reference"),
    ), _run_validate),
    "info": ("describe a package: tables, resources, hashes, citation", _source, _run_info),
    "cite": ("cite the dataset version, or trace a claim or quote to its source", lambda p: (
        _source(p),
        p.add_argument("--format", "-f", choices=CITE_FORMATS, default="text"),
        p.add_argument("--claim", action="append", default=[], metavar="CL-…", help="a claim's provenance"),
        p.add_argument("--quote", action="append", default=[], metavar="QT-…", help="a quote's provenance"),
    ), _run_cite),
    "diff": ("compare two versions: changed records, schema changes, required bump", lambda p: (
        p.add_argument("old", help="the earlier version: path, zip, URL or released version (1.0.0)"),
        p.add_argument("new", help="the later version: path, zip, URL or released version"),
        p.add_argument("--format", "-f", choices=("markdown", "text"), default="markdown"),
        p.add_argument("--declared", choices=("auto", "none", "patch", "minor", "major"), default="auto",
                       help="the bump to check (default: read from the two versions)"),
    ), _run_diff),
    "export": ("write the tables in a format other tools open", lambda p: (
        _source(p),
        p.add_argument("--format", "-f", choices=EXPORT_FORMATS, default="parquet",
                       help="the output format (default: parquet); docs/formats.md describes each"),
        p.add_argument("--out", required=True, type=Path, metavar="DIR", help="output directory (created)"),
    ), _run_export),
    "view": ("write the annotated article as one self-contained HTML page", lambda p: (
        _source(p),
        p.add_argument("--version", dest="release", metavar="VERSION",
                       help="a released version instead (the same as giving it as SOURCE)"),
        p.add_argument("--out", type=Path, default=Path("csto-annotations-view.html"), metavar="FILE"),
        p.add_argument("--open", action="store_true", help="open the page in the default web browser"),
    ), _run_view),
    "build": ("fill offsets from exact text and re-measure bytes and hashes", lambda p: (
        p.add_argument("root", nargs="?", help="package directory (default: the bundled package)")), _run_build),
}  # fmt: skip


class _PrintVersions(argparse.Action):
    """``--version``: the package's version, the bundled dataset's, and the releases it can load."""

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        import importlib.metadata

        from ._reader._releases import releases

        try:
            package = importlib.metadata.version("csto-annotations")
        except importlib.metadata.PackageNotFoundError:
            package = "not installed (run from a checkout)"
        known = ", ".join(entry["version"] for entry in releases())
        _say(f"csto-annotations {package} (Python package)", f"dataset {load(tables=[]).version} (bundled copy)",
             f"registered releases: {known}")  # fmt: skip
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every command of :data:`COMMANDS`.

    Example
    -------
    >>> sorted(build_parser()._subparsers._group_actions[0].choices)[:3]
    ['build', 'cite', 'diff']
    """
    style = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(prog="csto-annotations", description="Annotations of Eurasia Daily Monitor "
                                     "4(191). Without a command, print a summary of the bundled dataset.",
                                     epilog=EXIT_CODES, formatter_class=style)  # fmt: skip
    parser.add_argument("--version", action=_PrintVersions, nargs=0, help="print the package and dataset versions")
    parser.set_defaults(run=_run_summary)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name, (summary, configure, run) in COMMANDS.items():
        sub = commands.add_parser(name, help=summary, description=summary, epilog=EXIT_CODES, formatter_class=style)
        configure(sub)
        sub.set_defaults(run=run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return the exit code; never show a traceback.

    Parameters
    ----------
    argv : list of str, optional
        Arguments without the program name (default: ``sys.argv[1:]``).
    """
    try:
        args = build_parser().parse_args(argv)
        return int(args.run(args))
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 2)
    except DatasetError as error:
        print(printable(f"error: {error}"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader closed the pipe (`| head`): point stdout at /dev/null so the flush at exit cannot fail too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print("error: the output was closed before everything was written.", file=sys.stderr)
        return 1
    except Exception as error:
        detail = printable(" ".join(str(error).split()))
        print(f"internal error: {type(error).__name__}: {detail} (please report this)", file=sys.stderr)
        return 3
