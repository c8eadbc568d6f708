"""Acceptance corpus for the ACR rating and radiation rules: ``tests/data/acr_cases/``.

- ``clean/`` holds complete ACR articles (plain-text export and Markdown) that a correct
  linter finds clean for ``rating-conflict``, ``rating-vocabulary``, ``radiation-level`` and
  ``acr-structure``, although they are written to trip naive matching (contrast variants,
  regions, bare and compound subjects, tables, pediatric scales, plain-English "appropriate");
- ``broken/`` holds articles with one or a few planted defects, listed with their lines in
  ``expected.json``;
- ``guides/`` holds the ``_schema: acr_guide`` pages that the articles refer to.

See ``tests/data/acr_cases/README.md`` for what each file exercises. The CLI runs once,
in-process, on the whole folder; its JSON findings are grouped by file.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from contentlint.cli import main

REPO = Path(__file__).resolve().parents[1]
CASES = REPO / "tests" / "data" / "acr_cases"
SHAPES = (".txt", ".md")
CLEAN = sorted(p for p in (CASES / "clean").iterdir() if p.suffix in SHAPES)
BROKEN = sorted(p for p in (CASES / "broken").iterdir() if p.suffix in SHAPES)
EXPECTED: dict[str, list[dict[str, Any]]] = json.loads(
    (CASES / "expected.json").read_text(encoding="utf-8")
)

#: The rules the manifest speaks for: a broken file must show exactly these findings of them.
JUDGED = frozenset({"rating-conflict", "rating-vocabulary", "radiation-level"})
#: A clean file must have no finding of these.
CLEAN_RULES = JUDGED | {"acr-structure"}
#: Rule codes, for a report that names findings only by code.
CODES = {
    "AC001": "acr-structure",
    "AC003": "rating-vocabulary",
    "AC004": "rating-conflict",
    "AC005": "radiation-level",
}

Finding = dict[str, Any]


def rel(path: Path) -> str:
    """``clean/<file>`` or ``broken/<file>``: the manifest's key for a file."""
    return path.relative_to(CASES).as_posix()


def rule_of(finding: Finding) -> str | None:
    return finding.get("rule") or finding.get("name") or CODES.get(finding.get("code", ""))


def line_of(finding: Finding) -> int | None:
    if finding.get("line") is not None:
        return finding["line"]
    location = finding.get("location") or {}
    return location.get("row", location.get("line"))


def key_of(finding: Finding) -> str:
    raw = finding.get("path") or finding.get("filename") or ""
    path = Path(raw)
    path = (path if path.is_absolute() else REPO / path).resolve()
    try:
        return path.relative_to(CASES.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def show(findings: list[Finding]) -> str:
    if not findings:
        return "  (none)"
    return "\n".join(
        f"  {line_of(f)}:{f.get('column', '?')} {f.get('code', '?')} [{rule_of(f)}] "
        f"{f.get('severity', '?')}: {f.get('message', '')}"
        for f in findings
    )


@pytest.fixture(scope="module")
def findings() -> dict[str, list[Finding]]:
    """``contentlint check --output-format json --no-cache tests/data/acr_cases``, run once
    from the repository root; findings grouped by ``clean/<file>`` / ``broken/<file>``."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(REPO)
        for name in ("GITHUB_ACTIONS", "NO_COLOR", "CONTENTLINT_DEBUG"):
            mp.delenv(name, raising=False)
        argv = ["check", "--output-format", "json", "--no-cache", "--jobs", "1"]
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([*argv, CASES.relative_to(REPO).as_posix()])
    if code not in (0, 1):
        pytest.fail(f"contentlint check exited with {code}:\n{err.getvalue()}{out.getvalue()}")
    try:
        reported = json.loads(out.getvalue())
    except ValueError:
        pytest.fail(f"contentlint check did not print JSON:\n{out.getvalue()}\n{err.getvalue()}")
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in reported:
        grouped[key_of(finding)].append(finding)
    return dict(grouped)


def test_corpus_layout() -> None:
    """Both article shapes on each side, and a manifest that matches the broken files."""
    assert {p.suffix for p in CLEAN} == set(SHAPES)
    assert {p.suffix for p in BROKEN} == set(SHAPES)
    assert set(EXPECTED) == {rel(p) for p in BROKEN}
    for key, expected in EXPECTED.items():
        assert expected, f"{key}: no expected finding"
        lines = (CASES / key).read_text(encoding="utf-8").split("\n")
        for item in expected:
            assert set(item) <= {"rule", "line", "contains", "severity"}, (key, item)
            assert item["rule"] in JUDGED, (key, item)
            assert 1 <= item["line"] <= len(lines), (key, item)
            assert lines[item["line"] - 1].strip(), f"{key}:{item['line']} is a blank line"
            assert item.get("severity", "error") in ("error", "warning"), (key, item)


@pytest.mark.parametrize("path", CLEAN + BROKEN, ids=rel)
def test_article_is_read_as_an_acr_article(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], path: Path
) -> None:
    """Guards the clean tests: a file that is not read as an article has no ACR finding."""
    monkeypatch.chdir(REPO)
    capsys.readouterr()
    code = main(["parse", path.relative_to(REPO).as_posix()])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out)["format"] == "acr_article"


@pytest.mark.parametrize("path", CLEAN, ids=rel)
def test_clean_article_has_no_acr_finding(findings, path: Path) -> None:
    found = [f for f in findings.get(rel(path), []) if rule_of(f) in CLEAN_RULES]
    assert not found, f"{rel(path)} should be clean, but has:\n{show(found)}"


def _expected_cases() -> list[Any]:
    cases = []
    for key in sorted(EXPECTED):
        for item in EXPECTED[key]:
            case_id = f"{key}:{item['line']}:{item['rule']}"
            cases.append(pytest.param(key, item, id=case_id))
    return cases


@pytest.mark.parametrize(("key", "item"), _expected_cases())
def test_expected_finding_is_reported(findings, key: str, item: dict[str, Any]) -> None:
    found = findings.get(key, [])
    at_line = [f for f in found if rule_of(f) == item["rule"] and line_of(f) == item["line"]]
    want = f"{item['rule']} at line {item['line']}"
    assert at_line, f"{key}: expected {want}; the file has:\n{show(found)}"
    if "contains" in item:
        needle = item["contains"].casefold()
        assert any(needle in f.get("message", "").casefold() for f in at_line), (
            f"{key}: no {want} mentions {item['contains']!r}:\n{show(at_line)}"
        )
    if "severity" in item:
        assert any(f.get("severity") == item["severity"] for f in at_line), (
            f"{key}: no {want} has severity {item['severity']!r}:\n{show(at_line)}"
        )


@pytest.mark.parametrize("path", BROKEN, ids=rel)
def test_broken_article_has_no_unexpected_finding(findings, path: Path) -> None:
    """Every rating-conflict, rating-vocabulary or radiation-level finding of a broken file is
    one that the manifest lists (same rule, same line)."""
    key = rel(path)
    planted = {(item["rule"], item["line"]) for item in EXPECTED.get(key, [])}
    extra = [
        f
        for f in findings.get(key, [])
        if rule_of(f) in JUDGED and (rule_of(f), line_of(f)) not in planted
    ]
    assert not extra, f"{key}: findings not in expected.json:\n{show(extra)}"
