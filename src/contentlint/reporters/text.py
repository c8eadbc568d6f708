"""``path:line:col: severity: CODE [name] message``, coloured only on a terminal, then a
summary. The ``path:line:col: error:`` head is the shape compilers print, which editors'
and CI systems' problem matchers read (VS Code's ``$gcc``, say)."""

from __future__ import annotations

from typing import TextIO

from contentlint.model import Finding
from contentlint.reporters.escape import printable

BOLD, RED, YELLOW, CYAN, DIM, RESET = (
    "\033[1m",
    "\033[31m",
    "\033[33m",
    "\033[36m",
    "\033[2m",
    "\033[0m",
)


def format_finding(finding: Finding, color: bool = False) -> str:
    where = f"{printable(finding.path)}:{finding.line}:{finding.column}:"
    severity = f"{finding.severity}:"
    code = f"{finding.code} [{finding.rule}]"
    if color:
        tint = RED if finding.severity == "error" else YELLOW
        where = f"{BOLD}{where}{RESET}"
        severity = f"{tint}{severity}{RESET}"
        code = f"{tint}{BOLD}{finding.code}{RESET} {DIM}[{finding.rule}]{RESET}"
    return f"{where} {severity} {code} {printable(finding.message)}"


def summary(findings: list[Finding]) -> str:
    if not findings:
        return "All checks passed!"
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    fixable = sum(f.fixable for f in findings)
    parts = [f"{errors} error{'s' * (errors != 1)}", f"{warnings} warning{'s' * (warnings != 1)}"]
    line = f"Found {', '.join(parts)}."
    if fixable:
        line += f" {fixable} fixable with `contentlint fix`."
    return line


def report(findings: list[Finding], out: TextIO, color: bool) -> None:
    for finding in findings:
        out.write(format_finding(finding, color) + "\n")
    out.write(summary(findings) + "\n")
