"""The relative radiation levels of one stretch of an ACR article (``☢☢☢ (1-10 mSv)``,
``O``, ``Varies``, ``[ped]``), each with its dose, the population named at it, and the study it
is written for when the text says which (:func:`_level_subject`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from contentlint.formats.acr.patterns_markup import collapse_ws
from contentlint.formats.acr.patterns_radiation import (
    _NOT_SYMBOL_RE,
    RRL_BARE_O_RE,
    RRL_CELL_RE,
    RRL_POPULATION_RE,
    RRL_RE,
    RRL_WORD_RE,
)
from contentlint.formats.acr.statements_ratings import Statement
from contentlint.formats.acr.statements_reader import _NEAR, _REACH, Mention, _Reader, study_key

_LEVEL_GAP_RE: Final = re.compile(
    r"(?:[\s,:(\[—–*_`'’\"-]++|(?!(?:when|if|unless|while|whereas|because|but|although|than"
    r"|rather|instead|cannot|not|or|and|its|their|avoids?|spares?|unlike|without|no|versus"
    r"|vs|compared|over)\b)[A-Za-z]++){0,16}+",
    re.IGNORECASE,
)
#: What lies between a level and the study it is said of: `☢☢☢ dose of CT`, `☢☢☢ (1-10
#: mSv) exposure of CT abdomen`.
_OF_STUDY_RE: Final = re.compile(
    r"[ \t]*+(?:\([^()\n]{0,40}+\)[ \t]*+)?+(?:(?:dose|exposure|radiation|level)[ \t]++)?+"
    r"(?:of|from|for)[ \t]++(?:(?:a|an|the)[ \t]++)?+",
    re.IGNORECASE,
)


@dataclass
class Level:
    index: int
    symbols: str
    count: int | None
    pediatric_marker: bool
    dose_text: str | None
    dose_low: float | None
    dose_high: float | None
    population: str | None
    procedure: Mention | None


def _dose(match: re.Match[str], prefix: str = "") -> tuple[str | None, float | None, float | None]:
    dose = match[prefix + "dose"]
    if not dose:
        return None, None, None
    low: float | None = float(match[prefix + "low"])
    high: float | None = float(match[prefix + "high"]) if match[prefix + "high"] else low
    comparator = " ".join((match[prefix + "cmp"] or "").lower().split())
    if comparator in ("<", "≤", "&lt;", "less than", "under", "below"):
        low, high = None, low
    elif comparator in (">", "≥", "&gt;", "more than", "greater than", "above"):
        high = None
    return collapse_ws(dose), low, high


def _levels(reader: _Reader, statements: list[Statement], row: bool) -> list[Level]:
    raw = reader.raw
    found: list[tuple[int, str, bool, tuple[str | None, float | None, float | None]]] = []
    for match in RRL_RE.finditer(raw):
        symbols = _NOT_SYMBOL_RE.sub("", match["symbols"])
        ped = bool(match["ped"] or match["ped_after"])
        found.append((match.start(), symbols, ped, _dose(match)))
    for match in RRL_WORD_RE.finditer(raw):
        found.append((match.start("symbols"), match["symbols"], False, _dose(match, "o_")))
    bare = list(RRL_BARE_O_RE.finditer(raw))
    if bare and (statements or reader.mentions):
        taken = {at for at, *_ in found}
        for match in bare:
            if match.start("symbols") not in taken:
                found.append((match.start("symbols"), "O", False, (None, None, None)))
    if row:
        taken = {at for at, *_ in found}
        for cells in reader.rows:
            for start, end in cells[1:]:
                cell = RRL_CELL_RE.fullmatch(raw, start, end)
                if cell and not taken.intersection(range(start, end)):
                    found.append((cell.start("symbols"), cell["symbols"], False, _dose(cell)))
    found.sort()
    rated = _only_study(statements) if found else None
    levels, previous_end = [], 0
    for index, symbols, ped, (dose_text, low, high) in found:
        window = raw[max(previous_end, index - 120) : index]
        populations = [m["pop"].lower() for m in RRL_POPULATION_RE.finditer(window)]
        population = "pediatric" if ped else None
        if populations and population is None:
            population = "adult" if populations[-1] == "adult" else "pediatric"
        word = symbols if symbols.startswith("☢") else symbols.capitalize()
        count = len(symbols) if word.startswith("☢") else (0 if word == "O" else None)
        subject = _level_subject(reader, index, index + len(symbols), rated, row)
        levels.append(Level(index, word, count, ped, dose_text, low, high, population, subject))
        previous_end = index + len(symbols)
    return levels


def _only_study(statements: list[Statement]) -> Mention | None:
    """The one study the statements of a stretch rate, if they rate exactly one."""
    studies = [m for s in statements if not s.hypothetical for m in s.procedures if m[2].modality]
    return studies[0] if len({study_key(m[2]) for m in studies}) == 1 else None


def _level_subject(
    reader: _Reader, index: int, end: int, rated: Mention | None, row: bool
) -> Mention | None:
    """The study a level is written for: one the level is said of (`the ☢☢☢ dose of CT`),
    else one named just before it (`CT head (☢☢☢)`, `US abdomen has a relative radiation
    level of O`), else the row's or the label's study, else the one study the stretch rates
    when its sentence names no other. A study named further back, in another clause (`when
    ultrasound cannot, CT … ☢☢☢`) or set against the level (`MRI avoids the ☢☢☢ of CT`) is
    not taken: a level given to the wrong study would be a false error."""
    raw = reader.raw
    sentence = reader.sentence_start(index)
    following = reader.within(end, end + _NEAR)
    if following and _OF_STUDY_RE.fullmatch(raw, end, following[0][0]):
        return following[0]
    near = reader.subject(max(sentence, index - _NEAR), index)
    if near and _LEVEL_GAP_RE.fullmatch(raw, near[-1][1], index):
        return near[-1]
    stop = min(reader.sentence_end(index), end + _REACH)
    named = {study_key(m[2]) for m in reader.within(max(sentence, index - _REACH), stop)}
    if row:
        for cells in reader.rows:
            if cells[0][1] <= index <= cells[-1][1]:
                first = reader.subject(*cells[0])
                if first and named <= {study_key(first[0][2])}:
                    return first[0]
    if reader.label and reader.label[1] <= index:
        labelled = reader.subject(*reader.label)
        if labelled and named <= {study_key(labelled[0][2])}:
            return labelled[0]
    if rated is not None and named <= {study_key(rated[2])}:
        return rated
    return None
