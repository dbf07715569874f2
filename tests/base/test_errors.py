"""``_base/_errors``: one family of exceptions, each also the builtin callers already catch."""

from __future__ import annotations

import builtins
from pathlib import Path

import pytest

import csto_annotations
from csto_annotations import _cli as cli
from csto_annotations._base import _errors

#: Each error and the builtin exceptions it must also be (so ``except FileNotFoundError`` keeps working).
BUILTINS = {
    "AnchorError": (), "ArchiveError": (), "DescriptorError": (), "DownloadError": (), "IntegrityError": (),
    "LimitError": (), "MissingFileError": (FileNotFoundError,), "OptionalDependencyError": (ImportError,),
    "SourceError": (), "UnknownRecordError": (KeyError,), "UnknownVersionError": (), "UnsafePathError": (),
    "ValidationFailed": (),
}  # fmt: skip


def test_all_lists_every_error_class_defined_and_the_package_exports_them() -> None:
    defined = {name for name, value in vars(_errors).items() if isinstance(value, type) and
               issubclass(value, Exception)}  # fmt: skip
    assert set(_errors.__all__) == defined == set(BUILTINS) | {"DatasetError"}
    for name in _errors.__all__:
        assert getattr(csto_annotations, name) is getattr(_errors, name), name


@pytest.mark.parametrize("name", sorted(BUILTINS))
def test_every_error_is_a_dataset_error_a_value_error_and_its_builtin(name: str) -> None:
    error = getattr(_errors, name)("data/claims.csv: something is wrong; do this next")
    assert isinstance(error, _errors.DatasetError) and isinstance(error, ValueError)
    for builtin in BUILTINS[name]:
        assert isinstance(error, builtin), builtin
    assert str(error) == "data/claims.csv: something is wrong; do this next"
    assert error.resource is None


def test_unknown_record_error_prints_its_message_unquoted_unlike_key_error() -> None:
    assert str(KeyError("no claim 'CL-9999'")) == "\"no claim 'CL-9999'\""
    assert str(_errors.UnknownRecordError("no claim 'CL-9999'")) == "no claim 'CL-9999'"
    assert str(_errors.UnknownRecordError()) == ""


def test_integrity_error_keeps_resource_expected_and_actual() -> None:
    error = _errors.IntegrityError("claims: sha256 differs", resource="claims", expected="sha256:a", actual="sha256:b")
    assert (str(error), error.resource, error.expected, error.actual) == (
        "claims: sha256 differs", "claims", "sha256:a", "sha256:b")  # fmt: skip
    bare = _errors.IntegrityError("x")
    assert (bare.resource, bare.expected, bare.actual) == (None, None, None)


def test_validation_failed_copies_its_problems() -> None:
    problems = [csto_annotations.Problem("claims", 2, "exact", "expected 'a', found 'b'")]
    error = _errors.ValidationFailed("claims: 1 problem", problems=problems)
    problems.append("later")
    assert error.problems == [csto_annotations.Problem("claims", 2, "exact", "expected 'a', found 'b'")]
    assert _errors.ValidationFailed("x").problems == []


def test_no_error_shadows_a_builtin_name() -> None:
    assert not set(_errors.__all__) & set(dir(builtins))


def test_a_raised_error_reaches_the_terminal_naming_the_file_with_control_characters_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The message keeps the path as given; the CLI, which prints it, shows each control character as an escape."""
    root = tmp_path / "pkg\x1b[2J\x07"
    with pytest.raises(_errors.MissingFileError) as caught:
        csto_annotations.load(root)
    assert str(caught.value).startswith(f"{root}: no such file or directory")
    assert cli.main(["validate", str(root)]) == 1
    shown = f"{tmp_path}/pkg\\x1b[2J\\x07"
    assert capsys.readouterr().out == (
        f"datapackage.json: MissingFileError: {shown}: no such file or directory; "
        f"check the path passed as source.\n{shown}: invalid: 1 problem(s)\n"
    )
