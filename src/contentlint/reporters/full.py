"""Each finding as the one-line form of ``text``, then the line it is on, with its number
and a caret under the column (as ruff's ``full`` output shows), then the summary.

The line is shown as the file holds it on disk now. Its unsafe characters are spelled as
escapes (so a file cannot forge output here either), tabs are expanded, and the caret is
placed by display width (a wide character takes two columns, a combining mark none), so it
stands under the right character. A very long line is shown as a window around the column.
A finding whose line cannot be read is shown as its one line.
"""

from __future__ import annotations

import unicodedata
from typing import TextIO

from contentlint.excerpt import FileLines
from contentlint.model import Finding
from contentlint.reporters.escape import UNSAFE, printable
from contentlint.reporters.text import BOLD, CYAN, RED, RESET, YELLOW, format_finding, summary

TAB = 4
BEFORE, WIDTH = 60, 120  # display columns shown before the caret, and in all, on long lines
ELLIPSIS = "…"


def _width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def pieces(line: str) -> list[tuple[str, int]]:
    """Each character of the line as it is shown, and how many columns that takes."""
    shown: list[tuple[str, int]] = []
    column = 0
    for char in line:
        if char == "\t":
            piece = " " * (TAB - column % TAB)
            shown.append((piece, len(piece)))
        elif UNSAFE.match(char) or unicodedata.category(char) == "Cf":
            # unsafe, or invisible (a BOM, a zero-width space): the finding may be about it
            piece = printable(char) if UNSAFE.match(char) else f"\\u{ord(char):04x}"
            shown.append((piece, len(piece)))
        else:
            shown.append((char, _width(char)))
        column += shown[-1][1]
    return shown


def render(line: str, column: int) -> tuple[str, int]:
    """The line as shown, and the display offset of the caret (under character ``column``,
    1-based; past the end, just after the last character)."""
    at = min(max(column, 1) - 1, len(line))
    # Only the stretch around the column is looked at: a line can be megabytes long.
    low, high = max(0, at - 4 * BEFORE), min(len(line), at + 4 * WIDTH)
    shown = pieces(line[low:high])
    at -= low
    start, end = 0, len(shown)
    if low > 0 or high < len(line) or sum(width for _, width in shown) > WIDTH:
        start, room = at, 0
        while start > 0 and room + shown[start - 1][1] <= BEFORE:
            start -= 1
            room += shown[start][1]
        end, used = start, 0
        while end < len(shown) and used + shown[end][1] <= WIDTH:
            used += shown[end][1]
            end += 1
    head = ELLIPSIS if low + start > 0 else ""
    tail = ELLIPSIS if low + end < len(line) else ""
    text = head + "".join(piece for piece, _ in shown[start:end]) + tail
    caret = len(head) + sum(width for _, width in shown[start:at])
    return text, caret


def frame(finding: Finding, line: str, color: bool) -> list[str]:
    """The finding's source line with its number, and the caret line under it."""
    text, caret = render(line, finding.column)
    number = str(finding.line)
    gutter = " " * len(number)
    bar, mark = "|", "^"
    if color:
        tint = RED if finding.severity == "error" else YELLOW
        bar = f"{CYAN}|{RESET}"
        number = f"{CYAN}{number}{RESET}"
        mark = f"{tint}{BOLD}^{RESET}"
    return [
        f"{gutter} {bar}",
        f"{number} {bar} {text}".rstrip(),
        f"{gutter} {bar} {' ' * caret}{mark}",
    ]


def report(findings: list[Finding], out: TextIO, color: bool) -> None:
    lines = FileLines()
    for finding in findings:
        out.write(format_finding(finding, color) + "\n")
        line = lines.line(finding.path, finding.line)
        if line is not None:
            out.write("\n".join(frame(finding, line, color)) + "\n\n")
    out.write(summary(findings) + "\n")
