"""Publishing rehearsal: build, serve as a package index and a release host, install into a fresh venv, load.

``scripts/release.py`` builds the release archive, the wheel and the sdist of
the current tree (with a private registry, so the real one is untouched); the
archive's ``croissant.json`` must pass ``mlcroissant validate``. A thread serves them on 127.0.0.1: ``/simple/`` is a PEP 503 simple index of
the wheel and sdist (with ``#sha256=`` fragments), ``/releases/`` the
registered archives (``tests/fixtures/releases/``), ``/candidate/`` the
archive just built. A fresh virtual environment outside the checkout installs
``csto-annotations==<version>`` from that index, with the dependencies from
pip's configured default index, runs ``python -m csto_annotations``, and loads
every registered release by version from ``/releases/``, as a user will once
the archives are hosted. About one to two minutes, most of it pip.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import urllib.request
import venv
import zipfile
from pathlib import Path

import pytest
from croissantkit import validate_cli

from helpers import REPO, read_rows, serve

# Above the 5-minute default timeout: two builds and a fresh venv's pip install, which a cold cache makes long.
pytestmark = [pytest.mark.rehearsal, pytest.mark.timeout(1200)]

DESCRIPTOR = json.loads((REPO / "datapackage.json").read_bytes())
VERSION = DESCRIPTOR["version"]
REQUIRES_PYTHON = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["requires-python"]
REGISTERED = json.loads((REPO / "src/csto_annotations/releases.json").read_bytes())["releases"]
#: pip's own default index, used when no ``index-url`` is configured (pip documents this value).
PIP_DEFAULT_INDEX = "https://pypi.org/simple"
#: Environment variables a fresh shell would pass on: the home (pip's user config and cache), locale,
#: certificates and proxies. Everything Python-specific (PYTHONPATH, VIRTUAL_ENV, …) stays behind.
_KEEP = {"HOME", "LANG", "LC_ALL", "TMPDIR", "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE"}
_PROXIES = {"http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY"}


def clean_env(venv_dir: Path, **extra: str) -> dict[str, str]:
    """A minimal environment: the fresh venv's bin first, pip's own settings, nothing of this test run's Python."""
    env = {k: v for k, v in os.environ.items() if k in _KEEP | _PROXIES or k.startswith("PIP_")}
    env["PATH"] = os.pathsep.join([str(venv_dir / "bin"), os.defpath])
    if any(k in env for k in _PROXIES - {"no_proxy", "NO_PROXY"}):
        for key in ("no_proxy", "NO_PROXY"):
            env[key] = ",".join(filter(None, [env.get(key, ""), "127.0.0.1"]))
    env.update(extra)
    return env


def run(command: list[str], env: dict[str, str], cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{command} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result


def configured_indexes(python: Path, env: dict[str, str], cwd: Path) -> tuple[str, list[str]]:
    """pip's configured ``index-url`` (or pip's default) and ``extra-index-url`` values, as this machine sets them."""
    listed = run([str(python), "-m", "pip", "config", "list"], env, cwd).stdout
    values: dict[str, list[str]] = {"index-url": [], "extra-index-url": []}
    for line in listed.splitlines():
        match = re.match(r"^[^=]*\.(index-url|extra-index-url)='(.*)'$", line.strip())
        if match:
            values[match.group(1)] = match.group(2).split()
    for key in values:  # the environment overrides the files, as in pip
        variable = "PIP_" + key.upper().replace("-", "_")
        if env.get(variable):
            values[key] = env[variable].split()
    index = (values["index-url"] or [PIP_DEFAULT_INDEX])[-1]
    return index, values["extra-index-url"]


def _reachable(index: str) -> bool:
    if not index.startswith(("http://", "https://")):
        return True
    try:
        with urllib.request.urlopen(index.rstrip("/") + "/pip/", timeout=20):
            return True
    except OSError:
        return False


def simple_index(site: Path, dists: list[Path]) -> None:
    """A PEP 503 simple index of ``dists`` under ``site/simple/``, the files under ``site/packages/``."""
    (site / "packages").mkdir(parents=True)
    project = site / "simple" / "csto-annotations"
    project.mkdir(parents=True)
    anchors = []
    for path in dists:
        shutil.copy(path, site / "packages" / path.name)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        anchors.append(
            f'<a href="../../packages/{html.escape(path.name)}#sha256={digest}" '
            f'data-requires-python="{html.escape(REQUIRES_PYTHON)}">{html.escape(path.name)}</a><br/>'
        )
    page = "<!DOCTYPE html>\n<html><head><title>{0}</title></head><body>\n<h1>{0}</h1>\n{1}\n</body></html>\n"
    (project / "index.html").write_text(page.format("Links for csto-annotations", "\n".join(anchors)), "utf-8")
    root_link = '<a href="csto-annotations/">csto-annotations</a>'
    (site / "simple" / "index.html").write_text(page.format("Simple index", root_link), "utf-8")


def test_install_from_an_index_and_load_every_release(tmp_path_factory: pytest.TempPathFactory) -> None:
    work = tmp_path_factory.mktemp("rehearsal")
    assert not work.resolve().is_relative_to(REPO.resolve()), "the rehearsal runs outside the checkout"
    # A fresh venv, created by the standard library (with pip), not by this test run's venv tool.
    venv_dir = work / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(venv_dir)
    python = venv_dir / "bin" / "python"
    env = clean_env(venv_dir)
    index, extras = configured_indexes(python, env, work)
    if not _reachable(index):
        message = f"{index}: pip's default index is unreachable; the rehearsal installs the dependencies from it"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)

    # 1. Build with the maintainer's command: archive, wheel and sdist; a private registry.
    dist = work / "dist"
    registry = work / "releases.json"
    build_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    built = run([sys.executable, str(REPO / "scripts/release.py"), str(REPO), "--dist", str(dist),
                 "--registry", str(registry)], build_env, work)  # fmt: skip
    assert "twine check --strict: passed" in built.stdout
    wheel = dist / f"csto_annotations-{VERSION}-py3-none-any.whl"
    sdist = dist / f"csto_annotations-{VERSION}.tar.gz"
    archive = dist / f"csto-annotations-{VERSION}.zip"
    candidate_sha = json.loads(registry.read_bytes())["releases"][0]["sha256"]
    assert candidate_sha == hashlib.sha256(archive.read_bytes()).hexdigest()
    with zipfile.ZipFile(archive) as zipped:  # the archive describes itself to ML catalogues: croissant.json
        zipped.extractall(work / "unpacked")
    croissant = validate_cli(work / "unpacked" / archive.stem / "croissant.json")
    assert croissant.returncode == 0 and croissant.stderr.rstrip().endswith("Done."), croissant.stderr[-3000:]

    # 2. The site: a simple index, the registered archives, and the candidate.
    site = work / "site"
    simple_index(site, [wheel, sdist])
    (site / "releases").mkdir()
    for entry in REGISTERED:
        shutil.copy(REPO / "tests/fixtures/releases" / entry["file"], site / "releases" / entry["file"])
    (site / "candidate").mkdir()
    shutil.copy(archive, site / "candidate" / archive.name)

    with serve(site) as (base, counts):
        # 3. Install by name and version from the index; dependencies from the configured default index.
        command = [str(python), "-m", "pip", "install", "--index-url", f"{base}/simple/", "--extra-index-url", index]
        for extra in extras:
            command += ["--extra-index-url", extra]
        installed = run([*command, f"csto-annotations=={VERSION}"], env, work)
        assert counts.get(f"/packages/{wheel.name}") == 1, f"the wheel came from the rehearsal index: {counts}"
        assert "Successfully installed" in installed.stdout and f"csto-annotations-{VERSION}" in installed.stdout

        # 4. The installed package is the venv's, not the checkout's.
        where = run([str(python), "-c", "import csto_annotations; print(csto_annotations.__file__)"], env, work)
        module = Path(where.stdout.strip()).resolve()
        assert module.is_relative_to(venv_dir.resolve()) and not module.is_relative_to(REPO.resolve()), module
        summary = run([str(python), "-m", "csto_annotations"], env, work)
        assert VERSION in summary.stdout and DESCRIPTOR["name"] in summary.stdout
        script = run([str(venv_dir / "bin" / "csto-annotations"), "validate"], env, work)
        assert script.stdout.strip().endswith(": valid"), script.stdout  # the console script, on the bundled copy

        # 5. Every registered release, by version, from the release folder, into a private cache.
        cache = work / "cache"
        load_env = clean_env(venv_dir, CSTO_ANNOTATIONS_RELEASE_URL=f"{base}/releases",
                             CSTO_ANNOTATIONS_CACHE=str(cache))  # fmt: skip
        assert REGISTERED, "the registry lists at least one release"
        for entry in REGISTERED:
            code = f"import csto_annotations as c; ds = c.load(version={entry['version']!r}); print(ds.version)"
            loaded = run([str(python), "-c", code], load_env, work)
            assert loaded.stdout.strip() == entry["version"]
            assert counts.get(f"/releases/{entry['file']}") == 1, counts

        # 6. The candidate archive by URL, pinned, every rule checked, with its dataset card inside.
        code = (
            "import csto_annotations as c, sys; "
            f"ds = c.load({base + '/candidate/' + archive.name!r}, known_hash='sha256:{candidate_sha}', verify='full'); "
            "print(ds.version, len(ds.claims))"
        )
        loaded = run([str(python), "-c", code], load_env, work)
        claims = len(read_rows(REPO / "data/claims.csv")) - 1
        assert loaded.stdout.split() == [VERSION, str(claims)]
