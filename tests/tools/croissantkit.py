"""Helpers of the Croissant tests: the real mlcroissant, run without a network, and the CSV cells to compare with."""

from __future__ import annotations

import csv
import datetime
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

#: A proxy nobody listens on: any HTTP(S) request a subprocess makes fails instead of reaching the network.
DEAD_PROXY = "http://127.0.0.1:9"
_PROXIES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


def offline_env() -> dict[str, str]:
    """This environment without proxies or exemptions, every HTTP(S) request sent to :data:`DEAD_PROXY`."""
    env = {k: v for k, v in os.environ.items() if k not in _PROXIES and k != "PYTHONPATH"}
    env.update(http_proxy=DEAD_PROXY, https_proxy=DEAD_PROXY, HTTP_PROXY=DEAD_PROXY, HTTPS_PROXY=DEAD_PROXY)
    return env


def validate_cli(jsonld: Path) -> subprocess.CompletedProcess[str]:
    """``mlcroissant validate --jsonld JSONLD``: the console script beside this Python, offline."""
    script = Path(sys.executable).with_name("mlcroissant")
    assert script.is_file(), f"{script}: missing; pip install -e '.[test]'"
    return subprocess.run([str(script), "validate", "--jsonld", str(jsonld)], capture_output=True, text=True,
                          env=offline_env(), cwd=jsonld.parent, timeout=300, check=False)  # fmt: skip


def log_lines(stderr: str, level: str) -> list[str]:
    """absl log lines of one level (``"W"``, ``"E"``): they start with the level letter and a date."""
    return [line for line in stderr.splitlines() if len(line) > 5 and line[0] == level and line[1:5].isdigit()]


def _refuse(*args: Any, **kwargs: Any) -> Any:
    raise OSError("network access attempted while the test forbids it")


@contextmanager
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every new connection and name lookup in this process raises :class:`OSError`."""
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    with pytest.raises(OSError, match="network access attempted"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)  # the guard is in place
    yield


def csv_cells(path: Path, schema: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Every row of a table's CSV, each cell typed by its Table Schema field (empty -> None)."""
    convert = {"integer": int, "number": float, "boolean": {"true": True, "false": False}.__getitem__,
               "date": datetime.date.fromisoformat}  # fmt: skip
    with path.open(newline="", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    at = [header.index(f["name"]) for f in schema["fields"]]
    kinds = [convert.get(f["type"], str) for f in schema["fields"]]
    return [tuple(None if row[i] == "" else kind(row[i]) for i, kind in zip(at, kinds)) for row in rows]


#: Croissant dataType -> the Python type mlcroissant 1.1.1 yields for it.
YIELDED = {"sc:Text": bytes, "sc:Integer": int, "sc:Float": float, "sc:Boolean": bool, "sc:Date": "Timestamp"}


def record_cells(records: list[dict[str, Any]], record_set: dict[str, Any]) -> list[tuple[Any, ...]]:
    """mlcroissant's records as plain cells: text decoded, timestamps as dates; each value's type is checked."""
    out = []
    for record in records:
        row = []
        for field in record_set["field"]:
            value = record[field["@id"]]
            expected = YIELDED[field["dataType"]]
            if value is not None:
                kind = type(value).__name__ if isinstance(expected, str) else type(value)
                assert kind == expected, f"{field['@id']}: {value!r} is a {type(value).__name__}, expected {expected}"
            if isinstance(value, bytes):
                value = value.decode("utf-8")
            elif expected == "Timestamp" and value is not None:
                value = value.date()
            row.append(value)
        out.append(tuple(row))
    return out
