"""The ACR rating vocabulary: the four Appropriateness Criteria categories and the two ways
the ACR spells them.

One definition for the parser, which reads rating words as one of the categories (exactly or
misspelled: :func:`contentlint.formats.acr.statements_ratings.classify`), and for the
``rating-vocabulary`` rule, which checks their spelling against the house style. No regexes
here, so importing it is free.
"""

from __future__ import annotations

from typing import Final

#: The four categories, as :func:`~contentlint.formats.acr.patterns_ratings.normalize_rating`
#: writes them (lower case, spacing collapsed).
KNOWN_RATINGS: Final[tuple[str, ...]] = (
    "usually appropriate",
    "may be appropriate",
    "may be appropriate (disagreement)",
    "usually not appropriate",
)

#: The two spellings the ACR prints: sentence case in its evidence tables, Title Case in
#: its narrative documents.
SPELLINGS = {
    "sentence": {
        "usually appropriate": "Usually appropriate",
        "may be appropriate": "May be appropriate",
        "may be appropriate (disagreement)": "May be appropriate (Disagreement)",
        "usually not appropriate": "Usually not appropriate",
    },
    "title": {
        "usually appropriate": "Usually Appropriate",
        "may be appropriate": "May Be Appropriate",
        "may be appropriate (disagreement)": "May Be Appropriate (Disagreement)",
        "usually not appropriate": "Usually Not Appropriate",
    },
}
