"""CI's pip-audit: each installed set (a ``pip freeze``) against the PyPA advisory database, and a verdict.

Usage: ``python .ci/audit.py PIP_AUDIT FROZEN.txt...``

pip-audit looks each exact version up in the package index's per-release JSON
API, resolving nothing (``--no-deps --disable-pip``). Exit 1 on any known
vulnerability not ignored below, or when some packages were audited and others
could not be. When the service answers for none of them (a machine that reaches
the index for installs only, as this project's CI machine does today), the
audit did not happen: this says so on stderr, loudly, and exits 0, rather than
pass as if audited. The project's own package is not on an index; it is left out.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

#: Advisories that do not apply, each with its reason; pip-audit skips them.
IGNORED = {
    # datasette, a test-only dependency: the advisory's text limits it to Datasette 1.0a0-1.0a3 (fixed in 1.0a4),
    # while its machine-generated range covers every version. The test extra installs a 0.x release.
    "PYSEC-2023-154": "affects Datasette 1.0a0-1.0a3 only",
}
OWN = "csto-annotations"


def audit(pip_audit: str, frozen: Path) -> int:
    lines = [x for x in frozen.read_text("utf-8").splitlines() if x and not x.lower().startswith((OWN, "csto_"))]
    with tempfile.TemporaryDirectory() as work:
        requirements, report = Path(work, "requirements.txt"), Path(work, "report.json")
        requirements.write_text("\n".join(lines) + "\n", "utf-8")
        ignores = [arg for vuln in IGNORED for arg in ("--ignore-vuln", vuln)]
        command = [pip_audit, "--no-deps", "--disable-pip", "--progress-spinner", "off", *ignores]
        subprocess.run([*command, "-r", str(requirements), "-f", "json", "-o", str(report)], capture_output=True)
        dependencies = json.loads(report.read_text("utf-8"))["dependencies"]
    found = [f"{d['name']}=={d['version']}: {v['id']} (fixed in {', '.join(v['fix_versions']) or 'no release'})"
             for d in dependencies for v in d.get("vulns", [])]  # fmt: skip
    skipped = [f"{d['name']}=={d.get('version', '?')}" for d in dependencies if "skip_reason" in d]
    label = f"pip-audit {frozen.name}"
    if dependencies and len(skipped) == len(dependencies):
        print(
            f"{label}: NOT AUDITED: the advisory service answered for none of {len(skipped)} packages", file=sys.stderr
        )
        return 0
    for line in found:
        print(f"{label}: {line}", file=sys.stderr)
    if skipped:
        print(f"{label}: could not audit {', '.join(skipped)}", file=sys.stderr)
    if found or skipped:
        return 1
    print(f"{label}: {len(dependencies)} packages, no known vulnerability ({len(IGNORED)} ignored, see .ci/audit.py)")
    return 0


if __name__ == "__main__":
    pip_audit, *files = sys.argv[1:]
    sys.exit(max(audit(pip_audit, Path(name)) for name in files))
