"""Globs (``include``, ``exclude``, ``require-frontmatter``), matched in linear time.

A glob comes from the configuration, and a path from the repository: both can come from a
stranger's pull request. A glob is translated to a regular expression (``*`` stays within a
folder, ``**`` spans folders, ``?`` is one character, everything else literal). With at most
one ``*`` or ``**``, Python's backtracking engine needs one pass back over the path at most,
so it runs in linear time and is used as it is the fastest; a glob with more wildcards goes
to RE2 (google-re2), which matches in linear time whatever the pattern, where a glob such as
``*a*a*a*a*b.md`` makes a backtracking engine take exponential time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache

MAX_GLOB = 1000  # characters: real globs are a few dozen

Matcher = Callable[[str], bool]


def _translate(pattern: str) -> tuple[str, int]:
    """The regex of a glob, and how many unbounded wildcards it has."""
    out, i, stars = [], 0, 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            stars += 1
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
            stars += 1
        elif pattern[i] == "*":
            while pattern.startswith("*", i + 1):  # `***` is `**`'s run: one wildcard
                i += 1
            out.append("[^/]*")
            i += 1
            stars += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return "".join(out), stars


@cache
def compile_glob(pattern: str, subtree: bool = False) -> Matcher:
    """A function telling whether a whole string matches ``pattern`` (with ``subtree``: or
    lies in a folder that matches it). The subtree's ``(?:/.*)?`` adds no backtracking: it
    is tried only where a ``/`` follows what matched, and then it matches at once."""
    regex, stars = _translate(pattern)
    if subtree:
        regex += "(?:/.*)?"
    if stars <= 1:
        return re.compile(regex + r"\Z", re.DOTALL).match  # type: ignore[return-value]
    import re2

    options = re2.Options()
    options.dot_nl = True
    compiled = re2.compile(regex, options)
    return lambda text: compiled.fullmatch(text) is not None


def glob_problem(pattern: str) -> str | None:
    """What is wrong with a glob from the configuration (None: nothing)."""
    if len(pattern) > MAX_GLOB:
        return f"is longer than {MAX_GLOB} characters"
    if "\x00" in pattern:
        return "holds a NUL character"
    return None


def matches(relative: str, patterns: Iterable[str]) -> bool:
    """Whether a posix path matches a glob: one without ``/`` matches any file's name (or a
    folder's), one with ``/`` matches the path relative to the config's folder (a folder
    matches what it holds)."""
    name = relative.rsplit("/", 1)[-1]
    for pattern in patterns:
        pattern = pattern.removeprefix("./").rstrip("/")
        if "/" not in pattern:
            match = compile_glob(pattern)
            if match(name) or any(match(part) for part in relative.split("/")[:-1]):
                return True
        elif compile_glob(pattern, subtree=True)(relative):
            return True
    return False
