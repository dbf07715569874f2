"""One promise, tested as a property: every command succeeds or fails cleanly, and leaves nothing partial.

Hypothesis mutates a copy of the real package (``hostile/mutants.py``: bytes of
the CSV files and the text, cells, Table Schema fields, descriptor strings,
record IDs, resource names) and runs, in-process through ``cli.main``:

* ``load()`` (a Dataset or a :class:`DatasetError`, agreeing with ``validate``)
  and ``validate``;
* for a mutant ``validate`` accepts: ``info``, ``cite`` in every format of the
  citation registry and with ``--claim``/``--quote``, ``export`` in every format
  of the export registry, ``view``, ``diff`` with the mutant on either side,
  and ``build`` on a copy of it;
* for a mutant it refuses (cheaper): ``info``, ``cite --claim``, ``export
  --format csv`` and ``view``.

Each must exit 0 or 1, never 3 (an internal error) and never with another
exception; on exit 1 its output folder or file is absent, or, when it existed,
unchanged. The loader is memoised within one example (the commands read the
same mutant), so an example costs one load, not thirty.

The normal run is repeatable and short (``derandomize=True``, FAST examples,
no shrinking: a mutation's ``repr`` already says what it changed);
``-m nightly`` runs many more, ``CSTO_HOSTILE_EXAMPLES`` sets how many, and
``CSTO_HOSTILE_SEED`` explores at random from that seed instead::

    CSTO_HOSTILE_EXAMPLES=3000 CSTO_HOSTILE_SEED=7 python -m pytest -m nightly \\
        tests/hostile/test_property_commands.py
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, event, given, reject, seed, settings
from hypothesis import strategies as st

import csto_annotations
from csto_annotations import _cli as cli
from csto_annotations._cite import FORMATS as CITE_FORMATS
from csto_annotations._export import FORMATS as EXPORT_FORMATS
from helpers import nightly_examples
from hostile import edits
from hostile.commands import Loads, run, snapshot
from hostile.mutants import Mutation, mutations

COMMON: dict[str, Any] = dict(
    deadline=None, database=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
FAST = settings(max_examples=40, derandomize=True, **COMMON)
_SEED = os.environ.get("CSTO_HOSTILE_SEED")
# CI's `-m nightly` run takes a twentieth (helpers.nightly_examples); CSTO_HOSTILE_EXAMPLES sets the count outright.
_EXAMPLES = os.environ.get("CSTO_HOSTILE_EXAMPLES")
NIGHTLY = settings(max_examples=int(_EXAMPLES) if _EXAMPLES else nightly_examples(1000), derandomize=_SEED is None,
                   **COMMON)  # fmt: skip


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return edits.fresh_copy(tmp_path_factory.mktemp("pristine") / "pkg")


@pytest.fixture()
def loads(monkeypatch: pytest.MonkeyPatch) -> Loads:
    memo = Loads()
    monkeypatch.setattr(cli, "load", memo)
    return memo


def _ids(ds: Any) -> tuple[str, str]:
    """A claim (one with a quote, where there is one) and a quote of ``ds``."""
    claims, quotes = ds.tables["claims"], ds.tables["quotes"]
    quoted = claims[claims["quote_id"].notna()]
    return str((quoted if len(quoted) else claims)["claim_id"].iloc[0]), str(quotes["quote_id"].iloc[0])


def commands(source: Path, pristine: Path, out: Path, ds: Any) -> Iterator[tuple[list[str], Path | None]]:
    """(argv, the output it may write) for every command, formats taken from the registries."""
    src = str(source)
    yield ["info", src], None
    for name in CITE_FORMATS:
        yield ["cite", src, "--format", name], None
    claim, quote = _ids(ds) if ds is not None else ("CL-0034", "QT-0006")
    yield ["cite", src, "--claim", claim], None
    yield ["cite", src, "--quote", quote], None
    for name in EXPORT_FORMATS:
        yield ["export", src, "--format", name, "--out", str(out / name)], out / name
    yield ["view", src, "--out", str(out / "view.html")], out / "view.html"
    yield ["diff", str(pristine), src], None
    yield ["diff", src, str(pristine), "--format", "text"], None


def cheap(argv: list[str]) -> bool:
    """The commands run on a refused mutant: info, cite --claim, export --format csv and view."""
    return argv[0] in ("info", "view") or argv[2] == "--claim" or (argv[0] == "export" and argv[3] == "csv")


def check(argv: list[str], out: Path | None, mutation: Mutation, before: dict[str, bytes | None]) -> None:
    code, text = run(argv)
    written = snapshot(out) if out is not None else before
    clean = code in (0, 1) and "internal error" not in text and (code == 0 or written == before)
    if clean:
        event(f"{argv[0]} exit {code}")
        return
    raise AssertionError(f"{mutation!r}: {' '.join(argv)} exited {code} (output left: {written != before}):\n{text}")


def check_mutant(changes: list[Mutation], pristine: Path, loads: Loads, existing: bool) -> None:
    loads.forget(keep=pristine)
    mutation = Mutation("+".join(m.family for m in changes), "; ".join(m.what for m in changes), lambda root: None)
    with tempfile.TemporaryDirectory(prefix="csto-property-") as work:
        root = Path(shutil.copytree(pristine, Path(work) / "pkg"))
        for change in changes:
            try:
                change.apply(root)
            except (
                ValueError,
                LookupError,
                StopIteration,
                UnicodeError,
                csv.Error,
            ):  # an earlier change broke this one
                reject()
        out = Path(work) / "out"
        out.mkdir()
        code, text = run(["validate", str(root)])
        assert code in (0, 1) and "internal error" not in text, f"{mutation!r}: validate exited {code}:\n{text}"
        try:
            ds = loads(root)
        except csto_annotations.DatasetError:
            ds = None
        assert (ds is not None) == (code == 0), f"{mutation!r}: validate exited {code}, load() disagrees"
        for change in changes:
            event(f"{change.family}: {'accepted' if ds is not None else 'refused'}")
        chosen = list(commands(root, pristine, out, ds))
        if ds is None:  # refused: the cheap check that nothing runs on it
            chosen = [(argv, target) for argv, target in chosen if cheap(argv)]
        for argv, target in chosen:
            if target is not None and existing and argv[0] == "export":
                target.mkdir()
                (target / "keep.txt").write_text("the user's own file")
            check(argv, target, mutation, snapshot(target) if target is not None else {})
        if ds is not None:
            built = Path(shutil.copytree(root, Path(work) / "build" / "pkg", symlinks=True))
            check(["build", str(built)], built, mutation, snapshot(built))


@FAST
@given(changes=st.lists(mutations(), min_size=1, max_size=3), existing=st.booleans())
def test_every_command_exits_0_or_1_and_leaves_nothing_partial(
    changes: list[Mutation], existing: bool, pristine: Path, loads: Loads
) -> None:
    check_mutant(changes, pristine, loads, existing)


@pytest.mark.nightly
@NIGHTLY
@seed(int(_SEED or 0))
@given(changes=st.lists(mutations(), min_size=1, max_size=3), existing=st.booleans())
def test_every_command_exits_0_or_1_and_leaves_nothing_partial_nightly(
    changes: list[Mutation], existing: bool, pristine: Path, loads: Loads
) -> None:
    check_mutant(changes, pristine, loads, existing)


def test_the_commands_cover_every_registered_format(pristine: Path, tmp_path: Path) -> None:
    argvs = [argv for argv, _ in commands(pristine, pristine, tmp_path, None)]
    assert {a[3] for a in argvs if a[0] == "export"} == set(EXPORT_FORMATS)
    assert {a[3] for a in argvs if a[0] == "cite" and a[2] == "--format"} == set(CITE_FORMATS)
    assert {a[0] for a in argvs} | {"validate", "build"} == set(cli.COMMANDS)
