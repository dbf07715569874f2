"""Keep ``docs/architecture.md`` true where it states facts about the code.

Two checks, both by ``python scripts/architecture.py [--check]`` (:func:`main`):

- **The module tables** are generated: every module of ``src/csto_annotations``, its lines of code
  as :mod:`tools.loc` counts them, and the first line of its docstring, grouped by package in the
  order of the import-linter layers (bottom first). They are written between the markers
  ``<!-- architecture:modules:start -->`` and ``<!-- architecture:modules:end -->``; ``--check``
  writes nothing and exits 1 when the committed tables are stale.
- **Every name the prose cites exists** (:func:`dangling`): an inline-code path (``_engine/_cells.py``,
  ``tests/hostile/edits.py``) names a file or folder of the repository; a dotted name that starts
  with a private module (``_reader._sources.resolve_source``, ``_download.Budget``) names a module
  of the package and a name defined in it; a private or constant name alone (``_FORMS``,
  ``CODEBOOK_EDITION``) is defined somewhere in the package. A name that was renamed or removed
  fails the check until the prose is corrected, by hand: prose is not generated.

Example
-------
>>> _markdown(":func:`load` and ``x | y``, see :class:`~._work.Work`.")
'`load` and `x \\\\| y`, see `Work`.'
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from tools.loc import PACKAGE, REPO, config, count_lines

TARGET = REPO / "docs" / "architecture.md"
START = "<!-- architecture:modules:start -->\n"
END = "<!-- architecture:modules:end -->"


def _markdown(text: str) -> str:
    """One docstring line as Markdown: reST roles and double backquotes become inline code."""
    text = re.sub(r":[a-z]+:`~?(?:[\w.]*\.)?(\w+)`", r"`\1`", text)
    text = text.replace("``", "`")
    return text.replace("|", "\\|")


def _summary(path: Path) -> str:
    """The first line of a module's docstring; a module without one is refused by name."""
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    if not doc:
        raise ValueError(f"{path} has no docstring: give it one whose first line says what the module does")
    return _markdown(doc.strip().splitlines()[0])


def _order(packages: Iterable[str], root: Path) -> list[str]:
    """Packages in the order of the layers, bottom first; any other after them, sorted."""
    layered = [name for layer in reversed(config(root).layers) for name in layer]
    known = set(packages)
    return [name for name in layered if name in known] + sorted(known - set(layered))


def render_modules(root: Path = REPO) -> str:
    """The generated part of the page: one table per package, each module with its count and summary.

    Example
    -------
    >>> render_modules().splitlines()[0]
    '### Top level'
    """
    package = root / "src" / PACKAGE
    files = sorted(package.rglob("*.py"), key=lambda path: path.relative_to(package).as_posix())
    groups: dict[str, list[Path]] = {}
    for path in files:
        parts = path.relative_to(package).parts
        groups.setdefault(parts[0] if len(parts) > 1 else "", []).append(path)
    out: list[str] = []
    for name in ["", *_order([key for key in groups if key], root)]:
        out += ["### Top level" if not name else f"### `{name}/`", ""]
        out += ["| module | lines of code | what it does |", "|---|---:|---|"]
        for path in groups[name]:
            label = path.relative_to(package / name).as_posix()
            out.append(f"| `{label}` | {count_lines(path.read_text(encoding='utf-8'))} | {_summary(path)} |")
        out.append("")
    return "\n".join(out)


def _replace(page: str, block: str) -> str:
    if START not in page or END not in page:
        raise ValueError(f"the page lacks the markers {START.strip()} and {END}; add them where the tables go")
    head, rest = page.split(START, 1)
    return head + START + block + rest[rest.index(END) :]


# Inline code outside fenced blocks; a fence is three backquotes at the start of a line.
_FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
_CODE = re.compile(r"`([^`\n]+)`")
_PATH = re.compile(r"^[\w.-]*(?:/[\w.-]+)*/?$")
_FILE = re.compile(r"^[\w.-]+\.py$")
_DOTTED = re.compile(r"^(_\w+|__init__)(\.\w+)+$")
_SINGLE = re.compile(r"^(?:_\w*[a-zA-Z]\w*|[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)*|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{3,})$")


def _spans(page: str) -> list[str]:
    """Every inline-code span of the page outside fenced code, with a trailing call ``(…)`` removed."""
    return [re.sub(r"\(.*\)$", "", span) for span in _CODE.findall(_FENCE.sub("", page))]


def _repository_paths(root: Path) -> set[str]:
    """Every file and folder of the checkout, as a path relative to ``root`` (folders end with ``/``)."""
    found: set[str] = set()
    for folder, dirs, names in os.walk(root):
        dirs[:] = [
            name for name in dirs if not name.startswith(".ci-") and name not in {".git", ".venv", "__pycache__"}
        ]
        base = Path(folder).relative_to(root).as_posix()
        prefix = "" if base == "." else base + "/"
        found.update(prefix + name + "/" for name in dirs)
        found.update(prefix + name for name in names)
    return found


def _names(path: Path, strings: bool = True) -> set[str]:
    """Every name one Python file defines or uses.

    Functions, classes, variables, attributes, parameters, imported names and, with
    ``strings``, identifier-like string constants (environment variables, keys of the JSON files it reads).
    """
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Name | ast.arg):
            names.add(node.id if isinstance(node, ast.Name) else node.arg)
        elif isinstance(node, ast.Attribute):  # an attribute set, or read off a library (pd.DataFrame)
            names.add(node.attr)
        elif isinstance(node, ast.alias):
            names.add(node.asname or node.name.split(".")[-1])
        elif strings and isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isidentifier():
            names.add(node.value)
    return names


def _definitions(root: Path) -> dict[str, set[str]]:
    """Per module of the package (dotted, below the package: ``_reader._sources``), its names (:func:`_names`)."""
    package = root / "src" / PACKAGE
    out: dict[str, set[str]] = {}
    for path in package.rglob("*.py"):
        parts = path.relative_to(package).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts)] = _names(path)
    return out


def _elsewhere(root: Path) -> set[str]:
    """The names the maintainer tools, scripts and tests define, and the words of CI's files and pyproject.toml."""
    names: set[str] = set()
    for folder in ("tools", "scripts", "tests"):
        for path in (root / folder).rglob("*.py"):
            names |= _names(path, strings=False)
    for path in [root / "pyproject.toml", *(root / ".ci").glob("*")]:
        if path.is_file():
            names.update(re.findall(r"\w+", path.read_text(encoding="utf-8")))
    return names


def _resolves(span: str, modules: dict[str, set[str]]) -> bool:
    """Whether a dotted name is a module of the package, or a module followed by names defined in it."""
    parts = span.split(".")
    for cut in range(len(parts), 0, -1):
        prefix = ".".join(parts[:cut])
        for module, names in modules.items():
            if (module == prefix or module.endswith("." + prefix)) and all(part in names for part in parts[cut:]):
                return True
    return False


def dangling(page: str, root: Path = REPO) -> list[str]:
    """The inline-code names of ``page`` that name nothing in the tree at ``root``; empty when all resolve.

    Example
    -------
    >>> dangling("`_engine._run.check`, `tools/loc.py`, `_NO_SUCH_NAME` and `_reader._gone.read`")
    ['_NO_SUCH_NAME', '_reader._gone.read']
    """
    paths = _repository_paths(root)
    package = f"src/{PACKAGE}/"
    declared = (root / "pyproject.toml").read_text(encoding="utf-8")  # the wheel's own folders, such as _package/
    modules = _definitions(root)
    defined = set().union(*modules.values()) | {part for module in modules for part in module.split(".")}
    defined |= _elsewhere(root)
    out = []
    for span in _spans(page):
        if ("/" in span or _FILE.match(span)) and _PATH.match(span):
            found = span in declared or any(
                path.rstrip("/") == span.rstrip("/") or path.endswith("/" + span) or path == package + span
                for path in paths
            )
        elif _DOTTED.match(span):
            found = _resolves(span, modules)
        elif _SINGLE.match(span):
            found = span in defined
        else:
            continue
        if not found and span not in out:
            out.append(span)
    return out


def main(argv: Sequence[str] | None = None, target: Path = TARGET, root: Path = REPO) -> int:
    """Write the module tables into ``target``; with ``--check``, write nothing and exit 1 when stale.

    Either way, exit 1 naming every inline-code name of the page that names nothing in the tree.
    """
    from csto_annotations._atomic import atomic_write_text

    page = target.read_text(encoding="utf-8")
    rendered = _replace(page, render_modules(root))
    status = 0
    if "--check" in (argv or []):
        if rendered != page:
            print(f"{target}: the module tables are stale: run python scripts/architecture.py")
            status = 1
    elif rendered != page:
        atomic_write_text(target, rendered)
        print(f"wrote the module tables of {target}")
    for name in dangling(rendered, root):
        print(f"{target}: `{name}` names nothing in src/{PACKAGE} or the repository: correct the prose")
        status = 1
    if status == 0:
        print(f"{target} is current")
    return status
