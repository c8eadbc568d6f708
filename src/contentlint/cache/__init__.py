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

from contentlint.cache.directory import SqlIndex
from contentlint.cache.key import digest, run_key
from contentlint.cache.schema import FOLDER
from contentlint.cache.store import Cache, CacheError, Row, load_findings

__all__ = [
    "FOLDER",
    "Cache",
    "CacheError",
    "Row",
    "SqlIndex",
    "digest",
    "load_findings",
    "run_key",
]
