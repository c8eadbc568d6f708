"""The on-disk cache of per-file results, in SQLite (stdlib ``sqlite3``).

For every file it keeps the size, mtime and content digest, and the file's index entry and
file-rule findings. A row is reused only when the file is unchanged (same size and mtime,
or else the same digest) and the run's key is the same: the tool version, the schemas, the
configuration and the selected rules all go into the key. Cross-file rules are not cached:
they run on the index every time.

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
from collections import Counter
from pathlib import Path
from typing import Any

from contentlint import __version__
from contentlint.index import Entry, Field, Index, _key, subjects_of, title_key, titles_of

FOLDER = ".contentlint_cache"
SCHEMA_VERSION = 2
TABLES = (
    "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, key TEXT, size INTEGER,"
    " mtime_ns INTEGER, digest BLOB, has_local INTEGER, payload BLOB)",
    # The directory: what the index needs to answer lookups without loading every entry.
    "CREATE TABLE IF NOT EXISTS docs (path TEXT PRIMARY KEY, key TEXT, format TEXT,"
    " id INTEGER, url TEXT, title TEXT, subject TEXT)",
    "CREATE TABLE IF NOT EXISTS titles (path TEXT, key TEXT, title_key TEXT)",
    "CREATE TABLE IF NOT EXISTS subjects (path TEXT, key TEXT, subject TEXT, folded TEXT)",
    "CREATE INDEX IF NOT EXISTS docs_id ON docs (key, id)",
    "CREATE INDEX IF NOT EXISTS docs_url ON docs (key, url)",
    "CREATE INDEX IF NOT EXISTS titles_key ON titles (key, title_key)",
    "CREATE INDEX IF NOT EXISTS titles_path ON titles (path)",
    "CREATE INDEX IF NOT EXISTS subjects_folded ON subjects (key, folded)",
    "CREATE INDEX IF NOT EXISTS subjects_path ON subjects (path)",
)


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


class Cache:
    def __init__(self, root: Path, key: str) -> None:
        self.key = key
        self.folder = root / FOLDER
        self.pending: list[tuple[Any, ...]] = []
        self.directory: list[tuple[str, Entry | None]] = []  # (path, entry) to (re)write
        self.gone: list[str] = []
        self.db: sqlite3.Connection | None = None
        try:
            self._open()
        except (sqlite3.Error, OSError):
            self._reset()

    def _open(self) -> None:
        self.folder.mkdir(exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# created by contentlint\n*\n", encoding="utf-8")
        db = sqlite3.connect(self.folder / "cache.sqlite3", timeout=10)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        for statement in TABLES:
            db.execute(statement)
        db.execute("SELECT COUNT(*) FROM files").fetchone()  # a damaged file fails here
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

    def lookup(self, wanted: dict[str, bool]) -> dict[str, Any]:
        """The cached values of the files in ``wanted`` (path -> whether file-rule findings
        are needed) that are unchanged. Rows are streamed, so memory holds only the values."""
        hits: dict[str, Any] = {}
        if self.db is None:
            return hits
        try:
            rows = self.db.execute(
                "SELECT path, size, mtime_ns, digest, has_local, payload FROM files WHERE key = ?",
                (self.key,),
            )
            for path, size, mtime_ns, dig, has_local, payload in rows:
                want_local = wanted.get(path)
                if want_local is None or (want_local and not has_local):
                    continue
                value = self._reuse(Path(path), size, mtime_ns, dig, bool(has_local), payload)
                if value is not None:
                    hits[path] = value
        except sqlite3.Error:  # damaged while we read: what was read is still good
            pass
        return hits

    def _reuse(
        self, path: Path, size: int, mtime_ns: int, dig: bytes, has_local: bool, payload: bytes
    ) -> Any:
        try:
            stat = path.stat()
            if size != stat.st_size or mtime_ns != stat.st_mtime_ns:
                if digest(path.read_bytes()) != dig:
                    return None
                self.pending.append(self._values(path, stat, dig, has_local, payload))
            return pickle.loads(payload)
        except Exception:  # unreadable now, or a row that does not unpickle: recompute
            return None

    def put(
        self, path: Path, size: int, mtime_ns: int, dig: bytes, local: bool, value: Any
    ) -> None:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self.pending.append((str(path), self.key, size, mtime_ns, dig, int(local), payload))
        self.directory.append((str(path), value.entry))

    def metadata(self) -> dict[str, tuple[int, int]]:
        """path -> (size, mtime_ns) of every file cached for this run's key."""
        if self.db is None:
            return {}
        try:
            rows = self.db.execute(
                "SELECT path, size, mtime_ns FROM files WHERE key = ?", (self.key,)
            )
            return {path: (size, mtime) for path, size, mtime in rows}
        except sqlite3.Error:
            return {}

    def lookup_some(self, wanted: dict[str, bool]) -> dict[str, Any]:
        """Like :meth:`lookup`, for a few files, by key instead of by a scan."""
        hits: dict[str, Any] = {}
        if self.db is None:
            return hits
        query = (
            "SELECT path, size, mtime_ns, digest, has_local, payload FROM files"
            " WHERE key = ? AND path = ?"
        )
        try:
            for path, want_local in wanted.items():
                row = self.db.execute(query, (self.key, path)).fetchone()
                if row is None or (want_local and not row[4]):
                    continue
                value = self._reuse(Path(path), row[1], row[2], row[3], bool(row[4]), row[5])
                if value is not None:
                    hits[path] = value
        except sqlite3.Error:
            pass
        return hits

    def forget(self, paths: list[str]) -> None:
        """Files that are no longer part of the corpus."""
        self.gone.extend(paths)

    def _write_directory(self, db: sqlite3.Connection) -> None:
        paths = [(path,) for path, _ in self.directory] + [(path,) for path in self.gone]
        for table in ("docs", "titles", "subjects"):
            db.executemany(f"DELETE FROM {table} WHERE path = ?", paths)
        db.executemany("DELETE FROM files WHERE path = ?", [(path,) for path in self.gone])
        docs, titles, subjects = [], [], []
        for path, entry in self.directory:
            if entry is None:
                continue
            title, subject = _value(entry.title, str), _value(entry.subject, str)
            docs.append(
                (path, self.key, entry.format, _value(entry.id, int), _url(entry), title, subject)
            )
            titles.extend((path, self.key, title_key(t)) for t in titles_of(entry))
            subjects.extend((path, self.key, s, s.strip().casefold()) for s in subjects_of(entry))
        db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?)", docs)
        db.executemany("INSERT INTO titles VALUES (?, ?, ?)", titles)
        db.executemany("INSERT INTO subjects VALUES (?, ?, ?, ?)", subjects)

    def _values(
        self, path: Path, stat: os.stat_result, dig: bytes, local: bool, payload: bytes
    ) -> tuple[Any, ...]:
        return (str(path), self.key, stat.st_size, stat.st_mtime_ns, dig, int(local), payload)

    def commit(self) -> None:
        if self.db is None or not (self.pending or self.gone):
            return
        try:
            with self.db:
                self.db.executemany(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?)", self.pending
                )
                self._write_directory(self.db)
        except sqlite3.Error:  # locked by another process for too long, or damaged: skip
            pass
        self.pending, self.directory, self.gone = [], [], []

    def close(self) -> None:
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
        self.db = None


def _value(field: Field | None, kind: type) -> Any:
    return field.value if field is not None and isinstance(field.value, kind) else None


def _url(entry: Entry) -> str | None:
    url = _value(entry.url, str)
    return _key(url) if url is not None else None


class SqlIndex(Index):
    """The index answered from the cache's directory tables: a check of a few files in a big
    corpus looks up what it needs instead of loading every page's entry."""

    COLUMNS = "d.path, d.format, d.id, d.url, d.title, d.subject"

    def __init__(self, db: sqlite3.Connection, key: str, display: Any) -> None:
        self.db, self.key, self.display = db, key, display

    def _entries(self, where: str, *args: Any, join: str = "") -> list[Entry]:
        query = f"SELECT {self.COLUMNS} FROM docs d {join} WHERE d.key = ? AND {where}"
        rows = self.db.execute(query, (self.key, *args)).fetchall()
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
        join = "JOIN titles t ON t.path = d.path"
        return self._entries("t.key = d.key AND t.title_key = ?", title_key(title), join=join)

    def with_file(self, file: str) -> Entry | None:
        found = self._entries("d.path = ?", file)
        return found[0] if found else None

    def spellings(self, subject: str) -> Counter[str]:
        rows = self.db.execute(
            "SELECT subject, COUNT(*) FROM subjects WHERE key = ? AND folded = ? GROUP BY subject",
            (self.key, subject.strip().casefold()),
        )
        return Counter(dict(rows))
