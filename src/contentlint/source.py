"""Read a file's bytes and decode them, keeping everything needed to map offsets to positions.

Only regular files are read (a FIFO would block the run, a device such as ``/dev/zero``
never ends), and no more than the size limit: a larger file is not decoded at all.

A file that is not valid UTF-8 is still decoded so the other rules can run: UTF-16 and
UTF-32 (with a byte-order mark, or recognised by their zero bytes) as what they are, other
bytes with U+FFFD for what does not decode. ``lossy`` marks it so that ``fix`` never writes
it back; ``encoding`` says what it is, for the ``encoding`` rule.
"""

from __future__ import annotations

import bisect
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

MAX_SIZE = 10 * 1024 * 1024  # the default limit: real pages are a few KB
_READ = 1 << 20

_BOMS = (  # longest first: UTF-32 LE's mark begins with UTF-16 LE's
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def utf8_name(path: str) -> bool:
    """Whether a file name is valid UTF-8 (Python escapes the bytes of another encoding as
    lone surrogates, which cannot be printed plainly nor stored in SQLite's text)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class LineMap:
    """Character offsets to 1-based lines and columns: the one place positions come from.

    It maps the whole text, or the stretch ``start``..``end`` of it whose first line is the
    file's ``first_line`` (the frontmatter maps only its own lines). Lines break at "\n"
    only: YAML also breaks at U+0085, U+2028 and U+2029, the file's lines do not."""

    __slots__ = ("first_line", "starts")

    def __init__(self, text: str, start: int = 0, end: int | None = None, first_line: int = 1):
        end = len(text) if end is None else end
        starts = [start]
        find = text.find
        newline = find("\n", start, end)
        while newline != -1:
            starts.append(newline + 1)
            newline = find("\n", newline + 1, end)
        self.starts = starts
        self.first_line = first_line

    def position(self, offset: int) -> tuple[int, int]:
        """The (line, column) of a character offset, both counted from 1."""
        starts = self.starts
        index = bisect.bisect_right(starts, offset) - 1
        return self.first_line + index, offset - starts[index] + 1


class NotRegularFile(OSError):
    """A path that names a FIFO, a device, a socket or a folder, not a file."""


@dataclass(slots=True)
class Source:
    path: Path  # absolute path on disk
    display: str  # path as shown to the user
    raw: bytes
    text: str
    decode_error: tuple[int, str] | None = None  # (byte offset, reason) of the first bad byte
    encoding: str | None = None  # what a file that is not UTF-8 is: "utf-16-le", "binary"...
    too_large: int | None = None  # the size of a file over the limit (then nothing is read)
    size: int | None = None  # the file's size and modification time as it was opened
    mtime_ns: int | None = None  # (None for a text that was not read from disk)
    _lines: LineMap | None = field(default=None, repr=False)

    @property
    def lossy(self) -> bool:
        return (
            self.decode_error is not None or self.encoding is not None or self.too_large is not None
        )

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        if self._lines is None:
            self._lines = LineMap(self.text)
        return self._lines.position(offset)


def _wide(raw: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte-order mark, told by where its zero bytes fall: text
    in the Latin script has a zero byte beside nearly every letter."""
    sample = raw[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    quads = len(sample) // 4
    zeros = [sum(1 for i in range(k, quads * 4, 4) if sample[i] == 0) for k in range(4)]
    if quads and min(zeros[1], zeros[2], zeros[3]) >= 0.9 * quads and zeros[0] < quads:
        return "utf-32-le"
    if quads and min(zeros[0], zeros[1], zeros[2]) >= 0.9 * quads and zeros[3] < quads:
        return "utf-32-be"
    pairs = len(sample) // 2
    odd = sum(1 for i in range(1, pairs * 2, 2) if sample[i] == 0)
    even = sum(1 for i in range(0, pairs * 2, 2) if sample[i] == 0)
    if odd >= 0.6 * pairs and even <= 0.1 * pairs:
        return "utf-16-le"
    if even >= 0.6 * pairs and odd <= 0.1 * pairs:
        return "utf-16-be"
    return None


def decode(raw: bytes) -> tuple[str, tuple[int, str] | None, str | None]:
    """The text, the first UTF-8 error, and what the file is when it is not UTF-8."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(name, errors="replace"), None, name + " with BOM"
    wide = _wide(raw)
    if wide is not None:
        return raw.decode(wide, errors="replace"), None, wide
    try:
        text, error = raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        text, error = raw.decode("utf-8", errors="replace"), (exc.start, exc.reason)
    if b"\x00" in raw:  # no text format holds NUL bytes (and a UTF-8 decode makes none)
        return text, error, "binary"
    return text, error, None


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def read_bytes(path: Path | str, limit: int | None = MAX_SIZE) -> tuple[bytes, int | None]:
    """A regular file's bytes, or ``(b"", size)`` when it is larger than ``limit``. Raises
    OSError when it cannot be read, :class:`NotRegularFile` when it is not a file. The file
    is opened without blocking (a FIFO would wait for a writer) and read in bounded chunks
    (a file can grow while it is read)."""
    raw, too_large, _ = _read(path, limit)
    return raw, too_large


def _read(path: Path | str, limit: int | None) -> tuple[bytes, int | None, os.stat_result]:
    """:func:`read_bytes`, and the file's status as it was opened (before it was read)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(0, f"it is {_kind(info.st_mode)}, not a file")
        if limit is not None and info.st_size > limit:
            return b"", info.st_size, info
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, _READ)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if limit is not None and total > limit:
                return b"", total, info
        return b"".join(chunks), None, info
    finally:
        os.close(fd)


def read_source(path: Path, display: str, limit: int | None = MAX_SIZE) -> Source:
    """Read and decode one file. Raises OSError when the file cannot be read."""
    raw, too_large, info = _read(path, limit)
    if too_large is not None:
        source = Source(path=path, display=display, raw=b"", text="", too_large=too_large)
    else:
        text, error, encoding = decode(raw)
        source = Source(
            path=path, display=display, raw=raw, text=text, decode_error=error, encoding=encoding
        )
    source.size, source.mtime_ns = info.st_size, info.st_mtime_ns
    return source
