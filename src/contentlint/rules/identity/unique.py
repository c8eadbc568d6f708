"""Ids and urls are unique across the corpus."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from contentlint.index import Entry, Index
from contentlint.rules.registry import Hit, rule


def _duplicates(entry: Entry, others: list[Entry], what: str, value: Any) -> Iterator[Hit]:
    field = getattr(entry, what)
    # The first three others, and how many there are: the same work for each of a thousand
    # pages that share one id, not a list of the thousand for each of them.
    count = sum(1 for other in others if other.file != entry.file) if len(others) < 64 else None
    shown_paths = []
    for other in others:
        if other.file != entry.file:
            shown_paths.append(other.path)
            if len(shown_paths) == 3:
                break
    if not shown_paths:
        return
    if count is None:  # an index entry per file, this one among them
        count = len(others) - 1
    more = f" and {count - 3} more" if count > 3 else ""
    yield Hit(
        field.line, field.column, f"{what} {value!r} is also used by {', '.join(shown_paths)}{more}"
    )


@rule(
    code="ID005",
    name="duplicate-id",
    summary="Two documents share an id.",
    explanation="Every page's `id` must be unique across the corpus; links resolve by id.",
    bad="""
# a.md
id: 166294
# b.md
id: 166294
""",
    good="""
# a.md
id: 166294
# b.md
id: 166295
""",
    scope="corpus",
    why="""
Related articles link by id, so with two pages on one id a link may lead to either of
them, and a reader can land on a page about something else. related-stale cannot tell
which page a block copies and skips it, so stale titles and urls behind that id go
unreported.
""",
    limits="""
Only whole-number ids are compared (an `id` written as text is invalid-field's), and only
among the pages of the corpus that is read: a page outside the corpus root is not seen.
""",
)
def duplicate_id(entry: Entry, index: Index, options: dict[str, Any]) -> Iterator[Hit]:
    if entry.id is not None and isinstance(entry.id.value, int):
        yield from _duplicates(entry, index.with_id(entry.id.value), "id", entry.id.value)


@rule(
    code="ID006",
    name="duplicate-url",
    summary="Two documents share a url.",
    explanation="Every page's `url` must be unique across the corpus; one would hide the other.",
    bad="""
# a.md
url: /learn/medicine/questions/what-is-anemia
# b.md
url: /learn/medicine/questions/what-is-anemia
""",
    good="""
# a.md
url: /learn/medicine/questions/what-is-anemia
# b.md
url: /learn/medicine/questions/how-is-anemia-treated
""",
    scope="corpus",
    why="""
A url is one address: the site can serve only one of two pages that claim it, so the
other cannot be reached by its readers or by search engines, and links by url (ACR
references) resolve to whichever page the index finds first.
""",
    limits="""
Urls are compared after trimming spaces and a trailing slash, and case-sensitively:
`/learn/Medicine/...` and `/learn/medicine/...` are not reported as the same url (the
schema's url form rejects capitals on Q&A pages).
""",
)
def duplicate_url(entry: Entry, index: Index, options: dict[str, Any]) -> Iterator[Hit]:
    if entry.url is not None and isinstance(entry.url.value, str):
        yield from _duplicates(entry, index.with_url(entry.url.value), "url", entry.url.value)
