"""Lines of code of the installed package, per module, per layer, and against the budget.

A line of code is a physical line holding at least one token that is neither a comment nor part of
a docstring. Blank lines and comment lines do not count. A docstring is a statement that is a
string literal alone (``"..."`` or implicitly joined literals): Python evaluates and discards it,
so it is documentation wherever it stands: a module's, class's or function's first statement, an
attribute docstring after an assignment, or a bare string used as a comment. Every other string is
code, and a multi-line one counts each of its lines: an assignment's value, an argument, a
``return``. A line that holds a docstring and code (``class A: "doc"``) counts.

The wheel is every ``*.py`` file below ``src/csto_annotations``; the templates, JSON files and the
rest of the data are not Python and are not counted. Layers come from the import-linter contract in
``pyproject.toml`` and the budget from ``[tool.csto-annotations.budget]`` there, so a module that is
renamed, merged or added is counted where it now lives. ``python scripts/loc.py`` prints the counts
and exits 1 when a budget is exceeded (:func:`main`); a CI gate runs it.

Example
-------
>>> count_lines("'''Doc.'''\\n\\nx = 1  # one\\n")
1
"""

from __future__ import annotations

import ast
import io
import tokenize
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = "csto_annotations"

#: Tokens that are never code: layout, comments and the end of the file.
_NOT_CODE = frozenset(
    {
        tokenize.COMMENT,
        tokenize.NL,
        tokenize.NEWLINE,
        tokenize.INDENT,
        tokenize.DEDENT,
        tokenize.ENDMARKER,
        tokenize.ENCODING,
    }
)


def _docstring_spans(tree: ast.AST) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(start, end) positions, line and UTF-8 byte column, of every statement that is a string alone."""
    spans = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            and node.end_lineno is not None
            and node.end_col_offset is not None
        ):
            spans.append(((node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset)))
    return spans


def code_lines(source: str) -> set[int]:
    """The numbers (1-based) of the lines of ``source`` that hold code.

    Parameters
    ----------
    source
        The text of one Python module; it must parse.

    Returns
    -------
    set[int]
        Every line with a token that is neither a comment nor part of a docstring. A token that
        spans several lines (a multi-line string) marks each of them.

    Example
    -------
    >>> sorted(code_lines("def f():\\n    '''Doc.\\n\\n    More.'''\\n    return '''a\\n\\nb'''\\n"))
    [1, 5, 6, 7]
    """
    spans = _docstring_spans(ast.parse(source))
    lines = source.splitlines()
    found: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in _NOT_CODE:
            continue
        row, col = token.start
        # ast counts columns in UTF-8 bytes, tokenize in characters.
        at = (row, len(lines[row - 1][:col].encode("utf-8")))
        if any(start <= at < end for start, end in spans):
            continue
        found.update(range(token.start[0], token.end[0] + 1))
    return found


def count_lines(source: str) -> int:
    """How many lines of ``source`` hold code (see :func:`code_lines`).

    Example
    -------
    >>> count_lines("@decorator\\ndef f(x):\\n    # why\\n    return x\\n")
    3
    """
    return len(code_lines(source))


@dataclass(frozen=True)
class Module:
    """One ``.py`` file of the package: its path below the package folder and its lines of code."""

    path: str
    lines: int

    @property
    def top(self) -> str:
        """The top-level module or package it belongs to (``_engine`` for ``_engine/_run.py``)."""
        return self.path.split("/")[0].removesuffix(".py")


def modules(root: Path = REPO) -> list[Module]:
    """Every module of ``src/csto_annotations`` below ``root``, sorted by path, with its count."""
    package = root / "src" / PACKAGE
    found = [
        Module(path.relative_to(package).as_posix(), count_lines(path.read_text(encoding="utf-8")))
        for path in package.rglob("*.py")
    ]
    return sorted(found, key=lambda module: module.path)


@dataclass(frozen=True)
class Config:
    """What ``pyproject.toml`` says: the layers (top first) and the budgets."""

    layers: list[list[str]]
    wheel: int
    loading_path: int
    loading_path_modules: list[str]


def config(root: Path = REPO) -> Config:
    """Read the import-linter layers and ``[tool.csto-annotations.budget]`` from ``root/pyproject.toml``."""
    tool = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    contracts = tool["importlinter"]["contracts"]
    layered = next(contract for contract in contracts if contract["type"] == "layers")
    budget = tool["csto-annotations"]["budget"]
    return Config(
        layers=[[name.strip() for name in layer.split("|")] for layer in layered["layers"]],
        wheel=int(budget["wheel"]),
        loading_path=int(budget["loading_path"]),
        loading_path_modules=list(budget["loading_path_modules"]),
    )


def _total(found: Sequence[Module], tops: Sequence[str]) -> int:
    return sum(module.lines for module in found if module.top in tops)


def _rows(found: Sequence[Module], cfg: Config) -> Iterator[tuple[str, int]]:
    """Per module, then per layer (bottom first), in the order :func:`report` prints them."""
    for module in found:
        yield module.path, module.lines
    yield "", 0
    for layer in reversed(cfg.layers):
        parts = f" ({', '.join(f'{name} {_total(found, [name])}' for name in layer)})" if len(layer) > 1 else ""
        yield f"layer {' | '.join(layer)}{parts}", _total(found, layer)
    layered = {name for layer in cfg.layers for name in layer}
    outside = sorted({module.top for module in found} - layered)
    if outside:
        yield "outside the layers: " + ", ".join(outside), _total(found, outside)


def problems(found: Sequence[Module], cfg: Config) -> list[str]:
    """What is over the budget, or named by it but missing from the tree; empty when all is well."""
    out = []
    tops = {module.top for module in found}
    missing = [name for name in cfg.loading_path_modules if name not in tops]
    if missing:
        out.append(
            f"loading_path_modules names {', '.join(missing)}, not in src/{PACKAGE}: "
            "update [tool.csto-annotations.budget] in pyproject.toml"
        )
    for name, count, budget in (
        ("loading path", _total(found, cfg.loading_path_modules), cfg.loading_path),
        ("wheel", sum(module.lines for module in found), cfg.wheel),
    ):
        if count > budget:
            out.append(f"{name}: {count} lines of code, over its budget of {budget} by {count - budget}")
    return out


def report(found: Sequence[Module], cfg: Config) -> str:
    """The printed table: per module, per layer, the loading path and the wheel, with their budgets."""
    rows = list(_rows(found, cfg))
    rows.append(("", 0))
    path = " + ".join(cfg.loading_path_modules)
    rows.append((f"loading path ({path})", _total(found, cfg.loading_path_modules)))
    rows.append(("wheel", sum(module.lines for module in found)))
    width = max(len(name) for name, _ in rows)
    lines = [f"{'module, layer or total':<{width}}  {'lines of code'}"]
    for name, count in rows:
        lines.append(f"{name:<{width}}  {count:>5}" if name else "")
    lines[-2] += f"  budget {cfg.loading_path}"
    lines[-1] += f"  budget {cfg.wheel}"
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None, root: Path = REPO) -> int:
    """Print the counts; exit 1, naming each, when a budget is exceeded or names a missing module."""
    if argv:
        print("usage: python scripts/loc.py (no options)")
        return 1
    found = modules(root)
    cfg = config(root)
    print(report(found, cfg))
    faults = problems(found, cfg)
    for fault in faults:
        print(f"error: {fault}")
    return 1 if faults else 0
