"""The corpus index: what cross-file rules need to know about every document.

An :class:`Entry` is small and holds no page text, so the whole corpus fits in memory (and,
later, in a cache). Every value keeps its position so cross-file findings and fixes can point
at the exact key without re-reading the file.
"""

from __future__ import annotations

import contextlib
import posixpath
import re
import sys
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple


class Field(NamedTuple):
    """A value and where it stands (1-based line and column of the value)."""

    value: Any
    line: int
    column: int


def field(value: Any, line: int, column: int) -> Field:
    """A Field whose string value is interned: a page's title and url are copied into the
    related blocks of the pages that link to it, and the index keeps one string for all."""
    return Field(sys.intern(value) if type(value) is str else value, line, column)


class RelatedRef(tuple):
    """One ``related_articleN`` block of a Q&A page, as one flat tuple:
    ``(key, number, line, column, *values, *lines, *columns)`` for id, title, subject, url.

    The index holds several per page; flat, they cost a third of what nested tuples would.
    ``ref.title`` and the others still read as a :class:`Field` (or None when absent)."""

    __slots__ = ()
    FIELDS = ("id", "title", "subject", "url")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_related_ref, (tuple(self),))

    def value(self, name: str) -> Any:
        """A field's value (None when absent), without building a Field: cross-file rules
        read every related block of the corpus."""
        return self[4 + self.FIELDS.index(name)]

    def _field(self, index: int) -> Field | None:
        line = self[8 + index]
        return Field(self[4 + index], line, self[12 + index]) if line else None

    key = property(lambda self: self[0])
    number = property(lambda self: self[1])
    line = property(lambda self: self[2])
    column = property(lambda self: self[3])
    id = property(lambda self: self._field(0))
    title = property(lambda self: self._field(1))
    subject = property(lambda self: self._field(2))
    url = property(lambda self: self._field(3))


def _intern(value: Any) -> Any:
    return sys.intern(value) if type(value) is str else value


def _related_ref(items: tuple[Any, ...]) -> RelatedRef:
    """Unpickling (from a worker or the cache) makes new strings; interning them again keeps
    one copy of each title, subject and url however many pages link to it."""
    key, number, line, column, id_, title, subject, url, *rest = items
    intern = _intern
    return RelatedRef(
        (intern(key), number, line, column, id_, intern(title), intern(subject), intern(url), *rest)
    )


def _field(value: Any, line: int, column: int) -> Field:
    return Field(_intern(value), line, column)


Field.__reduce__ = lambda self: (_field, tuple(self))  # type: ignore[method-assign,assignment]


class Reference(NamedTuple):
    """A reference from an ACR article: a link (url or relative path) and/or a title."""

    kind: str  # "link" | "topic-guide" | "protocol-guide" | "id"
    line: int
    column: int
    link: str | None = None  # a url, a path relative to the referring file, or an id
    title: str | None = None

    @property
    def shown(self) -> str:
        return self.link or self.title or ""


@dataclass(slots=True)
class Entry:
    path: str  # display path
    file: str  # absolute posix path, for links by relative path
    type: str  # the content type's name (its ``_schema``)
    id: Field | None = None
    url: Field | None = None
    title: Field | None = None
    subject: Field | None = None
    # Tuples: an empty one costs nothing (an empty list 56 bytes a page), a full one less.
    related: tuple[RelatedRef, ...] = ()
    references: tuple[Reference, ...] = ()
    aliases: tuple[str, ...] = ()  # other titles the document answers to


def url_key(value: Any) -> Any:
    """Urls compare without surrounding spaces and a trailing slash."""
    return value.strip().rstrip("/") if isinstance(value, str) else value


_SPACE = re.compile(r"\s++")


def title_key(title: str) -> str:
    """Titles compare case-insensitively, ignoring spacing and a closing full stop."""
    return _SPACE.sub(" ", title).strip().rstrip(".").casefold()


def subject_key(subject: str) -> str:
    """Spellings of one subject are equal after trimming and case folding."""
    return subject.strip().casefold()


def url_path(target: str) -> str:
    """The path of a link target: ``https://site/a/b/#x`` -> ``/a/b``."""
    target = target.split("#", 1)[0].split("?", 1)[0]
    if "://" in target:
        target = "/" + target.split("://", 1)[1].partition("/")[2]
    return url_key(target)


#: The patterns this module applies to page text, with inputs that would make a backtracking
#: version slow (see ``contentlint.formats.acr.patterns.CONTENT_PATTERNS``).
CONTENT_PATTERNS = (
    ("title-key", title_key, (("", " ", "x"), ("", "a ", "."))),
    ("url-path", url_path, (("https://", "/", "#"), ("", "://", "?"))),
)


@dataclass(frozen=True, slots=True)
class Lookup:
    """One way cross-file rules find documents, defined once: the keys a document is found
    under, and how a question becomes a key. Every index answers it the same way (in
    memory, from the cache's directory), and the cache records it by its letter ``dep``
    (see :func:`dep_key`) to know whose findings a change of the answer invalidates."""

    name: str
    dep: str
    keys: Callable[[Entry], Iterable[Any]]  # one entry's keys, each once
    key: Callable[[Any], Any]  # a question's key


def _ids(entry: Entry) -> tuple[int, ...]:
    value = entry.id.value if entry.id is not None else None
    return (int(value),) if isinstance(value, int) else ()


def _urls(entry: Entry) -> tuple[str, ...]:
    value = entry.url.value if entry.url is not None else None
    return (url_key(value),) if isinstance(value, str) else ()


def _titles(entry: Entry) -> tuple[str, ...]:
    return tuple(dict.fromkeys(title_key(title) for title in titles_of(entry)))


def _files(entry: Entry) -> tuple[str]:
    return (entry.file,)


#: Every lookup. A new one is a line here (and a method on :class:`Index` if rules want a
#: name for it); the cache's directory stores and answers any of them (schema version up).
LOOKUPS = (
    Lookup("id", "i", _ids, int),
    Lookup("url", "u", _urls, url_key),
    Lookup("title", "t", _titles, title_key),
    Lookup("file", "f", _files, str),
)
LOOKUP = {lookup.name: lookup for lookup in LOOKUPS}


class Index:
    """What cross-file rules may ask about the corpus: the :data:`LOOKUPS`, and how often
    each spelling of a subject is used. Subclasses answer :meth:`find` and
    :meth:`spellings`; the resolution of references is the same for all."""

    def find(self, lookup: str, value: Any) -> list[Entry]:
        """The documents found under ``value`` by the lookup named ``lookup``."""
        raise NotImplementedError

    def with_id(self, value: int) -> list[Entry]:
        return self.find("id", value)

    def with_url(self, url: str) -> list[Entry]:
        return self.find("url", url)

    def with_title(self, title: str) -> list[Entry]:
        return self.find("title", title)

    def with_file(self, file: str) -> Entry | None:
        found = self.find("file", file)
        return found[0] if found else None

    def spellings(self, subject: str) -> Counter[str]:
        """How often each spelling of ``subject`` (compared case-insensitively) is used, by
        pages' own ``subject`` and by their ``related_articleN.subject``."""
        raise NotImplementedError

    def canonical_subject(self, subject: str) -> str:
        """The most frequent spelling of ``subject`` (ties: the alphabetically first)."""
        return canonical(self.spellings(subject)) or subject

    def resolve(self, source: Entry, ref: Reference) -> Entry | None:
        """The document a reference names: by id, by url, by path relative to ``source``'s
        file, or else by title."""
        if ref.kind == "id" and ref.link is not None:
            found = self.with_id(int(ref.link))
            return found[0] if found else None
        if ref.link:
            target = url_path(ref.link)
            by_url = self.with_url(target)
            if by_url:
                return by_url[0]
            relative = posixpath.normpath(posixpath.join(posixpath.dirname(source.file), target))
            return self.with_file(relative)  # a dead link is dead, whatever its text says
        if ref.title:
            found = self.with_title(ref.title)
            return found[0] if found else None
        return None


def canonical(spellings: Counter[str]) -> str | None:
    """The most used spelling (ties: the alphabetically first), None when there is none."""
    used = [(-count, spelling) for spelling, count in spellings.items() if count > 0]
    return min(used)[1] if used else None


class MemoryIndex(Index):
    """The index over entries in memory, with each lookup's table built on first use."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        # lookup name -> (its table, its question's key); cross-file rules ask a million
        # questions of a big corpus, so one dict lookup finds both
        self._tables: dict[str, tuple[Table, Callable[[Any], Any]]] = {}
        self._canonical: dict[str, str] = {}  # a subject's spelling -> the canonical one

    def find(self, lookup: str, value: Any) -> list[Entry]:
        found = self._tables.get(lookup)
        if found is None:
            found = self._tables[lookup] = self._table(LOOKUP[lookup])
        table, key = found
        return table.get(key(value))

    def _table(self, lookup: Lookup) -> tuple[Table, Callable]:
        table = Table()
        keys, add = lookup.keys, table.add
        for entry in self.entries:
            for key in keys(entry):
                add(key, entry)
        return table, lookup.key

    def with_id(self, value: int) -> list[Entry]:
        # The question cross-file rules ask most (every related block, twice): one table
        # look-up, without the generic path's calls.
        table = self._tables.get("id")
        if table is None:
            return self.find("id", value)
        found = table[0]._found.get(int(value))
        if found is None:
            return []
        return list(found) if type(found) is list else [found]

    def spellings(self, subject: str) -> Counter[str]:
        return self._spellings.get(subject_key(subject), Counter())

    def canonical_subject(self, subject: str) -> str:
        # asked for the subject of every page: each spelling's answer is worked out once
        answer = self._canonical.get(subject)
        if answer is None:
            answer = self._canonical[subject] = super().canonical_subject(subject)
        return answer

    @cached_property
    def _spellings(self) -> dict[str, Counter[str]]:
        groups: dict[str, Counter[str]] = defaultdict(Counter)
        for entry in self.entries:
            for value in subjects_of(entry):
                groups[subject_key(value)][value] += 1
        return groups


class Table:
    """Keys to the documents found under them. Most keys name one document: it is held
    alone, and a list only for several (a list per key would cost some 20 MB at 100,000
    pages); :meth:`get` always answers a new list."""

    __slots__ = ("_found",)

    def __init__(self) -> None:
        self._found: dict[Any, Entry | list[Entry]] = {}

    def add(self, key: Any, entry: Entry) -> None:
        found = self._found.get(key)
        if found is None:
            self._found[key] = entry
        elif type(found) is list:
            found.append(entry)
        else:
            self._found[key] = [found, entry]

    def get(self, key: Any) -> list[Entry]:
        found = self._found.get(key)
        if found is None:
            return []
        return list(found) if type(found) is list else [found]


def spellings_of(entry: Entry) -> Counter[str]:
    """How often the page uses each subject spelling (its own, its related articles')."""
    return Counter(subjects_of(entry))


def titles_of(entry: Entry) -> list[str]:
    titles = list(entry.aliases)
    if entry.title is not None and isinstance(entry.title.value, str):
        titles.append(entry.title.value)
    return titles


def subjects_of(entry: Entry) -> Iterable[str]:
    """Every subject a page uses: its own and its related articles'."""
    if entry.subject is not None and isinstance(entry.subject.value, str):
        yield entry.subject.value
    for ref in entry.related:
        subject = ref.value("subject")  # without building a Field
        if isinstance(subject, str):
            yield subject


# -- dependencies: what a file's cross-file findings were computed from -------------------


def dep_key(kind: str, value: Any) -> int:
    """A lookup as a 64-bit number: ``("i", 12)`` is "the documents with id 12". Two lookups
    that share a number only make the cache re-check a little more than it must, so two
    fast checksums do (a cold run computes a few per page)."""
    if isinstance(value, (int, float)) and not isinstance(value, str):
        with contextlib.suppress(ValueError, OverflowError):
            value = int(value) if value == int(value) else value  # 1, 1.0 and True: one key
    data = f"{kind}\0{value}".encode("utf-8", "surrogatepass")
    return zlib.crc32(data) | (zlib.adler32(data) & 0x7FFFFFFF) << 32


def provides(entry: Entry) -> set[int]:
    """Every lookup whose answer includes ``entry``: when the file changes, the cross-file
    findings of any file that asked one of them are computed again."""
    keys = {dep_key(lookup.dep, key) for lookup in LOOKUPS for key in lookup.keys(entry)}
    keys.update(dep_key("s", subject_key(subject)) for subject in subjects_of(entry))
    return keys


class RecordingIndex(Index):
    """An index that notes every lookup made through it (as :func:`dep_key` numbers)."""

    def __init__(self, inner: Index) -> None:
        self.inner = inner
        self.deps: set[int] = set()

    def find(self, lookup: str, value: Any) -> list[Entry]:
        found = LOOKUP[lookup]
        self.deps.add(dep_key(found.dep, found.key(value)))
        return self.inner.find(lookup, value)

    def spellings(self, subject: str) -> Counter[str]:
        self.deps.add(dep_key("s", subject_key(subject)))
        return self.inner.spellings(subject)

    def canonical_subject(self, subject: str) -> str:
        # Most pages only ask which spelling is canonical; an edit that changes counts but
        # not the canonical spelling leaves their findings valid ("c", see Cache.commit).
        self.deps.add(dep_key("c", subject_key(subject)))
        return self.inner.canonical_subject(subject)
