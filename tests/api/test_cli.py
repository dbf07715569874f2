"""The command line: summary, validate, info, build, exit codes, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from csto_annotations import _cli as cli
from helpers import REPO, TABLES, edit_cell, make_unbuilt_package, make_zip


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run(
        [sys.executable, "-m", "csto_annotations", *args], capture_output=True, text=True, env=env, cwd=cwd
    )


def test_summary_of_the_bundled_data(tmp_path: Path) -> None:
    result = run(cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    version = json.loads((REPO / "datapackage.json").read_text("utf-8"))["version"]
    assert "Name:    csto-annotations" in out and "Title:   CSTO annotations" in out and f"Version: {version}" in out
    assert f"Files:   {REPO}" in out, "the summary says where the package files are"
    for table in TABLES:
        assert f"  {table} " in out
    assert "Checked: sizes and sha256 hashes of every file, schemas included" in out
    assert "Suggested citation:" in out and f"version {version}" in out
    tried = out.split("Try next:")[1].strip().splitlines()
    assert len(tried) == 3 and all(line.strip().startswith("python -m csto_annotations ") for line in tried)


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
    assert result.returncode == 1 and result.stderr == ""
    lines = result.stdout.strip().splitlines()
    assert (
        len(lines) == 2
        and "nowhere: no such file or directory" in lines[0]
        and lines[1].endswith("invalid: 1 problem(s)")
    )
    info = run("info", str(tmp_path / "nowhere"))
    assert info.returncode == 1 and info.stderr.startswith("error: ") and "Traceback" not in info.stderr


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
    assert "claims" in result.stdout and "sha256:" in result.stdout and "Checked: every rule" in result.stdout


def test_info_reports_integrity_failure(package: Path) -> None:
    path = package / "data" / "quotes.csv"
    path.write_bytes(path.read_bytes().replace(b"declared", b"Declared", 1))
    result = run("info", str(package))
    assert result.returncode == 1 and "quotes.csv" in result.stderr and "Traceback" not in result.stderr


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
        raise RuntimeError("boom\nsecond line\x1b[2J")

    monkeypatch.setitem(cli.COMMANDS, "validate", ("x", lambda p: None, broken))
    assert cli.main(["validate"]) == 3
    err = capsys.readouterr().err
    assert err == "internal error: RuntimeError: boom second line\\x1b[2J (please report this)\n"


def test_the_command_line_is_a_plain_table() -> None:
    assert list(cli.COMMANDS) == ["validate", "info", "cite", "diff", "export", "view", "build"]
    parser = cli.build_parser()
    for name, (summary, _, run_command) in cli.COMMANDS.items():
        args = parser.parse_args(
            [name, *(["a", "b"] if name == "diff" else []), *(["--out", "x"] if name == "export" else [])]
        )
        assert args.run is run_command and summary


def test_version_flag_names_package_dataset_and_releases(tmp_path: Path) -> None:
    result = run("--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    version = json.loads((REPO / "datapackage.json").read_text("utf-8"))["version"]
    registry = json.loads((REPO / "src" / "csto_annotations" / "releases.json").read_text("utf-8"))["releases"]
    lines = result.stdout.splitlines()
    assert lines[0].startswith("csto-annotations ") and lines[0].endswith("(Python package)")
    assert lines[1] == f"dataset {version} (bundled copy)"
    assert lines[2] == "registered releases: " + ", ".join(e["version"] for e in registry)


def test_a_released_version_is_a_source_for_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["info", "0.0.1"]) == 1, "a version that is not registered is refused, not read as a path"
    err = capsys.readouterr().err
    assert "version '0.0.1' is not a known release" in err and "releases.json" in err
    for name, (_, configure, _) in cli.COMMANDS.items():
        parser = cli.argparse.ArgumentParser()
        configure(parser)
        helps = " ".join(a.help or "" for a in parser._actions)
        assert name == "build" or "released version" in helps, f"{name} takes a released version"


def test_export_help_names_its_default_format() -> None:
    result = run("export", "--help")
    assert "(default: parquet)" in " ".join(result.stdout.split())


def test_a_folder_inside_a_package_points_one_folder_up(tmp_path: Path) -> None:
    result = run("info", str(REPO / "data"), cwd=tmp_path)
    assert result.returncode == 1
    assert f"whose root is one folder up: pass {REPO} as source" in " ".join(result.stderr.split())
    assert "restore" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [("cite", "--format", "bibtex"), ("info",), ()], ids=["cite", "info", "summary"])
def test_a_closed_output_pipe_is_exit_1_not_an_internal_error(args: tuple[str, ...]) -> None:
    """`… | head` closes the pipe early: the command says so and exits 1, with no traceback at exit."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    read_end, write_end = os.pipe()
    os.close(read_end)  # closed before the command writes anything, so its first write fails
    result = subprocess.run(
        [sys.executable, "-m", "csto_annotations", *args], stdout=write_end, stderr=subprocess.PIPE, text=True, env=env
    )
    os.close(write_end)
    assert result.returncode == 1, result.stderr
    assert result.stderr == "error: the output was closed before everything was written.\n"


LONG_NAME = "n" * 300  # longer than any file system's 255-byte limit on one name: stat() raises ENAMETOOLONG


@pytest.mark.parametrize(
    "args",
    [
        ("info", LONG_NAME),
        ("validate", LONG_NAME),
        ("cite", LONG_NAME),
        ("build", LONG_NAME),
        ("diff", LONG_NAME, LONG_NAME),
        ("export", LONG_NAME, "--out", "unused"),
        ("view", LONG_NAME, "--out", "unused.html"),
        ("info", "1.0.0-" + LONG_NAME),  # shaped like a version, so first looked for as a path
    ],
    ids=lambda args: " ".join(a if len(a) < 20 else a[:9] + "..." for a in args),
)
def test_a_name_too_long_for_the_file_system_is_exit_1_naming_it(
    args: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code = cli.main(list(args))
    captured = capsys.readouterr()
    assert code == 1, captured.err
    assert LONG_NAME in captured.err + captured.out and "internal error" not in captured.err
    assert list(tmp_path.iterdir()) == []  # nothing written
