"""What a change is, as git tells it: the files it adds, modifies, renames and deletes, and
their content before it.

Two changes are asked about:

- ``--staged``: what the next commit will hold against ``HEAD`` (pre-commit's question);
  the corpus is the index, so a page git does not track cannot satisfy a link;
- ``--changed-since REF``: the work tree against the point where it left ``REF`` (the merge
  base, as a pull request is read), so that a branch behind ``REF`` is judged on its own
  change only.

Paths are absolute strings, as the listing gives them.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # git's empty tree: before a first commit
MAX_OLD_SIZE = 10 * 1024 * 1024  # bytes of one file's earlier version, as for any page


class ChangeError(Exception):
    """git cannot say what changed (not a work tree, an unknown REF): a usage mistake."""


@dataclass(frozen=True, slots=True)
class Change:
    status: str  # "A" added, "M" modified, "D" deleted, "R" renamed (perhaps edited too)
    old: str | None  # the path before the change (None when added)
    new: str | None  # the path after it (None when deleted)


@dataclass
class ChangeSet:
    top: Path  # the work tree's top folder
    base: str  # the commit the change is measured from (or the empty tree)
    changes: list[Change]
    staged: bool  # the corpus is the index (pre-commit), not the work tree

    @property
    def new_paths(self) -> list[str]:
        return sorted({c.new for c in self.changes if c.new is not None})

    @property
    def old_paths(self) -> list[str]:
        return sorted({c.old for c in self.changes if c.old is not None})

    def old_texts(self) -> dict[str, bytes | None]:
        """Each old path's content at ``base`` (None: too large to read, or unreadable)."""
        return _blobs(self.top, self.base, self.old_paths)


def _git(top: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(
            ["git", "-C", str(top), *args], input=data, capture_output=True, check=False
        )
    except OSError as exc:
        raise ChangeError(f"cannot run git: {exc.strerror or exc}") from exc
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ChangeError(f"git {args[0]} failed: {message[-1] if message else 'no reason given'}")
    return result.stdout


def work_tree(folder: Path) -> Path:
    try:
        out = _git(folder, "rev-parse", "--show-toplevel")
    except ChangeError:
        raise ChangeError(f"{folder} is not inside a git work tree") from None
    return Path(os.fsdecode(out.strip())).resolve()


def _commit(top: Path, rev: str) -> str | None:
    try:
        return _git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    except ChangeError:
        return None


def staged(folder: Path) -> ChangeSet:
    """What the next commit changes: the index against HEAD (everything before a first
    commit)."""
    top = work_tree(folder)
    base = _commit(top, "HEAD") or EMPTY_TREE
    out = _git(top, "diff", "--cached", "--name-status", "-z", "-M", "--no-ext-diff", base)
    return ChangeSet(top, base, _parse(top, out), staged=True)


def since(folder: Path, ref: str) -> ChangeSet:
    """The work tree's change since it left ``ref`` (their merge base), untracked pages
    included as added."""
    top = work_tree(folder)
    if ref.startswith("-"):
        raise ChangeError(f"--changed-since: {ref!r} is not a git revision")
    commit = _commit(top, ref)
    if commit is None:
        raise ChangeError(f"--changed-since: git knows no commit {ref!r} (fetched?)")
    head = _commit(top, "HEAD")
    base = commit
    if head is not None:
        try:
            base = _git(top, "merge-base", commit, head).decode().strip() or commit
        except ChangeError:  # unrelated histories: compare with the commit itself
            base = commit
    out = _git(top, "diff", "--name-status", "-z", "-M", "--no-ext-diff", base)
    changes = _parse(top, out)
    untracked = _git(top, "ls-files", "-z", "--others", "--exclude-standard", "--full-name")
    prefix = str(top) + os.sep
    for name in os.fsdecode(untracked).split("\0"):
        if name:
            changes.append(Change("A", None, prefix + name))
    return ChangeSet(top, base, changes, staged=False)


def untracked(top: Path) -> set[str]:
    """The files in the work tree that git does not track (and does not ignore)."""
    out = _git(top, "ls-files", "-z", "--others", "--exclude-standard", "--full-name")
    prefix = str(top) + os.sep
    return {prefix + name for name in os.fsdecode(out).split("\0") if name}


def _parse(top: Path, out: bytes) -> list[Change]:
    """``git diff --name-status -z`` output: ``STATUS\\0path\\0`` (two paths for R and C)."""
    prefix = str(top) + os.sep
    fields = os.fsdecode(out).split("\0")
    changes: list[Change] = []
    i = 0
    while i < len(fields) - 1:
        status = fields[i][:1]
        if status in ("R", "C"):
            old, new = prefix + fields[i + 1], prefix + fields[i + 2]
            i += 3
            changes.append(Change("R", old, new) if status == "R" else Change("A", None, new))
            continue
        path = prefix + fields[i + 1]
        i += 2
        if status == "D":
            changes.append(Change("D", path, None))
        elif status == "A":
            changes.append(Change("A", None, path))
        elif status:  # M, T (type change), U (unmerged)
            changes.append(Change("M", path, path))
    return changes


def _blobs(top: Path, base: str, paths: list[str]) -> dict[str, bytes | None]:
    """The content of ``paths`` at commit ``base``, read in one ``git cat-file --batch``."""
    found: dict[str, bytes | None] = dict.fromkeys(paths)
    if not paths or base == EMPTY_TREE:
        return found
    prefix = str(top) + os.sep
    names = [p[len(prefix) :] for p in paths]
    if any("\n" in name for name in names):  # cat-file reads one name a line
        names = [name for name in names if "\n" not in name]
    query = "".join(f"{base}:{name}\n" for name in names).encode("utf-8", "surrogateescape")
    out = _git(top, "cat-file", "--batch", data=query)
    at = 0
    for name in names:
        newline = out.index(b"\n", at)
        header = out[at:newline].split()
        at = newline + 1
        if len(header) < 3 or header[1] != b"blob":  # "missing", or not a file
            continue
        size = int(header[2])
        if size <= MAX_OLD_SIZE:
            found[prefix + name] = out[at : at + size]
        at += size + 1
    return found
