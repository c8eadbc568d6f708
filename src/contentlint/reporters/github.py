"""GitHub Actions workflow commands: one ``::error``/``::warning`` annotation per finding."""

from __future__ import annotations

from typing import TextIO

from contentlint.model import Finding
from contentlint.reporters.escape import printable


def _escape_data(text: str) -> str:
    """The workflow-command escapes (``%``, CR, LF), after every other unsafe character is
    spelled out (a runner reads some of them as line ends too)."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def report(findings: list[Finding], out: TextIO, color: bool) -> None:
    for f in findings:
        properties = ",".join(
            [
                f"file={_escape_property(f.path)}",
                f"line={f.line}",
                f"col={f.column}",
                f"title={_escape_property(f'{f.code} [{f.rule}]')}",
            ]
        )
        out.write(f"::{f.severity} {properties}::{_escape_data(f.message)}\n")
