"""Encoding rules: mojibake (text damaged by a wrong decode) and bytes that are not clean UTF-8."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from contentlint.formats import Document
from contentlint.model import Edit
from contentlint.rules.registry import Hit, rule

if TYPE_CHECKING:
    from contentlint.text.mojibake import Damage


def _single_byte(lo: int, hi: int) -> str:
    """What bytes lo..hi decode to in Latin-1 or Windows-1252 (whose holes read as Latin-1)."""
    chars = {chr(byte) for byte in range(lo, hi + 1)}
    for byte in range(lo, hi + 1):
        with contextlib.suppress(UnicodeDecodeError):
            chars.add(bytes([byte]).decode("cp1252"))
    return "".join(sorted(chars))


# Every span the scanner reports starts with a UTF-8 lead byte read as one of those codecs
# (a letter `Â`-`ô`), followed by a continuation byte read the same way, by U+FFFD, or (for
# `Â`, `Ã`) by a space. A text without such a pair has no damage: ftfy need not be imported.
# (Written with one leading character class, the regex engine skips ahead to candidates:
# three times faster than the same alternatives side by side.)
_LEAD = re.compile(f"[\u00c2-\u00f4](?:[{re.escape(_single_byte(0x80, 0xBF))}\ufffd]|(?<=[ÂÃ]) )")


def damage(doc: Document) -> list[Damage]:
    """The mojibake spans of a document, scanned once (ftfy is imported only when needed)."""
    cached = doc.extra.get("mojibake")
    if cached is None:
        text = doc.source.text
        if text.isascii() or not _LEAD.search(text):
            cached = []
        else:
            from contentlint.text.mojibake import scan

            cached = scan(text)
        doc.extra["mojibake"] = cached
    return cached


@rule(
    code="EN001",
    name="mojibake",
    summary="Text damaged by a wrong decode (`Hereâ€™s`, `â‰¥`, `Ã©`); fixable when safe.",
    explanation="""
Mojibake is UTF-8 text that was once decoded as Windows-1252 or Latin-1: `’` becomes `â€™`,
`≥` becomes `â‰¥`, `é` becomes `Ã©`. The finding points at the damaged characters. The fix
(ftfy, restricted to encoding repair) replaces only the damaged span, and only when encoding
the repair back the way it was damaged gives the damaged text exactly; curly quotes, dashes,
symbols and accented letters around it are never touched. Damage with no safe repair is
reported but not fixed.
""",
    bad="""
answer: Hereâ€™s how they contribute
""",
    good="""
answer: Here’s how they contribute
""",
    fixable=True,
)
def mojibake_rule(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    for found in damage(doc):
        line, column = doc.source.position(found.start)
        if found.repair is None:
            yield Hit(line, column, f"suspected mojibake {found.damaged!r} with no safe repair")
        else:
            yield Hit(
                line,
                column,
                f"mojibake {found.damaged!r} should read {found.repair!r}",
                (Edit(found.start, found.end, found.repair),),
            )


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")


@rule(
    code="EN002",
    name="encoding",
    summary="Not valid UTF-8, or holds U+FFFD, a byte-order mark or control characters.",
    explanation="""
Pages must be UTF-8 without a byte-order mark. A byte sequence that is not UTF-8 (a file
saved as Windows-1252, say) is reported at its position and the file is never rewritten by
`fix`. U+FFFD (the replacement character) marks text already lost in an earlier conversion,
and C0/C1 control characters (other than tab and line breaks) are invisible damage. A BOM is
removed by `fix`.
""",
    bad="""
caf\\xe9 (a Latin-1 byte), \\ufeff at the start, \\x85 in the text
""",
    good="""
café
""",
    fixable=True,
)
def encoding(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    source = doc.source
    if source.decode_error is not None:
        offset, reason = source.decode_error
        line = source.raw.count(b"\n", 0, offset) + 1
        line_start = source.raw.rfind(b"\n", 0, offset) + 1
        column = len(source.raw[line_start:offset].decode("utf-8", "replace")) + 1
        byte = source.raw[offset : offset + 1].hex()
        yield Hit(
            line,
            column,
            f"the file is not valid UTF-8 (byte 0x{byte}: {reason}); re-save it as UTF-8",
        )
        return  # the replacement characters below are artefacts of that decode
    text = source.text
    if text.startswith("\ufeff"):
        yield Hit(1, 1, "the file starts with a byte-order mark", (Edit(0, 1, ""),))
    if not _CONTROL.search(text):
        return
    damaged = [(d.start, d.end) for d in damage(doc)]
    for match in _CONTROL.finditer(text):
        offset = match.start()
        if any(start <= offset < end for start, end in damaged):
            continue  # part of a mojibake span: the mojibake finding covers it
        line, column = source.position(offset)
        char = match.group()
        what = "U+FFFD replacement character" if char == "\ufffd" else "control character"
        yield Hit(line, column, f"{what} U+{ord(char):04X} in the text")


@rule(
    code="EN003",
    name="io-error",
    summary="A file that cannot be read (permissions, a broken link, a folder named like a page).",
    explanation="""
The file was found or named but could not be read; the other files are still checked.
""",
    bad="""
$ chmod 000 page.md
""",
    good="""
$ chmod 644 page.md
""",
    unclaimed=True,
)
def io_error(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    """Reported by the engine when reading fails; a document that was read has none."""
    return iter(())
