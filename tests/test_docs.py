"""The README's rule table is generated from the registry; every rule is documented."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from contentlint.rules.registry import all_rules

ROOT = Path(__file__).resolve().parents[1]


def test_readme_rule_table_matches_the_registry() -> None:
    spec = importlib.util.spec_from_file_location("sync_readme", ROOT / "scripts/sync_readme.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert module.synced(text) == text, "run: .venv/bin/python scripts/sync_readme.py"


def test_every_rule_is_documented_with_examples() -> None:
    rules = all_rules()
    assert len({r.code for r in rules}) == len(rules)
    for r in rules:
        assert r.summary and r.explanation and r.bad and r.good, r.name
        assert r.name == r.name.lower() and " " not in r.name
