"""The cache's SQLite tables, the version of their layout, and a row of ``files``."""

from __future__ import annotations

from typing import NamedTuple

FOLDER = ".contentlint_cache"

SCHEMA_VERSION = 8

TABLES = (
    # meta: plain JSON values. "key" (the run key) and "mac" (that key signed with this
    # cache's secret) are read first; nothing else is read unless both are right.
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)",
    # entry: the index entry as JSON. local, corpus: findings as JSON, "" for none, NULL
    # for not computed. deps: the lookups the corpus findings made (an int64 array).
    # suppress: the file's suppression comments as JSON rows, "" for none.
    "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER,"
    " digest BLOB, skipped INTEGER, entry TEXT, local TEXT, corpus TEXT, corpus_gen INTEGER,"
    " deps BLOB, suppress TEXT)",
    "CREATE TABLE IF NOT EXISTS changed (dep INTEGER PRIMARY KEY, gen INTEGER)",
    # The directory: what the index needs to answer lookups without loading every entry.
    # docs: what an entry found by a lookup holds. keys: every document under every key
    # of every lookup (index.LOOKUPS), so that a new lookup needs no table of its own.
    # Ids are kept as text: a page may hold any integer, and SQLite's stop at 64 bits.
    "CREATE TABLE IF NOT EXISTS docs (path TEXT PRIMARY KEY, type TEXT, id TEXT,"
    " url TEXT, title TEXT, subject TEXT)",
    "CREATE TABLE IF NOT EXISTS keys (lookup TEXT, key TEXT, path TEXT)",
    # How often each spelling of a subject is used, by pages and their related articles.
    "CREATE TABLE IF NOT EXISTS spellings (folded TEXT, subject TEXT, uses INTEGER,"
    " PRIMARY KEY (folded, subject)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS keys_key ON keys (lookup, key)",
    "CREATE INDEX IF NOT EXISTS keys_path ON keys (path)",
)

PRUNE_AFTER = 1000  # cross-file findings computed in one run before old changes are pruned

DATA_TABLES = ("files", "changed", "docs", "keys", "spellings")
# What starting the cache afresh drops: every table, and those of earlier layouts.
RESET_TABLES = ("meta", *DATA_TABLES, "aliases")


class Row(NamedTuple):
    """One file's cached state, as :meth:`Cache.rows` reads it."""

    path: str
    size: int
    mtime_ns: int
    digest: bytes
    has_local: int  # whether its file-rule findings were computed
