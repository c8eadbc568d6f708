"""Configuration: where it is found, what every key does, and how mistakes are reported."""

from __future__ import annotations

import pytest
from conftest import codes, only, where

from contentlint.config import ConfigError, load_config
from contentlint.discover import git_root


@pytest.fixture
def two_problems(corpus):
    """A page with FM006 (error) and FM007 (warning)."""
    return corpus.page(date="2025-02-30", artcle_title="x")


# -- finding the file ------------------------------------------------------------------------


def test_pyproject_tool_table(two_problems, corpus, lint):
    corpus.config('[tool.contentlint]\nselect = ["FM006"]\n', "pyproject.toml")
    assert codes(lint().findings) == ["FM006"]


def test_contentlint_toml(two_problems, corpus, lint):
    corpus.config('select = ["FM007"]\n')
    assert codes(lint().findings) == ["FM007"]


def test_found_upward_from_the_current_folder(corpus, lint, monkeypatch):
    corpus.page("content/medicine/what-is-anemia.md", date="2025-02-30", artcle_title="x")
    corpus.config('[tool.contentlint]\nignore = ["FM007"]\n', "pyproject.toml")
    monkeypatch.chdir(corpus.root / "content" / "medicine")
    assert codes(lint().findings) == ["FM006"]


def test_contentlint_toml_wins_over_pyproject_in_the_same_folder(two_problems, corpus, lint):
    corpus.config('[tool.contentlint]\nselect = ["FM006"]\n', "pyproject.toml")
    corpus.config('select = ["FM007"]\n')
    assert codes(lint().findings) == ["FM007"]


def test_nearest_config_wins(corpus, lint, monkeypatch):
    corpus.page("sub/what-is-anemia.md", date="2025-02-30", artcle_title="x")
    corpus.config('select = ["FM006"]\n')
    corpus.config('select = ["FM007"]\n', "sub/contentlint.toml")
    monkeypatch.chdir(corpus.root / "sub")
    assert codes(lint().findings) == ["FM007"]


def test_pyproject_without_a_contentlint_table_is_passed_over(corpus, lint, monkeypatch):
    corpus.page("sub/what-is-anemia.md", date="2025-02-30", artcle_title="x")
    corpus.config('select = ["FM006"]\n')
    corpus.config("[tool.black]\nline-length = 88\n", "sub/pyproject.toml")
    monkeypatch.chdir(corpus.root / "sub")
    assert codes(lint().findings) == ["FM006"]


def test_config_option_names_a_file(two_problems, corpus, lint):
    corpus.config('select = ["FM006"]\n')  # found upward, but --config wins
    corpus.config('select = ["FM007"]\n', "configs/strict.toml")
    assert codes(lint("--config", "configs/strict.toml").findings) == ["FM007"]


def test_config_option_with_a_pyproject(two_problems, corpus, lint):
    corpus.config('[tool.contentlint]\nselect = ["FM007"]\n', "configs/pyproject.toml")
    assert codes(lint("--config", "configs/pyproject.toml").findings) == ["FM007"]


def test_config_option_naming_a_missing_file(two_problems, cli):
    result = cli("check", "--config", "nope.toml")
    assert result.code == 2
    assert "nope.toml" in result.err


def test_load_config_base_is_the_config_folder(corpus):
    corpus.config('select = ["FM"]\n', "a/contentlint.toml")
    (corpus.root / "a" / "b").mkdir()
    config = load_config(cwd=corpus.root / "a" / "b")
    assert config.base == (corpus.root / "a").resolve()
    assert config.select == ["FM"]


# -- select / ignore / severity / rule options -----------------------------------------------


def test_cli_select_replaces_config_select_and_ignores_add_up(two_problems, corpus, lint):
    corpus.page("what-is-iron.md", seo={"title": "QuickTakes"})
    corpus.config('select = ["FM006"]\nignore = ["ID001"]\n')
    assert codes(lint().findings) == ["FM006"]
    assert codes(lint("--select", "FM,ID").findings) == ["FM006", "FM007", "ID004"]
    assert codes(lint("--select", "FM,ID", "--ignore", "FM006").findings) == ["FM007", "ID004"]


def test_severity_override_changes_the_exit_code(corpus, lint):
    corpus.page(artcle_title="x")
    assert lint().code == 0
    corpus.config('[tool.contentlint.severity]\nunknown-field = "error"\n', "pyproject.toml")
    result = lint()
    [finding] = result.findings
    assert (finding["code"], finding["severity"]) == ("FM007", "error")
    assert result.code == 1


def test_severity_override_by_code_to_warning(corpus, lint):
    corpus.page(date="2025-02-30")
    corpus.config('[severity]\nFM006 = "warning"\n')
    result = lint()
    [finding] = result.findings
    assert finding["severity"] == "warning"
    assert result.code == 0


def test_rule_options_in_pyproject(corpus, lint):
    corpus.page("export.txt", file_name="what-is-anemia.md", url="/learn/medicine/questions/x")
    corpus.config(
        '[tool.contentlint.rules.url-file-name-mismatch]\n"check-disk-name" = false\n',
        "pyproject.toml",
    )
    [finding] = lint().findings
    assert finding["code"] == "ID001"
    assert "url's last segment 'x'" in finding["message"]


# -- include / exclude / require-frontmatter / root ------------------------------------------


def test_include_limits_what_folders_expand_to(corpus, lint):
    corpus.page("what-is-anemia.md", date="2025-02-30")
    corpus.page("what-is-iron.txt", date="2025-02-30", file_name="what-is-iron.txt")
    corpus.config('include = ["*.md"]\n')
    assert [f["path"] for f in lint().findings] == ["what-is-anemia.md"]
    # a file named on the command line is checked even if include would not pick it
    assert "what-is-iron.txt" in [f["path"] for f in lint("what-is-iron.txt").findings]


@pytest.mark.parametrize("pattern", ["drafts", "drafts/", "drafts/**", "**/drafts/*.md"])
def test_exclude_folder(corpus, lint, pattern):
    corpus.page("what-is-anemia.md", date="2025-02-30")
    corpus.page("drafts/what-is-iron.md", date="2025-02-30")
    corpus.config(f'exclude = ["{pattern}"]\n')
    assert [f["path"] for f in lint().findings] == ["what-is-anemia.md"]
    # exclude applies to files named on the command line too (pre-commit passes them all)
    assert lint("drafts/what-is-iron.md").findings == []


def test_exclude_by_name_pattern(corpus, lint):
    corpus.page("what-is-anemia.md", date="2025-02-30")
    corpus.page("medicine/old-what-is-iron.md", date="2025-02-30")
    corpus.config('exclude = ["old-*.md"]\n')
    assert [f["path"] for f in lint().findings] == ["what-is-anemia.md"]


def test_globs_are_relative_to_the_config_folder(corpus, lint, monkeypatch):
    corpus.page("site/drafts/what-is-iron.md", date="2025-02-30")
    corpus.page("site/what-is-anemia.md", date="2025-02-30")
    corpus.config('exclude = ["site/drafts/"]\n')
    monkeypatch.chdir(corpus.root / "site")
    assert [f["path"] for f in lint().findings] == ["what-is-anemia.md"]


def test_require_frontmatter(corpus, lint):
    corpus.page("content/what-is-anemia.md")
    corpus.raw("content/notes.md", "# Notes\n\nNo frontmatter.\n")
    corpus.raw("README.md", "# Read me\n")
    corpus.config('require-frontmatter = ["content/**"]\n')
    result = lint()
    [finding] = result.findings
    assert (finding["path"], finding["code"]) == ("content/notes.md", "FM001")
    assert where(finding) == (1, 1)
    assert finding["severity"] == "error"
    assert "frontmatter" in finding["message"]
    assert result.code == 1


def test_without_require_frontmatter_such_pages_are_skipped(corpus, lint):
    corpus.raw("content/notes.md", "# Notes\n\nNo frontmatter.\n")
    result = lint()
    assert result.findings == []
    assert result.code == 0


def test_root_sets_the_corpus_for_cross_file_rules(corpus, lint, monkeypatch):
    if git_root(corpus.root) is not None:
        pytest.skip("tmp_path is inside a git work tree")
    target = corpus.page("site/health/how-is-anemia-treated.md", id=7)
    corpus.page("site/medicine/what-is-anemia.md", related_article1=target.ref())
    # default: the corpus is the common parent of the paths, site/medicine/
    assert codes(lint("site/medicine/what-is-anemia.md").findings) == ["RL001"]
    corpus.config('root = "site"\n')
    assert lint("site/medicine/what-is-anemia.md").findings == []
    # root is relative to the config file, not to the current folder
    monkeypatch.chdir(corpus.root / "site" / "medicine")
    assert lint("what-is-anemia.md").findings == []


# -- mistakes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("bogus = 1\n", "'bogus'"),
        ('select = "FM"\n', "'select'"),
        ("ignore = [1]\n", "'ignore'"),
        ('include = "*.md"\n', "'include'"),
        ('select = ["FM999"]\n', "'FM999'"),
        ('ignore = ["no-such-rule"]\n', "'no-such-rule'"),
        ("root = 5\n", "'root'"),
        ('[severity]\nno-such-rule = "error"\n', "'severity.no-such-rule'"),
        ('[severity]\nunknown-field = "fatal"\n', "'severity.unknown-field'"),
        ("severity = 3\n", "'severity'"),
        ("[rules.no-such-rule]\nx = 1\n", "'rules.no-such-rule'"),
        ("[rules]\nmojibake = 3\n", "'rules.mojibake'"),
        ("[rules.mojibake]\nx = 1\n", "'rules.mojibake.x'"),
        (
            '[rules.url-file-name-mismatch]\n"check-disk-name" = "no"\n',
            "'rules.url-file-name-mismatch.check-disk-name'",
        ),
        ('[rules.subject-vocabulary]\nsubjects = "Medicine"\n', "subjects"),
        ("[rules.subject-vocabulary]\nsubjects = [1, 2]\n", "subjects"),
        ('[rules.title-mismatch]\n"seo-title-template" = 5\n', "seo-title-template"),
        ("select = [\n", "invalid TOML"),
    ],
)
def test_invalid_config_exits_2_naming_the_key(corpus, cli, text, names):
    corpus.page()
    corpus.config(text)
    result = cli("check")
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("error: ")
    assert "contentlint.toml" in result.err
    assert names in result.err


def test_invalid_pyproject_table_names_the_key(corpus, cli):
    corpus.page()
    corpus.config("[tool.contentlint]\nslect = ['FM']\n", "pyproject.toml")
    result = cli("check")
    assert result.code == 2
    assert "pyproject.toml" in result.err
    assert "'slect'" in result.err


def test_seo_title_template_with_an_unknown_placeholder_is_a_config_error(corpus, cli):
    # "{subjct}" cannot be filled in: that is a mistake in the config, to be reported as
    # such (exit 2, naming the option), not an internal KeyError while checking
    corpus.page()
    corpus.config('[rules.title-mismatch]\n"seo-title-template" = "QuickTakes | {subjct}"\n')
    result = cli("check")
    assert result.code == 2
    assert "seo-title-template" in result.err


def test_config_error_raised_by_load_config(corpus):
    corpus.config("bogus = 1\n")
    with pytest.raises(ConfigError, match="'bogus'"):
        load_config(cwd=corpus.root)


def test_valid_config_with_every_key(corpus, lint):
    corpus.page("content/what-is-anemia.md", artcle_title="x")
    corpus.config(
        "\n".join(
            [
                'select = ["ALL"]',
                'ignore = ["EN001"]',
                'include = ["*.md", "*.txt"]',
                'exclude = ["drafts/"]',
                'root = "."',
                'require-frontmatter = ["content/**"]',
                "[severity]",
                'unknown-field = "error"',
                "[rules.subject-vocabulary]",
                'subjects = ["Medicine"]',
                "[rules.title-mismatch]",
                '"seo-title-template" = "QuickTakes | {subject}"',
                "[rules.url-file-name-mismatch]",
                '"check-disk-name" = true',
            ]
        )
        + "\n"
    )
    result = lint()
    assert [(f["code"], f["severity"]) for f in result.findings] == [("FM007", "error")]
    assert only(result.findings, "ID003") == []


def test_a_format_setting_is_validated_by_its_own_option(tmp_path) -> None:
    from contentlint.config import ConfigError, parse_config

    with pytest.raises(ConfigError, match="'acr-categories' holds an empty string"):
        parse_config({"acr-categories": ["Interventional Radiology Imaging", " "]}, tmp_path)
    with pytest.raises(ConfigError, match="'acr-categories' has the wrong type"):
        parse_config({"acr-categories": "Interventional Radiology Imaging"}, tmp_path)
    config = parse_config({"acr-categories": ["Diagnostic Radiology Imaging"]}, tmp_path)
    assert config.format_options() == {"acr-categories": ["Diagnostic Radiology Imaging"]}
    assert parse_config({}, tmp_path).format_options() == {}
