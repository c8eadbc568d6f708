"""The vetoes: general statements about text that keep a verified span from being flagged.

`vetoed` decides, for one verified span in its line, whether it is left alone; the few
vetoes the line loop applies before (`contradicted`: a whole-line reading in a rarer codec
that a commoner one contradicts; `longer_elsewhere`: a span engine's repair that another
codec reads as part of a longer sequence) and the test of a decode that proves itself
(`self_evident`) are here too. Each veto is described where it is applied.
"""

from __future__ import annotations

import unicodedata

from contentlint.text.context import (
    C1,
    NO_WORD_STARTS,
    Context,
    fits,
    garbled,
    is_weak,
    lowercase_in_caps,
    read_whole_otherwise,
    script_of,
)
from contentlint.text.ftfy_calls import is_bad
from contentlint.text.gate import CODECS, COMMON
from contentlint.text.verify import Span, is_text

__all__ = ["contradicted", "longer_elsewhere", "self_evident", "vetoed"]

# Capitals that are words: Portuguese `É`, Italian `È`, Spanish `Ó`, Nordic `Ö` and `Ø`.
_LETTER_WORDS = frozenset("ÉÈÓÖØ")


def vetoed(line: str, span: Span, context: Context) -> bool:
    """Whether a verified span is left alone: neither flagged nor repaired."""
    damaged = line[span.start : span.end]
    before = line[span.start - 1 : span.start]
    others = context.others(span)
    # An all-caps word ends in a capital and a no-break space (`CAFÉ\u00a0`, `NICIODATĂ\u00a0`):
    # capitals are letters, and the no-break space is a space. `Â\u00a0` is the commonest
    # mojibake of all (U+00A0 read as Windows-1252) and ends hardly any word, so after
    # capitals it is left alone only with nothing else damaged on the line and a capital
    # after it (an all-caps name: `MISUTÂ\u00a0AJIKKO`). (A span may have been trimmed to
    # the capital alone.)
    nbsp = line[span.start + 1 : span.start + 2] == "\u00a0" and span.end <= span.start + 2
    following = line[span.start + 2 : span.start + 3]
    if (
        nbsp
        and damaged[0].isupper()
        and before.isupper()
        and not following.islower()  # `GÃ\u00a0idhlig` is `Gàidhlig`: a word split
        and (damaged[0] != "Â" or (following.isupper() and not others))
    ):
        return True
    # A symbol before a no-break space is what text writes (`2 ×\u00a03`), not a letter
    # read as two (`×\u00a0` is also the bytes of Hebrew `נ`).
    if nbsp and not damaged[0].isalpha() and span.end == span.start + 2:
        return True
    # A combining mark needs something to sit on: a repair that starts with one after a
    # space (`Ö\u00a0` read as Hebrew `֠`) is not text. (After a symbol it may be: `$̶6̶`.)
    # A mark of one script sits on a letter of that script: a Hebrew accent after a digit
    # (`0÷ß` read as `0֧`) is not text either.
    if span.repair and unicodedata.category(span.repair[0]).startswith("M"):
        script = script_of(span.repair[0])
        if not before or before.isspace():
            return True
        if script != "COMBINING" and script_of(before) != script:
            return True
    # A capital standing as a word before a no-break space (`Ø\u00a0`, `É\u00a0possível`)
    # is a word, however often it repeats and whatever damage is beside it. (Not the leads
    # no word is: `Ã\u00a0` is `à`.)
    after = line[span.end : span.end + 1]
    if (
        len(damaged) % 2 == 0
        and all(char.isupper() and char not in NO_WORD_STARTS for char in damaged[0::2])
        and all(char == "\u00a0" for char in damaged[1::2])
        and not before.isalpha()
        # Before a lowercase letter it is mojibake splitting a word (`Å\u00a0koda` is
        # `Škoda`), unless the capital is a word of its own (Portuguese `É`, Italian `È`,
        # Spanish `Ó`, Nordic `Ö` and `Ø`).
        and (not after.islower() or all(char in _LETTER_WORDS for char in damaged[0::2]))
    ):
        return True
    # A span that is part of a run another codec reads whole (`Ç£` in `ΓÇ£`, which is `“`
    # read as code page 437) is the wrong piece of someone else's damage: left alone.
    if span.source != "line" and read_whole_otherwise(context, span):
        return True
    if garbled(line, span, context):
        return True
    if span.repair is None:
        # A letter followed only by C1 controls (`parlé\x85`) is Windows-1252 text read as
        # Latin-1 only if a verified span on the line proves that decode.
        return (
            bool(damaged[1:])
            and all(C1.match(char) for char in damaged[1:])
            and not context.c1_proof
        )
    # A repair that puts a lowercase letter into an all-caps word is wrong: mojibake of a
    # capitalised word spells capitals (`HÃ”TEL` is `HÔTEL`), while shouting, leetspeak
    # and product names mix capitals and symbols (`MÄ£ÄM`, `AHÅ™`, `!YO SÉ¡`).
    if span.source != "line" and lowercase_in_caps(line, span, context):
        return True
    # A letter followed only by what may follow a word, at a word end (`QUEM É¿`, `Ã’s`),
    # is read as damage only with more evidence: ftfy finds the line bad (its badness in
    # context), or the line holds other damage.
    # (ftfy's reading of the whole line in a common codec is that evidence when the span is
    # glued to a word and the repair fits its place: `OÃ™ ET` is `OÙ ET`, `hatikuâ™«` is
    # `hatiku♫`; ftfy leaves `‘José’”` and `CAFÉ™’` alone.)
    whole_line = (
        span.source == "line" and span.chain[0] in COMMON and before.isalpha() and fits(line, span)
    )
    weak = context.weak.get(id(span))
    if weak is None:  # a span changed on its way here (a lost byte made report-only)
        weak = is_weak(line, span)
    if weak and not (whole_line or others):
        return True
    # A rarer codec's repair with no other damage on the line must fit its place: its
    # letters continue a word of their own script (`Sj√∂gren` is `Sjögren`) or make a word
    # of three letters or more (`◊ë◊î◊ï` is `בהו`); punctuation of another codec glued to a
    # letter (`”ß`, `œ™`) is not read as a stray letter of yet another script.
    # (Only damage that fits its place, or is read in a common codec, is that evidence: two
    # stray pairs of a rare codec, `÷à0–ß`, do not vouch for each other.)
    if span.chain[0] not in COMMON and not fits(line, span) and not context.fitting_others(span):
        return True
    # The holes of Windows-1252 read as C1 controls are how browsers decode; a C1 control
    # inside a rarer codec's span (`δ·\x81`) is no evidence of that codec.
    same = context.others(span, span.chain)
    if span.chain[0] not in COMMON and C1.search(damaged) and not same:
        return True
    # A letter before a space read as a lost no-break space needs other damage on the line:
    # alone it may be a capital before a space (`IRMÃ e`, `Å år`). Not a capital right after
    # lowercase letters (`voilÃ le`): a word ends so nowhere, mojibake does.
    glued = damaged[0].isupper() and before.islower()
    if span.how == "a0" and not others and not glued and not self_evident(line, span):
        return True
    # Two bytes that another codec reads as other text (`Ã¥`: Latin-1 `å`, or MacRoman) are
    # repaired only when ftfy finds them bad on their own, or other damage on the line is
    # read the same way.
    return (
        span.source != "line"
        and len(damaged) == 2
        and _ambiguous(damaged, span.repair)
        and not is_bad(damaged)
        and not same
    )


def contradicted(line: str, span: Span, latin: list[Span]) -> bool:
    """A whole-line reading in a rarer codec that a commoner one reads otherwise on some
    span (`Ã©` beside a legitimate `25\u00a0°C` is not MacRoman)."""
    if span.chain[0] in COMMON:
        return False
    damaged = line[span.start : span.end]
    for codec in COMMON:
        redone = _chain_with(damaged, codec)
        if redone is not None and redone != span.repair:
            return True
    return False


def _chain_with(damaged: str, codec: str) -> str | None:
    try:
        return damaged.encode(codec).decode("utf-8")
    except UnicodeError:
        return None


def longer_elsewhere(line: str, span: Span, claimed: bytearray) -> bool:
    """Whether a codec other than the span's reads the span with its neighbour on either
    side (a non-ASCII character that no span of its own claims) as one UTF-8 sequence."""
    if span.repair is None:
        return False
    for start, end in ((span.start - 1, span.end), (span.start, span.end + 1)):
        if start < 0 or end > len(line):
            continue
        at = start if start < span.start else end - 1
        edge = line[at]
        if edge.isascii() or edge.isspace() or claimed[at]:
            continue
        # The reading that agrees with the span: its repair, with the neighbour as it is.
        agreed = edge + span.repair if start < span.start else span.repair + edge
        for codec in CODECS:
            if codec in COMMON:
                continue
            try:
                read = line[start:end].encode(codec).decode("utf-8")
            except UnicodeError:
                continue
            if read != agreed:
                return True
    return False


def self_evident(line: str, span: Span) -> bool:
    """Whether a span read with a lost byte or a restored space holds, beside that, two
    characters or more that decode in full (`ÑƒÑ�Ñ�` is `у��`): its decode is proven."""
    damaged = line[span.start : span.end]
    decoded = [char for char in span.repair or "" if char != "\ufffd" and char not in damaged]
    return len(decoded) >= 2


def _ambiguous(damaged: str, repair: str) -> bool:
    for codec in CODECS:
        try:
            other = damaged.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
        if other != repair and is_text(other):
            return True
    return False
