"""Measure ``load()`` and ``validate()`` against pandas and frictionless, at N× the data.

For each N, a synthetic package N times the real one is written with
:func:`csto_annotations.scale.scale`, then, in this one process, each method
runs once to warm up and ``runs`` more times; the median is kept. Methods of
one N are interleaved run by run, so a burst of load on a shared machine hits
them alike:

* ``load`` — :func:`csto_annotations.load` with verification (hashes, types,
  constraints and whatever else ``load`` checks);
* ``read_csv`` — bare :func:`pandas.read_csv` of the same CSV files with the
  same dtypes (the baseline; it reads neither the descriptor nor the texts);
* ``to_pandas`` — frictionless ``Resource.to_pandas()`` per table (slow: only
  for N up to ``frictionless_max``);
* ``validate`` — :func:`csto_annotations.validate` (frictionless and the
  semantic checks);
* ``frictionless`` — ``frictionless.validate`` of the same descriptor alone.

Peak memory is the growth of the peak resident set (``VmHWM``, reset after a
warm-up that imports everything) of a fresh subprocess, for ``load`` and
``read_csv``. Cold start is
the wall time of a new interpreter that imports the package and loads the
bundled data, against one that imports pandas only.

``scripts/benchmark.py`` wraps :func:`main`; :mod:`.benchmark_report` renders
the results.

Example
-------
>>> from csto_annotations.benchmark import median
>>> median([3.0, 1.0, 2.0])
2.0
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

__all__ = ["SIZES", "METHODS", "median", "baseline_read", "load_phases", "peak_memory_mb", "measure_size", "cold_start", "run", "main"]

SIZES = (1, 10, 100, 1000, 10000)
#: Timed methods, in report order.
METHODS = ("load", "read_csv", "to_pandas", "validate", "frictionless")

_SRC = str(Path(__file__).resolve().parents[1])


def median(values: Iterable[float]) -> float:
    """The median of ``values``.

    Example
    -------
    >>> median([1.0, 4.0])
    2.5
    """
    return float(statistics.median(list(values)))


def _read_args(schema: dict[str, Any]) -> dict[str, Any]:
    """``read_csv`` keyword arguments giving the schema's dtypes, as a pandas user would write them."""
    from .dtypes import DATE_FORMAT, target_dtype

    dates = [f["name"] for f in schema["fields"] if f.get("type") == "date"]
    return {
        "dtype": {f["name"]: target_dtype(f) for f in schema["fields"] if f["name"] not in dates},
        "parse_dates": dates or False,
        "date_format": DATE_FORMAT if dates else None,
        "keep_default_na": False,
        "na_values": schema.get("missingValues", [""]),
    }


def baseline_read(root: str | os.PathLike[str]) -> dict[str, Any]:
    """Bare ``pandas.read_csv`` of every table of the package at ``root`` (the baseline).

    Example
    -------
    >>> from csto_annotations.paths import bundled_root
    >>> len(baseline_read(bundled_root())["documents"])
    1
    """
    import pandas as pd

    root = Path(root)
    descriptor = json.loads((root / "datapackage.json").read_text("utf-8"))
    frames = {}
    for resource in descriptor["resources"]:
        if "schema" in resource:
            schema = json.loads((root / resource["schema"]).read_text("utf-8"))
            frames[resource["name"]] = pd.read_csv(root / resource["path"], **_read_args(schema))
    return frames


def _frictionless_to_pandas(root: Path) -> None:
    """frictionless ``to_pandas`` of every table."""
    import frictionless

    package = frictionless.Package(str(root / "datapackage.json"))
    for resource in package.resources:
        if resource.schema is not None and resource.schema.fields:
            resource.to_pandas()


def _frictionless_validate(root: Path) -> None:
    """``frictionless validate`` of the descriptor alone (its Python API)."""
    import frictionless

    report = frictionless.validate(str(root / "datapackage.json"))
    if not report.valid:
        raise RuntimeError(f"{root}: frictionless finds the synthetic package invalid: {report.flatten(['type', 'note'])[:3]}")


def _validate(root: Path) -> None:
    from .validation import validate

    report = validate(root)
    if not report.valid:  # a synthetic package must be valid, or the timing means nothing
        raise RuntimeError(f"{root}: validate finds the synthetic package invalid:\n{report}")


def _load(root: Path) -> None:
    from .loader import load

    load(root)


def _load_first(root: Path) -> None:
    """``load()`` as on first sight of a package: every content check runs."""
    from .checkcache import ENV_RECHECK
    from .loader import load

    os.environ[ENV_RECHECK] = "1"
    try:
        load(root)
    finally:
        del os.environ[ENV_RECHECK]


def _methods(root: Path, with_to_pandas: bool) -> dict[str, Callable[[], None]]:
    """The timed callables for one package."""
    methods = {
        "load": lambda: _load(root),
        "load_first": lambda: _load_first(root),
        "read_csv": lambda: baseline_read(root),
        "to_pandas": lambda: _frictionless_to_pandas(root),
        "validate": lambda: _validate(root),
        "frictionless": lambda: _frictionless_validate(root),
    }
    if not with_to_pandas:
        del methods["to_pandas"]
    return methods


def _timed(call: Callable[[], None]) -> float:
    """Wall time of one call, with garbage collected before it."""
    gc.collect()
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def _times(methods: dict[str, Callable[[], None]], runs: int, log: Callable[[str], None]) -> dict[str, list[float]]:
    """One warm-up, then ``runs`` interleaved rounds of every method."""
    for name, call in methods.items():
        log(f"    warm-up {name}: {_timed(call):.3f} s")
    times: dict[str, list[float]] = {name: [] for name in methods}
    for round_ in range(runs):
        for name, call in methods.items():
            times[name].append(_timed(call))
        log(f"    round {round_ + 1}/{runs}: " + ", ".join(f"{n} {t[-1]:.3f}" for n, t in times.items()))
    return times


def load_phases(root: Path, runs: int) -> dict[str, float]:
    """Median seconds of the phases of a first ``load()`` (all content checks):
    descriptor, files, parse, and the rest.

    The rest (cross-table checks, building the Dataset) is a whole ``load()``
    minus the three phases, timed in the same round.
    """
    from .descriptor import read_package
    from .integrity import read_resource
    from .tables import parse_table

    samples: dict[str, list[float]] = {"descriptor": [], "files": [], "parse": [], "rest": []}
    for _ in range(runs):
        total = _timed(lambda: _load_first(root))
        gc.collect()
        t0 = time.perf_counter()
        package = read_package(root)
        t1 = time.perf_counter()
        contents = {r["name"]: read_resource(package, r["name"]) for r in package.resources}
        t2 = time.perf_counter()
        for name in package.table_names:
            parse_table(contents[name], package.schemas[name], path=package.resource_path(name))
        t3 = time.perf_counter()
        for phase, seconds in zip(("descriptor", "files", "parse"), (t1 - t0, t2 - t1, t3 - t2)):
            samples[phase].append(seconds)
        samples["rest"].append(max(total - (t3 - t0), 0.0))
        del contents
    return {phase: median(values) for phase, values in samples.items()}


_MEMORY_CHILD = """
import json, resource, sys
method, root, warm = sys.argv[1], sys.argv[2], sys.argv[3]
if method == "load":
    import csto_annotations
    run = lambda r: csto_annotations.load(r)
else:
    from csto_annotations.benchmark import baseline_read
    run = baseline_read

def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1])

warmed = run(warm)
del warmed
try:  # reset the peak (VmHWM) to the current RSS (Linux >= 4.0)
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    base, key = status("VmRSS:"), "VmHWM:"
except OSError:  # fall back on the lifetime peak
    base, key = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, None
result = run(root)
peak = status(key) if key else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"base_kb": base, "peak_kb": peak}))
"""


def _child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": _SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}


def peak_memory_mb(method: str, root: Path) -> float:
    """Growth of the peak RSS of a fresh process while ``method`` reads ``root``, in MB."""
    from .paths import bundled_root

    out = subprocess.run(
        [sys.executable, "-c", _MEMORY_CHILD, method, str(root), str(bundled_root())],
        capture_output=True, text=True, env=_child_env(), check=True,
    )
    measured = json.loads(out.stdout.strip().splitlines()[-1])
    return (measured["peak_kb"] - measured["base_kb"]) / 1024


def cold_start(runs: int) -> dict[str, list[float]]:
    """Wall times of a new interpreter: package import + bundled load, and pandas import alone."""
    codes = {"package": "import csto_annotations; csto_annotations.load()", "pandas": "import pandas"}
    times: dict[str, list[float]] = {name: [] for name in codes}
    for round_ in range(runs + 1):
        for name, code in codes.items():
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, env=_child_env())
            if round_:  # round 0 is the warm-up (file cache, .pyc)
                times[name].append(time.perf_counter() - start)
    return times


def measure_size(n: int, workdir: Path, runs: int, frictionless_max: int, log: Callable[[str], None]) -> dict[str, Any]:
    """Every measurement at one size: rows, times, memory."""
    from .scale import row_counts, scale

    started = time.perf_counter()
    root = scale(n, workdir / f"x{n}")
    generated = time.perf_counter() - started
    rows = row_counts(root)
    log(f"  N={n}: {sum(rows.values()):,} rows, written in {generated:.1f} s")
    times = _times(_methods(root, n <= frictionless_max), runs, log)
    phases = load_phases(root, runs)
    log("    load phases: " + ", ".join(f"{k} {v:.3f}" for k, v in phases.items()))
    memory = {m: [peak_memory_mb(m, root) for _ in range(runs)] for m in ("load", "read_csv")}
    log("    peak memory MB: " + ", ".join(f"{m} {median(v):.1f}" for m, v in memory.items()))
    return {
        "load_phases": phases,
        "n": n, "rows": rows, "total_rows": sum(rows.values()), "scale_seconds": generated,
        "times": times, "median": {m: median(t) for m, t in times.items()},
        "memory_mb": memory, "memory_median_mb": {m: median(v) for m, v in memory.items()},
    }


def run(sizes: Iterable[int], runs: int = 5, frictionless_max: int = 1000, workdir: str | os.PathLike[str] | None = None, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Run every measurement and return the results (see :mod:`.benchmark_report`)."""
    from .benchmark_report import machine

    work = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="csto-bench-"))
    results: dict[str, Any] = {"machine": machine(), "runs": runs, "frictionless_max": frictionless_max, "sizes": []}
    results["load_average_start"] = os.getloadavg()
    for n in sizes:
        results["sizes"].append(measure_size(n, work, runs, frictionless_max, log))
        if not workdir:
            import shutil

            shutil.rmtree(work / f"x{n}", ignore_errors=True)
    log("  cold start")
    cold = cold_start(runs)
    results["cold_start"] = {"times": cold, "median": {k: median(v) for k, v in cold.items()}}
    results["load_average_end"] = os.getloadavg()
    return results


def _parser() -> Any:
    import argparse

    parser = argparse.ArgumentParser(prog="benchmark.py", description="Benchmark load() and validate() against pandas and frictionless at N× the data; write docs/benchmarks.md and docs/benchmarks.png.")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated N (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs after one warm-up (default: %(default)s)")
    parser.add_argument("--frictionless-max", type=int, default=1000, help="largest N for frictionless to_pandas, which is slow (default: %(default)s)")
    parser.add_argument("--workdir", default=None, help="keep the synthetic packages here (default: a temporary directory, removed)")
    parser.add_argument("--docs", default=None, help="directory for benchmarks.md and benchmarks.png (default: the repository's docs/)")
    parser.add_argument("--json", default=None, help="also write the raw results to this file")
    parser.add_argument("--render", default=None, metavar="JSON", help="do not measure: re-render the report from results saved with --json")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table, write the report. Exit 0, or 2 on bad arguments."""
    from .atomic import atomic_write_text
    from .benchmark_report import console_table, markdown, plot

    args = _parser().parse_args(argv)
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        print(f"error: --sizes takes whole numbers separated by commas, got {args.sizes!r}", file=sys.stderr)
        return 2
    if not sizes or min(sizes) < 1 or args.runs < 1:
        print("error: --sizes and --runs must be >= 1", file=sys.stderr)
        return 2
    if args.render:
        results = json.loads(Path(args.render).read_text("utf-8"))
    else:
        results = run(sizes, args.runs, args.frictionless_max, args.workdir, log=lambda m: print(m, flush=True))
    docs = Path(args.docs) if args.docs else Path(_SRC).parent / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    print(console_table(results))
    plot(results, docs / "benchmarks.png")
    atomic_write_text(docs / "benchmarks.md", markdown(results, plot_name="benchmarks.png"))
    if args.json and not args.render:
        atomic_write_text(args.json, json.dumps(results, indent=1) + "\n")
    print(f"wrote {docs / 'benchmarks.md'} and {docs / 'benchmarks.png'}")
    return 0
