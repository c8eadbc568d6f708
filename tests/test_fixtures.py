"""The demo corpus in ``fixtures/qa``: clean pages stay clean, each broken page trips its rule.

``fixtures/qa/clean/`` holds hand-written Q&A pages in the seed format (two subjects, linked
to each other with ``related_articleN`` blocks, full of legitimate non-ASCII text).
``fixtures/qa/broken/<rule>/`` holds pages that each break exactly that one rule and are
otherwise clean, so the folder name is the expected rule.

The CLI is run for real (``python -m contentlint``, cwd = the repository root, as a user would
run it); a subprocess rather than ``main()`` under ``capsys`` because ``cli._report`` binds
``sys.stdout`` when the module is imported, so in-process output escapes ``capsys``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from contentlint.rules.registry import all_rules

ROOT = Path(__file__).resolve().parents[1]
QA = ROOT / "fixtures" / "qa"
CLEAN = QA / "clean"
BROKEN = QA / "broken"

# Every rule that can fire on a Q&A page has a folder of broken pages; io-error (an unreadable
# file) cannot be stored in git.
BROKEN_RULES = (
    "frontmatter-missing",
    "yaml-syntax",
    "duplicate-key",
    "unknown-schema",
    "missing-field",
    "invalid-field",
    "unknown-field",
    "url-file-name-mismatch",
    "url-subject-mismatch",
    "subject-vocabulary",
    "title-mismatch",
    "duplicate-id",
    "duplicate-url",
    "related-unresolved",
    "related-stale",
    "related-self",
    "related-duplicate",
    "related-numbering",
    "mojibake",
    "encoding",
    "unused-suppression",
)
SUBJECTS = {"Medicine": "medicine", "Health Studies": "health-studies"}
# Legitimate non-ASCII text that the clean pages hold and no rule may flag.
LEGIT_SAMPLES = (
    "’",
    "“",
    "”",
    "—",
    "≥ 2 cm",
    "38.5 °C",
    "São Paulo",
    "Sjögren",
    "β-thalassemia",
    "\u00a0",
)
RULES = {r.name: r for r in all_rules()}
CONTRACT = {
    "path": str,
    "line": int,
    "column": int,
    "code": str,
    "rule": str,
    "severity": str,
    "message": str,
    "fixable": bool,
}


# -- running the CLI -------------------------------------------------------------------------


@cache
def run_check(*paths: str) -> tuple[int, tuple[dict[str, Any], ...]]:
    """``contentlint check --output-format json PATHS`` from the repository root."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("GIT_") and k not in ("GITHUB_ACTIONS", "CONTENTLINT_DEBUG")
    }
    result = subprocess.run(
        [sys.executable, "-m", "contentlint", "check", "--output-format", "json", *paths],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert "internal error" not in result.stderr, result.stderr
    findings = json.loads(result.stdout)
    assert isinstance(findings, list), result.stdout
    return result.returncode, tuple(findings)


def corpus_findings() -> tuple[dict[str, Any], ...]:
    return run_check("fixtures/qa")[1]


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def posix(finding: dict[str, Any]) -> str:
    return Path(finding["path"]).as_posix()


def pages(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.md") if p.is_file())


def findings_for(path: Path) -> list[dict[str, Any]]:
    return [f for f in corpus_findings() if posix(f) == rel(path)]


def position(text: str, needle: str, nth: int = 1) -> tuple[int, int]:
    """1-based (line, column) of the ``nth`` occurrence of ``needle``; columns count chars."""
    offset = -1
    for _ in range(nth):
        offset = text.find(needle, offset + 1)
        assert offset != -1, f"{needle!r} (occurrence {nth}) is not in the text"
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def frontmatter(path: Path, loader: type = yaml.SafeLoader) -> dict[str, Any]:
    text = read(path).removeprefix("\ufeff")
    _, block, _ = text.split("---\n", 2)
    data = yaml.load(block, Loader=loader)
    assert isinstance(data, dict), path
    return data


def the_finding(path: Path, rule: str) -> dict[str, Any]:
    found = [f for f in findings_for(path) if f["rule"] == rule]
    assert len(found) == 1, found
    return found[0]


# -- the fixtures themselves -----------------------------------------------------------------


def test_broken_folders_are_exactly_the_rules() -> None:
    folders = {p.name for p in BROKEN.iterdir() if p.is_dir()}
    assert folders == set(BROKEN_RULES)
    for name in folders:
        assert name in RULES, name
        assert pages(BROKEN / name), f"{name}/ holds no page"
    for name in ("duplicate-id", "duplicate-url", "encoding"):
        assert len(pages(BROKEN / name)) == 2, name


def test_every_rule_for_qa_pages_has_a_broken_fixture() -> None:
    applicable = {
        r.name
        for r in RULES.values()
        if (r.formats is None or "qa" in r.formats)
        and r.name not in ("io-error", "file-too-large")  # need a file system: test_hostile.py
    }
    assert applicable <= set(BROKEN_RULES), applicable - set(BROKEN_RULES)


def test_clean_pages_are_self_consistent() -> None:
    """Checked without contentlint, so that a rule that misses something cannot hide it."""
    clean = pages(CLEAN)
    assert 6 <= len(clean) <= 8
    data = {path: frontmatter(path) for path in clean}
    by_id = {page["id"]: page for page in data.values()}
    assert len(by_id) == len(clean), "ids must be unique"
    assert len({page["url"] for page in data.values()}) == len(clean), "urls must be unique"
    assert {page["subject"] for page in data.values()} == set(SUBJECTS)
    for path, page in data.items():
        slug = path.stem
        assert page["_schema"] == "default"
        assert page["file_name"] == path.name
        assert page["url"] == f"/learn/{SUBJECTS[page['subject']]}/questions/{slug}"
        assert page["seo"]["title"] == f"QuickTakes | {page['subject']}"
        assert page["title"] == page["article_title"] == page["question"]
        assert 5001 <= page["id"] <= 5099
        assert "\\n\\n" in page["answer"] and page["answer"].count("\\n\\n") <= 3
        assert read(path).endswith("---\n\n&nbsp;\n")
        related = [key for key in page if key.startswith("related_article")]
        assert related == [f"related_article{n}" for n in range(1, len(related) + 1)]
        assert related, f"{path.name} links to no page"
        for key in related:
            block = page[key]
            target = by_id[block["id"]]
            assert block["id"] != page["id"]
            for name in ("title", "subject", "url"):
                assert block[name] == target[name], (path.name, key, name)
    text = "".join(read(path) for path in clean)
    for sample in LEGIT_SAMPLES:
        assert sample in text, f"no clean page holds {sample!r}"


def test_broken_pages_are_named_after_file_name_and_use_unused_ids() -> None:
    clean_ids = {str(frontmatter(path)["id"]) for path in pages(CLEAN)}
    for path in pages(BROKEN):
        if path.parent.name in ("frontmatter-missing", "yaml-syntax"):
            continue  # not loadable, by design
        try:
            read(path)
        except UnicodeDecodeError:
            continue  # the page saved as Windows-1252
        page = frontmatter(path, yaml.BaseLoader)  # every scalar a string: 2025-02-30 loads
        if path.parent.name != "url-file-name-mismatch":
            assert page["file_name"] == path.name, path
        assert page["id"].strip('"') not in clean_ids, path


# -- what contentlint reports ----------------------------------------------------------------


def test_exit_code_is_1_on_the_whole_corpus() -> None:
    code, findings = run_check("fixtures/qa")
    assert code == 1
    assert findings


def test_clean_pages_alone_pass() -> None:
    """Cross-file rules still read the whole repository, so the links resolve."""
    code, findings = run_check("fixtures/qa/clean")
    assert findings == ()
    assert code == 0


def test_clean_pages_have_no_finding_in_the_whole_corpus() -> None:
    clean = [f for f in corpus_findings() if posix(f).startswith(rel(CLEAN) + "/")]
    assert clean == []


def test_every_finding_is_on_a_fixture_page() -> None:
    known = {rel(path) for path in pages(QA)}
    assert {posix(f) for f in corpus_findings()} <= known


@pytest.mark.parametrize("rule", BROKEN_RULES)
def test_broken_folder_reports_exactly_its_rule(rule: str) -> None:
    files = pages(BROKEN / rule)
    assert files
    for path in files:
        rules = {f["rule"] for f in findings_for(path)}
        assert rules == {rule}, f"{rel(path)}: {sorted(rules)}"


def test_json_contract() -> None:
    findings = corpus_findings()
    assert findings
    for finding in findings:
        assert set(finding) == set(CONTRACT), finding
        for key, kind in CONTRACT.items():
            value = finding[key]
            assert isinstance(value, kind), (key, value)
            if kind is int:
                assert not isinstance(value, bool) and value >= 1, (key, value)
        assert re.fullmatch(r"[A-Z]{2}\d{3}", finding["code"]), finding
        assert RULES[finding["rule"]].code == finding["code"], finding
        assert finding["severity"] in ("error", "warning")
        assert finding["message"].strip()
        assert not Path(finding["path"]).is_absolute()


def test_severities() -> None:
    warnings = ("unknown-field", "unused-suppression")
    for finding in corpus_findings():
        expected = "warning" if finding["rule"] in warnings else "error"
        assert finding["severity"] == expected, finding
    assert any(f["rule"] == "unknown-field" for f in corpus_findings())


def test_a_single_file_is_checked_against_the_whole_corpus() -> None:
    stale = BROKEN / "related-stale" / "how-is-iron-overload-treated.md"
    code, findings = run_check(rel(stale))
    assert code == 1
    assert {f["rule"] for f in findings} == {"related-stale"}
    code, findings = run_check(rel(CLEAN / "how-is-iron-deficiency-anemia-diagnosed.md"))
    assert (code, findings) == (0, ())


# -- exact positions -------------------------------------------------------------------------


def test_mojibake_points_at_the_damaged_characters() -> None:
    path = BROKEN / "mojibake" / "how-are-enlarged-lymph-nodes-evaluated.md"
    text = read(path)
    found = [f for f in findings_for(path) if f["rule"] == "mojibake"]
    assert [(f["line"], f["column"]) for f in found] == [
        position(text, "â€™"),
        position(text, "â‰¥"),
    ]
    assert "’" in found[0]["message"] and "≥" in found[1]["message"]
    assert all(f["fixable"] and f["code"] == "EN001" for f in found)


def test_duplicate_key_points_at_the_second_key() -> None:
    path = BROKEN / "duplicate-key" / "what-does-a-peripheral-blood-smear-show.md"
    finding = the_finding(path, "duplicate-key")
    first, second = position(read(path), "\ndate: "), position(read(path), "\ndate: ", 2)
    assert (finding["line"], finding["column"]) == (second[0] + 1, 1)
    assert f"first at line {first[0] + 1}" in finding["message"]


def test_yaml_syntax_points_at_the_colon() -> None:
    path = BROKEN / "yaml-syntax" / "how-is-anemia-classified-by-size-or-by-cause.md"
    finding = the_finding(path, "yaml-syntax")
    assert (finding["line"], finding["column"]) == position(read(path), ": by size")


def test_encoding_positions() -> None:
    bom = BROKEN / "encoding" / "what-is-a-complete-blood-count.md"
    assert bom.read_bytes().startswith(b"\xef\xbb\xbf---\n")
    finding = the_finding(bom, "encoding")
    assert (finding["line"], finding["column"], finding["fixable"]) == (1, 1, True)

    cp1252 = BROKEN / "encoding" / "what-are-cafe-au-lait-spots.md"
    raw = cp1252.read_bytes()
    offset = raw.index(b"\xe9")  # é in Windows-1252
    line = raw.count(b"\n", 0, offset) + 1
    column = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1  # the line is ASCII before it
    finding = the_finding(cp1252, "encoding")
    assert (finding["line"], finding["column"], finding["fixable"]) == (line, column, False)
    assert "0xe9" in finding["message"]


# (page under broken/, text just before the reported position, text at the position)
POSITIONS = [
    ("frontmatter-missing/what-is-a-reticulocyte-count.md", "", "---\n_schema"),
    ("missing-field/how-is-vitamin-b12-deficiency-treated.md", "", "---\n_schema"),
    ("unknown-schema/what-is-hemolysis.md", "_schema: ", "defualt"),
    ("invalid-field/what-is-the-mentzer-index.md", "date: ", "2025-02-30"),
    ("invalid-field/how-is-hereditary-spherocytosis-diagnosed.md", "id: ", '"5057"'),
    ("unknown-field/what-are-target-cells.md", "", "date_fromat:"),
    ("url-file-name-mismatch/what-is-anemia-of-chronic-disease.md", "file_name: ", "what-is-"),
    ("url-file-name-mismatch/sickle-cell-crisis.md", "file_name: ", "what-triggers"),
    ("url-subject-mismatch/how-does-malaria-cause-anemia.md", "url: ", "/learn/health-"),
    ("subject-vocabulary/how-common-is-sickle-cell-trait.md", "subject: ", "Health studies"),
    ("title-mismatch/what-is-a-ferritin-test.md", "  title: ", "QuickTakes | Health\n"),
    (
        "title-mismatch/what-is-polycythemia-vera.md",
        "article_title: ",
        ">-\n    What is polycythaemia",
    ),
    ("duplicate-id/what-is-aplastic-anemia.md", "\nid: ", "5065"),
    ("duplicate-id/how-is-aplastic-anemia-treated.md", "\nid: ", "5065"),
    ("duplicate-url/first/what-is-g6pd-deficiency.md", "\nurl: ", "/learn/"),
    ("duplicate-url/second/what-is-g6pd-deficiency.md", "\nurl: ", "/learn/"),
    ("related-unresolved/what-is-pernicious-anemia.md", "    id: ", "5099"),
    (
        "related-stale/how-is-iron-overload-treated.md",
        "    title: ",
        ">-\n        What causes thal",
    ),
    ("related-self/what-is-a-bone-marrow-aspirate.md", "    id: ", "5070"),
    (
        "related-duplicate/what-is-hemoglobin-electrophoresis.md",
        "related_article3:\n    id: ",
        "5008",
    ),
    ("related-numbering/how-is-lead-poisoning-detected-in-children.md", "", "related_article3:"),
    (
        "unused-suppression/how-is-iron-deficiency-anemia-confirmed.md",
        "subject: Medicine  ",
        "# contentlint: disable=title-mismatch",
    ),
]


@pytest.mark.parametrize(("page", "before", "at"), POSITIONS)
def test_positions(page: str, before: str, at: str) -> None:
    """Findings point at the key or value at fault (values: where the scalar starts)."""
    path = BROKEN / page
    line, column = position(read(path), before + at)
    line += before.count("\n")
    column = column + len(before) if "\n" not in before else len(before.rsplit("\n", 1)[1]) + 1
    finding = the_finding(path, page.split("/", 1)[0])
    assert (finding["line"], finding["column"]) == (line, column), finding


def test_every_broken_page_has_a_position_test() -> None:
    covered = {page for page, _, _ in POSITIONS}
    covered |= {"mojibake/how-are-enlarged-lymph-nodes-evaluated.md"}
    covered |= {"duplicate-key/what-does-a-peripheral-blood-smear-show.md"}
    covered |= {"yaml-syntax/how-is-anemia-classified-by-size-or-by-cause.md"}
    covered |= {f"encoding/{p.name}" for p in pages(BROKEN / "encoding")}
    assert {p.relative_to(BROKEN).as_posix() for p in pages(BROKEN)} == covered
