"""The command line: ``python -m csto_annotations`` or ``csto-annotations``.

With no arguments it prints a summary of the bundled dataset. Subcommands are
kept in :data:`COMMANDS`; add one with :func:`register`::

    register(Command("cite", "print the suggested citation", configure, run))

where ``configure(parser)`` adds arguments and ``run(args) -> int`` does the
work and returns the exit code.

Example
-------
>>> from csto_annotations.cli import main
>>> main(["validate", "--help"])  # doctest: +SKIP
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import DatasetError

__all__ = ["Command", "COMMANDS", "register", "build_parser", "main", "EXIT_CODES"]

EXIT_CODES = """\
exit codes:
  0  success (for validate: the package is valid; warnings allowed)
  1  the package is invalid, or could not be read, loaded or built
  2  usage error (unknown subcommand or bad arguments)
  3  unexpected internal error (please report it)
"""


@dataclass(frozen=True)
class Command:
    """One subcommand: its name, help line, argument setup and action.

    Example
    -------
    >>> Command("hello", "say hello", lambda p: None, lambda a: 0).name
    'hello'
    """

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


#: The registered subcommands, in ``--help`` order.
COMMANDS: list[Command] = []


def register(command: Command) -> Command:
    """Add ``command`` to :data:`COMMANDS` (replacing one of the same name).

    Example
    -------
    >>> _ = register(Command("noop", "do nothing", lambda p: None, lambda a: 0))
    >>> COMMANDS.pop().name
    'noop'
    """
    COMMANDS[:] = [c for c in COMMANDS if c.name != command.name]
    COMMANDS.append(command)
    return command


def _table_lines(dataset: Any) -> list[str]:
    """One line per table: name, rows, columns."""
    width = max((len(n) for n in dataset.tables), default=0)
    return [
        f"  {name:<{width}}  {len(frame):>6} {'row ' if len(frame) == 1 else 'rows'}  {frame.shape[1]:>3} columns"
        for name, frame in dataset.tables.items()
    ]


def _summary_lines(dataset: Any) -> list[str]:
    """The summary printed without arguments and by ``info``."""
    files = len(dataset.descriptor["resources"])
    integrity = (
        f"Integrity verified: {files} files match the sizes and sha256 hashes in datapackage.json."
        if dataset.verified
        else "Integrity NOT verified (--no-verify)."
    )
    return [
        f"Name:    {dataset.name}",
        f"Title:   {dataset.title}",
        f"Version: {dataset.version}",
        "",
        "Tables:",
        *_table_lines(dataset),
        "",
        integrity,
        "",
        "Suggested citation:",
        f"  {dataset.cite()}",
    ]


def _run_summary(args: argparse.Namespace) -> int:
    """Print the summary of the bundled dataset."""
    from .loader import load

    print("\n".join(_summary_lines(load())))
    return 0


def _configure_validate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", nargs="?", default=None, help="directory, datapackage.json, .zip or URL (default: the bundled copy)")


def _run_validate(args: argparse.Namespace) -> int:
    """Print one line per problem; exit 0 when valid, 1 otherwise."""
    from .validation import validate

    report = validate(args.source)
    for problem in report.problems:
        print(problem)
    errors = len(report.errors)
    print(f"{report.source}: " + ("valid" if not errors else f"invalid: {errors} problem(s)"))
    return 0 if report.valid else 1


def _configure_info(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", nargs="?", default=None, help="directory, datapackage.json, .zip or URL (default: the bundled copy)")
    parser.add_argument("--no-verify", action="store_true", help="skip the size and sha256 checks")


def _resource_lines(descriptor: dict[str, Any]) -> list[str]:
    """One line per resource: name, path, bytes, hash."""
    return [
        f"  {r['name']}: {r['path']} ({r.get('bytes', '?')} bytes, {r.get('hash', 'no hash')})"
        for r in descriptor["resources"]
    ]


def _run_info(args: argparse.Namespace) -> int:
    """Print the summary of SOURCE plus its descriptor's metadata."""
    from .loader import load

    dataset = load(args.source, verify=not args.no_verify)
    descriptor = dataset.descriptor
    licences = ", ".join(lic.get("name") or lic.get("path", "") for lic in descriptor.get("licenses", []))
    lines = _summary_lines(dataset) + [
        "",
        f"Location: {dataset.root}",
        f"Created:  {descriptor.get('created', 'unknown')}",
        f"Licence:  {licences or 'unknown'}",
        "Resources:",
        *_resource_lines(descriptor),
    ]
    print("\n".join(lines))
    return 0


def _configure_build(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("root", nargs="?", default=None, help="package directory (default: the bundled package, i.e. the repository in an editable install)")


def _run_build(args: argparse.Namespace) -> int:
    """Anchor spans and re-measure the descriptor; print what changed."""
    from .builder import build

    written = build(args.root)
    for path in written:
        print(f"updated {path}")
    if not written:
        print("nothing to do: offsets, sizes and hashes are up to date")
    return 0


register(Command("validate", "validate a package: schema, foreign keys, spans and codebook rules", _configure_validate, _run_validate))
register(Command("info", "describe a package: tables, resources, hashes, citation", _configure_info, _run_info))
register(Command("build", "fill offsets from exact text and re-measure bytes and hashes", _configure_build, _run_build))


#: Modules that register further subcommands when imported, one per feature
#: (``cli_cite`` registers ``cite``, and so on). They are imported only when
#: the parser is built, so ``import csto_annotations`` stays light.
PLUGINS = ("cli_cite", "cli_diff", "cli_export", "cli_view")


def _load_plugins() -> None:
    import importlib

    for name in PLUGINS:
        module = f"{__package__}.{name}"
        try:
            plugin = importlib.import_module(module)
        except ModuleNotFoundError as missing:
            if missing.name != module:  # a dependency of the plugin is missing: say so
                raise
            continue
        # Register again on every build: import-time registration happens only
        # once per process, and COMMANDS may have been replaced since.
        for value in vars(plugin).values():
            if isinstance(value, Command) and value not in COMMANDS:
                register(value)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every registered subcommand.

    Example
    -------
    >>> build_parser().prog
    'csto-annotations'
    """
    parser = argparse.ArgumentParser(
        prog="csto-annotations",
        description="Annotations of Eurasia Daily Monitor 4(191). Without a subcommand, print a summary of the bundled dataset.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(run=_run_summary)
    _load_plugins()
    subparsers = parser.add_subparsers(title="subcommands", metavar="COMMAND")
    for command in COMMANDS:
        sub = subparsers.add_parser(
            command.name, help=command.help, description=command.help,
            epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        command.configure(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return the exit code; never show a traceback.

    Parameters
    ----------
    argv : list of str, optional
        Arguments without the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        See :data:`EXIT_CODES`.

    Example
    -------
    >>> main(["validate"])  # doctest: +SKIP
    0
    """
    try:
        args = build_parser().parse_args(argv)
        return args.run(args)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 2)
    except DatasetError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - the CLI must never show a traceback
        detail = " ".join(str(error).split())
        print(f"internal error: {type(error).__name__}: {detail} (please report this)", file=sys.stderr)
        return 3
