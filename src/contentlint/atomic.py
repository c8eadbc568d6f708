"""Atomic writes, and the temporary files a killed run leaves behind.

A file is replaced by writing a temporary file beside it (named after the file and this
process's id), syncing it, giving it the old file's mode and renaming it over the file: a
crash or a kill at any moment leaves the old file or the new one, never half of one. What a
killed run leaves is a temporary file, which the next run removes once its process is gone.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".contentlint.tmp"


def write_atomic(path: Path, data: bytes, expected: bytes | None = None) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename, keeping
    the file's mode (and owner, where this process may set it); a crash leaves either the
    old file or the new one, never half of one.

    With ``expected``, the file must still hold those bytes just before the rename (else
    :class:`ChangedOnDisk`): an edit made while ``fix`` ran is never overwritten. The
    temporary file is locked (``flock``) from its creation to the rename, so that a later
    run can tell one left by a killed run, whose lock died with it, from one being written
    (see :func:`remove_stale_temporaries`); its name also carries this process's id."""
    info = path.stat()  # FileNotFoundError: deleted meanwhile
    mode = stat.S_IMODE(info.st_mode)
    prefix = f".{path.name}.{os.getpid()}."
    handle, temp = tempfile.mkstemp(prefix=prefix, suffix=TEMP_SUFFIX, dir=path.parent)
    # The lock is held (by a second descriptor) until the rename; where there are no
    # locks, the process id in the name tells.
    with contextlib.suppress(OSError):
        _lock(handle, blocking=True)
    lock = os.dup(handle)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        if (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
            with contextlib.suppress(OSError):  # only root, or the owner in that group, may
                os.chown(temp, info.st_uid, info.st_gid)
        if expected is not None:
            with open(path, "rb") as current:
                if current.read(len(expected) + 1) != expected:
                    raise ChangedOnDisk(str(path))
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
    finally:
        os.close(lock)


def _lock(fd: int, blocking: bool) -> bool:
    """Take an exclusive ``flock`` on ``fd``; False when another process holds one."""
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


class ChangedOnDisk(Exception):
    """The file's bytes changed after ``fix`` read them."""


def remove_stale_temporaries(folders: set[str]) -> list[str]:
    """Remove the temporary files that a killed ``fix`` left in ``folders`` (those whose
    process is gone); returns their paths."""
    removed = []
    for folder in sorted(folders):
        try:
            names = [e.name for e in os.scandir(folder or ".") if e.name.endswith(TEMP_SUFFIX)]
        except OSError:
            continue
        for name in names:
            path = os.path.join(folder, name)
            if remove_stale_temporary(path):
                removed.append(path)
    return removed


def remove_stale_temporary(path: str) -> bool:
    """Remove ``path`` if it is a temporary file of a run that is gone; True if removed.

    A run holds a lock on its temporary file until it renames it: a file nobody holds a
    lock on was left by a run that died. (Where locks are not supported, the process id in
    the name says, when that process no longer runs.)"""
    name = os.path.basename(path)
    if not _temporary_name(name):
        return False
    try:
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
        )
    except OSError:
        return False
    try:
        try:
            stale = _lock(fd, blocking=False)
        except OSError:  # no locks here (some network file systems)
            stale = is_stale_temporary(name)
        if stale:
            os.unlink(path)  # while locked: a run cannot take it meanwhile
    except OSError:
        return False
    finally:
        os.close(fd)
    return stale


def _temporary_name(name: str) -> bool:
    if not (name.startswith(".") and name.endswith(TEMP_SUFFIX)):
        return False
    parts = name[: -len(TEMP_SUFFIX)].rsplit(".", 2)
    return len(parts) == 3 and parts[1].isdigit()


def is_stale_temporary(name: str) -> bool:
    """Whether ``name`` is one of ``write_atomic``'s temporary files, from a process that no
    longer runs."""
    if not _temporary_name(name):
        return False
    pid = int(name[: -len(TEMP_SUFFIX)].rsplit(".", 2)[1])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError, OSError):
        return False
    return False
