"""Finding the files to check and the corpus: globs, default include, git and .gitignore."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from contentlint.config import Config
from contentlint.discover import corpus_root, expand, git_root, list_folder_names, matches


@pytest.fixture
def no_git(tmp_path):
    if git_root(tmp_path) is not None:
        pytest.skip("tmp_path is inside a git work tree")


def _paths(result) -> list[str]:
    return sorted({f["path"] for f in result.findings})


# -- matches ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "pattern", "expected"),
    [
        # a pattern without "/" matches the file's name, in any folder
        ("page.md", "*.md", True),
        ("a/b/page.md", "*.md", True),
        ("a/b/page.mdx", "*.md", False),
        ("a/b/page.md.bak", "*.md", False),
        ("a/b/readme.txt", "*.md", False),
        ("a/b/old-page.md", "old-*.md", True),
        ("a/b/page-old.md", "old-*.md", False),
        ("a/b/page1.md", "page?.md", True),
        ("a/b/page12.md", "page?.md", False),
        # ... and a folder's name at any depth: the folder matches what it holds
        ("drafts/page.md", "drafts", True),
        ("a/drafts/page.md", "drafts/", True),
        ("a/drafts-2/page.md", "drafts", False),
        ("drafts.md", "drafts", False),
        # a pattern with "/" matches the path relative to the config's folder
        ("content/page.md", "content/*.md", True),
        ("content/a/page.md", "content/*.md", False),
        ("content/a/page.md", "content/**", True),
        ("content/a/b/page.md", "content/**/*.md", True),
        ("content/page.md", "content/**/*.md", True),
        ("other/content/page.md", "content/**", False),
        ("other/content/page.md", "**/content/*.md", True),
        ("content/a/page.md", "content/a", True),
        ("content/a/page.md", "./content/a/", True),
        ("content/ab/page.md", "content/a", False),
        ("page.md", "**/*.md", True),
        ("a.b/page.md", "a.b/*.md", True),
        ("axb/page.md", "a.b/*.md", False),
    ],
)
def test_matches(relative, pattern, expected):
    assert matches(relative, [pattern]) is expected


def test_matches_any_of_several_patterns():
    assert matches("a/page.txt", ["*.md", "*.txt"])
    assert not matches("a/page.html", ["*.md", "*.txt"])
    assert not matches("a/page.md", [])


# -- default include, walking without git ----------------------------------------------------


def test_default_include(corpus, lint, no_git):
    for name in ("a.md", "b.markdown", "c.txt", "d.html", "e.yaml", "f.json", "g", "h.MD.bak"):
        corpus.raw(name, "---\n_schema: nope\n---\n")
    assert _paths(lint()) == ["a.md", "b.markdown", "c.txt"]


def test_walking_skips_hidden_and_tool_folders(corpus, lint, no_git):
    for folder in (".hidden", ".git", ".venv", "venv", "node_modules", "__pycache__", "ok"):
        corpus.raw(f"{folder}/page.md", "---\n_schema: nope\n---\n")
    assert _paths(lint()) == ["ok/page.md"]


def test_a_folder_argument_expands_to_the_files_under_it(corpus, lint, no_git):
    corpus.raw("a/one.md", "---\n_schema: nope\n---\n")
    corpus.raw("a/b/two.md", "---\n_schema: nope\n---\n")
    corpus.raw("c/three.md", "---\n_schema: nope\n---\n")
    assert _paths(lint("a")) == ["a/b/two.md", "a/one.md"]


def test_expand_reports_missing_paths(tmp_path, no_git):
    (tmp_path / "page.md").write_text("x")
    config = Config(base=tmp_path)
    files, missing = expand([tmp_path / "page.md", tmp_path / "nope.md"], config)
    assert files == [str((tmp_path / "page.md").resolve())]
    assert missing == [tmp_path / "nope.md"]


def test_corpus_root_without_git_is_the_common_parent(tmp_path, no_git):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "c").mkdir()
    (tmp_path / "a" / "b" / "x.md").write_text("x")
    config = Config(base=tmp_path)
    assert corpus_root([tmp_path / "a" / "b" / "x.md"], config) == (tmp_path / "a" / "b")
    assert corpus_root([tmp_path / "a" / "b", tmp_path / "c"], config) == tmp_path
    config.root = tmp_path / "c"
    assert corpus_root([tmp_path / "a"], config) == tmp_path / "c"


# -- inside a git work tree ------------------------------------------------------------------


def test_gitignore_is_respected(corpus, lint):
    corpus.git_init()
    corpus.raw(".gitignore", "ignored/\n*.tmp.md\n")
    for name in ("kept.md", "sub/kept.md", "ignored/page.md", "draft.tmp.md"):
        corpus.raw(name, "---\n_schema: nope\n---\n")
    assert _paths(lint()) == ["kept.md", "sub/kept.md"]


def test_git_listing_never_includes_the_git_folder(corpus, lint):
    corpus.git_init()
    corpus.raw(".git/info/page.md", "---\n_schema: nope\n---\n")
    corpus.raw("docs/page.md", "---\n_schema: nope\n---\n")
    assert _paths(lint()) == ["docs/page.md"]
    assert _paths(lint("docs")) == ["docs/page.md"]


def test_list_folder_uses_git_for_a_subfolder(corpus):
    corpus.git_init()
    corpus.raw(".gitignore", "skip.md\n")
    corpus.raw("a/page.md", "x")
    corpus.raw("a/skip.md", "x")
    corpus.raw("b/page.md", "x")
    config = Config(base=corpus.root)
    found = list(map(Path, list_folder_names(corpus.root / "a", config)))
    assert [p.relative_to(corpus.root).as_posix() for p in found] == ["a/page.md"]


def test_gitignored_pages_are_not_part_of_the_corpus(corpus, lint):
    corpus.git_init()
    corpus.raw(".gitignore", "build/\n")
    target = corpus.page("build/how-is-anemia-treated.md", id=7)
    corpus.page("what-is-anemia.md", related_article1=target.ref())
    result = lint("what-is-anemia.md")
    assert [f["code"] for f in result.findings] == ["RL001"]


def test_corpus_root_in_git_is_the_work_tree(corpus):
    corpus.git_init()
    corpus.raw("a/b/x.md", "x")
    config = Config(base=corpus.root)
    assert corpus_root([corpus.root / "a" / "b" / "x.md"], config) == corpus.root.resolve()


def test_a_deleted_tracked_file_is_not_reported(corpus, lint):
    # `git ls-files --cached` still lists a tracked file deleted from the work tree (until
    # the deletion is staged): it must not turn into an io-error for a file that is gone
    corpus.git_init()
    corpus.page("what-is-anemia.md")
    corpus.page("what-is-iron.md")
    subprocess.run(["git", "-C", str(corpus.root), "add", "."], check=True, capture_output=True)
    Path(corpus.root / "what-is-iron.md").unlink()
    result = lint()
    assert result.findings == []
    assert result.code == 0
