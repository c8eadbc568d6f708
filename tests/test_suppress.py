"""Inline suppressions (``contentlint.suppress``) and the unused-suppression rule (SP001).

Findings here are built by hand (a rule's name and code at a line) unless a test says it
runs the real rules: what is checked is which lines each marker covers, and which findings
``apply`` keeps.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from conftest import page_fields, render_page

from contentlint import suppress
from contentlint.config import Config
from contentlint.formats import parse_document
from contentlint.model import Finding
from contentlint.pipeline.analyse import Analyser
from contentlint.rules.registry import REGISTRY, all_rules
from contentlint.source import Source
from contentlint.suppress import Suppression, apply, suppressions

ROOT = Path(__file__).resolve().parents[1]
CODES = {"mojibake": "EN001", "title-mismatch": "ID004", "unknown-field": "FM007"}


def doc_of(text: str, name: str = "page.md"):
    source = Source(Path("/corpus") / name, name, text.encode("utf-8"), text)
    return parse_document(source)


def found_in(text: str, name: str = "page.md") -> tuple[Suppression, ...]:
    return suppressions(doc_of(text, name))


def finding(rule: str, line: int, column: int = 1) -> Finding:
    return Finding("page.md", line, column, CODES[rule], rule, "error", f"{rule} here")


def kept(text: str, *findings: Finding, name: str = "page.md") -> list[tuple[str, int]]:
    left, _ = apply(list(findings), found_in(text, name))
    return [(f.rule, f.line) for f in left]


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


def judge(text: str, *findings: Finding, selected=None) -> list[tuple[int, int, str]]:
    """The unused-suppression rule's hits for ``text`` once ``findings`` are applied."""
    found = found_in(text)
    _, used = apply(list(findings), found)
    rule = REGISTRY["unused-suppression"]
    return [(h.line, h.column, h.message) for h in rule.check(found, used, {}, selected)]


# -- the fast path ---------------------------------------------------------------------------


def test_a_page_without_the_word_is_not_scanned(monkeypatch) -> None:
    def boom(*args, **kwargs):
        raise AssertionError("scanned")

    monkeypatch.setattr(suppress, "_Yaml", boom)
    monkeypatch.setattr(suppress, "_Body", boom)
    text = render_page(page_fields()) + "<!-- a comment -->\n# heading # not a marker\n"
    assert found_in(text) == ()
    findings = [finding("mojibake", 3)]
    assert apply(findings, ()) == (findings, ())


# -- frontmatter -----------------------------------------------------------------------------

FRONT = lines(
    "---",  # 1
    "_schema: default",  # 2
    "title: Wrong  # contentlint: disable=title-mismatch",  # 3
    "question: Wrong too",  # 4
    "answer: >-",  # 5
    "    Hereâ€™s line one",  # 6
    "    and line two",  # 7
    "seo:",  # 8
    "  title: x",  # 9
    "  page_description: y",  # 10
    "author: z",  # 11
    "---",  # 12
    "",
    "&nbsp;",
)


def test_a_comment_at_the_end_of_a_key_line_covers_that_key_only() -> None:
    text = FRONT
    assert [(s.line, s.column, s.rules, s.first, s.last, s.kind) for s in found_in(text)] == [
        (3, 15, ("title-mismatch",), 3, 3, "key")
    ]
    assert kept(
        text,
        finding("title-mismatch", 3),  # suppressed
        finding("title-mismatch", 4),  # the same rule on another line
        finding("mojibake", 3),  # another rule on the same line
    ) == [("title-mismatch", 4), ("mojibake", 3)]


def test_a_block_scalar_is_covered_to_its_last_line() -> None:
    text = FRONT.replace("answer: >-", "answer: >-   # contentlint: disable=mojibake")
    (s,) = [s for s in found_in(text) if s.rules == ("mojibake",)]
    assert (s.first, s.last) == (5, 7)
    assert kept(text, finding("mojibake", 6), finding("mojibake", 7), finding("mojibake", 9)) == [
        ("mojibake", 9)
    ]


def test_a_nested_mapping_is_covered_to_its_last_line_not_past_the_comments_after_it() -> None:
    text = FRONT.replace("seo:", "seo:  # contentlint: disable=unknown-field").replace(
        "author: z", "\n# a comment\nauthor: z"
    )
    (s,) = [s for s in found_in(text) if s.rules == ("unknown-field",)]
    assert (s.first, s.last) == (8, 10)
    assert kept(text, finding("unknown-field", 9), finding("unknown-field", 10)) == []
    assert kept(text, finding("unknown-field", 14)) == [("unknown-field", 14)]  # author


def test_a_list_is_covered_to_its_last_item() -> None:
    text = lines(
        "---",
        "tags:  # contentlint: disable=unknown-field",
        "  - a",
        "  - b: 1",
        "    c: 2",
        "next: 1",
        "---",
    )
    (s,) = found_in(text)
    assert (s.first, s.last) == (2, 5)


def test_a_comment_alone_on_its_line_covers_the_key_below_it() -> None:
    text = FRONT.replace("answer: >-", "# contentlint: disable=mojibake\nanswer: >-")
    (s,) = [s for s in found_in(text) if s.rules == ("mojibake",)]
    assert (s.line, s.column, s.first, s.last) == (5, 1, 6, 8)
    assert kept(text, finding("mojibake", 4), finding("mojibake", 7), finding("mojibake", 9)) == [
        ("mojibake", 4),
        ("mojibake", 9),
    ]


def test_a_comment_above_a_nested_key_covers_that_key() -> None:
    text = FRONT.replace(
        "  page_description: y", "  # contentlint: disable=FM007\n  page_description: y"
    )
    (s,) = [s for s in found_in(text) if s.rules == ("FM007",)]
    assert (s.line, s.column, s.first, s.last) == (10, 3, 11, 11)


def test_a_comment_before_the_first_key_covers_the_first_key_only() -> None:
    text = lines("---", "# contentlint: disable=unknown-field", "a: 1", "b: 2", "---", "", "body")
    (s,) = found_in(text)
    assert (s.first, s.last) == (3, 3)
    assert kept(text, finding("unknown-field", 3), finding("unknown-field", 4)) == [
        ("unknown-field", 4)
    ]


def test_a_hash_inside_a_quoted_string_or_a_block_scalar_is_text() -> None:
    assert found_in(lines("---", 'title: "C# basics # contentlint: disable=x"', "---")) == ()
    assert found_in(lines("---", "title: 'a # contentlint: disable=x'", "---")) == ()
    assert found_in(lines("---", '"k # contentlint: disable=x": 1', "---")) == ()
    assert found_in(lines("---", "title: a#contentlint: disable=x", "---")) == ()
    block = lines("---", "answer: |", "  text", "  # contentlint: disable=x", "  more", "---")
    assert found_in(block) == ()
    multi = lines("---", 'title: "one', '  # contentlint: disable=x"', "---")
    assert found_in(multi) == ()


def test_a_comment_after_a_quoted_string_or_on_a_block_header_is_a_comment() -> None:
    text = lines("---", 'title: "C# basics"  # contentlint: disable=mojibake', "---")
    assert [(s.column, s.rules) for s in found_in(text)] == [(21, ("mojibake",))]
    block = lines("---", "answer: |  # contentlint: disable=x", "  text", "  more", "k: 1", "---")
    assert [(s.first, s.last) for s in found_in(block)] == [(2, 4)]


def test_a_reason_may_follow_and_rules_may_be_spaced() -> None:
    text = lines(
        "---",
        "a: 1  #contentlint :disable = mojibake , ID004  # the quote is verbatim",
        "---",
    )
    (s,) = found_in(text)
    assert s.rules == ("mojibake", "ID004")


def test_disable_file_in_the_frontmatter_covers_every_line() -> None:
    text = FRONT.replace("author: z", "author: z  # contentlint: disable-file=FM004")
    (s,) = [s for s in found_in(text) if s.kind == "file"]
    assert (s.first, s.last) == (1, 15)
    assert kept(text, Finding("p", 1, 1, "FM004", "unknown-schema", "error", "m")) == []


def test_a_frontmatter_that_does_not_load_holds_no_suppressions() -> None:
    assert found_in(lines("---", "a: [1  # contentlint: disable=x", "---")) == ()
    unclosed = lines("---", "a: 1  # contentlint: disable=x", "<!-- contentlint-disable x -->")
    assert found_in(unclosed) == ()


def test_non_ascii_text_before_a_comment_keeps_its_column() -> None:
    text = lines("---", 'title: "é€😀 #"  # contentlint: disable=mojibake', "---")
    (s,) = found_in(text)
    assert (s.line, s.column) == (2, 17)


# -- body ------------------------------------------------------------------------------------

HEAD = lines("---", "_schema: acr_article", "---")  # the body starts at line 4


def test_disable_runs_to_the_enable_and_enable_ends_it() -> None:
    text = HEAD + lines(
        "one",  # 4
        "<!-- contentlint-disable mojibake -->",  # 5
        "two",  # 6
        "three",  # 7
        "<!--contentlint-enable   mojibake-->",  # 8
        "four",  # 9
    )
    assert [(s.line, s.first, s.last, s.kind) for s in found_in(text)] == [(5, 5, 7, "range")]
    findings = [finding("mojibake", n) for n in (4, 6, 7, 8, 9)] + [finding("title-mismatch", 6)]
    assert kept(text, *findings) == [
        ("mojibake", 4),
        ("mojibake", 8),
        ("mojibake", 9),
        ("title-mismatch", 6),
    ]


def test_disable_without_enable_runs_to_the_end_of_the_file() -> None:
    text = HEAD + lines("<!-- contentlint-disable mojibake -->", "a", "b")
    (s,) = found_in(text)
    assert (s.first, s.last) == (4, 7)
    assert kept(text, finding("mojibake", 6), finding("mojibake", 2)) == [("mojibake", 2)]


def test_enable_of_one_rule_leaves_the_others_disabled() -> None:
    text = HEAD + lines(
        "<!-- contentlint-disable mojibake, title-mismatch -->",  # 4
        "a",  # 5
        "<!-- contentlint-enable ID004 -->",  # 6: by code, ends the name
        "b",  # 7
    )
    assert sorted((s.rules, s.first, s.last) for s in found_in(text)) == [
        (("mojibake",), 4, 8),
        (("title-mismatch",), 4, 5),
    ]
    assert kept(text, finding("title-mismatch", 5), finding("title-mismatch", 7)) == [
        ("title-mismatch", 7)
    ]


def test_disable_next_line_covers_the_next_line_only() -> None:
    text = HEAD + lines(
        "<!-- contentlint-disable-next-line mojibake -->",  # 4
        "a",  # 5
        "b",  # 6
        "<!-- contentlint-disable-next-line",  # 7: a comment over two lines
        "     EN001 -->",  # 8
        "c",  # 9
    )
    assert [(s.first, s.last, s.kind) for s in found_in(text)] == [
        (5, 5, "next-line"),
        (9, 9, "next-line"),
    ]
    findings = [finding("mojibake", n) for n in (4, 5, 6, 9)] + [finding("title-mismatch", 5)]
    assert kept(text, *findings) == [("mojibake", 4), ("mojibake", 6), ("title-mismatch", 5)]


def test_disable_file_in_the_body_covers_the_frontmatter_too() -> None:
    text = HEAD + lines("text", "<!-- contentlint-disable-file mojibake -->")
    assert kept(text, finding("mojibake", 1), finding("mojibake", 2)) == []


def test_codes_are_read_in_any_case_and_names_as_written() -> None:
    text = HEAD + lines(
        "<!-- contentlint-disable-next-line en001 -->",
        "a",
        "<!-- contentlint-disable-next-line Mojibake -->",
        "b",
    )
    assert kept(text, finding("mojibake", 5), finding("mojibake", 7)) == [("mojibake", 7)]
    assert [m for _, _, m in judge(text, finding("mojibake", 5))] == [
        "unknown rule 'Mojibake' in a suppression (see 'contentlint rules')"
    ]


def test_markers_in_fenced_code_are_text() -> None:
    text = HEAD + lines(
        "```markdown",  # 4
        "<!-- contentlint-disable mojibake -->",
        "```",  # 6
        "~~~~",  # 7
        "<!-- contentlint-disable mojibake -->",
        "~~~",  # 9: shorter than the opening fence: still inside
        "~~~~~ x",  # 10: text after a closing fence: still inside
        "   ~~~~~",  # 11: closes
        "``` a `backtick` in the info string: not a fence <!-- contentlint-disable FM007 -->",
        "<!-- contentlint-disable-next-line title-mismatch -->",  # 13: a marker
        "    ```",  # 14: four spaces: not a fence
        "<!-- contentlint-disable-next-line mojibake -->",  # 15: a marker
        "```",  # 16: unclosed: the rest is code
        "<!-- contentlint-disable mojibake -->",
    )
    assert [(s.line, s.rules) for s in found_in(text)] == [
        (12, ("FM007",)),
        (13, ("title-mismatch",)),
        (15, ("mojibake",)),
    ]


def test_the_plain_text_export_has_no_fences() -> None:
    article = (ROOT / "fixtures/acr/clean/suspected-appendicitis-child.txt").read_text("utf-8")
    text = article + lines("```", "<!-- contentlint-disable-next-line mojibake -->", "x")
    doc = doc_of(text, "article.txt")
    assert doc.format == "acr_article" and doc.frontmatter is None
    (s,) = suppressions(doc)
    assert s.kind == "next-line" and s.first == s.line + 1
    assert found_in(text, "article.md")  # the same text with frontmatter would be Markdown


def test_other_comments_and_near_misses_are_not_markers() -> None:
    text = HEAD + lines(
        "<!-- contentlint is our linter -->",
        "<!-- <!-- contentlint-disable mojibake --> -->",
        "<!-- note --> text <!-- contentlint-disable-next-line mojibake -->",
    )
    assert [(s.line, s.column) for s in found_in(text)] == [(6, 20)]


# -- the unused-suppression rule -------------------------------------------------------------


def test_the_rule_is_registered_with_its_own_scope_and_family() -> None:
    rules = {r.name: r for r in all_rules()}
    r = rules["unused-suppression"]
    assert (r.code, r.family, r.scope, r.severity) == (
        "SP001",
        "suppressions",
        "suppression",
        "warning",
    )
    assert r.why and r.limits and r.bad and r.good


def test_an_unused_suppression_is_reported_at_its_comment() -> None:
    text = HEAD + lines(
        "a",  # 4
        "   <!-- contentlint-disable-next-line mojibake, title-mismatch -->",  # 5
        "b",  # 6
    )
    assert judge(text, finding("mojibake", 6)) == [
        (5, 4, "unused suppression of 'title-mismatch': no title-mismatch finding on line 6")
    ]
    assert [m for _, _, m in judge(text)] == [
        "unused suppression of 'mojibake': no mojibake finding on line 6",
        "unused suppression of 'title-mismatch': no title-mismatch finding on line 6",
    ]
    assert judge(text, finding("mojibake", 6), finding("title-mismatch", 6)) == []


def test_unused_frontmatter_and_file_suppressions_say_where() -> None:
    text = FRONT.replace("author: z", "author: z  # contentlint: disable-file=EN001")
    assert [m for _, _, m in judge(text)] == [
        "unused suppression of 'title-mismatch': no title-mismatch finding on line 3",
        "unused suppression of 'EN001': no mojibake finding in this file",
    ]


def test_unknown_rules_bare_markers_and_stray_enables_are_reported() -> None:
    text = HEAD + lines(
        "<!-- contentlint-disable-next-line mojibak -->",  # 4
        "<!-- contentlint-disable -->",  # 5: names no rule
        "<!-- contentlint-disabel mojibake -->",  # 6: no such directive
        "<!-- contentlint-enable mojibake -->",  # 7: nothing to end
        "<!-- contentlint-disable-next-line unused-suppression -->",  # 8
    )
    found = found_in(text)
    assert [s.kind for s in found] == ["next-line", "invalid", "invalid", "enable", "next-line"]
    messages = [(line, m.split(":")[0]) for line, _, m in judge(text)]
    assert messages == [
        (4, "unknown rule 'mojibak' in a suppression (see 'contentlint rules')"),
        (5, "unreadable suppression"),
        (6, "unreadable suppression"),
        (7, "'contentlint-enable mojibake' ends no disable of mojibake above it"),
        (8, "'unused-suppression' cannot be suppressed inline"),
    ]


def test_all_suppresses_every_rule_and_counts_its_use() -> None:
    text = HEAD + lines("<!-- contentlint-disable ALL -->", "a", "<!-- contentlint-enable all -->")
    assert kept(text, finding("mojibake", 5), finding("unknown-field", 5)) == []
    assert judge(text, finding("mojibake", 5)) == []
    assert [m for _, _, m in judge(text)] == ["unused suppression of ALL: no finding on lines 4-5"]
    # with only some rules run, ALL cannot be judged; nor can a rule that did not run
    assert judge(text, selected={"mojibake"}) == []
    named = HEAD + lines("<!-- contentlint-disable-next-line title-mismatch -->", "a")
    assert judge(named, selected={"mojibake", "unused-suppression"}) == []
    assert judge(named, selected={"title-mismatch"}) != []


def test_apply_in_two_turns_judges_as_in_one() -> None:
    text = HEAD + lines("<!-- contentlint-disable mojibake, title-mismatch -->", "a", "b")
    found = found_in(text)
    local, cross = [finding("mojibake", 5)], [finding("title-mismatch", 6)]
    left, used = apply(local, found)
    left2, used = apply(cross, found, used)
    once, used_once = apply(local + cross, found)
    assert left + left2 == once == []
    assert used == used_once == ((True, True),)
    assert list(REGISTRY["unused-suppression"].check(found, used, {})) == []


def test_suppressions_are_plain_rows_for_the_cache() -> None:
    text = FRONT + lines("<!-- contentlint-disable-next-line mojibake -->", "x")
    found = found_in(text)
    rows = json.loads(json.dumps([s.row() for s in found]))
    assert tuple(Suppression.from_row(row) for row in rows) == found
    assert pickle.loads(pickle.dumps(found)) == found
    _, used = apply([], found)
    assert json.loads(json.dumps(used)) == [[False], [False]]


def test_the_real_rules_findings_are_suppressed() -> None:
    """The Analyser's file findings for a page, then ``apply``: as the pipeline will."""
    fields = page_fields()
    page = render_page({**fields, "answer": "Hereâ€™s how they contribute.", "colour": "x"})
    analyser = Analyser(Config(base=Path("/corpus")), all_rules(), Path("/corpus"))

    def codes(text: str) -> list[str]:
        doc = doc_of(text, fields["file_name"])
        left, _ = apply(analyser.file_findings(doc), suppressions(doc))
        return sorted(f.code for f in left)

    assert codes(page) == ["EN001", "FM007"]
    marked = page.replace("answer: >-", "answer: >-  # contentlint: disable=mojibake")
    assert codes(marked) == ["FM007"]
    assert codes(marked.replace("colour: x", "colour: x  # contentlint: disable=FM007")) == []


# -- hostile input ---------------------------------------------------------------------------


def test_a_megabyte_of_unclosed_comment_openers_holds_nothing() -> None:
    assert found_in(HEAD + "<!--" * 250_000 + " contentlint-disable x -->\n") == ()
    assert found_in(HEAD + "<!-- contentlint-disable x" + "<!--" * 250_000 + "\n") == ()
    assert found_in(HEAD + "a" + "`" * 1_000_000 + " <!-- contentlint-disable x -->\n") != ()
    assert found_in(HEAD + "` `` ``` " * 100_000 + "<!-- contentlint-disable x -->\n") != ()


def test_an_unclosed_comment_hides_the_markers_after_it() -> None:
    text = HEAD + lines("<!-- never closed", "<!-- contentlint-disable mojibake -->")
    # the second `-->` closes the first comment: its text is not a marker
    assert found_in(text) == ()
    assert found_in(HEAD + lines("<!-->", "<!-- contentlint-disable x -->")) != ()


def test_ten_thousand_markers_and_findings() -> None:
    n = 10_000
    body = "".join(f"<!-- contentlint-disable-next-line mojibake -->\nline {i}\n" for i in range(n))
    found = found_in(HEAD + body)
    assert len(found) == n
    findings = [finding("mojibake", 5 + 2 * i) for i in range(n)]  # each marked line
    findings += [finding("mojibake", 4 + 2 * i) for i in range(n)]  # each marker's own line
    left, used = apply(findings, found)
    assert len(left) == n and all(f.line % 2 == 0 for f in left)
    assert all(flags == (True,) for flags in used)
    disables = HEAD + "<!-- contentlint-disable mojibake -->\n" * n  # lines 4 to n + 3
    inside = [finding("mojibake", 4 + i) for i in range(n)]
    left, used = apply([*inside, finding("mojibake", 2)], found_in(disables))
    assert [f.line for f in left] == [2] and used == ((True,),) * n
    idle = HEAD + "<!-- contentlint-disable x -->\n" * n + "<!-- contentlint-enable y -->\n" * n
    assert sorted({s.kind for s in found_in(idle)}) == ["enable", "range"]
    front = "---\n" + "# contentlint: disable=mojibake\n" * n + "a: 1\n---\n"
    assert {(s.first, s.last) for s in found_in(front)} == {(n + 2, n + 2)}


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_windows_line_ends(newline: str) -> None:
    text = newline.join(
        [
            "---",
            "a: 1  # contentlint: disable=FM007",
            "---",
            "",
            "<!-- contentlint-disable-next-line EN001 -->",
            "x",
            "",
        ]
    )
    assert [(s.rules, s.first) for s in found_in(text)] == [(("FM007",), 2), (("EN001",), 6)]
