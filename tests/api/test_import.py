"""``import csto_annotations`` stays light."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from helpers import REPO

HEAVY = [
    "frictionless",
    "jsonschema",
    "pandas",
    "numpy",
    "pyarrow",
    "yaml",
    "jinja2",
    "spacy",
    "datasets",
    "duckdb",
    "http.client",
    "ssl",
]


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


def test_load_imports_pandas_and_pyarrow_only(package) -> None:
    loaded = modules_after(f"import csto_annotations as c\nc.load({str(package)!r})")
    assert {"pandas", "pyarrow"} <= set(loaded)
    assert not {"frictionless", "yaml", "jinja2", "spacy", "datasets", "duckdb", "http.client"} & set(loaded), loaded


def test_the_bundled_copy_loads_without_jsonschema() -> None:
    """The closed profile's fast path accepts the bundled descriptor; jsonschema is only asked to explain errors."""
    assert "jsonschema" not in modules_after("import csto_annotations as c\nc.load()")


def test_no_import_cycles_not_even_through_function_local_imports() -> None:
    import grimp

    graph = grimp.build_graph("csto_annotations")
    modules = sorted(m for m in graph.modules if m.startswith("csto_annotations."))
    cycles = []
    for module in modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if imported != "csto_annotations" and imported in graph.modules:
                back = graph.find_shortest_chain(importer=imported, imported=module)
                if back:
                    cycles.append((module, *back))
    assert cycles == []
