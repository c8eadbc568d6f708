"""Related-article rules: every ``related_articleN`` resolves, is current, and is well numbered."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from contentlint.formats import Document
from contentlint.formats.page import related_of
from contentlint.index import Entry, Index, title_key
from contentlint.rules.registry import Hit, Option, SetValue, rule

REFERENCE_KINDS = {
    "link": "link",
    "topic-guide": "topic guide",
    "protocol-guide": "protocol guide",
    "id": "related id",
}

COPIED_FIELDS = ("title", "subject", "url")


@rule(
    code="RL001",
    name="related-unresolved",
    summary="A `related_articleN.id` that no document in the corpus has.",
    explanation="""
A related article is a link by id: if no page of the corpus has that id, the link is dead.
ACR articles' references (Markdown links, `see our parent guide: TITLE`, a protocol guide
named by title, frontmatter `related` ids) must match a document by url, relative path or
title (guides are `_schema: acr_guide` pages); titles and urls that live outside the
repository can be listed in the `external` option.
The whole corpus is read even when only some files are checked (pre-commit passes only the
staged ones), so a link to an existing page that was not staged still resolves. The corpus
root is `root` in the config, else the enclosing git work tree, else the common parent of
the paths given.
""",
    bad="""
related_article1:
    id: 999999   # no page has this id
""",
    good="""
related_article1:
    id: 166303   # the id of an existing page
""",
    scope="corpus",
    options=(
        Option(
            "external",
            [],
            "titles and urls of guides that live outside the repository (always resolve)",
            list,
        ),
    ),
    why="""
A related article or a reference to a guide is a link: when no page has that id, url or
title, the reader who follows it finds nothing. A page that is deleted, renamed or given a
new id leaves every page that linked to it pointing at the old one, and nothing else tells.
""",
    limits="""
Targets are looked up only among the pages of the corpus and, for ACR references, the
`external` list; `related_articleN` ids have no such list. A page that cannot be read,
whose frontmatter does not parse or that is over `max-file-size` has no index entry, so
links to it are reported here too. Only whole-number ids are looked up, and a resolved
link is not checked to be the page meant (related-stale compares the copied fields).
""",
)
def related_unresolved(entry: Entry, index: Index, options: dict[str, Any]) -> Iterator[Hit]:
    external = {title_key(item) for item in options["external"]} if entry.references else ()
    for reference in entry.references:
        names = {title_key(n) for n in (reference.link, reference.title) if n}
        if names & external or index.resolve(entry, reference):
            continue
        what = REFERENCE_KINDS.get(reference.kind, "reference")
        yield Hit(
            reference.line,
            reference.column,
            f"{what} {reference.shown!r} matches no document of the corpus by url, path or "
            "title: correct it, add the page, or list it under the rule's 'external' option",
        )
    for ref in entry.related:
        target_id = ref.value("id")  # a Field is built only for a hit
        if not isinstance(target_id, int) or index.with_id(target_id) or ref.id is None:
            continue
        yield Hit(
            ref.id.line,
            ref.id.column,
            f"{ref.key} points at id {target_id}, which no document in the corpus has",
        )


@rule(
    code="RL002",
    name="related-stale",
    summary="A `related_articleN` whose title, subject or url differs from the target page's own.",
    explanation="""
A related article copies its target's `title`, `subject` and `url`. When the target is
edited, the copies go stale and the link shows an old title or leads to an old url. The fix
copies the target's current values.
""",
    bad="""
related_article1:
    id: 166303
    title: >-
        What is maintenance therapy?     # the target's title has changed
""",
    good="""
related_article1:
    id: 166303
    title: >-
        What is the purpose of the maintenance phase in leukemia treatment?
""",
    fixable=True,
    scope="corpus",
    roles=("related",),
    why="""
The copies are what the linking page shows: a stale title puts an old question under the
link, a stale url sends the reader to the target's old address (nothing, unless it
redirects), and a stale subject labels the link with the wrong subject. Nobody editing
the target page sees the pages that copy it.
""",
    fix_safety="""
`fix` sets each stale `related_articleN.title`, `.subject` or `.url` to the target page's
current value and changes nothing else. The block's `id` is trusted: if it names the wrong
page, the block is made to agree with that page. A copied field the block lacks is not
added, and a block whose id names no page or several is left alone. The value keeps its
style where that is safe (a `>-` block stays folded at its indent, quotes stay quotes),
else it is written as a double-quoted string; the frontmatter must read back with only
those values changed, or the whole file is left as it was. The file is written
atomically, and not if it changed on disk while `fix` ran.
""",
    limits="""
Only blocks whose id names exactly one page are compared, and values are compared after
trimming spaces. A copied field that the block lacks is not reported here (missing-field
reports it).
""",
)
def related_stale(entry: Entry, index: Index, options: dict[str, Any]) -> Iterator[Hit]:
    for ref in entry.related:
        target_id = ref.value("id")
        if not isinstance(target_id, int):
            continue
        targets = index.with_id(target_id)
        if len(targets) != 1:  # unresolved, or ambiguous (duplicate-id says so)
            continue
        target = targets[0]
        for name in COPIED_FIELDS:
            value, theirs = ref.value(name), getattr(target, name)
            if theirs is None or not isinstance(theirs.value, str):
                continue
            if isinstance(value, str) and value.strip() == theirs.value.strip():
                continue
            mine = getattr(ref, name)
            if mine is None:
                continue
            yield Hit(
                mine.line,
                mine.column,
                f"{ref.key}.{name} is {mine.value!r} but page {target_id} ({target.path}) "
                f"has {theirs.value!r}",
                (SetValue((), theirs.value, at=(mine.line, mine.column)),),
            )


@rule(
    code="RL003",
    name="related-self",
    summary="A page lists itself as a related article.",
    explanation="A related article must point at another page: remove the block that names the "
    "page's own id or url.",
    bad="""
id: 166300
related_article1:
    id: 166300
""",
    good="""
id: 166300
related_article1:
    id: 166303
""",
    roles=("related",),
    why="""
A related article that is the page itself sends the reader back to where they are, and
takes one of the few slots meant to lead on to another page.
""",
    limits="""
The block's id and url are compared with the page's own exactly: a url that differs only
by a trailing slash or in case is not seen as the page's own.
""",
)
def related_self(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    fm, kind = doc.frontmatter, doc.type
    if fm is None or fm.data is None or kind is None:
        return
    own_id = fm.data.get(kind.id) if kind.id else None
    own_url = fm.data.get(kind.url) if kind.url else None
    for ref in related_of(doc):  # values first: a Field is built only for a hit
        if own_id is not None and ref.value("id") == own_id and ref.id is not None:
            yield Hit(ref.id.line, ref.id.column, f"{ref.key} points at this page itself")
        elif own_url is not None and ref.value("url") == own_url and ref.url is not None:
            yield Hit(ref.url.line, ref.url.column, f"{ref.key} points at this page's own url")


@rule(
    code="RL004",
    name="related-duplicate",
    summary="A page lists the same related article twice.",
    explanation="Each related article should appear once; remove the repeated block.",
    bad="""
related_article1:
    id: 166303
related_article2:
    id: 166303
""",
    good="""
related_article1:
    id: 166303
related_article2:
    id: 166316
""",
    roles=("related",),
    why="""
The same page shown twice among a handful of related articles wastes a slot that could
lead the reader somewhere new, and looks like a mistake on the page.
""",
    limits="""
Only repeated ids are seen: two blocks with different ids that name the same page by url
or title (one of them with a wrong id) are not, and an id written as text (`"166303"`) is
not the same as the number.
""",
)
def related_duplicate(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    if doc.frontmatter is None:
        return
    seen: dict[Any, str] = {}
    for ref in related_of(doc):
        value = ref.value("id")
        if value is None or not isinstance(value, int | str) or ref.id is None:
            continue
        if value in seen:
            yield Hit(
                ref.id.line,
                ref.id.column,
                f"{ref.key} repeats id {value}, already listed by {seen[value]}",
            )
        else:
            seen[value] = ref.key


@rule(
    code="RL005",
    name="related-numbering",
    summary="`related_articleN` keys do not run 1, 2, 3... without a gap or a repeat.",
    explanation="""
The site shows related articles by number; a gap (`related_article1`, `related_article3`) or
a repeated number (`related_article2` and `related_article02`) hides some of them. Number the
blocks 1, 2, 3... in the order they appear.
""",
    bad="""
related_article1: ...
related_article3: ...
""",
    good="""
related_article1: ...
related_article2: ...
""",
    roles=("related",),
    why="""
The site shows related articles by number, so a gap or a repeated number hides some of
the blocks: the reader never sees those links, and the editor who wrote them believes
they are live.
""",
    limits="""
Only the first block out of sequence is reported; the next one appears once it is
renumbered. It is not fixed (renumbering would rename keys).
""",
)
def related_numbering(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    if doc.frontmatter is None or doc.type is None or doc.type.related is None:
        return
    template = doc.type.related.key
    for expected, ref in enumerate(related_of(doc), start=1):
        if ref.number != expected:
            yield Hit(
                ref.line,
                ref.column,
                f"{ref.key} should be {template.replace('{n}', str(expected))}: related"
                " articles must be numbered 1, 2, 3... in order, without gaps or repeats",
            )
            return


@rule(
    code="RL006",
    name="related-empty",
    summary="An ACR article's related section names no article.",
    explanation="""
The `Related ACR Topics and Tools` section promises further resources; when it lists none
(no link, no guide named by title), the reader is left with an empty promise. Add the parent
topic guide and the protocol guides, or remove the section.
""",
    bad="""
Related ACR Topics and Tools

For a broader overview … the following resources are available.

Frequently Asked Questions
""",
    good="""
Related ACR Topics and Tools

For breadth across all scenarios, see our parent guide: Staging and Follow-Up of Leukemia:
ACR Appropriateness Decoded.
""",
    formats=("acr_article",),
    why="""
The section tells the reader that further resources follow, then offers none: a dead end
at the point where the reader was looking for the parent topic guide or a protocol
guide. It also leaves related-unresolved nothing to check, so a section whose links were
lost in an export passes unseen without this rule.
""",
    limits="""
Only what the parser reads as a reference counts: an inline Markdown link (`[text](url)`),
or a guide named after `parent guide:`, `protocol guide:` and the like. A resource written
otherwise (a bare url, a plain list of titles) is not counted, and the section is
reported as empty. Whether the
references resolve is related-unresolved's; a missing section is acr-structure's.
""",
)
def related_empty(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    related = getattr(doc.body, "related", None)
    if related is not None and not related.references:
        yield Hit(
            related.line,
            related.column,
            f"the section {related.heading!r} names no article: "
            "add the related guides or remove the section",
        )
