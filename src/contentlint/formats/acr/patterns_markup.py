"""Inline Markdown in the text of an ACR article: links (``[text](target "title")``),
emphasis and code marks, and spacing.

The lowest of the pattern modules: the others read text through :func:`strip_inline_markup`
and :func:`collapse_ws`. :func:`iter_inline_links` and :func:`_strip_marks` are small
finders that equal a plain regex, in linear time (see :mod:`contentlint.formats.acr.patterns`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

INLINE_LINK_RE: Final = re.compile(
    r"\[(?P<text>[^\]\n]+)\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)"
)
_LINK_TEXT_STOP_RE: Final = re.compile(r"[\]\n]")
_LINK_TARGET_STOP_RE: Final = re.compile(r"[)\s]")
_SPACES_RE: Final = re.compile(r"\s*+")


def iter_inline_links(text: str) -> Iterator[re.Match[str]]:
    """``INLINE_LINK_RE.finditer(text)``, in linear time.

    ``finditer`` tries the pattern at every ``[``; with many ``[`` and no ``]`` (or a target
    with no ``)``) each try reads to the same far point. Here a try is only made where it
    can succeed: every ``[`` before the same ``]`` has the same target and title after it,
    so when one fails they all do, and the end of a text or target is found once for all
    the ``[`` that share it. The pattern itself then runs only on links that match."""
    size = len(text)
    # The stops found last: no `]` or line break in text[text_from:text_stop], no `)` or
    # blank in text[target_from:target_stop]. `at` only grows, so each is looked for once.
    text_from = text_stop = target_from = target_stop = -1
    ends: dict[int, int] = {}  # target stop -> end of the link, or -1 when none ends there
    pos = 0
    while (at := text.find("[", pos)) != -1:
        if not text_from <= at + 1 <= text_stop:
            found = _LINK_TEXT_STOP_RE.search(text, at + 1)
            text_from, text_stop = at + 1, found.start() if found else size
        close = text_stop
        if close == at + 1 or close == size or text[close] != "]":
            pos = max(close, at + 1)  # every `[` up to here fails the same way
            continue
        end = -1
        target = close + 2
        if target <= size and text[close + 1 : target] == "(":
            if not target_from <= target <= target_stop:
                found = _LINK_TARGET_STOP_RE.search(text, target)
                target_from, target_stop = target, found.start() if found else size
            if target_stop > target:
                end = ends.get(target_stop, 0)
                if end == 0:
                    end = ends[target_stop] = _link_end(text, target_stop)
        link = INLINE_LINK_RE.match(text, at) if end != -1 else None
        if link is None:
            pos = close
            continue
        yield link
        pos = link.end()


def _link_end(text: str, stop: int) -> int:
    """Where a link whose target ends at ``stop`` ends: after ``)`` or ``"title")``; -1
    when it does not."""
    if stop == len(text):
        return -1
    if text[stop] == ")":
        return stop + 1
    quote = _SPACES_RE.match(text, stop).end()  # text[stop] is a space
    if text[quote : quote + 1] == '"':
        closing = text.find('"', quote + 1)
        if closing != -1 and text[closing + 1 : closing + 2] == ")":
            return closing + 2
    return -1


def strip_inline_markup(text: str) -> str:
    """Drop Markdown emphasis, code ticks and link targets: ``[a](b)`` -> ``a``."""
    parts, last = [], 0
    for link in iter_inline_links(text):
        parts += [text[last : link.start()], link["text"]]
        last = link.end()
    parts.append(text[last:])
    return _strip_marks("".join(parts))


_MARKS_RE: Final = re.compile(r"[*_`]++")


def _is_word(char: str) -> bool:
    """``re.match(r"\\w", char)`` for one character."""
    return char.isalnum() or char == "_"


def _strip_marks(text: str) -> str:
    """``re.sub(r"(?<!\\w)[*_`]+|[*_`]+(?!\\w)", "", text)``, in linear time.

    After a non-word character a run of marks goes whole; after a word character, up to the
    last point where a non-word character follows (`_` is a word character: in `a__b` the
    marks stay). The regex would look for that point again from each mark of a long run."""
    parts, last, size = [], 0, len(text)
    for run in _MARKS_RE.finditer(text):
        at, end = run.span()
        ends_free = end == size or not _is_word(text[end])
        last_free = max(text.rfind("*", at, end), text.rfind("`", at, end))
        while at < end:
            if at == 0 or not _is_word(text[at - 1]) or ends_free:
                cut = end
            elif last_free > at:
                cut = last_free
            elif last_free == at:  # the next mark follows a non-word character
                at += 1
                continue
            else:  # only underscores after a word character, up to a word character
                break
            parts.append(text[last:at])
            last = at = cut
    parts.append(text[last:])
    return "".join(parts)


def collapse_ws(text: str) -> str:
    return " ".join(text.split())
