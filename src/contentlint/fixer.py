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


def _health(state: FileState) -> tuple[str | None, int]:
    """What must not get worse: the format, and the number of frontmatter problems."""
    doc = state.doc
    if doc is None:
        return None, 0
    problems = len(doc.frontmatter.problems) if doc.frontmatter else 0
    return doc.format, problems + (1 if doc.unclosed else 0)


def fix(linter: Linter) -> FixResult:
    """Fix the files the linter has checked. Only files with a fixable finding are read again
    (with their text and document, which a check does not keep), so memory follows the
    number of files to fix, not the size of the corpus."""
    result = FixResult()
    candidates = [
        path
        for path in linter.states
        if any(finding.fixable for finding in linter.findings_for(path))
    ]
    originals: dict[str, tuple[FileState, str, tuple[str | None, int]]] = {}
    for path in candidates:
        state = linter.reload(path)
        if state.source is not None and not state.source.lossy:
            # What a refused fix needs of the original: its state without the parsed
            # document (kept only while the file is being fixed), its text and its health.
            originals[path] = (replace(state, doc=None), state.source.text, _health(state))
    for _ in range(MAX_PASSES):
        # Every file's edits are computed against the same index, then applied together:
        # the index is rebuilt once a pass, not once a file.
        changes = {}
        for path in originals:
            source = linter.states[path].source
            edits = [e for f in linter.findings_for(path) for e in f.edits]
            if edits and source is not None:
                text, applied = apply_edits(source.text, edits)
                if applied and text != source.text:
                    changes[path] = text
        if not changes:
            break
        for path, text in changes.items():
            linter.update(path, text)
    for path, (original, old, health) in originals.items():
        state = linter.states[path]
        assert state.source is not None
        new = state.source.text
        if old != new and _health(state) != health:
            result.refused[path] = "the fixed text would not parse as the original did"
            linter.restore(original)
            continue
        if old != new:
            result.changed[path] = (old, new)
        linter.states[path] = replace(linter.states[path], doc=None)  # done with it
    result.findings = linter.findings()
    return result


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
