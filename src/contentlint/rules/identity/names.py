"""A page's names agree: url and file name, url and subject, one spelling per subject."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from contentlint.formats import Document
from contentlint.index import Entry, Index, subject_key
from contentlint.rules.identity.common import key_position, string_at
from contentlint.rules.registry import Hit, Option, SetValue, rule

_NON_SLUG = re.compile(r"[^a-z0-9]++")


def slugify(text: str) -> str:
    return _NON_SLUG.sub("-", text.casefold()).strip("-")


#: The patterns this module applies to page text, with inputs that would make a backtracking
#: version slow (see ``contentlint.formats.acr.patterns.CONTENT_PATTERNS``).
CONTENT_PATTERNS = (("slug", slugify, (("", "-", ""), ("", " a", "!"), ("a", "\u00e9", ""))),)


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
    roles=("url", "file_name"),
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
    fm, kind = doc.frontmatter, doc.type
    if fm is None or kind is None or not kind.url or not kind.file_name:
        return
    key = kind.file_name
    url, file_name = string_at(fm, kind.url), string_at(fm, key)
    if url and file_name:
        slug = url.rstrip("/").rsplit("/", 1)[-1]
        if PurePosixPath(file_name).stem != slug:
            yield Hit(
                *key_position(fm, key),
                f"{key} '{file_name}' does not match the {kind.url}'s last segment '{slug}': "
                f"expected '{slug}.md'",
            )
    if file_name and options["check-disk-name"]:
        on_disk = doc.source.path.name
        if on_disk != file_name:
            yield Hit(
                *key_position(fm, key),
                f"{key} '{file_name}' does not match the file's own name '{on_disk}': "
                f"rename the file or correct {key}",
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
    roles=("url", "subject"),
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
    fm, kind = doc.frontmatter, doc.type
    if fm is None or kind is None or not kind.url or not kind.subject:
        return
    url, subject = string_at(fm, kind.url), string_at(fm, kind.subject)
    if not url or not subject:
        return
    parts = url.strip("/").split("/")
    if len(parts) >= 2 and parts[0] == "learn" and parts[1] != slugify(subject):
        yield Hit(
            *key_position(fm, kind.url),
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
    roles=("subject",),
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
        variants = [s for s in allowed if subject_key(s) == subject_key(subject)]
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
        (SetValue((), canonical, at=(field.line, field.column)),),
    )
