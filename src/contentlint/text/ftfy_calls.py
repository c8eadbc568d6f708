"""ftfy, imported on first use: its encoding fix, its explained fix and its badness.

Nothing here runs at import: ftfy is loaded (and its "sloppy" codecs registered) the first
time a line that passed the gate needs it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

__all__ = ["fix", "fix_explained", "is_bad", "load_ftfy"]


@lru_cache(maxsize=1)
def load_ftfy() -> Any:
    """The ftfy module, its codecs registered."""
    import ftfy
    import ftfy.bad_codecs

    ftfy.bad_codecs.ok()
    return ftfy


def fix(text: str) -> str:
    """ftfy's encoding repairs only (no C1 step: see `mojibake._c1_spans`)."""
    ftfy = load_ftfy()
    return ftfy.fix_encoding(text, ftfy.TextFixerConfig(fix_c1_controls=False))


def fix_explained(text: str) -> tuple[str, list[tuple[str, str]]]:
    """ftfy's encoding repairs, with the steps it took (its plan)."""
    ftfy = load_ftfy()
    result = ftfy.fix_encoding_and_explain(text, ftfy.TextFixerConfig(fix_c1_controls=False))
    return result.text, list(result.explanation or [])


def is_bad(text: str) -> bool:
    """Whether ftfy's badness heuristic finds `text` damaged."""
    load_ftfy()
    from ftfy.badness import is_bad as badness_is_bad

    return bool(badness_is_bad(text))
