"""The pages a change breaks: unchanged pages whose cross-file findings the change creates.

A check of some files (pre-commit's staged ones, a pull request's) sees those files; the
commits that most often break a site break *other* pages: a deleted or renamed page leaves
the links to it dead, a retitled page leaves stale copies of its title on the pages that
link to it, a new page can take an id or url another page has. So, once the run has
loaded the corpus as it will be (after the change) and the changed files' findings:

1. the corpus before the change is the same corpus with the changed files as they were
   (their earlier content from git, parsed the same way);
2. every other page's cross-file findings are computed over the corpus after the change,
   noting each lookup it makes (:class:`~contentlint.index.RecordingIndex`); a page none
   of whose lookups a changed document answers, before or after, cannot be affected;
3. an affected page's findings are computed again over the corpus before the change; those
   found after and not before are the change's doing, and are reported, each naming the
   change (``… (medicine/x.md deleted in this change; it was 'Title')``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from contentlint.changes import ChangeSet, untracked
from contentlint.index import (
    Entry,
    MemoryIndex,
    RecordingIndex,
    dep_key,
    provides,
    subject_key,
    subjects_of,
)
from contentlint.model import Finding

if TYPE_CHECKING:
    from contentlint.pipeline.run import Linter


def add_broken_pages(linter: Linter, change: ChangeSet) -> None:
    """Give every unchanged page that the change breaks its new cross-file findings."""
    if change.staged:  # the corpus is what will be committed: untracked pages are not in it
        for path in untracked(change.top):
            linter.forget(path)
    if not linter.corpus_rules:
        return
    new_paths, old_paths = set(change.new_paths), set(change.old_paths)
    after_entries = linter.entries
    before_entries = _earlier_entries(linter, change)
    after = MemoryIndex(list(after_entries.values()))
    kept = [e for p, e in after_entries.items() if p not in new_paths and p not in old_paths]
    before = MemoryIndex(kept + list(before_entries.values()))
    # what each changed document answers, before and after
    answers: list[tuple[set[int], str]] = []
    for c in change.changes:
        old = before_entries.get(c.old) if c.old else None
        new = after_entries.get(c.new) if c.new else None
        keys = (provides(old) if old else set()) | (provides(new) if new else set())
        keys |= _canonical_changes([e for e in (old, new) if e], before, after)
        what = describe(linter, c.status, old, new, c.old, c.new)
        if keys and what:
            answers.append((keys, what))
    touched = set().union(*(keys for keys, _ in answers)) if answers else set()
    if not touched:
        return
    for path, entry in sorted(after_entries.items()):
        if path in new_paths or path in old_paths or path in linter.states:
            continue
        display = linter.display(path)
        recorder = RecordingIndex(after)
        found = linter.cross_file(entry, display, recorder)
        hit = recorder.deps & touched
        if not found or not hit:
            continue
        earlier = {_same(f) for f in linter.cross_file(entry, display, before)}
        created = [f for f in found if _same(f) not in earlier]
        if created:
            why = "; ".join(what for keys, what in answers if keys & hit)
            created = [replace(f, message=f"{f.message} ({why})") for f in created]
            linter.add_findings(path, entry, created)


def _same(finding: Finding) -> tuple[str, int, int, str]:
    return finding.rule, finding.line, finding.column, finding.message


def _earlier_entries(linter: Linter, change: ChangeSet) -> dict[str, Entry]:
    """The changed documents as they were, parsed as the run parses any page."""
    found = {}
    for path, data in change.old_texts().items():
        if data is None:
            continue
        state = linter.analyser.analyse(path, data.decode("utf-8", "replace"))
        if state.entry is not None:
            found[path] = linter.relocate(path, state.entry)
    return found


def _canonical_changes(
    entries: Iterable[Entry], before: MemoryIndex, after: MemoryIndex
) -> set[int]:
    """The subjects whose most used spelling the change alters (every page using one of
    them may now be told to respell it, or no longer)."""
    keys = set()
    for entry in entries:
        for subject in subjects_of(entry):
            if before.canonical_subject(subject) != after.canonical_subject(subject):
                keys.add(dep_key("c", subject_key(subject)))
    return keys


def describe(
    linter: Linter,
    status: str,
    old: Entry | None,
    new: Entry | None,
    old_path: str | None,
    new_path: str | None,
) -> str:
    """What the change did to one document, in the words a finding's reader needs."""
    shown = linter.display(new_path or old_path or "")
    if status == "D" or (old is not None and new is None):
        title = _value(old, "title") if old else None
        was = f"; it was {title!r}" if title else ""
        return f"{shown} deleted in this change{was}"
    if new is not None and old is None:
        return f"{shown} added in this change"
    if old is None or new is None:
        return ""
    parts = []
    if old_path != new_path and old_path is not None:
        parts.append(f"renamed from {linter.display(old_path)}")
    for name in ("id", "url", "title", "subject"):
        before, after = _value(old, name), _value(new, name)
        if before != after:
            parts.append(f"its {name} changed from {before!r} to {after!r}")
    if not parts:
        return f"{shown} changed in this change"
    return f"{shown} changed in this change: {', '.join(parts)}"


def _value(entry: Entry, name: str) -> object:
    field = getattr(entry, name)
    return field.value if field is not None else None
