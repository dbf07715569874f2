"""Render benchmark results: machine, rows, medians, ratios, targets, load()'s top costs.

The results are the dict :func:`tools.benchmark.run` returns; every number
in the report is computed here from those measurements. The targets are
those of issues 10 and 22, judged at each reference size measured, N = 500
and N = 1,000 (or at the largest size measured, which the report then says).

Example
-------
>>> ratio(2.0, 1.0)
2.0
"""

from __future__ import annotations

import os
import platform
import time
from typing import Any

#: key -> (text, "max" or "min", limit, how the value is measured)
TARGETS: dict[str, tuple[str, str, float, str]] = {
    "load_full": ('`load(verify="full")`', "max", 5.0, "× bare read_csv"),
    "load_hashes": ('`load(verify="hashes")`', "max", 2.0, "× bare read_csv"),
    "to_pandas": ("frictionless `to_pandas`", "min", 30.0, '× slower than `load(verify="full")`'),
    "validate": ("`validate`", "min", 10.0, "× faster than `frictionless validate`"),
    "cold": ("cold start, whole process", "max", 1.2, "× `import pandas` + bare read_csv of the 7 tables"),
    "memory": ('peak memory of `load(verify="full")`', "max", 1.5, "× bare read_csv (growth of the peak RSS)"),
}

LABELS = {
    "read_csv": "bare read_csv",
    "read_csv_typed": "typed read_csv",
    "read_bytes": "read bytes",
    "sha256": "sha256",
    "load_full": 'load(verify="full")',
    "load_hashes": 'load(verify="hashes")',
    "validate": "validate",
    "frictionless_validate": "frictionless validate",
    "to_pandas": "frictionless to_pandas",
}


def _first_line(path: str, key: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            return next((line.split(":", 1)[1].strip() for line in handle if line.startswith(key)), "")
    except OSError:
        return ""


def _version(module: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(module)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, Any]:
    """Describe this machine and the library versions.

    Example
    -------
    >>> machine()["cores"] == os.cpu_count()
    True
    """
    memory_kb = _first_line("/proc/meminfo", "MemTotal").split()[:1]
    return {
        "cpu": _first_line("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cores": os.cpu_count(),
        "ram_gb": round(int(memory_kb[0]) / 1024 / 1024, 1) if memory_kb else None,
        "os": platform.platform(),
        "python": platform.python_version(),
        "versions": {m: _version(m) for m in ("pandas", "numpy", "pyarrow", "frictionless", "jsonschema")},
        "blas_env": {k: v for k, v in os.environ.items() if k.startswith("OPENBLAS_")},
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def ratio(a: float | None, b: float | None) -> float | None:
    """``a / b``, or None when either is missing or ``b`` is 0.

    Example
    -------
    >>> ratio(1.0, None) is None
    True
    """
    return None if a is None or b is None or b == 0 else a / b


def judged(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The sizes the targets are judged at: N = 500 and N = 1,000 where measured, else the largest N."""
    from tools.benchmark import REFERENCE_SIZES

    sizes = results["sizes"]
    return [s for s in sizes if s["n"] in REFERENCE_SIZES] or [max(sizes, key=lambda s: s["n"])]


def reference(results: dict[str, Any]) -> dict[str, Any]:
    """The size whose spread, phases and profile are shown: the first size judged."""
    return judged(results)[0]


def measured(results: dict[str, Any], size: dict[str, Any]) -> dict[str, float | None]:
    """The value each target is judged on, at ``size``."""
    m, mem, cold = size["median"], size["memory"], results["cold_start"]["median"]
    return {
        "load_full": ratio(m["load_full"], m["read_csv"]),
        "load_hashes": ratio(m["load_hashes"], m["read_csv"]),
        "to_pandas": ratio(m.get("to_pandas"), m["load_full"]),
        "validate": ratio(m["frictionless_validate"], m["validate"]),
        "cold": ratio(cold["package"], cold["pandas"]),
        "memory": ratio(mem["load_full"]["growth_mb"], mem["read_csv"]["growth_mb"]),
    }


def targets(results: dict[str, Any], size: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Each target, the value measured at ``size`` (the first size judged), and whether it is met.

    Example
    -------
    >>> size = {"n": 500, "median": {"read_csv": 1.0, "load_full": 4.0, "load_hashes": 3.0, "validate": 1.0,
    ...         "frictionless_validate": 20.0, "to_pandas": 200.0},
    ...         "memory": {"load_full": {"growth_mb": 1.0}, "read_csv": {"growth_mb": 1.0}}}
    >>> results = {"sizes": [size], "cold_start": {"median": {"package": 1.0, "pandas": 1.0}}}
    >>> [(t["key"], t["met"]) for t in targets(results)][:2]
    [('load_full', True), ('load_hashes', False)]
    """
    values = measured(results, size or reference(results))
    rows = []
    for key, (text, kind, limit, unit) in TARGETS.items():
        value = values[key]
        met = value is not None and (value <= limit if kind == "max" else value >= limit)
        sign = "≤" if kind == "max" else "≥"
        rows.append({"key": key, "target": f"{text} {sign} {limit:g}{unit}", "value": value, "met": met})
    return rows


def _fmt(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)] + ["| " + " | ".join(r) + " |" for r in rows]


def _time_table(results: dict[str, Any]) -> list[str]:
    header = ["N", "rows", *(f"{LABELS[m]} s" for m in LABELS)]
    rows = [
        [f"{s['n']:,}", f"{s['total_rows']:,}", *(_fmt(s["median"].get(m)) for m in LABELS)] for s in results["sizes"]
    ]
    return _md_table(header, rows)


def _ratio_table(results: dict[str, Any]) -> list[str]:
    header = ["N", "typed / bare", "load full / bare", "load hashes / bare", "to_pandas / load full",
              "frictionless validate / validate"]  # fmt: skip
    rows = []
    for s in results["sizes"]:
        m = s["median"]
        rows.append([
            f"{s['n']:,}", _fmt(ratio(m["read_csv_typed"], m["read_csv"]), 2), _fmt(ratio(m["load_full"], m["read_csv"]), 2),
            _fmt(ratio(m["load_hashes"], m["read_csv"]), 2), _fmt(ratio(m.get("to_pandas"), m["load_full"]), 1),
            _fmt(ratio(m["frictionless_validate"], m["validate"]), 1),
        ])  # fmt: skip
    return _md_table(header, rows)


def _spread_table(size: dict[str, Any]) -> list[str]:
    rows = [[LABELS[m], str(len(t)), _fmt(min(t)), _fmt(size["median"][m]), _fmt(max(t))]
            for m, t in size["times"].items() if t]  # fmt: skip
    return _md_table(["method", "timed runs", "min s", "median s", "max s"], rows)


def _rows_table(results: dict[str, Any]) -> list[str]:
    names = list(results["sizes"][0]["rows"])
    rows = [[f"{s['n']:,}", *(f"{s['rows'][t]:,}" for t in names), f"{s['total_rows']:,}", f"{s['megabytes']:.1f}"]
            for s in results["sizes"]]  # fmt: skip
    return _md_table(["N", *names, "total", "MB on disk"], rows)


def _memory_table(results: dict[str, Any]) -> list[str]:
    rows = []
    for s in results["sizes"]:
        load, bare = s["memory"]["load_full"], s["memory"]["read_csv"]
        rows.append([f"{s['n']:,}", f"{load['growth_mb']:.1f}", f"{bare['growth_mb']:.1f}",
                     _fmt(ratio(load["growth_mb"], bare["growth_mb"]), 2), f"{load['peak_mb']:.1f}",
                     f"{bare['peak_mb']:.1f}", _fmt(ratio(load["peak_mb"], bare["peak_mb"]), 2)])  # fmt: skip
    header = ["N", "load full: growth MB", "bare: growth MB", "growth ratio", "load full: process peak MB",
              "bare: process peak MB", "process ratio"]  # fmt: skip
    return _md_table(header, rows)


def _target_table(results: dict[str, Any]) -> list[str]:
    sizes = judged(results)
    columns = [targets(results, size) for size in sizes]
    rows = [[found[0]["target"], *(c for t in found for c in (_fmt(t["value"], 2), "met" if t["met"] else "**missed**"))]
            for found in zip(*columns)]  # fmt: skip
    several = len(sizes) > 1
    header = [c + (f" (N = {s['n']:,})" if several else "") for s in sizes for c in ("measured", "verdict")]
    return _md_table(["target", *header], rows)


#: floor -> (what it measures, the targets it bounds)
FLOORS = {
    "read_bytes": ("reading every file's bytes, nothing parsed", "both `load()` targets: every file is read"),
    "sha256": ("sha256 of those bytes, in memory", "both `load()` targets: every file is hashed before any is parsed"),
    "read_hash": ("the two together", '`verify="hashes"` ≤ 2×: parsing and typing get the rest of the budget'),
    "read_csv_typed": ("typed read_csv: pandas with the schema's dtypes, no rule checked", '`verify="full"` ≤ 5×'),
}


def _floor_lines(results: dict[str, Any]) -> list[str]:
    """What any verifying load pays, measured in the same run, as ratios to bare read_csv next to the targets."""
    sizes = [s for s in judged(results) if "sha256" in s["median"] and "frames_mb" in s]
    if not sizes:
        return []
    rows, lines = [], []
    for key, (what, bounds) in FLOORS.items():
        values = [(s["median"]["read_bytes"] + s["median"]["sha256"] if key == "read_hash" else s["median"][key],
                   s["median"]["read_csv"]) for s in sizes]  # fmt: skip
        rows.append([what, *(c for v, bare in values for c in (f"{v:.3f} s", _fmt(ratio(v, bare), 2))), bounds])
    frames = [
        (s["frames_mb"]["load_full"], s["frames_mb"]["read_csv"], s["memory"]["read_csv"]["growth_mb"]) for s in sizes
    ]
    rows.append(["DataFrames `load()` returns (`memory_usage(deep=True)`) against bare read_csv's",
                 *(c for f, b, _ in frames for c in (f"{f:.1f} MB", _fmt(ratio(f, b), 2))), "none by itself"])  # fmt: skip
    rows.append(["bare read_csv's peak growth; ratio: those DataFrames against it",
                 *(c for f, _, g in frames for c in (f"{g:.1f} MB", _fmt(ratio(f, g), 2))), "peak memory ≤ 1.5×"])  # fmt: skip
    for s, (f, b, g) in zip(sizes, frames):
        m = s["median"]
        both = ratio(m["read_bytes"] + m["sha256"], m["read_csv"]) or 0.0
        typed = ratio(m["read_csv_typed"], m["read_csv"]) or 0.0
        lines.append(f"- N = {s['n']:,}: reading and hashing every byte is {both:.2f}× bare read_csv, {both / 2:.0%} of the "
                     f'2× budget of `verify="hashes"` and {both / 5:.0%} of the 5× budget of `verify="full"`; typed '
                     f"read_csv alone is {typed:.2f}× ({typed / 5:.0%} of the 5× budget). The frames `load()` returns "
                     f"hold {f:.1f} MB ({_fmt(ratio(f, b), 2)}× bare read_csv's {b:.1f} MB of frames), "
                     f"{_fmt(ratio(f, g), 2)}× bare's peak growth of {g:.1f} MB, against the 1.5× memory target.")  # fmt: skip
    header = [c + f" (N = {s['n']:,})" for s in sizes for c in ("measured", "× bare")]
    return ["## Floors: what any verifying load pays", "",
            "Measured in the same run: the same interleaved rounds for the times, one load and one bare read at each N",
            "for the frames. Each ratio is to the bare read_csv median (for frames, to bare read_csv's frames and to",
            "its peak growth).", "", *_md_table(["floor", *header, "bounds"], rows), "", *lines, ""]  # fmt: skip


def _phase_lines(size: dict[str, Any]) -> list[str]:
    if "phases" not in size:
        return []
    phases = size["phases"]
    names = ["total", "read_package", "descriptor profile", "check", "rest"]
    what = {"total": "whole `load()`", "read_package": "`read_package`: descriptor, paths, read + hash every file, schemas",
            "descriptor profile": "… of which the closed-profile check of `datapackage.json`",
            "check": "engine `check`: typing and rules", "rest": "the rest (building the Dataset)"}  # fmt: skip
    bare = size["median"]["read_csv"]
    rows = [[what[p], _fmt(phases["full"][p]), _fmt(ratio(phases["full"][p], bare), 1),
             _fmt(phases["hashes"][p]), _fmt(ratio(phases["hashes"][p], bare), 1)] for p in names]  # fmt: skip
    return [
        f"## Where load() spends its time (N = {size['n']:,})", "",
        "Phases timed without a profiler (median of up to 3), against the bare read_csv median of the same size.", "",
        *_md_table(["phase", "full s", "full / bare", "hashes s", "hashes / bare"], rows), "",
    ]  # fmt: skip


def _profile_lines(size: dict[str, Any], when: str = "") -> list[str]:
    if "profile" not in size:
        return []
    lines = [f"cProfile of one `load()` after a warm-up load{when}. Profiling inflates pure-Python code (jsonschema,",
             "the csv module) more than C code (pyarrow, hashlib), so the shares are indicative.", ""]  # fmt: skip
    header = ["function", "calls", "own s", "cumulative s"]
    for verify, found in size["profile"].items():
        for kind, title in (("package", "package functions by cumulative time"), ("own", "all functions by own time")):
            table = [[f"`{r['function']}`", f"{r['calls']:,}", _fmt(r["own_s"]), _fmt(r["cumulative_s"])]
                     for r in found[kind]]  # fmt: skip
            lines += [f'### `load(verify="{verify}")`{when}: {title}', "", *_md_table(header, table), ""]
    return lines


def _before_lines(results: dict[str, Any]) -> list[str]:
    """The same phases and profile measured on an earlier commit (``--before``), for comparison."""
    before = results.get("before")
    if not before:
        return []
    when = f", before (commit {before['commit']}, N = {before['n']:,})"
    rows = [
        [p, _fmt(before["phases"]["full"][p]), _fmt(before["phases"]["hashes"][p])] for p in before["phases"]["full"]
    ]
    return [f"## Before: commit {before['commit']}", "",
            "The same measurements on the earlier commit, in another run (so compare shares, not seconds).", "",
            *_md_table(["phase", "full s", "hashes s"], rows), "", *_profile_lines(before, when)]  # fmt: skip


def _machine_lines(results: dict[str, Any]) -> list[str]:
    m = results["machine"]
    start, end = results.get("load_average_start"), results.get("load_average_end")
    load = f"{start[0]:.2f} at the start, {end[0]:.2f} at the end" if start and end else "not recorded"
    versions = ", ".join(f"{k} {v}" for k, v in m["versions"].items())
    blas = ", ".join(f"{k}={v}" for k, v in m.get("blas_env", {}).items()) or "none set"
    return [
        f"- CPU: {m['cpu']}, {m['cores']} cores; RAM {m['ram_gb']} GB; {m['os']}",
        f"- Python {m['python']}; {versions}; OpenBLAS variables: {blas}",
        f"- Run: {m['date']}; {results['runs']} timed rounds after one warm-up (frictionless `to_pandas`: "
        f"{results['slow_runs']}), medians kept; 1-minute load average {load}.",
    ]


def markdown(results: dict[str, Any]) -> str:
    """The whole ``docs/benchmarks.md``."""
    ref, cold, sizes = reference(results), results["cold_start"], [s["n"] for s in judged(results)]
    where = " and ".join(f"N = {n:,}" for n in sizes)
    where += "" if ref["n"] == 500 else " (the reference N = 500 was not measured in this run)"
    parts = [
        "# Benchmarks", "",
        "Generated by `python scripts/benchmark.py` (`tools/benchmark.py` measures, `tools/benchmark_report.py`",
        "renders); do not edit by hand. Each N is a synthetic package N times the real one (`scripts/scale.py`;",
        "N = 1 *is* the real data). Times are medians in seconds of one run; every ratio is of medians of the same run.",
        "",
        "- **bare read_csv** (the baseline): `pandas.read_csv(path)` with default arguments for each of the 7 tables.",
        "- **typed read_csv**: the same with the schema's dtypes, categories and dates (shown next to the baseline only).",
        '- **load(verify="full")** / **load(verify="hashes")**: `csto_annotations.load(dir, verify=...)`.',
        "- **validate**: `csto_annotations.validate(dir)`; **frictionless validate**: `frictionless.validate(datapackage.json)`.",
        "- **frictionless to_pandas**: `frictionless.Package(datapackage.json).get_resource(name).to_pandas()` per table.",
        "",
        "## Machine", "", *_machine_lines(results), "",
        "## Rows per table", "", *_rows_table(results), "",
        "## Time (median seconds)", "", *_time_table(results), "",
        "## Ratios", "", *_ratio_table(results), "",
        f"### Spread at N = {ref['n']:,}", "", *_spread_table(ref), "",
        "## Peak memory", "",
        "Peak resident set of a child process that has imported everything and read the bundled copy once,",
        "before and after one read of the package (median of up to 3 processes). It is read from `VmHWM` in",
        "`/proc/self/status`, the `ru_maxrss` of the process's own memory map: `getrusage` alone would report",
        "the benchmark parent's peak, which Linux carries into a child across fork and exec. *Growth* is the",
        "read's own peak and is what the target judges; the process peak includes the interpreter and libraries.", "", *_memory_table(results), "",
        "## Cold start", "",
        f"Whole new interpreters, median of {len(cold['times']['package'])} after one warm-up:",
        f"`python -c \"import csto_annotations; csto_annotations.load()\"` (bundled copy) took {cold['median']['package']:.3f} s;",
        f"`import pandas` plus bare `read_csv` of the 7 bundled tables took {cold['median']['pandas']:.3f} s: ratio "
        f"{_fmt(ratio(cold['median']['package'], cold['median']['pandas']), 2)}.", "",
        f"## Targets (issues 10 and 22), judged at {where}", "", *_target_table(results), "",
        *_floor_lines(results),
        *_phase_lines(ref),
        *_profile_lines(ref),
        *_before_lines(results),
    ]  # fmt: skip
    if results.get("notes"):
        parts += ["## Notes", "", str(results["notes"]).strip(), ""]
    return "\n".join(parts)


def console_table(results: dict[str, Any]) -> str:
    """A plain-text summary: medians per N, then the targets."""
    lines = []
    for s in results["sizes"]:
        m = s["median"]
        lines.append(f"N={s['n']:,} ({s['total_rows']:,} rows): " + ", ".join(f"{k} {_fmt(v)}" for k, v in m.items()))
    for size in judged(results):
        for t in targets(results, size):
            lines.append(f"N={size['n']:,} {'MET   ' if t['met'] else 'MISSED'} {t['target']}: {_fmt(t['value'], 2)}")
    return "\n".join(lines)
