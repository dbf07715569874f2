"""Build the wheel and the sdist, install each with its dependencies into a clean venv outside the checkout, and run it.

pip installs the dependencies the distribution's own metadata declares, from the
index pip is configured with (the test venv's packages are not visible), so a
dependency missing from ``pyproject.toml`` fails here. The sdist is built into a
wheel by pip, in an isolated build environment, as a user's pip would.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

from helpers import REPO, TABLES

#: pip's own settings (index, cache, constraints), the home (pip's cache) and the network's; nothing of this Python.
_KEEP = {"HOME", "LANG", "LC_ALL", "TMPDIR", "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE"}
_PROXIES = {"http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY"}
CORE = [re.split(r"[<>=!~; ]", d, maxsplit=1)[0].lower() for d in
        tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]]  # fmt: skip


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The wheel and the sdist of the checkout, built once."""
    outdir = tmp_path_factory.mktemp("dist")
    command = [sys.executable, "-m", "build", "--wheel", "--sdist", "--no-isolation", "--outdir", str(outdir)]
    subprocess.run([*command, str(REPO)], check=True, capture_output=True, text=True)
    (wheel,) = outdir.glob("csto_annotations-*.whl")
    (sdist,) = outdir.glob("csto_annotations-*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}


def test_the_wheel_holds_the_package_and_its_data_and_nothing_else(dists: dict[str, Path]) -> None:
    names = zipfile.ZipFile(dists["wheel"]).namelist()
    for required in [
        "csto_annotations/_package/datapackage.json",
        "csto_annotations/_package/data/texts/edm-4-191.txt",
        "csto_annotations/_view/templates/viewer.html.j2",
        "csto_annotations/_package/schemas/claims.schema.json",
        "csto_annotations/releases.json",
        "csto_annotations/_api.py",
        "csto_annotations/_reader/_profile.py",
    ]:
        assert required in names
    assert not [n for n in names if n.startswith("tools/") or "benchmark" in n or "scale" in n], (
        "maintainer tools stay out"
    )
    assert all(f"csto_annotations/_package/data/{t}.csv" in names for t in TABLES)
    with tarfile.open(dists["sdist"]) as sdist:
        members = {m.name.split("/", 1)[1] for m in sdist.getmembers() if "/" in m.name}
    assert {"pyproject.toml", "datapackage.json", "src/csto_annotations/_api.py", "data/claims.csv"} <= members


@pytest.mark.timeout(900)  # pip installs pandas, numpy and pyarrow: a cold cache downloads about 100 MB
@pytest.mark.parametrize("kind", ["wheel", "sdist"])
def test_installs_with_its_dependencies_into_a_clean_venv_and_runs(
    dists: dict[str, Path], kind: str, tmp_path: Path
) -> None:
    venv_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(venv_dir)
    python = venv_dir / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k in _KEEP | _PROXIES or k.startswith("PIP_")}
    env["PATH"] = os.pathsep.join([str(venv_dir / "bin"), os.defpath])
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(dists[kind])],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=840,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr[-3000:]

    probe = (
        "import json, importlib.metadata as md, csto_annotations as c\n"
        "from csto_annotations._base._paths import bundled_root\n"
        "ds = c.load()\n"
        "print(json.dumps({'module': c.__file__, 'root': str(bundled_root()), 'version': ds.version,\n"
        "  'pkg_version': c.__version__, 'rows': {k: len(v) for k, v in ds.tables.items()},\n"
        "  'valid': c.validate().valid, 'text': ds.text('edm-4-191')[:4],\n"
        "  'installed': sorted(d.metadata['Name'].lower() for d in md.distributions())}))\n"
    )
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    run_env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "CSTO_ANNOTATIONS_CACHE": str(tmp_path / "cache")}
    result = subprocess.run([str(python), "-c", probe], cwd=cwd, env=run_env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout)
    assert facts["module"].startswith(str(venv_dir)) and facts["root"].startswith(str(venv_dir))
    assert facts["root"].endswith("csto_annotations/_package")
    assert facts["version"] == facts["pkg_version"] == json.loads((REPO / "datapackage.json").read_text())["version"]
    assert list(facts["rows"]) == TABLES and facts["valid"] and facts["text"] == "CSTO"
    assert set(CORE) <= set(facts["installed"]), "pip installed every dependency the metadata declares"
    assert list(home.iterdir()) == [] and not (tmp_path / "cache").exists(), "load() writes nothing but downloads"

    script = subprocess.run([str(venv_dir / "bin" / "csto-annotations")], cwd=cwd, env=run_env, capture_output=True,
                            text=True)  # fmt: skip
    assert script.returncode == 0 and "Checked: sizes and sha256 hashes" in script.stdout, script.stderr
    validate = [str(python), "-m", "csto_annotations", "validate"]
    checked = subprocess.run(validate, cwd=cwd, env=run_env, capture_output=True, text=True)
    assert checked.returncode == 0 and checked.stdout.rstrip().endswith(": valid"), checked.stderr
