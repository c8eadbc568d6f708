"""A finding's fingerprint: its identity across runs, stable when lines move.

A line number changes whenever a line is inserted above the finding, so it is no part of
the identity. The fingerprint hashes what does not move: the file's path (relative to a
base folder, posix), the rule's name, the text of the finding's line (whitespace collapsed,
so re-indenting does not count) and the message with its line references written as
``line N`` (``first at line 12``). Findings that agree on all of that in one file (the same
defect on two identical lines) are told apart by their order in the file: ``#0``, ``#1``...

Baselines (``baseline.py``), SARIF's ``partialFingerprints`` and GitLab's ``fingerprint``
all use it, so one finding has one identity everywhere.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from contentlint.excerpt import FileLines
from contentlint.model import Finding

VERSION = "contentlint/v1"  # the scheme's name: SARIF's partialFingerprints key
LENGTH = 32  # hex characters kept of the sha256 digest
_LINE_REFERENCE = re.compile(r"\b(line|column) \d+\b", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def relative_path(path: str, base: Path | str | None = None) -> str:
    """``path`` (relative to the current folder, or absolute) relative to ``base`` (default:
    the current folder), in posix form. Folders are compared with symbolic links resolved
    (``/tmp`` may be a link), the file's own name is kept as it is."""
    absolute = os.path.abspath(path)
    folder, name = os.path.split(absolute)
    try:
        start = os.path.realpath(os.path.abspath(base if base is not None else os.curdir))
        relative = os.path.relpath(os.path.join(os.path.realpath(folder), name), start)
    except (ValueError, OSError):  # a NUL in a name; another drive (Windows)
        relative = absolute
    return relative.replace(os.sep, "/")


def normalise_line(text: str | None) -> str:
    """The line's text with runs of whitespace made one space, and none at either end."""
    return _SPACE.sub(" ", text).strip() if text else ""


def normalise_message(message: str) -> str:
    """The message with its references to other lines (``first at line 12``) made
    ``line N``: they move when the file does."""
    return _LINE_REFERENCE.sub(lambda m: f"{m.group(1)} N", message)


def line_digest(text: str | None) -> str:
    """The normalised line, hashed (a line can be megabytes long; its digest is short)."""
    return hashlib.sha256(normalise_line(text).encode("utf-8", "surrogatepass")).hexdigest()


def key(finding: Finding, path: str, line_text: str | None) -> str:
    """What a finding is, apart from where: its path (as given), rule, line and message."""
    return _key(finding, path, line_digest(line_text))


def _key(finding: Finding, path: str, line: str) -> str:
    return "\0".join([path, finding.rule, line, normalise_message(finding.message)])


def digest(identity: str, occurrence: int) -> str:
    data = f"{VERSION}\0{identity}\0{occurrence}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:LENGTH]


def fingerprints(
    findings: Sequence[Finding], lines: FileLines, base: Path | str | None = None
) -> list[str]:
    """One fingerprint per finding, in the findings' order. Paths are taken relative to
    ``base`` (default: the current folder); the lines are read from the files on disk now."""
    paths: dict[str, str] = {}
    digests: dict[tuple[str, int], str] = {}  # each line is normalised and hashed once
    identities = []
    for f in findings:
        if f.path not in paths:
            paths[f.path] = relative_path(f.path, base)
        where = (f.path, f.line)
        if where not in digests:
            digests[where] = line_digest(lines.line(f.path, f.line))
        identities.append(_key(f, paths[f.path], digests[where]))
    # Occurrences count in the order of the file (line, column), whatever the given order.
    order = sorted(range(len(findings)), key=lambda i: (*findings[i].sort_key(), identities[i]))
    seen: Counter[str] = Counter()
    result = [""] * len(findings)
    for i in order:
        result[i] = digest(identities[i], seen[identities[i]])
        seen[identities[i]] += 1
    return result
