"""``contentlint fix`` killed with SIGKILL mid-run: no torn file, modes kept, no leftovers.

A short run of ``benchmarks/kill.py`` (which see): 150 generated pages that need fixing,
10 kills of ``contentlint fix`` (half of them while files are being written), each followed
by a ``check`` or a ``fix``. The long run is ``.venv/bin/python benchmarks/kill.py``
(2,000 pages, 100 kills).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import kill  # noqa: E402

pytestmark = pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs POSIX signals")

# Two flag sets keep the test short: one process without the cache, and workers with it.
FLAG_SETS = [("--jobs", "1", "--no-cache"), ("--jobs", "2")]


def test_killed_fix_leaves_every_file_whole(tmp_path: Path) -> None:
    lines: list[str] = []
    summary = kill.experiment(
        tmp_path / "corpus", kills=10, pages=150, seed=3, log=lines.append, flag_sets=FLAG_SETS
    )
    kill.report(summary, log=lines.append)
    log = "\n".join(lines)
    kills = [k for k in summary.kills if k.killed_at is not None]
    assert not summary.problems, log
    assert len(kills) == 10, log
    # The kills landed where it matters: at least one while files were being written.
    assert any(k.first_temp is not None for k in kills), log
    assert any(k.old and k.new for k in kills) or any(k.temps_after_kill for k in kills), log
    assert summary.total("torn") == 0, log
    assert summary.total("modes") == 0, log
    assert summary.total("missing") == 0, log
    assert [k.next_error for k in summary.kills if k.next_error] == [], log
    assert sum(k.orphans for k in summary.kills) == 0, log  # workers die with their parent
    # The next run, check or fix, removes the killed run's temporary files; a fix reaches
    # the fixed corpus, a check writes nothing.
    assert [x for k in summary.kills for x in k.leftovers] == [], log
    assert summary.total("not_converged") == 0, log
    assert summary.total("written_by_check") == 0, log


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.mark.parametrize("pid", ["dead", "1"])
@pytest.mark.parametrize("command", ["check", "fix"])
def test_next_run_removes_stale_temporaries(tmp_path: Path, command: str, pid: str) -> None:
    """What a killed fix leaves (a temporary file named after its process) is removed by the
    next run, check or fix, even when no file needs fixing; also when the pid in its name
    is alive again (reused; or pid 1, as every run is in a container)."""
    corpus = tmp_path / "corpus"
    kill.make_corpus(corpus, 20, seed=1)
    page = next(corpus.glob("qa/*/*.md"))
    number = _dead_pid() if pid == "dead" else int(pid)
    stale = page.with_name(f".{page.name}.{number}.abcd1234{kill.TEMP_SUFFIX}")
    stale.write_bytes(page.read_bytes()[:100])
    env = kill.environment(tmp_path / "keys")
    run = kill.run_contentlint(corpus, command, ("--no-cache",), env)
    assert kill.broken_output(run) is None, run.stderr
    assert not stale.exists()


def test_workers_do_not_outlive_a_killed_run(tmp_path: Path) -> None:
    """SIGKILL of contentlint while its --jobs workers analyse files: the workers go too."""
    corpus = tmp_path / "corpus"
    kill.make_corpus(corpus, 400, seed=2)
    env = kill.environment(tmp_path / "keys")
    argv = [*kill.contentlint_command(), "check", str(corpus), "-q", "--no-cache", "--jobs", "2"]
    for _attempt in range(5):
        process = subprocess.Popen(
            argv, cwd=corpus, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        try:
            while process.poll() is None and len(kill._session_members(process.pid)) < 3:
                time.sleep(0.005)
            if process.poll() is not None:
                continue  # it finished before its workers were seen: try again
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            deadline = time.monotonic() + 5
            while kill._session_members(process.pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert kill._session_members(process.pid) == []
            return
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    pytest.fail("no run was caught with its workers alive")
