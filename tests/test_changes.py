"""A change that breaks other pages: ``check --staged`` (pre-commit) and ``--changed-since``
report the unchanged pages whose cross-file findings the change creates, naming it."""

from __future__ import annotations

import shutil

import pytest
from conftest import Corpus, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def site(corpus: Corpus) -> Corpus:
    """Three pages: b and d link to a; c stands alone (another subject). Committed."""
    corpus.config('root = "."\n')
    a = corpus.page("medicine/how-is-anemia-treated.md", id=7)
    corpus.page("medicine/what-is-anemia.md", id=8, related_article1=a.ref())
    corpus.page("medicine/what-causes-anemia.md", id=9, related_article1=a.ref())
    corpus.page("surgery/what-is-a-hernia.md", id=10, subject="Surgery")
    corpus.git_init()
    git(corpus.root, "add", "-A")
    git(corpus.root, "commit", "-q", "-m", "pages")
    return corpus


def _found(lint, *args: str) -> list[tuple[str, str]]:
    return sorted((f["path"], f["code"]) for f in lint(*args).findings)


LINKING = ["medicine/what-causes-anemia.md", "medicine/what-is-anemia.md"]


@pytest.mark.parametrize("cache", [True, False])
def test_a_staged_deletion_fails_on_each_linking_page(site, lint, cache) -> None:
    extra = () if cache else ("--no-cache",)
    assert lint("--staged", *extra).findings == []  # nothing staged yet
    git(site.root, "rm", "-q", "medicine/how-is-anemia-treated.md")
    result = lint("--staged", *extra)
    assert result.code == 1
    assert sorted((f["path"], f["code"]) for f in result.findings) == [
        (path, "RL001") for path in LINKING
    ]
    for finding in result.findings:
        assert "7" in finding["message"]
        assert "medicine/how-is-anemia-treated.md deleted in this change" in finding["message"]
        assert "How is anemia treated?" in finding["message"]


def test_a_staged_retitle_reports_the_stale_copies(site, lint) -> None:
    page = site.root / "medicine/how-is-anemia-treated.md"
    page.write_text(page.read_text().replace("How is anemia treated?", "How is anemia managed?"))
    git(site.root, "add", "-A")
    result = lint("--staged")
    assert {(f["path"], f["code"]) for f in result.findings} >= {(p, "RL002") for p in LINKING}
    stale = [f for f in result.findings if f["code"] == "RL002"]
    assert all("its title changed from" in f["message"] for f in stale)
    assert all(f["path"] in LINKING for f in stale)


def test_a_staged_rename_reports_the_pages_that_link_to_the_old_url(site, lint) -> None:
    old = "medicine/how-is-anemia-treated.md"
    new = "medicine/how-is-anaemia-treated.md"
    git(site.root, "mv", old, new)
    page = site.root / new
    page.write_text(page.read_text().replace("how-is-anemia-treated", "how-is-anaemia-treated"))
    git(site.root, "add", "-A")
    result = lint("--staged")
    stale = [f for f in result.findings if f["code"] == "RL002"]
    assert sorted(f["path"] for f in stale) == LINKING
    assert all(f"renamed from {old}" in f["message"] for f in stale)


def test_a_new_page_taking_an_id_reports_the_page_that_had_it(site, lint) -> None:
    site.page("surgery/what-is-a-fistula.md", id=10, subject="Surgery")
    git(site.root, "add", "-A")
    found = _found(lint, "--staged")
    assert ("surgery/what-is-a-hernia.md", "ID005") in found
    assert ("surgery/what-is-a-fistula.md", "ID005") in found
    assert not any(path in LINKING for path, _ in found)


def test_an_unchanged_corpus_reports_nothing_of_the_pages_it_does_not_touch(site, lint) -> None:
    page = site.root / "surgery/what-is-a-hernia.md"
    page.write_text(page.read_text().replace("date: ", "date: 2025-02-30\nx: ", 1))
    git(site.root, "add", "-A")
    assert {path for path, _ in _found(lint, "--staged")} == {"surgery/what-is-a-hernia.md"}


def test_an_untracked_page_does_not_satisfy_a_staged_link(site, lint) -> None:
    target = site.page("medicine/is-iron-enough.md", id=40)
    site.page("medicine/does-iron-help.md", id=41, related_article1=target.ref())
    git(site.root, "add", "medicine/does-iron-help.md")
    assert _found(lint, "--staged") == [("medicine/does-iron-help.md", "RL001")]
    assert _found(lint, "medicine/does-iron-help.md") == []  # the work tree has it
    git(site.root, "add", "medicine/is-iron-enough.md")
    assert _found(lint, "--staged") == []


def test_changed_since_a_branch_point_fails_on_each_linking_page(site, lint) -> None:
    git(site.root, "branch", "-q", "-M", "main")
    git(site.root, "checkout", "-q", "-b", "retire-page")
    git(site.root, "rm", "-q", "medicine/how-is-anemia-treated.md")
    git(site.root, "commit", "-q", "-m", "retire a page")
    result = lint("--changed-since", "main")
    assert sorted((f["path"], f["code"]) for f in result.findings) == [
        (path, "RL001") for path in LINKING
    ]
    assert result.code == 1
    # main moving on meanwhile does not count against the branch
    git(site.root, "checkout", "-q", "main")
    site.page("surgery/what-is-a-fistula.md", id=11, subject="Surgery", date="2025-02-30")
    git(site.root, "add", "-A")
    git(site.root, "commit", "-q", "-m", "main moves on")
    git(site.root, "checkout", "-q", "retire-page")
    assert sorted(f["path"] for f in lint("--changed-since", "main").findings) == LINKING


def test_changed_since_an_unknown_ref_is_a_usage_error(site, cli) -> None:
    result = cli("check", "--changed-since", "no-such-branch")
    assert result.code == 2
    assert "no-such-branch" in result.err and "Traceback" not in result.err


def test_staged_outside_a_git_work_tree_is_a_usage_error(corpus, cli) -> None:
    corpus.page()
    result = cli("check", "--staged")
    assert result.code == 2
    assert "git" in result.err


def test_fix_staged_refreshes_the_stale_copies_on_linking_pages(site, cli, lint) -> None:
    page = site.root / "medicine/how-is-anemia-treated.md"
    page.write_text(page.read_text().replace("How is anemia treated?", "How is anemia managed?"))
    git(site.root, "add", "-A")
    result = cli("fix", "--staged")
    assert result.code in (0, 1), result.err
    for path in LINKING:
        assert "How is anemia managed?" in (site.root / path).read_text()
    git(site.root, "add", "-A")
    assert not [f for f in lint("--staged").findings if f["code"] == "RL002"]


def test_the_cache_keeps_what_it_learns_of_each_pages_lookups(site, lint, monkeypatch) -> None:
    """A page whose lookups no changed document answers is not looked at again: the first
    run over a cache that does not know a page's lookups records them, the next uses them."""
    from contentlint.pipeline.run import Linter

    seen: list[str] = []
    real = Linter.cross_file

    def spy(self, entry, display, index, doc=None):
        seen.append(display)
        return real(self, entry, display, index, doc)

    monkeypatch.setattr(Linter, "cross_file", spy)
    git(site.root, "rm", "-q", "medicine/how-is-anemia-treated.md")
    first = _found(lint, "--staged")
    assert "surgery/what-is-a-hernia.md" in seen  # not known yet: looked at
    seen.clear()
    assert _found(lint, "--staged") == first
    assert "surgery/what-is-a-hernia.md" not in seen
    assert set(seen) == set(LINKING)
