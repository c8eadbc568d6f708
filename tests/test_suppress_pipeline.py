"""Suppressions through the whole run: local and cross-file findings, the cache, fix."""

from __future__ import annotations

import pytest
from conftest import Raw

MOJIBAKE = "Hereâ€™s the short answer."


@pytest.mark.parametrize("cache", [True, False])
def test_a_suppression_silences_a_cross_file_finding_with_or_without_the_cache(
    corpus, lint, cache
) -> None:
    extra = () if cache else ("--no-cache",)
    target = corpus.page("how-is-anemia-treated.md", id=7)
    ref = {**target.ref(), "id": Raw("999  # contentlint: disable=related-unresolved")}
    corpus.page(related_article1=ref)
    for _ in range(2):  # a cold run, then a warm one
        assert lint(*extra).findings == []
    page = corpus.root / "what-is-anemia.md"
    page.write_text(page.read_text().replace("999", "7"))  # the link is good now
    found = lint(*extra).findings
    assert [(f["code"], f["line"]) for f in found] == [("SP001", 27)]
    assert "related-unresolved" in found[0]["message"]


def test_a_body_range_silences_the_lines_it_covers_only(corpus, lint) -> None:
    body = (
        "&nbsp;\n<!-- contentlint-disable mojibake -->\n"
        f"{MOJIBAKE}\n<!-- contentlint-enable mojibake -->\n{MOJIBAKE}\n"
    )
    page = corpus.page(body=body)
    text = page.path.read_text(encoding="utf-8")
    second = text.rindex(MOJIBAKE)
    found = lint().findings
    assert [(f["code"], f["line"]) for f in found] == [("EN001", text.count("\n", 0, second) + 1)]


def test_a_suppressed_finding_is_not_fixed(corpus, cli) -> None:
    corpus.page(answer=Raw(f"{MOJIBAKE}  # contentlint: disable=mojibake"))
    corpus.page("what-is-iron.md", answer=MOJIBAKE)
    cli("fix")
    assert MOJIBAKE in (corpus.root / "what-is-anemia.md").read_text(encoding="utf-8")
    assert "Here’s" in (corpus.root / "what-is-iron.md").read_text(encoding="utf-8")


def test_unused_suppression_can_be_ignored_like_any_rule(corpus, lint) -> None:
    corpus.page(author=Raw("QuickTakes  # contentlint: disable=title-mismatch"))
    assert [f["code"] for f in lint().findings] == ["SP001"]
    assert lint("--ignore", "SP001").findings == []
    assert lint("--select", "FM006").findings == []  # title-mismatch did not run: not judged
