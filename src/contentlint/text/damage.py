"""One damaged span of text, as both mojibake engines report it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Damage:
    """One damaged span: `text[start:end] == damaged`; `repair` is None when not safe."""

    start: int
    end: int
    damaged: str
    repair: str | None
