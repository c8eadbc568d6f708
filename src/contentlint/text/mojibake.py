"""Find mojibake in a file's text and propose a safe repair for each damaged span.

Mojibake is UTF-8 text that was once decoded with a single-byte codec: `’` (E2 80 99) read
as Windows-1252 is `â€™`, `é` (C3 A9) is `Ã©`, `ö` read as MacRoman is `√∂`, `Č` read as
code page 437 is `─î`. The engine works line by line and span by span:

1. A cheap gate: a line is examined only when it holds a UTF-8 lead byte followed by a
   continuation byte, both spelled in one codec ftfy undoes (`GATE`), or a lead followed by
   the space, `?` or `�` that replaced a lost byte. Pure-ASCII and ordinary non-ASCII text
   pass at the cost of one regex search.
2. Proposals. Three proposers suggest repairs: ftfy's encoding fix of the whole line
   (`fix_encoding` with `fix_c1_controls` off: a whole-line re-decode, `restore_byte_a0`,
   `replace_lossy_sequences`, `decode_inconsistent_utf8`; never quote uncurling, width
   folding, NFC or HTML unescaping), ftfy's encoding fix of each run of non-ASCII text on
   its own (damage beside legitimate text of another script), and the Latin-1/Windows-1252
   span engine of `mojibake_latin` (damage ftfy's badness misses, `siÄ™`, `Ð’`).
3. Verification. Each proposed change is cut into the smallest spans that verify alone: a
   chain of at most three wrong decodes (`_CODECS`: ftfy's codecs) undone, UTF-8 (or
   CESU-8/Java's modified UTF-8) decoded, optionally with a restored no-break space or a
   lost byte (`�`), must turn the damaged text into exactly the repair, and the repair must
   be text: no control, private-use, surrogate or unassigned characters. A span that no
   chain explains is neither flagged nor changed.
4. Vetoes, each a general statement about text (see `_vetoed`): a whole-line reading in a
   rarer codec that a commoner one contradicts on some span; an all-caps word ending in a
   capital and a no-break space; a repair that puts a lowercase letter into an all-caps
   word; a letter followed only by what may follow a word, at a word end, without other
   evidence; a lost no-break space without other damage on the line; a two-byte span that
   another codec reads as other text, when ftfy does not find it bad alone; a repair that
   leaves its run of text a garble; a piece of a run another codec reads whole; a rarer
   codec's repair that does not fit its place (a lone symbol, a stray letter of another
   script), without other damage on the line; a capital standing as a word before a
   no-break space; a combining mark after a space. C1 controls become Windows-1252
   characters only when a verified span on the same line proves a Latin-1 decode.

Damage that is found but has no verified repair (bytes lost, `Itâ€ s`) is reported with
``repair=None``. ftfy is imported only when a line passes the gate.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from contentlint.text.damage import Damage

__all__ = ["GATE", "Damage", "repair_text", "scan"]

# The wrong decodes ftfy undoes, commonest first (the order of preference when two read a
# span differently). The sloppy codecs decode the bytes Windows leaves undefined as the
# same-numbered C1 characters, as browsers do, and encode `�` as byte 1A (a lost byte).
_CODECS = (
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
_COMMON = frozenset(("sloppy-windows-1252", "latin-1"))


def _bytes_as(codec: str, lo: int, hi: int) -> str:
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
    for codec in _CODECS:
        lead, cont = _bytes_as(codec, 0xC2, 0xF4), _bytes_as(codec, 0x80, 0xBF)
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
            alternatives.append(f"[{re.escape(_bytes_as(codec, 0xC2, 0xC3))}][ ?]")
            alternatives.append(f"[{re.escape(_bytes_as(codec, 0xE0, 0xF4))}]\\?")
    # Two classes side by side find the few places worth a look fast; the alternatives, each
    # two fixed characters, then confirm that one codec spells both (linear either way).
    union = f"[{re.escape(''.join(sorted(leads)))}][{re.escape(''.join(sorted(conts)))}]"
    return re.compile(union), re.compile(f"(?:{'|'.join(alternatives)})")


_GATE_PREFILTER, _GATE_PAIR = _gate_pattern()


def _gate_search(text: str) -> re.Match[str] | None:
    for match in _GATE_PREFILTER.finditer(text):
        found = _GATE_PAIR.match(text, match.start())
        if found is not None:
            return found
    return None


class _Gate:
    """``GATE.search(text)``: a match where a line may hold mojibake (see the docstring)."""

    search = staticmethod(_gate_search)


#: A line without a match holds no mojibake any proposer could find.
GATE = _Gate()

# A run of non-ASCII text, with the space or `?` that may stand for a lost byte inside or at
# its end (possessive: no backtracking point behind each character).
_RUN = re.compile(r"[^\x00-\x7f](?:[^\x00-\x7f]|[ ?](?=[^\x00-\x7f]))*+[?]?")
# ASCII that no encoding repair changes: everything but the space and `?` (lost bytes).
_ANCHOR = re.compile(r"[\x00-\x19\x1b-\x1f!-\x3e@-\x7f]")
_C1 = re.compile("[\x80-\x9f]")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f\s]++")
# Leads of the commonest mojibake (Latin-1 symbols and letters, Greek, Cyrillic): no word
# begins with one of them followed by a mark (`Ð’` is `В`, `Ñ–` is `і`).
_NO_WORD_STARTS = frozenset("ÂÃÎÏÐÑ")
_WORD = 48  # characters: longer than any word a page holds
# Capitals that are words: Portuguese `É`, Italian `È`, Spanish `Ó`, Nordic `Ö` and `Ø`.
_LETTER_WORDS = frozenset("ÉÈÓÖØ")

# What follows a word directly, so a letter followed only by these at a word end may be a
# real word (`CAFÉ”`, `QUEM É¿`, `SÉ¡`, `Ã’s` in a text about mojibake): closing and opening
# quotes, dashes, an ellipsis, signs, degrees, superscripts and ordinals, inverted marks.
_WORD_FOLLOWERS = frozenset("’”“‘»«›‹…–—‐•\u00a0\u00ad™®©°´¹²³ⁿªº¿¡!?")


@dataclass(frozen=True, slots=True)
class _Span:
    start: int  # in the line
    end: int
    repair: str | None
    chain: tuple[str, ...]  # the wrong decodes undone, outermost first
    how: str  # "plain", "a0" (a restored no-break space) or "lossy" (a lost byte)
    source: str  # "line", "run" or "latin"


def scan(text: str) -> list[Damage]:
    """Every mojibake span in `text`, sorted by start and non-overlapping."""
    if text.isascii():
        return []
    found: list[Damage] = []
    start = 0
    for line in text.split("\n"):
        if len(line) > LONG_LINE and not line.isascii():
            # ftfy's proposals cost too much on a line this long (a hostile one, most often):
            # the span engine alone judges it, in linear time, as the engine before did.
            from contentlint.text import mojibake_latin

            for d in mojibake_latin.scan(line):
                found.append(Damage(start + d.start, start + d.end, d.damaged, d.repair))
        elif not line.isascii() and GATE.search(line):
            for span in _scan_line(line):
                damaged = line[span.start : span.end]
                found.append(Damage(start + span.start, start + span.end, damaged, span.repair))
        start += len(line) + 1
    return found


#: Lines longer than this (characters) are judged by the Latin-1/1252 span engine alone.
LONG_LINE = 20_000


def repair_text(text: str) -> str:
    """`text` with every damaged span that has a safe repair replaced by that repair."""
    parts: list[str] = []
    position = 0
    for damage in scan(text):
        if damage.repair is not None:
            parts += [text[position : damage.start], damage.repair]
            position = damage.end
    parts.append(text[position:])
    return "".join(parts)


# -- proposals -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _ftfy() -> Any:
    import ftfy
    import ftfy.bad_codecs

    ftfy.bad_codecs.ok()
    return ftfy


def _fix(text: str) -> str:
    """ftfy's encoding repairs only (no C1 step: see `_c1_spans`)."""
    ftfy = _ftfy()
    return ftfy.fix_encoding(text, ftfy.TextFixerConfig(fix_c1_controls=False))


def _fix_explained(text: str) -> tuple[str, list[tuple[str, str]]]:
    ftfy = _ftfy()
    result = ftfy.fix_encoding_and_explain(text, ftfy.TextFixerConfig(fix_c1_controls=False))
    return result.text, list(result.explanation or [])


def _longer_elsewhere(line: str, span: _Span, claimed: bytearray) -> bool:
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
        for codec in _CODECS:
            if codec in _COMMON:
                continue
            try:
                read = line[start:end].encode(codec).decode("utf-8")
            except UnicodeError:
                continue
            if read != agreed:
                return True
    return False


def _is_bad(text: str) -> bool:
    _ftfy()
    from ftfy.badness import is_bad

    return bool(is_bad(text))


def _scan_line(line: str) -> list[_Span]:
    from contentlint.text import mojibake_latin

    latin = [
        _Span(d.start, d.end, d.repair, ("sloppy-windows-1252",), "plain", "latin")
        for d in mojibake_latin.scan(line)
    ]
    # The span engine verifies its own repairs (redoing the damage gives the damaged text).
    # A repair that another codec reads as part of a longer sequence, with the character
    # beside it (`‚Ä¶` is MacRoman for `…`, not `‚` and Latin-1 `Ķ`), is not sure: reported.
    claimed = bytearray(len(line) + 1)
    for span in latin:
        claimed[span.start : span.end] = b"\x01" * (span.end - span.start)
    latin = [
        dataclasses.replace(span, repair=None) if _longer_elsewhere(line, span, claimed) else span
        for span in latin
    ]
    latin_ok = [span for span in latin if span.repair is not None]

    whole, plan = _fix_explained(line)
    # A whole-line re-decode is ftfy's reading of the line; `decode_inconsistent_utf8` only
    # repairs fragments, which are judged like the runs' proposals.
    source = "run" if any(step[0] == "apply" for step in plan) else "line"
    spans = _spans_of(line, whole, source) if whole != line else []
    if any(_contradicted(line, span, latin_ok) for span in spans):
        spans = []  # a rarer codec's reading that a commoner one contradicts: not the line's

    candidates = spans + latin_ok
    covered = bytearray(len(line) + 1)
    for span in candidates:
        covered[span.start : span.end] = b"\x01" * (span.end - span.start)
    for match in _RUN.finditer(line):
        if any(covered[match.start() : match.end()]):
            continue
        run = match.group()
        fixed = _fix(run)
        if fixed != run:
            for span in _spans_of(run, fixed, "run"):
                candidates.append(
                    _Span(
                        span.start + match.start(),
                        span.end + match.start(),
                        span.repair,
                        span.chain,
                        span.how,
                        "run",
                    )
                )
    # Report-only damage (bytes lost, `Itâ€ s`) from the span engine comes last.
    candidates += [span for span in latin if span.repair is None]

    context = _Context(line, candidates)
    chosen: list[_Span] = []
    taken = bytearray(len(line) + 1)
    for span in candidates:
        if any(taken[span.start : span.end]):
            continue
        if span.how == "lossy" and not _self_evident(line, span) and not context.others(span):
            # A sequence that lost a byte (`â€�`) is read as one lost character only when
            # other damage on the line proves the decode; alone it is only reported, and
            # in a rarer codec not even that (`α�–` is Greek beside a dash).
            if span.chain[0] not in _COMMON:
                continue
            span = dataclasses.replace(span, repair=None)
        if not _vetoed(line, span, context):
            chosen.append(span)
            taken[span.start : span.end] = b"\x01" * (span.end - span.start)
    chosen = [_shallowest(line, span) for span in chosen]
    chosen += _c1_spans(line, chosen, taken)
    chosen.sort(key=lambda span: span.start)
    return [_trimmed(line, span) for span in _joined(chosen)]


def _shallowest(line: str, span: _Span) -> _Span:
    """A repair through two wrong decodes or more, undone only as deep as the damage is
    proven: when undoing fewer gives text this engine leaves alone in its place, that is
    the repair (`Ã˜Â\u00a0` is `Ø\u00a0`, a word and a space, not Arabic `ؠ` read twice)."""
    if span.repair is None or span.how != "plain" or len(span.chain) < 2:
        return span
    text = line[span.start : span.end]
    head = line[max(0, span.start - _WORD) : span.start]
    tail = line[span.end : span.end + _WORD]
    for depth in range(1, len(span.chain)):
        try:
            text = text.encode(span.chain[depth - 1]).decode("utf-8")
        except UnicodeError:
            return span
        if not _is_text(text):
            return span
        lo, hi = len(head), len(head) + len(text)
        if not any(d.start < hi and lo < d.end for d in scan(head + text + tail)):
            return dataclasses.replace(span, repair=text, chain=span.chain[depth:])
    return span


class _Context:
    """A line's candidates, indexed so that each veto's questions cost little: long hostile
    lines hold tens of thousands of candidates, and no question may look at them all."""

    def __init__(self, line: str, candidates: list[_Span]) -> None:
        self.line = line
        self.candidates = candidates
        self.weak = {id(s): _weak(line, s) for s in candidates}
        self.strong = [
            s
            for s in candidates
            if s.repair is not None and s.how == "plain" and not self.weak[id(s)]
        ]
        self.by_chain: dict[tuple[str, ...], list[_Span]] = {}
        for s in self.strong:
            self.by_chain.setdefault(s.chain, []).append(s)
        self.ordered = sorted((s for s in candidates if s.repair is not None), key=_start)
        self.starts = [s.start for s in self.ordered]
        self.garbled: dict[tuple[int, int], bool] = {}
        self.read_otherwise: dict[tuple[int, int], bool] = {}
        self.covered = bytearray(len(line) + 1)
        for s in self.ordered:
            self.covered[s.start : s.end] = b"\x01" * (s.end - s.start)
        # A verified span whose damage holds C1 controls proves a Latin-1 decode.
        self.runs = [match.span() for match in _NON_ASCII_RUN.finditer(line)]
        self.run_starts = [lo for lo, _ in self.runs]
        self.c1_proof = any(_C1.search(line[s.start : s.end]) for s in self.ordered)

    def others(self, span: _Span, chain: tuple[str, ...] | None = None) -> bool:
        """Whether other evidence-grade damage (verified, plain, not weak) is on the line,
        apart from `span` (with `chain`, read by that chain). Few candidates overlap one
        span, so the search stops after a few."""
        pool = self.strong if chain is None else self.by_chain.get(chain, [])
        return any(not (s.start < span.end and span.start < s.end) for s in pool)

    def in_run(self, lo: int, hi: int) -> list[_Span]:
        first = bisect.bisect_left(self.starts, lo)
        last = bisect.bisect_left(self.starts, hi)
        return [s for s in self.ordered[first:last] if s.end <= hi]


def _start(span: _Span) -> int:
    return span.start


def _joined(spans: list[_Span]) -> list[_Span]:
    """Adjacent repaired spans of one proposal and chain as one span (`☢☢`)."""
    joined: list[_Span] = []
    for span in spans:
        last = joined[-1] if joined else None
        if (
            last is not None
            and last.end == span.start
            and last.repair is not None
            and span.repair is not None
            and (last.source, last.chain, last.how) == (span.source, span.chain, span.how)
        ):
            joined[-1] = dataclasses.replace(last, end=span.end, repair=last.repair + span.repair)
        else:
            joined.append(span)
    return joined


def _spans_of(damaged: str, repaired: str, source: str) -> list[_Span]:
    """The changes from `damaged` to `repaired`, each cut to spans that verify alone."""
    pieces = _pieces(damaged, repaired)
    spans: list[_Span] = []
    for start, end, repair in pieces:
        parts = [
            _verify_piece(damaged, *part, source)
            for part in _split(start, damaged[start:end], repair)
        ]
        if all(parts):
            spans += [span for part in parts for span in part]
        else:  # a part that does not verify alone: the piece as a whole may
            spans += _verify_piece(damaged, start, end, repair, source) or [
                span for part in parts for span in part
            ]
    return spans


def _pieces(damaged: str, repaired: str) -> list[tuple[int, int, str]]:
    """(start, end, repair) for each stretch between the ASCII the repair keeps, that it
    changes; one stretch if the kept ASCII differs (then nothing is trusted to align)."""
    first, second = _ANCHOR.split(damaged), _ANCHOR.split(repaired)
    if _ANCHOR.findall(damaged) != _ANCHOR.findall(repaired) or len(first) != len(second):
        head, tail = _common_affixes(damaged, repaired)
        return [(head, len(damaged) - tail, repaired[head : len(repaired) - tail])]
    pieces, position = [], 0
    for old, new in zip(first, second, strict=True):
        if old != new:
            pieces.append((position, position + len(old), new))
        position += len(old) + 1
    return pieces


def _split(start: int, old: str, new: str) -> list[tuple[int, int, str]]:
    """A stretch cut at its spaces when both sides have as many (`Ã© Ã¨` -> `é è`)."""
    olds, news = old.split(" "), new.split(" ")
    if len(olds) != len(news) or len(olds) == 1:
        return [(start, start + len(old), new)]
    parts, position = [], start
    for part, repair in zip(olds, news, strict=True):
        if part != repair:
            parts.append((position, position + len(part), repair))
        position += len(part) + 1
    return parts


def _verify_piece(line: str, start: int, end: int, repair: str, source: str) -> list[_Span]:
    """Spans of line[start:end] -> repair that a chain of wrong decodes explains."""
    damaged = line[start:end]
    found = _chain(damaged, repair)
    if found is None:
        return []
    chain, how = found
    if how != "plain":
        return [_Span(start, end, repair, chain, how, source)]
    # Cut the piece into the characters that the chain changes (`é` in `Ã©`); neighbours
    # that survive the vetoes are joined again (`_joined`).
    spans, position = [], start
    for char in repair:
        options = [o for o in _redone(char, chain) if line.startswith(o, position)]
        if not options:
            return [_Span(start, end, repair, chain, how, source)]
        spelled = options[0]
        if spelled != char:
            spans.append(_Span(position, position + len(spelled), char, chain, how, source))
        position += len(spelled)
    if position != end:
        return [_Span(start, end, repair, chain, how, source)]
    # Neighbours make one span (`ä¸­æ–‡`, judged as a whole), except a character before a
    # no-break space, which is judged alone (`×\u00a0`, `Ø\u00a0` may be text beside damage).
    runs: list[_Span] = []
    for span in spans:
        last = runs[-1] if runs else None
        if (
            last is not None
            and last.end == span.start
            and not (_symbol_space(line, last) or _symbol_space(line, span))
        ):
            runs[-1] = dataclasses.replace(last, end=span.end, repair=last.repair + span.repair)
        else:
            runs.append(span)
    return runs


def _symbol_space(line: str, span: _Span) -> bool:
    damaged = line[span.start : span.end]
    return len(damaged) == 2 and damaged[1] == "\u00a0"


# -- verification ----------------------------------------------------------------------------


def _redo(text: str, chain: tuple[str, ...], cesu: bool = False) -> str | None:
    """`text` damaged again by `chain` (innermost decode last), or None if it cannot be;
    with `cesu`, the first encoding is CESU-8 (astral characters as surrogate pairs)."""
    try:
        for index, codec in enumerate(reversed(chain)):
            if cesu and index == 0:
                pairs = text.encode("utf-16-le", "surrogatepass")
                halves = "".join(
                    chr(int.from_bytes(pairs[i : i + 2], "little")) for i in range(0, len(pairs), 2)
                )
                data = halves.encode("utf-8", "surrogatepass")
            else:
                data = text.encode("utf-8")
            text = data.decode(codec)
    except UnicodeError:
        return None
    return text


@lru_cache(maxsize=4096)  # called per character of a piece; characters recur
def _redone(text: str, chain: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(r for r in (_redo(text, chain), _redo(text, chain, cesu=True)) if r is not None)


@lru_cache(maxsize=4096)
def _undo_once(text: str) -> tuple[tuple[str, str, str], ...]:
    """(codec, how, repaired) for each way one wrong decode of `text` can be undone."""
    ftfy = _ftfy()
    fixes = ftfy.fixes
    found = []
    for codec in _CODECS:
        try:
            raw = text.encode(codec)
        except UnicodeError:
            continue
        variants = [("plain", raw)]
        if codec != "macroman":
            restored = fixes.restore_byte_a0(raw)
            if restored != raw:
                variants.append(("a0", restored))
        if codec.startswith("sloppy"):
            for how, data in list(variants):
                lossy = fixes.replace_lossy_sequences(data)
                if lossy != data:
                    variants.append(("lossy" if how == "plain" else "a0", lossy))
        for how, data in variants:
            for decoder in ("utf-8", "utf-8-variants"):
                try:
                    found.append((codec, how, data.decode(decoder)))
                    break
                except UnicodeDecodeError:
                    continue
    return tuple(found)


@lru_cache(maxsize=4096)  # the same damage recurs on a page (`â€™`, `Ã©`)
def _chain(damaged: str, repair: str) -> tuple[tuple[str, ...], str] | None:
    """The shortest chain (at most three wrong decodes) that turns `damaged` into exactly
    `repair`, with how it was undone, or None. The repair must be text."""
    if not damaged or damaged.isascii() or not _is_text(repair):
        return None
    states: list[tuple[str, tuple[str, ...], str]] = [(damaged, (), "plain")]
    for _ in range(3):
        following = []
        for text, chain, how in states:
            for codec, step_how, result in _undo_once(text):
                if result == text:
                    continue
                new_how = how if step_how == "plain" else step_how
                new_chain = (*chain, codec)
                # A restored no-break space may have been a word's space too (`Ã le`): the
                # piece, cut from its line, does not show whether a space follows.
                if result == repair or (
                    new_how == "a0" and result.rstrip(" ") == repair.rstrip(" ")
                ):
                    if new_how == "plain" and damaged not in _redone(repair, new_chain):
                        continue
                    return new_chain, new_how
                if len(result) < len(text) and not result.isascii():
                    following.append((result, new_chain, new_how))
        states = following[:16]
        if not states:
            break
    return None


def _is_text(repaired: str) -> bool:
    """No control, private-use or unassigned characters (but the emoji blocks, U+1F000 to
    U+1FFFF, keep gaining characters newer than this Python's tables);
    U+FFFD stands for a byte lost before the repair (`replace_lossy_sequences`)."""
    for char in repaired:
        category = unicodedata.category(char)
        if category in ("Cc", "Co", "Cs") or (
            category == "Cn" and not "\U0001f000" <= char <= "\U0001ffff"
        ):
            return False
    return True


# -- vetoes ----------------------------------------------------------------------------------


def _contradicted(line: str, span: _Span, latin: list[_Span]) -> bool:
    """A whole-line reading in a rarer codec that a commoner one reads otherwise on some
    span (`Ã©` beside a legitimate `25\u00a0°C` is not MacRoman)."""
    if span.chain[0] in _COMMON:
        return False
    damaged = line[span.start : span.end]
    for codec in _COMMON:
        redone = _chain_with(damaged, codec)
        if redone is not None and redone != span.repair:
            return True
    return False


def _chain_with(damaged: str, codec: str) -> str | None:
    try:
        return damaged.encode(codec).decode("utf-8")
    except UnicodeError:
        return None


def _vetoed(line: str, span: _Span, context: _Context) -> bool:
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
    if (
        span.repair
        and unicodedata.category(span.repair[0]).startswith("M")
        and (not before or before.isspace())
    ):
        return True
    # A capital standing as a word before a no-break space (`Ø\u00a0`, `É\u00a0possível`)
    # is a word, however often it repeats and whatever damage is beside it. (Not the leads
    # no word is: `Ã\u00a0` is `à`.)
    after = line[span.end : span.end + 1]
    if (
        len(damaged) % 2 == 0
        and all(char.isupper() and char not in _NO_WORD_STARTS for char in damaged[0::2])
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
    if span.source != "line" and _read_whole_otherwise(context, span):
        return True
    if _garbled(line, span, context):
        return True
    if span.repair is None:
        # A letter followed only by C1 controls (`parlé\x85`) is Windows-1252 text read as
        # Latin-1 only if a verified span on the line proves that decode.
        return (
            bool(damaged[1:])
            and all(_C1.match(char) for char in damaged[1:])
            and not context.c1_proof
        )
    # A repair that puts a lowercase letter into an all-caps word is wrong: mojibake of a
    # capitalised word spells capitals (`HÃ”TEL` is `HÔTEL`), while shouting, leetspeak
    # and product names mix capitals and symbols (`MÄ£ÄM`, `AHÅ™`, `!YO SÉ¡`).
    if span.source != "line" and _lowercase_in_caps(line, span, context):
        return True
    # A letter followed only by what may follow a word, at a word end (`QUEM É¿`, `Ã’s`),
    # is read as damage only with more evidence: ftfy finds the line bad (its badness in
    # context), or the line holds other damage.
    # (ftfy's reading of the whole line in a common codec is that evidence when the span is
    # glued to a word and the repair fits its place: `OÃ™ ET` is `OÙ ET`, `hatikuâ™«` is
    # `hatiku♫`; ftfy leaves `‘José’”` and `CAFÉ™’` alone.)
    whole_line = (
        span.source == "line"
        and span.chain[0] in _COMMON
        and before.isalpha()
        and _fits(line, span)
    )
    weak = context.weak.get(id(span))
    if weak is None:  # a span changed on its way here (a lost byte made report-only)
        weak = _weak(line, span)
    if weak and not (whole_line or others):
        return True
    # A rarer codec's repair with no other damage on the line must fit its place: its
    # letters continue a word of their own script (`Sj√∂gren` is `Sjögren`) or make a word
    # of three letters or more (`◊ë◊î◊ï` is `בהו`); punctuation of another codec glued to a
    # letter (`”ß`, `œ™`) is not read as a stray letter of yet another script.
    if span.chain[0] not in _COMMON and not others and not _fits(line, span):
        return True
    # The holes of Windows-1252 read as C1 controls are how browsers decode; a C1 control
    # inside a rarer codec's span (`δ·\x81`) is no evidence of that codec.
    same = context.others(span, span.chain)
    if span.chain[0] not in _COMMON and _C1.search(damaged) and not same:
        return True
    # A letter before a space read as a lost no-break space needs other damage on the line:
    # alone it may be a capital before a space (`IRMÃ e`, `Å år`). Not a capital right after
    # lowercase letters (`voilÃ le`): a word ends so nowhere, mojibake does.
    glued = damaged[0].isupper() and before.islower()
    if span.how == "a0" and not others and not glued and not _self_evident(line, span):
        return True
    # Two bytes that another codec reads as other text (`Ã¥`: Latin-1 `å`, or MacRoman) are
    # repaired only when ftfy finds them bad on their own, or other damage on the line is
    # read the same way.
    return (
        span.source != "line"
        and len(damaged) == 2
        and _ambiguous(damaged, span.repair)
        and not _is_bad(damaged)
        and not same
    )


def _garbled(line: str, span: _Span, context: _Context) -> bool:
    """A span that leaves its run of text looking damaged is a piece of a garble
    (`ã†â€™ãƒâ€`: the text was case-folded after it was damaged): repairing the piece makes
    the run no more readable, and no repair of the rest can be verified, so it is left alone."""
    run = _run_around(context, span.start, span.end)
    if run is None:
        return False
    lo, hi = run
    if (span.start - lo) + (hi - span.end) < 2:
        return False
    if run not in context.garbled:
        patched = _patched_run(context, lo, hi)
        context.garbled[run] = _is_bad(patched) and _fix(patched) == patched
    return context.garbled[run]


def _patched_run(context: _Context, lo: int, hi: int) -> str:
    """The run with every repair proposed in it, so that a verdict on the run does not
    change once some of them are applied (judged once per run)."""
    line = context.line
    parts, position = [], lo
    for other in context.in_run(lo, hi):
        if other.start >= position:
            parts += [line[position : other.start], other.repair or ""]
            position = other.end
    return "".join(parts) + line[position:hi]


def _read_whole_otherwise(context: _Context, span: _Span) -> bool:
    run = _run_around(context, span.start, span.end)
    if run is None:
        return False
    if run not in context.read_otherwise:  # judged once per run
        lo, hi = run
        ours = _patched_run(context, lo, hi)
        context.read_otherwise[run] = any(
            how == "plain" and codec not in _COMMON and result != ours
            for codec, how, result in _undo_once(context.line[lo:hi])
        )
    return context.read_otherwise[run]


def _script(char: str) -> str:
    return unicodedata.name(char, "?").split(" ")[0]


def _fits(line: str, span: _Span) -> bool:
    """Whether a repair fits its place: its letters continue a word of their own script or
    make a word of three letters or more; a sign or punctuation mark alone fits when it
    undoes three characters or more."""
    letters = [char for char in span.repair or "" if char.isalpha()]
    if not letters:
        # Two characters spell a two-byte sequence by chance (`¬´` is MacRoman for `«`, and
        # is also a sign beside an accent); three in a row that spell one character
        # (`вЂ“` is Windows-1251 for `–`, `‚Ä¶` MacRoman for `…`) hardly ever do.
        return span.end - span.start >= 3
    scripts = {_script(char) for char in letters}
    if len(scripts) != 1:
        return False
    if len(letters) >= 3:
        return True
    beside = line[span.start - 1 : span.start] + line[span.end : span.end + 1]
    return any(char.isalpha() and _script(char) in scripts for char in beside)


def _self_evident(line: str, span: _Span) -> bool:
    """Whether a span read with a lost byte or a restored space holds, beside that, two
    characters or more that decode in full (`ÑƒÑ�Ñ�` is `у��`): its decode is proven."""
    damaged = line[span.start : span.end]
    decoded = [char for char in span.repair or "" if char != "\ufffd" and char not in damaged]
    return len(decoded) >= 2


def _weak(line: str, span: _Span) -> bool:
    """A letter followed only by what can follow a word, at a word end (`É¿`, `Ã’s`)."""
    damaged = line[span.start : span.end]
    if len(damaged) < 2:
        return False
    if not damaged[0].isalpha():
        return all(char in _WORD_FOLLOWERS for char in damaged[1:])
    if damaged[0].isupper() and line[span.start - 1 : span.start].islower():
        return False  # a capital right after a lowercase letter ends no word (`siÄ™`)
    if not all(char in _WORD_FOLLOWERS for char in damaged[1:]):
        return False
    rest = line[span.end : span.end + 2]
    # An English clitic after an apostrophe (`’s`) ends the word too: `Ã’s` is a plural.
    clitic = damaged[-1] == "’" and rest[:1] == "s" and not rest[1:].isalpha()
    if (
        not clitic
        and damaged[0] in _NO_WORD_STARTS
        and not line[span.start - 1 : span.start].isalpha()
    ):
        return False  # no word starts so, but mojibake does: `Ð’` is `В`, `Ñ–` is `і`
    return not rest[:1].isalpha() or clitic


def _lowercase_in_caps(line: str, span: _Span, context: _Context) -> bool:
    """Whether the repair puts a lowercase letter into a word of capitals: the word's other
    letters are all capitals (`SÉ¡`), or the span is a word of its own between words of
    capitals (`QUEM É¿`)."""
    repair = span.repair or ""
    # (A letter without a capital of its own, `ß`, is written in capitals as it is.)
    lower = [char for char in repair if char.islower() and len(char.upper()) == 1]
    if not lower or not line[span.start].isupper():
        return False
    # The word: letters, and whatever other proposals cover (their repairs are its letters).
    covered = context.covered
    # (Bounded: no word is longer than `_WORD`, and a hostile line of thousands of spans
    # must not make each of them read the whole line.)
    lo, hi = span.start, span.end
    while lo > max(0, span.start - _WORD) and (line[lo - 1].isalpha() or covered[lo - 1]):
        lo -= 1
    while hi < min(len(line), span.end + _WORD) and (line[hi].isalpha() or covered[hi]):
        hi += 1
    letters = "".join(
        line[i] for i in (*range(lo, span.start), *range(span.end, hi)) if not covered[i]
    )
    letters += "".join(
        other.repair or ""
        for other in context.in_run(lo, hi)
        if other is not span and not (other.start < span.end and span.start < other.end)
    )
    letters = "".join(char for char in letters if char.isalpha())
    if letters:
        return all(char.isupper() for char in letters)
    if sum(char.isalpha() for char in repair) > 1:
        return False  # a word of its own (`Î•Î»Î»Î·Î½Î¹ÎºÎ¬` after `SÃO`)
    if line[span.start] in _NO_WORD_STARTS:
        return False  # no word is that letter: `CAFÉ Ã\u00a0` is `CAFÉ à`
    words_after = line[hi:].split()
    return _caps_word(line[:lo].split()[-1:]) and (not words_after or _caps_word(words_after[:1]))


def _caps_word(words: list[str]) -> bool:
    letters = [char for word in words for char in word if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


def _ambiguous(damaged: str, repair: str) -> bool:
    for codec in _CODECS:
        try:
            other = damaged.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
        if other != repair and _is_text(other):
            return True
    return False


def _run_around(context: _Context, start: int, end: int) -> tuple[int, int] | None:
    """The run of non-ASCII, non-space text around a span, if it is more than the span."""
    index = bisect.bisect_right(context.run_starts, start) - 1
    if index < 0:
        return None
    lo, hi = context.runs[index]
    if not (lo <= start and end <= hi) or (lo, hi) == (start, end):
        return None
    return lo, hi


def _c1_spans(line: str, chosen: list[_Span], taken: bytearray) -> list[_Span]:
    """C1 controls left on a line where a verified span proves a Latin-1 decode (its damage
    holds C1 characters) are Windows-1252 characters read as Latin-1 (`\\x85` is `…`)."""
    proof = any(
        span.repair is not None and _C1.search(line[span.start : span.end]) for span in chosen
    )
    if not proof:
        return []
    spans = []
    for match in _C1.finditer(line):
        if taken[match.start()]:
            continue
        try:
            char = match.group().encode("latin-1").decode("cp1252")
        except UnicodeDecodeError:
            continue  # a hole in Windows-1252: no character to read
        spans.append(_Span(match.start(), match.end(), char, ("latin-1",), "plain", "c1"))
    return spans


def _trimmed(line: str, span: _Span) -> _Span:
    """The span cut to the characters that change (`Â°` -> `°` only deletes the `Â`)."""
    if span.repair is None:
        return span
    damaged = line[span.start : span.end]
    head, tail = _common_affixes(damaged, span.repair)
    return _Span(
        span.start + head,
        span.end - tail,
        span.repair[head : len(span.repair) - tail],
        span.chain,
        span.how,
        span.source,
    )


def _common_affixes(damaged: str, repaired: str) -> tuple[int, int]:
    """The span engine's (imported with it, past the gate: it brings ftfy)."""
    from contentlint.text.mojibake_latin import _common_affixes as affixes

    return affixes(damaged, repaired)


def _attacks() -> tuple[tuple[str, str, str], ...]:
    """Inputs that would make a backtracking scan slow: long runs of (near) mojibake."""
    from contentlint.text.mojibake_latin import _ATTACKS as LATIN

    return (
        *LATIN,
        ("", "√∂", ""),
        ("", "─î", ""),
        ("", "Ã?", ""),
        ("", "Ð ", ""),
    )


#: The patterns this module applies to page text, with inputs that would make a backtracking
#: version slow (see ``contentlint.formats.acr_patterns.CONTENT_PATTERNS``).
CONTENT_PATTERNS = (
    ("mojibake-gate", GATE.search, _attacks()),
    ("mojibake-run", _RUN.findall, _attacks()),
    ("mojibake-scan", scan, _attacks()),
)
