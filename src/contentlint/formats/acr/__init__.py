"""The ACR Appropriateness Criteria format: articles (the site's plain-text export, or Markdown
with ``_schema: acr_article``). The guide pages they refer to (``_schema: acr_guide``) are
plain frontmatter pages (``formats/page.py``) of their own content type.

The format is re-exported here as ``ARTICLE_FORMAT`` (:mod:`.article`). The parser and its
regular expressions are imported when an article is met, not here. The modules, each
importing only from those listed before it:

- ``vocabulary``: the four rating categories and their two spellings; ``sections``: the
  section kinds in their required order (no regexes: the rules import both for free);
- ``model``: the parsed article, plain dataclasses;
- ``patterns_markup``, ``patterns_headings``, ``patterns_subjects``, ``patterns_ratings``,
  ``patterns_radiation``, ``patterns_references``, ``patterns_population``,
  ``patterns_reviewer``: the regexes and small finders that read one stretch of text;
  ``patterns``: ``CONTENT_PATTERNS``, each of them with the inputs that would make it slow;
- ``procedure_words``, ``procedure``, ``procedure_parse``: the four-part model of a rated
  study, its vocabulary, and the reading of names and prose;
- ``statements_reader``, ``statements_ratings``, ``statements_levels``, ``statements``: what
  one stretch of text says (ratings and the studies they rate, radiation levels) and the
  article's rated studies;
- ``blocks``, ``structure``, ``parse``: the text cut into blocks, built into an
  :class:`~contentlint.formats.acr.model.Article`;
- ``article``: the format.
"""

from __future__ import annotations

from contentlint.formats.acr.article import FORMAT as ARTICLE_FORMAT

__all__ = ["ARTICLE_FORMAT"]
