"""GitLab Code Quality: the JSON list a CI job publishes as ``artifacts:reports:codequality``,
which GitLab shows in the merge request (the subset of the Code Climate spec it reads):
``description``, ``check_name``, ``fingerprint`` (unique in the report, and stable when
lines move: see ``fingerprint.py``), ``severity`` and ``location`` (path, ``lines.begin``).
"""

from __future__ import annotations

import json
import os
from typing import TextIO

from contentlint.excerpt import FileLines
from contentlint.fingerprint import fingerprints
from contentlint.model import Finding
from contentlint.reporters.escape import json_safe, printable

# GitLab's scale is info, minor, major, critical, blocker.
SEVERITY = {"error": "major", "warning": "minor"}


def issues(findings: list[Finding], lines: FileLines | None = None) -> list[dict[str, object]]:
    lines = lines or FileLines()
    return [
        {
            "description": printable(f"{f.code} [{f.rule}] {f.message}"),
            "check_name": f.code,
            "fingerprint": fingerprint,
            "severity": SEVERITY.get(f.severity, "info"),
            "location": {
                "path": f.path.replace(os.sep, "/"),
                "lines": {"begin": max(1, f.line)},
            },
        }
        for f, fingerprint in zip(findings, fingerprints(findings, lines), strict=True)
    ]


def report(findings: list[Finding], out: TextIO, color: bool) -> None:
    out.write(json_safe(json.dumps(issues(findings), indent=2, ensure_ascii=False)) + "\n")
