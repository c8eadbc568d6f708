"""What the identity rules share: a frontmatter string, and where a key is."""

from __future__ import annotations

from contentlint.formats.frontmatter import Frontmatter


def string_at(fm: Frontmatter, key: str) -> str | None:
    value = (fm.data or {}).get(key)
    return value if isinstance(value, str) else None


def key_position(fm: Frontmatter, *path: str) -> tuple[int, int]:
    node = fm.nodes.get(path)
    return (node.line, node.column) if node else fm.where(path)
