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
   chain of at most three wrong decodes (`gate.CODECS`: ftfy's codecs) undone, UTF-8 (or
   CESU-8/Java's modified UTF-8) decoded, optionally with a restored no-break space or a
   lost byte (`�`), must turn the damaged text into exactly the repair, and the repair must
   be text: no control, private-use, surrogate or unassigned characters. A span that no
   chain explains is neither flagged nor changed.
4. Vetoes, each a general statement about text (see `vetoes.vetoed`): a whole-line reading
   in a rarer codec that a commoner one contradicts on some span; an all-caps word ending in
   a capital and a no-break space; a repair that puts a lowercase letter into an all-caps
   word; a letter followed only by what may follow a word, at a word end, without other
   evidence; a lost no-break space without other damage on the line; a two-byte span that
   another codec reads as other text, when ftfy does not find it bad alone; a repair that
   leaves its run of text a garble; a piece of a run another codec reads whole; a rarer
   codec's repair that does not fit its place (a lone symbol, a stray letter of another
   script), without other damage on the line; a capital standing as a word before a no-break
   space; a combining mark after a space. C1 controls become Windows-1252 characters only
   when a verified span on the same line proves a Latin-1 decode.

Damage that is found but has no verified repair (bytes lost, `Itâ€ s`) is reported with
``repair=None``. Importing this module brings ftfy; the rule imports it only for a page
that passes the gate (``gate.py``, which brings neither).

This module is the public entry (`scan`, `repair_text`, `GATE`, `Damage`) and the line
loop: for each line that passes the gate, it gathers the proposals, verifies them, applies
the vetoes and joins what survives. The rest of the engine, one module per step:

- `gate`: the codecs undone (`CODECS`, `COMMON`) and the gate (`GATE`);
- `ftfy_calls`: ftfy, imported on first use (its fixes and its badness);
- `mojibake_latin`: the Latin-1/Windows-1252 span proposer;
- `verify`: candidate spans (`Span`) and their verification by a chain of wrong decodes;
- `context`: a line's candidates indexed for the vetoes, and the questions they answer;
- `vetoes`: the vetoes;
- `damage`: the `Damage` both engines report.
"""

from __future__ import annotations

import dataclasses
import re

from contentlint.text.context import C1, WORD, Context
from contentlint.text.damage import Damage, common_affixes
from contentlint.text.ftfy_calls import fix, fix_explained
from contentlint.text.gate import COMMON, GATE
from contentlint.text.verify import Span, is_text, spans_of
from contentlint.text.vetoes import contradicted, longer_elsewhere, self_evident, vetoed

__all__ = ["GATE", "Damage", "repair_text", "scan"]

# A run of non-ASCII text, with the space or `?` that may stand for a lost byte inside or at
# its end (possessive: no backtracking point behind each character).
_RUN = re.compile(r"[^\x00-\x7f](?:[^\x00-\x7f]|[ ?](?=[^\x00-\x7f]))*+[?]?")


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


def _scan_line(line: str) -> list[Span]:
    """The damaged spans of one line that passed the gate: proposed, verified, not
    vetoed, joined and trimmed."""
    from contentlint.text import mojibake_latin

    latin = [
        Span(d.start, d.end, d.repair, ("sloppy-windows-1252",), "plain", "latin")
        for d in mojibake_latin.scan(line)
    ]
    # The span engine verifies its own repairs (redoing the damage gives the damaged text).
    # A repair that another codec reads as part of a longer sequence, with the character
    # beside it (`‚Ä¶` is MacRoman for `…`, not `‚` and Latin-1 `Ķ`), is not sure: reported.
    claimed = bytearray(len(line) + 1)
    for span in latin:
        claimed[span.start : span.end] = b"\x01" * (span.end - span.start)
    latin = [
        dataclasses.replace(span, repair=None) if longer_elsewhere(line, span, claimed) else span
        for span in latin
    ]
    latin_ok = [span for span in latin if span.repair is not None]

    whole, plan = fix_explained(line)
    # A whole-line re-decode is ftfy's reading of the line; `decode_inconsistent_utf8` only
    # repairs fragments, which are judged like the runs' proposals.
    source = "run" if any(step[0] == "apply" for step in plan) else "line"
    spans = spans_of(line, whole, source) if whole != line else []
    if any(contradicted(line, span, latin_ok) for span in spans):
        spans = []  # a rarer codec's reading that a commoner one contradicts: not the line's

    candidates = spans + latin_ok
    covered = bytearray(len(line) + 1)
    for span in candidates:
        covered[span.start : span.end] = b"\x01" * (span.end - span.start)
    for match in _RUN.finditer(line):
        if any(covered[match.start() : match.end()]):
            continue
        run = match.group()
        fixed = fix(run)
        if fixed != run:
            for span in spans_of(run, fixed, "run"):
                candidates.append(
                    Span(
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

    context = Context(line, candidates)
    chosen, taken, left = _choose(line, candidates, context)
    # Damage that is itself left alone is no evidence for other damage (`÷ß0–ß` holds two
    # MacRoman-looking pairs, each alone too weak to flag): choose again without the
    # evidence of what was left alone, until nothing more is.
    for _ in range(3):
        if not context.restrict(left):
            break
        chosen, taken, more = _choose(line, candidates, context)
        left |= more
    chosen = [_shallowest(line, span) for span in chosen]
    chosen += _c1_spans(line, chosen, taken)
    chosen.sort(key=lambda span: span.start)
    return [_trimmed(line, span) for span in _joined(chosen)]


def _choose(
    line: str, candidates: list[Span], context: Context
) -> tuple[list[Span], bytearray, set[tuple[int, int]]]:
    """The candidates flagged, first come first served, the characters they cover, and
    where the candidates that were left alone (vetoed, not overlapped) are."""
    chosen: list[Span] = []
    left: set[tuple[int, int]] = set()
    taken = bytearray(len(line) + 1)
    for span in candidates:
        if any(taken[span.start : span.end]):
            continue
        if span.how == "lossy" and not self_evident(line, span) and not context.others(span):
            # A sequence that lost a byte (`â€�`) is read as one lost character only when
            # other damage on the line proves the decode; alone it is only reported, and
            # in a rarer codec not even that (`α�–` is Greek beside a dash).
            if span.chain[0] not in COMMON:
                left.add((span.start, span.end))
                continue
            span = dataclasses.replace(span, repair=None)
        if vetoed(line, span, context):
            left.add((span.start, span.end))
        else:
            chosen.append(span)
            taken[span.start : span.end] = b"\x01" * (span.end - span.start)
    return chosen, taken, left


def _shallowest(line: str, span: Span) -> Span:
    """A repair through two wrong decodes or more, undone only as deep as the damage is
    proven: when undoing fewer gives text this engine leaves alone in its place, that is
    the repair (`Ã˜Â\u00a0` is `Ø\u00a0`, a word and a space, not Arabic `ؠ` read twice)."""
    if span.repair is None or span.how != "plain" or len(span.chain) < 2:
        return span
    text = line[span.start : span.end]
    head = line[max(0, span.start - WORD) : span.start]
    tail = line[span.end : span.end + WORD]
    for depth in range(1, len(span.chain)):
        try:
            text = text.encode(span.chain[depth - 1]).decode("utf-8")
        except UnicodeError:
            return span
        if not is_text(text):
            return span
        lo, hi = len(head), len(head) + len(text)
        if not any(d.start < hi and lo < d.end for d in scan(head + text + tail)):
            return dataclasses.replace(span, repair=text, chain=span.chain[depth:])
    return span


def _joined(spans: list[Span]) -> list[Span]:
    """Adjacent repaired spans of one proposal and chain as one span (`☢☢`)."""
    joined: list[Span] = []
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


def _c1_spans(line: str, chosen: list[Span], taken: bytearray) -> list[Span]:
    """C1 controls left on a line where a verified span proves a Latin-1 decode (its damage
    holds C1 characters) are Windows-1252 characters read as Latin-1 (`\\x85` is `…`)."""
    proof = any(
        span.repair is not None and C1.search(line[span.start : span.end]) for span in chosen
    )
    if not proof:
        return []
    spans = []
    for match in C1.finditer(line):
        if taken[match.start()]:
            continue
        try:
            char = match.group().encode("latin-1").decode("cp1252")
        except UnicodeDecodeError:
            continue  # a hole in Windows-1252: no character to read
        spans.append(Span(match.start(), match.end(), char, ("latin-1",), "plain", "c1"))
    return spans


def _trimmed(line: str, span: Span) -> Span:
    """The span cut to the characters that change (`Â°` -> `°` only deletes the `Â`)."""
    if span.repair is None:
        return span
    damaged = line[span.start : span.end]
    head, tail = common_affixes(damaged, span.repair)
    return Span(
        span.start + head,
        span.end - tail,
        span.repair[head : len(span.repair) - tail],
        span.chain,
        span.how,
        span.source,
    )


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
#: version slow (see ``contentlint.formats.acr.patterns.CONTENT_PATTERNS``).
CONTENT_PATTERNS = (
    ("mojibake-gate", GATE.search, _attacks()),
    ("mojibake-run", _RUN.findall, _attacks()),
    ("mojibake-scan", scan, _attacks()),
)
