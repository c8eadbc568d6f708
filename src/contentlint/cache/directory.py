"""The cache's directory: the tables (docs, keys, spellings) from which the index answers
lookups without loading every page's entry, how they are written, and the index that reads
them (:class:`SqlIndex`)."""

from __future__ import annotations

import sqlite3
from collections import Counter
from typing import Any

from contentlint.index import (
    LOOKUP,
    LOOKUPS,
    Entry,
    Field,
    Index,
    canonical,
    dep_key,
    subject_key,
    url_key,
)


def write_directory(
    db: sqlite3.Connection,
    directory: list[tuple[str, Entry | None]],
    gone: list[tuple[str]],
    spellings: Counter[str],
) -> None:
    """Rewrite the directory rows of the files in ``directory`` (path, new entry) and ``gone``,
    and add ``spellings`` (a change in each subject spelling's uses)."""
    paths = [(path,) for path, _ in directory] + gone
    for table in ("docs", "keys"):
        db.executemany(f"DELETE FROM {table} WHERE path = ?", paths)
    docs, keys = [], []
    for path, entry in directory:
        if entry is None:
            continue
        title, subject = _value(entry.title, str), _value(entry.subject, str)
        id_ = _value(entry.id, int)
        id_text = None if id_ is None else str(int(id_))
        docs.append((path, entry.type, id_text, _url(entry), title, subject))
        for lookup in LOOKUPS:
            keys.extend((lookup.name, str(key), path) for key in lookup.keys(entry))
    db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)", docs)
    db.executemany("INSERT INTO keys VALUES (?, ?, ?)", keys)
    db.executemany(
        "INSERT INTO spellings VALUES (?, ?, ?) ON CONFLICT (folded, subject)"
        " DO UPDATE SET uses = uses + excluded.uses",
        [(subject_key(s), s, n) for s, n in spellings.items() if n],
    )
    db.execute("DELETE FROM spellings WHERE uses <= 0")


def canonical_changes(db: sqlite3.Connection, spellings: Counter[str]) -> set[int]:
    """The subjects whose canonical spelling the change of uses alters."""
    folded: dict[str, Counter[str]] = {}
    for spelling, delta in spellings.items():
        folded.setdefault(subject_key(spelling), Counter())[spelling] += delta
    bumps = set()
    for key, deltas in folded.items():
        rows = db.execute("SELECT subject, uses FROM spellings WHERE folded = ?", (key,))
        before = Counter(dict(rows))
        after = before.copy()
        after.update(deltas)
        if canonical(before) != canonical(after):
            bumps.add(dep_key("c", key))
    return bumps


def _value(field: Field | None, kind: type) -> Any:
    return field.value if field is not None and isinstance(field.value, kind) else None


def _url(entry: Entry) -> str | None:
    url = _value(entry.url, str)
    return url_key(url) if url is not None else None


class SqlIndex(Index):
    """The index answered from the cache's directory tables: a check of a few files in a big
    corpus looks up what it needs instead of loading every page's entry."""

    COLUMNS = "d.path, d.type, d.id, d.url, d.title, d.subject"

    def __init__(self, db: sqlite3.Connection, display: Any) -> None:
        self.db, self.display = db, display

    def find(self, lookup: str, value: Any) -> list[Entry]:
        query = (
            f"SELECT DISTINCT {self.COLUMNS} FROM keys k JOIN docs d ON d.path = k.path"
            " WHERE k.lookup = ? AND k.key = ?"
        )
        rows = self.db.execute(query, (lookup, str(LOOKUP[lookup].key(value)))).fetchall()
        return [self._entry(*row) for row in sorted(rows)]

    def _entry(self, path: str, fmt: str, id_: Any, url: Any, title: Any, subject: Any) -> Entry:
        def field(value: Any) -> Field | None:
            return Field(value, 0, 0) if value is not None else None

        return Entry(
            path=self.display(path),
            file=path,
            type=fmt,
            id=field(int(id_) if id_ is not None else None),
            url=field(url),
            title=field(title),
            subject=field(subject),
        )

    def spellings(self, subject: str) -> Counter[str]:
        rows = self.db.execute(
            "SELECT subject, uses FROM spellings WHERE folded = ?", (subject_key(subject),)
        )
        return Counter(dict(rows))
