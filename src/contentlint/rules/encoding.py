"""Encoding rules: mojibake (text damaged by a wrong decode) and bytes that are not clean UTF-8."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from contentlint.formats import Document
from contentlint.model import Edit
from contentlint.rules.registry import Hit, Unread, rule

if TYPE_CHECKING:
    from contentlint.text.mojibake import Damage


def _gate(text: str, raw: bytes | None = None) -> bool:
    """Whether `text` may hold mojibake: a UTF-8 lead byte followed by a continuation byte
    (or what replaced a lost one) spelled in one codec the engine undoes. Without such a
    pair there is nothing to scan, and ftfy need not be imported (the engine's module
    imports it only when a line passes this gate). ``raw``, when given, is the UTF-8 that
    decodes to `text` exactly, and is searched instead (faster)."""
    if text.isascii():
        return False
    from contentlint.text.gate import GATE, gate_bytes  # the gate alone: it brings no ftfy

    if raw is not None:
        return gate_bytes(raw)
    return GATE.search(text) is not None


def __getattr__(name: str) -> Any:
    if name == "_LEAD":  # the gate's pattern, under the name the tests know
        from contentlint.text.gate import GATE

        return GATE
    raise AttributeError(name)


def damage(doc: Document) -> list[Damage]:
    """The mojibake spans of a document, scanned once (ftfy is imported only when needed)."""
    cached = doc.extra.get("mojibake")
    if cached is None:
        source = doc.source
        text = source.text
        clean = source.encoding is None and source.decode_error is None  # raw decodes to text
        if not _gate(text, source.raw if clean else None):
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
Mojibake is UTF-8 text that was once decoded with a single-byte codec: `’` read as
Windows-1252 becomes `â€™`, `≥` becomes `â‰¥`, `é` becomes `Ã©`; read as MacRoman, `ö`
becomes `√∂`; as code page 437, `Č` becomes `─î`. The finding points at the damaged
characters only.

Repaired (by `fix`): UTF-8 read as Latin-1, Windows-1252, -1250, -1251, -1253, -1254,
-1257, ISO-8859-2, MacRoman or code page 437, up to three times over (`ÃƒÂ©`), including
CESU-8 and Java's modified UTF-8 (emoji as surrogate pairs); a no-break space turned into a
space (`Ã ` -> `à`) when other damage on the line proves the decode, or when the lead is a
capital right after lowercase letters (`voilÃ le`: no word ends so); a sequence that lost a
byte (`â€�`) read as one `�` when other damage proves it. A repair through two decodes or
more is undone only as deep as the damage is proven (`Ã˜Â\\u00a0` is `Ø\\u00a0`, not `ؠ`).
ftfy proposes the repairs (its encoding fixes only: no quote uncurling, width folding,
normalisation or HTML unescaping); each span is accepted only when undoing the wrong
decodes gives exactly the repair and redoing them gives exactly the damaged text, and the
repair holds no control, private-use or unassigned character. Curly quotes, dashes,
symbols and accented letters around the span are never touched; nothing outside the
damaged span changes.

Only reported (no safe repair): sequences that lost bytes with nothing else on the line
to prove the decode (`Itâ€ s`, `endâ€�`, `SlovenÄ�ina`: the lost byte cannot be known).

Left alone, because text writes them too: an all-caps word ending in a capital and a
no-break space (`MISUTÂ\\u00a0AJIKKO`), or a capital before a space after capitals or on its
own (`IRMÃ e`); a repair that would put a lowercase letter into an all-caps word (`MÄ£ÄM`,
`!YO SÉ¡`, `QUEM É¿`); a letter followed only by what may follow a word, at a word end
(`Ã’s`), unless ftfy's reading of the whole line finds it bad (`hatikuâ™«` is `hatiku♫`,
while `‘José’”` is left alone) or other damage on the line shows the decode; a whole-line
reading in a rarer codec that Latin-1 or Windows-1252 contradicts on some span; two
characters another codec also reads as text (`DrÃ¥ber`: Latin-1 or MacRoman) unless ftfy
finds them bad alone; a piece of a garble whose run stays unreadable; C1 controls
(`\\x85`), repaired as Windows-1252 characters only when a verified span on the same line
proves a Latin-1 decode (`\\x84Handwerk …\\x93` beside a correct `ü` is only Windows-1252
quotes read as Latin-1 if something proves it, so it is left). A rarer codec (not Latin-1
or Windows-1252) is trusted, with nothing else on the line, only for letters that continue
a word of their own script (`Sj√∂gren`) or make a word of three letters, and for a sign or
punctuation mark that undoes three characters or more (`вЂ“` is `–`, `‚Ä¶` is `…`, `Г‚ВЈ`
is `£`); two characters that spell a sign (`¬´` is MacRoman for `«`) are text as often.
Damage that ftfy's badness does not see and the Latin-1/Windows-1252 span engine does not
find (a lone `ΓÇö`, code page 437's `—`; `pi√π`, which reads as mathematics) is not found.
""",
    bad="""
answer: Hereâ€™s how they contribute
""",
    good="""
answer: Here’s how they contribute
""",
    fixable=True,
    why="""
Readers see `Hereâ€™s` or `â‰¥ 2 cm` on the page instead of `Here’s` and `≥ 2 cm`. On a
medical page a garbled `≥`, `µg` or `°C` can hide what a threshold or a dose says, and the
damage is just as visible in the frontmatter's titles and descriptions, which search
engines show in their results.
""",
    fix_safety="""
`fix` replaces the damaged characters of each span that has a verified repair (the
finding says `should read ...`) with exactly that repair, and nothing around them; a
suspected span with no safe repair (`suspected mojibake ... with no safe repair`) is only
reported. Damage in the frontmatter is fixed only if the file then reads back with that
text changed inside the same string values and nothing else: damage in a key, or a repair
that would change how YAML reads the value, makes `fix` leave the whole file as it was
(`not fixed: ...`). A file that is not valid UTF-8, or that would no longer parse as it
did, is never written; files are written atomically, and not if they changed on disk
while `fix` ran.
""",
    limits="""
Damage is judged from the text alone: a page that shows mojibake on purpose (an example
of a garbled word) is reported too, and only ignoring the rule or excluding the file
silences it. On a line longer than 20,000 characters only the Latin-1/Windows-1252 span
engine runs, so damage in the rarer codecs there is not found.
""",
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
#: version slow (see ``contentlint.formats.acr.patterns.CONTENT_PATTERNS``).
CONTENT_PATTERNS = (
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
    why="""
The site reads pages as UTF-8: a page saved as Windows-1252 or UTF-16 shows garbled
letters or replacement boxes, and a binary file is not a page at all. A byte-order mark
before the opening `---` can keep tools that expect `---` as the first bytes from seeing
the frontmatter, and a file with lone-CR line ends reads as a single line in diffs and
editors. U+FFFD and control characters are invisible or shown as boxes to readers, and
the character that was there is already lost.
""",
    fix_safety="""
The only fix is removing a UTF-8 byte-order mark at the very start of the file: that one
character is deleted and nothing else changes; the frontmatter must then read back
exactly as before and parse as it did, or the file is left as it was. Files that are not
UTF-8 (UTF-16, UTF-32, binary, bad bytes) are never rewritten, since they cannot be
written back without loss; lone CRs, U+FFFD and control characters are only reported,
for a person to fix (a character replaced by U+FFFD cannot be recovered). The file is
written atomically, and not if it changed on disk while `fix` ran.
""",
    limits="""
Only the first byte that is not UTF-8, and the first lone CR, of a file is reported. A
file without frontmatter that no format claims is checked only for what it is (UTF-8 or
not, lone CRs), not for a BOM or control characters; a file over `max-file-size` is not
checked at all.
""",
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
    if not _may_hold_control(source.raw) or not _CONTROL.search(text):
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


_C0 = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_NOT_C0 = bytes(sorted(set(range(256)) - set(_C0)))


def _may_hold_control(raw: bytes) -> bool:
    """Whether the UTF-8 bytes of a text that decoded cleanly may spell a character of
    ``_CONTROL``: a C0 control byte, U+0080-U+009F (``C2 80``-``C2 9F``) or U+FFFD
    (``EF BF BD``). Bytes are looked at a few times faster than the decoded text is
    searched, and nearly every page has none of them."""
    if raw.translate(None, _NOT_C0) or b"\xef\xbf\xbd" in raw:
        return True
    at = raw.find(b"\xc2")
    while at != -1 and at + 1 < len(raw):
        if 0x80 <= raw[at + 1] <= 0x9F:
            return True
        at = raw.find(b"\xc2", at + 1)
    return False


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
    scope="read",
    why="""
A file that cannot be read is not checked at all, so whatever is wrong in it goes
unseen; it is also missing from the index, so other pages' links to it are reported as
unresolved. In a checkout it usually means a broken symbolic link, a permissions mistake,
a folder named like a page or a file name that is not valid UTF-8 (also reported here).
""",
    limits="""
Reported only for files that were asked about: when only some files are checked (the
staged ones, in pre-commit), an unreadable file elsewhere in the corpus is not reported,
though it is still missing from the index.
""",
)
def io_error(unread: Unread, options: dict[str, Any]) -> Iterator[Hit]:
    """Run for each file that could not be read, whatever the selection says."""
    yield Hit(1, 1, unread.reason)


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
    why="""
A file that size in the content folder is usually an export or a data dump committed by
mistake, and reading it would slow every check in pre-commit and CI (or stall it, if the
file was made for that). Since it is not read, no other rule checks it and it has no
index entry, so this finding is the only sign that it went unchecked, and links to it
are reported as unresolved.
""",
    limits="""
The size is the only test: a real page over the limit is reported and left unchecked
until `max-file-size` is raised.
""",
)
def file_too_large(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    size = doc.source.too_large
    if size is not None:
        limit = doc.extra.get("max_file_size")
        over = f" (the limit is {limit:,} bytes)" if isinstance(limit, int) else ""
        yield Hit(1, 1, f"the file is {size:,} bytes{over}: not read; see max-file-size")
