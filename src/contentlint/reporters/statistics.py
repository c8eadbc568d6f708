"""``--statistics``: how many findings each rule has, most first (ruff's ``--statistics``)."""

from __future__ import annotations

import json
from collections import Counter
from typing import TextIO

from contentlint.model import Finding


def counts(findings: list[Finding]) -> list[dict[str, object]]:
    """One row per rule with findings: code, name, count, and how many are fixable."""
    total: Counter[tuple[str, str]] = Counter()
    fixable: Counter[tuple[str, str]] = Counter()
    for finding in findings:
        key = (finding.code, finding.rule)
        total[key] += 1
        fixable[key] += finding.fixable
    rows = sorted(total.items(), key=lambda item: (-item[1], item[0]))
    return [
        {"code": code, "name": name, "count": count, "fixable": fixable[(code, name)]}
        for (code, name), count in rows
    ]


def report(findings: list[Finding], out: TextIO, as_json: bool) -> None:
    rows = counts(findings)
    if as_json:
        out.write(json.dumps(rows, indent=2) + "\n")
        return
    width = max((len(str(row["count"])) for row in rows), default=1)
    for row in rows:
        fix = " [*]" if row["fixable"] else ""
        out.write(f"{row['count']:>{width}}  {row['code']}  {row['name']}{fix}\n")
    if rows:
        out.write(f"{sum(int(row['count']) for row in rows)} findings; [*] fixable\n")
