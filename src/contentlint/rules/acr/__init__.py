"""ACR article rules: structure, rating vocabulary and consistency, radiation levels, reviewer.

They read the :class:`~contentlint.formats.acr.model.Article` that
:mod:`contentlint.formats.acr.parse` builds.
"""

from __future__ import annotations

from contentlint.rules.acr import radiation, ratings, structure

__all__ = ["radiation", "ratings", "structure"]
