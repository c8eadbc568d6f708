"""One run: discover -> read -> parse -> index -> rules -> findings.

:class:`Linter` holds one run's state: the files asked about, the corpus index, the cache.
Files are analysed by :class:`~contentlint.pipeline.analyse.Analyser`, in worker processes
(:class:`~contentlint.pipeline.workers.Workers`) when there are many, or reused from the
cache (``pipeline/incremental.py``). ``check`` runs it once; ``fix`` (``fixer.py``) runs it,
applies edits, and asks it to re-check the files it changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from contentlint.cache import Cache, CacheError, run_key
from contentlint.changes import ChangeSet
from contentlint.config import Config
from contentlint.discover import Listing, matches, relative_to
from contentlint.formats import Document
from contentlint.index import Entry, Index, MemoryIndex
from contentlint.model import Finding
from contentlint.pipeline.analyse import Analyser, FileState, Loaded, Outcome, display_path
from contentlint.pipeline.workers import Workers
from contentlint.rules.registry import Rule
from contentlint.suppress import apply


class Linter:
    def __init__(self, config: Config, rules: list[Rule], cwd: Path | None = None) -> None:
        self.config = config
        self.cwd = (cwd or Path.cwd()).resolve()
        self.rules = rules
        self.analyser = Analyser(config, rules, self.cwd)
        self.corpus_rules = self.analyser.corpus_rules
        self.workers = Workers(self.analyser)
        # Files go by name (a str, as listed), not Path: a Path costs some 250 bytes more,
        # 25 MB at 100,000 pages.
        self.states: dict[str, FileState] = {}  # the files asked about
        self.entries: dict[str, Entry] = {}  # every document of the corpus
        self.missing: list[Path] = []
        self.root: Path = self.cwd  # the corpus root, once loaded
        self.listing = Listing(config)  # what the run learns of the disk (``load`` renews it)
        self._index: Index | None = None
        self.failure: str | None = None  # why the run could not check everything (exit 2)
        self.notes: list[str] = []  # what --verbose tells: a cache ignored, say

    # -- loading -----------------------------------------------------------------------
    def load(
        self,
        paths: list[Path],
        *,
        jobs: int = 1,
        use_cache: bool = False,
        fixing: bool = False,
        progress: Callable[[int, int], None] | None = None,
        change: ChangeSet | None = None,
    ) -> None:
        """Analyse the files named by ``paths`` and, for cross-file rules, index the corpus.

        Only results are kept (no text, no documents): files are analysed by ``jobs``
        processes, and ``use_cache`` reuses what the cache holds of unchanged files (see
        ``incremental.py``). ``fixing`` keeps the whole index in memory, since fixes
        change it."""
        self.analyser.digests = use_cache  # set before the workers are forked with it
        listing = self.listing = Listing(self.config)  # what this run learns of the disk
        root = self.root = listing.corpus_root(paths)
        if use_cache:
            from contentlint.pipeline.incremental import load_cached

            in_git = listing.git_root(root) is not None
            cache = Cache(root, self._cache_key(), in_git=in_git, folder=self.config.cache_dir)
            try:
                # A first run analyses the whole corpus: fork the workers before listing it.
                first = cache.db is not None and not cache.meta.get("complete")
                with self.workers.started(jobs if first else 1):
                    try:
                        loaded = load_cached(self, paths, root, cache, jobs, progress, fixing)
                        if loaded is not None:
                            self._adopt(loaded)
                            if change is not None:
                                self._impact(change, None if fixing else cache)
                            return
                    except CacheError as exc:  # a damaged row: start the cache afresh
                        cache.notes.append(f"cache {cache.folder} is damaged ({exc}): rebuilt")
                        cache.reset()
                self.failure = self.workers.failure = None
            finally:
                self.notes.extend(cache.notes)
                cache.close()
        self._adopt(self._load_all(paths, jobs, progress))
        if change is not None:
            self._impact(change, None)

    def _impact(self, change: ChangeSet, cache: Cache | None) -> None:
        """The pages ``change`` breaks, found over the cache's directory or in memory."""
        from contentlint.cache import SqlIndex
        from contentlint.pipeline.impact import View, add_broken_pages

        if cache is not None and cache.db is not None:
            view = View(SqlIndex(cache.db, self.display), self, cache)
        else:
            view = View(self.index, self)
        add_broken_pages(self, change, view)

    def _load_all(
        self, paths: list[Path], jobs: int, progress: Callable[[int, int], None] | None
    ) -> Loaded:
        """Analyse every file asked about and, for cross-file rules, the whole corpus."""
        loaded = Loaded(self.display)
        many = bool(self.corpus_rules) or any(path.is_dir() for path in paths)
        with self.workers.started(jobs if many else 1):  # forked before the listing makes us big
            files, loaded.missing = self.listing.expand(paths)
            requested = set(files)
            corpus = files
            if self.corpus_rules:
                corpus = sorted(requested.union(self.listing.folder_names(self.root)))
            tasks = [(name, name in requested) for name in corpus]
            outcomes = self.compute(tasks, jobs, progress)
            for (path, asked), outcome in zip(tasks, outcomes, strict=True):
                entry = outcome.entry
                if entry is not None:
                    loaded.entries[path] = entry = self.relocate(path, entry)
                if asked:
                    loaded.add_state(
                        path,
                        outcome.local or (),
                        None,
                        outcome.skipped,
                        entry,
                        outcome.suppressions,
                    )
        return loaded

    def _adopt(self, loaded: Loaded) -> None:
        self.states, self.entries, self.missing = loaded.states, loaded.entries, loaded.missing
        self._index = None

    def display(self, path: Path | str) -> str:
        return display_path(path, self.cwd)

    def relocate(self, path: str, entry: Entry) -> Entry:
        """An entry from a worker or the cache, with its path shown as this run shows it (the
        cwd may differ), and its strings shared with the file's name: at 100,000 pages,
        three copies of every file name would cost 20 MB."""
        entry.path = self.display(path)
        if entry.file == path:
            entry.file = path
        return entry

    def _cache_key(self) -> str:
        config = self.config
        return run_key(
            sorted(r.name for r in self.rules),
            sorted((k, repr(v)) for k, v in config.options.items()),
            sorted(config.severity.items()),
            config.format_options(),
            config.types.fingerprint(),
            config.require_frontmatter,
            config.include,
            config.exclude,
            str(config.base),
        )

    def compute(
        self,
        tasks: list[tuple[str, bool]],
        jobs: int,
        progress: Callable[[int, int], None] | None,
    ) -> Iterator[Outcome]:
        """Analyse files (see :meth:`Workers.run`); a worker's death fails the run."""
        yield from self.workers.run(tasks, jobs, progress)
        self.failure = self.failure or self.workers.failure

    def outcome(self, path: str, asked: bool) -> Outcome:
        """Analyse one file: its index entry and, when it was asked about, its findings."""
        return self.analyser.outcome(path, asked)

    def _analyze(self, path: str, text: str | None = None) -> FileState:
        state = self.analyser.analyse(path, text)
        if state.entry is not None:
            self.entries[path] = state.entry
        else:
            self.entries.pop(path, None)
        return state

    @property
    def index(self) -> Index:
        if self._index is None:
            self._index = MemoryIndex(list(self.entries.values()))
        return self._index

    def corpus_findings(self, state: FileState) -> list[Finding]:
        if state.corpus is not None:
            return state.corpus
        if state.entry is None:
            return []
        return self.cross_file(state.entry, state.display, self.index, state.doc)

    def cross_file(
        self, entry: Entry, display: str, index: Index, doc: Document | None = None
    ) -> list[Finding]:
        """The findings of the cross-file rules for one document."""
        return self.analyser.cross_file(entry, display, index, doc)

    def findings(self) -> list[Finding]:
        found = [
            f for p in self.missing for f in self.analyser.unread(str(p), "no such file or folder")
        ]
        for state in self.states.values():
            found.extend(self.visible(state, [*state.local, *self.corpus_findings(state)]))
        return sorted(found, key=Finding.sort_key)

    def findings_for(self, path: str) -> list[Finding]:
        state = self.states[path]
        return self.visible(state, [*state.local, *self.corpus_findings(state)])

    def visible(self, state: FileState, findings: list[Finding]) -> list[Finding]:
        """A file's findings without those the configuration's ``per-file-ignores`` drop or
        its suppression comments cover (and so never fixed either), and with a finding for
        each suppression that covered nothing (the ``suppression`` rules)."""
        dropped: set[str] = set()
        if self.config.per_file_ignores:
            relative = relative_to(Path(state.path), self.config.base)
            ignores = self.config.per_file_ignores
            dropped = set().union(*(names for glob, names in ignores if matches(relative, [glob])))
            if dropped:
                findings = [f for f in findings if f.rule not in dropped]
        found = state.suppressions
        if not found:
            return findings
        kept, used = apply(findings, found)
        analyser = self.analyser
        for rule in analyser.suppression_rules:
            judged = analyser.judged - dropped
            for hit in rule.check(found, used, analyser.options[rule.name], judged):
                kept.append(analyser.finding(rule, state.display, hit))
        return kept

    # -- fixing ------------------------------------------------------------------------
    def update(self, path: str, text: str) -> FileState:
        """Re-analyse a file from new text (the fixer's proposed content)."""
        state = self._analyze(path, text)
        self.states[path] = state
        self._index = None
        return state

    def reload(self, path: str, text: str | None = None) -> FileState:
        """Analyse a file again, from disk or from ``text``, keeping its text and document
        (to fix it). The content is the one already indexed, so the index stays as it is."""
        index = self._index
        state = self.states[path] = self._analyze(path, text)
        self._index = index
        return state

    # -- the pages a change breaks (``impact.py``) --------------------------------------
    def forget(self, path: str) -> None:
        """Leave a file out of the corpus (a page git does not track, in a staged check)."""
        if self.entries.pop(path, None) is not None:
            self._index = None
        self.states.pop(path, None)

    def add_findings(self, path: str, entry: Entry, corpus: list[Finding]) -> None:
        """Report ``corpus`` for a file not asked about (a page the change breaks)."""
        self.states[path] = FileState(path, self.display(path), entry=entry, corpus=corpus)

    def release(self, state: FileState) -> None:
        """Keep a file's state without its text and document (the fixer is done with them
        for now: a big fix must not hold every page's text)."""
        self.states[state.path] = replace(state, source=None, doc=None)

    def restore(self, state: FileState) -> None:
        """Put back a file's earlier state (a fix that was refused)."""
        self.states[state.path] = state
        self.entries.pop(state.path, None)
        if state.entry is not None:
            self.entries[state.path] = state.entry
        self._index = None

    @property
    def skipped_files(self) -> list[str]:
        return sorted(state.display for state in self.states.values() if state.skipped)
