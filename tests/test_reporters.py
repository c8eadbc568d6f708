"""The output formats: SARIF (validated against the OASIS schema), JUnit XML, GitLab Code
Quality, ``full`` (the line and a caret) and ``concise``; each with findings, without, and
with hostile text that must not break the document or forge a line."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import referencing

from contentlint.excerpt import FileLines
from contentlint.model import Finding
from contentlint.reporters import REPORTERS, gitlab, sarif, text
from contentlint.rules.registry import all_rules

SCHEMA = Path(__file__).parent / "data" / "sarif" / "sarif-schema-2.1.0.json"
HOSTILE = "a\x00b\x1b[31m\r\n::error file=x::forged ]]> <tag attr=\"q\" 'a'> & \u202e\u2028\ufffe"
UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def finding(path: str = "page.md", line: int = 1, column: int = 1, **kw) -> Finding:
    values = {"code": "FM006", "rule": "invalid-field", "severity": "error", "message": "bad"}
    values.update(kw)
    return Finding(path, line, column, **values)


def render(name: str, findings: list[Finding], color: bool = False) -> str:
    out = io.StringIO()
    REPORTERS[name](findings, out, color)
    return out.getvalue()


def validate_sarif(log: dict) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    assert validator_class is jsonschema.Draft4Validator  # what the schema says it is
    validator_class.check_schema(schema)
    # An empty registry: a reference outside the schema would fail, never be fetched.
    validator = validator_class(schema, registry=referencing.Registry())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_every_format_is_registered_and_concise_is_text() -> None:
    assert {"text", "concise", "full", "json", "github", "gitlab", "junit", "sarif"} <= set(
        REPORTERS
    )
    findings = [finding(message="one"), finding(line=2, severity="warning", message="two")]
    assert render("concise", findings) == render("text", findings)


# -- SARIF -----------------------------------------------------------------------------------


def test_sarif_of_a_real_run_is_valid_and_says_where(corpus, cli) -> None:
    page = corpus.page("medicine/what-is-anemia.md", date="2025-02-30", extra_field="x")
    corpus.page("medicine/what-is-iron.md", subject="Medicine")
    expected = cli("check", "--no-cache", "--output-format", "json").findings
    assert {f["code"] for f in expected} >= {"FM006", "FM007"}
    result = cli("check", "--no-cache", "--output-format", "sarif")
    assert result.code == 1
    log = json.loads(result.out)
    validate_sarif(log)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "contentlint"
    from contentlint import __version__

    assert driver["version"] == __version__
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [r.code for r in all_rules()]
    by_id = {r["id"]: r for r in rules}
    assert by_id["FM007"]["name"] == "unknown-field"
    assert by_id["FM007"]["defaultConfiguration"]["level"] == "warning"
    assert "Why it matters" in by_id["EN001"]["help"]["text"]
    assert "**Fix safety.**" in by_id["EN001"]["help"]["markdown"]
    assert run["columnKind"] == "utf16CodeUnits"
    results = run["results"]
    assert len(results) == len(expected)
    for got, want in zip(results, expected, strict=True):
        assert got["ruleId"] == want["code"]
        assert rules[got["ruleIndex"]]["id"] == want["code"]
        assert got["level"] == want["severity"]
        assert got["message"]["text"] == want["message"]
        (location,) = got["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"] == {"uri": page.name, "uriBaseId": "%SRCROOT%"}
        assert physical["region"] == {"startLine": want["line"], "startColumn": want["column"]}
        assert re.fullmatch(r"[0-9a-f]{32}", got["partialFingerprints"]["contentlint/v1"])
    prints = [r["partialFingerprints"]["contentlint/v1"] for r in results]
    assert len(set(prints)) == len(prints)


def test_sarif_of_a_clean_run_is_a_valid_log_without_results(corpus, cli) -> None:
    corpus.page("medicine/what-is-anemia.md")
    result = cli("check", "--no-cache", "--output-format", "sarif")
    assert result.code == 0
    log = json.loads(result.out)
    validate_sarif(log)
    assert log["runs"][0]["results"] == []
    assert len(log["runs"][0]["tool"]["driver"]["rules"]) == len(all_rules())


def test_sarif_columns_count_utf16_code_units(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("page.md").write_text("x: 😀😀 Ã©\nplain\n", encoding="utf-8")
    found = [finding(line=1, column=7), finding(line=2, column=3), finding(line=9, column=4)]
    log = sarif.log(found, FileLines())
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in log["runs"][0]["results"]]
    # two characters beyond U+FFFF before column 7 (characters) make it column 9 (units)
    assert [r["startColumn"] for r in regions] == [9, 3, 4]
    validate_sarif(log)


def test_sarif_hostile_names_and_messages_stay_data(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    names = ["a b#c%d.md", "caf\u00e9/\u202eevil.md", "new\nline.md", "/abs/x y.md"]
    found = [finding(path=name, message=HOSTILE) for name in names]
    out = render("sarif", found)
    assert not UNSAFE.search(out.replace("\n", "")), "raw control or bidi characters"
    log = json.loads(out)
    validate_sarif(log)
    results = log["runs"][0]["results"]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in results]
    assert uris[0] == {"uri": "a%20b%23c%25d.md", "uriBaseId": "%SRCROOT%"}
    assert uris[1]["uri"] == "caf%C3%A9/%E2%80%AEevil.md"
    assert uris[2]["uri"] == "new%0Aline.md"
    assert uris[3] == {"uri": "file:///abs/x%20y.md"}
    for uri in uris:  # RFC 3986 characters only
        assert re.fullmatch(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", uri["uri"])
    message = results[0]["message"]["text"]
    assert "\\x1b" in message and "\\u202e" in message and "\n" not in message


# -- JUnit -----------------------------------------------------------------------------------


def test_junit_has_a_suite_per_file_and_a_failure_per_finding() -> None:
    found = [
        finding("a.md", 3, 5, message="first"),
        finding("a.md", 9, 1, code="FM007", rule="unknown-field", severity="warning"),
        finding("b/c.md", 1, 1, message="other"),
    ]
    out = render("junit", found)
    assert out.startswith("<?xml version='1.0' encoding='us-ascii'?>")
    root = ET.fromstring(out.encode("ascii"))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures")) == ("3", "3")
    suites = root.findall("testsuite")
    assert [(s.get("name"), s.get("tests"), s.get("failures")) for s in suites] == [
        ("a.md", "2", "2"),
        ("b/c.md", "1", "1"),
    ]
    cases = suites[0].findall("testcase")
    assert cases[0].get("name") == "3:5 FM006 [invalid-field]"
    assert (cases[0].get("file"), cases[0].get("line")) == ("a.md", "3")
    failure = cases[0].find("failure")
    assert failure.get("message") == "first"
    assert failure.get("type") == "error"
    assert failure.text == "a.md:3:5: error: FM006 [invalid-field] first"
    assert cases[1].find("failure").get("type") == "warning"


def test_junit_of_a_clean_run_is_one_passing_test_case(corpus, cli) -> None:
    corpus.page("medicine/what-is-anemia.md")
    result = cli("check", "--no-cache", "--output-format", "junit")
    assert result.code == 0
    root = ET.fromstring(result.out.encode("ascii"))
    assert (root.get("tests"), root.get("failures")) == ("1", "0")
    (case,) = root.iter("testcase")
    assert case.find("failure") is None


def test_junit_of_a_real_run_fails_the_broken_page(corpus, cli) -> None:
    page = corpus.page("medicine/what-is-anemia.md", date="2025-02-30")
    result = cli("check", "--no-cache", "--output-format", "junit")
    assert result.code == 1
    root = ET.fromstring(result.out.encode("ascii"))
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == page.name
    assert any("FM006" in (c.get("name") or "") for c in suite.iter("testcase"))


def test_junit_hostile_text_cannot_break_the_document() -> None:
    found = [finding(path=f"x{HOSTILE}.md", message=HOSTILE)]
    out = render("junit", found)
    assert out.isascii()
    assert "]]>" not in out and "<tag" not in out
    root = ET.fromstring(out.encode("ascii"))  # well-formed XML 1.0
    (failure,) = root.iter("failure")
    message = failure.get("message")
    assert "]]>" in message and "<tag attr=\"q\" 'a'>" in message and "&" in message
    assert not UNSAFE.search(message) and "\ufffe" not in message and "\x00" not in message
    assert "\\x1b" in message and "\\u202e" in message and "\\ufffe" in message
    assert "\n" not in failure.text


# -- GitLab ----------------------------------------------------------------------------------


def test_gitlab_code_quality_issues(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    found = [
        finding("a.md", 3, 5, message="first"),
        finding("a.md", 9, 1, code="FM007", rule="unknown-field", severity="warning"),
        finding("a.md", 9, 1, code="FM007", rule="unknown-field", severity="warning"),
    ]
    issues = json.loads(render("gitlab", found))
    assert issues[0] == {
        "description": "FM006 [invalid-field] first",
        "check_name": "FM006",
        "fingerprint": issues[0]["fingerprint"],
        "severity": "major",
        "location": {"path": "a.md", "lines": {"begin": 3}},
    }
    assert [i["severity"] for i in issues] == ["major", "minor", "minor"]
    prints = [i["fingerprint"] for i in issues]
    assert len(set(prints)) == 3, "GitLab keeps one issue per fingerprint"
    assert json.loads(render("gitlab", [])) == []


def test_gitlab_hostile_text_stays_data(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    out = render("gitlab", [finding(path="new\nline\u2028.md", message=HOSTILE)])
    assert not UNSAFE.search(out.replace("\n", ""))
    (issue,) = json.loads(out)
    assert issue["location"]["path"] == "new\nline\u2028.md"  # the real name, JSON-escaped
    assert "\n" not in issue["description"] and "\\u202e" in issue["description"]
    assert gitlab.SEVERITY == {"error": "major", "warning": "minor"}


# -- full ------------------------------------------------------------------------------------


def _frame(out: str) -> list[str]:
    return out.splitlines()[1:4]


def test_full_shows_the_line_and_a_caret_under_the_column(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("page.md").write_text("---\ntitle: Hello\n---\n", encoding="utf-8")
    found = [finding(line=2, column=8, message="the title")]
    out = render("full", found)
    lines = out.splitlines()
    assert lines[0] == text.format_finding(found[0])
    assert lines[1:4] == ["  |", "2 | title: Hello", "  |        ^"]
    assert lines[-1] == text.summary(found)
    assert "\x1b" not in out
    colored = render("full", found, color=True)
    assert "\x1b[" in colored and re.sub(r"\x1b\[\d+m", "", colored) == out


def test_full_keeps_the_caret_under_the_character_with_tabs_and_wide_text(
    tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("page.md").write_text("\tk:\tv\n漢字 x\ne\u0301 y\n", encoding="utf-8")
    expected = {1: ("    k:  v", 8), 2: ("漢字 x", 5), 3: ("e\u0301 y", 2)}
    for line, column in ((1, 5), (2, 4), (3, 4)):
        shown, caret_line = _frame(render("full", [finding(line=line, column=column)]))[1:3]
        prefix = f"{line} | "
        assert shown.startswith(prefix) and caret_line.endswith("^")
        assert (shown[len(prefix) :], len(caret_line) - 1 - len(prefix)) == expected[line]


def test_full_escapes_the_source_line_and_a_missing_line_prints_alone(
    tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("page.md").write_bytes("a\x1b[2J\u202eb: c\r\n".encode())
    out = render("full", [finding(line=1, column=10), finding(line=7), finding("gone.md")])
    assert not UNSAFE.search(out.replace("\n", ""))
    lines = out.splitlines()
    assert lines[2] == "1 | a\\x1b[2J\\u202eb: c"
    assert lines[3] == "  | " + " " * len("a\\x1b[2J\\u202eb: ") + "^"
    # the line past the end of the file and the missing file: the one line, nothing else
    assert lines[5].startswith("page.md:7:1:") and lines[6].startswith("gone.md:1:1:")
    assert len(lines) == 8


def test_full_shows_a_window_of_a_very_long_line(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("page.md").write_text("a" * 50_000 + "X" + "b" * 50_000 + "\n", encoding="utf-8")
    shown, caret_line = _frame(render("full", [finding(column=50_001)]))[1:3]
    assert len(shown) < 200 and shown.startswith("1 | …") and shown.endswith("…")
    assert shown[caret_line.index("^")] == "X"


def test_full_is_the_default_on_a_terminal() -> None:
    from contentlint.cli.lint import default_format

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert default_format(Terminal()) == "full"
    assert default_format(io.StringIO()) == "text"


@pytest.mark.parametrize("name", ["full", "concise", "junit", "gitlab", "sarif"])
def test_every_new_format_runs_from_the_command_line(name, corpus, cli) -> None:
    corpus.page("medicine/what-is-anemia.md", date="2025-02-30")
    result = cli("check", "--no-cache", "--output-format", name)
    assert result.code == 1 and "FM006" in result.out


def test_one_finding_has_one_fingerprint_in_every_format(corpus, cli) -> None:
    from contentlint.baseline import write_baseline
    from contentlint.fingerprint import fingerprints

    corpus.page("medicine/what-is-anemia.md", date="2025-02-30", extra_field="x")
    rows = cli("check", "--no-cache", "--output-format", "json").findings
    found = [Finding(**{k: v for k, v in row.items() if k != "fixable"}) for row in rows]
    expected = fingerprints(found, FileLines())
    log = json.loads(cli("check", "--no-cache", "--output-format", "sarif").out)
    in_sarif = [r["partialFingerprints"]["contentlint/v1"] for r in log["runs"][0]["results"]]
    issues = json.loads(cli("check", "--no-cache", "--output-format", "gitlab").out)
    write_baseline("baseline.json", found)
    in_baseline = [
        r["fingerprint"] for r in json.loads(Path("baseline.json").read_text())["findings"]
    ]
    assert in_sarif == [i["fingerprint"] for i in issues] == expected
    assert sorted(in_baseline) == sorted(expected)
