"""Atomic writes, and the temporary files a killed run leaves behind.

A file is replaced by writing a temporary file beside it (named after the file and this
process's id), syncing it, giving it the old file's mode and renaming it over the file: a
crash or a kill at any moment leaves the old file or the new one, never half of one. What a
killed run leaves is a temporary file, which the next run removes once its process is gone.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".contentlint.tmp"


def write_atomic(path: Path, data: bytes, expected: bytes | None = None) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename, keeping
    the file's mode; a crash leaves either the old file or the new one, never half of one.

    With ``expected``, the file must still hold those bytes just before the rename (else
    :class:`ChangedOnDisk`): an edit made while ``fix`` ran is never overwritten. The
    temporary file's name carries this process's id, so that a later run can tell a file
    left by a killed run (see :func:`remove_stale_temporaries`)."""
    info = path.stat()  # FileNotFoundError: deleted meanwhile
    mode = stat.S_IMODE(info.st_mode)
    prefix = f".{path.name}.{os.getpid()}."
    handle, temp = tempfile.mkstemp(prefix=prefix, suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        if expected is not None:
            with open(path, "rb") as current:
                if current.read(len(expected) + 1) != expected:
                    raise ChangedOnDisk(str(path))
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


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
    """Remove ``path`` if it is a temporary file of a run that is gone; True if removed."""
    if not is_stale_temporary(os.path.basename(path)):
        return False
    try:
        os.unlink(path)
    except OSError:
        return False
    return True


def is_stale_temporary(name: str) -> bool:
    """Whether ``name`` is one of ``write_atomic``'s temporary files, from a process that no
    longer runs."""
    if not (name.startswith(".") and name.endswith(TEMP_SUFFIX)):
        return False
    parts = name[: -len(TEMP_SUFFIX)].rsplit(".", 2)
    if len(parts) != 3 or not parts[1].isdigit():
        return False
    pid = int(parts[1])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError, OSError):
        return False
    return False
