"""A page's titles agree, and its SEO title follows the site's template."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from contentlint.formats import Document
from contentlint.rules.identity.common import key_position, string_at
from contentlint.rules.registry import Hit, Option, SetValue, rule

PLACEHOLDERS = ("subject", "title")


def _template_parts(template: str) -> list[tuple[str, str | None]]:
    """A template as (literal text, placeholder or None) pairs. Only ``{subject}`` and
    ``{title}`` are placeholders (``{{``/``}}`` are braces): no attribute, index, conversion
    or format spec, so a template from a pull request can neither reach into objects nor
    ask for a padding of two billion characters. ValueError for anything else."""
    import string

    parts = []
    for literal, name, spec, conversion in string.Formatter().parse(template):
        if name is not None and (name not in PLACEHOLDERS or spec or conversion):
            shown = (
                "{"
                + name
                + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else "")
                + "}"
            )
            raise ValueError(f"{shown} is not a placeholder")
        parts.append((literal, name))
    return parts


def render_template(template: str, **values: str) -> str:
    return "".join(
        literal + (values[name] if name else "") for literal, name in _template_parts(template)
    )


def _template_problem(template: str) -> str | None:
    try:
        _template_parts(template)
    except ValueError as exc:
        return f"is not a valid template ({exc}); it may use only {{subject}} and {{title}}"
    return None


@rule(
    code="ID004",
    name="title-mismatch",
    summary="`title`, `article_title` and `question` disagree, or `seo.title` breaks the template.",
    explanation="""
A Q&A page states its question three times (`title`, `article_title`, `question`); they must
be the same text. `seo.title` must follow the configured template (default
`QuickTakes | {subject}`); that part is fixable.
""",
    bad="""
title: What is anemia?
article_title: What is anaemia?
subject: Medicine
seo:
  title: QuickTakes | Health
""",
    good="""
title: What is anemia?
article_title: What is anemia?
subject: Medicine
seo:
  title: QuickTakes | Medicine
""",
    fixable=True,
    options=(
        Option(
            "seo-title-template",
            "QuickTakes | {subject}",
            "what seo.title must be; {subject} and {title} are replaced",
            str,
            check=_template_problem,
        ),
    ),
    why="""
`title`, `article_title` and `question` are the same question shown in different places;
when they differ, the reader sees one wording in the heading and another elsewhere, and
one of them is an edit that did not reach the others. `seo.title` is the title search
engines show for the page: one that breaks the template shows a wrong or stale subject
in the results.
""",
    fix_safety="""
Only `seo.title` is fixed: `fix` sets it to the template rendered with the page's current
`subject` (and `title`), keeping the value's style where that is safe (a `>-` block stays
folded, quotes stay quotes), else writing a double-quoted string; the frontmatter must
read back with only `seo.title` changed, or the whole file is left as it was. `title`,
`article_title` and `question` are never changed, since which wording is right is for a
person to decide; a missing `seo.title` is not added. The file is written atomically, and
not if it changed on disk while `fix` ran.
""",
    limits="""
The three question fields are compared after trimming spaces only, so a difference in
case or punctuation alone is reported. `seo.title` is checked only when it is text and
`subject` is set; a page without `title` renders `{title}` as empty text.
""",
)
def title_mismatch(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    fm, kind = doc.frontmatter, doc.type
    if fm is None or fm.data is None or kind is None:
        return
    first, *others = kind.title_group or (kind.title or "",)
    title = string_at(fm, first)
    if title is not None:
        for key in others:
            other = string_at(fm, key)
            if other is not None and other.strip() != title.strip():
                yield Hit(
                    *key_position(fm, key), f"{key} differs from {first}: {other!r} vs {title!r}"
                )
    if not kind.seo_title or not kind.subject:
        return
    seo = _value(fm.data, kind.seo_title)
    subject = string_at(fm, kind.subject)
    if not isinstance(seo, str) or subject is None:
        return
    expected = render_template(options["seo-title-template"], subject=subject, title=title or "")
    if seo.strip() != expected:
        shown = ".".join(kind.seo_title)
        yield Hit(
            *key_position(fm, *kind.seo_title),
            f"{shown} {seo!r} does not follow the template: expected {expected!r}",
            (SetValue(kind.seo_title, expected),),
        )


def _value(data: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data
