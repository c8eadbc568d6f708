"""What both mojibake engines share: one damaged span of text (`Damage`), and how a span is
cut to the characters its repair changes (`common_affixes`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Damage:
    """One damaged span: `text[start:end] == damaged`; `repair` is None when not safe."""

    start: int
    end: int
    damaged: str
    repair: str | None


def common_affixes(damaged: str, repaired: str) -> tuple[int, int]:
    """Lengths of the common prefix and of the common suffix (not overlapping it)."""
    shortest = min(len(damaged), len(repaired))
    head = 0
    while head < shortest and damaged[head] == repaired[head]:
        head += 1
    tail = 0
    while tail < shortest - head and damaged[-1 - tail] == repaired[-1 - tail]:
        tail += 1
    return head, tail
