"""The section kinds of an ACR article, in their required order (one list for the parser, the
schema test and the ``acr-structure`` rule; no regexes here, so importing it is free)."""

from __future__ import annotations

from typing import Final

#: The JSON Schema of the parsed article, checked by the ``acr-structure`` rule.
STRUCTURE_SCHEMA: Final = "acr-article.schema.json"

SECTION_ORDER: Final[tuple[str, ...]] = (
    "scenario",
    "assessment",
    "rationale",
    "lower-rated",
    "downstream",
    "pitfalls",
    "related",
    "faq",
)

#: Every kind a section can have (``other`` when no heading pattern matches).
SECTION_KIND_NAMES: Final[tuple[str, ...]] = (*SECTION_ORDER, "other")
