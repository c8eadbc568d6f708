"""Rewrite the rule table in README.md from the registry: python scripts/sync_readme.py"""

from __future__ import annotations

import re
from pathlib import Path

from contentlint.cli import markdown_table
from contentlint.rules.registry import all_rules

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"(<!-- rules:start -->\n).*?(<!-- rules:end -->)", re.DOTALL)


def synced(text: str) -> str:
    return BLOCK.sub(lambda m: m.group(1) + markdown_table(all_rules()) + "\n" + m.group(2), text)


if __name__ == "__main__":
    README.write_text(synced(README.read_text(encoding="utf-8")), encoding="utf-8")
