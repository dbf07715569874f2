"""The lines-of-code counter (tools.loc), its budget gate, and architecture.md's generated tables (tools.architecture).

Every expected count below is stated by hand from the snippet, line by line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from helpers import REPO
from tools.architecture import dangling, render_modules
from tools.architecture import main as architecture_main
from tools.loc import code_lines, config, count_lines, modules, problems
from tools.loc import main as loc_main


def run_script(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the scripts find src/ and tools/ themselves
    return subprocess.run([sys.executable, str(REPO / "scripts" / name), *args], capture_output=True, text=True,
                          cwd="/", env=env, timeout=120)  # fmt: skip


def lines_of(source: str) -> list[int]:
    return sorted(code_lines(textwrap.dedent(source)))


def test_module_docstring_comments_and_blank_lines_are_not_code() -> None:
    source = '''\
        """Module docstring,

        on three lines."""

        # a comment
        import os  # a trailing comment

        x = 1
        '''
    assert lines_of(source) == [6, 8]


def test_function_and_class_docstrings_are_not_code_but_their_headers_and_decorators_are() -> None:
    source = '''\
        @decorator
        @other(
            1,
        )
        def f():
            """Doc.

            More doc.
            """
            return 1


        class A:
            """Doc."""

            y: int = 2
        '''
    # 1-4 decorators, 5 def, 10 return, 13 class, 16 the annotated assignment.
    assert lines_of(source) == [1, 2, 3, 4, 5, 10, 13, 16]


def test_a_multi_line_string_that_is_a_value_counts_every_line() -> None:
    source = '''\
        TEMPLATE = """first

        third"""
        print("""a
        b""")
        '''
    # The blank line 2 is inside the string, so it is code too.
    assert lines_of(source) == [1, 2, 3, 4, 5]


def test_a_bare_string_statement_anywhere_is_a_docstring() -> None:
    source = '''\
        x = 1
        """Attribute docstring of x,
        on two lines."""
        def f():
            y = 2
            """A string used as a comment."""
            return y
        '''
    assert lines_of(source) == [1, 4, 5, 7]


def test_implicitly_joined_and_parenthesized_docstrings_are_not_code() -> None:
    source = """\
        def f():
            (
                "one part, "
                "another"
            )
            return 1
        """
    assert lines_of(source) == [1, 6]


def test_a_docstring_on_the_line_of_code_leaves_the_line_counted() -> None:
    assert lines_of('class A: "doc"\n') == [1]
    assert lines_of('x = "é"; "doc"\n') == [1]
    assert lines_of('def f(): pass\n"é" "doc"\n') == [1]


def test_an_f_string_or_bytes_statement_is_code_not_a_docstring() -> None:
    # Python keeps neither as a docstring: an f-string is evaluated, bytes are not text.
    assert lines_of('def f():\n    f"""{1}\n    """\n    b"doc"\n') == [1, 2, 3, 4]


def test_line_continuations_and_brackets_count_each_line_with_a_token() -> None:
    source = """\
        total = (1 +
                 # a comment inside the brackets
                 2)
        other = 3 + \\
            4
        """
    assert lines_of(source) == [1, 3, 4, 5]
    assert count_lines(textwrap.dedent(source)) == 4


def write_package(root: Path, files: dict[str, str], budget: str) -> Path:
    """A tiny tree: src/csto_annotations with ``files``, and a pyproject.toml with two layers and ``budget``."""
    package = root / "src" / "csto_annotations"
    for name, text in files.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(textwrap.dedent(text), encoding="utf-8")
    (root / "pyproject.toml").write_text(
        textwrap.dedent(
            """\
            [[tool.importlinter.contracts]]
            name = "layers"
            type = "layers"
            layers = ["_api", "_low | _other"]

            [tool.csto-annotations.budget]
            """
        )
        + budget,
        encoding="utf-8",
    )
    return root


FILES = {
    "__init__.py": '"""The package."""\n',
    "_api.py": '"""API."""\n\nx = 1\ny = 2\n',
    "_low/__init__.py": '"""Low."""\n',
    "_low/_a.py": '"""A."""\n\n# why\nz = 3\n',
    "_other.py": '"""Other."""\nw = 4\n',
}


def test_the_gate_passes_within_budget_and_prints_each_module_and_layer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_package(tmp_path, FILES, 'wheel = 4\nloading_path = 3\nloading_path_modules = ["_api", "_low"]\n')
    assert [(m.path, m.lines) for m in modules(root)] == [
        ("__init__.py", 0),
        ("_api.py", 2),
        ("_low/__init__.py", 0),
        ("_low/_a.py", 1),
        ("_other.py", 1),
    ]
    assert loc_main([], root=root) == 0
    out = capsys.readouterr().out
    assert "layer _low | _other (_low 1, _other 1)" in out and out.count("    2") >= 1
    assert "loading path (_api + _low)" in out and "3  budget 3" in out and "4  budget 4" in out
    assert "error" not in out


def test_the_gate_fails_naming_each_budget_exceeded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_package(tmp_path, FILES, 'wheel = 3\nloading_path = 2\nloading_path_modules = ["_api", "_low"]\n')
    assert loc_main([], root=root) == 1
    out = capsys.readouterr().out
    assert "error: loading path: 3 lines of code, over its budget of 2 by 1" in out
    assert "error: wheel: 4 lines of code, over its budget of 3 by 1" in out


def test_a_loading_path_module_that_was_renamed_away_is_an_error(tmp_path: Path) -> None:
    root = write_package(tmp_path, FILES, 'wheel = 9\nloading_path = 9\nloading_path_modules = ["_api", "_gone"]\n')
    assert problems(modules(root), config(root)) == [
        "loading_path_modules names _gone, not in src/csto_annotations: update [tool.csto-annotations.budget] in "
        "pyproject.toml"
    ]


def test_the_script_prints_the_trees_totals_against_pyprojects_budget() -> None:
    cfg = config(REPO)
    budget = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["csto-annotations"]["budget"]
    assert (cfg.wheel, cfg.loading_path, cfg.loading_path_modules) == (
        budget["wheel"], budget["loading_path"], budget["loading_path_modules"])  # fmt: skip
    result = run_script("loc.py")
    found = modules(REPO)
    total = sum(module.lines for module in found)
    loading = sum(module.lines for module in found if module.top in cfg.loading_path_modules)
    path = r" \+ ".join(cfg.loading_path_modules)
    assert re.search(rf"^wheel +{total}  budget {cfg.wheel}$", result.stdout, re.MULTILINE), result.stdout
    assert re.search(rf"^loading path \({path}\) +{loading}  budget {cfg.loading_path}$", result.stdout,
                     re.MULTILINE), result.stdout  # fmt: skip
    over = total > cfg.wheel or loading > cfg.loading_path
    assert result.returncode == int(over) and ("over its budget" in result.stdout) == over, result.stdout


def test_architecture_tables_are_current() -> None:
    result = run_script("architecture.py", "--check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "is current" in result.stdout


def copy_tree_for_architecture(tmp_path: Path) -> Path:
    """The parts of the checkout that tools.architecture reads, copied so they can be edited."""
    for part in ("src/csto_annotations", "tools", "scripts", "tests", ".ci", "docs", "r"):
        shutil.copytree(REPO / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_a_stale_count_or_a_changed_docstring_is_detected_and_regenerated(tmp_path: Path) -> None:
    root = copy_tree_for_architecture(tmp_path)
    page = root / "docs/architecture.md"
    assert architecture_main(["--check"], target=page, root=root) == 0
    cli = root / "src/csto_annotations/_cli.py"
    cli.write_text(cli.read_text("utf-8").replace('"""The command line,', '"""The CLI,', 1) + "EXTRA = 1\n", "utf-8")
    before = page.read_bytes()
    assert architecture_main(["--check"], target=page, root=root) == 1
    assert page.read_bytes() == before  # --check writes nothing
    assert architecture_main([], target=page, root=root) == 0
    row = next(line for line in page.read_text("utf-8").splitlines() if line.startswith("| `_cli.py` |"))
    assert row.startswith(f"| `_cli.py` | {count_lines(cli.read_text('utf-8'))} | The CLI,")
    assert architecture_main(["--check"], target=page, root=root) == 0


def test_a_cited_name_that_no_longer_exists_fails_the_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_tree_for_architecture(tmp_path)
    page = root / "docs/architecture.md"
    (root / "src/csto_annotations/_engine/_cells.py").rename(root / "src/csto_annotations/_engine/_types.py")
    assert architecture_main([], target=page, root=root) == 1
    out = capsys.readouterr().out
    assert "`_engine/_cells.py` names nothing" in out and "`_cells.emit` names nothing" in out


def test_dangling_names_private_and_constant_names_modules_and_paths() -> None:
    page = (
        "`_reader._sources.resolve_source` `_download.Budget` `_engine/_structure.py` `tests/hostile/edits.py` "
        "`CODEBOOK_EDITION` `TYPES` `ViewSource` `_view._tables.ViewSource` `_nowhere/_x.py` `load` `ds.tables`\n"
        "```toml\n`_IN_A_FENCE`\n```\n"
    )
    assert dangling(page) == ["ViewSource", "_view._tables.ViewSource", "_nowhere/_x.py"]


def test_every_module_is_in_the_generated_tables_with_its_count() -> None:
    rendered = render_modules()
    for module in modules(REPO):
        assert f"| `{module.path.split('/')[-1]}` | {module.lines} |" in rendered
