"""Prove that a change leaves `contentlint check`'s output as it was, byte for byte.

    .venv/bin/python benchmarks/same_output.py --rev cb02dba --pages 10000

On one generated corpus (``benchmarks/.corpus/``, as ``run.py`` makes it), the revision's
own ``src`` (from a temporary ``git archive``) and this tree each run ``check --output-format
json`` four ways: without the cache with ``--jobs 1`` and ``--jobs 2``, then with a fresh
cache (a first run, ``--jobs 2``) and again warm (``--jobs 1``). Every output must equal
the revision's ``--no-cache --jobs 1`` output, and the exit codes must agree; the script
prints each comparison and exits 1 on any difference. Use it for refactors, which must not
change what the tool says.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import corpora

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CACHE_FOLDER = ".contentlint_cache"
WAYS = (
    ("no cache, --jobs 1", ["--no-cache", "--jobs", "1"], False),
    ("no cache, --jobs 2", ["--no-cache", "--jobs", "2"], False),
    ("fresh cache, --jobs 2", ["--jobs", "2"], True),
    ("warm cache, --jobs 1", ["--jobs", "1"], False),
)


def export(rev: str, target: Path) -> Path:
    """The revision's ``src`` folder (and the schemas beside it), unpacked under ``target``."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", rev, "src", "schemas"],
        cwd=REPO,
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target / "src"


def run(src: Path, corpus: Path, args: list[str]) -> tuple[int, bytes]:
    env = dict(os.environ, PYTHONPATH=str(src))
    command = [sys.executable, "-m", "contentlint", "check", "--output-format", "json", *args]
    done = subprocess.run([*command, "."], cwd=corpus, env=env, capture_output=True)
    return done.returncode, done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", required=True, help="the revision whose output is the reference")
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args(argv)
    corpus = corpora.corpus(options.pages, options.seed, 0.02).path
    different = 0
    with tempfile.TemporaryDirectory(prefix="contentlint-same-") as tmp:
        sources = {options.rev: export(options.rev, Path(tmp)), "this tree": REPO / "src"}
        reference: tuple[int, bytes] | None = None
        for label, src in sources.items():
            for way, args, fresh in WAYS:
                if fresh:
                    shutil.rmtree(corpus / CACHE_FOLDER, ignore_errors=True)
                code, out = run(src, corpus, args)
                reference = reference or (code, out)
                same = (code, out) == reference
                different += not same
                digest = hashlib.sha256(out).hexdigest()[:12]
                verdict = "same" if same else "DIFFERENT"
                size = f"{len(out):>9} bytes"
                print(f"{label:>12}  {way:<22} exit {code}  {size}  {digest}  {verdict}")
    shutil.rmtree(corpus / CACHE_FOLDER, ignore_errors=True)
    print("identical" if not different else f"{different} outputs differ from the reference")
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
