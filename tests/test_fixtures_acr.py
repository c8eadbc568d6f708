"""The ACR part of the demo corpus: ``fixtures/acr/``.

- ``clean/`` holds ACR articles (plain-text export and Markdown) that have no finding;
- ``guides/`` holds the ``_schema: acr_guide`` pages that the clean articles refer to;
- ``broken/<rule-name>/`` holds articles that each break exactly that one rule.

The CLI runs in-process from the repository root, once, on ``fixtures/acr``; findings are
then grouped by file.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from contentlint.cli import main
from contentlint.rules.registry import all_rules

REPO = Path(__file__).resolve().parents[1]
ACR = REPO / "fixtures" / "acr"
CLEAN = sorted(p for p in (ACR / "clean").iterdir() if p.is_file())
GUIDES = sorted(p for p in (ACR / "guides").iterdir() if p.is_file())
BROKEN = sorted(p for p in (ACR / "broken").rglob("*") if p.is_file())
ACR_RULES = {"acr-structure", "heading-run-in", "rating-vocabulary", "rating-conflict"} | {
    "radiation-level",
    "reviewer-line",
    "related-empty",
    "related-unresolved",
}


def rel(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


@pytest.fixture(scope="module")
def acr_findings() -> dict[str, list[dict[str, Any]]]:
    """``contentlint check --output-format json fixtures/acr``, run once, grouped by path."""
    mp = pytest.MonkeyPatch()
    capture = _Capture()
    try:
        mp.chdir(REPO)
        for name in ("GITHUB_ACTIONS", "NO_COLOR", "CONTENTLINT_DEBUG"):
            mp.delenv(name, raising=False)
        mp.setattr(sys, "stdout", capture)
        code = main(["check", "--output-format", "json", "fixtures/acr"])
    finally:
        mp.undo()
    assert code == 1, capture.text
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for finding in json.loads(capture.text):
        grouped[finding["path"]].append(finding)
    return dict(grouped)


class _Capture:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    @property
    def text(self) -> str:
        return "".join(self.parts)


def run_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *argv: str):
    """``main(argv)`` from the repository root -> (exit code, parsed JSON output)."""
    monkeypatch.chdir(REPO)
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "internal error" not in err, err
    return code, json.loads(out)


def test_the_fixture_folders_are_there() -> None:
    assert len(CLEAN) >= 2
    assert {p.suffix for p in CLEAN} >= {".txt", ".md"}
    assert GUIDES
    broken_rules = {p.parent.name for p in BROKEN}
    assert broken_rules == ACR_RULES
    assert broken_rules <= {r.name for r in all_rules()}
    assert all(p.parent.parent == ACR / "broken" for p in BROKEN), "one folder level per rule"


@pytest.mark.parametrize("path", CLEAN + GUIDES, ids=rel)
def test_clean_files_have_no_finding(acr_findings, path: Path) -> None:
    assert acr_findings.get(rel(path), []) == []


@pytest.mark.parametrize("path", BROKEN, ids=rel)
def test_each_broken_file_breaks_exactly_its_rule(acr_findings, path: Path) -> None:
    found = acr_findings.get(rel(path), [])
    assert found, f"{rel(path)} has no finding"
    assert {f["rule"] for f in found} == {path.parent.name}, found


def test_no_finding_outside_the_fixture_files(acr_findings) -> None:
    known = {rel(p) for p in CLEAN + GUIDES + BROKEN}
    assert set(acr_findings) <= known


def test_rating_vocabulary_fixtures_cover_error_and_warning(acr_findings) -> None:
    severities = {
        f["severity"]
        for p in BROKEN
        if p.parent.name == "rating-vocabulary"
        for f in acr_findings.get(rel(p), [])
    }
    assert severities == {"error", "warning"}


def test_clean_folder_alone(monkeypatch, capsys) -> None:
    """The clean articles and their guides are clean when checked on their own."""
    code, findings = run_cli(
        monkeypatch, capsys, "check", "--output-format", "json", "fixtures/acr/clean"
    )
    assert findings == []
    assert code == 0


def test_clean_articles_are_both_shapes(monkeypatch, capsys) -> None:
    shapes, populations = set(), set()
    for path in CLEAN:
        code, out = run_cli(monkeypatch, capsys, "parse", rel(path))
        assert code == 0
        assert out["format"] == "acr_article"
        body = out["body"]
        shapes.add(body["shape"])
        populations.add(body["population"])
        assert [s["kind"] for s in body["sections"]] == [
            "scenario",
            "assessment",
            "rationale",
            "lower-rated",
            "downstream",
            "pitfalls",
            "related",
            "faq",
        ]
        assert len(body["faq"]) >= 3
        assert body["inclusion_criteria"] and body["exclusion_criteria"]
        assert body["related"]["references"]
        if body["shape"] == "markdown":
            assert out["frontmatter"]["_schema"] == "acr_article"
            assert out["frontmatter"]["file_name"] == path.name
            assert any(r["kind"] == "link" for r in body["related"]["references"])
        else:
            assert body["category"] == "Interventional Radiology Imaging"
    assert shapes == {"text", "markdown"}
    assert populations == {"adult", "pediatric"}


def test_guides_are_acr_guides(monkeypatch, capsys) -> None:
    for path in GUIDES:
        code, out = run_cli(monkeypatch, capsys, "parse", rel(path))
        assert code == 0
        assert out["type"] == "acr_guide"
        assert out["frontmatter"]["file_name"] == path.name
