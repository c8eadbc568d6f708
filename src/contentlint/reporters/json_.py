"""A JSON list of findings: the contract scripts rely on (see README, "JSON output")."""

from __future__ import annotations

import json
from typing import TextIO

from contentlint.model import Finding
from contentlint.reporters.escape import json_safe


def report(findings: list[Finding], out: TextIO, color: bool) -> None:
    out.write(json_safe(json.dumps([f.as_json() for f in findings], indent=2, ensure_ascii=False)))
    out.write("\n")
