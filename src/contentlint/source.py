"""Read a file's bytes and decode them, keeping everything needed to map offsets to positions.

A file that is not valid UTF-8 is still decoded (undecodable bytes become U+FFFD) so the
other rules can run; ``lossy`` marks it so that ``fix`` never writes it back.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(slots=True)
class Source:
    path: Path  # absolute path on disk
    display: str  # path as shown to the user
    raw: bytes
    text: str
    decode_error: tuple[int, str] | None = None  # (byte offset, reason) of the first bad byte
    _line_starts: list[int] | None = field(default=None, repr=False)

    @property
    def lossy(self) -> bool:
        return self.decode_error is not None

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._line_starts = starts
        return self._line_starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        starts = self.line_starts
        index = bisect.bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def offset(self, line: int, column: int) -> int:
        """Character offset of a 1-based (line, column)."""
        return self.line_starts[line - 1] + column - 1


def decode(raw: bytes) -> tuple[str, tuple[int, str] | None]:
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return raw.decode("utf-8", errors="replace"), (exc.start, exc.reason)


def read_source(path: Path, display: str) -> Source:
    """Read and decode one file. Raises OSError when the file cannot be read."""
    raw = path.read_bytes()
    text, error = decode(raw)
    return Source(path=path, display=display, raw=raw, text=text, decode_error=error)
