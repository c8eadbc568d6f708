"""The reviewer line that closes an ACR article (``Reviewed by NAME, MD, ROLE — Month D,
YYYY``), matched in RE2 by :func:`match_reviewer`, and its date (:func:`parse_review_date`).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from typing import Any, Final

_CREDENTIAL: Final = (
    r"(?:M\.?D\.?|D\.?O\.?|Ph\.?D\.?|MBBS|MBChB|FACR|FSIR|FRCR|MPH|MSc?|RN|NP|PA-C|DNP"
    r"|PharmD|RT|RRA)"
)
#: The reviewer line, as Python's ``re`` reads it. Its lazy name and role, each followed by
#: optional blanks and then a separator, backtrack without end on a long line; it runs in
#: RE2 (:func:`match_reviewer`), which finds the same groups in linear time.
REVIEWER_PATTERN: Final = (
    rf"^Reviewed\s+by\s+(?P<name>[^,\n]+?)\s*,\s*"
    rf"(?P<credentials>{_CREDENTIAL}(?:\s*,\s*{_CREDENTIAL})*)\s*,\s*"
    r"(?P<role>[^,\n—–|]+?)\s*(?:—|–|\s-\s|\|)\s*"
    r"(?P<date>(?:[A-Za-z]+\.?\s+\d{1,2},?\s+\d{4})|\d{4}-\d{2}-\d{2})\s*\.?$"
)
_REVIEWER_GROUPS: Final = ("name", "credentials", "role", "date")
# Python's \s and \d among ASCII characters; RE2's own differ (no \v, no \x1c-\x1f).
_ASCII_SPACE: Final = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f "
_SURROGATE_RE: Final = re.compile("[\ud800-\udfff]")


def match_reviewer(line: str) -> dict[str, str] | None:
    """The groups of ``REVIEWER_PATTERN`` matched at the start of ``line``, or None.

    RE2 picks the same match as Python's backtracking (leftmost, with the same lazy and
    greedy preferences); its ``\\s``, ``\\d`` and ``$`` are narrower than Python's, so the
    pattern is given Python's: the ASCII ones plus the non-ASCII blanks and digits that
    ``line`` itself holds (no other character can matter)."""
    spaces = digits = ""
    readable = line
    if not line.isascii():
        chars = {c for c in set(line) if not c.isascii()}
        spaces = "".join(sorted(c for c in chars if c.isspace()))
        digits = "".join(sorted(c for c in chars if c.isdecimal()))
        # RE2 reads UTF-8, which has no lone surrogates; U+FFFD plays their part as well.
        readable = _SURROGATE_RE.sub("\ufffd", line)
    match = _reviewer_re2(spaces, digits).match(readable)
    if match is None:
        return None
    return {name: line[slice(*match.span(i))] for i, name in enumerate(_REVIEWER_GROUPS, 1)}


@functools.lru_cache(maxsize=32)
def _reviewer_re2(spaces: str, digits: str) -> Any:
    import re2  # linear-time matching; imported with the first reviewer line

    def chars(text: str) -> str:
        return "".join(f"\\x{{{ord(c):x}}}" for c in text)

    pattern = (
        REVIEWER_PATTERN.replace(r"\s", f"[{chars(_ASCII_SPACE + spaces)}]")
        .replace(r"\d", f"[0-9{chars(digits)}]")
        .removesuffix("$")
    )
    return re2.compile(pattern + r"(?:\n?\z)")


_MONTHS: Final = {
    name.lower(): number
    for number, names in enumerate(
        (
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep", "Sept"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ),
        start=1,
    )
    for name in names
}
_ISO_DATE_RE: Final = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_LONG_DATE_RE: Final = re.compile(r"([A-Za-z]++)\.?+\s++(\d{1,2}),?+\s++(\d{4})")


def parse_review_date(text: str) -> str | None:
    """``"May 30, 2026"`` or ``"2026-05-30"`` -> ``"2026-05-30"``; None when impossible."""
    iso = _ISO_DATE_RE.fullmatch(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    else:
        m = _LONG_DATE_RE.fullmatch(text.strip())
        if not m or m[1].lower() not in _MONTHS:
            return None
        year, month, day = int(m[3]), _MONTHS[m[1].lower()], int(m[2])
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None
