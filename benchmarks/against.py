"""Time `contentlint check` of this tree against an earlier revision, side by side.

    .venv/bin/python benchmarks/against.py --rev a363151 --pages 100000 --repeat 3

Both run the same generated corpus (``benchmarks/.corpus/``, as ``run.py`` makes it) with
the same installed dependencies; the revision's own ``src`` comes from a temporary git
worktree and goes first on ``PYTHONPATH``. Runs alternate (revision, tree, revision, ...)
so that a machine getting busier or quieter weighs on both; the medians and their ratio
are printed, with each run's time and peak memory. Use it to show that a change does not
make the check slower (``--args`` picks the command: cold ``--no-cache`` by default).
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import corpora
from measure import measure

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def run_once(src: Path, corpus: Path, args: list[str], capture: Path) -> tuple[float, float]:
    env = dict(os.environ, PYTHONPATH=str(src))
    command = [sys.executable, "-m", "contentlint", *args]
    result = measure(command, corpus, env=env, capture=capture)
    return result.seconds, result.peak_mb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", required=True, help="the revision to compare with")
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--args", default="check --no-cache --output-format json .")
    options = parser.parse_args(argv)
    corpus = corpora.corpus(options.pages, options.seed, 0.02).path
    args = shlex.split(options.args)
    with tempfile.TemporaryDirectory(prefix="contentlint-against-") as tmp:
        worktree = Path(tmp) / "rev"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(worktree), options.rev],
            cwd=REPO,
            check=True,
            capture_output=True,
        )
        try:
            sources = {options.rev: worktree / "src", "this tree": REPO / "src"}
            times: dict[str, list[float]] = {label: [] for label in sources}
            for src in sources.values():  # untimed: code and pages in the page cache
                run_once(src, corpus, args, Path(tmp) / "out")
            corpora.read_all(corpus)
            for number in range(options.repeat):
                for label, src in sources.items():
                    seconds, peak = run_once(src, corpus, args, Path(tmp) / "out")
                    times[label].append(seconds)
                    print(f"run {number + 1}: {label:>12}  {seconds:8.2f} s  {peak:7.0f} MB")
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(worktree)], cwd=REPO, check=False
            )
    old, new = (statistics.median(times[label]) for label in sources)
    print(f"\n{options.pages} pages, `contentlint {options.args}`, median of {options.repeat}:")
    print(f"  {options.rev}: {old:.2f} s;  this tree: {new:.2f} s;  ratio {new / old:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
