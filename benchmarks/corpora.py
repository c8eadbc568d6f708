"""Generated corpora, cached on disk by size, seed and defect rate, and reading them warm.

A corpus is made once with ``generate.py`` and committed to its own git repository, as the
real content repository is (contentlint lists files with ``git ls-files``; and the corpus,
inside the gitignored ``benchmarks/.corpus/``, must not be hidden by this repository's own
ignore rules). It is regenerated when ``generate.py`` changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import generate

HERE = Path(__file__).resolve().parent
DEFAULT_CACHE = HERE / ".corpus"
MARKER = ".benchmark-corpus.json"
GIT_IDENTITY = ["-c", "user.name=benchmark", "-c", "user.email=benchmark@example.invalid"]


@dataclass(frozen=True, slots=True)
class Corpus:
    path: Path
    pages: int
    seed: int
    qa_files: tuple[str, ...]  # relative posix paths of the Q&A pages, sorted
    defects: dict[str, str]  # relative path -> seeded defect

    @property
    def name(self) -> str:
        return self.path.name

    def edit_target(self) -> str:
        """A Q&A page without a seeded defect: the page the one-page-changed run edits."""
        return next(path for path in self.qa_files if path not in self.defects)


def _generator_digest() -> str:
    return hashlib.sha256(Path(generate.__file__).read_bytes()).hexdigest()[:16]


def _params(pages: int, seed: int, defect_rate: float) -> dict[str, object]:
    return {"pages": pages, "seed": seed, "defects": defect_rate, "generator": _generator_digest()}


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *GIT_IDENTITY, "-C", str(folder), *args], check=True)


def _build(path: Path, pages: int, seed: int, defect_rate: float) -> None:
    partial = path.with_name(path.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    generate.generate(partial, pages, seed, defect_rate)
    _git(partial, "init", "-q")
    # git's own cache of untracked folders, as a large content repository would turn on
    # (`git config core.untrackedCache true`): `git status` then skips unchanged folders.
    _git(partial, "config", "core.untrackedCache", "true")
    _git(partial, "add", "-A")
    _git(partial, "commit", "-q", "-m", f"generated corpus: {pages} pages, seed {seed}")
    (partial / MARKER).write_text(json.dumps(_params(pages, seed, defect_rate)), "utf-8")
    shutil.rmtree(path, ignore_errors=True)
    partial.rename(path)


def _load(path: Path, pages: int, seed: int) -> Corpus:
    qa = sorted(p.relative_to(path).as_posix() for p in (path / "qa").rglob("*.md"))
    defects = json.loads((path / "defects.json").read_text(encoding="utf-8"))
    return Corpus(path, pages, seed, tuple(qa), defects)


def corpus(pages: int, seed: int, defect_rate: float, cache: Path = DEFAULT_CACHE) -> Corpus:
    """The corpus for these parameters, generated (and committed) if not cached yet."""
    name = f"pages-{pages}-seed-{seed}" + ("" if defect_rate == 0.02 else f"-defects-{defect_rate}")
    path = cache / name
    marker = path / MARKER
    wanted = _params(pages, seed, defect_rate)
    if not marker.is_file() or json.loads(marker.read_text(encoding="utf-8")) != wanted:
        print(f"generating {path} ...", flush=True)
        cache.mkdir(parents=True, exist_ok=True)
        _build(path, pages, seed, defect_rate)
    return _load(path, pages, seed)


def read_all(root: Path, skip: tuple[str, ...] = (".git/objects",)) -> int:
    """Read every file under ``root`` (so the page cache holds it); returns the bytes read."""
    total = 0
    skipped = {root / part for part in skip}
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = [name for name in dirnames if here / name not in skipped]
        for name in filenames:
            try:
                with open(here / name, "rb") as handle:
                    while chunk := handle.read(1 << 20):
                        total += len(chunk)
            except OSError:
                continue
    return total


def fresh_copy(corpus_path: Path, target: Path) -> Path:
    """A copy of the corpus (work tree and git repository, without contentlint's cache)."""
    shutil.rmtree(target, ignore_errors=True)
    subprocess.run(["cp", "-a", str(corpus_path), str(target)], check=True)
    shutil.rmtree(target / ".contentlint_cache", ignore_errors=True)
    return target


def changed_files(folder: Path) -> int:
    """How many files differ from the committed corpus."""
    result = subprocess.run(
        ["git", "-C", str(folder), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        check=True,
    )
    return len(result.stdout.splitlines())
