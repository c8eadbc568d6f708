"""The options a team's day needs: --exit-zero, --statistics, --extend-select, check --fix,
--show-fixes, fix --diff at the lines on disk, config found from the paths, cache-dir, clean."""

from __future__ import annotations

import json
import os

import pytest
from conftest import codes

from contentlint.fixer import _line_map, on_disk
from contentlint.model import Finding

MOJIBAKE = "Hereâ€™s the short answer."


@pytest.fixture
def mixed(corpus):
    """An error (FM006), a warning (FM007) and a fixable error (EN001) on two pages."""
    corpus.page("what-is-anemia.md", date="2025-02-30", artcle_title="x")
    corpus.page("what-is-iron.md", answer=MOJIBAKE)
    return corpus


def test_exit_zero_keeps_the_report_and_exits_0(mixed, cli, lint) -> None:
    failing = lint()
    assert failing.code == 1
    passing = lint("--exit-zero")
    assert passing.code == 0
    assert passing.findings == failing.findings
    mixed.config("select = 42\n")
    assert cli("check", "--exit-zero").code == 2  # a mistake is still a mistake


def test_statistics_count_each_rule(mixed, cli) -> None:
    result = cli("check", "--statistics")
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[-1] == "3 findings; [*] fixable"
    rows = [line.split() for line in lines[:-1]]
    assert sorted((row[1], row[2]) for row in rows) == [
        ("EN001", "mojibake"),
        ("FM006", "invalid-field"),
        ("FM007", "unknown-field"),
    ]
    assert next(row for row in rows if row[1] == "EN001")[-1] == "[*]"
    as_json = json.loads(cli("check", "--statistics", "--output-format", "json").out)
    assert {row["code"]: (row["count"], row["fixable"]) for row in as_json} == {
        "EN001": (1, 1),
        "FM006": (1, 0),
        "FM007": (1, 0),
    }


def test_extend_select_adds_to_the_selection(mixed, lint) -> None:
    assert codes(lint("--select", "FM006").findings) == ["FM006"]
    assert codes(lint("--select", "FM006", "--extend-select", "EN001").findings) == [
        "EN001",
        "FM006",
    ]
    mixed.config('select = ["FM007"]\nextend-select = ["FM006"]\n')
    assert codes(lint().findings) == ["FM006", "FM007"]


def test_extend_select_in_config_is_checked(mixed, cli) -> None:
    mixed.config('extend-select = ["NOPE"]\n')
    result = cli("check")
    assert result.code == 2 and "NOPE" in result.err


def test_check_fix_runs_fix(mixed, cli) -> None:
    result = cli("check", "--fix")
    assert "Here’s" in (mixed.root / "what-is-iron.md").read_text(encoding="utf-8")
    assert "Fixed 1 file." in result.err
    assert result.code == 1  # the date and the unknown field are still there


def test_show_fixes_says_what_was_fixed_per_file_and_rule(mixed, cli) -> None:
    would = cli("fix", "--check", "--show-fixes")
    assert "Would fix 1 finding:" in would.err
    assert "- what-is-iron.md:" in would.err and "1 × EN001 [mojibake]" in would.err
    assert MOJIBAKE in (mixed.root / "what-is-iron.md").read_text(encoding="utf-8")
    done = cli("fix", "--show-fixes")
    assert "Fixed 1 finding:" in done.err and "1 × EN001 [mojibake]" in done.err
    again = cli("fix", "--show-fixes")
    assert "No findings fixed." in again.err


def test_fix_diff_reports_what_is_left_at_the_lines_on_disk() -> None:
    old = "a\nb broken\nc\nd\nleft here\n"
    new = "a\nb\nfixed\nc\nd\nleft here\n"  # the fix split line 2 in two
    finding = Finding("p.md", 6, 1, "X001", "x", "error", "left")
    changed = {"/abs/p.md": (old, new)}
    moved = on_disk([finding], changed, {"/abs/p.md": "p.md"})
    assert [(f.line, f.column) for f in moved] == [(5, 1)]
    other = Finding("q.md", 6, 1, "X001", "x", "error", "untouched")
    assert on_disk([other], changed, {"/abs/p.md": "p.md"}) == [other]
    assert _line_map(old, new) == {1: 1, 2: 2, 3: 2, 4: 3, 5: 4, 6: 5}


def test_config_is_found_above_the_paths_given(corpus, cli) -> None:
    site = corpus.root / "site"
    corpus.page("site/what-is-anemia.md", artcle_title="x")
    (site / "pyproject.toml").write_text('[tool.contentlint]\nignore = ["FM007"]\n')
    from_above = cli("check", "--output-format", "json", "--verbose", "site")
    assert from_above.findings == []
    assert f"config {site / 'pyproject.toml'}" in from_above.err
    os.chdir(site)
    assert cli("check", "--output-format", "json", ".").findings == []


def test_verbose_says_when_no_config_is_used(corpus, cli) -> None:
    corpus.page()
    assert "no config file: the defaults" in cli("check", "--verbose").err


def test_cache_dir_from_the_config_holds_the_cache(corpus, cli) -> None:
    corpus.git_init()
    corpus.page()
    corpus.config('cache-dir = "build/lint-cache"\n')
    assert cli("check").code == 0
    assert (corpus.root / "build/lint-cache/cache.sqlite3").is_file()
    assert not (corpus.root / ".contentlint_cache").exists()


def test_cache_dir_outside_the_repository_is_refused(corpus, cli, tmp_path_factory) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    corpus.git_init()
    corpus.page()
    corpus.config(f'cache-dir = "{elsewhere}"\n')
    result = cli("check")
    assert result.code == 2 and "cache-dir" in result.err
    assert list(elsewhere.iterdir()) == []


def test_cache_dir_from_the_environment_or_the_command_line(
    corpus, cli, monkeypatch, tmp_path_factory
) -> None:
    corpus.page()
    chosen = tmp_path_factory.mktemp("ci") / "cache"
    monkeypatch.setenv("CONTENTLINT_CACHE_DIR", str(chosen))
    assert cli("check").code == 0
    assert (chosen / "cache.sqlite3").is_file()
    monkeypatch.delenv("CONTENTLINT_CACHE_DIR")
    flag = chosen.parent / "flag"
    assert cli("check", "--cache-dir", str(flag)).code == 0
    assert (flag / "cache.sqlite3").is_file()


def test_clean_removes_the_cache_and_nothing_else(corpus, cli) -> None:
    corpus.page()
    assert cli("check").code == 0
    folder = corpus.root / ".contentlint_cache"
    assert folder.is_dir()
    result = cli("clean")
    assert result.code == 0 and "Removed the cache" in result.err
    assert not folder.exists()
    assert (corpus.root / "what-is-anemia.md").exists()
    assert "No cache" in cli("clean").err


def test_clean_refuses_a_folder_holding_other_files(corpus, cli) -> None:
    corpus.page()
    corpus.config('cache-dir = "content"\n')
    (corpus.root / "content").mkdir()
    (corpus.root / "content/page.md").write_text("mine")
    result = cli("clean")
    assert result.code == 2 and "did not write" in result.err
    assert (corpus.root / "content/page.md").read_text() == "mine"


def test_per_file_ignores_drop_those_rules_in_those_files_only(corpus, lint, cli) -> None:
    corpus.page("legacy/what-is-anemia.md", answer=MOJIBAKE, date="2025-02-30")
    corpus.page("what-is-iron.md", answer=MOJIBAKE)
    corpus.config('[per-file-ignores]\n"legacy/**" = ["EN001", "invalid-field"]\n')
    found = sorted((f["path"], f["code"]) for f in lint().findings)
    assert found == [("what-is-iron.md", "EN001")]
    cli("fix")  # an ignored finding is not fixed either
    assert MOJIBAKE in (corpus.root / "legacy/what-is-anemia.md").read_text(encoding="utf-8")
    assert "Here’s" in (corpus.root / "what-is-iron.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "table",
    [
        'per-file-ignores = ["x"]',
        '[per-file-ignores]\n"legacy/**" = "EN001"',
        '[per-file-ignores]\n"legacy/**" = ["NOPE"]',
        '[per-file-ignores]\n"" = ["EN001"]',
    ],
)
def test_per_file_ignores_mistakes_exit_2(corpus, cli, table) -> None:
    corpus.page()
    corpus.config(table + "\n")
    result = cli("check")
    assert result.code == 2 and "per-file-ignores" in result.err, result.err
