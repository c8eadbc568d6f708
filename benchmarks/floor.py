"""The floor: read every page of a corpus and parse its frontmatter with libyaml, nothing more.

    python benchmarks/floor.py CORPUS

Every ``.md``, ``.markdown`` and ``.txt`` file under CORPUS (hidden folders skipped) is read,
decoded as UTF-8, and the YAML between its ``---`` fences is loaded with ``yaml.CSafeLoader``.
No validation, no positions, no rules: no linter that reads and parses the same files in one
process can be faster than this. Prints the counts; exits 0.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import yaml

SUFFIXES = (".md", ".markdown", ".txt")


def pages(root: Path) -> Iterator[str]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))
        for name in sorted(filenames):
            if name.endswith(SUFFIXES):
                yield os.path.join(dirpath, name)


def frontmatter(text: str) -> str | None:
    """The YAML between the opening and closing ``---`` lines, or None."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---", 3)
    return text[4 : end + 1] if end != -1 else None


def main() -> int:
    root = Path(sys.argv[1])
    files = blocks = failures = 0
    for path in pages(root):
        files += 1
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8", errors="replace")
        block = frontmatter(text)
        if block is None:
            continue
        blocks += 1
        try:
            yaml.load(block, Loader=yaml.CSafeLoader)
        except (yaml.YAMLError, ValueError):  # ValueError: an impossible date such as 02-30
            failures += 1
    print(f"{files} files, {blocks} frontmatter blocks, {failures} that do not load")
    return 0


if __name__ == "__main__":
    sys.exit(main())
