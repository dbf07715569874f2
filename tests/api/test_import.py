"""``import csto_annotations`` stays light."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from helpers import REPO

HEAVY = ["frictionless", "jsonschema", "pooch", "pandas", "numpy", "requests"]


def modules_after(code: str) -> list[str]:
    """Run ``code`` in a fresh interpreter; return which heavy modules got imported."""
    probe = f"{code}\nimport sys, json\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_import_is_light() -> None:
    assert modules_after("import csto_annotations") == []


def test_errors_and_version_are_light() -> None:
    code = "import csto_annotations as c\nc.DatasetError\nc.__version__"
    assert modules_after(code) == []


def test_load_imports_pandas_but_not_the_validators(package) -> None:
    loaded = modules_after(f"import csto_annotations as c\nc.load({str(package)!r})")
    assert "pandas" in loaded
    assert not {"frictionless", "pooch"} & set(loaded)
