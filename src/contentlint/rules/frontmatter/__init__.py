"""Frontmatter rules: the block exists, parses, has no repeated keys and matches its schema."""

from __future__ import annotations

from contentlint.rules.frontmatter import schema, syntax

__all__ = ["schema", "syntax"]
