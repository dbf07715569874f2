"""The exports stay light to import, name their extra when it is missing, and cover the scaled package."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from exportkit import SCALE, read_package

from csto_annotations._base._errors import OptionalDependencyError
from csto_annotations._export import _huggingface, _spacy
from helpers import REPO

MODULES = ["_common", "_sqlite", "_spacy", "_webanno", "_brat", "_huggingface"]
HEAVY = ["spacy", "datasets", "pyarrow", "yaml", "thinc"]


def test_importing_the_export_modules_loads_no_heavy_library() -> None:
    code = (
        "import sys, json\n"
        + "".join(f"import csto_annotations._export.{m}\n" for m in MODULES)
        + f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


@pytest.mark.parametrize(
    ("module", "blocked", "extra"),
    [(_spacy, "spacy", "spacy"), (_huggingface, "yaml", "huggingface"), (_huggingface, "pyarrow", "huggingface")],
)
def test_missing_dependency_names_the_extra(
    module: Any, blocked: str, extra: str, dataset: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [m for m in sys.modules if m == blocked or m.startswith(blocked + ".")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, blocked, None)  # what an uninstalled package looks like to import
    with pytest.raises(OptionalDependencyError) as caught:
        module.write(dataset, tmp_path / "out")
    message = str(caught.value)
    assert f"'{extra}' extra" in message and f'pip install -e ".[{extra}]"' in message
    assert "\n" not in message and "pip install csto-annotations" not in message
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").rglob("*.*")) == []


def test_scaled_package_is_ten_times_the_real_one(real: Path, scaled10: Path) -> None:
    one, ten = read_package(real), read_package(scaled10)
    assert len(ten.texts) == SCALE * len(one.texts)
    for table in ("mentions", "quotes", "claims", "citations", "claim_entities"):
        assert len(ten.rows(table)) == SCALE * len(one.rows(table)), table
