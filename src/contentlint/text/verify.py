"""Verification: a proposed change cut into the smallest spans a chain of wrong decodes explains.

`Span` is one candidate span of a line. `spans_of` turns a proposer's change (damaged text
and its repair) into spans: the change is cut at the ASCII it keeps and at spaces, and each
piece must verify alone (else the piece as a whole). A piece verifies when a chain of at
most three wrong decodes (`CODECS`) undone, then UTF-8 (or CESU-8, Java's modified UTF-8)
decoded, optionally with a restored no-break space (`a0`) or a lost byte (`lossy`, `�`),
turns it into exactly the repair, redoing the chain gives back the damage, and the repair
is text (`is_text`). `undo_once` lists the ways one wrong decode of a text can be undone.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from contentlint.text.damage import common_affixes
from contentlint.text.ftfy_calls import load_ftfy
from contentlint.text.gate import CODECS

__all__ = ["Span", "is_text", "spans_of", "undo_once"]

# ASCII that no encoding repair changes: everything but the space and `?` (lost bytes).
_ANCHOR = re.compile(r"[\x00-\x19\x1b-\x1f!-\x3e@-\x7f]")


@dataclass(frozen=True, slots=True)
class Span:
    """One candidate span of a line, with the chain that explains its repair."""

    start: int  # in the line
    end: int
    repair: str | None
    chain: tuple[str, ...]  # the wrong decodes undone, outermost first
    how: str  # "plain", "a0" (a restored no-break space) or "lossy" (a lost byte)
    source: str  # "line", "run", "latin" or "c1"


def spans_of(damaged: str, repaired: str, source: str) -> list[Span]:
    """The changes from `damaged` to `repaired`, each cut to spans that verify alone."""
    pieces = _pieces(damaged, repaired)
    spans: list[Span] = []
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
        head, tail = common_affixes(damaged, repaired)
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


def _verify_piece(line: str, start: int, end: int, repair: str, source: str) -> list[Span]:
    """Spans of line[start:end] -> repair that a chain of wrong decodes explains."""
    damaged = line[start:end]
    found = _chain(damaged, repair)
    if found is None:
        return []
    chain, how = found
    if how != "plain":
        return [Span(start, end, repair, chain, how, source)]
    # Cut the piece into the characters that the chain changes (`é` in `Ã©`); neighbours
    # that survive the vetoes are joined again (`mojibake._joined`).
    spans, position = [], start
    for char in repair:
        options = [o for o in _redone(char, chain) if line.startswith(o, position)]
        if not options:
            return [Span(start, end, repair, chain, how, source)]
        spelled = options[0]
        if spelled != char:
            spans.append(Span(position, position + len(spelled), char, chain, how, source))
        position += len(spelled)
    if position != end:
        return [Span(start, end, repair, chain, how, source)]
    # Neighbours make one span (`ä¸­æ–‡`, judged as a whole), except a character before a
    # no-break space, which is judged alone (`×\u00a0`, `Ø\u00a0` may be text beside damage).
    runs: list[Span] = []
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


def _symbol_space(line: str, span: Span) -> bool:
    damaged = line[span.start : span.end]
    return len(damaged) == 2 and damaged[1] == "\u00a0"


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
def undo_once(text: str) -> tuple[tuple[str, str, str], ...]:
    """(codec, how, repaired) for each way one wrong decode of `text` can be undone."""
    ftfy = load_ftfy()
    fixes = ftfy.fixes
    found = []
    for codec in CODECS:
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
    if not damaged or damaged.isascii() or not is_text(repair):
        return None
    states: list[tuple[str, tuple[str, ...], str]] = [(damaged, (), "plain")]
    for _ in range(3):
        following = []
        for text, chain, how in states:
            for codec, step_how, result in undo_once(text):
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


def is_text(repaired: str) -> bool:
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
