"""The command line: output formats (the JSON contract), exit codes, rule selection, help."""

from __future__ import annotations

import contextlib
import io
import json
import re
import sys

import pytest
from conftest import DROP, codes, only

from contentlint import cli as cli_module

JSON_KEYS = {"path", "line", "column", "code", "rule", "severity", "message", "fixable"}
TEXT_LINE = re.compile(
    r"^(?P<path>[^\s:]+):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning): "
    r"(?P<code>[A-Z]{2}\d{3}) \[(?P<rule>[a-z0-9-]+)\] (?P<message>.+)$"
)

QA_RULES = {
    # code: (name, severity, fixable), as documented by `contentlint rules`
    "FM001": ("frontmatter-missing", "error", False),
    "FM002": ("yaml-syntax", "error", False),
    "FM003": ("duplicate-key", "error", False),
    "FM004": ("unknown-schema", "error", False),
    "FM005": ("missing-field", "error", False),
    "FM006": ("invalid-field", "error", False),
    "FM007": ("unknown-field", "warning", False),
    "ID001": ("url-file-name-mismatch", "error", False),
    "ID002": ("url-subject-mismatch", "error", False),
    "ID003": ("subject-vocabulary", "error", True),
    "ID004": ("title-mismatch", "error", True),
    "ID005": ("duplicate-id", "error", False),
    "ID006": ("duplicate-url", "error", False),
    "RL001": ("related-unresolved", "error", False),
    "RL002": ("related-stale", "error", True),
    "RL003": ("related-self", "error", False),
    "RL004": ("related-duplicate", "error", False),
    "RL005": ("related-numbering", "error", False),
    "EN001": ("mojibake", "error", True),
    "EN002": ("encoding", "error", True),
    "EN003": ("io-error", "error", False),
}


@pytest.fixture
def mixed(corpus):
    """One page with an error (FM006 at 4:7) and a warning (FM007 at 26:1), one clean page."""
    corpus.page("medicine/what-is-anemia.md", date="2025-02-30", artcle_title="x")
    corpus.page("medicine/what-is-iron.md")
    return corpus


# -- in-process output -----------------------------------------------------------------------


def test_report_writes_to_the_current_stdout(corpus, monkeypatch):
    # cli._report must look up sys.stdout when it runs, not when the module was imported,
    # or nothing can capture the report of an in-process run (redirect_stdout, capsys)
    corpus.page(date="2025-02-30")
    monkeypatch.chdir(corpus.root)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = cli_module.main(["check", "--output-format", "json"])
    assert code == 1
    assert [f["code"] for f in json.loads(buffer.getvalue())] == ["FM006"]


# -- JSON contract ---------------------------------------------------------------------------


def test_json_is_a_list_of_findings_with_the_contract_keys(mixed, lint):
    result = lint()
    assert result.code == 1
    findings = result.findings
    assert isinstance(findings, list)
    assert len(findings) == 2
    for finding in findings:
        assert set(finding) == JSON_KEYS
        assert isinstance(finding["path"], str)
        assert isinstance(finding["line"], int) and finding["line"] >= 1
        assert isinstance(finding["column"], int) and finding["column"] >= 1
        assert finding["severity"] in ("error", "warning")
        assert isinstance(finding["fixable"], bool)
        assert isinstance(finding["message"], str) and finding["message"]
        assert QA_RULES[finding["code"]][0] == finding["rule"]
    error, warning = findings
    assert (error["path"], error["line"], error["column"]) == ("medicine/what-is-anemia.md", 4, 7)
    assert (error["code"], error["rule"], error["severity"]) == ("FM006", "invalid-field", "error")
    assert (warning["line"], warning["column"], warning["code"]) == (26, 1, "FM007")
    assert warning["severity"] == "warning"


def test_json_for_a_clean_corpus_is_an_empty_list(corpus, cli):
    corpus.page()
    result = cli("check", "--output-format=json")
    assert result.code == 0
    assert result.output == []


def test_json_paths_are_relative_to_the_current_folder(mixed, cli, monkeypatch):
    absolute = mixed.root / "medicine" / "what-is-anemia.md"
    result = cli("check", "--output-format", "json", "--select", "FM006", absolute)
    assert [f["path"] for f in result.findings] == ["medicine/what-is-anemia.md"]
    monkeypatch.chdir(mixed.root / "medicine")
    result = cli("check", "--output-format", "json", "--select", "FM006", ".")
    assert [f["path"] for f in result.findings] == ["what-is-anemia.md"]


def test_findings_are_sorted_by_path_line_column(corpus, lint):
    corpus.page("b/what-is-iron.md", date="2025-02-30", author=DROP)
    corpus.page("a/what-is-anemia.md", id=0)
    keys = [(f["path"], f["line"], f["column"]) for f in lint().findings]
    assert keys == sorted(keys)
    assert keys[0][0] == "a/what-is-anemia.md"


# -- text and github formats, colour ---------------------------------------------------------


def test_text_format(mixed, cli):
    result = cli("check")
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[-1] == "Found 1 error, 1 warning."
    parsed = [TEXT_LINE.match(line) for line in lines[:-1]]
    assert all(parsed), lines
    first = parsed[0].groupdict()
    assert first["path"] == "medicine/what-is-anemia.md"
    assert (first["line"], first["column"]) == ("4", "7")
    assert (first["code"], first["rule"]) == ("FM006", "invalid-field")
    assert [p["severity"] for p in parsed] == ["error", "warning"]
    assert "\x1b" not in result.out + result.err


def test_text_format_for_a_clean_corpus(corpus, cli):
    corpus.page()
    result = cli("check")
    assert result.code == 0
    assert result.out == "All checks passed!\n"


def test_quiet_prints_findings_only(mixed, cli):
    result = cli("check", "--quiet")
    lines = result.out.splitlines()
    assert len(lines) == 2
    assert all(TEXT_LINE.match(line) for line in lines)


def test_github_format(mixed, cli):
    result = cli("check", "--output-format", "github")
    assert result.code == 1
    assert result.out.splitlines() == [
        "::error file=medicine/what-is-anemia.md,line=4,col=7,title=FM006 [invalid-field]::"
        "'date' is not a valid date: '2025-02-30' "
        "(expected a real calendar date written YYYY-MM-DD)",
        "::warning file=medicine/what-is-anemia.md,line=26,col=1,title=FM007 [unknown-field]::"
        "unknown field 'artcle_title': the schema does not define it"
        " (did you mean 'article_title'?)",
    ]


def test_github_format_escapes_properties(corpus, cli):
    corpus.page("what,is:anemia.md", date="2025-02-30")
    result = cli("check", "--output-format", "github", "--select", "FM006")
    assert result.out.startswith("::error file=what%2Cis%3Aanemia.md,line=4,col=7,")


def test_github_actions_environment_defaults_to_github_format(mixed, cli, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = cli("check")
    assert result.out.startswith("::error file=medicine/what-is-anemia.md,line=4,col=7,")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_and_not_with_no_color(mixed, cli, monkeypatch):
    assert "\x1b[" not in cli("check").out  # capsys is not a terminal
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert cli_module.main(["check"]) == 1
    assert "\x1b[" in terminal.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert cli_module.main(["check"]) == 1
    assert "\x1b[" not in terminal.getvalue()
    assert TEXT_LINE.match(terminal.getvalue().splitlines()[0])


# -- exit codes ------------------------------------------------------------------------------


def test_exit_0_when_clean(corpus, lint):
    corpus.page()
    assert lint().code == 0


def test_exit_0_with_warnings_only(corpus, lint):
    corpus.page(artcle_title="x")
    result = lint()
    assert codes(result.findings) == ["FM007"]
    assert result.code == 0


def test_exit_1_with_an_error(corpus, lint):
    corpus.page(date="2025-02-30")
    assert lint().code == 1


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["check", "--bogus"], "--bogus"),
        (["check", "--select", "XX9"], "'XX9'"),
        (["check", "--ignore", "no-such-rule"], "'no-such-rule'"),
        (["check", "--select", "FM006,nope"], "'nope'"),
        (["check", "--output-format", "xml"], "xml"),
        (["fix", "--diff", "--check"], "--check"),
        (["frobnicate"], "frobnicate"),
        (["rule", "nope"], "'nope'"),
        ([], "usage"),
    ],
)
def test_exit_2_for_usage_mistakes_without_a_traceback(corpus, cli, args, says):
    corpus.page(date="2025-02-30")
    result = cli(*args)  # the fixture also checks that stderr holds no traceback
    assert result.code == 2
    assert says in result.err + result.out


def test_exit_2_for_a_bad_config(corpus, cli):
    corpus.page()
    corpus.config("selcet = ['FM']\n")
    result = cli("check")
    assert result.code == 2
    assert result.err.startswith("error: ")
    assert "'selcet'" in result.err


def test_version(cli, capsys):
    with pytest.raises(SystemExit) as exc:
        cli_module.main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.startswith("contentlint ")


# -- --select / --ignore ---------------------------------------------------------------------


@pytest.fixture
def many(corpus):
    """A page with FM006 (date), FM007 (unknown field), ID001 (disk name), ID004 (seo.title)."""
    corpus.page(
        "anemia.md",
        file_name="what-is-anemia.md",
        url="/learn/medicine/questions/what-is-anemia",
        date="2025-02-30",
        seo={"title": "QuickTakes"},
        artcle_title="x",
    )
    return corpus


def test_all_rules_run_by_default(many, lint):
    assert codes(lint().findings) == ["FM006", "FM007", "ID001", "ID004"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--select", "FM006"], ["FM006"]),
        (["--select", "fm006"], ["FM006"]),
        (["--select", "invalid-field"], ["FM006"]),
        (["--select", "FM"], ["FM006", "FM007"]),
        (["--select", "ID00"], ["ID001", "ID004"]),
        (["--select", "FM006,title-mismatch"], ["FM006", "ID004"]),
        (["--select", "FM006", "--select", "ID001"], ["FM006", "ID001"]),
        (["--ignore", "FM007"], ["FM006", "ID001", "ID004"]),
        (["--ignore", "unknown-field,ID"], ["FM006"]),
        (["--ignore", "FM", "--ignore", "ID004"], ["ID001"]),
        (["--select", "FM", "--ignore", "invalid-field"], ["FM007"]),
    ],
)
def test_select_and_ignore(many, lint, args, expected):
    result = lint(*args)
    assert codes(result.findings) == expected


# -- rules / rule / --verbose / parse --------------------------------------------------------


def test_rules_lists_every_rule(cli):
    result = cli("rules")
    assert result.code == 0
    rows = {line.split()[0]: line for line in result.out.splitlines()}
    for code, (name, severity, fixable) in QA_RULES.items():
        row = rows[code]
        assert row.split()[1] == name
        assert row.split()[2] == severity
        assert (row.split()[3] == "fix") is fixable


def test_rules_as_json(cli):
    result = cli("rules", "--output-format", "json")
    assert result.code == 0
    by_code = {row["code"]: row for row in result.output}
    for code, (name, severity, fixable) in QA_RULES.items():
        row = by_code[code]
        assert (row["name"], row["severity"], row["fixable"]) == (name, severity, fixable)
        assert row["summary"]
    assert by_code["ID003"]["scope"] == "corpus"
    assert by_code["FM006"]["scope"] == "file"


@pytest.mark.parametrize("name", ["subject-vocabulary", "ID003", "id003"])
def test_rule_explains_one_rule(cli, name):
    result = cli("rule", name)
    assert result.code == 0
    assert result.out.startswith("subject-vocabulary (ID003)\n")
    assert "Fixable: yes" in result.out
    assert "cross-file" in result.out
    assert "Bad:" in result.out and "Good:" in result.out
    assert "subjects = null" in result.out
    assert "[tool.contentlint.rules.subject-vocabulary]" in result.out


def test_every_qa_rule_can_be_explained(cli):
    for code, (name, _, fixable) in QA_RULES.items():
        result = cli("rule", code)
        assert result.code == 0
        assert result.out.startswith(f"{name} ({code})\n")
        assert f"Fixable: {'yes' if fixable else 'no'}." in result.out


def test_verbose_lists_skipped_files(corpus, cli):
    corpus.page()
    corpus.raw("README.md", "# Notes\n\nNo frontmatter here.\n")
    quiet = cli("check")
    assert quiet.code == 0
    assert "README" not in quiet.out + quiet.err
    verbose = cli("check", "--verbose", "--output-format", "json")
    assert verbose.code == 0
    assert verbose.output == []
    assert "skipped README.md" in verbose.err
    assert "what-is-anemia.md" not in verbose.err
    assert cli("check", "-v").err == verbose.err


def test_parse_prints_the_frontmatter(corpus, cli):
    corpus.page(date="2025-02-30")
    result = cli("parse", "what-is-anemia.md")
    assert result.code == 0
    data = json.loads(result.out)
    assert data["type"] == "default" and data["format"] == "frontmatter"
    assert data["frontmatter"]["date"] == "2025-02-30"
    assert data["frontmatter"]["id"] == 100


def test_parse_a_missing_file_is_a_usage_error(cli):
    result = cli("parse", "nope.md")
    assert result.code == 2
    assert "nope.md" in result.err


def test_only_error_findings_decide_the_exit_code_of_mixed_files(corpus, lint):
    corpus.page("what-is-anemia.md", artcle_title="x")
    corpus.page("what-is-iron.md", date="2025-02-30")
    result = lint()
    assert codes(result.findings) == ["FM006", "FM007"]
    assert result.code == 1
    assert lint("what-is-anemia.md").code == 0
    assert only(lint("what-is-anemia.md").findings, "FM006") == []
