"""Relative radiation levels in an ACR article: ``☢☢☢ (1-10 mSv)``, ``[ped]``, ``O`` and
``Varies``, with their doses (``RRL_RE``, ``RRL_WORD_RE``, ``RRL_BARE_O_RE``, ``RRL_CELL_RE``)
and the population named at them (``RRL_POPULATION_RE``); :func:`find_radiation` lists the ☢
levels of one stretch of text.
"""

from __future__ import annotations

import re
from typing import Final

from contentlint.formats.acr.patterns_markup import collapse_ws

# Every quantifier is possessive: the blanks, "(" and comparator between the symbols and the
# dose are each optional, and three optional runs of blanks side by side would otherwise be
# split every possible way (cubic in the length of the run) before the dose is found absent.
_UNIT: Final = r"(?i:mSv|millisieverts?)"
_DOSE: Final = (
    r"(?P<dose>(?:(?i:approximately|approx\.|about|around|roughly|estimated|that\s++is"
    r"|i\.e\.,?+|~|≈)[ \t]*+)?+(?:(?i:between)[ \t]++)?+"
    r"(?P<cmp>[<>≤≥]|&lt;|&gt;|(?i:less\s++than|under|below|more\s++than|greater\s++than"
    r"|above))?+[ \t]*+"
    rf"(?P<low>\d++(?:\.\d++)?+)(?:[ \t]*+{_UNIT})?"
    r"(?:[ \t]*+(?:[-–—]|(?i:to|and))[ \t]*+(?P<high>\d++(?:\.\d++)?+))?+"
    rf"[ \t]*+{_UNIT})"
)
_PED: Final = r"[ \t]*+\[(?i:ped|peds|pediatric)\]"
RRL_RE: Final = re.compile(
    r"(?P<symbols>☢\ufe0f?+(?:[ \t]?☢\ufe0f?+)*+)"
    rf"(?P<ped>{_PED})?+"
    rf"(?:[ \t]*+[,:]?+[ \t]*+\(?+[ \t]*+{_DOSE}\)?+)?+"
    rf"(?P<ped_after>{_PED})?+"
)
#: The levels without a ☢: `O` (no ionizing radiation) and `Varies` (image-guided
#: procedures), after "relative radiation level", "RRL" or alone in a table cell.
RRL_WORD_RE: Final = re.compile(
    r"\b(?:(?i:relative)\s++(?i:radiation)\s++(?i:levels?)|RRLs?+)"
    r"(?:\s++(?i:of|is|was|at|=))?+[ \t]*+[:=]?+[ \t]*+(?:(?i:an?)\s++)?+"
    r"(?P<symbols>O|(?i:varies))(?![\w'’])"
    rf"(?:[ \t]*+\(?+[ \t]*+{_DOSE.replace('?P<', '?P<o_')}\)?+)?+"
)
#: `O` alone between punctuation, after a rating or a study: `May be appropriate, O, …`,
#: `(O)`, `: O.` (a capital O elsewhere is a letter).
RRL_BARE_O_RE: Final = re.compile(r"(?<=[,;:(])[ \t]*+(?P<symbols>O)(?=[ \t]*+(?:[,;.)]|$))")
RRL_CELL_RE: Final = re.compile(
    rf"[ \t*_]*+(?P<symbols>O|(?i:varies))(?:[ \t]*+\(?+[ \t]*+{_DOSE}\)?+)?+[ \t*_.]*+"
)
_NOT_SYMBOL_RE: Final = re.compile(r"[^☢]++")
RRL_POPULATION_RE: Final = re.compile(
    r"\b(?P<pop>pediatric|paediatric|peds|adult)\s++(?:RRL|relative\s++radiation\s++levels?)\b",
    re.IGNORECASE,
)


def find_radiation(raw: str) -> list[dict[str, object]]:
    """Relative radiation level statements (``☢☢☢☢ (10-30 mSv)``) with their index."""
    found: list[dict[str, object]] = []
    previous_end = 0
    for match in RRL_RE.finditer(raw):
        symbols = _NOT_SYMBOL_RE.sub("", match["symbols"])
        low, high = _dose_range(match)
        window = raw[max(previous_end, match.start() - 120) : match.start()]
        populations = [m["pop"].lower() for m in RRL_POPULATION_RE.finditer(window)]
        population = None
        if populations:
            population = "adult" if populations[-1] == "adult" else "pediatric"
        found.append(
            {
                "index": match.start(),
                "symbols": symbols,
                "count": len(symbols),
                "dose_text": collapse_ws(match["dose"]) if match["dose"] else None,
                "dose_low": low,
                "dose_high": high,
                "population": population,
            }
        )
        previous_end = match.end()
    return found


def _dose_range(match: re.Match[str]) -> tuple[float | None, float | None]:
    if not match["dose"]:
        return None, None
    low = float(match["low"])
    high = float(match["high"]) if match["high"] else None
    comparator = match["cmp"] or ""
    if comparator in ("<", "≤", "&lt;"):
        return None, low
    if comparator in (">", "≥", "&gt;"):
        return low, None
    return low, high if high is not None else low
