"""Identity rules: url, file name, subject and titles agree; ids and urls are unique."""

from __future__ import annotations

from contentlint.rules.identity import names, titles, unique

__all__ = ["names", "titles", "unique"]
