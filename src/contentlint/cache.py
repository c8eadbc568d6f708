"""The on-disk cache of per-file results, in SQLite (stdlib ``sqlite3``).

For every file of the corpus it keeps the size, mtime and content digest, the file's index
entry, its file-rule findings and its cross-file findings with what they were computed from
(the lookups they made, as numbers: see :func:`contentlint.index.dep_key`). The whole cache
belongs to one run key: the tool version, the schemas, the configuration and the selected
rules all go into it, and a run with another key starts the cache afresh.

When a file changes, every lookup whose answer it took part in, before or after the change,
is marked changed at a new *generation*; cross-file findings computed at an earlier
generation from a lookup marked since are computed again. So editing one page re-checks the
pages that link to it, and nothing else.

The cache lives in ``.contentlint_cache/`` at the corpus root and ignores itself for git. A
corrupt or locked cache is never fatal: the run goes on without it (and a corrupt file is
replaced). SQLite's WAL mode lets two processes use it at once.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sqlite3
from array import array
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from contentlint import __version__
from contentlint.index import (
    Entry,
    Field,
    Index,
    _key,
    canonical,
    dep_key,
    provides,
    subjects_of,
    title_key,
)

FOLDER = ".contentlint_cache"
SCHEMA_VERSION = 4
TABLES = (
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB)",
    # entry: the pickled index entry. local, corpus: pickled findings, b"" for none, NULL
    # for not computed. deps: the lookups the corpus findings made (an int64 array).
    "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER,"
    " digest BLOB, skipped INTEGER, entry BLOB, local BLOB, corpus BLOB, corpus_gen INTEGER,"
    " deps BLOB)",
    "CREATE TABLE IF NOT EXISTS changed (dep INTEGER PRIMARY KEY, gen INTEGER)",
    # The directory: what the index needs to answer lookups without loading every entry.
    "CREATE TABLE IF NOT EXISTS docs (path TEXT PRIMARY KEY, format TEXT, id INTEGER,"
    " url TEXT, title TEXT, title_key TEXT, subject TEXT)",
    "CREATE TABLE IF NOT EXISTS aliases (path TEXT, title_key TEXT)",  # other titles
    # How often each spelling of a subject is used, by pages and their related articles.
    "CREATE TABLE IF NOT EXISTS spellings (folded TEXT, subject TEXT, uses INTEGER,"
    " PRIMARY KEY (folded, subject)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS docs_id ON docs (id)",
    "CREATE INDEX IF NOT EXISTS docs_url ON docs (url)",
    "CREATE INDEX IF NOT EXISTS docs_title ON docs (title_key)",
    "CREATE INDEX IF NOT EXISTS aliases_key ON aliases (title_key)",
    "CREATE INDEX IF NOT EXISTS aliases_path ON aliases (path)",
)
PRUNE_AFTER = 1000  # cross-file findings computed in one run before old changes are pruned
DATA_TABLES = ("files", "changed", "docs", "aliases", "spellings")


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def code_fingerprint() -> str:
    """A digest of contentlint's own source: a development install keeps its version number
    while its code changes, and a result computed by other code must not be reused."""
    package = Path(__file__).resolve().parent
    hasher = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*.py")):
        hasher.update(path.relative_to(package).as_posix().encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()


def run_key(*parts: Any) -> str:
    """The cache key of a run: anything that could change a file's result."""
    from contentlint.schemas import schema_fingerprint

    text = repr((SCHEMA_VERSION, __version__, code_fingerprint(), schema_fingerprint(), parts))
    return hashlib.sha256(text.encode()).hexdigest()


def _dump(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL) if value else b""


def load_findings(blob: bytes | None) -> Any:
    """A findings column: None (not computed), [] (none) or the findings."""
    if blob is None:
        return None
    return pickle.loads(blob) if blob else []


class Row(NamedTuple):
    """One file's cached state, as :meth:`Cache.rows` reads it."""

    path: str
    size: int
    mtime_ns: int
    digest: bytes
    has_local: int  # whether its file-rule findings were computed


class Cache:
    def __init__(self, root: Path, key: str) -> None:
        self.key = key
        self.folder = root / FOLDER
        self.files: list[tuple[Any, ...]] = []  # file rows to write
        self.directory: list[tuple[str, Entry | None]] = []  # (path, entry) to (re)write
        self.touched: list[tuple[int, int, str]] = []  # same content, new size and mtime
        self.gone: list[str] = []
        self.spellings: Counter[str] = Counter()  # subject spelling -> change in its uses
        self.computed: list[tuple[bytes, bytes, int, str]] = []  # cross-file findings to write
        self.meta: dict[str, Any] = {}
        self.db: sqlite3.Connection | None = None
        try:
            self._open()
        except (sqlite3.Error, OSError):
            self._reset()

    # -- opening -----------------------------------------------------------------------
    def _open(self) -> None:
        self.folder.mkdir(exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# created by contentlint\n*\n", encoding="utf-8")
        db = sqlite3.connect(self.folder / "cache.sqlite3", timeout=10, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            with _transaction(db):
                for table in ("meta", *DATA_TABLES):
                    db.execute(f"DROP TABLE IF EXISTS {table}")
                for statement in TABLES:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        self.meta = {name: pickle.loads(value) for name, value in db.execute("SELECT * FROM meta")}
        if self.meta.get("key") != self.key:  # another configuration, rules or version
            with _transaction(db):
                for table in ("meta", *DATA_TABLES):
                    db.execute(f"DELETE FROM {table}")
                self.meta = {"key": self.key, "gen": 0}
                _write_meta(db, self.meta)
        # An empty cache holds no cross-file findings for a change to invalidate.
        self.empty = db.execute("SELECT 1 FROM files LIMIT 1").fetchone() is None
        self.db = db

    def _reset(self) -> None:
        """A corrupt cache is deleted and started afresh; failing that, no cache."""
        self.close()
        for name in ("cache.sqlite3", "cache.sqlite3-wal", "cache.sqlite3-shm"):
            with contextlib.suppress(OSError):
                os.unlink(self.folder / name)
        try:
            self._open()
        except (sqlite3.Error, OSError):
            self.db = None

    # -- reading -----------------------------------------------------------------------
    def _query(self, sql: str, args: Iterable[Any] = ()) -> list[Any]:
        if self.db is None:
            return []
        try:
            return self.db.execute(sql, tuple(args)).fetchall()
        except sqlite3.Error:
            return []

    def _stream(self, sql: str) -> Iterator[Any]:
        """Rows, one at a time (a corpus has 100,000): a damaged file ends the stream."""
        if self.db is None:
            return
        with contextlib.suppress(sqlite3.Error):
            yield from self.db.execute(sql)

    def rows(self, paths: Collection[str] | None = None) -> dict[str, Row]:
        """The cached state of ``paths`` (of every file when None)."""
        columns = "path, size, mtime_ns, digest, local IS NOT NULL"
        if paths is None or len(paths) > 1000:  # one scan costs less than many lookups
            wanted = None if paths is None else set(paths)
            rows = self._stream(f"SELECT {columns} FROM files")
            return {row[0]: Row(*row) for row in rows if wanted is None or row[0] in wanted}
        found = {}
        for path in paths:
            for row in self._query(f"SELECT {columns} FROM files WHERE path = ?", (path,)):
                found[path] = Row(*row)
        return found

    def paths_under(self, folder: str) -> list[str]:
        prefix = folder.rstrip(os.sep) + os.sep
        rows = self._query(
            "SELECT path FROM files WHERE path >= ? AND path < ?", (prefix, prefix[:-1] + "\x7f")
        )
        return [path for (path,) in rows if path.startswith(prefix)]

    def outcome(self, path: str) -> tuple[Entry | None, list[Any] | None, bool] | None:
        """A file's entry, file-rule findings and skipped flag."""
        rows = self._query("SELECT entry, local, skipped FROM files WHERE path = ?", (path,))
        if not rows:
            return None
        entry, local, skipped = rows[0]
        return pickle.loads(entry), load_findings(local), bool(skipped)

    def entries(self, skip: Collection[str] = ()) -> Iterator[tuple[str, Entry]]:
        """Every file's entry, but those of ``skip`` (the caller has them already)."""
        for path, blob in self._stream("SELECT path, entry FROM files"):
            if path not in skip:
                entry = pickle.loads(blob)
                if entry is not None:
                    yield path, entry

    def results(self, paths: list[str] | None = None) -> Iterator[tuple[Any, ...]]:
        """The skipped flag, file-rule and cross-file findings (pickled, b"" for none, None
        for not computed), the generation of the latter and their lookups, of ``paths`` (of
        every file when None) as ``(path, skipped, local, corpus, corpus_gen, deps)``."""
        sql = "SELECT path, skipped, local, corpus, corpus_gen, deps FROM files"
        if paths is None:
            yield from self._stream(sql)
            return
        for path in paths:
            yield from self._query(sql + " WHERE path = ?", (path,))

    def changed(self) -> dict[int, int]:
        """Lookup -> the generation at which its answer last changed."""
        return dict(self._query("SELECT dep, gen FROM changed"))

    # -- writing (kept until commit) ---------------------------------------------------
    def put(self, path: str, stat: tuple[int, int, bytes], outcome: Any, changed: bool) -> None:
        """A file analysed again. ``changed``: its content differs from the cached one (or
        it is new), so its directory rows change, and the lookups it answers."""
        entry, local = outcome.entry, outcome.local
        blob = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        local_blob = None if local is None else _dump(local)
        self.files.append((path, *stat, int(outcome.skipped), blob, local_blob))
        if changed:
            self.directory.append((path, entry))

    def touch(self, path: str, size: int, mtime_ns: int) -> None:
        self.touched.append((size, mtime_ns, path))

    def forget(self, paths: list[str]) -> None:
        """Files that are no longer part of the corpus."""
        self.gone.extend(paths)

    def put_corpus(self, path: str, findings: list[Any], deps: set[int], gen: int) -> None:
        """A file's cross-file findings, computed from what the cache held at ``gen``."""
        deps_blob = array("q", sorted(deps)).tobytes()
        self.computed.append((_dump(findings), deps_blob, gen, path))

    def commit(self, **meta: Any) -> int | None:
        """Write what was kept, and ``meta``. Returns the generation the cache is at, or None
        when nothing could be written (no cache, locked, damaged, or taken over)."""
        if self.db is None:
            return None
        db = self.db
        try:
            with _transaction(db, "BEGIN IMMEDIATE"):
                stored = dict(db.execute("SELECT name, value FROM meta"))
                if "key" not in stored or pickle.loads(stored["key"]) != self.key:
                    return None  # another run, with another key, took the cache over
                gen = pickle.loads(stored["gen"])
                has_results = "results" in stored or bool(self.computed)
                bumps = self._changes(db, has_results)
                if bumps:
                    gen += 1
                self._write(db, gen, bumps)
                meta = {**meta, "gen": gen, **({"results": True} if has_results else {})}
                _write_meta(db, meta)
                self.meta.update(meta)
        except (sqlite3.Error, TypeError, KeyError, pickle.UnpicklingError):
            return None  # locked by another process for too long, or damaged: skip
        finally:
            self.files, self.directory, self.touched, self.gone = [], [], [], []
            self.computed, self.spellings = [], Counter()
        return gen

    def _changes(self, db: sqlite3.Connection, has_results: bool) -> set[int]:
        """The lookups whose answers change (when there are cross-file findings for them to
        invalidate), and the change in the use of each subject spelling. Old entries are
        read inside the transaction: two runs writing the same change count it once."""
        bumps: set[int] = set()
        uses = self.spellings
        changes = [*self.directory, *((path, None) for path in self.gone)]
        for path, entry in changes:
            for (blob,) in db.execute("SELECT entry FROM files WHERE path = ?", (path,)):
                old = pickle.loads(blob)
                if old is not None:
                    bumps |= provides(old)
                    uses.subtract(_spellings(old))
            if entry is not None:
                if has_results:
                    bumps |= provides(entry)
                uses.update(_spellings(entry))
        if has_results:
            bumps |= self._canonical_changes(db)
        return bumps

    def _canonical_changes(self, db: sqlite3.Connection) -> set[int]:
        """The subjects whose canonical spelling the change of uses alters."""
        folded: dict[str, Counter[str]] = {}
        for spelling, delta in self.spellings.items():
            folded.setdefault(spelling.strip().casefold(), Counter())[spelling] += delta
        bumps = set()
        for key, deltas in folded.items():
            rows = db.execute("SELECT subject, uses FROM spellings WHERE folded = ?", (key,))
            before = Counter(dict(rows))
            after = before.copy()
            after.update(deltas)
            if canonical(before) != canonical(after):
                bumps.add(dep_key("c", key))
        return bumps

    def _write(self, db: sqlite3.Connection, gen: int, bumps: set[int]) -> None:
        gone = [(path,) for path in self.gone]
        db.executemany("DELETE FROM files WHERE path = ?", gone)
        db.executemany(
            "INSERT OR REPLACE INTO files (path, size, mtime_ns, digest, skipped, entry, local)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            self.files,
        )
        db.executemany("UPDATE files SET size = ?, mtime_ns = ? WHERE path = ?", self.touched)
        db.executemany(
            "UPDATE files SET corpus = ?, deps = ?, corpus_gen = ? WHERE path = ?", self.computed
        )
        db.executemany("INSERT OR REPLACE INTO changed VALUES (?, ?)", [(d, gen) for d in bumps])
        if len(self.computed) >= PRUNE_AFTER:  # what no stored finding is older than
            # can invalidate nothing (a scan of every row: worth it after a big run only)
            db.execute(
                "DELETE FROM changed WHERE gen <= (SELECT COALESCE(MIN(corpus_gen), 0)"
                " FROM files WHERE corpus IS NOT NULL)"
            )
        self._write_directory(db, gone)

    def _write_directory(self, db: sqlite3.Connection, gone: list[tuple[str]]) -> None:
        paths = [(path,) for path, _ in self.directory] + gone
        for table in ("docs", "aliases"):
            db.executemany(f"DELETE FROM {table} WHERE path = ?", paths)
        docs, aliases = [], []
        for path, entry in self.directory:
            if entry is None:
                continue
            title, subject = _value(entry.title, str), _value(entry.subject, str)
            key = title_key(title) if title is not None else None
            docs.append(
                (path, entry.format, _value(entry.id, int), _url(entry), title, key, subject)
            )
            aliases.extend((path, title_key(alias)) for alias in entry.aliases)
        db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?)", docs)
        db.executemany("INSERT INTO aliases VALUES (?, ?)", aliases)
        db.executemany(
            "INSERT INTO spellings VALUES (?, ?, ?) ON CONFLICT (folded, subject)"
            " DO UPDATE SET uses = uses + excluded.uses",
            [(s.strip().casefold(), s, n) for s, n in self.spellings.items() if n],
        )
        db.execute("DELETE FROM spellings WHERE uses <= 0")

    def close(self) -> None:
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
        self.db = None


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection, begin: str = "BEGIN") -> Iterator[None]:
    db.execute(begin)
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _write_meta(db: sqlite3.Connection, values: dict[str, Any]) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO meta VALUES (?, ?)",
        [(name, pickle.dumps(value)) for name, value in values.items()],
    )


def _spellings(entry: Entry) -> Counter[str]:
    return Counter(subjects_of(entry))


def _value(field: Field | None, kind: type) -> Any:
    return field.value if field is not None and isinstance(field.value, kind) else None


def _url(entry: Entry) -> str | None:
    url = _value(entry.url, str)
    return _key(url) if url is not None else None


class SqlIndex(Index):
    """The index answered from the cache's directory tables: a check of a few files in a big
    corpus looks up what it needs instead of loading every page's entry."""

    COLUMNS = "d.path, d.format, d.id, d.url, d.title, d.subject"

    def __init__(self, db: sqlite3.Connection, display: Any) -> None:
        self.db, self.display = db, display

    def _entries(self, where: str, *args: Any) -> list[Entry]:
        query = f"SELECT {self.COLUMNS} FROM docs d WHERE {where}"
        rows = self.db.execute(query, args).fetchall()
        return [self._entry(*row) for row in sorted(rows)]

    def _entry(self, path: str, fmt: str, id_: Any, url: Any, title: Any, subject: Any) -> Entry:
        def field(value: Any) -> Field | None:
            return Field(value, 0, 0) if value is not None else None

        return Entry(
            path=self.display(path),
            file=path,
            format=fmt,
            id=field(id_),
            url=field(url),
            title=field(title),
            subject=field(subject),
        )

    def with_id(self, value: int) -> list[Entry]:
        return self._entries("d.id = ?", value)

    def with_url(self, url: str) -> list[Entry]:
        return self._entries("d.url = ?", _key(url))

    def with_title(self, title: str) -> list[Entry]:
        key = title_key(title)
        where = "d.title_key = ? OR d.path IN (SELECT path FROM aliases WHERE title_key = ?)"
        return self._entries(where, key, key)

    def with_file(self, file: str) -> Entry | None:
        found = self._entries("d.path = ?", file)
        return found[0] if found else None

    def spellings(self, subject: str) -> Counter[str]:
        rows = self.db.execute(
            "SELECT subject, uses FROM spellings WHERE folded = ?", (subject.strip().casefold(),)
        )
        return Counter(dict(rows))
