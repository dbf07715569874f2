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

MODULES = ["_common", "_sqlite", "_spacy", "_webanno", "_brat", "_huggingface", "_stata"]
HEAVY = ["spacy", "datasets", "pyarrow", "yaml", "thinc", "pyreadstat", "pandas"]


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
    [
        (_spacy, "spacy", "spacy"),
        (_huggingface, "yaml", None),  # pyarrow and PyYAML are core dependencies: no extra installs them
        (_huggingface, "pyarrow", None),
    ],
)
def test_missing_dependency_names_the_extra_or_the_core_install(
    module: Any, blocked: str, extra: str | None, dataset: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [m for m in sys.modules if m == blocked or m.startswith(blocked + ".")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, blocked, None)  # what an uninstalled package looks like to import
    with pytest.raises(OptionalDependencyError) as caught:
        module.write(dataset, tmp_path / "out")
    message = str(caught.value)
    if extra is not None:
        assert f"'{extra}' extra" in message and f'pip install -e ".[{extra}]"' in message
    else:
        assert "a core dependency" in message and "pip install -e . (" in message
        assert "extra" not in message and ".[" not in message
    assert "\n" not in message and "pip install csto-annotations" not in message
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").rglob("*.*")) == []


def test_scaled_package_is_ten_times_the_real_one(real: Path, scaled10: Path) -> None:
    one, ten = read_package(real), read_package(scaled10)
    assert len(ten.texts) == SCALE * len(one.texts)
    for table in ("mentions", "quotes", "claims", "citations", "claim_entities"):
        assert len(ten.rows(table)) == SCALE * len(one.rows(table)), table


@pytest.mark.parametrize("module", [_spacy, _huggingface])
def test_an_out_dir_that_is_a_file_is_refused(module: Any, dataset: Any, tmp_path: Path) -> None:
    from csto_annotations._base._errors import DatasetError

    blocker = tmp_path / "taken"
    blocker.write_text("x", "utf-8")
    with pytest.raises(DatasetError, match="exists and is not a directory; choose another --out"):
        module.write(dataset, blocker)
    assert blocker.read_text("utf-8") == "x"


SECTIONS = {
    "SQLite": "_sqlite",
    "spaCy": "_spacy",
    "W3C Web Annotation": "_webanno",
    "Hugging Face": "_huggingface",
}


def test_the_python_examples_in_docs_formats_run(exported: Any, tmp_path: Path) -> None:
    import re

    text = (REPO / "docs" / "formats.md").read_text("utf-8")
    sections = dict(re.findall(r"^## (.+?)\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S))
    snippets = []
    for title, module in SECTIONS.items():
        # The usage example of each section; blocks marked <!-- idiom: … --> are run by test_provenance.py.
        (code,) = re.findall(r"(?<!-->\n)```python\n(.*?)```", sections[title], flags=re.S)
        assert len(code.strip().splitlines()) == 3, title
        # Each snippet's last line is an expression; print it so that a wrong result shows.
        *body, last = code.strip().splitlines()
        snippets.append("\n".join([*body, f"print(repr({last}))"]).replace("DIR", str(exported(module))))
    home = tmp_path / "hf"
    env = {**os.environ, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "HF_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-c", "\n".join(snippets)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    printed = done.stdout.splitlines()
    assert printed[0].startswith("[('CL-0002', 'The Collective Security Treaty Organization")
    assert (
        printed[1] == "[('CSTO', 'organization', 'csto'), ('CENTRAL ASIA', 'place', 'central-asia'), "
        "('Eurasia Daily Monitor', 'media_outlet', 'eurasia-daily-monitor')]"
    )
    assert printed[2] == "['CSTO', 'CENTRAL ASIA', 'Eurasia Daily Monitor']"
    assert printed[3] == "'event'"
