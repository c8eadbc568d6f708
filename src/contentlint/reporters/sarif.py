"""SARIF 2.1.0, the static-analysis log that GitHub code scanning (and other viewers) read.

One run: the tool (contentlint, its version, and every rule with its summary, its full
explanation and its default level), then one result per finding, located by a uri relative
to ``%SRCROOT%`` (the current folder) and a region. SARIF counts columns in UTF-16 code
units unless told otherwise; the run says so explicitly (``columnKind``), and columns are
converted from characters using the line's text (a character beyond U+FFFF before the
finding takes two units). Each result carries the fingerprint of ``fingerprint.py`` as its
``partialFingerprints``, so that code scanning follows a finding when lines move.
"""

from __future__ import annotations

import bisect
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, TextIO
from urllib.parse import quote

from contentlint import __version__
from contentlint.excerpt import FileLines
from contentlint.fingerprint import VERSION, fingerprints
from contentlint.model import Finding
from contentlint.reporters.escape import json_safe, printable

if TYPE_CHECKING:
    from contentlint.rules.registry import Rule

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_WEB = re.compile(r"https?://[^\s\"<>\\^`{|}]+")


def information_uri() -> str | None:
    """The project's web address, from the installed package's metadata, if it has one."""
    from importlib import metadata

    try:
        meta = metadata.metadata("contentlint")
    except metadata.PackageNotFoundError:
        return None
    candidates = [entry.partition(",")[2].strip() for entry in meta.get_all("Project-URL") or []]
    candidates.append((meta.get("Home-page") or "").strip())
    return next((uri for uri in candidates if _WEB.fullmatch(uri)), None)


def _message(text: str, markdown: str | None = None) -> dict[str, str]:
    message = {"text": text}
    if markdown is not None:
        message["markdown"] = markdown
    return message


def rule_descriptor(rule: Rule) -> dict[str, object]:
    """A rule as SARIF's reportingDescriptor: id (the code), name, descriptions, help."""
    parts = [("", rule.explanation), ("Why it matters", rule.why)]
    parts += [("Fix safety", rule.fix_safety), ("What it does not see", rule.limits)]
    text = "\n\n".join(f"{head}: {body}" if head else body for head, body in parts if body)
    markdown = "\n\n".join(f"**{head}.** {body}" if head else body for head, body in parts if body)
    for head, example in (("Bad", rule.bad), ("Good", rule.good)):
        if example:
            text += f"\n\n{head}:\n{example}"
            markdown += f"\n\n**{head}:**\n\n```\n{example}\n```"
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": _message(rule.summary),
        "fullDescription": _message(rule.explanation),
        "help": _message(text, markdown),
        "defaultConfiguration": {"level": rule.severity},
        "properties": {"tags": [rule.family]},
    }


def artifact_location(path: str) -> dict[str, str]:
    """A relative path as a uri under ``%SRCROOT%``; an absolute one as a ``file:`` uri.
    The bytes of the name are percent-encoded (spaces, ``#``, ``%``, non-ASCII and the bytes
    of a name that is not UTF-8 alike)."""
    posix = path.replace(os.sep, "/")
    try:
        raw = os.fsencode(posix)
    except UnicodeEncodeError:  # a surrogate no file system gave
        raw = posix.encode("utf-8", "surrogatepass")
    if os.path.isabs(path):
        return {"uri": "file://" + quote(raw, safe="/")}
    return {"uri": quote(raw, safe="/"), "uriBaseId": SRCROOT}


def astral_offsets(line_text: str | None) -> list[int]:
    """Where the line's characters beyond U+FFFF are (each takes two UTF-16 code units)."""
    if not line_text or line_text.isascii():
        return []
    return [m.start() for m in _ASTRAL.finditer(line_text)]


def utf16_column(astral: list[int], column: int) -> int:
    """A 1-based column in characters as a 1-based column in UTF-16 code units, given
    :func:`astral_offsets` of its line."""
    return column + bisect.bisect_left(astral, column - 1)


def _root_uri() -> dict[str, dict[str, str]]:
    try:
        root = Path.cwd().as_uri()
    except (OSError, ValueError):
        return {}
    return {SRCROOT: {"uri": root.rstrip("/") + "/"}}


def _per_file(findings: list[Finding], lines: FileLines) -> tuple[list[str], list[int]]:
    """The findings' fingerprints and UTF-16 columns, a file at a time (so that each file
    is read once, while it is among the few :class:`FileLines` keeps)."""
    groups: dict[str, list[int]] = {}
    for i, finding in enumerate(findings):
        groups.setdefault(finding.path, []).append(i)
    prints, columns = [""] * len(findings), [0] * len(findings)
    for indices in groups.values():
        group = [findings[i] for i in indices]
        astral: dict[int, list[int]] = {}
        for i, finding, fingerprint in zip(indices, group, fingerprints(group, lines), strict=True):
            if finding.line not in astral:
                astral[finding.line] = astral_offsets(lines.line(finding.path, finding.line))
            prints[i] = fingerprint
            columns[i] = utf16_column(astral[finding.line], finding.column)
    return prints, columns


def log(findings: list[Finding], lines: FileLines | None = None) -> dict[str, object]:
    """The SARIF log of a run's findings, as a JSON-ready dict."""
    from contentlint.rules.registry import all_rules

    lines = lines or FileLines()
    descriptors = [rule_descriptor(rule) for rule in all_rules()]
    index = {str(d["id"]): i for i, d in enumerate(descriptors)}
    for finding in findings:  # a code the registry does not know (none should be)
        if finding.code not in index:
            index[finding.code] = len(descriptors)
            descriptors.append({"id": finding.code, "name": finding.rule})
    results = []
    prints, columns = _per_file(findings, lines)
    for finding, fingerprint, column in zip(findings, prints, columns, strict=True):
        region = {"startLine": max(1, finding.line), "startColumn": max(1, column)}
        location = {"artifactLocation": artifact_location(finding.path), "region": region}
        results.append(
            {
                "ruleId": finding.code,
                "ruleIndex": index[finding.code],
                "level": finding.severity,
                "message": {"text": printable(finding.message)},
                "locations": [{"physicalLocation": location}],
                "partialFingerprints": {VERSION: fingerprint},
            }
        )
    driver: dict[str, object] = {"name": "contentlint", "version": __version__}
    uri = information_uri()
    if uri:
        driver["informationUri"] = uri
    driver["rules"] = descriptors
    run: dict[str, object] = {"tool": {"driver": driver}}
    roots = _root_uri()
    if roots:
        run["originalUriBaseIds"] = roots
    run["columnKind"] = "utf16CodeUnits"
    run["results"] = results
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def report(findings: list[Finding], out: TextIO, color: bool) -> None:
    text = json.dumps(log(findings), indent=2, ensure_ascii=False)
    out.write(json_safe(text) + "\n")
