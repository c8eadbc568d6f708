"""The naive linter: the script a user would write by hand to check their Q&A pages.

    python benchmarks/naive.py CORPUS [SCHEMA]

python-frontmatter loads every Markdown page under CORPUS (hidden folders skipped); each page
whose ``_schema`` is ``default`` is validated with jsonschema's ``Draft202012Validator`` and
a ``FormatChecker`` against ``schemas/qa.schema.json``. Dates that YAML turned into ``date``
objects are written back as ISO strings first (the schema wants strings). One line per
problem; exits 1 if there was any. No positions, no cross-file rules, no ACR articles.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import frontmatter
from jsonschema import Draft202012Validator, FormatChecker

DEFAULT_SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "qa.schema.json"


def markdown_files(root: Path) -> Iterator[str]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))
        for name in sorted(filenames):
            if name.endswith((".md", ".markdown")):
                yield os.path.join(dirpath, name)


def plain(value: Any) -> Any:
    """The YAML data as JSON would have it: dates become ISO strings."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def main() -> int:
    root = Path(sys.argv[1])
    schema_path = Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_SCHEMA
    validator = Draft202012Validator(
        json.loads(schema_path.read_text(encoding="utf-8")), format_checker=FormatChecker()
    )
    problems = 0
    for path in markdown_files(root):
        try:
            page = frontmatter.load(path)
        except Exception as exc:  # bad YAML, or an impossible date such as 2025-02-30
            print(f"{path}: frontmatter does not load: {exc}")
            problems += 1
            continue
        if page.metadata.get("_schema") != "default":
            continue
        for error in validator.iter_errors(plain(page.metadata)):
            where = "/".join(str(part) for part in error.absolute_path) or "(root)"
            print(f"{path}: {where}: {error.message}")
            problems += 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
