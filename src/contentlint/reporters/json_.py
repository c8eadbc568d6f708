"""A JSON list of findings: the contract scripts rely on (see README, "JSON output")."""

from __future__ import annotations

import json
from typing import TextIO

from contentlint.model import Finding


def report(findings: list[Finding], out: TextIO, color: bool) -> None:
    json.dump([f.as_json() for f in findings], out, indent=2, ensure_ascii=False)
    out.write("\n")
