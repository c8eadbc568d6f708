"""FM001-FM007: the frontmatter block exists, parses, has no repeated keys, matches its schema.

Line numbers refer to the page layout that ``corpus.page()`` writes (see conftest.py):
line 2 ``_schema``, 3 ``id``, 4 ``date``, 5-6 ``title``, 11 ``seo:``, 12 ``seo.title``,
17 ``author``, 22 ``subject``, 23 ``file_name``, 24 ``url``, 25 ``score``, 26 the first
``related_articleN`` key (when there is one).
"""

from __future__ import annotations

from conftest import DROP, Raw, codes, only, where


def _one(findings, code):
    found = only(findings, code)
    assert len(found) == 1, findings
    return found[0]


def test_valid_page_is_clean(corpus, lint):
    corpus.page()
    result = lint()
    assert result.findings == []
    assert result.code == 0


# -- FM001 frontmatter-missing ---------------------------------------------------------------


def test_unclosed_frontmatter_is_reported_at_the_opening_line(corpus, lint):
    corpus.raw("what-is-anemia.md", "---\n_schema: default\nid: 1\n\n&nbsp;\n")
    result = lint()
    finding = _one(result.findings, "FM001")
    assert where(finding) == (1, 1)
    assert finding["rule"] == "frontmatter-missing"
    assert finding["severity"] == "error"
    assert finding["fixable"] is False
    assert "never closed" in finding["message"]
    assert result.code == 1


def test_frontmatter_closed_with_dots_is_not_unclosed(corpus, lint):
    corpus.page()
    path = corpus.pages["what-is-anemia.md"].path
    text = path.read_text(encoding="utf-8").replace("\n---\n", "\n...\n", 1)
    assert "\n...\n" in text
    path.write_text(text, encoding="utf-8")
    assert only(lint().findings, "FM001") == []


# -- FM002 yaml-syntax -----------------------------------------------------------------------


def test_colon_in_plain_value_is_a_syntax_error_at_the_parser_position(corpus, lint):
    page = corpus.page(post_on_text=Raw("Posted: on"))
    assert page.pos("post_on_text") == (10, 1)
    result = lint()
    finding = _one(result.findings, "FM002")
    # "post_on_text: Posted" is 20 characters: the second colon is column 21
    assert where(finding) == (10, 21)
    assert finding["rule"] == "yaml-syntax"
    assert finding["severity"] == "error"
    assert finding["fixable"] is False
    assert finding["message"].startswith("invalid YAML:")
    # nothing else can be said about a page whose frontmatter does not parse
    assert codes(result.findings) == ["FM002"]
    assert result.code == 1


def test_quoted_value_with_colon_is_valid(corpus, lint):
    corpus.page(post_on_text=Raw("'Posted: on'"))
    assert lint().findings == []


def test_bad_indentation_is_a_syntax_error(corpus, lint):
    # a more-indented line continues the plain scalar "QuickTakes", then meets a colon
    page = corpus.page(author=Raw("QuickTakes\n   stray: 1"))
    assert page.pos("   stray: 1") == (18, 1)
    finding = _one(lint().findings, "FM002")
    assert where(finding) == (18, 9)


def test_frontmatter_that_is_not_a_mapping(corpus, lint):
    corpus.raw("what-is-anemia.md", "---\n- one\n- two\n---\n\n&nbsp;\n")
    finding = _one(lint().findings, "FM002")
    assert where(finding) == (2, 1)
    assert "mapping" in finding["message"]


def test_control_character_in_yaml_is_reported_at_its_position(corpus, lint):
    # libyaml refuses control characters with a ReaderError (not a MarkedYAMLError); the
    # finding should still point at the character and be one line of text.
    page = corpus.page(seo={"page_description": "About \x07 anemia."})
    line, column = page.pos("\x07")
    finding = _one(lint().findings, "FM002")
    assert where(finding) == (line, column)
    assert "\n" not in finding["message"]


def test_positions_after_a_unicode_line_separator_are_file_lines(corpus, lint):
    # YAML treats U+2028 (and U+0085, U+2029) as a line break, the file's lines do not:
    # every position after one must still be the position in the file.
    page = corpus.page(
        seo={"page_description": Raw('"About\u2028anemia."')},
        author=Raw("QuickTakes\nauthor: Someone"),
    )
    dup = _one(lint().findings, "FM003")
    assert where(dup) == page.pos("author: Someone")
    assert f"first at line {page.pos('author: QuickTakes')[0]}" in dup["message"]


# -- FM003 duplicate-key ---------------------------------------------------------------------


def test_duplicate_top_level_key_points_at_the_second(corpus, lint):
    page = corpus.page(author=Raw("QuickTakes\nauthor: Someone"))
    assert page.pos("author: Someone") == (18, 1)
    result = lint()
    finding = _one(result.findings, "FM003")
    assert where(finding) == (18, 1)
    assert finding["rule"] == "duplicate-key"
    assert finding["severity"] == "error"
    assert finding["fixable"] is False
    assert "'author'" in finding["message"]
    assert "line 17" in finding["message"]
    assert result.code == 1


def test_duplicate_key_inside_seo_points_at_the_second(corpus, lint):
    corpus.page(seo={"title": Raw("QuickTakes | Medicine\n  title: QuickTakes | Medicine")})
    finding = _one(lint().findings, "FM003")
    assert where(finding) == (13, 3)
    assert "'title'" in finding["message"]
    assert "line 12" in finding["message"]


def test_duplicate_key_inside_related_block(corpus, lint):
    target = corpus.page("how-is-anemia-treated.md", id=7)
    page = corpus.page(related_article1={**target.ref(), "id": Raw("7\n    id: 7")})
    finding = _one(lint().findings, "FM003")
    line, _ = page.pos("    id: 7", 2)
    assert where(finding) == (line, 5)


def test_same_key_in_different_mappings_is_not_a_duplicate(corpus, lint):
    # "title" at the top, in seo and in two related blocks; "id" at the top and in each block
    a = corpus.page("how-is-anemia-treated.md")
    b = corpus.page("what-causes-anemia.md")
    corpus.page(related_article1=a.ref(), related_article2=b.ref())
    assert only(lint().findings, "FM003") == []


# -- FM004 unknown-schema --------------------------------------------------------------------


def test_missing_schema_key_points_at_the_mapping(corpus, lint):
    corpus.page(_schema=DROP)
    result = lint()
    finding = _one(result.findings, "FM004")
    assert where(finding) == (1, 1)
    assert finding["rule"] == "unknown-schema"
    assert finding["severity"] == "error"
    assert finding["fixable"] is False
    assert "_schema" in finding["message"]
    # without a schema, no schema- or Q&A-specific rule can judge the page
    assert codes(result.findings) == ["FM004"]


def test_wrong_schema_points_at_the_value(corpus, lint):
    corpus.page(_schema="defualt")
    finding = _one(lint().findings, "FM004")
    assert where(finding) == (2, 10)
    assert "'defualt'" in finding["message"]
    assert "default" in finding["message"].split("expected", 1)[1]


def test_known_schema_quoted_is_fine(corpus, lint):
    corpus.page(_schema=Raw('"default"'))
    assert lint().findings == []


# -- FM005 missing-field ---------------------------------------------------------------------


def test_missing_top_level_field_points_at_the_mapping(corpus, lint):
    corpus.page(author=DROP)
    result = lint()
    finding = _one(result.findings, "FM005")
    assert where(finding) == (1, 1)
    assert finding["rule"] == "missing-field"
    assert finding["severity"] == "error"
    assert finding["fixable"] is False
    assert "'author'" in finding["message"]
    assert result.code == 1


def test_each_missing_field_is_reported_once(corpus, lint):
    corpus.page(author=DROP, date=DROP)
    found = only(lint().findings, "FM005")
    assert sorted(f["message"] for f in found) == [
        "missing required field 'author'",
        "missing required field 'date'",
    ]


def test_missing_field_in_seo_points_at_seo(corpus, lint):
    corpus.page(seo={"page_keywords": DROP})
    finding = _one(lint().findings, "FM005")
    assert where(finding) == (11, 1)
    assert "'page_keywords'" in finding["message"]
    assert "'seo'" in finding["message"]


def test_missing_fields_in_related_block_point_at_the_block_once_each(corpus, lint):
    target = corpus.page("how-is-anemia-treated.md", id=7)
    corpus.page(related_article1={**target.ref(), "title": DROP, "url": DROP})
    found = only(lint().findings, "FM005")
    assert [where(f) for f in found] == [(26, 1), (26, 1)]
    assert sorted(f["message"] for f in found) == [
        "missing required field 'title' in 'related_article1'",
        "missing required field 'url' in 'related_article1'",
    ]


def test_optional_fields_may_be_missing(corpus, lint):
    corpus.page(score=DROP, date_format=DROP, post_on_text=DROP)
    assert lint().findings == []


# -- FM006 invalid-field ---------------------------------------------------------------------


def test_impossible_date_points_at_the_value(corpus, lint):
    corpus.page(date="2025-02-30")
    result = lint()
    finding = _one(result.findings, "FM006")
    assert where(finding) == (4, 7)
    assert finding["rule"] == "invalid-field"
    assert finding["severity"] == "error"
    assert finding["fixable"] is False
    assert "'date'" in finding["message"]
    assert "2025-02-30" in finding["message"]
    assert result.code == 1


def test_date_with_impossible_month_and_day(corpus, lint):
    corpus.page(date="2025-13-45")
    finding = _one(lint().findings, "FM006")
    assert where(finding) == (4, 7)
    assert "2025-13-45" in finding["message"]


def test_leap_day_is_a_valid_date(corpus, lint):
    corpus.page(date="2024-02-29")
    assert lint().findings == []


def test_quoted_id_is_a_string_not_an_integer(corpus, lint):
    corpus.page(id=Raw('"166294"'))
    finding = _one(lint().findings, "FM006")
    assert where(finding) == (3, 5)
    assert "'id'" in finding["message"]
    assert "must be a whole number, not text" in finding["message"]


def test_unquoted_id_is_fine(corpus, lint):
    corpus.page(id=166294)
    assert lint().findings == []


def test_url_not_matching_the_pattern(corpus, lint):
    corpus.page(url="/learn/medicine/question/what-is-anemia")
    result = lint()
    finding = _one(result.findings, "FM006")
    assert where(finding) == (24, 6)
    assert "'url'" in finding["message"]
    assert "/learn/<subject-slug>/questions/<page-slug>" in finding["message"]
    assert codes(result.findings) == ["FM006"]


def test_wrong_type_for_score(corpus, lint):
    corpus.page(score="high")
    finding = _one(lint().findings, "FM006")
    assert where(finding) == (25, 8)
    assert "number" in finding["message"]


def test_invalid_field_inside_related_block_points_at_its_value(corpus, lint):
    target = corpus.page("how-is-anemia-treated.md", id=7)
    page = corpus.page(related_article1={**target.ref(), "id": Raw('"7"')})
    finding = _one(lint().findings, "FM006")
    assert where(finding) == page.value_pos("    id: ")
    assert "related_article1.id" in finding["message"]


# -- FM007 unknown-field ---------------------------------------------------------------------


def test_unknown_top_level_field_is_a_warning_at_the_key(corpus, lint):
    corpus.page(artcle_title="What is anemia?")
    result = lint()
    finding = _one(result.findings, "FM007")
    assert where(finding) == (26, 1)
    assert finding["rule"] == "unknown-field"
    assert finding["severity"] == "warning"
    assert finding["fixable"] is False
    assert "'artcle_title'" in finding["message"]
    assert result.code == 0  # warnings only


def test_unknown_field_in_seo(corpus, lint):
    corpus.page(seo={"extra": "x"})
    finding = _one(lint().findings, "FM007")
    assert where(finding) == (17, 3)
    assert "'extra'" in finding["message"]
    assert "'seo'" in finding["message"]


def test_unknown_field_in_related_block(corpus, lint):
    target = corpus.page("how-is-anemia-treated.md", id=7)
    page = corpus.page(related_article1={**target.ref(), "titel": "x"})
    finding = _one(lint().findings, "FM007")
    assert where(finding) == page.pos("titel: x")
    assert "'titel'" in finding["message"]
    assert "'related_article1'" in finding["message"]


def test_an_unknown_field_names_the_known_field_it_misspells(corpus, lint):
    from conftest import DROP

    corpus.page(article_title=DROP, artcle_title="What is anemia?")
    (misspelt,) = only(lint().findings, "FM007")
    assert misspelt["message"].endswith("(did you mean 'article_title'?)")
    corpus.page(seo={"titel": "x"})
    nested = [f for f in only(lint().findings, "FM007") if "'titel'" in f["message"]]
    assert nested[0]["message"].endswith("(did you mean 'title'?)")


def test_an_unknown_field_like_no_known_one_gets_no_suggestion(corpus, lint):
    corpus.page(reviewed_by="Dr. Quinn", zzzq="x")
    messages = [f["message"] for f in only(lint().findings, "FM007")]
    assert len(messages) == 2
    assert not any("did you mean" in message for message in messages)


def test_numbered_related_blocks_are_known_fields(corpus, lint):
    target = corpus.page("how-is-anemia-treated.md", id=7)
    corpus.page(related_article1=target.ref())
    assert only(lint().findings, "FM007") == []
