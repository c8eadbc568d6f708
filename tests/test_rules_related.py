"""RL001-RL005: every ``related_articleN`` resolves, is current, and is well numbered.

Positions refer to the layout of ``corpus.page()`` (see conftest.py): the first related
block's key is line 26, its ``id`` line 27, ``title: >-`` line 28, ``subject`` line 30,
``url`` line 31; the second block starts at line 32.
"""

from __future__ import annotations

import pytest
from conftest import Raw, only, page_fields, related_block, where

from contentlint.discover import git_root


def _one(findings, code):
    found = only(findings, code)
    assert len(found) == 1, findings
    return found[0]


@pytest.fixture
def target(corpus):
    return corpus.page("how-is-anemia-treated.md", id=7)


# -- RL001 related-unresolved ----------------------------------------------------------------


def test_related_id_that_no_page_has(corpus, lint, target):
    corpus.page(related_article1={**target.ref(), "id": 999999})
    result = lint()
    finding = _one(result.findings, "RL001")
    assert finding["path"] == "what-is-anemia.md"
    assert where(finding) == (27, 9)
    assert finding["rule"] == "related-unresolved"
    assert finding["severity"] == "error"
    assert finding["fixable"] is False
    assert "999999" in finding["message"]
    assert result.code == 1


def test_related_id_of_an_existing_page(corpus, lint, target):
    corpus.page(related_article1=target.ref())
    assert lint().findings == []


def test_target_outside_the_checked_files_resolves_in_a_git_work_tree(corpus, lint):
    corpus.git_init()
    # the target is untracked and has problems of its own: it is read, not reported
    target = corpus.page("health/how-is-anemia-treated.md", id=7, date="2025-02-30")
    corpus.page("medicine/what-is-anemia.md", related_article1=target.ref())
    result = lint("medicine/what-is-anemia.md")
    assert result.findings == []
    assert result.code == 0
    # checked together, the target's own problem shows
    assert [f["path"] for f in lint("medicine", "health").findings] == [
        "health/how-is-anemia-treated.md"
    ]


def test_without_git_the_corpus_root_is_the_common_parent(corpus, lint):
    if git_root(corpus.root) is not None:
        pytest.skip("tmp_path is inside a git work tree")
    target = corpus.page("health/how-is-anemia-treated.md", id=7)
    corpus.page("medicine/what-is-anemia.md", related_article1=target.ref())
    corpus.page("medicine/what-is-iron.md")
    # root = medicine/: the target in health/ is not part of the corpus
    finding = _one(lint("medicine/what-is-anemia.md").findings, "RL001")
    assert finding["path"] == "medicine/what-is-anemia.md"
    # root = the common parent (tmp_path): it is
    assert lint("medicine/what-is-anemia.md", "health").findings == []
    assert lint("medicine/what-is-anemia.md", "medicine/what-is-iron.md").findings != []
    assert lint(".").findings == []


# -- RL002 related-stale ---------------------------------------------------------------------


def test_stale_title(corpus, lint, target):
    corpus.page(related_article1={**target.ref(), "title": "How is anaemia treated?"})
    result = lint()
    finding = _one(result.findings, "RL002")
    assert finding["path"] == "what-is-anemia.md"
    assert where(finding) == (28, 12)
    assert finding["rule"] == "related-stale"
    assert finding["severity"] == "error"
    assert finding["fixable"] is True
    assert "related_article1.title" in finding["message"]
    assert "'How is anemia treated?'" in finding["message"]
    assert "how-is-anemia-treated.md" in finding["message"]


def test_stale_subject(corpus, lint, target):
    corpus.page(related_article1={**target.ref(), "subject": "Health Studies"})
    finding = _one(lint().findings, "RL002")
    assert where(finding) == (30, 14)
    assert finding["fixable"] is True
    assert "related_article1.subject" in finding["message"]
    assert "'Medicine'" in finding["message"]


def test_stale_url(corpus, lint, target):
    old = "/learn/medicine/questions/how-is-anaemia-treated"
    corpus.page(related_article1={**target.ref(), "url": old})
    finding = _one(lint().findings, "RL002")
    assert where(finding) == (31, 10)
    assert finding["fixable"] is True
    assert "related_article1.url" in finding["message"]
    assert target.fields["url"] in finding["message"]


def test_copy_in_another_yaml_style_is_not_stale(corpus, lint, target):
    corpus.page(related_article1={**target.ref(), "title": Raw("'How is anemia treated?'")})
    assert only(lint().findings, "RL002") == []


def test_ambiguous_target_is_left_to_duplicate_id(corpus, lint, target):
    corpus.page("what-is-iron.md", id=7)
    corpus.page(related_article1={**target.ref(), "title": "Something else"})
    result = lint()
    assert only(result.findings, "RL002") == []
    assert len(only(result.findings, "ID005")) == 2


def test_non_integer_related_id_does_not_crash(corpus, lint, target):
    # an id written as a list is an invalid field; the cross-file rules must not crash on
    # the unhashable value (index.by_id.get / `in seen`)
    page = corpus.page(related_article1={**target.ref(), "id": Raw("[7, 8]")})
    result = lint()
    assert result.code == 1
    finding = _one(result.findings, "FM006")
    assert where(finding) == page.value_pos("    id: ")


# -- RL003 related-self ----------------------------------------------------------------------


def test_related_block_with_the_page_own_id(corpus, lint):
    itself = related_block(page_fields("what-is-anemia", id=42))
    corpus.page("what-is-anemia.md", id=42, related_article1=itself)
    finding = _one(lint().findings, "RL003")
    assert where(finding) == (27, 9)
    assert finding["rule"] == "related-self"
    assert finding["severity"] == "error"
    assert finding["fixable"] is False
    assert "itself" in finding["message"]


def test_related_block_with_the_page_own_url(corpus, lint, target):
    own_url = "/learn/medicine/questions/what-is-anemia"
    corpus.page(related_article1={**target.ref(), "url": own_url})
    finding = _one(lint().findings, "RL003")
    assert where(finding) == (31, 10)
    assert "own url" in finding["message"]


def test_related_block_pointing_elsewhere_is_not_self(corpus, lint, target):
    corpus.page(related_article1=target.ref())
    assert only(lint().findings, "RL003") == []


# -- RL004 related-duplicate -----------------------------------------------------------------


def test_same_related_article_twice_points_at_the_second(corpus, lint, target):
    corpus.page(related_article1=target.ref(), related_article2=target.ref())
    finding = _one(lint().findings, "RL004")
    assert where(finding) == (33, 9)
    assert finding["rule"] == "related-duplicate"
    assert finding["severity"] == "error"
    assert finding["fixable"] is False
    assert "related_article2 repeats id 7" in finding["message"]
    assert "related_article1" in finding["message"]


def test_distinct_related_articles(corpus, lint, target):
    other = corpus.page("what-causes-anemia.md")
    corpus.page(related_article1=target.ref(), related_article2=other.ref())
    assert lint().findings == []


# -- RL005 related-numbering -----------------------------------------------------------------


def test_gap_in_numbering_points_at_the_first_misnumbered_key(corpus, lint, target):
    other = corpus.page("what-causes-anemia.md")
    corpus.page(related_article1=target.ref(), related_article3=other.ref())
    result = lint()
    finding = _one(result.findings, "RL005")
    assert where(finding) == (32, 1)
    assert finding["rule"] == "related-numbering"
    assert finding["severity"] == "error"
    assert finding["fixable"] is False
    assert "related_article3 should be related_article2" in finding["message"]


def test_numbering_out_of_order(corpus, lint, target):
    other = corpus.page("what-causes-anemia.md")
    corpus.page(related_article2=target.ref(), related_article1=other.ref())
    finding = _one(lint().findings, "RL005")
    assert where(finding) == (26, 1)


def test_repeated_number_with_a_leading_zero(corpus, lint, target):
    other = corpus.page("what-causes-anemia.md")
    third = corpus.page("what-is-iron.md")
    corpus.page(
        related_article1=target.ref(),
        related_article2=other.ref(),
        related_article02=third.ref(),
    )
    finding = _one(lint().findings, "RL005")
    assert where(finding) == (38, 1)
    assert "related_article02 should be related_article3" in finding["message"]


def test_numbering_without_gaps(corpus, lint, target):
    other = corpus.page("what-causes-anemia.md")
    third = corpus.page("what-is-iron.md")
    corpus.page(
        related_article1=target.ref(),
        related_article2=other.ref(),
        related_article3=third.ref(),
    )
    assert only(lint().findings, "RL005") == []
