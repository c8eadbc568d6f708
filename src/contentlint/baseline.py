"""Baselines: the findings a repository has agreed to live with, so that a run reports only
new ones (``--write-baseline FILE``, then ``--baseline FILE``).

The file is JSON, committed to the repository and reviewed in diffs: a version, and one
entry per finding with its fingerprint (see ``fingerprint.py``), its path relative to the
baseline's own folder, its code, rule and message, sorted, with no line numbers (they move
with every edit above a finding, and would make every diff noisy). Paths are taken relative
to the baseline's folder, so the same file matches from any current folder. A finding that
was fixed is simply not written the next time.

A baseline comes from a pull request like any file: it is read as untrusted input (a
regular file, bounded in size, JSON of exactly the expected shape), and anything else is a
:class:`BaselineError` with a message, never a traceback.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from contentlint.atomic import TEMP_SUFFIX, write_atomic
from contentlint.excerpt import FileLines
from contentlint.fingerprint import LENGTH, fingerprints, relative_path
from contentlint.model import Finding
from contentlint.reporters.escape import json_safe, printable
from contentlint.source import read_bytes

VERSION = 1
MAX_SIZE = 64 * 1024 * 1024
FIELDS = ("fingerprint", "path", "code", "rule", "message")
_FINGERPRINT = re.compile(f"[0-9a-f]{{{LENGTH}}}")


class BaselineError(Exception):
    """A baseline that cannot be read or written, or is not one: the message says why."""


def folder_of(path: Path | str) -> Path:
    """The folder a baseline's paths are relative to: the one holding it (links resolved)."""
    return Path(os.path.realpath(os.path.dirname(os.path.abspath(path))))


@dataclass(frozen=True)
class Baseline:
    folder: Path  # the baseline file's folder: fingerprints' paths are relative to it
    counts: Counter[str]  # fingerprint -> how many findings the baseline holds with it

    def __len__(self) -> int:
        return sum(self.counts.values())

    def filter(self, findings: Sequence[Finding], lines: FileLines | None = None) -> list[Finding]:
        """The findings that are not in the baseline, in their order. Counts matter: a
        fingerprint held once matches one finding; a second one is new."""
        lines = lines or FileLines()
        left = Counter(self.counts)
        new = []
        for finding, fingerprint in zip(
            findings, fingerprints(findings, lines, self.folder), strict=True
        ):
            if left[fingerprint] > 0:
                left[fingerprint] -= 1
            else:
                new.append(finding)
        return new


def entries(findings: Sequence[Finding], lines: FileLines, folder: Path) -> list[dict[str, str]]:
    """The baseline's entries for ``findings``, sorted."""
    rows = [
        {
            "fingerprint": fingerprint,
            "path": relative_path(f.path, folder),
            "code": f.code,
            "rule": f.rule,
            "message": f.message,
        }
        for f, fingerprint in zip(findings, fingerprints(findings, lines, folder), strict=True)
    ]
    rows.sort(
        key=lambda row: tuple(row[name] for name in ("path", "code", "message", "fingerprint"))
    )
    return rows


def dumps(rows: list[dict[str, str]]) -> str:
    """The file's text: pretty, stable, ending in a newline; control, bidi and separator
    characters written as ``\\u`` escapes, so that a reviewer sees them in the diff."""
    text = json.dumps({"version": VERSION, "findings": rows}, indent=2, ensure_ascii=False)
    return json_safe(text) + "\n"


def write_baseline(
    path: Path | str, findings: Sequence[Finding], lines: FileLines | None = None
) -> int:
    """Write a baseline of ``findings`` to ``path``, atomically; returns how many entries it
    holds. Raises :class:`BaselineError` when it cannot be written."""
    path = Path(path)
    rows = entries(findings, lines or FileLines(), folder_of(path))
    data = dumps(rows).encode("utf-8", "surrogatepass")
    try:
        if path.is_symlink() or path.exists():
            write_atomic(path, data)
        else:
            _write_new(path, data)
    except (OSError, ValueError) as exc:
        reason = _reason(exc) if isinstance(exc, OSError) else "not a valid file name"
        raise BaselineError(f"cannot write baseline {printable(str(path))}: {reason}") from None
    return len(rows)


def _write_new(path: Path, data: bytes) -> None:
    """A new file, written as :func:`write_atomic` writes (a temporary file beside it, named
    so that a later run removes it if this one is killed, synced, then renamed), with the
    mode a new file gets (umask applied)."""
    temp = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        with contextlib.suppress(OSError):  # held until the rename: not a killed run's file
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        with os.fdopen(os.dup(fd), "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    finally:
        os.close(fd)


def _reason(exc: OSError) -> str:
    return printable(exc.strerror or str(exc))


def load_baseline(path: Path | str) -> Baseline:
    """Read and check a baseline. Raises :class:`BaselineError` (with a message that names
    the file and what is wrong) for anything that is not a readable baseline."""
    path = Path(path)
    shown = printable(str(path))
    try:
        raw, too_large = read_bytes(path, MAX_SIZE)
    except (OSError, ValueError) as exc:
        reason = _reason(exc) if isinstance(exc, OSError) else "not a valid file name"
        raise BaselineError(f"cannot read baseline {shown}: {reason}") from None
    if too_large is not None:
        raise BaselineError(
            f"baseline {shown} is larger than {MAX_SIZE // (1024 * 1024)} MiB ({too_large} bytes)"
        )
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise BaselineError(f"baseline {shown} is not UTF-8 (byte {exc.start})") from None
    except RecursionError:
        raise BaselineError(f"baseline {shown} is nested too deeply to be a baseline") from None
    except ValueError as exc:
        raise BaselineError(f"baseline {shown} is not JSON: {printable(str(exc))}") from None
    return Baseline(folder_of(path), _counts(data, shown))


def _counts(data: object, shown: str) -> Counter[str]:
    """The fingerprints of a parsed baseline, after checking its shape."""
    if not isinstance(data, dict) or "findings" not in data or "version" not in data:
        raise BaselineError(
            f"baseline {shown} is not a contentlint baseline: expected an object with "
            "'version' and 'findings'"
        )
    version = data["version"]
    if type(version) is not int or version != VERSION:
        raise BaselineError(
            f"baseline {shown} has version {printable(repr(version)[:40])}; this contentlint "
            f"reads version {VERSION} (write it again with --write-baseline)"
        )
    rows = data["findings"]
    if not isinstance(rows, list):
        raise BaselineError(f"baseline {shown}: 'findings' must be a list")
    counts: Counter[str] = Counter()
    for number, row in enumerate(rows):
        where = f"baseline {shown}, finding {number + 1}"
        if not isinstance(row, dict):
            raise BaselineError(f"{where}: must be an object")
        for name in FIELDS:
            if name in row and not isinstance(row[name], str):
                raise BaselineError(f"{where}: '{name}' must be a string")
        fingerprint = row.get("fingerprint")
        if not isinstance(fingerprint, str) or not _FINGERPRINT.fullmatch(fingerprint):
            raise BaselineError(f"{where}: 'fingerprint' must be {LENGTH} lowercase hex digits")
        counts[fingerprint] += 1
    return counts
