"""The suppressions family: a suppression that suppresses nothing (``unused-suppression``).

The markers are read by :mod:`contentlint.suppress`. This rule's scope is ``suppression``: it
can be judged only once every other finding of a file is known, its cross-file findings too,
so the pipeline runs it last, for each file asked about::

    found = suppress.suppressions(doc)                # after parsing; () for nearly every file
    kept, used = suppress.apply(local, found)         # the file rules' findings
    kept2, used = suppress.apply(cross, found, used)  # its cross-file findings, when known
    for hit in rule.check(found, used, options, selected):
        ...                                           # Analyser.finding(rule, display, hit)

``found`` and ``used`` are plain tuples (``Suppression.row``/``from_row``; ``used`` is
already lists of bools in JSON): the cache keeps ``found`` with a file's entry and may keep
the local ``used`` with its local findings. ``selected`` is the set of the names of the
rules the run ran (None: all of them): a suppression of a rule that did not run cannot be
judged and is not reported, nor is ``ALL`` unless every file and cross-file rule ran. The
findings of this rule are never suppressed; ``fix`` must apply only the findings ``apply``
keeps. A file with no suppressions (``found == ()``) needs none of this.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from typing import Any

from contentlint.rules.registry import Hit, all_rules, named, rule
from contentlint.suppress import ALL, Suppression, Used


def _where(s: Suppression) -> str:
    if s.kind == "file":
        return "in this file"
    if s.first == s.last:
        return f"on line {s.first}"
    return f"on lines {s.first}-{s.last}"


def _message(s: Suppression, token: str, selected: Collection[str] | None) -> str | None:
    if not s.rules:
        return (
            "unreadable suppression: write `# contentlint: disable=RULE` (frontmatter) or"
            " `<!-- contentlint-disable RULE -->` (also -enable, -disable-next-line,"
            " -disable-file), naming rules or codes, or ALL"
        )
    if token.upper() == ALL:
        judged = {r.name for r in all_rules() if r.scope in ("file", "corpus")}
        if selected is not None and not judged <= set(selected):
            return None
        if s.kind == "enable":
            return "'contentlint-enable ALL' ends no disable: nothing above it is disabled"
        return f"unused suppression of ALL: no finding {_where(s)}"
    found = named(token)
    if found is None:
        return f"unknown rule '{token}' in a suppression (see 'contentlint rules')"
    if found.scope == "suppression":
        return f"'{token}' cannot be suppressed inline: ignore it in the configuration"
    if selected is not None and found.name not in selected:
        return None
    if s.kind == "enable":
        return f"'contentlint-enable {token}' ends no disable of {found.name} above it"
    return f"unused suppression of '{token}': no {found.name} finding {_where(s)}"


@rule(
    code="SP001",
    name="unused-suppression",
    severity="warning",
    scope="suppression",
    summary="A suppression that suppresses nothing, names an unknown rule, or cannot be read.",
    explanation="""
Suppressions silence named rules' findings on some lines. In the frontmatter, a comment
`# contentlint: disable=RULE[,RULE]` at the end of a key's line, or alone on a line above a
key (the next key below it), covers that key: its line to the end of its value (a block
scalar, a nested mapping or list). One before the first key covers the first key only.
Text may follow after another `#`. A `#` inside a quoted string or a block scalar's text is
text, not a comment. `# contentlint: disable-file=RULE` covers the whole file.

In the body: `<!-- contentlint-disable RULE[, RULE] -->` covers its line to the line before
`<!-- contentlint-enable RULE -->` (or the end of the file; `enable ALL` ends every disable),
`<!-- contentlint-disable-next-line RULE -->` the line after it, and
`<!-- contentlint-disable-file RULE -->` the whole file. Blanks inside the comment are free,
and a comment may stand anywhere on its line. In Markdown, markers inside fenced code blocks
(``` or ~~~) are text; the plain-text ACR export has no code blocks.

RULE is a rule's name or code (codes in any case), or ALL for every rule; several are
separated by commas or blanks. A marker must name at least one (a bare `contentlint-disable`
is reported, not obeyed). Findings about the whole file are at line 1, the opening `---`,
which can hold nothing else: silence them with `disable-file`, or with `per-file-ignores` in
the configuration.

This rule reports each rule named by a suppression that suppressed no finding of that rule
(per rule name: `disable=a,b` with only an `a` finding reports `b`), an `enable` that ends
no disable, an unknown rule name, and a marker it cannot read.
""",
    bad="""
seo:
  title: QuickTakes | Medicine   # contentlint: disable=title-mismatch  # fixed long ago
""",
    good="""
seo:
  title: QuickTakes | Medicine
""",
    why="""
A suppression outlives the finding it was written for: once the text is fixed it silences
the next real defect on those lines without anyone noticing. A misspelt rule name
suppresses nothing while looking as if it did.
""",
    limits="""
Judged only for rules that ran: with `--select`, a suppression of a rule left out is not
reported; nor is ALL unless every rule ran. A frontmatter that is not valid YAML holds no
suppressions. Inline code (`` `<!-- … -->` ``) and indented code blocks are not recognised as
code: a marker there is read. Rule prefixes (`FM`) are not accepted. The findings of this rule
cannot themselves be suppressed inline.
""",
)
def unused_suppression(
    found: Sequence[Suppression],
    used: Used,
    options: dict[str, Any],
    selected: Collection[str] | None = None,
) -> Iterator[Hit]:
    """``used``: what :func:`contentlint.suppress.apply` gave for ``found`` (all the file's
    findings applied). Each rule named that suppressed nothing is one hit."""
    if not found:
        return
    all_rules()  # every family registered, so that names and codes resolve
    for index, s in enumerate(found):
        marks = used[index] if index < len(used) else ()
        tokens = [t for i, t in enumerate(s.rules) if i >= len(marks) or not marks[i]]
        for token in tokens if s.rules else [""]:
            message = _message(s, token, selected)
            if message is not None:
                yield Hit(s.line, s.column, message)
