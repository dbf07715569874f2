"""docs/api.md is the public API: the names of ``__all__``, their signatures, and every member of the objects.

Also: docs/architecture.md lists every module of the package.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import re
from collections.abc import Callable

import pytest

import csto_annotations
from helpers import REPO

API = (REPO / "docs" / "api.md").read_text("utf-8")
ARCHITECTURE = (REPO / "docs" / "architecture.md").read_text("utf-8")
NAME_SECTIONS = ("Functions", "Classes", "Exceptions", "Constants")


def sections(text: str, level: str = "##") -> dict[str, str]:
    """Heading → body, for the headings of one level."""
    return dict(re.findall(rf"^{level} (.+?)\n(.*?)(?=^{level} |\Z)", text, flags=re.M | re.S))


def rows(body: str) -> list[list[str]]:
    """The cells of every table row whose first cell is one name in backticks (``\\|`` is not a separator)."""
    found = []
    for line in body.splitlines():
        if line.startswith("| `"):
            cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            if re.fullmatch(r"`[^`]+`", cells[0]):
                found.append([cells[0].strip("`"), *cells[1:]])
    return found


def documented(section: str) -> dict[str, list[str]]:
    body = sections(API)[section]
    table = rows(body)
    names = [r[0] for r in table]
    assert len(names) == len(set(names)), f"{section}: a name is listed twice"
    return {r[0]: r[1:] for r in table}


def parse_signature(cell: str) -> tuple[str, list[tuple[str, str, object]]]:
    """``name(a, *, b=1)`` → ("name", [(a, kind, default), …]) where default is ``inspect.Parameter.empty`` or a literal."""
    match = re.fullmatch(r"`(\w+)\((.*)\)`", cell)
    assert match, f"not a signature: {cell}"
    function = ast.parse(f"def {match.group(1)}({match.group(2)}): pass").body[0]
    assert isinstance(function, ast.FunctionDef)
    args = function.args
    positional = args.posonlyargs + args.args
    defaults = [inspect.Parameter.empty] * (len(positional) - len(args.defaults)) + [
        ast.literal_eval(d) for d in args.defaults
    ]
    params = [(a.arg, "POSITIONAL_OR_KEYWORD", d) for a, d in zip(positional, defaults, strict=True)]
    params += [
        (a.arg, "KEYWORD_ONLY", inspect.Parameter.empty if d is None else ast.literal_eval(d))
        for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)
    ]
    return match.group(1), params


def real_signature(obj: object) -> list[tuple[str, str, object]]:
    fields = {f.name: f for f in dataclasses.fields(obj)} if dataclasses.is_dataclass(obj) else {}
    params = []
    for p in inspect.signature(obj).parameters.values():  # type: ignore[arg-type]
        if p.name == "self":
            continue
        default = p.default
        if p.name in fields and fields[p.name].default_factory is not dataclasses.MISSING:
            default = fields[p.name].default_factory()
        params.append((p.name, p.kind.name, default))
    return params


def test_the_names_are_exactly_all() -> None:
    listed = [name for section in NAME_SECTIONS for name in documented(section)]
    assert len(listed) == len(set(listed)), "a name is listed in two sections"
    assert set(listed) == set(csto_annotations.__all__), (
        f"only in docs/api.md: {sorted(set(listed) - set(csto_annotations.__all__))}; "
        f"only in __all__: {sorted(set(csto_annotations.__all__) - set(listed))}"
    )


@pytest.mark.parametrize("section", ["Functions", "Classes"])
def test_documented_signatures_are_the_real_ones(section: str) -> None:
    for name, (cell, *_rest) in documented(section).items():
        shown, params = parse_signature(cell)
        assert shown == name
        assert params == real_signature(getattr(csto_annotations, name)), name


def test_exceptions_name_their_real_base_classes() -> None:
    for name, (bases, *_rest) in documented("Exceptions").items():
        error = getattr(csto_annotations, name)
        assert issubclass(error, BaseException), name
        assert re.findall(r"`(\w+)`", bases) == [b.__name__ for b in error.__bases__], name


def public_members(obj: object, skip: set[str] = frozenset()) -> set[str]:  # type: ignore[assignment]
    return {n for n in dir(obj) if not n.startswith("_") and n not in skip}


@pytest.fixture(scope="module")
def dataset() -> csto_annotations.Dataset:
    return csto_annotations.load()


def test_every_dataset_member_is_documented(dataset: csto_annotations.Dataset) -> None:
    members = public_members(dataset, skip=set(dataset.tables))
    listed = documented("Dataset members")
    assert set(listed) == members, (
        f"undocumented: {sorted(members - set(listed))}; documented but absent: {sorted(set(listed) - members)}"
    )
    for name, (cell, *_rest) in listed.items():
        if inspect.isfunction(getattr(csto_annotations.Dataset, name, None)):
            shown, params = parse_signature(cell)
            assert (shown, params) == (name, real_signature(getattr(csto_annotations.Dataset, name))), name


@pytest.mark.parametrize(
    ("section", "instance"),
    [
        ("Report members", lambda: csto_annotations.Report("x", [])),
        ("Problem members", lambda: csto_annotations.Problem("claims", 2, "exact", "expected a, found b")),
    ],
)
def test_every_report_and_problem_member_is_documented(section: str, instance: Callable[[], object]) -> None:
    assert set(documented(section)) == public_members(instance())


def test_architecture_lists_every_module() -> None:
    package = REPO / "src" / "csto_annotations"
    tables = sections(ARCHITECTURE)["Modules"]
    by_folder = {}
    for heading, body in sections(tables, "###").items():
        folder = re.match(r"`(\w+)/`", heading)
        by_folder["" if folder is None else folder.group(1)] = {r[0] for r in rows(body)}
    assert set(by_folder) == {""} | {p.name for p in package.iterdir() if (p / "__init__.py").is_file()}
    for module in package.rglob("*.py"):
        folder = "" if module.parent == package else module.parent.name
        assert module.name in by_folder[folder], f"docs/architecture.md does not list {module.relative_to(package)}"
    listed = {(folder, name) for folder, names in by_folder.items() for name in names if name.endswith(".py")}
    stale = [f"{folder}/{name}" for folder, name in listed if not (package / folder / name).is_file()]
    assert not stale, f"docs/architecture.md lists modules that do not exist: {stale}"


def test_architecture_copies_the_import_contract() -> None:
    pyproject = (REPO / "pyproject.toml").read_text("utf-8")
    # From [tool.importlinter] up to the next table that is not one of its contracts.
    (contract,) = re.findall(r"^\[tool\.importlinter\]\n.*?(?=^\[(?!\[?tool\.importlinter)|\Z)", pyproject, re.M | re.S)
    (shown,) = [b for b in re.findall(r"```toml\n(.*?)```", ARCHITECTURE, flags=re.S) if "importlinter" in b]
    assert shown.strip() == contract.strip()
