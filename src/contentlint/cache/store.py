"""The cache's store: one SQLite file of per-file results, opened, checked against the
run's key and signature, read and written (see the package's docstring for what it keeps)."""

from __future__ import annotations

import contextlib
import hmac
import os
import sqlite3
import subprocess
from array import array
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import Any

from contentlint.cache.directory import canonical_changes, write_directory
from contentlint.cache.key import mac, new_secret, read_secret
from contentlint.cache.rows import (
    CacheError,
    dump_list,
    dump_suppressions,
    load_findings,
    load_suppressions,
)
from contentlint.cache.rows import load_one_entry as _entry
from contentlint.cache.schema import FOLDER, PRUNE_AFTER, RESET_TABLES, SCHEMA_VERSION, TABLES, Row
from contentlint.codec import CodecError, dump_entry, dump_value, load_value
from contentlint.index import Entry, provides, spellings_of
from contentlint.source import utf8_name


class _Tracked(Exception):
    """The cache folder is tracked by git."""


def _ls_files(folder: Path) -> subprocess.Popen[bytes] | None:
    """``git ls-files`` of the cache folder, started now and read later (it runs beside the
    other git commands of the run)."""
    try:
        return subprocess.Popen(
            ["git", "-C", str(folder.parent), "ls-files", "-z", "--", folder.name],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
        )
    except OSError:
        return None


class Cache:
    def __init__(
        self, root: Path, key: str, *, in_git: bool = False, folder: Path | None = None
    ) -> None:
        self.key = key
        self.folder = folder or root / FOLDER
        self.files: list[tuple[Any, ...]] = []  # file rows to write
        self.directory: list[tuple[str, Entry | None]] = []  # (path, entry) to (re)write
        self.touched: list[tuple[int, int, str]] = []  # same content, new size and mtime
        self.gone: list[str] = []
        self.spellings: Counter[str] = Counter()  # subject spelling -> change in its uses
        self.computed: list[tuple[str, bytes, int, str]] = []  # cross-file findings to write
        self.meta: dict[str, Any] = {}
        self.notes: list[str] = []  # why the cache was ignored or rebuilt (for --verbose)
        self.db: sqlite3.Connection | None = None
        self.empty = True
        # A cache folder that git tracks came with the repository (a pull request can commit
        # one, and its secret): it is never used, nor written to.
        self._git: subprocess.Popen[bytes] | None = None
        self._tracked: bool | None = None if in_git and self.folder.exists() else False
        if self._tracked is None:
            self._git = _ls_files(self.folder)
        try:
            self._open()
        except _Tracked:
            self.close()
        except (sqlite3.Error, OSError, CodecError, UnicodeError) as exc:
            self.notes.append(f"cache {self.folder} could not be read ({exc}): rebuilt")
            self.reset()

    def tracked(self) -> bool:
        """Whether git tracks a file of the cache folder (then the cache is closed)."""
        if self._tracked is None:
            output = b""
            if self._git is not None:
                output, _ = self._git.communicate()
                if self._git.returncode != 0:
                    output = b""
            self._tracked = bool(output.strip(b"\0"))
            if self._tracked:
                remove = f"git rm -r --cached {self.folder.name}"
                self.notes.append(f"cache {self.folder} is tracked by git: not used; {remove}")
                self.close()
        return self._tracked

    # -- opening -----------------------------------------------------------------------
    def _open(self) -> None:
        folder = self.folder
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise OSError(f"{folder} is not a folder")
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists() and not self.tracked():
            ignore.write_text("# created by contentlint\n*\n", encoding="utf-8")
        db = sqlite3.connect(folder / "cache.sqlite3", timeout=10, isolation_level=None)
        try:
            self._prepare(db)
        except BaseException:
            db.close()
            raise
        self.db = db

    def _prepare(self, db: sqlite3.Connection) -> None:
        """Check the cache's version, then its key and signature, before reading anything
        else; start it afresh (with a new secret) when one of them is not this run's."""
        db.execute("PRAGMA trusted_schema=OFF")  # no functions run from the file's schema
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        secret = read_secret(self.folder)
        stored = {}
        if version == SCHEMA_VERSION:
            rows = db.execute("SELECT name, value FROM meta WHERE name IN ('key', 'mac')")
            stored = dict(rows.fetchall())
        key = dump_value(self.key)
        valid = (
            secret is not None
            and stored.get("key") == key
            and isinstance(stored.get("mac"), str)
            and hmac.compare_digest(stored["mac"], dump_value(mac(secret, self.key)))
        )
        if not valid and stored.get("key") == key:
            self.notes.append(
                f"cache {self.folder} was not written here (its signature does not match"
                " this machine's secret for it): rebuilt"
            )
        if not valid:
            if self.tracked():
                raise _Tracked
            with _transaction(db, "BEGIN IMMEDIATE"):  # one secret and one meta, together
                secret = new_secret(self.folder)
                for table in RESET_TABLES:
                    db.execute(f"DROP TABLE IF EXISTS {table}")
                for statement in TABLES:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                self.meta = {"key": self.key, "mac": mac(secret, self.key), "gen": 0}
                _write_meta(db, self.meta)
        else:
            rows = db.execute("SELECT name, value FROM meta").fetchall()
            self.meta = {name: load_value(value) for name, value in rows}
        # An empty cache holds no cross-file findings for a change to invalidate.
        self.empty = db.execute("SELECT 1 FROM files LIMIT 1").fetchone() is None

    def reset(self) -> None:
        """A corrupt cache is deleted and started afresh; failing that, no cache."""
        self.close()
        if self.tracked():
            return
        for name in ("cache.sqlite3", "cache.sqlite3-wal", "cache.sqlite3-shm"):
            with contextlib.suppress(OSError):
                os.unlink(self.folder / name)
        try:
            self._open()
        except (sqlite3.Error, OSError, CodecError, UnicodeError) as exc:
            self.notes.append(f"cache {self.folder} cannot be used ({exc}): none this run")
            self.db = None

    # -- reading -----------------------------------------------------------------------
    def _query(self, sql: str, args: Iterable[Any] = ()) -> list[Any]:
        if self.db is None:
            return []
        try:
            return self.db.execute(sql, tuple(args)).fetchall()
        except (sqlite3.Error, UnicodeError):  # UnicodeError: a file name that is not UTF-8
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

    def outcome(self, path: str) -> tuple[Entry | None, list[Any] | None, bool, tuple] | None:
        """A file's entry, file-rule findings, skipped flag and suppressions."""
        sql = "SELECT entry, local, skipped, suppress FROM files WHERE path = ?"
        rows = self._query(sql, (path,))
        if not rows:
            return None
        entry, local, skipped, found = rows[0]
        return _entry(entry), load_findings(local), bool(skipped), load_suppressions(found)

    def entries(self, skip: Collection[str] = ()) -> Iterator[tuple[str, Entry]]:
        """Every file's entry, but those of ``skip`` (the caller has them already)."""
        for path, blob in self._stream("SELECT path, entry FROM files"):
            if path not in skip:
                entry = _entry(blob)
                if entry is not None:
                    yield path, entry

    def results(self, paths: list[str] | None = None) -> Iterator[tuple[Any, ...]]:
        """The skipped flag, file-rule and cross-file findings (JSON, "" for none, None
        for not computed), the generation of the latter and their lookups, of ``paths`` (of
        every file when None) as ``(path, skipped, local, corpus, corpus_gen, deps, suppress)``."""
        sql = "SELECT path, skipped, local, corpus, corpus_gen, deps, suppress FROM files"
        if paths is None:
            yield from self._stream(sql)
            return
        for path in paths:
            yield from self._query(sql + " WHERE path = ?", (path,))

    def lookups(self) -> Iterator[tuple[str, bytes | None, int | None]]:
        """Every file's path, the lookups its cross-file findings made (None when they were
        never computed; ``dep_key`` numbers in an ``array("q")``) and their generation."""
        yield from self._stream("SELECT path, deps, corpus_gen FROM files")

    def changed(self) -> dict[int, int]:
        """Lookup -> the generation at which its answer last changed."""
        return dict(self._query("SELECT dep, gen FROM changed"))

    # -- writing (kept until commit) ---------------------------------------------------
    def put(self, path: str, stat: tuple[int, int, bytes], outcome: Any, changed: bool) -> None:
        """A file analysed again. ``changed``: its content differs from the cached one (or
        it is new), so its directory rows change, and the lookups it answers."""
        entry, local = outcome.entry, outcome.local
        if not utf8_name(path):
            return
        blob = dump_entry(entry)
        local_blob = None if local is None else dump_list(local)
        found = dump_suppressions(outcome.suppressions)
        self.files.append((path, *stat, int(outcome.skipped), blob, local_blob, found))
        if changed:
            self.directory.append((path, entry))

    def touch(self, path: str, size: int, mtime_ns: int) -> None:
        self.touched.append((size, mtime_ns, path))

    def forget(self, paths: list[str]) -> None:
        """Files that are no longer part of the corpus."""
        self.gone.extend(paths)

    def put_corpus(self, path: str, findings: list[Any], deps: set[int], gen: int) -> None:
        """A file's cross-file findings, computed from what the cache held at ``gen``."""
        if not utf8_name(path):
            return
        deps_blob = array("q", sorted(deps)).tobytes()
        self.computed.append((dump_list(findings), deps_blob, gen, path))

    def commit(self, **meta: Any) -> int | None:
        """Write what was kept, and ``meta``. Returns the generation the cache is at, or None
        when nothing could be written (no cache, locked, damaged, or taken over)."""
        if self.db is None:
            return None
        db = self.db
        try:
            with _transaction(db, "BEGIN IMMEDIATE"):
                stored = dict(db.execute("SELECT name, value FROM meta"))
                if stored.get("key") != dump_value(self.key) or stored.get("mac") != dump_value(
                    self.meta.get("mac")
                ):
                    return None  # another run, with another key, took the cache over
                gen = load_value(stored["gen"])
                if type(gen) is not int:
                    return None
                has_results = "results" in stored or bool(self.computed)
                bumps = self._changes(db, has_results)
                if bumps:
                    gen += 1
                self._write(db, gen, bumps)
                meta = {**meta, "gen": gen, **({"results": True} if has_results else {})}
                _write_meta(db, meta)
                self.meta.update(meta)
        except (sqlite3.Error, TypeError, KeyError, CodecError, CacheError, UnicodeError):
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
                old = _entry(blob)
                if old is not None:
                    bumps |= provides(old)
                    uses.subtract(spellings_of(old))
            if entry is not None:
                if has_results:
                    bumps |= provides(entry)
                uses.update(spellings_of(entry))
        if has_results:
            bumps |= canonical_changes(db, self.spellings)
        return bumps

    def _write(self, db: sqlite3.Connection, gen: int, bumps: set[int]) -> None:
        gone = [(path,) for path in self.gone]
        db.executemany("DELETE FROM files WHERE path = ?", gone)
        db.executemany(
            "INSERT OR REPLACE INTO files"
            " (path, size, mtime_ns, digest, skipped, entry, local, suppress)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
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
        write_directory(db, self.directory, gone, self.spellings)

    def close(self) -> None:
        if self._tracked is None:  # reap git
            self.tracked()
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
        [(name, dump_value(value)) for name, value in values.items()],
    )
