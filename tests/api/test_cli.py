"""The command line: summary, validate, info, build, exit codes, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from csto_annotations import _cli as cli
from helpers import REPO, TABLES, edit_cell, make_unbuilt_package, make_zip


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run([sys.executable, "-m", "csto_annotations", *args], capture_output=True, text=True, env=env, cwd=cwd)


def test_summary_of_the_bundled_data(tmp_path: Path) -> None:
    result = run(cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Name:    csto-annotations" in out and "Title:   CSTO annotations" in out and "Version: 1.0.0" in out
    for table in TABLES:
        assert f"  {table} " in out
    assert "Integrity verified" in out and "Suggested citation:" in out and "(version 1.0.0)" in out


def test_validate_valid_package(package: Path) -> None:
    result = run("validate", str(package))
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.strip().endswith(": valid")


def test_validate_invalid_package_one_line_per_problem(package: Path) -> None:
    edit_cell(package, "claims", 2, "source_entity_id", "csto")
    edit_cell(package, "citations", 3, "outlet_entity_id", "kazakhstan")
    result = run("validate", str(package))
    assert result.returncode == 1 and result.stderr == ""
    lines = result.stdout.strip().splitlines()
    assert lines[:-1] == [
        "claims row 2 column source_entity_id: expected an empty cell for an author claim, found 'csto' (claim_id CL-0001)",
        "citations row 3 column outlet_entity_id: expected a media_outlet entity, found 'kazakhstan' of type 'country' (citation_id CT-0002)",
    ]
    assert lines[-1].endswith("invalid: 2 problem(s)")


def test_validate_missing_source_without_traceback(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.startswith("error: ")
    assert len(result.stderr.strip().splitlines()) == 1 and "nowhere" in result.stderr


def test_usage_error_exits_2() -> None:
    result = run("frobnicate")
    assert result.returncode == 2 and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [[], ["validate"], ["info"], ["build"]])
def test_every_subcommand_has_help_with_exit_codes(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.returncode == 0
    assert "exit codes:" in result.stdout and "3  unexpected internal error" in result.stdout


def test_info_on_a_zip(package: Path, tmp_path: Path) -> None:
    archive = make_zip(package, tmp_path / "release.zip")
    result = run("info", str(archive))
    assert result.returncode == 0, result.stderr
    assert "claims" in result.stdout and "sha256:" in result.stdout and "Integrity verified" in result.stdout


def test_info_reports_integrity_failure(package: Path) -> None:
    path = package / "data" / "quotes.csv"
    path.write_bytes(path.read_bytes().replace(b"declared", b"Declared", 1))
    result = run("info", str(package))
    assert result.returncode == 1 and "quotes.csv" in result.stderr and "Traceback" not in result.stderr
    assert run("info", "--no-verify", str(package)).returncode == 0


def test_build_subcommand(tmp_path: Path) -> None:
    root = make_unbuilt_package(tmp_path / "pkg")
    first = run("build", str(root))
    assert first.returncode == 0 and "updated" in first.stdout
    assert "nothing to do" in run("build", str(root)).stdout


def test_build_refusal_exit_1(tmp_path: Path) -> None:
    root = make_unbuilt_package(tmp_path / "pkg")
    path = root / "data" / "citations.csv"
    path.write_text(path.read_text("utf-8").replace("(Avesta, October 9)", "(Avesta, October 99)"), "utf-8")
    result = run("build", str(root))
    assert result.returncode == 1 and "citations.csv row 2" in result.stderr and "Traceback" not in result.stderr


def test_unexpected_error_is_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    def broken(args: object) -> int:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(cli, "COMMANDS", [cli.Command("validate", "x", lambda p: None, broken)])
    assert cli.main(["validate"]) == 3
    err = capsys.readouterr().err
    assert err == "internal error: RuntimeError: boom second line (please report this)\n"


def test_registry_is_extensible(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setattr(cli, "COMMANDS", list(cli.COMMANDS))

    def configure(parser: object) -> None:
        parser.add_argument("--who", default="world")

    cli.register(cli.Command("hello", "say hello", configure, lambda a: print(f"hello {a.who}") or 0))
    assert cli.main(["hello", "--who", "CSTO"]) == 0
    assert capsys.readouterr().out == "hello CSTO\n"
    names = [c.name for c in cli.COMMANDS]
    assert names[:3] == ["validate", "info", "build"] and names.count("hello") == 1
    assert {"cite", "diff", "export", "view"} <= set(names), "plugins register on parser build"
