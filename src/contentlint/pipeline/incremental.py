"""A check with the cache: only what changed since the last run is analysed again.

1. What changed. In a git work tree whose last run is known, git says it: the files dirty
   now or at the last run, and those changed between the two HEADs; only they are stat-ed.
   Otherwise the corpus is listed and every file's size and mtime compared with the cache.
2. The changed files are analysed (in parallel when many) and written to the cache, which
   marks the lookups they answer, before and after, as changed.
3. The cross-file findings of the files asked about are reused when none of their lookups
   changed since they were computed; the others are computed again, over the cache's
   directory when they are few, over every entry in memory when they are many.
4. Only the files with something to say become :class:`FileState`s.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from contentlint.cache import Cache, Row, SqlIndex, digest, load_findings
from contentlint.cache.rows import load_suppressions
from contentlint.discover import GitState, Listing, git_changed, git_state, select
from contentlint.index import Entry, Index, MemoryIndex, RecordingIndex
from contentlint.pipeline.analyse import Loaded
from contentlint.source import read_bytes

if TYPE_CHECKING:
    from contentlint.pipeline.analyse import Outcome
    from contentlint.pipeline.run import Linter

FEW_LOOKUPS = 2000  # at most this many files to re-check: ask the directory, not memory
BATCH = 2000  # analysed files written to the cache at a time


@dataclass
class Changes:
    """The corpus as this run finds it, against the cache."""

    files: list[str]  # asked about
    missing: list[Path]
    check: set[str]  # corpus files whose size and mtime are compared with the cache
    gone: set[str]  # files the cache knows that are no longer in the corpus
    rows: dict[str, Row]  # the cache's rows for ``check`` and ``gone``
    meta: dict[str, object] = field(default_factory=dict)  # what to remember for next time


def load_cached(
    linter: Linter,
    paths: list[Path],
    root: Path,
    cache: Cache,
    jobs: int,
    progress: Callable[[int, int], None] | None,
    fixing: bool,
) -> Loaded | None:
    """Load through the cache; None when it cannot serve."""
    if cache.db is None:
        return None
    same_cwd = cache.meta.get("cwd") == str(linter.cwd)
    changes = _changes(linter, paths, root, cache)
    if cache.tracked():  # git tracks the cache folder: it came with the repository
        return None
    asked = set(changes.files)
    fresh = _analyse_changed(linter, changes, asked, cache, jobs, progress)
    gen = cache.commit(**changes.meta, cwd=str(linter.cwd))
    if gen is None:
        return None
    loaded = Loaded(linter.display, missing=changes.missing)
    if fixing:
        _load_everything(linter, loaded, changes.files, cache, fresh)
        return loaded
    todo = _reuse_findings(linter, loaded, changes.files, cache, fresh, same_cwd)
    if todo:
        _cross_file(linter, loaded, todo, cache, fresh, gen)
        cache.commit()
    return loaded


def _changes(linter: Linter, paths: list[Path], root: Path, cache: Cache) -> Changes:
    config, listing = linter.config, linter.listing
    state = git_state(root, listing) if listing.git_root(root) is not None else None
    candidates = _git_candidates(cache, root, state, listing)
    if candidates is None:  # list the whole corpus, compare every file
        names = listing.folder_names(root)
        files, missing = listing.expand(paths)
        rows = cache.rows()
        check = set(names).union(files)
        changes = Changes(files, missing, check, set(rows) - check, rows)
    else:
        present = set(select((n for n in candidates if os.path.lexists(n)), config))
        removed = candidates - present

        def lister(folder: Path) -> list[str]:
            prefix = str(folder).rstrip(os.sep) + os.sep
            names = set(cache.paths_under(str(folder))) - removed
            return sorted(names.union(n for n in present if n.startswith(prefix)))

        files, missing = listing.expand(paths, lister)
        check = present.union(files)
        rows = cache.rows(check | removed)
        changes = Changes(files, missing, check, {n for n in removed if n in rows} - check, rows)
    changes.meta["complete"] = True
    if state is not None:
        changes.meta.update(head=state.head, dirty=state.dirty)
    return changes


def _git_candidates(
    cache: Cache, root: Path, state: GitState | None, listing: Listing
) -> set[str] | None:
    """The files that may differ from the cache, by git; None when git cannot say."""
    meta = cache.meta
    if state is None or not meta.get("complete") or "head" not in meta:
        return None
    candidates = set(state.dirty).union(meta.get("dirty", ()))
    if meta["head"] != state.head:
        between = git_changed(root, meta["head"], state.head, listing)
        if between is None:
            return None
        candidates |= between
    if any(os.path.basename(name) == ".gitignore" for name in candidates):
        return None  # what is ignored, so what the corpus holds, may have changed
    return candidates


def _analyse_changed(
    linter: Linter,
    changes: Changes,
    asked: set[str],
    cache: Cache,
    jobs: int,
    progress: Callable[[int, int], None] | None,
) -> dict[str, Outcome]:
    """Analyse the files that changed (or whose file-rule findings are now wanted)."""
    tasks = []
    for name in sorted(changes.check):
        row = changes.rows.get(name)
        if row is None or (name in asked and not row.has_local):
            tasks.append((name, name in asked))
            continue
        try:
            stat = os.stat(name)
        except OSError:
            tasks.append((name, name in asked))
            continue
        if (stat.st_size, stat.st_mtime_ns) != (row.size, row.mtime_ns):
            if _same_content(name, row):  # touched, not changed
                cache.touch(name, stat.st_size, stat.st_mtime_ns)
            else:
                tasks.append((name, name in asked))
    fresh = {}
    for number, ((name, _), outcome) in enumerate(
        zip(tasks, linter.compute(tasks, jobs, progress), strict=True), start=1
    ):
        row = changes.rows.get(name)
        if outcome.entry is not None:
            linter.relocate(name, outcome.entry)
        fresh[name] = outcome
        if outcome.size < 0:  # unreadable: not part of the corpus for now
            changes.gone.add(name)
        else:
            stat = (outcome.size, outcome.mtime_ns, outcome.digest)
            changed = row is None or row.digest != outcome.digest
            cache.put(name, stat, outcome, changed)
        if number % BATCH == 0:
            cache.commit()  # rows go to disk as they come, not all held until the end
    cache.forget(sorted(changes.gone.intersection(changes.rows)))
    return fresh


def _same_content(name: str, row: Row) -> bool:
    try:  # bounded, and never blocking on a FIFO put where a page was
        data, too_large = read_bytes(name)
    except OSError:
        return False
    return too_large is None and digest(data) == row.digest


def _reuse_findings(
    linter: Linter,
    loaded: Loaded,
    files: list[str],
    cache: Cache,
    fresh: dict[str, Outcome],
    same_cwd: bool,
) -> list[str]:
    """Give the files asked about their findings: file-rule findings from this run or the
    cache; cross-file ones from the cache when still valid. Returns the files whose
    cross-file findings must be computed again."""
    changed = cache.changed()
    newest = max(changed.values(), default=0)
    asked = set(files)
    todo: list[str] = []
    seen = set()
    for name, skipped, local, corpus, gen, deps, found in cache.results(
        files if len(files) <= FEW_LOOKUPS else None
    ):
        if name not in asked or name in fresh:
            continue
        seen.add(name)
        valid = corpus is not None and same_cwd
        if valid and gen < newest:
            valid = all(changed.get(dep, 0) <= gen for dep in array("q", deps or b""))
        local, corpus = load_findings(local) or [], load_findings(corpus) if valid else None
        if local or corpus or skipped or not valid or found:
            loaded.add_state(name, local, corpus, skipped, None, load_suppressions(found))
        if not valid:
            todo.append(name)
    for name in files:
        outcome = fresh.get(name)
        if outcome is None and name not in seen:  # gone from the cache (another process)
            outcome = linter.outcome(name, True)
        if outcome is not None:
            loaded.add_state(
                name,
                outcome.local or (),
                None,
                outcome.skipped,
                outcome.entry,
                outcome.suppressions,
            )
            if outcome.entry is not None:
                todo.append(name)
    return todo


def _cross_file(
    linter: Linter,
    loaded: Loaded,
    todo: list[str],
    cache: Cache,
    fresh: dict[str, Outcome],
    gen: int,
) -> None:
    """Compute the cross-file findings of ``todo`` and keep them, with their lookups."""
    index: Index
    if len(todo) <= FEW_LOOKUPS:
        index = SqlIndex(cache.db, linter.display)
        entries = {}
    else:
        entries = {name: outcome.entry for name, outcome in fresh.items() if outcome.entry}
        for name, entry in cache.entries(skip=fresh):
            entries[name] = linter.relocate(name, entry)
        index = MemoryIndex(list(entries.values()))
    for name in todo:
        state = loaded.states[name]
        entry: Entry | None = state.entry or entries.get(name)
        if entry is None:
            stored = cache.outcome(name)
            entry = linter.relocate(name, stored[0]) if stored and stored[0] else None
        if entry is None:
            state.corpus = []
            cache.put_corpus(name, [], set(), gen)
            continue
        recorder = RecordingIndex(index)
        state.corpus = linter.cross_file(entry, state.display, recorder)
        cache.put_corpus(name, state.corpus, recorder.deps, gen)


def _load_everything(
    linter: Linter, loaded: Loaded, files: list[str], cache: Cache, fresh: dict[str, Outcome]
) -> None:
    """For ``fix``: every entry in memory (fixes change the index) and every asked file's
    state with its entry and file-rule findings."""
    entries = loaded.entries
    for name, outcome in fresh.items():
        if outcome.entry is not None:
            entries[name] = outcome.entry
    for name, entry in cache.entries(skip=fresh):
        entries[name] = linter.relocate(name, entry)
    for name in files:
        outcome = fresh.get(name)
        if outcome is None:
            stored = cache.outcome(name)
            if stored is not None:
                _, local, skipped, found = stored
                loaded.add_state(name, local or (), None, skipped, entries.get(name), found)
                continue
            outcome = linter.outcome(name, True)
        loaded.add_state(
            name, outcome.local or (), None, outcome.skipped, outcome.entry, outcome.suppressions
        )
