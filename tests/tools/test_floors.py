"""``scripts/floors.py``: the oldest-dependencies job's constraints are the floors ``pyproject.toml`` declares."""

from __future__ import annotations

import doctest
import importlib.util
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from helpers import REPO

SCRIPT = REPO / "scripts" / "floors.py"
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]


def floors(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=60)


def test_each_core_dependency_is_pinned_at_its_declared_floor() -> None:
    declared = [re.fullmatch(r"([A-Za-z0-9._-]+)>=([0-9][0-9.]*)", d) for d in PROJECT["dependencies"]]
    assert all(declared), f"every core dependency is declared as name>=floor: {PROJECT['dependencies']}"
    result = floors()
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"{m[1].lower()}=={m[2]}" for m in declared if m]
    assert {"pandas", "numpy", "pyarrow"} <= {line.split("==")[0] for line in result.stdout.splitlines()}


def test_the_python_floor_is_requires_python() -> None:
    declared = re.fullmatch(r">=(3\.[0-9]+)", PROJECT["requires-python"])
    assert declared, PROJECT["requires-python"]
    assert floors("--python").stdout == f"{declared[1]}\n"


@pytest.mark.parametrize(
    ("requirement", "found"),
    [("pyyaml", 0), ("numpy>1.26", 0), ("pandas==2.2", 0), ("pyarrow>=17,>=18", 2)],
)
def test_a_requirement_without_one_floor_is_refused_by_name(tmp_path: Path, requirement: str, found: int) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(f'[project]\ndependencies = ["pandas>=2.2", "{requirement}"]\n', "utf-8")
    result = floors(str(pyproject))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == f"floors: {requirement!r} needs exactly one '>=' floor, found {found}; declare one.\n"


def test_an_unparsable_requirement_is_refused_by_name(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\ndependencies = ["pandas >= = 2"]\n', "utf-8")
    result = floors(str(pyproject))
    assert result.returncode == 1 and result.stderr.startswith("floors: 'pandas >= = 2' is not a requirement (")


def test_the_examples_run() -> None:
    spec = importlib.util.spec_from_file_location("floors", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = doctest.testmod(module)
    assert result.attempted == 2 and result.failed == 0


def test_an_extra_adds_its_own_floors_after_the_core_ones(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[project]\ndependencies = ["pandas>=2.2"]\n'
        '[project.optional-dependencies]\nstata = ["pyreadstat>=1.3.4"]\nspss = ["pyreadstat>=1.3.4"]\n',
        "utf-8",
    )
    result = floors("--extra", "stata", "--extra", "spss", str(pyproject))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "pandas==2.2\npyreadstat==1.3.4\n"


def test_an_unknown_extra_is_refused_by_name(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[project]\ndependencies = ["pandas>=2.2"]\n[project.optional-dependencies]\nview = []\n', "utf-8"
    )
    result = floors("--extra", "viewer", str(pyproject))
    assert result.returncode == 1
    assert result.stderr == "floors: no extra named 'viewer' in pyproject.toml; it declares ['view'].\n"
