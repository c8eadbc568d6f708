"""The real pre-commit runs our hooks (``try-repo``) on a staged broken page: it fails, and
passes once ``contentlint fix`` has repaired the page."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytest.importorskip("pre_commit")
if shutil.which("git") is None:  # pragma: no cover
    pytest.skip("git is not installed", allow_module_level=True)

PAGE = """---
_schema: default
id: 101
date: 2025-01-30
title: >-
    What is anemia?
article_title: >-
    What is anemia?
seo:
  title: QuickTakes | Medicine
  page_description: >-
    Anemia explained.
  page_keywords: >-
    anemia
author: QuickTakes
question: >-
    What is anemia?
answer: >-
    Hereâ€™s the short answer: a hemoglobin â‰¥ 2 g/dL below normal — in São Paulo too.
subject: Medicine
file_name: what-is-anemia.md
url: /learn/medicine/questions/what-is-anemia
---

&nbsp;"""


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def _try_repo(repo: Path, hook: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_precommit_hook_fails_then_passes_after_fix(tmp_path: Path) -> None:
    repo = tmp_path / "content"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "writer@example.com")
    _git(repo, "config", "user.name", "Writer")
    page = repo / "what-is-anemia.md"
    page.write_text(PAGE, encoding="utf-8")
    _git(repo, "add", "what-is-anemia.md")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PRE_COMMIT_COLOR": "never",
    }
    failed = _try_repo(repo, "contentlint", env)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "EN001 [mojibake]" in failed.stdout

    fixed = _try_repo(repo, "contentlint-fix", env)
    assert fixed.returncode == 1  # pre-commit fails a hook that changed files
    assert "files were modified by this hook" in fixed.stdout
    text = page.read_text(encoding="utf-8")
    assert "Here’s the short answer: a hemoglobin ≥ 2 g/dL below normal — in São Paulo" in text

    _git(repo, "add", "what-is-anemia.md")
    passed = _try_repo(repo, "contentlint", env)
    assert passed.returncode == 0, passed.stdout + passed.stderr


LINKING = ["medicine/what-causes-anemia.md", "medicine/what-is-anemia.md"]
TARGET = "medicine/how-is-anemia-treated.md"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One pre-commit home for the module: the hook's environment is built once."""
    folder = tmp_path_factory.mktemp("pre-commit-home")
    return {**os.environ, "PRE_COMMIT_HOME": str(folder), "PRE_COMMIT_COLOR": "never"}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    from conftest import Corpus

    repo = tmp_path / "site"
    corpus = Corpus(repo)
    corpus.config('root = "."\n')
    target = corpus.page(TARGET, id=7)
    for number, name in enumerate(LINKING):
        corpus.page(name, id=8 + number, related_article1=target.ref())
    corpus.page("surgery/what-is-a-hernia.md", id=20, subject="Surgery")
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "writer@example.com")
    _git(repo, "config", "user.name", "Writer")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "pages")
    return repo


def _blocked_on_the_linking_pages(result: subprocess.CompletedProcess[str], code: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    for name in LINKING:
        assert f"{name}:" in result.stdout and code in result.stdout, result.stdout


def test_a_commit_that_deletes_a_linked_page_is_blocked(site: Path, home) -> None:
    _git(site, "rm", "-q", TARGET)
    result = _try_repo(site, "contentlint", home)
    _blocked_on_the_linking_pages(result, "RL001")
    assert f"{TARGET} deleted in this change" in result.stdout


def test_a_commit_that_renames_a_linked_page_is_blocked(site: Path, home) -> None:
    new = "medicine/how-is-anaemia-treated.md"
    _git(site, "mv", TARGET, new)
    page = site / new
    page.write_text(page.read_text().replace("how-is-anemia-treated", "how-is-anaemia-treated"))
    _git(site, "add", "-A")
    result = _try_repo(site, "contentlint", home)
    _blocked_on_the_linking_pages(result, "RL002")
    assert f"renamed from {TARGET}" in result.stdout


def test_a_retitle_is_blocked_and_the_fix_hook_refreshes_the_linking_pages(site, home) -> None:
    page = site / TARGET
    page.write_text(page.read_text().replace("How is anemia treated?", "How is anemia managed?"))
    _git(site, "add", "-A")
    blocked = _try_repo(site, "contentlint", home)
    _blocked_on_the_linking_pages(blocked, "RL002")
    fixed = _try_repo(site, "contentlint-fix", home)
    assert fixed.returncode == 1  # pre-commit fails a hook that changed files
    assert "files were modified by this hook" in fixed.stdout
    for name in LINKING:
        assert "How is anemia managed?" in (site / name).read_text(encoding="utf-8")
    _git(site, "add", "-A")
    passed = _try_repo(site, "contentlint", home)
    assert passed.returncode == 0, passed.stdout + passed.stderr


def test_the_readme_snippet_works_as_written(site: Path, home) -> None:
    """``.pre-commit-config.yaml`` as the README gives it, with this repository as ``repo``
    and its HEAD as ``rev``: pre-commit clones it, installs it and blocks the commit."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    rev = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    snippet = readme.split("```yaml\nrepos:\n", 1)[1].split("```", 1)[0]
    config = "repos:\n" + snippet.replace("repo: URL", f"repo: {ROOT}").replace(
        "rev: REV", f"rev: {rev}"
    )
    assert f"repo: {ROOT}" in config and f"rev: {rev}" in config
    (site / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    _git(site, "add", ".pre-commit-config.yaml")
    _git(site, "commit", "-q", "-m", "hooks")
    _git(site, "rm", "-q", TARGET)
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run"],
        cwd=site,
        env=home,
        capture_output=True,
        text=True,
        timeout=600,
    )
    _blocked_on_the_linking_pages(result, "RL001")
