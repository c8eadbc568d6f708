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
