"""The text of a finding's line, as the file holds it on disk now.

Reporters that show the line (``full``) and fingerprints (which hash it, so that a finding
keeps its identity when lines above it move) ask for one line of one file at a time. Each
file is read once, through :func:`~contentlint.source.read_source` (regular files only,
bounded, UTF-16/32 decoded as what they are), and its lines are kept for the next few
questions: findings come sorted by path, so a handful of files is enough, and memory stays
bounded on a corpus of any size. A file that cannot be read, or a line it does not have,
gives None: showing a line is a courtesy, never a reason for a run to fail.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from pathlib import Path

from contentlint.source import MAX_SIZE, read_source

KEEP = 4  # files whose lines are kept


class FileLines:
    """``lines.line(path, number)``: line ``number`` (1-based) of the file at ``path`` (as a
    finding gives it: relative to the current folder, or absolute), without its line end;
    None when the file cannot be read or has no such line."""

    def __init__(self, keep: int = KEEP, limit: int | None = MAX_SIZE) -> None:
        self._keep = max(1, keep)
        self._limit = limit
        self._files: OrderedDict[str, list[str] | None] = OrderedDict()

    def line(self, path: str, number: int) -> str | None:
        lines = self.lines(path)
        if lines is None or not 1 <= number <= len(lines):
            return None
        text = lines[number - 1]
        return text[:-1] if text.endswith("\r") else text

    def lines(self, path: str) -> list[str] | None:
        """Every line of the file (split at "\\n", as positions count them), or None."""
        try:
            key = os.path.abspath(path)
        except (ValueError, OSError):  # a NUL in the name, a vanished current folder
            return None
        if key in self._files:
            self._files.move_to_end(key)
            return self._files[key]
        lines = self._read(key)
        self._files[key] = lines
        while len(self._files) > self._keep:
            self._files.popitem(last=False)
        return lines

    def _read(self, path: str) -> list[str] | None:
        try:
            source = read_source(Path(path), path, self._limit)
        except (OSError, ValueError):
            return None
        if source.too_large is not None:
            return None
        return source.text.split("\n")
