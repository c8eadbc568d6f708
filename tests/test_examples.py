"""The README's user section and ``examples/github-actions.yml`` work as written: the
workflow's own commands run here on a pull request that deletes a linked page, and the
pinned git install that the README gives installs this repository."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import Corpus, git

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / "examples" / "github-actions.yml"
LINKING = ["medicine/what-causes-anemia.md", "medicine/what-is-anemia.md"]

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _steps() -> list[dict]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    return job["steps"]


def _expand(text: str, values: dict[str, str]) -> str:
    """``${{ github.x }}`` expressions as the runner would fill them."""
    return re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda m: values[m.group(1)], text)


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """A content repository on GitHub (a bare origin) and a pull request's checkout: the
    branch deletes a page that two others link to."""
    origin = tmp_path / "origin.git"
    author = tmp_path / "author"
    corpus = Corpus(author)
    corpus.config('root = "."\n')
    target = corpus.page("medicine/how-is-anemia-treated.md", id=7)
    for number, name in enumerate(LINKING):
        corpus.page(name, id=8 + number, related_article1=target.ref())
    corpus.page("surgery/what-is-a-hernia.md", id=20, subject="Surgery")
    git(tmp_path, "init", "-q", "--bare", str(origin))
    git(author, "init", "-q", "-b", "main")
    git(author, "add", "-A")
    git(author, "commit", "-q", "-m", "pages")
    git(author, "remote", "add", "origin", str(origin))
    git(author, "push", "-q", "origin", "main")
    git(author, "checkout", "-q", "-b", "retire")
    git(author, "rm", "-q", "medicine/how-is-anemia-treated.md")
    git(author, "commit", "-q", "-m", "retire a page")
    git(author, "push", "-q", "origin", "retire")
    checkout = tmp_path / "workspace"
    git(tmp_path, "clone", "-q", "--branch", "retire", str(origin), str(checkout))
    return checkout


def test_the_workflow_commands_fail_the_pull_request_on_each_linking_page(pull_request) -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    values = {"github.workspace": str(pull_request), "github.base_ref": "main", "github.sha": ""}
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({name: _expand(value, values) for name, value in workflow["env"].items()})
    env.update(GITHUB_BASE_REF="main", GITHUB_ACTIONS="true")
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    commands = [
        s["run"]
        for s in _steps()
        if s.get("run", "").startswith("contentlint ") and "pull_request" in s.get("if", "")
    ]
    assert len(commands) == 2
    annotations = subprocess.run(
        ["bash", "-c", commands[0]], cwd=pull_request, env=env, capture_output=True, text=True
    )
    assert annotations.returncode == 1, annotations.stderr
    lines = annotations.stdout.splitlines()
    for name in LINKING:
        assert any(line.startswith(f"::error file={name},") and "RL001" in line for line in lines)
    assert "deleted in this change" in annotations.stdout
    sarif = subprocess.run(
        ["bash", "-c", commands[1]], cwd=pull_request, env=env, capture_output=True, text=True
    )
    assert sarif.returncode == 0, sarif.stderr
    log = json.loads((pull_request / "contentlint.sarif").read_text(encoding="utf-8"))
    results = log["runs"][0]["results"]
    uris = sorted(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results)
    assert uris == LINKING
    # the cache was kept where the workflow's actions/cache step saves it from
    cache = Path(_expand(workflow["env"]["CONTENTLINT_CACHE_DIR"], values))
    assert (cache / "cache.sqlite3").is_file()
    assert Path(_expand(workflow["env"]["CONTENTLINT_KEY_DIR"], values)).is_dir()


def test_a_push_to_main_checks_everything_and_fills_the_cache(pull_request) -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    values = {"github.workspace": str(pull_request)}
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({name: _expand(value, values) for name, value in workflow["env"].items()})
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    (command,) = [s["run"] for s in _steps() if "'push'" in s.get("if", "") and "run" in s]
    git(pull_request, "checkout", "-q", "main")
    done = subprocess.run(
        ["bash", "-c", command], cwd=pull_request, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    cache = Path(_expand(workflow["env"]["CONTENTLINT_CACHE_DIR"], values))
    assert (cache / "cache.sqlite3").is_file()


def test_the_workflow_installs_from_a_pinned_git_url() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    source = workflow["env"]["CONTENTLINT_SOURCE"]
    assert re.fullmatch(r"contentlint @ git\+\S+@\S+", source), source
    install = [s["run"] for s in _steps() if s.get("run", "").startswith("pip install")]
    assert install == ['pip install "$CONTENTLINT_SOURCE"']


def test_a_pinned_git_install_installs_this_repository(tmp_path: Path) -> None:
    """The README's ``pip install "contentlint @ git+URL@REV"``, with this repository as the
    URL and its HEAD as the pinned commit."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    head = git(ROOT, "rev-parse", "HEAD").strip()
    target = tmp_path / "site-packages"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(target),
            f"contentlint @ git+file://{ROOT}@{head}",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert (target / "contentlint" / "cli" / "__init__.py").is_file()
    assert (target / "contentlint" / "schemas" / "qa.schema.json").is_file()
