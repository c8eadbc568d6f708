"""References in an ACR article: guide references (``… our parent guide: Title.``, ``… our
protocol guide: Title.``), found by :func:`iter_guide_refs`, and Markdown links;
:func:`find_references` lists both for one stretch of text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import Final

from contentlint.formats.acr.patterns_markup import INLINE_LINK_RE, iter_inline_links
from contentlint.formats.acr.patterns_subjects import _trim_chars

#: "… our parent guide: Title." / "… our protocol guide covers …: Title." (up to the title;
#: :func:`iter_guide_refs` finds where the title ends).
GUIDE_REF_RE: Final = re.compile(
    r"\b(?P<guide>parent|topic|overview|protocol|technique)\s++guides?\b[^:]{0,160}?:\s++(?=\S)",
    re.IGNORECASE,
)
_TITLE_END_RE: Final = re.compile(r"\.\s++[A-Z]")
GUIDE_KINDS: Final = {
    "parent": "topic-guide",
    "topic": "topic-guide",
    "overview": "topic-guide",
    "protocol": "protocol-guide",
    "technique": "protocol-guide",
}


def iter_guide_refs(raw: str) -> Iterator[tuple[str, int, int]]:
    """``(guide word, title start, title end)`` for each guide reference in ``raw``: what
    ``GUIDE_REF_RE`` followed by ``(?P<title>\\S[\\s\\S]*?)(?=\\.?\\s*\\Z|\\.\\s+(?-i:[A-Z]))``
    finds. The title runs to the first full stop that a capital follows, else to the end of
    the text (less a closing full stop and blanks); that lookahead, tried at each character
    of the title, would read every run of blanks to its end again from each of its
    characters."""
    size = len(raw.rstrip())
    last = size - 1 if size and raw[size - 1] == "." else size
    pos = 0
    stop: re.Match[str] | None = None
    searched = -1  # no title end between searched and stop (or the end of the text)
    while head := GUIDE_REF_RE.search(raw, pos):
        start = head.end()
        end = last if last > start else size
        if not (0 <= searched <= start + 1 and (stop is None or stop.start() >= start + 1)):
            stop, searched = _TITLE_END_RE.search(raw, start + 1, size), start + 1
        if stop and stop.start() < end:
            end = stop.start()
        following = GUIDE_REF_RE.search(raw, start, end)  # a second guide in the sentence
        if following:
            end = _joining_words_start(raw, start, following.start())
        yield head["guide"], start, end
        pos = following.start() if following else end


_JOINING_WORDS: Final = frozenset({"and", "or", "plus", "also", "our", "the", "a", "see", "its"})


def _joining_words_start(raw: str, start: int, end: int) -> int:
    """Where the words that join one guide's title to the next guide start:
    ``A, and our |protocol guide: B`` -> the end of ``A``."""
    while True:
        while end > start and (raw[end - 1].isspace() or raw[end - 1] in ",;"):
            end -= 1
        word = end
        while word > start and raw[word - 1].isalpha():
            word -= 1
        if word == end or raw[word:end].lower() not in _JOINING_WORDS:
            return end
        end = word


def find_references(raw: str) -> list[dict[str, object]]:
    """Guide references ("… parent guide: Title.") and Markdown links, with their index."""
    found: list[dict[str, object]] = []
    claimed: list[tuple[int, int]] = []  # links that are a guide's title, in order
    for guide, start, end in iter_guide_refs(raw):
        start, end = _trim_chars(raw, start, end)
        target = None
        link = INLINE_LINK_RE.fullmatch(raw, start, end)
        if link:
            claimed.append(link.span())
            (start, end), target = link.span("text"), link["target"]
        kind = GUIDE_KINDS[guide.lower()]
        found.append({"index": start, "kind": kind, "text": raw[start:end], "target": target})
    claimed_starts = [start for start, _ in claimed]
    for link in iter_inline_links(raw):
        i = bisect.bisect_right(claimed_starts, link.start()) - 1
        if i < 0 or link.start() >= claimed[i][1]:
            start, text, target = link.start("text"), link["text"], link["target"]
            found.append({"index": start, "kind": "link", "text": text, "target": target})
    found.sort(key=lambda ref: ref["index"])  # type: ignore[arg-type,return-value]
    return found
