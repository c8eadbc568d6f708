"""Encoding rules: mojibake (text damaged by a wrong decode) and bytes that are not clean UTF-8."""

from __future__ import annotations

import bisect
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

#: The patterns this module applies to page text, with inputs that would make a backtracking
#: version slow (see ``contentlint.formats.acr_patterns.CONTENT_PATTERNS``).
CONTENT_PATTERNS = (
    ("mojibake-lead", _LEAD.search, (("", "Ã", ""), ("", "é", ""), ("a", "Ã ", ""))),
    ("control-character", _CONTROL.findall, (("", "\x85", ""), ("", "a\ufffd", ""))),
)


@rule(
    code="EN002",
    name="encoding",
    summary="Not UTF-8 (UTF-16, binary, bad bytes), lone CR line ends, U+FFFD, a BOM or controls.",
    explanation="""
Pages must be UTF-8 without a byte-order mark, with LF (or CRLF) line ends. A file saved as
UTF-16 or UTF-32 (with a byte-order mark, or recognised by its zero bytes), a binary file
(NUL bytes) named like a page, a byte sequence that is not UTF-8 (a file saved as
Windows-1252, say), and line ends that are a lone CR (classic Mac OS: the file reads as one
line) are reported at their position, for every file that is checked, with or without
frontmatter; `fix` never rewrites such a file. U+FFFD (the replacement character) marks text
already lost in an earlier conversion, and C0/C1 control characters (other than tab and line
breaks) are invisible damage. A BOM is removed by `fix`.
""",
    bad="""
caf\\xe9 (a Latin-1 byte), \\ufeff at the start, \\x85 in the text, a UTF-16 file
""",
    good="""
café
""",
    fixable=True,
    unclaimed=True,
)
def encoding(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    source = doc.source
    if source.too_large is not None:
        return  # not read: file-too-large says so
    if source.encoding is not None:
        what = source.encoding.replace("utf-", "UTF-").replace("-le", " LE").replace("-be", " BE")
        if source.encoding == "binary":
            offset = source.text.find("\x00")
            line, column = source.position(max(offset, 0))
            message = "the file holds binary data (a NUL byte): it is not a text page"
        else:
            line, column = 1, 1
            message = f"the file is {what}, not UTF-8; re-save it as UTF-8"
        yield Hit(line, column, message)
        return
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
    lone = _lone_cr(text)
    if lone is not None:
        line, column = source.position(lone)
        if "\n" not in text:
            message = (
                "the line ends are lone CR (classic Mac OS), so the file reads as one line;"
                " re-save it with LF line ends"
            )
        else:
            message = "a lone CR (carriage return without a line feed): use LF line ends"
        yield Hit(line, column, message)
    if doc.format is None and doc.frontmatter is None and not doc.unclosed:
        return  # a file no format claims is checked only for what it is, not its text
    if text.startswith("\ufeff"):
        yield Hit(1, 1, "the file starts with a byte-order mark", (Edit(0, 1, ""),))
    if not _CONTROL.search(text):
        return
    damaged = damage(doc)  # sorted and apart: the one that may hold an offset is found by bisection
    starts = [found.start for found in damaged]
    for match in _CONTROL.finditer(text):
        offset = match.start()
        index = bisect.bisect_right(starts, offset) - 1
        if index >= 0 and offset < damaged[index].end:
            continue  # part of a mojibake span: the mojibake finding covers it
        line, column = source.position(offset)
        char = match.group()
        what = "U+FFFD replacement character" if char == "\ufffd" else "control character"
        yield Hit(line, column, f"{what} U+{ord(char):04X} in the text")


def _lone_cr(text: str) -> int | None:
    """The offset of the first CR not followed by LF (None when there is none)."""
    index = text.find("\r")
    while index != -1:
        if text[index + 1 : index + 2] != "\n":
            return index
        index = text.find("\r", index + 2)
    return None


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


@rule(
    code="EN004",
    name="file-too-large",
    summary="A file larger than `max-file-size` (default 10 MiB): not read, so not checked.",
    explanation="""
Real pages are a few kilobytes. A file far larger than any page is most likely not a page
(an export, a data dump) or an attempt to make the check slow, so it is not read, parsed or
checked, and this finding says so. Raise `max-file-size` (in bytes, in the configuration) if
the site really has pages that large.
""",
    bad="""
$ ls -l content/page.md   # 52428800 bytes
""",
    good="""
$ ls -l content/page.md   # 4096 bytes
""",
    unclaimed=True,
)
def file_too_large(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    size = doc.source.too_large
    if size is not None:
        limit = doc.extra.get("max_file_size")
        over = f" (the limit is {limit:,} bytes)" if isinstance(limit, int) else ""
        yield Hit(1, 1, f"the file is {size:,} bytes{over}: not read; see max-file-size")
