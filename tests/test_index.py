"""The index's lookups are defined once (``index.LOOKUPS``) and answered alike everywhere."""

from __future__ import annotations

import sqlite3

import pytest

from contentlint import index
from contentlint.cache.directory import SqlIndex, write_directory
from contentlint.cache.schema import TABLES
from contentlint.index import Entry, Lookup, MemoryIndex, RecordingIndex, dep_key, field, provides


def _entries() -> list[Entry]:
    def entry(name: str, id_: int, url: str, title: str, subject: str, *aliases: str) -> Entry:
        return Entry(
            path=name,
            file=f"/corpus/{name}",
            type="default",
            id=field(id_, 3, 5),
            url=field(url, 4, 6),
            title=field(title, 5, 8),
            subject=field(subject, 6, 10),
            aliases=aliases,
        )

    return [
        entry("a.md", 1, "/learn/a/", "What is A?", "Biology", "A, in short"),
        entry("b.md", 2, "/learn/b", "What is B?", "biology"),
        entry("c.md", 2, "/learn/c", "What is A?", "Health studies"),
    ]


def _sql(entries: list[Entry]) -> SqlIndex:
    db = sqlite3.connect(":memory:")
    for statement in TABLES:
        db.execute(statement)
    write_directory(db, [(e.file, e) for e in entries], [], index_spellings(entries))
    return SqlIndex(db, lambda path: path.rsplit("/", 1)[-1])


def index_spellings(entries: list[Entry]):
    from collections import Counter

    return Counter(s for e in entries for s in index.subjects_of(e))


def _names(found: list[Entry]) -> list[str]:
    return sorted(e.file.rsplit("/", 1)[-1] for e in found)


@pytest.mark.parametrize(
    ("lookup", "value", "expected"),
    [
        ("id", 2, ["b.md", "c.md"]),
        ("id", 9, []),
        ("url", "/learn/a", ["a.md"]),  # a closing slash does not count
        ("title", "WHAT  is A?", ["a.md", "c.md"]),  # case and spacing do not count
        ("title", "A, in short.", ["a.md"]),  # other titles too
        ("file", "/corpus/b.md", ["b.md"]),
    ],
)
def test_memory_sql_and_recording_indexes_answer_alike(lookup, value, expected) -> None:
    entries = _entries()
    memory, sql = MemoryIndex(entries), _sql(entries)
    recording = RecordingIndex(memory)
    assert _names(memory.find(lookup, value)) == expected
    assert _names(sql.find(lookup, value)) == expected
    assert _names(recording.find(lookup, value)) == expected
    found = index.LOOKUP[lookup]
    assert recording.deps == {dep_key(found.dep, found.key(value))}
    for entry in entries:  # a document a lookup finds provides that lookup's key
        if entry in memory.find(lookup, value):
            assert dep_key(found.dep, found.key(value)) in provides(entry)


def test_a_new_lookup_is_one_definition(monkeypatch) -> None:
    """A lookup added to LOOKUPS alone is answered in memory and from the cache's directory,
    recorded, and provided: nothing else needs to change."""
    by_subject = Lookup(
        "subject", "x", lambda e: (e.subject.value.casefold(),) if e.subject else (), str.casefold
    )
    monkeypatch.setattr(index, "LOOKUPS", (*index.LOOKUPS, by_subject))
    monkeypatch.setitem(index.LOOKUP, "subject", by_subject)
    import contentlint.cache.directory as directory

    monkeypatch.setattr(directory, "LOOKUPS", index.LOOKUPS)
    entries = _entries()
    memory, sql = MemoryIndex(entries), _sql(entries)
    assert _names(memory.find("subject", "BIOLOGY")) == ["a.md", "b.md"]
    assert _names(sql.find("subject", "BIOLOGY")) == ["a.md", "b.md"]
    recording = RecordingIndex(sql)
    recording.find("subject", "Biology")
    assert recording.deps == {dep_key("x", "biology")}
    assert dep_key("x", "biology") in provides(entries[0])
