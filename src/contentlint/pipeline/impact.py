"""The pages a change breaks: unchanged pages whose cross-file findings the change creates.

A check of some files (pre-commit's staged ones, a pull request's) sees those files; the
commits that most often break a site break *other* pages: a deleted or renamed page leaves
the links to it dead, a retitled page leaves stale copies of its title on the pages that
link to it, a new page can take an id or url another page has. So, once the run has
loaded the corpus as it will be (after the change) and the changed files' findings:

1. the corpus before the change is the same corpus with the changed files as they were
   (their earlier content from git, parsed the same way);
2. a page can only be affected if one of the lookups its cross-file findings make (this
   id, that url: see :class:`~contentlint.index.RecordingIndex`) is answered by a changed
   document, before or after the change. The cache keeps every page's lookups, so only
   those pages are looked at; without the cache (or for pages whose lookups it does not
   know yet) every page's findings are computed, noting its lookups;
3. an affected page's findings are computed over the corpus after and before the change;
   those found after and not before are the change's doing, and are reported, each naming
   the change (``… (medicine/x.md deleted in this change; it was 'Title')``).
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from contentlint.changes import ChangeSet, untracked
from contentlint.index import (
    Entry,
    Index,
    MemoryIndex,
    RecordingIndex,
    dep_key,
    provides,
    spellings_of,
    subject_key,
    subjects_of,
)
from contentlint.model import Finding

if TYPE_CHECKING:
    from contentlint.cache import Cache
    from contentlint.pipeline.run import Linter

_DIGITS = re.compile(r"\d+")
FEW = 2000  # at most this many pages to look at: ask the cache's directory, not memory


class Overlay(Index):
    """An index with some documents taken out (``hidden``, by file) and others put in."""

    def __init__(self, inner: Index, hidden: Iterable[Entry], added: Iterable[Entry]) -> None:
        self.inner = inner
        self.hidden = list(hidden)
        self.files = {entry.file for entry in self.hidden}
        self.added = MemoryIndex(list(added))

    def find(self, lookup: str, value: Any) -> list[Entry]:
        kept = [e for e in self.inner.find(lookup, value) if e.file not in self.files]
        return kept + self.added.find(lookup, value)

    def spellings(self, subject: str) -> Counter[str]:
        key = subject_key(subject)
        uses = self.inner.spellings(subject) + self.added.spellings(subject)
        for entry in self.hidden:
            uses.subtract(
                Counter({s: n for s, n in spellings_of(entry).items() if subject_key(s) == key})
            )
        return +uses


@dataclass
class View:
    """The corpus after the change, as the run holds it: its index, and its pages (in
    memory, or in the cache)."""

    index: Index
    linter: Linter
    cache: Cache | None = None

    unknown: set[str] = field(default_factory=set)  # pages whose lookups the cache lacks

    def pages(self, touched: set[int], skip: set[str]) -> tuple[list[tuple[str, Entry]], Index]:
        """The pages that may be affected, and the index to ask about them: every page, in
        memory; from the cache, those whose lookups a changed document answers or whose
        lookups it does not know (never computed, or since made stale)."""
        linter, cache = self.linter, self.cache
        if cache is None:
            return [(p, e) for p, e in sorted(linter.entries.items()) if p not in skip], self.index
        changed = cache.changed()
        wanted = []
        for path, blob, gen in cache.lookups():
            if path in skip:
                continue
            deps = array("q", blob) if blob is not None else None
            if deps is not None and not touched.isdisjoint(deps):
                wanted.append(path)
            elif deps is None or any(changed.get(dep, 0) > (gen or 0) for dep in deps):
                wanted.append(path)  # not known, or may differ now that their answers have
                self.unknown.add(path)
        if len(wanted) <= FEW:
            found = [(path, _stored(self, path)) for path in wanted]
            return [(path, entry) for path, entry in found if entry is not None], self.index
        entries = {path: linter.relocate(path, entry) for path, entry in cache.entries()}
        for state in linter.states.values():  # this run's versions of the files asked about
            if state.entry is not None:
                entries[state.path] = state.entry
        chosen = set(wanted)
        pages = [(path, entries[path]) for path in sorted(chosen.intersection(entries))]
        return pages, MemoryIndex(list(entries.values()))


def add_broken_pages(linter: Linter, change: ChangeSet, view: View) -> None:
    """Give every unchanged page that the change breaks its new cross-file findings, and
    the changed files theirs over the corpus the change makes."""
    hidden: list[Entry] = []
    if change.staged:  # the corpus is what will be committed: untracked pages are not in it
        for path in untracked(change.top):
            entry = linter.entries.get(path) or _stored(view, path)
            if entry is not None:
                hidden.append(entry)
            linter.forget(path)
    if not linter.corpus_rules:
        return
    new_paths, old_paths = set(change.new_paths), set(change.old_paths)
    before_entries = _earlier_entries(linter, change)
    current = {path: _current(view, path) for path in new_paths}
    now = [entry for entry in current.values() if entry is not None]

    def corpora(base: Index) -> tuple[Index, Index]:
        after = Overlay(base, hidden, ()) if hidden else base
        return after, Overlay(after, now, before_entries.values())

    after, before = corpora(view.index)
    answers = _answers(linter, change, before_entries, current, before, after)
    touched = set().union(*(keys for keys, _ in answers)) if answers else set()
    skip = new_paths | old_paths | set(linter.states) | {e.file for e in hidden}
    pages, base = view.pages(touched, skip) if touched else ([], view.index)
    if base is not view.index:
        after, before = corpora(base)
    for state in linter.states.values():  # the changed files, over the corpus as it will be
        if state.entry is not None and state.path in new_paths:
            state.corpus = linter.cross_file(state.entry, state.display, after, state.doc)
    # What is learnt of a page's lookups is kept, when the corpus is the cache's own.
    keep = view.cache if view.cache is not None and not hidden else None
    gen = keep.meta.get("gen") if keep is not None else None
    for path, entry in pages:
        display = linter.display(path)
        recorder = RecordingIndex(after)
        found = linter.cross_file(entry, display, recorder)
        if keep is not None and type(gen) is int and path in view.unknown:
            keep.put_corpus(path, found, recorder.deps, gen)
        hit = recorder.deps & touched
        if not found or not hit:
            continue
        earlier = {_same(f) for f in linter.cross_file(entry, display, before)}
        created = [f for f in found if _same(f) not in earlier]
        if created:
            why = "; ".join(what for keys, what in answers if keys & hit)
            created = [replace(f, message=f"{f.message} ({why})") for f in created]
            linter.add_findings(path, entry, created)
    if keep is not None:
        keep.commit()


def _current(view: View, path: str) -> Entry | None:
    """A changed file's entry as this run read it (a file with nothing to say has no
    state: its entry is then in memory, or in the cache the run has just written)."""
    state = view.linter.states.get(path)
    if state is not None and state.entry is not None:
        return state.entry
    return view.linter.entries.get(path) or _stored(view, path)


def _stored(view: View, path: str) -> Entry | None:
    stored = view.cache.outcome(path) if view.cache is not None else None
    return view.linter.relocate(path, stored[0]) if stored and stored[0] else None


def _answers(
    linter: Linter,
    change: ChangeSet,
    before_entries: dict[str, Entry],
    current: dict[str, Entry | None],
    before: Index,
    after: Index,
) -> list[tuple[set[int], str]]:
    """For each changed document: the lookups it answers, before or after, and what the
    change did to it."""
    answers = []
    for c in change.changes:
        old = before_entries.get(c.old) if c.old else None
        new = current.get(c.new) if c.new else None
        keys = (provides(old) if old else set()) | (provides(new) if new else set())
        keys |= _canonical_changes([e for e in (old, new) if e], before, after)
        what = describe(linter, c.status, old, new, c.old, c.new)
        if keys and what:
            answers.append((keys, what))
    return answers


def _same(finding: Finding) -> tuple[str, int, int, str]:
    """A finding before and after the change is the same one when only its counts differ
    (one page fewer using a spelling is not a new problem on the pages that use another)."""
    return finding.rule, finding.line, finding.column, _DIGITS.sub("#", finding.message)


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


def _canonical_changes(entries: Iterable[Entry], before: Index, after: Index) -> set[int]:
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
