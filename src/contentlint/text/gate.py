"""The codecs the mojibake engine undoes, and the gate in front of it.

`CODECS` lists the wrong decodes ftfy undoes, commonest first; `COMMON` holds the two
(Windows-1252 and Latin-1) whose readings count as the commonest; `bytes_as` spells a range
of bytes in one of them. `GATE` finds where a line may hold mojibake: a UTF-8 lead byte
followed by a continuation byte, both spelled in one codec of `CODECS`, or a lead followed
by the space, `?` or `�` that replaced a lost byte. A line without a match is not
examined. This module imports neither ftfy nor any other module of the engine.
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["CODECS", "COMMON", "GATE", "bytes_as", "gate_bytes"]

# The wrong decodes ftfy undoes, commonest first (the order of preference when two read a
# span differently). The sloppy codecs decode the bytes Windows leaves undefined as the
# same-numbered C1 characters, as browsers do, and encode `�` as byte 1A (a lost byte).
CODECS = (
    "sloppy-windows-1252",
    "latin-1",
    "sloppy-windows-1250",
    "sloppy-windows-1251",
    "macroman",
    "cp437",
    "sloppy-windows-1253",
    "sloppy-windows-1254",
    "sloppy-windows-1257",
    "iso-8859-2",
)
COMMON = frozenset(("sloppy-windows-1252", "latin-1"))


def bytes_as(codec: str, lo: int, hi: int) -> str:
    """What bytes lo..hi read as in `codec`, without ftfy (the gate must not import it)."""
    name = codec.replace("sloppy-", "")
    chars = []
    for byte in range(lo, hi + 1):
        try:
            chars.append(bytes([byte]).decode(name))
        except UnicodeDecodeError:
            chars.append(chr(byte))  # a hole: the sloppy codec reads it as Latin-1 does
    return "".join(chars)


def _gate_pattern() -> tuple[re.Pattern[str], re.Pattern[str]]:
    leads: set[str] = set()
    conts: set[str] = set(" ?\ufffd")
    alternatives = []
    for codec in CODECS:
        lead, cont = bytes_as(codec, 0xC2, 0xF4), bytes_as(codec, 0x80, 0xBF)
        if codec == "macroman":
            # U+00A0 is MacRoman's byte CA, the lead of IPA letters (U+0280-U+02BF) that no
            # page of this register holds, while `30\u00a0µg` and `25\u00a0°C` are
            # everyday text: such a line is not examined for it.
            lead = lead.replace("\u00a0", "")
        leads |= set(lead)
        conts |= set(cont)
        alternatives.append(f"[{re.escape(lead)}][{re.escape(cont)}\ufffd]")
        if codec not in ("macroman", "cp437"):  # box drawing and punctuation before spaces
            # A lost continuation byte: a space (for A0), `?` or `�` after a lead.
            alternatives.append(f"[{re.escape(bytes_as(codec, 0xC2, 0xC3))}][ ?]")
            alternatives.append(f"[{re.escape(bytes_as(codec, 0xE0, 0xF4))}]\\?")
    # Two classes side by side find the few places worth a look fast; the alternatives, each
    # two fixed characters, then confirm that one codec spells both (linear either way).
    union = f"[{re.escape(''.join(sorted(leads)))}][{re.escape(''.join(sorted(conts)))}]"
    return re.compile(union), re.compile(f"(?:{'|'.join(alternatives)})")


_GATE_PREFILTER, _GATE_PAIR = _gate_pattern()


def _gate_search(text: str) -> re.Match[str] | None:
    # Candidates may overlap (in `Üß\x80` the pair is `ß\x80`, not `Üß`): the next search
    # starts one character on, not after the candidate.
    search, pair = _GATE_PREFILTER.search, _GATE_PAIR.match
    match = search(text)
    while match is not None:
        found = pair(text, match.start())
        if found is not None:
            return found
        match = search(text, match.start() + 1)
    return None


class _Gate:
    """``GATE.search(text)``: a match where a line may hold mojibake (see the docstring)."""

    search = staticmethod(_gate_search)


#: A line without a match holds no mojibake any proposer could find.
GATE = _Gate()


@cache
def _bytes_pattern():  # type: ignore[no-untyped-def]
    import re2  # google-re2: a DFA over the bytes, in linear time

    # The pairs' pattern as UTF-8: RE2 reads a bytes pattern and a bytes text as UTF-8, so
    # its classes hold the same characters and match the same pairs.
    return re2.compile(_GATE_PAIR.pattern.encode("utf-8"))


def gate_bytes(raw: bytes) -> bool:
    """Whether the text whose UTF-8 bytes are ``raw`` has a ``GATE`` match. RE2 finds the
    pairs in the bytes themselves, a few times faster than ``re`` finds them in the text;
    ``raw`` must be valid UTF-8 (a file that decoded cleanly)."""
    return _bytes_pattern().search(raw) is not None
