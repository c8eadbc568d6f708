"""Text from files (names, keys, values) made safe to print.

A file name or a YAML value can hold a line break followed by ``::error file=…::`` (which a
CI runner would obey as a workflow command), an ESC sequence (which a terminal would obey),
bidirectional overrides (which reorder what a reviewer sees) or bytes that are not UTF-8.
Every reporter passes such text through :func:`printable`, which spells each of those
characters as a visible escape (``\\n``, ``\\x1b``, ``\\u202e``, ``\\udcff``), so that no
output line can begin with anything but what contentlint wrote there.
"""

from __future__ import annotations

import re

# C0 controls but tab, DEL and C1 controls, the Unicode line and paragraph separators, the
# bidirectional embeddings, overrides and isolates, and lone surrogates (a file name that is
# not UTF-8, as Python decodes it).
UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)

_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str) -> str:
    """``text`` with every unsafe character spelled as an escape."""
    return UNSAFE.sub(_escape, text) if UNSAFE.search(text) else text


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


# What json.dumps(ensure_ascii=False) leaves as it is (it escapes C0 controls itself).
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_safe(text: str) -> str:
    """JSON text with the unsafe characters that ``json.dumps`` leaves (DEL, C1, separators,
    bidi controls, surrogates) written as ``\\uXXXX`` escapes: the same JSON values."""
    return _JSON_UNSAFE.sub(_json_escape, text) if _JSON_UNSAFE.search(text) else text
