"""Apply the edits that rules propose, atomically, changing nothing else.

Fixes run in passes, like ruff's: apply every non-overlapping edit, re-check the files that
changed (a fixed subject can make ``seo.title`` fixable next), and stop when nothing more
changes. A file is written only if its new text still parses as well as the old one did;
a file that is not valid UTF-8 is never written.
"""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from contentlint.engine import FileState, Linter
from contentlint.model import Edit, Finding

MAX_PASSES = 10


@dataclass
class FixResult:
    changed: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (old, new)
    refused: dict[str, str] = field(default_factory=dict)  # path -> why it was left as it was
    findings: list[Finding] = field(default_factory=list)  # what is left


def apply_edits(text: str, edits: list[Edit]) -> tuple[str, int]:
    """Apply non-overlapping edits (the first of two overlapping ones wins); returns the new
    text and how many edits were applied."""
    chosen: list[Edit] = []
    for edit in sorted(set(edits), key=lambda e: (e.start, e.end)):
        if chosen and edit.start < chosen[-1].end:
            continue
        chosen.append(edit)
    parts, last = [], 0
    for edit in chosen:
        parts.append(text[last : edit.start])
        parts.append(edit.replacement)
        last = edit.end
    parts.append(text[last:])
    return "".join(parts), len(chosen)


Health = tuple[str | None, int]


def _health(state: FileState) -> Health:
    """What must not get worse: the format, and the number of frontmatter problems."""
    doc = state.doc
    if doc is None:
        return None, 0
    problems = len(doc.frontmatter.problems) if doc.frontmatter else 0
    return doc.format, problems + (1 if doc.unclosed else 0)


def fix(linter: Linter) -> FixResult:
    """Fix the files the linter has checked. Only files with a fixable finding are read again,
    one at a time: a parsed document (some 80 KB for a page) lives only while its edits are
    computed, and between passes only the text of the files changed so far is kept (the
    others are read again from disk), so memory follows the number of files fixed."""
    result = FixResult()
    fixing = [
        path
        for path in linter.states
        if any(finding.fixable for finding in linter.findings_for(path))
    ]
    originals: dict[str, tuple[FileState, Health]] = {}  # what a refused fix goes back to
    olds: dict[str, str] = {}  # the original text of every file changed so far
    texts: dict[str, str] = {}  # and its current text
    health: dict[str, Health] = {}  # and its current health
    for number in range(MAX_PASSES):
        # Every file's edits are computed against the same index, then applied together:
        # the index is rebuilt once a pass, not once a file.
        changes, kept = {}, []
        for path in fixing:
            state = linter.reload(path, texts.get(path))
            source = state.source
            if number == 0:
                if source is None or source.lossy:  # unreadable, or not UTF-8: never written
                    linter.states[path] = _bare(state)
                    continue
                originals[path] = (_bare(state), _health(state))
            assert source is not None
            kept.append(path)
            edits = [e for f in linter.findings_for(path) for e in f.edits]
            linter.states[path] = _bare(state)
            if edits:
                new, applied = apply_edits(source.text, edits)
                if applied and new != source.text:
                    changes[path] = new
                    olds.setdefault(path, source.text)
        fixing = kept
        if not changes:
            break
        for path, new in changes.items():
            state = linter.update(path, new)
            texts[path], health[path] = new, _health(state)
            linter.states[path] = _bare(state)
    for path, old in olds.items():
        new, (original, was) = texts[path], originals[path]
        if old == new:
            continue
        if health[path] != was:
            result.refused[path] = "the fixed text would not parse as the original did"
            linter.restore(original)
        else:
            result.changed[path] = (old, new)
    result.findings = linter.findings()
    return result


def _bare(state: FileState) -> FileState:
    """A file's state without its text and parsed document."""
    return replace(state, source=None, doc=None)


def unified_diff(path: str, old: str, new: str) -> str:
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"a/{path}",
            tofile=f"b/{path}",
        )
    )


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename, keeping
    the file's mode; a crash leaves either the old file or the new one, never half of one."""
    path = path.resolve()  # write through a symlink, never replace the link itself
    mode = stat.S_IMODE(path.stat().st_mode)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
