"""Identity rules: url, file name, subject and titles agree; ids and urls are unique."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from contentlint.formats import Document
from contentlint.formats.frontmatter import Frontmatter
from contentlint.index import Entry, Index
from contentlint.rules.registry import Hit, Option, SetValue, rule

_NON_SLUG = re.compile(r"[^a-z0-9]++")


def slugify(text: str) -> str:
    return _NON_SLUG.sub("-", text.casefold()).strip("-")


#: The patterns this module applies to page text, with inputs that would make a backtracking
#: version slow (see ``contentlint.formats.acr.patterns.CONTENT_PATTERNS``).
CONTENT_PATTERNS = (("slug", slugify, (("", "-", ""), ("", " a", "!"), ("a", "\u00e9", ""))),)


def _str(fm: Frontmatter, key: str) -> str | None:
    value = (fm.data or {}).get(key)
    return value if isinstance(value, str) else None


def _at(fm: Frontmatter, *path: str) -> tuple[int, int]:
    node = fm.nodes.get(path)
    return (node.line, node.column) if node else fm.where(path)


@rule(
    code="ID001",
    name="url-file-name-mismatch",
    summary="The last segment of `url`, `file_name` and the file's own name disagree.",
    explanation="""
A page's `url` ends in its slug, `file_name` is that slug plus `.md`, and the page lives in a
file of that name. When they disagree, links, redirects and the CMS point at different pages.
Rename the file or correct the field that is wrong; contentlint cannot know which one is.
Set `check-disk-name = false` for exports whose files are named otherwise.
""",
    bad="""
# file: anemia.md
file_name: what-is-anemia.md
url: /learn/medicine/questions/what-is-anaemia
""",
    good="""
# file: what-is-anemia.md
file_name: what-is-anemia.md
url: /learn/medicine/questions/what-is-anemia
""",
    formats=("qa", "acr_article", "acr_guide"),
    options=(
        Option("check-disk-name", True, "also compare with the file's own name on disk", bool),
    ),
    why="""
The url, `file_name` and the file's own name are three names for one page, and different
parts of the publishing chain use different ones: when they disagree, a link, a redirect
or an edit in the CMS reaches another page or none, and a reader following the link gets
a page that is not there.
""",
    limits="""
Only the url's last segment, the stem of `file_name` and the file's name are compared: the
folder the file is in and the rest of the url are not (url-subject-mismatch checks the
subject segment). Nothing is compared when `url` or `file_name` is missing or not text;
missing-field and invalid-field report that.
""",
)
def url_file_name_mismatch(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    fm = doc.frontmatter
    if fm is None:
        return
    url, file_name = _str(fm, "url"), _str(fm, "file_name")
    if url and file_name:
        slug = url.rstrip("/").rsplit("/", 1)[-1]
        if PurePosixPath(file_name).stem != slug:
            yield Hit(
                *_at(fm, "file_name"),
                f"file_name '{file_name}' does not match the url's last segment '{slug}': "
                f"expected '{slug}.md'",
            )
    if file_name and options["check-disk-name"]:
        on_disk = doc.source.path.name
        if on_disk != file_name:
            yield Hit(
                *_at(fm, "file_name"),
                f"file_name '{file_name}' does not match the file's own name '{on_disk}': "
                "rename the file or correct file_name",
            )


@rule(
    code="ID002",
    name="url-subject-mismatch",
    summary="The subject segment of `url` is not the slug of `subject`.",
    explanation="""
Q&A urls have the shape `/learn/<subject-slug>/questions/<page-slug>`, where the subject slug
is `subject` in lower case with runs of other characters replaced by `-`
(`Health Studies` -> `health-studies`).
""",
    bad="""
subject: Medicine
url: /learn/health-studies/questions/what-is-anemia
""",
    good="""
subject: Medicine
url: /learn/medicine/questions/what-is-anemia
""",
    formats=("qa",),
    why="""
The url's subject segment files the page under a subject's section of the site: a
Medicine page at `/learn/health-studies/...` is shown to readers and search engines as a
Health Studies page, and its address no longer follows from its subject.
""",
    limits="""
Only urls that start with `/learn/` are checked, and only their subject segment. The slug
keeps only `a`-`z` and `0`-`9` after case folding, so an accented letter counts as a
separator (`Santé` -> `sant`). It is not fixed: the subject or the url may be the wrong
one, and changing a url breaks the links to it.
""",
)
def url_subject_mismatch(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    fm = doc.frontmatter
    if fm is None:
        return
    url, subject = _str(fm, "url"), _str(fm, "subject")
    if not url or not subject:
        return
    parts = url.strip("/").split("/")
    if len(parts) >= 2 and parts[0] == "learn" and parts[1] != slugify(subject):
        yield Hit(
            *_at(fm, "url"),
            f"the url's subject segment '{parts[1]}' is not the slug of subject "
            f"'{subject}': expected '{slugify(subject)}'",
        )


@rule(
    code="ID003",
    name="subject-vocabulary",
    summary="`subject` is not in the subject list, or is a variant spelling of a subject.",
    explanation="""
With a configured `subjects` list, a page's subject must be one of them (a case variant is
fixed to the listed spelling). Without a list, the most frequent spelling of each subject
across the corpus (pages' own `subject` and their `related_articleN.subject`, compared
case-insensitively) is canonical, and any other spelling is flagged and fixable.
""",
    bad="""
subject: Health studies   # the rest of the site writes Health Studies
""",
    good="""
subject: Health Studies
""",
    fixable=True,
    scope="corpus",
    formats=("qa",),
    options=(
        Option(
            "subjects", None, "the allowed subjects, spelled as they must be", (list, type(None))
        ),
    ),
    why="""
One subject spelled two ways (`Health studies`, `Health Studies`) can become two subjects
wherever pages are grouped or filtered by subject, so a reader browsing one misses the
pages filed under the other. Related blocks copy their target's subject, so a variant
spelling spreads to the pages that link to it.
""",
    fix_safety="""
`fix` sets this page's own `subject` to the canonical spelling (the configured one, or
the corpus's most frequent) and changes nothing else: the value keeps its style where
that is safe (a `>-` block stays folded, quotes stay quotes), else it is written as a
double-quoted string, and the frontmatter must read back with only `subject` changed, or
the whole file is left as it was. A subject that is not in the configured list and is no
case variant of one is only reported. A `seo.title` made from the old spelling is
rewritten by title-mismatch in a later pass of the same run. Other pages'
`related_articleN.subject` copies are not touched by this rule: related-stale updates
them, but a page whose copy goes stale only because of this fix is not rewritten in the
same run (it is reported as related-stale; a second `fix` fixes it). The file is written
atomically, and not if it changed on disk while `fix` ran.
""",
    limits="""
Without a `subjects` list the majority decides: if the wrong spelling is the more common
one, the right pages are flagged, and `fix` would change them to the wrong one, so
configure the list where that matters. Only spellings equal after case folding and
trimming are variants: a misspelling (`Medecine`) or a synonym is another subject, and is
seen only with a list (then reported, not fixed).
""",
)
def subject_vocabulary(entry: Entry, index: Index, options: dict[str, Any]) -> Iterator[Hit]:
    field = entry.subject
    if field is None or not isinstance(field.value, str):
        return
    subject = field.value
    allowed: list[str] | None = options["subjects"]
    if allowed is not None:
        if subject in allowed:
            return
        variants = [s for s in allowed if s.casefold() == subject.strip().casefold()]
        if not variants:
            yield Hit(
                field.line,
                field.column,
                f"subject '{subject}' is not in the configured subject list",
            )
            return
        canonical = variants[0]
        why = "the configured spelling"
    else:
        canonical = index.canonical_subject(subject)
        if canonical == subject:
            return
        uses = index.spellings(subject)
        why = f"used {uses[canonical]} times in the corpus, against {uses[subject]} for this one"
    yield Hit(
        field.line,
        field.column,
        f"subject '{subject}' is a variant of '{canonical}' ({why})",
        (SetValue(("subject",), canonical),),
    )


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
    formats=("qa",),
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
    fm = doc.frontmatter
    if fm is None or fm.data is None:
        return
    title = _str(fm, "title")
    if title is not None:
        for key in ("article_title", "question"):
            other = _str(fm, key)
            if other is not None and other.strip() != title.strip():
                yield Hit(*_at(fm, key), f"{key} differs from title: {other!r} vs {title!r}")
    seo = fm.data.get("seo")
    subject = _str(fm, "subject")
    if not isinstance(seo, dict) or not isinstance(seo.get("title"), str) or subject is None:
        return
    expected = render_template(options["seo-title-template"], subject=subject, title=title or "")
    if seo["title"].strip() != expected:
        yield Hit(
            *_at(fm, "seo", "title"),
            f"seo.title {seo['title']!r} does not follow the template: expected {expected!r}",
            (SetValue(("seo", "title"), expected),),
        )


def _duplicates(entry: Entry, others: list[Entry], what: str, value: Any) -> Iterator[Hit]:
    field = getattr(entry, what)
    # The first three others, and how many there are: the same work for each of a thousand
    # pages that share one id, not a list of the thousand for each of them.
    count = sum(1 for other in others if other.file != entry.file) if len(others) < 64 else None
    shown_paths = []
    for other in others:
        if other.file != entry.file:
            shown_paths.append(other.path)
            if len(shown_paths) == 3:
                break
    if not shown_paths:
        return
    if count is None:  # an index entry per file, this one among them
        count = len(others) - 1
    more = f" and {count - 3} more" if count > 3 else ""
    yield Hit(
        field.line, field.column, f"{what} {value!r} is also used by {', '.join(shown_paths)}{more}"
    )


@rule(
    code="ID005",
    name="duplicate-id",
    summary="Two documents share an id.",
    explanation="Every page's `id` must be unique across the corpus; links resolve by id.",
    bad="""
# a.md
id: 166294
# b.md
id: 166294
""",
    good="""
# a.md
id: 166294
# b.md
id: 166295
""",
    scope="corpus",
    why="""
Related articles link by id, so with two pages on one id a link may lead to either of
them, and a reader can land on a page about something else. related-stale cannot tell
which page a block copies and skips it, so stale titles and urls behind that id go
unreported.
""",
    limits="""
Only whole-number ids are compared (an `id` written as text is invalid-field's), and only
among the pages of the corpus that is read: a page outside the corpus root is not seen.
""",
)
def duplicate_id(entry: Entry, index: Index, options: dict[str, Any]) -> Iterator[Hit]:
    if entry.id is not None and isinstance(entry.id.value, int):
        yield from _duplicates(entry, index.with_id(entry.id.value), "id", entry.id.value)


@rule(
    code="ID006",
    name="duplicate-url",
    summary="Two documents share a url.",
    explanation="Every page's `url` must be unique across the corpus; one would hide the other.",
    bad="""
# a.md
url: /learn/medicine/questions/what-is-anemia
# b.md
url: /learn/medicine/questions/what-is-anemia
""",
    good="""
# a.md
url: /learn/medicine/questions/what-is-anemia
# b.md
url: /learn/medicine/questions/how-is-anemia-treated
""",
    scope="corpus",
    why="""
A url is one address: the site can serve only one of two pages that claim it, so the
other cannot be reached by its readers or by search engines, and links by url (ACR
references) resolve to whichever page the index finds first.
""",
    limits="""
Urls are compared after trimming spaces and a trailing slash, and case-sensitively:
`/learn/Medicine/...` and `/learn/medicine/...` are not reported as the same url (the
schema's url form rejects capitals on Q&A pages).
""",
)
def duplicate_url(entry: Entry, index: Index, options: dict[str, Any]) -> Iterator[Hit]:
    if entry.url is not None and isinstance(entry.url.value, str):
        yield from _duplicates(entry, index.with_url(entry.url.value), "url", entry.url.value)
