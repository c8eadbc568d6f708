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
from pathlib import Path
from typing import Any

from contentlint import __version__

FOLDER = ".contentlint_cache"
SCHEMA_VERSION = 1


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
        db.execute(
            "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, key TEXT, size INTEGER,"
            " mtime_ns INTEGER, digest BLOB, has_local INTEGER, payload BLOB)"
        )
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

    def _values(
        self, path: Path, stat: os.stat_result, dig: bytes, local: bool, payload: bytes
    ) -> tuple[Any, ...]:
        return (str(path), self.key, stat.st_size, stat.st_mtime_ns, dig, int(local), payload)

    def commit(self) -> None:
        if self.db is None or not self.pending:
            return
        try:
            with self.db:
                self.db.executemany(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?)", self.pending
                )
        except sqlite3.Error:  # locked by another process for too long, or damaged: skip
            pass
        self.pending = []

    def close(self) -> None:
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
        self.db = None
