"""Apply the edits that rules propose, atomically, changing nothing else.

Fixes run in passes, like ruff's: apply every non-overlapping edit, re-check the files that
changed (a fixed subject can make ``seo.title`` fixable next), and stop when nothing more
changes. A file is written only if its new text still parses as well as the old one did;
a file that is not valid UTF-8 is never written.
"""

from __future__ import annotations

import difflib
import hashlib
import os
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from contentlint.atomic import ChangedOnDisk, remove_stale_temporaries, write_atomic
from contentlint.formats import Document
from contentlint.model import Edit, Finding
from contentlint.pipeline.analyse import FileState
from contentlint.pipeline.run import Linter
from contentlint.reporters.escape import printable

MAX_PASSES = 10


@dataclass
class FixResult:
    changed: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (old, new)
    refused: dict[str, str] = field(default_factory=dict)  # path -> why it was left as it was
    findings: list[Finding] = field(default_factory=list)  # what is left
    # path -> "CODE [name]" -> how many of its findings the fix repaired (--show-fixes)
    applied: dict[str, Counter[str]] = field(default_factory=dict)


def choose(edits: list[Edit]) -> list[Edit]:
    """The edits to apply, sorted: of two that overlap, the first wins."""
    chosen: list[Edit] = []
    for edit in sorted(set(edits), key=lambda e: (e.start, e.end)):
        if chosen and edit.start < chosen[-1].end:
            continue
        chosen.append(edit)
    return chosen


def apply_edits(text: str, edits: list[Edit]) -> tuple[str, int]:
    """Apply non-overlapping edits (the first of two overlapping ones wins); returns the new
    text and how many edits were applied."""
    chosen = choose(edits)
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
    others are read again from disk), so memory follows the number of files fixed.

    A fix must change nothing but what it means to: each pass, the frontmatter of a fixed
    file must read back as the old one with exactly the intended values changed (same keys,
    same types, same other values); a file where it does not is left as it was."""
    result = FixResult()
    fixing = [
        path
        for path in linter.states
        if any(finding.fixable for finding in linter.findings_for(path))
    ]
    remove_stale_temporaries({os.path.dirname(path) for path in fixing})
    originals: dict[str, tuple[FileState, Health]] = {}  # what a refused fix goes back to
    olds: dict[str, str] = {}  # the original text of every file changed so far
    texts: dict[str, str] = {}  # and its current text
    health: dict[str, Health] = {}  # and its current health
    broken: dict[str, str] = {}  # files whose fix changed more than it meant to, and why
    for number in range(MAX_PASSES):
        # Every file's edits are computed against the same index, then applied together:
        # the index is rebuilt once a pass, not once a file.
        changes, expected, kept = {}, {}, []
        for path in fixing:
            state = linter.reload(path, texts.get(path))
            source = state.source
            if number == 0:
                if source is None or source.lossy:  # unreadable, or not UTF-8: never written
                    linter.release(state)
                    continue
                originals[path] = (_bare(state), _health(state))
            assert source is not None
            kept.append(path)
            found = linter.findings_for(path)
            edits = choose([e for f in found for e in f.edits])
            if edits:
                new, applied = apply_edits(source.text, edits)
                if applied and new != source.text:
                    chosen = set(edits)
                    repaired = result.applied.setdefault(path, Counter())
                    repaired.update(
                        f"{f.code} [{f.rule}]" for f in found if chosen.intersection(f.edits)
                    )
                    changes[path] = new
                    expected[path] = _expected_shape(state.doc, source.text, edits)
                    olds.setdefault(path, source.text)
            linter.release(state)
        fixing = kept
        if not changes:
            break
        for path, new in changes.items():
            state = linter.update(path, new)
            if _shape_digest(_shape(state.doc)) != expected[path]:
                broken[path] = (
                    "the fixed text would read back differently from what the fix meant"
                    " (keys, types or other values would change)"
                )
            texts[path], health[path] = new, _health(state)
            linter.release(state)
        fixing = [path for path in fixing if path not in broken]
    for path, old in olds.items():
        new, (original, was) = texts[path], originals[path]
        if path in broken:
            result.refused[path] = broken[path]
            linter.restore(original)
        elif old == new:
            pass
        elif health[path] != was:
            result.refused[path] = "the fixed text would not parse as the original did"
            linter.restore(original)
        else:
            result.changed[path] = (old, new)
            continue
        result.applied.pop(path, None)
    result.findings = linter.findings()
    return result


# -- what a fix may change ------------------------------------------------------------------

Shape = dict[tuple[Any, ...], tuple[str, Any]]


def _shape(doc: Document | None) -> Shape:
    """The frontmatter as path -> (type, value) for every leaf, and (type, keys or length)
    for every mapping and list."""
    out: Shape = {}
    fm = doc.frontmatter if doc is not None else None
    if fm is None or fm.data is None:
        return out
    stack: list[tuple[tuple[Any, ...], Any]] = [((), fm.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            out[path] = ("dict", tuple(value))
            stack.extend(((*path, k), v) for k, v in value.items())
        elif isinstance(value, list):
            out[path] = ("list", len(value))
            stack.extend(((*path, i), v) for i, v in enumerate(value))
        else:
            out[path] = (type(value).__name__, value)
    return out


def _shape_digest(shape: Shape) -> bytes:
    text = repr(sorted(shape.items(), key=lambda item: repr(item[0])))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _expected_shape(doc: Document | None, text: str, edits: list[Edit]) -> bytes:
    """What the frontmatter must read as once ``edits`` are applied: an edit that sets a
    value sets it; an edit inside a string value changes that text in the value; anything
    else (edits outside the frontmatter) changes no value."""
    shape = _shape(doc)
    fm = doc.frontmatter if doc is not None else None
    if fm is not None and fm.data is not None:
        for path in list(shape):
            kind, value = shape[path]
            if kind in ("dict", "list") or path not in fm.nodes:
                continue
            node = fm.nodes[path]
            for edit in edits:
                if not (node.start <= edit.start and edit.end <= max(node.end, node.start)):
                    continue
                if edit.intended:
                    shape[path] = (type(edit.intended[0]).__name__, edit.intended[0])
                elif isinstance(value, str):
                    damaged = text[edit.start : edit.end]
                    value = value.replace(damaged, edit.replacement, 1) if damaged else value
                    shape[path] = ("str", value)
    return _shape_digest(shape)


def _bare(state: FileState) -> FileState:
    """A file's state without its text and parsed document."""
    return replace(state, source=None, doc=None)


def on_disk(
    findings: list[Finding], changed: dict[str, tuple[str, str]], displays: dict[str, str]
) -> list[Finding]:
    """Findings computed on fixed text that was not written, moved to the lines of the file
    as it is on disk (``fix --diff``, ``fix --check``): a line the fix left alone keeps its
    text, so its finding goes to that line; a line the fix changed goes to the line it
    replaces (its column is the fixed line's)."""
    by_display = {displays[path]: texts for path, texts in changed.items() if path in displays}
    maps: dict[str, dict[int, int]] = {}
    out = []
    for finding in findings:
        texts = by_display.get(finding.path)
        if texts is None:
            out.append(finding)
            continue
        lines = maps.get(finding.path)
        if lines is None:
            lines = maps[finding.path] = _line_map(*texts)
        out.append(replace(finding, line=lines.get(finding.line, finding.line)))
    return sorted(out, key=Finding.sort_key)


def _line_map(old: str, new: str) -> dict[int, int]:
    """Each line number of ``new`` -> the line of ``old`` it is, or replaces."""
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines())
    mapping = {}
    for _tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for j in range(j1, j2):
            mapping[j + 1] = min(i1 + (j - j1), max(i2 - 1, i1)) + 1
    return mapping


def unified_diff(path: str, old: str, new: str) -> str:
    """A unified diff for people to read: control characters in the lines are spelled as
    escapes (a terminal would obey ESC; a CI runner, a line break), and a last line without
    a line break is marked as ``diff`` marks it."""
    out = []
    for line in difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"a/{printable(path)}",
        tofile=f"b/{printable(path)}",
    ):
        end = "\r\n" if line.endswith("\r\n") else "\n" if line.endswith("\n") else ""
        body = printable(line[: len(line) - len(end)])
        out.append(body + (end or "\n\\ No newline at end of file\n"))
    return "".join(out)


def write_fixes(result: FixResult, root: Path) -> dict[str, str]:
    """Write every fixed file; returns the files that were not written, and why. A file is
    written only where it is: never through a symbolic link to outside the corpus root."""
    top = os.path.realpath(root)
    failed = {}
    written: dict[str, str] = {}  # real path -> the text written there (a file, two names)
    for path, (old, new) in sorted(result.changed.items()):
        real = os.path.realpath(path)
        if written.get(real) == new:
            continue
        written[real] = new
        if not (real == top or real.startswith(top.rstrip(os.sep) + os.sep)):
            failed[path] = f"it is a link to a file outside the corpus ({real}): not written"
            continue
        try:
            links = os.stat(real).st_nlink
            if links > 1:  # a rename would leave the other names with the old text
                failed[path] = f"it has {links} hard links, which a fix would split: not written"
                continue
            write_atomic(Path(real), new.encode("utf-8"), old.encode("utf-8"))
        except FileNotFoundError:
            failed[path] = "the file was deleted while it was being fixed"
        except ChangedOnDisk:
            failed[path] = "the file changed on disk while it was being fixed: run fix again"
        except OSError as exc:
            failed[path] = f"cannot write it: {exc.strerror or exc}"
    return failed
