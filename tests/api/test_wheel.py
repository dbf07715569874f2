"""Build the wheel, install it into a fresh venv outside the checkout, and load from it."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

from helpers import REPO, TABLES


def build_wheel(outdir: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(outdir), str(REPO)],
        check=True,
        capture_output=True,
        text=True,
    )
    (wheel,) = outdir.glob("csto_annotations-*.whl")
    return wheel


def fresh_venv(path: Path) -> Path:
    """A venv without pip; the test interpreter's site-packages supply the dependencies."""
    venv.EnvBuilder(with_pip=False).create(path)
    python = path / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(purelib, "deps-from-test-venv.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def test_wheel_installs_and_loads_outside_the_checkout(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path / "dist")
    names = zipfile.ZipFile(wheel).namelist()
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

    python = fresh_venv(tmp_path / "venv")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "--quiet",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    probe = (
        "import json, csto_annotations as c\n"
        "from csto_annotations._base._paths import bundled_root\n"
        "ds = c.load()\n"
        "print(json.dumps({'module': c.__file__, 'root': str(bundled_root()), 'version': ds.version,\n"
        "  'pkg_version': c.__version__, 'rows': {k: len(v) for k, v in ds.tables.items()},\n"
        "  'valid': c.validate().valid, 'text': ds.text('edm-4-191')[:4]}))\n"
    )
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "CSTO_ANNOTATIONS_CACHE": str(tmp_path / "cache")}
    result = subprocess.run([str(python), "-c", probe], cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout)
    venv_dir = str(tmp_path / "venv")
    assert facts["module"].startswith(venv_dir) and facts["root"].startswith(venv_dir)
    assert facts["root"].endswith("csto_annotations/_package")
    assert facts["version"] == facts["pkg_version"] == json.loads((REPO / "datapackage.json").read_text())["version"]
    assert list(facts["rows"]) == TABLES and facts["valid"] and facts["text"] == "CSTO"
    assert list(home.iterdir()) == [] and not (tmp_path / "cache").exists(), "load() writes nothing but downloads"

    script = subprocess.run(
        [str(tmp_path / "venv" / "bin" / "csto-annotations")], cwd=cwd, env=env, capture_output=True, text=True
    )
    assert script.returncode == 0, script.stderr
    assert "Checked: sizes and sha256 hashes" in script.stdout
