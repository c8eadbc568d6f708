"""The README's rule table is generated from the registry; every rule is documented."""

from __future__ import annotations

import importlib.util
from dataclasses import replace
from pathlib import Path

import pytest

from contentlint import cli as cli_module
from contentlint.rules.registry import REGISTRY, all_rules, rule

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


def test_every_rule_says_why_and_every_fix_says_how_safe_it_is() -> None:
    for r in all_rules():
        assert r.why.strip(), f"{r.name}: add why="
        if r.fixable:
            assert r.fix_safety.strip(), f"{r.name}: fixable, add fix_safety="
        else:
            assert not r.fix_safety, f"{r.name}: not fixable, so it has no fix safety"


def test_rule_command_prints_why_fix_safety_and_limits(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    for r in all_rules():
        capsys.readouterr()
        assert cli_module.main(["rule", r.name]) == 0
        out = capsys.readouterr().out
        assert out.startswith(f"{r.name} ({r.code})\n"), r.name
        assert "Why:\n" in out, r.name
        assert ("Fix safety:\n" in out) is r.fixable, r.name
        assert ("Known limits:\n" in out) is bool(r.limits), r.name
        assert out.index("Why:") < out.index("Bad:"), r.name


def test_a_fixable_rule_without_fix_safety_is_refused() -> None:
    def check(doc, options):
        return iter(())

    register = rule(
        code="ZZ999",
        name="zz-undocumented-fix",
        summary="A rule for this test only.",
        explanation="It is never registered.",
        bad="x",
        good="y",
        fixable=True,
        why="A fixable rule must say what its fix does.",
    )
    with pytest.raises(ValueError, match="ZZ999 zz-undocumented-fix is fixable"):
        register(check)
    assert "zz-undocumented-fix" not in REGISTRY


def test_a_rule_naming_an_unknown_format_is_refused() -> None:
    from contentlint.rules.registry import check_formats

    check_formats(all_rules())  # every rule's formats exist
    typo = replace(all_rules()[0], formats=("acr_artcle",))
    with pytest.raises(ValueError, match="acr_artcle"):
        check_formats([typo])
