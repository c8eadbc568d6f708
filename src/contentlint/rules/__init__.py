"""Rules, grouped by family in their own modules; each module registers its rules on import."""

from __future__ import annotations

import importlib

FAMILIES = ("frontmatter", "identity", "related", "encoding", "acr", "suppressions")


def load_families() -> None:
    for family in FAMILIES:
        importlib.import_module(f"contentlint.rules.{family}")
