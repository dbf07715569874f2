"""tools.release.build_distributions: the wheel and sdist, reproducible, complete, and accepted by twine."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest

from helpers import REPO
from tools.release import ReleaseError, build_distributions, check_distributions

DESCRIPTOR = json.loads((REPO / "datapackage.json").read_bytes())
VERSION = DESCRIPTOR["version"]
WHEEL = f"csto_annotations-{VERSION}-py3-none-any.whl"
SDIST = f"csto_annotations-{VERSION}.tar.gz"


def _module_or_fail(name: str) -> None:
    """``build`` and ``twine`` are in the test extra: missing, the test is skipped, but fails in CI."""
    import importlib.util

    if importlib.util.find_spec(name) is None:
        message = f"{name} is not installed; pip install -e '.[test]'"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The repository's wheel and sdist, built twice into separate folders with the installed hatchling."""
    for name in ("build", "twine", "hatchling"):
        _module_or_fail(name)
    base = tmp_path_factory.mktemp("dists")
    first = build_distributions(REPO, base / "one", isolation=False)
    second = build_distributions(REPO, base / "two", isolation=False)
    return {"first": first, "second": second, "base": base}


def test_names_and_nothing_left_behind(dists: dict[str, Any]) -> None:
    first = dists["first"]
    assert (first.wheel.name, first.sdist.name) == (WHEEL, SDIST)
    assert sorted(p.name for p in first.wheel.parent.iterdir()) == sorted([WHEEL, SDIST]), "no temporary folder left"


def test_two_builds_are_byte_identical(dists: dict[str, Any]) -> None:
    first, second = dists["first"], dists["second"]
    assert first.wheel.read_bytes() == second.wheel.read_bytes()
    assert first.sdist.read_bytes() == second.sdist.read_bytes()


def test_timestamps_are_the_descriptor_created_time(dists: dict[str, Any]) -> None:
    with zipfile.ZipFile(dists["first"].wheel) as wheel:
        assert {i.date_time for i in wheel.infolist()} == {(2026, 12, 6, 12, 0, 0)}
    with tarfile.open(dists["first"].sdist) as sdist:
        assert {m.mtime for m in sdist.getmembers()} == {1796558400}  # 2026-12-06T12:00:00Z


def test_wheel_carries_the_bundled_package_and_the_registry(dists: dict[str, Any]) -> None:
    with zipfile.ZipFile(dists["first"].wheel) as wheel:
        names = set(wheel.namelist())
        assert (
            wheel.read("csto_annotations/releases.json") == (REPO / "src/csto_annotations/releases.json").read_bytes()
        )
        assert wheel.read("csto_annotations/_package/datapackage.json") == (REPO / "datapackage.json").read_bytes()
        for resource in DESCRIPTOR["resources"]:
            for path in filter(None, (resource["path"], resource.get("schema"))):
                assert wheel.read(f"csto_annotations/_package/{path}") == (REPO / path).read_bytes(), path
    assert not any(n.startswith(("tools/", "scripts/", "tests/")) for n in names), "maintainer tools stay out"


def test_twine_check_strict_passes(dists: dict[str, Any]) -> None:
    first = dists["first"]
    result = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(first.wheel), str(first.sdist)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("PASSED") == 2


def test_the_sdist_alone_builds_the_same_wheel(dists: dict[str, Any], tmp_path: Path) -> None:
    with tarfile.open(dists["first"].sdist) as sdist:
        sdist.extractall(tmp_path, filter="data")
    tree = tmp_path / SDIST.removesuffix(".tar.gz")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"SOURCE_DATE_EPOCH": "1796558400"}
    result = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path / "out"), str(tree)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "out" / WHEEL).read_bytes() == dists["first"].wheel.read_bytes()


def test_refuses_a_wheel_without_the_registry(dists: dict[str, Any], tmp_path: Path) -> None:
    broken = tmp_path / WHEEL
    with zipfile.ZipFile(dists["first"].wheel) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            if info.filename != "csto_annotations/releases.json":
                target.writestr(info, source.read(info))
    with pytest.raises(
        ReleaseError, match=r"1 file\(s\) missing, 0 different \(missing csto_annotations/releases.json"
    ):
        check_distributions(broken, dists["first"].sdist, REPO)


def test_refuses_an_sdist_with_a_changed_data_file(dists: dict[str, Any], tmp_path: Path) -> None:
    top = SDIST.removesuffix(".tar.gz")
    with tarfile.open(dists["first"].sdist) as sdist:
        sdist.extractall(tmp_path / "x", filter="data")
    claims = tmp_path / "x" / top / "data/claims.csv"
    claims.write_bytes(claims.read_bytes() + b"\n")
    broken = tmp_path / SDIST
    with tarfile.open(broken, "w:gz") as target:
        target.add(tmp_path / "x" / top, arcname=top)
    with pytest.raises(ReleaseError, match=r"differs from the checkout: .*/data/claims.csv"):
        check_distributions(dists["first"].wheel, broken, REPO)


def test_refuses_a_tree_without_pyproject(tmp_path: Path) -> None:
    _module_or_fail("build")
    _module_or_fail("twine")
    root = tmp_path / "pkg"
    root.mkdir()
    shutil.copy(REPO / "datapackage.json", root)
    with pytest.raises(ReleaseError, match=r"pyproject.toml: missing"):
        build_distributions(root, tmp_path / "dist")
    assert not (tmp_path / "dist").exists()
