"""ID001-ID006: url, file name, subject and titles agree; ids and urls are unique.

Positions refer to the layout of ``corpus.page()`` (see conftest.py): line 3 ``id``,
7 ``article_title``, 12 ``seo.title``, 18 ``question``, 22 ``subject``, 23 ``file_name``,
24 ``url``.
"""

from __future__ import annotations

import pytest
from conftest import Raw, codes, only, where

from contentlint.discover import git_root


def _one(findings, code):
    found = only(findings, code)
    assert len(found) == 1, findings
    return found[0]


# -- ID001 url-file-name-mismatch ------------------------------------------------------------


def test_url_disagrees_with_file_name_and_disk(corpus, lint):
    corpus.page(url="/learn/medicine/questions/what-is-anaemia")
    result = lint()
    finding = _one(result.findings, "ID001")
    assert where(finding) == (23, 12)
    assert finding["rule"] == "url-file-name-mismatch"
    assert finding["severity"] == "error"
    assert finding["fixable"] is False
    assert "'what-is-anaemia'" in finding["message"]
    assert "'what-is-anaemia.md'" in finding["message"]
    assert result.code == 1


def test_file_name_disagrees_with_url_and_disk(corpus, lint):
    corpus.page(file_name="anemia.md")
    found = only(lint().findings, "ID001")
    assert [where(f) for f in found] == [(23, 12), (23, 12)]
    messages = " | ".join(f["message"] for f in found)
    assert "url's last segment 'what-is-anemia'" in messages
    assert "file's own name 'what-is-anemia.md'" in messages


def test_disk_name_disagrees_with_file_name_and_url(corpus, lint):
    corpus.page(
        "anemia.md",
        file_name="what-is-anemia.md",
        url="/learn/medicine/questions/what-is-anemia",
    )
    finding = _one(lint().findings, "ID001")
    assert where(finding) == (23, 12)
    assert "file's own name 'anemia.md'" in finding["message"]


def test_check_disk_name_false_ignores_the_file_name_on_disk(corpus, lint):
    corpus.config('[rules.url-file-name-mismatch]\n"check-disk-name" = false\n')
    corpus.page(
        "000_b46eb6cf16927b4d.txt",
        file_name="what-is-anemia.md",
        url="/learn/medicine/questions/what-is-anemia",
    )
    assert lint().findings == []


def test_check_disk_name_false_still_compares_url_and_file_name(corpus, lint):
    corpus.config('[rules.url-file-name-mismatch]\n"check-disk-name" = false\n')
    corpus.page(
        "000_b46eb6cf16927b4d.txt",
        file_name="what-is-anemia.md",
        url="/learn/medicine/questions/what-is-anaemia",
    )
    finding = _one(lint().findings, "ID001")
    assert "url's last segment 'what-is-anaemia'" in finding["message"]


def test_agreeing_url_file_name_and_disk_name(corpus, lint):
    corpus.page("medicine/what-is-anemia.md")
    assert lint().findings == []


# -- ID002 url-subject-mismatch --------------------------------------------------------------


def test_url_subject_segment_is_not_the_subject_slug(corpus, lint):
    corpus.page(subject="Health Studies", url="/learn/medicine/questions/what-is-anemia")
    finding = _one(lint().findings, "ID002")
    assert where(finding) == (24, 6)
    assert finding["rule"] == "url-subject-mismatch"
    assert finding["severity"] == "error"
    assert finding["fixable"] is False
    assert "expected 'health-studies'" in finding["message"]


def test_url_subject_segment_is_the_subject_slug(corpus, lint):
    page = corpus.page(subject="Health Studies")
    assert page.fields["url"] == "/learn/health-studies/questions/what-is-anemia"
    assert lint().findings == []


# -- ID003 subject-vocabulary ----------------------------------------------------------------


def test_minority_spelling_is_a_fixable_variant_of_the_most_frequent(corpus, lint):
    corpus.page("how-is-anemia-treated.md", subject="Health Studies")
    corpus.page("what-causes-anemia.md", subject="Health Studies")
    corpus.page("what-is-anemia.md", subject="Health studies")
    result = lint()
    finding = _one(result.findings, "ID003")
    assert finding["path"] == "what-is-anemia.md"
    assert where(finding) == (22, 10)
    assert finding["rule"] == "subject-vocabulary"
    assert finding["severity"] == "error"
    assert finding["fixable"] is True
    assert "'Health studies' is a variant of 'Health Studies'" in finding["message"]
    assert "2 times" in finding["message"]
    assert result.code == 1


def test_related_articles_subjects_count_towards_the_canonical_spelling(corpus, lint):
    # pages alone: one "Health Studies", one "Health studies" (a tie); two related blocks
    # elsewhere copy "Health studies", which makes it the canonical spelling
    corpus.page("how-is-anemia-treated.md", subject="Health Studies")
    target = corpus.page("what-causes-anemia.md", subject="Health studies")
    corpus.page("what-is-anemia.md", related_article1=target.ref())
    corpus.page("what-is-iron.md", related_article1=target.ref())
    finding = _one(lint().findings, "ID003")
    assert finding["path"] == "how-is-anemia-treated.md"
    assert "is a variant of 'Health studies'" in finding["message"]


def test_a_tie_goes_to_the_alphabetically_first_spelling(corpus, lint):
    corpus.page("how-is-anemia-treated.md", subject="health studies")
    corpus.page("what-is-anemia.md", subject="Health Studies")
    finding = _one(lint().findings, "ID003")
    assert finding["path"] == "how-is-anemia-treated.md"


def test_one_spelling_everywhere_is_fine(corpus, lint):
    corpus.page("how-is-anemia-treated.md", subject="Health Studies")
    corpus.page("what-is-anemia.md", subject="Health Studies")
    corpus.page("what-is-iron.md", subject="Medicine")
    assert lint().findings == []


SUBJECTS = '[rules.subject-vocabulary]\nsubjects = ["Health Studies", "Medicine"]\n'


def test_configured_list_case_variant_is_fixable(corpus, lint):
    corpus.config(SUBJECTS)
    corpus.page(subject="health studies")
    finding = _one(lint().findings, "ID003")
    assert where(finding) == (22, 10)
    assert finding["fixable"] is True
    assert "variant of 'Health Studies'" in finding["message"]
    assert "configured" in finding["message"]


def test_configured_list_unknown_subject_is_not_fixable(corpus, lint):
    corpus.config(SUBJECTS)
    corpus.page(subject="Chemistry")
    finding = _one(lint().findings, "ID003")
    assert where(finding) == (22, 10)
    assert finding["fixable"] is False
    assert "'Chemistry' is not in the configured subject list" in finding["message"]


def test_configured_list_wins_over_corpus_frequency(corpus, lint):
    corpus.config(SUBJECTS)
    corpus.page("what-is-anemia.md", subject="Health Studies")
    corpus.page("how-is-anemia-treated.md", subject="HEALTH STUDIES")
    corpus.page("what-causes-anemia.md", subject="HEALTH STUDIES")
    found = only(lint().findings, "ID003")
    assert sorted(f["path"] for f in found) == [
        "how-is-anemia-treated.md",
        "what-causes-anemia.md",
    ]


# -- ID004 title-mismatch --------------------------------------------------------------------


def test_article_title_differs_from_title(corpus, lint):
    corpus.page(article_title="What is anaemia?")
    finding = _one(lint().findings, "ID004")
    assert where(finding) == (7, 16)
    assert finding["rule"] == "title-mismatch"
    assert finding["severity"] == "error"
    assert finding["fixable"] is False
    assert finding["message"].startswith("article_title differs from title")


def test_question_differs_from_title(corpus, lint):
    corpus.page(question="What is anaemia?")
    finding = _one(lint().findings, "ID004")
    assert where(finding) == (18, 11)
    assert finding["fixable"] is False
    assert finding["message"].startswith("question differs from title")


def test_same_title_text_in_another_style_is_fine(corpus, lint):
    corpus.page(article_title=Raw("'What is anemia?'"))
    assert lint().findings == []


def test_seo_title_breaking_the_template_is_fixable(corpus, lint):
    corpus.page(seo={"title": "QuickTakes | Health"})
    finding = _one(lint().findings, "ID004")
    assert where(finding) == (12, 10)
    assert finding["fixable"] is True
    assert "expected 'QuickTakes | Medicine'" in finding["message"]


def test_seo_title_template_option(corpus, lint):
    corpus.config('[rules.title-mismatch]\n"seo-title-template" = "{title} - {subject}"\n')
    corpus.page("what-is-anemia.md")
    corpus.page(
        "what-is-iron.md",
        seo={"title": "What is iron? - Medicine"},
    )
    found = only(lint().findings, "ID004")
    assert [f["path"] for f in found] == ["what-is-anemia.md"]
    assert "expected 'What is anemia? - Medicine'" in found[0]["message"]


# -- ID005 duplicate-id / ID006 duplicate-url ------------------------------------------------


def test_duplicate_id_names_the_other_file(corpus, lint):
    corpus.page("medicine/what-is-anemia.md", id=42)
    corpus.page("health/what-is-iron.md", id=42)
    found = only(lint().findings, "ID005")
    assert [(f["path"], where(f)) for f in found] == [
        ("health/what-is-iron.md", (3, 5)),
        ("medicine/what-is-anemia.md", (3, 5)),
    ]
    assert found[0]["rule"] == "duplicate-id"
    assert found[0]["severity"] == "error"
    assert found[0]["fixable"] is False
    assert "medicine/what-is-anemia.md" in found[0]["message"]
    assert "health/what-is-iron.md" in found[1]["message"]
    assert "42" in found[0]["message"]


def test_distinct_ids_are_fine(corpus, lint):
    corpus.page("what-is-anemia.md", id=42)
    corpus.page("what-is-iron.md", id=43)
    assert only(lint().findings, "ID005") == []


def test_duplicate_url_names_the_other_file(corpus, lint):
    corpus.page("what-is-anemia.md")
    corpus.page("copy/what-is-anemia.md")
    found = only(lint().findings, "ID006")
    assert [(f["path"], where(f)) for f in found] == [
        ("copy/what-is-anemia.md", (24, 6)),
        ("what-is-anemia.md", (24, 6)),
    ]
    assert found[0]["rule"] == "duplicate-url"
    assert found[0]["severity"] == "error"
    assert found[0]["fixable"] is False
    assert "what-is-anemia.md" in found[0]["message"]
    assert "copy/what-is-anemia.md" in found[1]["message"]


def test_distinct_urls_are_fine(corpus, lint):
    corpus.page("what-is-anemia.md")
    corpus.page("what-is-iron.md")
    assert codes(lint().findings) == []


# -- cross-file rules see the whole corpus, report only the files asked about ----------------


def test_one_file_in_a_git_repo_is_checked_against_the_whole_work_tree(corpus, lint):
    corpus.git_init()
    corpus.page("medicine/what-is-anemia.md", id=42)
    corpus.page("health/what-is-iron.md", id=42, date="2025-02-30")
    result = lint("medicine/what-is-anemia.md")
    assert [(f["path"], f["code"]) for f in result.findings] == [
        ("medicine/what-is-anemia.md", "ID005")
    ]
    assert "health/what-is-iron.md" in result.findings[0]["message"]


def test_one_file_in_a_git_repo_from_a_subfolder(corpus, cli, monkeypatch):
    corpus.git_init()
    corpus.page("medicine/what-is-anemia.md", id=42)
    corpus.page("health/what-is-iron.md", id=42)
    monkeypatch.chdir(corpus.root / "medicine")
    result = cli("check", "--output-format", "json", "what-is-anemia.md")
    assert [(f["path"], f["code"]) for f in result.findings] == [("what-is-anemia.md", "ID005")]


@pytest.fixture
def no_git(tmp_path):
    if git_root(tmp_path) is not None:
        pytest.skip("tmp_path is inside a git work tree")


def test_without_git_the_corpus_is_the_common_parent(corpus, lint, no_git):
    corpus.page("medicine/what-is-anemia.md", id=42)
    corpus.page("medicine/what-is-iron.md", id=42)
    corpus.page("health/what-causes-anemia.md", id=42)
    # root = medicine/: the page in health/ is not part of the corpus
    result = lint("medicine/what-is-anemia.md")
    [finding] = result.findings
    assert finding["code"] == "ID005"
    assert "medicine/what-is-iron.md" in finding["message"]
    assert "health/" not in finding["message"]
    # root = the common parent of both paths: all three pages are seen
    result = lint("medicine/what-is-anemia.md", "health/what-causes-anemia.md")
    found = only(result.findings, "ID005")
    assert sorted(f["path"] for f in found) == [
        "health/what-causes-anemia.md",
        "medicine/what-is-anemia.md",
    ]
    assert all("medicine/what-is-iron.md" in f["message"] for f in found)
