"""Find the files to check, and the corpus that cross-file rules see.

Inside a git work tree the listing comes from ``git ls-files`` (tracked and untracked files,
minus what .gitignore excludes); elsewhere the folders are walked, skipping hidden folders.
A run asks through one :class:`Listing`, which finds each work tree and lists each folder
once; the free functions are the same questions asked afresh.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from contentlint.atomic import TEMP_SUFFIX, remove_stale_temporary
from contentlint.config import Config, git_toplevel
from contentlint.globs import matches

SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox"}


def relative_to(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


class Listing:
    """What one run learns of the disk, each thing found once: the git work tree a folder is
    in (one ``git rev-parse`` each), and the files of each folder it lists."""

    def __init__(self, config: Config | None = None) -> None:
        self.config = config
        self._roots: dict[Path, Path | None] = {}
        self._folders: dict[Path, list[str]] = {}

    def git_root(self, path: Path) -> Path | None:
        folder = path if path.is_dir() else path.parent
        if folder not in self._roots:
            self._roots[folder] = git_toplevel(folder)
        return self._roots[folder]

    def folder_names(self, folder: Path) -> list[str]:
        """Every file under ``folder`` that the config includes and does not exclude, as
        sorted absolute path strings (a corpus has 100,000 of them)."""
        assert self.config is not None
        if folder not in self._folders:
            files = _git_files(folder, self) if self.git_root(folder) else None
            if files is None:
                files = _walk(folder)
            self._folders[folder] = sorted(set(select(files, self.config)))
        return self._folders[folder]

    def expand(
        self, paths: list[Path], lister: Callable[[Path], list[str]] | None = None
    ) -> tuple[list[str], list[Path]]:
        """The files named by ``paths`` (folders expanded; sorted absolute path strings) and
        the paths that do not exist.

        A file named explicitly is checked even if ``include`` would not pick it, but
        ``exclude`` still applies (pre-commit passes every staged file). ``lister`` lists a
        folder's files (by default :meth:`folder_names`)."""
        config = self.config
        assert config is not None
        files: list[str] = []
        missing: list[Path] = []
        for path in paths:
            absolute = _resolve(path)
            if absolute.is_dir():
                files.extend(lister(absolute) if lister else self.folder_names(absolute))
            elif absolute.exists() or path.is_symlink():  # a dangling link: reported unreadable
                if path.is_symlink():  # the link is what was named (its target: anywhere)
                    absolute = _resolve(path.parent) / path.name
                if not matches(relative_to(absolute, config.base), config.exclude):
                    files.append(str(absolute))
            else:
                missing.append(path)
        return sorted(set(files)), missing

    def corpus_root(self, paths: list[Path]) -> Path:
        """The folder the corpus is listed from: the configured root, else the work tree
        holding every named path, else their common folder."""
        assert self.config is not None
        if self.config.root is not None:
            return self.config.root
        resolved = [_named(p) for p in paths] or [Path.cwd()]
        top = self.git_root(resolved[0])
        if top is not None and all(p.is_relative_to(top) for p in resolved):
            return top
        common = Path(os.path.commonpath([str(p) for p in resolved]))
        return common if common.is_dir() else common.parent


def git_root(path: Path) -> Path | None:
    return Listing().git_root(path)


def list_folder_names(folder: Path, config: Config) -> list[str]:
    return Listing(config).folder_names(folder)


def expand(
    paths: list[Path], config: Config, lister: Callable[[Path], list[str]] | None = None
) -> tuple[list[str], list[Path]]:
    return Listing(config).expand(paths, lister)


def corpus_root(paths: list[Path], config: Config) -> Path:
    return Listing(config).corpus_root(paths)


def _git_files(folder: Path, listing: Listing) -> list[str] | None:
    output = _git(
        folder, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--full-name", "."
    )
    top = listing.git_root(folder)
    if output is None or top is None:
        return None
    prefix = str(top) + os.sep
    # --cached still lists tracked files deleted from the work tree: leave those out
    return [prefix + name for name in output.split("\0") if name and os.path.lexists(prefix + name)]


def _walk(folder: Path) -> list[str]:
    found = []
    join = os.path.join
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        found.extend(join(dirpath, name) for name in filenames)
    return found


def select(names: Iterable[str], config: Config) -> list[str]:
    """The absolute paths that the config includes and does not exclude."""
    base = str(config.base).rstrip(os.sep) + os.sep
    include, exclude = config.include, config.exclude
    result = []
    for path in names:
        if path.endswith(TEMP_SUFFIX):  # a killed fix's temporary file: gone once stale
            remove_stale_temporary(path)
            continue
        relative = path[len(base) :] if path.startswith(base) else path
        if os.sep != "/":  # pragma: no cover - posix here
            relative = relative.replace(os.sep, "/")
        if matches(relative, include) and not (exclude and matches(relative, exclude)):
            result.append(path)
    return result


@dataclass(frozen=True)
class GitState:
    """What git knows of a work tree: its HEAD and the files that differ from it."""

    head: str | None  # None before the first commit
    dirty: frozenset[str]  # absolute paths: changed in the index or work tree, or untracked


def git_state(folder: Path, listing: Listing | None = None) -> GitState | None:
    """``git status`` for ``folder``, or None outside a work tree or when git fails. git keeps
    the stat data of every tracked file, so this costs far less than stat-ing them here.
    Untracked folders come as one line each (as git lists them fastest, with its untracked
    cache) and are walked here."""
    top = (listing or Listing()).git_root(folder)
    output = _git(
        folder,
        "--no-optional-locks",
        "status",
        "--porcelain=v2",
        "-z",
        "--branch",
        "--no-renames",  # no pathspec: with one, git does not use its untracked cache
    )
    if top is None or output is None:
        return None
    head, dirty = None, set()
    fields = iter(output.split("\0"))
    prefix = str(top) + os.sep
    for item in fields:
        kind = item[:2]
        if item.startswith("# branch.oid "):
            oid = item[len("# branch.oid ") :]
            head = None if oid == "(initial)" else oid
        elif kind == "1 ":
            dirty.add(prefix + item.split(" ", 8)[8])
        elif kind == "2 ":  # a rename (not asked for): the new path, then the old one
            dirty.add(prefix + item.split(" ", 9)[9])
            dirty.add(prefix + next(fields, ""))
        elif kind == "u ":
            dirty.add(prefix + item.split(" ", 10)[10])
        elif kind in ("? ", "! ") and item.endswith("/"):  # a new folder, listed once
            dirty.update(_walk(Path(prefix + item[2:])))
        elif kind in ("? ", "! "):
            dirty.add(prefix + item[2:])
    inside = str(folder.resolve()).rstrip(os.sep) + os.sep
    return GitState(head, frozenset(name for name in dirty if name.startswith(inside)))


def git_changed(
    folder: Path, old: str | None, new: str | None, listing: Listing | None = None
) -> set[str] | None:
    """The absolute paths of the files that differ between two commits (None: unknown)."""
    top = (listing or Listing()).git_root(folder)
    if old is None or new is None or top is None:
        return None
    output = _git(folder, "diff", "--name-only", "-z", "--no-renames", old, new, "--", ".")
    if output is None:
        return None
    prefix = str(top) + os.sep
    return {prefix + name for name in output.split("\0") if name}


def _git(folder: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, check=False)
    except OSError:
        return None
    if result.returncode != 0:
        return None
    return result.stdout.decode("utf-8", "surrogateescape")


def _resolve(path: Path) -> Path:
    """``path.resolve()``, or the absolute path of a link that loops (Python 3.11 raises)."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return Path(os.path.abspath(path))


def _named(path: Path) -> Path:
    """The absolute path of what ``path`` names: a link itself, not its target (which may be
    anywhere, ``/dev/zero`` say, and must not move the corpus root to ``/``)."""
    if path.is_symlink():
        return _resolve(path.parent) / path.name
    return _resolve(path)
