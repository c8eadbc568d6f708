"""The Latin-1/Windows-1252 span proposer of the mojibake engine (see `mojibake.py`).

This is the engine contentlint had before it used ftfy's proposals; it now only *proposes*
spans, which `contentlint.text.mojibake` verifies and vetoes like any other proposal.

Mojibake here is UTF-8 text that was once decoded as Windows-1252 or Latin-1: `’` (bytes
E2 80 99) became `â€™`, `é` (C3 A9) became `Ã©`. Each byte became one character, so the
damage is a run of characters whose bytes, in that single-byte encoding, form well-formed
UTF-8. The engine works span by span, never on the whole text:

1. Pure-ASCII text has no mojibake: return at once (the common case).
2. One compiled regex finds *candidates*: runs of well-formed UTF-8 sequences spelled in
   the Windows-1252/Latin-1 alphabet (`Ã©`, `â€™`, `ðŸ˜€`; no overlongs, no surrogates),
   sequences cut short (`â€` whose last byte was lost, `â€�`), and `Ã` + space after a
   lowercase letter (`voilÃ le`: the U+00A0 of `à` became a space).
3. A candidate is damage only with evidence. Real text forms a candidate only when a word
   ending in an accented letter is followed directly by a closing quote, dash, space or
   the like (`CAFÉ”`, `Fuß’`, `voilà\u00a0»`), so a symbol after the lead letter (`€`,
   `©`, `‰`, `¥`, `Ÿ`...) is evidence. The ambiguous rest is judged by context: a capital
   right after a lowercase letter (`siÄ™`) is damage, one ending an all-caps word
   (`AMANHÃ”`) is not, a few leads never start a word so (`Ð’` is `В`), and otherwise
   ftfy's own `badness` heuristic decides. A lowercase lead needs evidence.
4. The repair is ftfy's encoding step applied to the span alone: encode with `latin-1` or
   ftfy's `sloppy-windows-1252` codec, decode as UTF-8 (again while the result is itself
   damage: double mojibake). It is accepted only if redoing the damage reproduces the
   damaged text exactly, the result holds no control or unassigned characters, and the
   text around it no longer looks damaged. The span is trimmed to the characters that
   change (`Â°` -> `°` deletes the `Â`). Damage without such a repair has ``repair=None``.

`ftfy.fix_encoding` itself is not used: on whole texts it also applies guesses
(`restore_byte_a0`, `replace_lossy_sequences`, `decode_inconsistent_utf8`, C1 fixes), and
its `is_bad` gate, on a single span, misses much real damage (`Å‚` for `ł`, `â„¢` for `™`).
"""

from __future__ import annotations

import re
import unicodedata

import ftfy.bad_codecs  # registers the "sloppy-windows-1252" codec
from ftfy.badness import BADNESS_RE

from contentlint.text.damage import Damage, common_affixes

__all__ = ["Damage", "scan"]

ftfy.bad_codecs.ok()

# The wrong decodes we undo. sloppy-windows-1252 is Windows-1252 with its five holes
# (0x81 0x8D 0x8F 0x90 0x9D) decoded as the same-numbered C1 characters, as browsers do.
_CODECS = ("latin-1", "sloppy-windows-1252")


def _chars(lo: int, hi: int) -> str:
    """Every character the bytes lo..hi decode to in either codec, as a regex class body."""
    raw = bytes(range(lo, hi + 1))
    return "".join(sorted({char for codec in _CODECS for char in raw.decode(codec)}))


_CONT = _chars(0x80, 0xBF)  # UTF-8 continuation bytes
_LEAD3, _LEAD4 = _chars(0xE0, 0xEF), _chars(0xF0, 0xF4)
# One well-formed UTF-8 sequence (RFC 3629 table), spelled in the single-byte alphabet.
_SEQUENCE = (
    f"[{_chars(0xC2, 0xDF)}][{_CONT}]"
    f"|\u00e0[{_chars(0xA0, 0xBF)}][{_CONT}]"
    f"|[{_chars(0xE1, 0xEC)}\u00ee\u00ef][{_CONT}]{{2}}"
    f"|\u00ed[{_chars(0x80, 0x9F)}][{_CONT}]"
    f"|\u00f0[{_chars(0x90, 0xBF)}][{_CONT}]{{2}}"
    f"|[\u00f1-\u00f3][{_CONT}]{{3}}"
    f"|\u00f4[{_chars(0x80, 0x8F)}][{_CONT}]{{2}}"
)
_CANDIDATE_RE = re.compile(
    # Every candidate starts with a lead byte; saying so first lets `re` skip ahead fast.
    f"(?=[{_chars(0xC2, 0xF4)}])"
    # A run of sequences; one ending in U+00A0 ends the run, as that may be a real space
    # between a word and mojibake (`CAFÉ\u00a0Ã©`). (Possessive: a run of thousands of
    # sequences leaves no backtracking point behind each.)
    f"(?:(?P<whole>(?:{_SEQUENCE})(?:(?<!\u00a0)(?:{_SEQUENCE}))*+)"
    # Sequences that lost bytes: replaced by U+FFFD or dropped before the next character,
    f"|(?P<cut>[ÂÃ]\ufffd|[{_LEAD3}{_LEAD4}][{_CONT}]{{1,2}}\ufffd"
    f"|[{_LEAD3}][{_CONT}](?![{_CONT}])|[{_LEAD4}][{_CONT}]{{1,2}}(?![{_CONT}]))"
    # or, after a lowercase letter, the U+00A0 of `à` (C3 A0) or of U+00A0 turned into a space.
    "|(?P<space>(?<=[a-z])[ÂÃ](?= )))"
)
# What legitimately follows a word directly: closing quotes, dashes, an ellipsis, a bullet,
# spaces, trademark signs, footnote superscripts, an acute accent typed as an apostrophe.
# Neither these nor the leads of further sequences are evidence: a candidate made of lead
# letters and only these can be real text (`CAFÉ”`, `Fuß’`).
_AMBIGUOUS = frozenset("’”“‘»«›‹…–—•\u00a0\u00ad™®´¹²³" + _chars(0xC2, 0xF4))
# Czech and Slovak put `š` and `ž` after these (`náš`, `VÝŠE`, `PÍŠE`).
_CARONS, _CARON_VOWELS = frozenset("ŠšŽž"), frozenset("áéíÉÍÓÚÝ")
# A cut-short candidate needs a character no text puts after a letter: `€` in `â€`.
_CUT_EVIDENCE = frozenset(_chars(0x80, 0x9F) + "\ufffd") - _AMBIGUOUS - _CARONS - {"Œ", "œ"}
_QUOTE_PAIRS = frozenset(["“”", "‘’", "„“", "„”", "‚‘", "‚’", "«»", "‹›", "»«", "›‹", "””", "’’"])
# Leads of the commonest mojibake (Latin-1 symbols and letters, Greek, Cyrillic): no word
# begins with one of them followed by a mark (`Ð’` is `В`, `Ñ–` is `і`, `Ã…` is `Å`).
_NO_WORD_STARTS = frozenset("ÂÃÎÏÐÑ")
# Capitals that are words (Portuguese `É`, Italian `È`, `Ó`, Nordic `Ö` and `Ø`). Not `Å`:
# `Å\u00a0koda` is `Škoda` far more often than the Swedish `Å` before a no-break space.
_LETTER_WORDS = frozenset("ÉÈÓÖØ")

_ATTACKS = (
    ("", "Ã", ""),
    ("", "Ã©", ""),
    ("", "â€", "x"),
    ("", "â€™", ""),
    ("a", "Ã ", ""),
    ("", "Ã\u00a0", ""),
    ("", "é", ""),
    ("", "ÂÂ", "¥"),
    ("", "ðŸ˜€", ""),
    ("", "Ã\x85 ", ""),
    ("", "ÃƒÂ©", ""),
    ("", "Ã\ufffd ", ""),
)


def scan(text: str) -> list[Damage]:
    """Every mojibake span in `text`, sorted by start and non-overlapping."""
    if text.isascii():
        return []
    found: list[Damage] = []
    for match in _CANDIDATE_RE.finditer(text):
        if not _is_damage(text, match):
            continue
        start, damaged = match.start(), match.group()
        repaired = _repair(damaged) if match.lastgroup == "whole" else None
        if repaired is None:
            found.append(Damage(start, match.end(), damaged, None))
        elif _is_text(repaired):  # else it decodes, but to control or unassigned characters
            # Trim what the repair leaves unchanged: `Â°` -> `°` only deletes the `Â`.
            head, tail = common_affixes(damaged, repaired)
            first, last = start + head, match.end() - tail
            fix = repaired[head : len(repaired) - tail]
            safe = _settles(text, first, last, fix)  # else the result would still look damaged
            found.append(Damage(first, last, text[first:last], fix if safe else None))
    return found


def _is_damage(text: str, match: re.Match[str]) -> bool:
    """Whether the candidate `match` is mojibake rather than legitimate text."""
    start, end = match.span()
    lead, marks = text[start], text[start + 1 : end]
    if match.lastgroup == "space":
        return True
    if match.lastgroup == "cut":
        return any(char in _CUT_EVIDENCE for char in marks)
    if lead == "×":  # `2×½` is arithmetic, Hebrew words have several letters
        return len(marks) > 1 and _has_symbol(lead, marks)
    if _has_symbol(lead, marks):
        return True  # a symbol after a letter: `Ã©`, `â€™`
    # Letters and marks that can follow a word: `CAFÉ”`, `Fuß’`, `náš` may be real text.
    if not lead.isupper():
        return False
    before, after = text[start - 1 : start], text[end : end + 1]
    if before.islower():
        return True  # `siÄ™`: a capital inside a lowercase word
    ends_word = marks == "\u00a0" or not after.isalpha()
    if ends_word and (
        (before.isupper() and lead != "Â")  # `AMANHÃ”`: an all-caps word (none ends in Â)
        or before + marks in _QUOTE_PAIRS  # `“Ã”`: a quoted letter
    ):
        return False
    if not before.isalpha() and (
        lead in _NO_WORD_STARTS  # `Ð’` is `В`, `Ñ–` is `і`
        or (after.islower() and lead not in _LETTER_WORDS and marks + after != "’s")
    ):
        return True  # no word starts so, but mojibake does: `Å\u00a0koda`, `Å’uvre`
    # Otherwise ftfy's heuristic decides (`ESTÃ“RIA`) on the lead, its mark, and context
    # that is plain: an ASCII letter or a space (`\sÃ¥`), not another candidate.
    hits = BADNESS_RE.finditer(text, max(0, start - 2), min(len(text), end + 1))
    return any(
        hit.start() <= start
        and hit.end() >= start + 2
        and all(char.isascii() or char.isspace() for char in text[hit.start() : start])
        for hit in hits
    )


def _has_symbol(lead: str, marks: str) -> bool:
    """Whether the marks after `lead` hold a symbol that text never puts there; anything
    may follow a no-break space (`é\u00a0°`)."""
    allowed = _AMBIGUOUS | _CARONS if lead in _CARON_VOWELS else _AMBIGUOUS
    return any(
        char not in allowed and (index == 0 or marks[index - 1] != "\u00a0")
        for index, char in enumerate(marks)
    )


def _undo(damaged: str) -> tuple[str, str] | None:
    """Undo one wrong decode of a whole span: (codec, repaired), or None if none explains it."""
    for codec in _CODECS:
        try:
            return codec, damaged.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
    return None


def _repair(damaged: str) -> str | None:
    """The repair of a span of whole UTF-8 sequences, verified by redoing the damage."""
    repaired, undone = damaged, []
    while (step := _undo(repaired)) is not None:
        codec, repaired = step
        undone.append(codec)
        again = _CANDIDATE_RE.fullmatch(repaired)  # double mojibake: `ÃƒÂ©` -> `Ã©` -> `é`
        if not (again and again.lastgroup == "whole" and _is_damage(repaired, again)):
            break
    redone = repaired
    for codec in reversed(undone):
        redone = redone.encode("utf-8").decode(codec)
    return repaired if undone and redone == damaged else None


def _is_text(repaired: str) -> bool:
    """No control, private-use or unassigned characters (astral planes keep gaining emoji)."""
    for char in repaired:
        category = unicodedata.category(char)
        if category in ("Cc", "Co", "Cs") or (category == "Cn" and char < "\U00010000"):
            return False
    return True


def _settles(text: str, start: int, end: int, repair: str) -> bool:
    """Whether text[start:end] replaced by `repair` no longer looks damaged there (`ÂÂ¥`
    would become `Â¥`)."""
    lo = max(0, start - 6)
    patched = text[lo:start] + repair + text[end : end + 6]
    first, last = start - lo, start - lo + len(repair)
    return not any(
        match.start() < last and match.end() > first and _is_damage(patched, match)
        for match in _CANDIDATE_RE.finditer(patched)
    )


#: The patterns this module applies to page text, with inputs that would make a backtracking
#: version slow (see ``contentlint.formats.acr.patterns.CONTENT_PATTERNS``).
CONTENT_PATTERNS = (
    ("mojibake-candidate", _CANDIDATE_RE.findall, _ATTACKS),
    ("mojibake-scan", scan, _ATTACKS),
)
