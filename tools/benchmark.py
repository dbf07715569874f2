"""Measure ``load()`` and ``validate()`` against pandas and frictionless, at N times the data.

For each N a synthetic package N times the real one is written with
:func:`tools.scale.scale`. Then, in this one process, every method runs once
to warm up and ``runs`` more times, interleaved round by round (so a burst of
load on a shared machine hits them alike); the median is kept:

* ``read_csv`` — bare ``pandas.read_csv(path)`` with default arguments, for
  each of the 7 tables (the baseline);
* ``read_csv_typed`` — ``read_csv`` with the schema's dtypes, categories and
  dates (a second column, never the baseline);
* ``read_bytes`` / ``sha256`` — reading every file of the package, and the
  sha256 of those bytes in memory: floors any verifying load pays;
* ``load_full`` / ``load_hashes`` — ``csto_annotations.load(dir, verify=...)``;
* ``validate`` — ``csto_annotations.validate(dir)``;
* ``frictionless_validate`` — ``frictionless.validate(datapackage.json)``;
* ``to_pandas`` — frictionless ``Package(...).get_resource(name).to_pandas()``
  for every table (slow: ``--slow-runs`` caps its rounds).

Peak memory is the peak resident set of a child process (``VmHWM``, the
``ru_maxrss`` of its own memory map), before and after one read, after a
warm-up read of the bundled copy has imported everything; the frames returned
are measured with ``memory_usage(deep=True)``. Cold start
is the wall time of a whole new interpreter. :mod:`tools.benchmark_report`
renders the results; ``scripts/benchmark.py`` wraps :func:`main`.

Example
-------
>>> median([3.0, 1.0, 2.0])
2.0
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import hashlib
import json
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SIZES = (1, 10, 100, 500, 1000)
#: The issues' reference sizes: the targets are judged at each of them that was measured.
REFERENCE_SIZES = (500, 1000)
REFERENCE_N = REFERENCE_SIZES[0]
METHODS = (
    "read_csv",
    "read_csv_typed",
    "read_bytes",
    "sha256",
    "load_full",
    "load_hashes",
    "validate",
    "frictionless_validate",
    "to_pandas",
)
_SLOW = ("to_pandas",)
_PREFIX = re.compile(r"site-packages/|/src/|/lib/python3\.[0-9]+/")


def median(values: Iterable[float]) -> float:
    """The median of ``values``.

    Example
    -------
    >>> median([1.0, 4.0])
    2.5
    """
    return float(statistics.median(list(values)))


def table_files(root: str | os.PathLike[str]) -> dict[str, tuple[Path, dict[str, Any]]]:
    """Table name -> (CSV path, Table Schema) of the package at ``root``, read plainly.

    Example
    -------
    >>> from csto_annotations._base._paths import bundled_root
    >>> list(table_files(bundled_root()))[:2]
    ['documents', 'entities']
    """
    base = Path(root)
    descriptor = json.loads((base / "datapackage.json").read_bytes())
    return {
        r["name"]: (base / r["path"], json.loads((base / r["schema"]).read_bytes()))
        for r in descriptor["resources"]
        if r["type"] == "table"
    }


def bare_read(root: str | os.PathLike[str]) -> dict[str, Any]:
    """The baseline: ``pandas.read_csv(path)`` with default arguments, for every table.

    Example
    -------
    >>> from csto_annotations._base._paths import bundled_root
    >>> sorted(bare_read(bundled_root()))[:2]
    ['citations', 'claim_entities']
    """
    import pandas as pd

    return {name: pd.read_csv(path) for name, (path, _) in table_files(root).items()}


def package_bytes(root: str | os.PathLike[str]) -> list[bytes]:
    """Every file of the package read plainly: ``datapackage.json``, the schemas and every resource.

    Example
    -------
    >>> from csto_annotations._base._paths import bundled_root
    >>> len(package_bytes(bundled_root())) > 8
    True
    """
    base = Path(root)
    resources = json.loads((base / "datapackage.json").read_bytes())["resources"]
    paths = {"datapackage.json", *(r["path"] for r in resources), *(r["schema"] for r in resources if "schema" in r)}
    return [(base / path).read_bytes() for path in sorted(paths)]


def frames_mb(frames: Any) -> float:
    """MB (2**20 bytes) that DataFrames hold: the sum of ``memory_usage(deep=True)``.

    Example
    -------
    >>> import pandas as pd
    >>> round(frames_mb({"t": pd.DataFrame({"n": [0] * 2**17})}), 3)
    1.0
    """
    return sum(int(frame.memory_usage(deep=True).sum()) for frame in frames.values()) / 2**20


def typed_args(schema: dict[str, Any]) -> dict[str, Any]:
    """``read_csv`` keywords giving a schema's dtypes, as a careful pandas user would write them.

    Example
    -------
    >>> typed_args({"fields": [{"name": "n", "type": "integer"}]})["dtype"]
    {'n': 'Int64'}
    """
    import pandas as pd

    from csto_annotations._base._fields import DATE_FORMAT, categories, is_ordered, is_required

    def dtype(field: dict[str, Any]) -> Any:
        values = categories(field)
        if values is not None:
            return pd.CategoricalDtype(values, ordered=is_ordered(field))
        if field["type"] == "integer":
            return "int64" if is_required(field) else "Int64"
        return {"number": "Float64", "boolean": "boolean", "year": "Int64"}.get(field["type"], "string")

    dates = [f["name"] for f in schema["fields"] if f["type"] == "date"]
    return {
        "dtype": {f["name"]: dtype(f) for f in schema["fields"] if f["name"] not in dates},
        "parse_dates": dates or False,
        "date_format": DATE_FORMAT if dates else None,
        "keep_default_na": False,
        "na_values": schema.get("missingValues", [""]),
    }


def typed_read(root: str | os.PathLike[str]) -> dict[str, Any]:
    """``read_csv`` of every table with the schema's dtypes (the second column): the frames ``load()`` returns.

    pandas infers a date column's resolution; ``load()`` gives ``datetime64[ns]``, so dates are cast to it.
    """
    import pandas as pd

    frames = {}
    for name, (path, schema) in table_files(root).items():
        args = typed_args(schema)
        frame = pd.read_csv(path, **args)
        for column in args["parse_dates"] or []:
            frame[column] = frame[column].astype("datetime64[ns]")
        frames[name] = frame
    return frames


def _validate(root: Path) -> None:
    import csto_annotations

    report = csto_annotations.validate(root)
    if not report.valid:  # a synthetic package must be valid, or the timing means nothing
        raise RuntimeError(f"{root}: validate finds the synthetic package invalid:\n{report}")


def _frictionless_validate(root: Path) -> None:
    import frictionless

    report = frictionless.validate(str(root / "datapackage.json"))
    if not report.valid:
        raise RuntimeError(f"{root}: frictionless finds the package invalid: {report.flatten(['type', 'note'])[:3]}")


def _to_pandas(root: Path) -> None:
    import frictionless

    package = frictionless.Package(str(root / "datapackage.json"))
    for name in table_files(root):
        package.get_resource(name).to_pandas()  # type: ignore[attr-defined]  # added by frictionless's pandas plugin


def methods(root: Path) -> dict[str, Callable[[], object]]:
    """The timed callables for the package at ``root``, in report order."""
    import csto_annotations

    blobs = package_bytes(root)
    return {
        "read_csv": lambda: bare_read(root),
        "read_csv_typed": lambda: typed_read(root),
        "read_bytes": lambda: package_bytes(root),
        "sha256": lambda: [hashlib.sha256(blob).digest() for blob in blobs],
        "load_full": lambda: csto_annotations.load(root, verify="full"),
        "load_hashes": lambda: csto_annotations.load(root, verify="hashes"),
        "validate": lambda: _validate(root),
        "frictionless_validate": lambda: _frictionless_validate(root),
        "to_pandas": lambda: _to_pandas(root),
    }


def _timed(call: Callable[[], object]) -> float:
    """Wall time of one call, garbage collected before it."""
    gc.collect()
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def measure_times(root: Path, runs: int, slow_runs: int, log: Callable[[str], None]) -> dict[str, list[float]]:
    """One warm-up of each method, then ``runs`` interleaved rounds (slow methods: ``slow_runs``)."""
    calls = methods(root)
    for name, call in calls.items():
        log(f"    warm-up {name}: {_timed(call):.3f} s")
    times: dict[str, list[float]] = {name: [] for name in calls}
    for round_ in range(runs):
        for name, call in calls.items():
            if name not in _SLOW or round_ < slow_runs:
                times[name].append(_timed(call))
        log(f"    round {round_ + 1}/{runs}: " + ", ".join(f"{n} {t[-1]:.3f}" for n, t in times.items() if t))
    return times


_MEMORY_CHILD = """
import json, resource, sys
method, root, warm = sys.argv[1:4]
import csto_annotations
from tools.benchmark import bare_read


def peak_kb():
    # VmHWM: the peak RSS of this process's own memory map. ru_maxrss alone would report the parent's
    # peak, which Linux carries into a child across fork and exec.
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


run = (lambda r: csto_annotations.load(r, verify="full")) if method == "load_full" else bare_read
run(warm)  # imports whatever the read imports lazily
base = peak_kb()
frames = run(root)
print(json.dumps({"base_kb": base, "peak_kb": peak_kb()}))
"""


def child_env() -> dict[str, str]:
    """The environment of child processes: this checkout's ``src`` and ``tools`` first, and no coverage.

    Coverage's subprocess hook (set by ``pytest --cov``) would trace the measured children, so they
    would time the tracer; under it, a child once aborted at exit in pyarrow ("terminate called
    without an active exception").
    """
    path = os.pathsep.join([str(REPO / "src"), str(REPO), os.environ.get("PYTHONPATH", "")])
    untraced = {k: v for k, v in os.environ.items() if not k.startswith(("COVERAGE_PROCESS_", "COV_CORE_"))}
    return {**untraced, "PYTHONPATH": path.rstrip(os.pathsep)}


def peak_memory(method: str, root: Path) -> dict[str, float]:
    """Peak RSS (``VmHWM``, else ``ru_maxrss``) of a child process reading ``root``, in MB: whole process and growth."""
    from csto_annotations._base._paths import bundled_root

    out = subprocess.run(
        [sys.executable, "-c", _MEMORY_CHILD, method, str(root), str(bundled_root())],
        capture_output=True, text=True, env=child_env(), check=True, timeout=600,
    )  # fmt: skip
    kb = json.loads(out.stdout.strip().splitlines()[-1])
    return {"peak_mb": kb["peak_kb"] / 1024, "growth_mb": (kb["peak_kb"] - kb["base_kb"]) / 1024}


def cold_start(runs: int) -> dict[str, list[float]]:
    """Wall times of whole new interpreters: the package's bundled load, and pandas plus bare reads."""
    from csto_annotations._base._paths import bundled_root

    paths = [str(path) for path, _ in table_files(bundled_root()).values()]
    codes = {
        "package": "import csto_annotations; csto_annotations.load()",
        "pandas": f"import pandas\nfor p in {paths!r}:\n    pandas.read_csv(p)",
    }
    times: dict[str, list[float]] = {name: [] for name in codes}
    for round_ in range(runs + 1):
        for name, code in codes.items():
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, env=child_env(), timeout=120)
            if round_:  # round 0 warms the file cache and the .pyc files
                times[name].append(time.perf_counter() - start)
    return times


def load_phases(root: Path, verify: str, runs: int = 3) -> dict[str, float]:
    """Median seconds of the phases of ``load(root, verify=verify)``, timed without a profiler.

    ``read_package`` (descriptor, closed profile, paths, reading and hashing every file, schemas), of which
    the closed-profile check of the descriptor alone, then the engine's ``check`` (typing and rules), and
    the rest of a whole ``load()`` (building the Dataset).

    Example
    -------
    >>> from csto_annotations._base._paths import bundled_root
    >>> sorted(load_phases(bundled_root(), "hashes", runs=1))
    ['check', 'descriptor profile', 'read_package', 'rest', 'total']
    """
    import csto_annotations
    from csto_annotations._engine._run import check
    from csto_annotations._reader._package import read_package
    from csto_annotations._reader._profile import check_descriptor

    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        total = _timed(lambda: csto_annotations.load(root, verify=verify))
        start = time.perf_counter()
        package = read_package(root)
        read = time.perf_counter() - start
        profile = _timed(partial(check_descriptor, package.descriptor, "datapackage.json"))
        engine = _timed(partial(check, package, verify))
        for phase, seconds in (("total", total), ("read_package", read), ("descriptor profile", profile),
                               ("check", engine), ("rest", max(total - read - engine, 0.0))):  # fmt: skip
            samples.setdefault(phase, []).append(seconds)
    return {phase: median(values) for phase, values in samples.items()}


def _label(file: str, line: int, name: str) -> str:
    """``package/module.py:line(function)``: the path below site-packages, src/ or the standard library."""
    if file == "~":
        return name
    return f"{_PREFIX.split(file)[-1]}:{line}({name})"


def profile_load(root: Path, verify: str, top: int = 12) -> dict[str, list[dict[str, Any]]]:
    """cProfile one ``load(root, verify=verify)`` after a warm-up load.

    Returns the ``top`` functions by own time (``"own"``), and the package's
    own functions by cumulative time (``"package"``), which shows the phases.

    Example
    -------
    >>> from csto_annotations._base._paths import bundled_root
    >>> found = profile_load(bundled_root(), "hashes", top=3)
    >>> len(found["own"]), sorted(found["own"][0])
    (3, ['calls', 'cumulative_s', 'function', 'own_s'])
    """
    import csto_annotations

    csto_annotations.load(root, verify=verify)  # warm: imports and caches, as in the timed runs
    profiler = cProfile.Profile()
    profiler.runcall(csto_annotations.load, root, verify=verify)
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    rows = [
        {"function": _label(*key), "calls": calls, "own_s": own, "cumulative_s": cumulative}
        for key, (_, calls, own, cumulative, _) in stats.items()
    ]
    package = [r for r in rows if r["function"].startswith("csto_annotations/")]
    return {
        "own": sorted(rows, key=lambda r: r["own_s"], reverse=True)[:top],
        "package": sorted(package, key=lambda r: r["cumulative_s"], reverse=True)[:top],
    }


def measure_size(
    n: int, work: Path, runs: int, slow_runs: int, log: Callable[[str], None], *, profile: bool = False
) -> dict[str, Any]:
    """Every measurement at one size: rows, times, peak memory and, with ``profile``, load's top costs."""
    import csto_annotations
    from tools.scale import row_counts, scale

    started = time.perf_counter()
    root = scale(n, work / f"x{n}")
    rows = row_counts(root)
    size_mb = sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / 1e6
    log(f"  N={n}: {sum(rows.values()):,} rows, {size_mb:.1f} MB, written in {time.perf_counter() - started:.1f} s")
    times = measure_times(root, runs, slow_runs, log)
    memory = {m: [peak_memory(m, root) for _ in range(min(runs, 3))] for m in ("load_full", "read_csv")}
    result: dict[str, Any] = {
        "n": n, "rows": rows, "total_rows": sum(rows.values()), "megabytes": size_mb,
        "times": times, "median": {m: median(t) for m, t in times.items() if t},
        "memory": {m: {k: median(v[k] for v in values) for k in values[0]} for m, values in memory.items()},
        "frames_mb": {"load_full": frames_mb(csto_annotations.load(root, verify="full").tables),
                      "read_csv": frames_mb(bare_read(root))},
    }  # fmt: skip
    log("    peak memory: " + ", ".join(f"{m} +{v['growth_mb']:.1f} MB" for m, v in result["memory"].items()))
    if profile:
        result["phases"] = {v: load_phases(root, v, min(runs, 3)) for v in ("full", "hashes")}
        result["profile"] = {v: profile_load(root, v) for v in ("full", "hashes")}
    return result


def run(
    sizes: Iterable[int], runs: int = 5, slow_runs: int | None = None, workdir: str | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:  # fmt: skip
    """Run every measurement; return the results :mod:`tools.benchmark_report` renders."""
    from tools.benchmark_report import machine

    work = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="csto-bench-"))
    slow = runs if slow_runs is None else slow_runs
    results: dict[str, Any] = {"machine": machine(), "runs": runs, "slow_runs": slow, "sizes": []}
    results["load_average_start"] = os.getloadavg()
    try:
        sizes = list(sizes)
        profiled = REFERENCE_N if REFERENCE_N in sizes else max(sizes)
        for n in sizes:
            results["sizes"].append(measure_size(n, work, runs, slow, log, profile=n == profiled))
            if not workdir:
                shutil.rmtree(work / f"x{n}", ignore_errors=True)
    finally:
        if not workdir:
            shutil.rmtree(work, ignore_errors=True)
    log("  cold start")
    cold = cold_start(max(runs, 5))
    results["cold_start"] = {"times": cold, "median": {k: median(v) for k, v in cold.items()}}
    results["load_average_end"] = os.getloadavg()
    return results


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="benchmark.py",
        description="Benchmark load() and validate() against bare pandas.read_csv and frictionless; "
        "write docs/benchmarks.md.",
    )
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated N (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=5, help="timed rounds after one warm-up (default: %(default)s)")
    parser.add_argument(
        "--slow-runs", type=int, default=None, help="rounds of frictionless to_pandas (default: --runs)"
    )
    parser.add_argument(
        "--workdir", default=None, help="keep the synthetic packages here (default: a temporary directory)"
    )
    parser.add_argument("--docs", default=str(REPO / "docs"), help="where benchmarks.md goes (default: %(default)s)")
    parser.add_argument("--json", default=None, help="also write the raw results to this file")
    parser.add_argument(
        "--render", default=None, metavar="JSON", help="measure nothing: re-render results saved with --json"
    )
    parser.add_argument(
        "--before", default=None, metavar="JSON",
        help="also report this earlier profile ({commit, n, phases, profile}, as load_phases and profile_load give)",
    )  # fmt: skip
    return parser


def _sizes(text: str) -> list[int] | None:
    try:
        sizes = [int(s) for s in text.split(",") if s.strip()]
    except ValueError:
        return None
    return sizes if sizes and min(sizes) >= 1 else None


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table, write the report: 0, or 2 on bad arguments."""
    from csto_annotations._atomic import atomic_write_text
    from tools.benchmark_report import console_table, markdown

    args = _parser().parse_args(argv)
    sizes = _sizes(args.sizes)
    if sizes is None or args.runs < 1 or (args.slow_runs is not None and args.slow_runs < 1):
        print(f"error: --sizes takes whole numbers >= 1 separated by commas (got {args.sizes!r}); "
              "--runs and --slow-runs must be >= 1", file=sys.stderr)  # fmt: skip
        return 2
    if args.render:
        results = json.loads(Path(args.render).read_text("utf-8"))
    else:
        results = run(sizes, args.runs, args.slow_runs, args.workdir, log=lambda m: print(m, flush=True))
        if args.json:
            atomic_write_text(args.json, json.dumps(results, indent=1) + "\n")
    if args.before:
        results["before"] = json.loads(Path(args.before).read_text("utf-8"))
    docs = Path(args.docs)
    docs.mkdir(parents=True, exist_ok=True)
    print(console_table(results))
    atomic_write_text(docs / "benchmarks.md", markdown(results))
    print(f"wrote {docs / 'benchmarks.md'}")
    return 0
