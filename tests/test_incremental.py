"""The incremental check: in a git work tree, git says what changed since the last run;
cross-file findings are reused until a lookup they made changes. Every case compares the
cached run with a run without the cache."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from test_cache import _page

from contentlint import discover
from contentlint.cli import main
from contentlint.pipeline.analyse import Analyser
from contentlint.pipeline.run import Linter

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(folder: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    identity = ["-c", "user.name=Writer", "-c", "user.email=writer@example.com"]
    subprocess.run(["git", *identity, "-C", str(folder), *args], check=True, env=env)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "contentlint.toml").write_text('root = "."\n', encoding="utf-8")
    _page(tmp_path, "a.md", 1, "What is A?", (2, "What is B?"))
    _page(tmp_path, "b.md", 2, "What is B?", None)
    _page(tmp_path, "c.md", 3, "What is C?", None)
    c = tmp_path / "c.md"  # another subject: its lookups share nothing with a's and b's
    c.write_text(c.read_text().replace("Medicine", "Surgery").replace("medicine", "surgery"))
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "pages")
    return tmp_path


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """What a run really did: files analysed, cross-file findings computed, corpus listed."""
    seen: dict[str, list[str]] = {"analysed": [], "cross_file": [], "listed": []}
    analyse, cross_file = Analyser.outcome, Linter.cross_file
    listing = discover.Listing.folder_names

    def outcome(self, path, asked):
        seen["analysed"].append(os.path.basename(path))
        return analyse(self, path, asked)

    def cross(self, entry, display, index, doc=None):
        seen["cross_file"].append(os.path.basename(display))
        return cross_file(self, entry, display, index, doc)

    def list_names(self, folder):
        seen["listed"].append(str(folder))
        return listing(self, folder)

    monkeypatch.setattr(Analyser, "outcome", outcome)
    monkeypatch.setattr(Linter, "cross_file", cross)
    monkeypatch.setattr(discover.Listing, "folder_names", list_names)
    return seen


def check(folder: Path, *args: str, monkeypatch: pytest.MonkeyPatch, capsys) -> list[tuple]:
    monkeypatch.chdir(folder)
    capsys.readouterr()
    code = main(["check", *(args or (".",)), "--output-format", "json", "--jobs", "1"])
    out = capsys.readouterr().out
    assert code in (0, 1), out
    return sorted((f["path"], f["code"], f["line"], f["message"]) for f in json.loads(out))


def both(folder: Path, *args: str, monkeypatch, capsys, spy) -> list[tuple]:
    """The cached run's findings, after asserting that a run without cache agrees."""
    for kind in spy:
        spy[kind].clear()
    cached = check(folder, *args, monkeypatch=monkeypatch, capsys=capsys)
    done = {kind: list(names) for kind, names in spy.items()}
    assert cached == check(folder, *args, "--no-cache", monkeypatch=monkeypatch, capsys=capsys)
    for kind in spy:
        spy[kind][:] = done[kind]
    return cached


def test_a_warm_run_reads_nothing_and_recomputes_nothing(repo, spy, monkeypatch, capsys):
    assert both(repo, monkeypatch=monkeypatch, capsys=capsys, spy=spy) == []
    assert sorted(spy["analysed"]) == ["a.md", "b.md", "c.md"]
    assert spy["listed"]  # the first run lists the corpus
    assert both(repo, monkeypatch=monkeypatch, capsys=capsys, spy=spy) == []
    assert spy == {"analysed": [], "cross_file": [], "listed": []}  # git said: nothing changed


def test_an_edited_target_rechecks_its_linking_page_and_no_other(repo, spy, monkeypatch, capsys):
    both(repo, monkeypatch=monkeypatch, capsys=capsys, spy=spy)
    _page(repo, "b.md", 2, "What is B, really?", None)
    found = both(repo, monkeypatch=monkeypatch, capsys=capsys, spy=spy)
    assert [(path, code) for path, code, *_ in found] == [("a.md", "RL002")]
    assert spy["analysed"] == ["b.md"]
    assert sorted(spy["cross_file"]) == ["a.md", "b.md"]  # c.md made no lookup b answers
    assert spy["listed"] == []
    found = both(repo, "a.md", monkeypatch=monkeypatch, capsys=capsys, spy=spy)  # pre-commit
    assert [(path, code) for path, code, *_ in found] == [("a.md", "RL002")]
    assert spy["analysed"] == []


def test_a_reverted_edit_is_seen_although_git_no_longer_lists_it(repo, spy, monkeypatch, capsys):
    original = (repo / "b.md").read_text(encoding="utf-8")
    both(repo, monkeypatch=monkeypatch, capsys=capsys, spy=spy)
    _page(repo, "b.md", 2, "What is B, really?", None)
    assert both(repo, "a.md", monkeypatch=monkeypatch, capsys=capsys, spy=spy)
    (repo / "b.md").write_text(original, encoding="utf-8")  # clean again for git
    assert both(repo, monkeypatch=monkeypatch, capsys=capsys, spy=spy) == []
    assert spy["analysed"] == ["b.md"]


def test_commits_and_checkouts_between_runs(repo, spy, monkeypatch, capsys):
    both(repo, monkeypatch=monkeypatch, capsys=capsys, spy=spy)
    git(repo, "checkout", "-q", "-b", "edit")
    _page(repo, "b.md", 2, "What is B, really?", None)
    git(repo, "commit", "-q", "-am", "retitle b")  # clean work tree, another HEAD
    found = both(repo, monkeypatch=monkeypatch, capsys=capsys, spy=spy)
    assert [(path, code) for path, code, *_ in found] == [("a.md", "RL002")]
    assert spy["analysed"] == ["b.md"] and spy["listed"] == []
    git(repo, "checkout", "-q", "-")  # back: b is as it was
    assert both(repo, monkeypatch=monkeypatch, capsys=capsys, spy=spy) == []


def test_added_and_deleted_pages(repo, spy, monkeypatch, capsys):
    both(repo, monkeypatch=monkeypatch, capsys=capsys, spy=spy)
    _page(repo, "copy.md", 1, "What is A, again?", None)  # untracked, a's id
    found = both(repo, "a.md", monkeypatch=monkeypatch, capsys=capsys, spy=spy)
    assert [code for _, code, *_ in found] == ["ID005"]
    (repo / "new").mkdir()  # an untracked folder: git lists the folder, not its pages
    _page(repo / "new", "again.md", 2, "What is B, again?", None)  # b's id
    found = both(repo, "b.md", monkeypatch=monkeypatch, capsys=capsys, spy=spy)
    assert [code for _, code, *_ in found] == ["ID005"]
    (repo / "b.md").unlink()
    found = both(repo, monkeypatch=monkeypatch, capsys=capsys, spy=spy)
    # a's link to id 2 now finds the new page, whose title differs
    assert {code for _, code, *_ in found} == {"ID005", "RL002"}
    assert sorted(spy["analysed"]) == ["again.md", "copy.md"]  # not asked before: no file rules
    assert spy["listed"] == []


def test_a_changed_gitignore_lists_the_corpus_again(repo, spy, monkeypatch, capsys):
    both(repo, monkeypatch=monkeypatch, capsys=capsys, spy=spy)
    (repo / ".gitignore").write_text("b.md\n", encoding="utf-8")
    git(repo, "rm", "-q", "--cached", "b.md")
    found = both(repo, monkeypatch=monkeypatch, capsys=capsys, spy=spy)
    assert [(path, code) for path, code, *_ in found] == [("a.md", "RL001")]
    assert spy["listed"]


def test_git_state_reads_status(repo):
    _page(repo, "b.md", 2, "What is B, really?", None)
    _page(repo, "new page.md", 9, "What is new?", None)
    (repo / "new" / "deep").mkdir(parents=True)
    _page(repo / "new" / "deep", "e.md", 10, "What is E?", None)
    state = discover.git_state(repo)
    assert state is not None and state.head is not None
    assert {Path(name).relative_to(repo).as_posix() for name in state.dirty} == {
        "b.md",
        "new page.md",
        "new/deep/e.md",
    }
    git(repo, "commit", "-q", "-am", "retitle b")
    head = discover.git_state(repo).head
    assert {Path(n).name for n in discover.git_changed(repo, state.head, head)} == {"b.md"}
    assert discover.git_changed(repo, "0" * 40, head) is None


def test_findings_naming_other_files_follow_the_current_folder(repo, spy, monkeypatch, capsys):
    (repo / "sub").mkdir()
    _page(repo / "sub", "d.md", 1, "What is D?", None)  # a's id again
    from_root = both(repo, monkeypatch=monkeypatch, capsys=capsys, spy=spy)
    assert any("sub/d.md" in message for *_, message in from_root)
    from_sub = both(repo / "sub", "..", monkeypatch=monkeypatch, capsys=capsys, spy=spy)
    assert from_sub != from_root  # the paths, and the messages naming them, are shown anew
    assert spy["analysed"] == []


def test_a_run_with_other_rules_leaves_the_cache_alone(repo, spy, monkeypatch, capsys):
    both(repo, monkeypatch=monkeypatch, capsys=capsys, spy=spy)
    assert check(repo, ".", "--select", "FM", monkeypatch=monkeypatch, capsys=capsys) == []
    spy["analysed"].clear()
    assert both(repo, monkeypatch=monkeypatch, capsys=capsys, spy=spy) == []
    assert spy["analysed"] == []


def test_pages_sharing_a_subject_are_rechecked_only_when_its_spelling_flips(
    repo, spy, monkeypatch, capsys
):
    _page(repo, "d.md", 4, "What is D?", None)  # Medicine, like a and b
    both(repo, monkeypatch=monkeypatch, capsys=capsys, spy=spy)
    _page(repo, "d.md", 4, "What is D, really?", None)  # Medicine still the canonical spelling
    assert both(repo, monkeypatch=monkeypatch, capsys=capsys, spy=spy) == []
    assert spy["cross_file"] == ["d.md"]
    for name in ("b.md", "d.md"):  # MEDICINE 2, Medicine 2 (a and its related block): a tie
        page = repo / name
        page.write_text(page.read_text().replace("subject: Medicine", "subject: MEDICINE"))
    found = both(repo, monkeypatch=monkeypatch, capsys=capsys, spy=spy)
    assert ("a.md", "ID003") in [(path, code) for path, code, *_ in found]  # MEDICINE won
    assert "a.md" in spy["cross_file"]


def test_git_state_of_a_subfolder_keeps_to_it(repo):
    (repo / "sub").mkdir()
    _page(repo / "sub", "s.md", 11, "What is S?", None)
    _page(repo, "b.md", 2, "What is B, really?", None)  # dirty, but outside sub/
    state = discover.git_state(repo / "sub")
    assert {Path(name).relative_to(repo).as_posix() for name in state.dirty} == {"sub/s.md"}
