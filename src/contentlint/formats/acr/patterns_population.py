"""Whom an ACR article is for: the lead-ins of its inclusion and exclusion criteria, the words
and ages that name a population (:func:`population_of`: ``a 9-year-old``, ``children``,
``adults``), and the words that put a statement in another population or scenario
(``SCOPE_RE``: ``in adults, …``).
"""

from __future__ import annotations

import re
from typing import Final

EXCLUSION_LEAD_RE: Final = re.compile(
    r"\bexclu(?:sion|ded|des?)\b|\bseek\s++(?:different|other|separate)\s++guidance\b"
    r"|\bnot\s++(?:intended|applicable|meant)\s++for\b|\bdoes\s++not\s++apply\b"
    r"|\bdifferent\s++(?:workflow|guidance)\b",
    re.IGNORECASE,
)
INCLUSION_LEAD_RE: Final = re.compile(
    r"\binclusion\b|\bincluded\b|\bcriteria\s++are\b|\bapplies\s++to\b|\bwho\s++fits\b|\beligib",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------- population

PEDIATRIC_RE: Final = re.compile(
    r"\b(?:child|children|childhood|pediatric|paediatric|infants?|adolescents?|neonat\w*+"
    r"|newborns?|toddlers?|teens?|teenagers?|boys?|girls?)\b",
    re.IGNORECASE,
)
ADULT_RE: Final = re.compile(r"\badults?\b", re.IGNORECASE)
_NUMBER_WORDS: Final = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS: Final = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
#: An age: `a 9-year-old`, `nine-year-old`, `42 years old`, `aged 12`, `age 15`,
#: `a 6-month-old` (months, weeks and days are children).
AGE_RE: Final = re.compile(
    r"\b(?P<n>\d{1,3}|(?:"
    + "|".join(_TENS)
    + r")(?:[- ](?:"
    + "|".join(_NUMBER_WORDS[1:10])
    + r"))?|"
    + "|".join(reversed(_NUMBER_WORDS))
    + r")"
    r"(?:[- ](?P<unit>year|month|week|day)s?+[- ]old\b|\s++(?P<years>years?)\s++of\s++age\b)"
    r"|\bage[sd]?+\s++(?P<aged>\d{1,3})\b",
    re.IGNORECASE,
)


def _number(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS.index(word)
    tens, _, ones = word.replace(" ", "-").partition("-")
    if tens in _TENS:
        return 20 + 10 * _TENS.index(tens) + (_NUMBER_WORDS.index(ones) if ones else 0)
    return None


def population_of(text: str) -> str | None:
    """``pediatric`` or ``adult`` when ``text`` says which (the first age it gives, else
    words such as `child` or `adults`, when only one kind is named); None otherwise."""
    age = AGE_RE.search(text)
    if age:
        if age["unit"] and age["unit"].lower() != "year":
            return "pediatric"
        years = _number(age["n"] or age["aged"])
        if years is not None:
            return "pediatric" if years < 18 else "adult"
    pediatric, adult = PEDIATRIC_RE.search(text), ADULT_RE.search(text)
    if pediatric and not adult:
        return "pediatric"
    if adult and not pediatric:
        return "adult"
    return None


#: Words that put a statement in another population or scenario: `in adults, …`,
#: `for symptomatic patients`, `in a different scenario`.
SCOPE_RE: Final = re.compile(
    r"\b(?:in|for|among)\s++(?:(?:older|younger|most|all)\s++)?+"
    r"(?P<pop>adults?|adult\s++patients|children|child|kids|infants|adolescents"
    r"|pediatric\s++patients|paediatric\s++patients)\b"
    r"|\b(?P<other>(?:other|another|different|separate|symptomatic)\s++"
    r"(?:patients?|scenarios?|variants?|populations?|indications?|settings?|topics?))\b",
    re.IGNORECASE,
)
