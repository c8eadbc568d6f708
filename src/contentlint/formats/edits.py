"""Edits of frontmatter values: a new value written in the original's style where that is
safe, so that a fix changes the value and nothing around it."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import yaml

from contentlint.formats.frontmatter import Loader, Node
from contentlint.model import Edit


def replace_scalar(node: Node, value: Any) -> Edit:
    """An edit that replaces the value at ``node`` with ``value``, in the original style where
    that is safe: a folded ``>-`` block stays folded at its indent, quotes stay quotes."""
    return replace(_replacement(node, value), intended=(value,))


def _replacement(node: Node, value: Any) -> Edit:
    if not isinstance(value, str):
        return Edit(node.start, node.end, str(value))
    block = node.style in (">", "|") and 0 < node.body_start <= node.end
    if block and "\n" not in value and value == value.strip():
        return Edit(node.body_start, node.end, f"{' ' * node.indent}{value}")
    if node.style == "'" and "\n" not in value:
        return Edit(node.start, node.end, "'" + value.replace("'", "''") + "'")
    if node.style is None and _plain_is_safe(value):
        return Edit(node.start, node.end, value)
    return Edit(node.start, node.end, json.dumps(value, ensure_ascii=False))


def _plain_is_safe(value: str) -> bool:
    if not value or value != value.strip() or "\n" in value:
        return False
    try:
        return yaml.load(f"k: {value}", Loader=Loader) == {"k": value}
    except yaml.YAMLError:
        return False
