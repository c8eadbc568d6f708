"""The pipeline: discover -> read -> parse -> index -> rules -> findings.

:class:`Linter` holds one run's state. ``check`` runs it once; ``fix`` (see ``fixer.py``)
runs it, applies edits, and asks it to re-check the files it changed.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from contentlint.cache import Cache, CacheError, digest, run_key
from contentlint.config import Config
from contentlint.discover import (
    corpus_root,
    expand,
    forget,
    git_root,
    list_folder_names,
    matches,
    relative_to,
)
from contentlint.formats import Document, by_name, parse_document
from contentlint.formats.frontmatter import replace_scalar
from contentlint.index import Entry, Index, MemoryIndex
from contentlint.model import Edit, Finding
from contentlint.rules.registry import REGISTRY, Hit, Rule
from contentlint.source import Source, read_source, utf8_name

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


@dataclass(slots=True)
class FileState:
    """One file asked about. ``source`` and ``doc`` are kept only when fixing."""

    path: str  # as listed: relative to the current folder, or absolute
    display: str
    source: Source | None = None
    doc: Document | None = None
    entry: Entry | None = None
    local: Sequence[Finding] = ()
    corpus: list[Finding] | None = None  # cross-file findings, when known already (cache)
    skipped: bool = False  # no frontmatter, and no format claims it


@dataclass(slots=True)
class Outcome:
    """What analysing one file yields: small and picklable (for workers and the cache)."""

    entry: Entry | None
    local: list[Finding] | None  # None: file rules were not run (a corpus-only file)
    skipped: bool = False
    size: int = -1
    mtime_ns: int = -1
    digest: bytes = b""


_WORKER: Linter | None = None  # the linter a forked worker process analyses with


def _skipped(doc: Document, local: list[Finding] | None) -> bool:
    """No frontmatter, no format claims the file, and no rule had anything to say of it."""
    return doc.format is None and doc.frontmatter is None and not doc.unclosed and not local


def _worker_start(parent: int) -> None:
    """A worker dies with the process that forked it (a CI runner's SIGKILL, say), instead
    of waiting forever on its queue: Linux's parent-death signal, and a check that the parent
    had not died already."""
    import signal

    with suppress(OSError, AttributeError, TypeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)


def _work(tasks: list[tuple[str, bool]]) -> list[Outcome]:
    assert _WORKER is not None
    return [_WORKER.outcome(*task) for task in tasks]


def display_path(path: Path | str, cwd: Path) -> str:
    """``path`` relative to the current folder when it is inside it, else absolute."""
    text, base = str(path), str(cwd)
    if text.startswith(base.rstrip(os.sep) + os.sep):
        return text[len(base.rstrip(os.sep)) + 1 :]
    return text


PARALLEL_MIN = 64  # fewer files than this are not worth starting processes for


def _can_fork() -> bool:
    import multiprocessing as mp

    return "fork" in mp.get_all_start_methods()


class Linter:
    def __init__(self, config: Config, rules: list[Rule], cwd: Path | None = None) -> None:
        self.config = config
        self.cwd = (cwd or Path.cwd()).resolve()
        self.rules = rules
        self.file_rules = [r for r in rules if r.scope == "file"]
        self.corpus_rules = [r for r in rules if r.scope == "corpus"]
        self.options = {rule.name: config.rule_options(rule) for rule in rules}
        # Files go by name (a str, as listed), not Path: a Path costs some 250 bytes more,
        # 25 MB at 100,000 pages.
        self.states: dict[str, FileState] = {}  # the files asked about
        self.entries: dict[str, Entry] = {}  # every document of the corpus
        self.missing: list[Path] = []
        self.root: Path = self.cwd  # the corpus root, once loaded
        self._index: Index | None = None
        self._pool: ProcessPoolExecutor | None = None  # worker processes, while ``workers`` runs
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
    ) -> None:
        """Analyse the files named by ``paths`` and, for cross-file rules, index the corpus.

        Only results are kept (no text, no documents): files are analysed by ``jobs``
        processes, and ``use_cache`` reuses what the cache holds of unchanged files (see
        ``incremental.py``). ``fixing`` keeps the whole index in memory, since fixes
        change it."""
        forget()
        root = self.root = corpus_root(paths, self.config)
        if use_cache:
            from contentlint.incremental import load_cached

            cache = Cache(root, self._cache_key(), in_git=git_root(root) is not None)
            try:
                # A first run analyses the whole corpus: fork the workers before listing it.
                first = cache.db is not None and not cache.meta.get("complete")
                with self.workers(jobs if first else 1):
                    try:
                        if load_cached(self, paths, root, cache, jobs, progress, fixing):
                            return
                    except CacheError as exc:  # a damaged row: start the cache afresh
                        cache.notes.append(f"cache {cache.folder} is damaged ({exc}): rebuilt")
                        cache.reset()
                self.states, self.entries, self.missing, self.failure = {}, {}, [], None
            finally:
                self.notes.extend(cache.notes)
                cache.close()
        many = bool(self.corpus_rules) or any(path.is_dir() for path in paths)
        with self.workers(jobs if many else 1):  # forked before the listing makes us big
            files, self.missing = expand(paths, self.config)
            requested = set(files)
            corpus = files
            if self.corpus_rules:
                corpus = sorted(requested.union(list_folder_names(root, self.config)))
            tasks = [(name, name in requested) for name in corpus]
            outcomes = self.compute(tasks, jobs, progress)
            for (path, asked), outcome in zip(tasks, outcomes, strict=True):
                entry = outcome.entry
                if entry is not None:
                    self.entries[path] = entry = self.relocate(path, entry)
                if asked:
                    self.add_state(path, outcome.local or (), None, outcome.skipped, entry)

    def add_state(
        self,
        path: str,
        local: Sequence[Finding],
        corpus: list[Finding] | None,
        skipped: bool,
        entry: Entry | None = None,
    ) -> FileState:
        """Record a file asked about."""
        display = self.display(path)
        if entry is not None and entry.path == display:
            entry.path = display  # one string for both
        if local and local[0].path != display:  # cached while the run was elsewhere
            local = [replace(f, path=display) for f in local]
        state = FileState(path, display, entry=entry, local=local, corpus=corpus)
        state.skipped = skipped
        self.states[path] = state
        return state

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
        """Analyse files, in ``jobs`` forked processes when there are enough of them; the
        results come one by one, in the order of ``tasks`` whatever the number of processes.

        A worker that dies (killed by the system when out of memory, say) never hangs the
        run: the files not analysed yet get an internal finding, and the run fails."""
        total = len(tasks)
        if jobs <= 1 or total < PARALLEL_MIN or not _can_fork():
            for done, task in enumerate(tasks, start=1):
                yield self.outcome(*task)
                if progress is not None:
                    progress(done, total)
            return
        from concurrent.futures.process import BrokenProcessPool

        with self.workers(jobs):
            pool = self._pool
            assert pool is not None
            size = max(8, min(256, total // (jobs * 8)))
            chunks = [tasks[i : i + size] for i in range(0, total, size)]
            ahead = jobs * 4  # chunks in flight: enough to keep the workers busy
            futures = deque(pool.submit(_work, chunk) for chunk in chunks[:ahead])
            done = 0
            for number in range(len(chunks)):
                try:
                    outcomes = futures.popleft().result()
                except BrokenProcessPool:
                    self._stop_workers()
                    yield from self._died(tasks[done:])
                    return
                if number + ahead < len(chunks):
                    futures.append(pool.submit(_work, chunks[number + ahead]))
                for outcome in outcomes:
                    done += 1
                    yield outcome
                    if progress is not None:
                        progress(done, total)
            self._stop_workers()  # their work is done: give their memory back now

    def _died(self, tasks: list[tuple[str, bool]]) -> Iterator[Outcome]:
        self.failure = (
            "a worker process died while analysing files (killed by the system,"
            " perhaps out of memory); the files it had not finished were not checked"
        )
        rule = REGISTRY["io-error"]
        for path, asked in tasks:
            hit = Hit(1, 1, "not checked: the worker process analysing it died")
            yield Outcome(None, [self._finding(rule, self.display(path), hit)] if asked else [])

    @contextmanager
    def workers(self, jobs: int) -> Iterator[None]:
        """Fork ``jobs`` worker processes for :meth:`compute`, unless they run already.

        A forked worker shares this process's memory pages until either process writes to
        one, so workers forked while this process is small stay small: ``load`` starts them
        before listing the corpus, as a worker forked later ends up holding its own copy of
        the listing."""
        if jobs <= 1 or self._pool is not None or not _can_fork():
            yield
            return
        import gc
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        global _WORKER
        _WORKER = self
        # Frozen, the inherited objects are left alone by a worker's garbage collector,
        # which would otherwise write to (and so copy) every page holding one.
        gc.freeze()
        try:
            self._pool = ProcessPoolExecutor(
                jobs,
                mp_context=mp.get_context("fork"),
                initializer=_worker_start,
                initargs=(os.getpid(),),
            )
            self._pool.submit(int).result()  # the workers are forked now, all of them
        finally:
            gc.unfreeze()
        try:
            yield
        finally:
            self._stop_workers()

    def _stop_workers(self) -> None:
        global _WORKER
        if self._pool is not None:
            pool, self._pool = self._pool, None
            processes = list((getattr(pool, "_processes", None) or {}).values())
            for process in processes:  # stop them now, busy or not
                process.terminate()
            # The executor's own thread notices they are gone and reaps them; wait for it.
            # Joining them here meanwhile would race it for each exit status (the loser
            # believes its process alive forever), and at exit Python would race it to a
            # pipe it closes ("Bad file descriptor").
            pool.shutdown(wait=True, cancel_futures=True)
            for process in processes:  # the thread has ended: no race now
                process.join()
        _WORKER = None

    def outcome(self, path: str, asked: bool) -> Outcome:
        """Analyse one file: its index entry and, when it was asked about, its findings."""
        display = display_path(path, self.cwd)
        if not utf8_name(path):
            hit = Hit(1, 1, "the file name is not valid UTF-8: rename the file")
            return Outcome(
                None, [self._finding(REGISTRY["io-error"], display, hit)] if asked else []
            )
        try:
            stat = os.stat(path)
            source = read_source(Path(path), display, self.config.max_file_size)
        except OSError as exc:
            return Outcome(None, [self._io_error(display, exc)] if asked else [])
        doc = self._parse(source)
        local = self._file_findings(doc) if asked else None
        return Outcome(
            self._entry(doc),
            local,
            _skipped(doc, local),
            stat.st_size,
            stat.st_mtime_ns,
            digest(source.raw),
        )

    def _read(self, path: str) -> Source | OSError:
        try:
            return read_source(Path(path), display_path(path, self.cwd), self.config.max_file_size)
        except OSError as exc:
            return exc

    def _analyze(self, path: str, text: str | None = None) -> FileState:
        state = FileState(path, display_path(path, self.cwd))
        if text is None:
            source = self._read(path)
            if isinstance(source, OSError):
                state.local = [self._io_error(state.display, source)]
                return state
        else:
            source = Source(Path(path), state.display, text.encode("utf-8"), text)
        state.source = source
        doc = state.doc = self._parse(source)
        state.local = self._file_findings(doc)
        state.skipped = _skipped(doc, state.local)
        state.entry = self._entry(doc)
        if state.entry is not None:
            self.entries[path] = state.entry
        else:
            self.entries.pop(path, None)
        return state

    def _parse(self, source: Source) -> Document:
        doc = parse_document(source, self.config.format_options())
        doc.extra["max_file_size"] = self.config.max_file_size
        if self.config.require_frontmatter:
            relative = relative_to(source.path, self.config.base)
            doc.extra["require_frontmatter"] = matches(relative, self.config.require_frontmatter)
        return doc

    @staticmethod
    def _entry(doc: Document) -> Entry | None:
        fmt = by_name().get(doc.format or "")
        return fmt.entry(doc) if fmt is not None else None

    # -- rules -------------------------------------------------------------------------
    def _finding(self, rule: Rule, path: str, hit: Hit, doc: Document | None = None) -> Finding:
        edits: list[Edit] = []
        deferred = False
        for edit in hit.edits:
            if isinstance(edit, Edit):
                edits.append(edit)
                continue
            node = doc.frontmatter.nodes.get(edit.path) if doc and doc.frontmatter else None
            if node is not None:
                edits.append(replace_scalar(node, edit.value))
            else:
                deferred = True
        return Finding(
            path=path,
            line=hit.line,
            column=hit.column,
            code=rule.code,
            rule=rule.name,
            severity=self.config.severity.get(rule.name) or hit.severity or rule.severity,
            message=hit.message,
            edits=tuple(edits),
            deferred=deferred and not edits,
        )

    def _io_error(self, display: str, exc: OSError) -> Finding:
        rule = REGISTRY["io-error"]
        reason = exc.strerror or str(exc)
        return self._finding(rule, display, Hit(1, 1, f"cannot read the file: {reason}"))

    def _applies(self, rule: Rule, doc: Document) -> bool:
        if doc.format is None and doc.frontmatter is None:
            return rule.unclaimed
        return rule.formats is None or doc.format in rule.formats

    def _file_findings(self, doc: Document) -> list[Finding]:
        findings = []
        for rule in self.file_rules:
            if self._applies(rule, doc):
                for hit in rule.check(doc, self.options[rule.name]):
                    findings.append(self._finding(rule, doc.source.display, hit, doc))
        return findings

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
        findings = []
        for rule in self.corpus_rules:
            if rule.formats is None or entry.format in rule.formats:
                for hit in rule.check(entry, index, self.options[rule.name]):
                    findings.append(self._finding(rule, display, hit, doc))
        return findings

    def findings(self) -> list[Finding]:
        found = [
            self._finding(REGISTRY["io-error"], str(p), Hit(1, 1, "no such file or folder"))
            for p in self.missing
        ]
        for state in self.states.values():
            found.extend(state.local)
            found.extend(self.corpus_findings(state))
        return sorted(found, key=Finding.sort_key)

    def findings_for(self, path: str) -> list[Finding]:
        state = self.states[path]
        return [*state.local, *self.corpus_findings(state)]

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
