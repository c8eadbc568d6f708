"""The results cache and parallel checking: same findings whatever the cache or --jobs, reuse
of unchanged files, invalidation by content, config, schemas and tool version."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from contentlint.cache import key as cache_key
from contentlint.cli import main
from contentlint.pipeline.analyse import Analyser
from contentlint.pipeline.run import Linter
from contentlint.pipeline.workers import Workers

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    defects = generate(out, 400, seed=7, defect_rate=0.15)
    assert len(defects) > 20  # a real mix of seeded defects
    return out


def run(folder: Path, *args: str, monkeypatch: pytest.MonkeyPatch, capsys) -> list[dict]:
    monkeypatch.chdir(folder)
    capsys.readouterr()
    code = main(["check", ".", "--output-format", "json", *args])
    out = capsys.readouterr().out
    assert code in (0, 1), out
    return json.loads(out)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every file the linter really analyses (cache misses), in this process."""
    analysed: list[str] = []
    original = Analyser.outcome

    def outcome(self: Analyser, path: str, asked: bool):
        analysed.append(path)
        return original(self, path, asked)

    monkeypatch.setattr(Analyser, "outcome", outcome)
    return analysed


def test_same_findings_with_and_without_cache_and_for_any_jobs(generated, monkeypatch, capsys):
    baseline = run(generated, "--no-cache", "--jobs", "1", monkeypatch=monkeypatch, capsys=capsys)
    assert {f["rule"] for f in baseline} >= {"mojibake", "related-stale", "invalid-field"}
    parallel = run(generated, "--no-cache", "--jobs", "2", monkeypatch=monkeypatch, capsys=capsys)
    assert parallel == baseline
    cold = run(generated, "--jobs", "2", monkeypatch=monkeypatch, capsys=capsys)
    warm = run(generated, "--jobs", "1", monkeypatch=monkeypatch, capsys=capsys)
    assert cold == baseline
    assert warm == baseline


@pytest.mark.parametrize("use_cache", [False, True])
def test_workers_are_gone_once_the_files_are_analysed(generated, monkeypatch, use_cache):
    """The worker processes are forked before the corpus is listed (so they stay small) and
    stopped as soon as their files are analysed (so the cross-file phase runs without them)."""
    import multiprocessing

    from contentlint.config import load_config

    monkeypatch.chdir(generated)
    shutil.rmtree(generated / ".contentlint_cache", ignore_errors=True)  # a first run
    config = load_config(None)
    linter = Linter(config, config.active_rules(None, None))
    children: list[int] = []  # worker processes alive at each cross-file computation
    pools: list[bool] = []  # whether there was a pool to stop, at each stop
    cross_file, stop = Linter.cross_file, Workers.stop

    def counting_cross_file(self, *args, **kwargs):
        children.append(len(multiprocessing.active_children()))
        return cross_file(self, *args, **kwargs)

    def recording_stop(self):
        pools.append(self.executor is not None)
        stop(self)

    monkeypatch.setattr(Linter, "cross_file", counting_cross_file)
    monkeypatch.setattr(Workers, "stop", recording_stop)
    linter.load([Path(".")], jobs=2, use_cache=use_cache)
    linter.findings()
    assert pools[0] is True  # the workers ran, and were stopped once
    assert len(children) > 400 and set(children) == {0}
    assert linter.workers.executor is None and multiprocessing.active_children() == []


def _page(folder: Path, name: str, page_id: int, title: str, related: tuple[int, str] | None):
    lines = [
        "---", "_schema: default", f"id: {page_id}", "date: 2025-01-30",
        f"title: {title}", f"article_title: {title}", "seo:", "  title: QuickTakes | Medicine",
        "  page_description: d", "  page_keywords: k", "author: QuickTakes",
        f"question: {title}", "answer: a", "subject: Medicine", f"file_name: {name}",
        f"url: /learn/medicine/questions/{name[:-3]}",
    ]  # fmt: skip
    if related:
        target_id, target_title = related
        lines += [
            "related_article1:", f"    id: {target_id}", f"    title: {target_title}",
            "    subject: Medicine", "    url: /learn/medicine/questions/b",
        ]  # fmt: skip
    (folder / name).write_text("\n".join([*lines, "---", "", "&nbsp;"]), encoding="utf-8")


@pytest.fixture
def small(tmp_path: Path) -> Path:
    (tmp_path / "contentlint.toml").write_text('root = "."\n', encoding="utf-8")
    _page(tmp_path, "a.md", 1, "What is A?", (2, "What is B?"))
    _page(tmp_path, "b.md", 2, "What is B?", None)
    return tmp_path


def test_unchanged_files_are_reused(small, counting, monkeypatch, capsys):
    assert run(small, "--jobs", "1", monkeypatch=monkeypatch, capsys=capsys) == []
    assert sorted(os.path.basename(p) for p in counting) == ["a.md", "b.md"]
    counting.clear()
    assert run(small, "--jobs", "1", monkeypatch=monkeypatch, capsys=capsys) == []
    assert counting == []
    assert (small / ".contentlint_cache" / ".gitignore").read_text().strip().endswith("*")


def test_no_cache_neither_reads_nor_writes(small, counting, monkeypatch, capsys):
    run(small, "--no-cache", monkeypatch=monkeypatch, capsys=capsys)
    assert not (small / ".contentlint_cache").exists()
    assert len(counting) == 2


def test_a_changed_target_rechecks_the_page_that_links_to_it(small, counting, monkeypatch, capsys):
    run(small, "--jobs", "1", monkeypatch=monkeypatch, capsys=capsys)
    counting.clear()
    _page(small, "b.md", 2, "What is B, really?", None)
    findings = run(small, "a.md", "--jobs", "1", monkeypatch=monkeypatch, capsys=capsys)
    assert [(f["path"], f["rule"]) for f in findings] == [("a.md", "related-stale")]
    assert [os.path.basename(p) for p in counting] == ["b.md"]  # only the changed file was re-read


def test_touched_but_unchanged_file_is_reused(small, counting, monkeypatch, capsys):
    run(small, "--jobs", "1", monkeypatch=monkeypatch, capsys=capsys)
    counting.clear()
    text = (small / "a.md").read_text(encoding="utf-8")
    (small / "a.md").write_text(text, encoding="utf-8")  # new mtime, same content
    run(small, "--jobs", "1", monkeypatch=monkeypatch, capsys=capsys)
    assert counting == []


def test_config_change_invalidates(small, counting, monkeypatch, capsys):
    run(small, "--jobs", "1", monkeypatch=monkeypatch, capsys=capsys)
    counting.clear()
    (small / "contentlint.toml").write_text(
        'root = "."\n[severity]\nunknown-field = "error"\n', encoding="utf-8"
    )
    run(small, "--jobs", "1", monkeypatch=monkeypatch, capsys=capsys)
    assert len(counting) == 2
    counting.clear()
    run(small, "--jobs", "1", "--select", "FM", monkeypatch=monkeypatch, capsys=capsys)
    assert len(counting) == 2  # another rule selection is another key


def test_schema_change_invalidates(small, counting, monkeypatch, capsys):
    run(small, "--jobs", "1", monkeypatch=monkeypatch, capsys=capsys)
    counting.clear()
    monkeypatch.setattr(
        "contentlint.content_types.ContentTypes.fingerprint", lambda self: "another schema"
    )
    run(small, "--jobs", "1", monkeypatch=monkeypatch, capsys=capsys)
    assert len(counting) == 2


def test_tool_version_change_invalidates(small, counting, monkeypatch, capsys):
    run(small, "--jobs", "1", monkeypatch=monkeypatch, capsys=capsys)
    counting.clear()
    monkeypatch.setattr(cache_key, "__version__", "99.0")
    run(small, "--jobs", "1", monkeypatch=monkeypatch, capsys=capsys)
    assert len(counting) == 2


def test_corrupt_cache_is_rebuilt(small, counting, monkeypatch, capsys):
    run(small, "--jobs", "1", monkeypatch=monkeypatch, capsys=capsys)
    database = small / ".contentlint_cache" / "cache.sqlite3"
    for extra in database.parent.glob("cache.sqlite3-*"):
        extra.unlink()
    database.write_bytes(b"this is not a database" * 100)
    counting.clear()
    _page(small, "b.md", 2, "What is B, really?", None)
    findings = run(small, "--jobs", "1", monkeypatch=monkeypatch, capsys=capsys)
    assert [f["rule"] for f in findings] == ["related-stale"]
    assert len(counting) == 2
    with sqlite3.connect(database) as db:  # rebuilt and filled again
        assert db.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 2


def test_two_processes_at_once_do_not_corrupt_the_cache(generated):
    command = [sys.executable, "-m", "contentlint", "check", ".", "--output-format", "json"]
    runs = [
        subprocess.Popen(command, cwd=generated, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    outputs = [json.loads(p.communicate(timeout=300)[0]) for p in runs]
    assert outputs[0] == outputs[1]
    again = subprocess.run(command, cwd=generated, capture_output=True, timeout=300)
    assert json.loads(again.stdout) == outputs[0]


def _some_pages(folder: Path) -> list[str]:
    defects = json.loads((folder / "defects.json").read_text())
    pages = sorted(defects)[:6]  # pages with seeded defects, cross-file ones among them
    return [*pages, "acr/acr-000049.txt"]


def test_few_files_are_checked_against_the_cached_directory(
    tmp_path, monkeypatch, capsys, counting
):
    corpus = tmp_path / "corpus"
    generate(corpus, 300, seed=11, defect_rate=0.2)
    pages = _some_pages(corpus)

    def check(*args: str) -> list[dict]:
        monkeypatch.chdir(corpus)
        capsys.readouterr()
        main(["check", *args, "--output-format", "json", "--jobs", "1"])
        return json.loads(capsys.readouterr().out)

    check(".")  # fills the cache (and its directory)
    counting.clear()
    fast = check(*pages)
    assert counting == []  # nothing was read again: the directory answered
    assert fast == check(*pages, "--no-cache")
    assert {f["rule"] for f in check(*pages)} & {"related-stale", "related-unresolved"}

    # Another page changes, one is deleted, one is added: the directory follows.
    target = sorted((corpus / "qa").rglob("*.md"))[0]
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("subject: ", "subject: x", 1), encoding="utf-8")
    sorted((corpus / "qa").rglob("*.md"))[1].unlink()
    clone = sorted((corpus / "qa").rglob("*.md"))[2]
    (clone.parent / "copy.md").write_text(clone.read_text(encoding="utf-8"), encoding="utf-8")
    asked = [*pages, str(clone.relative_to(corpus))]
    counting.clear()
    fast = check(*asked)
    assert sorted(os.path.basename(p) for p in counting) == sorted([target.name, "copy.md"])
    assert fast == check(*asked, "--no-cache")
    assert "duplicate-id" in {f["rule"] for f in fast}
