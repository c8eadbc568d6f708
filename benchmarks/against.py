"""Time `contentlint check` of this tree against an earlier revision, side by side.

    .venv/bin/python benchmarks/against.py --rev a363151 --pages 100000 --repeat 3

Both run the same generated corpus (``benchmarks/.corpus/``, as ``run.py`` makes it) with
the same installed dependencies; the revision's own ``src`` comes from a temporary git
worktree and goes first on ``PYTHONPATH``. Runs alternate (revision, tree, revision, ...)
so that a machine getting busier or quieter weighs on both; the medians and their ratio
are printed, with each run's time and peak memory. Use it to show that a change does not
make the check slower. ``--mode`` picks the run: ``cold`` (``--no-cache``, the default),
``first`` (an empty cache, filled by the run), ``warm`` (the cache full, nothing changed)
or ``one`` (the cache full, one page edited and checked by name). All but cold give each
side its own copy of the corpus, since a cache belongs to the code that wrote it.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import corpora
from measure import measure

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def run_once(src: Path, corpus: Path, args: list[str], capture: Path) -> tuple[float, float, float]:
    env = dict(os.environ, PYTHONPATH=str(src))
    command = [sys.executable, "-m", "contentlint", *args]
    result = measure(command, corpus, env=env, capture=capture)
    if result.returncode not in (0, 1):  # 1: findings; anything else is not a timing
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr}")
    return result.seconds, result.cpu_seconds, result.peak_mb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", required=True, help="the revision to compare with")
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mode", choices=("cold", "first", "warm", "one"), default="cold")
    parser.add_argument("--args", help="the command instead (run in the corpus)")
    options = parser.parse_args(argv)
    generated = corpora.corpus(options.pages, options.seed, 0.02)
    corpus = generated.path
    page = generated.edit_target()
    default = {
        "cold": "check --no-cache -q .",
        "first": "check -q .",
        "warm": "check -q .",
        "one": f"check -q {page}",
    }
    args = shlex.split(options.args or default[options.mode])
    label_of_args = options.args or default[options.mode]
    with tempfile.TemporaryDirectory(prefix="contentlint-against-", dir=corpus.parent) as tmp:
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
            cpus: dict[str, list[float]] = {label: [] for label in sources}
            folders = {label: corpus for label in sources}
            if options.mode != "cold":
                for number, label in enumerate(sources):
                    folders[label] = corpora.fresh_copy(corpus, Path(tmp) / f"corpus-{number}")
                    # a copy's files have new inodes and times: without this, every run's
                    # `git status` would hash the whole corpus again (as no real clone does)
                    subprocess.run(
                        ["git", "-C", str(folders[label]), "update-index", "-q", "--refresh"],
                        check=False,
                    )
            for label, src in sources.items():  # untimed: code, pages and cache made ready
                run_once(src, folders[label], args, Path(tmp) / "out")
                corpora.read_all(folders[label])
            for number in range(options.repeat):
                for label, src in sources.items():
                    edited = folders[label] / page
                    original = edited.read_bytes()
                    if options.mode == "one":
                        edited.write_bytes(original + f"\n\nEdited for run {number}.\n".encode())
                    if options.mode == "first":  # an empty cache: the run fills it
                        shutil.rmtree(folders[label] / ".contentlint_cache", ignore_errors=True)
                    corpora.read_all(folders[label])  # its pages in the page cache, again
                    try:
                        seconds, cpu, peak = run_once(src, folders[label], args, Path(tmp) / "out")
                    finally:
                        if options.mode == "one":
                            edited.write_bytes(original)
                    times[label].append(seconds)
                    cpus[label].append(cpu)
                    print(
                        f"run {number + 1}: {label:>12}  {seconds:8.2f} s"
                        f"  CPU {cpu:7.2f} s  {peak:7.0f} MB"
                    )
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(worktree)], cwd=REPO, check=False
            )
    old, new = (statistics.median(times[label]) for label in sources)
    print(f"\n{options.pages} pages, `contentlint {label_of_args}`, median of {options.repeat}:")
    print(f"  {options.rev}: {old:.2f} s;  this tree: {new:.2f} s;  ratio {new / old:.3f}")
    old, new = (statistics.median(cpus[label]) for label in sources)
    print(f"  CPU: {options.rev}: {old:.2f} s;  this tree: {new:.2f} s;  ratio {new / old:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
