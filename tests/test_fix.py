"""``contentlint fix``: safe edits in passes, written atomically, nothing else touched.

Every test compares whole files: the fixed file must equal the original with only the
expected spans replaced.
"""

from __future__ import annotations

import os
import stat

import pytest
import yaml
from conftest import Raw, codes


def _replace(data: bytes, *pairs: tuple[str, str]) -> bytes:
    for old, new in pairs:
        assert data.count(old.encode()) == 1, old
        data = data.replace(old.encode(), new.encode())
    return data


@pytest.fixture
def variant(corpus):
    """Two pages spell "Health Studies"; what-is-anemia.md spells it "Health studies" in
    both ``subject`` and ``seo.title`` (which agree, so only ID003 fires at first)."""
    corpus.page("how-is-anemia-treated.md", subject="Health Studies")
    corpus.page("what-causes-anemia.md", subject="Health Studies")
    page = corpus.page("what-is-anemia.md", subject="Health studies")
    return page


SUBJECT_FIX = ("subject: Health studies\n", "subject: Health Studies\n")
SEO_FIX = ("  title: QuickTakes | Health studies\n", "  title: QuickTakes | Health Studies\n")


def _snapshot(corpus) -> dict[str, bytes]:
    return {
        p.relative_to(corpus.root).as_posix(): p.read_bytes()
        for p in sorted(corpus.root.rglob("*"))
        if p.is_file() and ".git" not in p.parts and ".contentlint_cache" not in p.parts
    }


def test_subject_then_seo_title_in_a_later_pass(variant, corpus, cli, lint):
    before = _snapshot(corpus)
    assert codes(lint().findings) == ["ID003"]
    result = cli("fix")
    assert result.code == 0
    assert "Fixed 1 file." in result.err
    after = _snapshot(corpus)
    assert after["what-is-anemia.md"] == _replace(before["what-is-anemia.md"], SUBJECT_FIX, SEO_FIX)
    del before["what-is-anemia.md"], after["what-is-anemia.md"]
    assert after == before  # the other pages are untouched
    assert lint().findings == []


def test_fix_reports_what_is_left_and_exits_by_it(corpus, cli):
    corpus.page("how-is-anemia-treated.md", subject="Health Studies")
    corpus.page("what-causes-anemia.md", subject="Health Studies")
    corpus.page("what-is-anemia.md", subject="Health studies", date="2025-02-30")
    result = cli("fix", "--output-format", "json")
    assert [(f["path"], f["code"]) for f in result.findings] == [("what-is-anemia.md", "FM006")]
    assert result.code == 1


def test_related_stale_copies_the_target_keeping_style_and_indent(corpus, cli, lint):
    target = corpus.page("how-is-anemia-treated.md", id=7)
    page = corpus.page(
        # non-ASCII (one astral) before the edits: offsets are characters, not bytes
        answer="Here’s 😀 a café ≥ 2 cm.",
        related_article1={
            **target.ref(),
            "title": "How is anaemia treated?",
            "subject": "Health Studies",
            "url": "/learn/medicine/questions/old-url",
        },
    )
    before = page.path.read_bytes()
    assert codes(lint().findings) == ["RL002", "RL002", "RL002"]
    result = cli("fix")
    assert result.code == 0
    assert page.path.read_bytes() == _replace(
        before,
        (
            "    title: >-\n        How is anaemia treated?\n",
            "    title: >-\n        How is anemia treated?\n",
        ),
        ("    subject: Health Studies\n", "    subject: Medicine\n"),
        (
            "    url: /learn/medicine/questions/old-url\n",
            "    url: /learn/medicine/questions/how-is-anemia-treated\n",
        ),
    )
    assert lint().findings == []


def test_related_stale_quotes_a_value_that_plain_yaml_cannot_hold(corpus, cli, lint):
    target = corpus.page("how-is-anemia-treated.md", id=7, title="Anemia: how is it treated?")
    page = corpus.page(related_article1={**target.ref(), "title": "Old"})
    text = page.path.read_text(encoding="utf-8")
    text = text.replace("    title: >-\n        Old\n", "    title: Old\n")
    page.path.write_text(text, encoding="utf-8")
    assert cli("fix").code == 0
    assert page.path.read_text(encoding="utf-8") == text.replace(
        "    title: Old\n", '    title: "Anemia: how is it treated?"\n'
    )
    assert lint().findings == []


def test_folded_value_replaced_by_one_that_must_be_quoted_stays_valid_yaml(corpus, cli, lint):
    # the target's title ends in a space, which a `>-` block cannot hold: the replacement
    # is quoted, and must keep the line break that ended the block (or the next key is glued
    # to it, the file no longer parses, and every fix in it, the subject's too, is refused)
    padded = Raw("'How is anemia treated? '")
    target = corpus.page(
        "how-is-anemia-treated.md", id=7, title=padded, article_title=padded, question=padded
    )
    corpus.page("what-is-iron.md")
    ref = {"id": 7, "title": "Old", "subject": "Medicine", "url": target.fields["url"]}
    page = corpus.page(subject="medicine", related_article1=ref)
    result = cli("fix")
    assert "not fixed" not in result.err
    assert result.code == 0
    text = page.path.read_text(encoding="utf-8")
    frontmatter = yaml.safe_load(text.split("---\n")[1])
    assert frontmatter["related_article1"]["title"] == "How is anemia treated? "
    assert frontmatter["related_article1"]["subject"] == "Medicine"
    assert frontmatter["subject"] == "Medicine"
    assert lint().findings == []


def test_byte_order_mark_is_removed(corpus, cli, lint):
    page = corpus.page()
    original = page.path.read_bytes()
    page.path.write_bytes(b"\xef\xbb\xbf" + original)
    result = cli("fix")
    assert result.code == 0
    assert page.path.read_bytes() == original
    assert lint().findings == []


def test_diff_prints_a_unified_diff_and_writes_nothing(variant, corpus, cli):
    before = _snapshot(corpus)
    result = cli("fix", "--diff")
    assert result.code == 1
    assert _snapshot(corpus) == before
    lines = result.out.splitlines()
    assert lines[0] == "--- a/what-is-anemia.md"
    assert lines[1] == "+++ b/what-is-anemia.md"
    changed = [line for line in lines[2:] if line[:1] in "+-"]
    assert changed == [
        "-  title: QuickTakes | Health studies",
        "+  title: QuickTakes | Health Studies",
        "-subject: Health studies",
        "+subject: Health Studies",
    ]
    assert all(line[:1] in " +-@" for line in lines)


def test_diff_with_nothing_to_fix(corpus, cli):
    corpus.page()
    result = cli("fix", "--diff")
    assert result.code == 0
    assert result.out == ""


def test_check_writes_nothing_and_exits_1(variant, corpus, cli):
    before = _snapshot(corpus)
    result = cli("fix", "--check")
    assert result.code == 1
    assert "would fix what-is-anemia.md" in result.err
    assert _snapshot(corpus) == before


def test_check_with_nothing_to_fix(corpus, cli):
    corpus.page()
    result = cli("fix", "--check")
    assert result.code == 0
    assert "would fix" not in result.err


def test_second_fix_changes_nothing(variant, corpus, cli):
    assert cli("fix").code == 0
    once = _snapshot(corpus)
    result = cli("fix")
    assert result.code == 0
    assert "Fixed 0 files." in result.err
    assert _snapshot(corpus) == once
    assert cli("fix", "--check").code == 0


def test_file_mode_is_kept(variant, cli):
    variant.path.chmod(0o640)
    assert cli("fix").code == 0
    assert stat.S_IMODE(variant.path.stat().st_mode) == 0o640
    assert b"subject: Health Studies\n" in variant.path.read_bytes()


def test_no_temporary_files_are_left_behind(variant, corpus, cli):
    names = sorted(p.name for p in corpus.root.iterdir())
    assert cli("fix").code == 0
    after = sorted(p.name for p in corpus.root.iterdir() if p.name != ".contentlint_cache")
    assert after == names


def test_crlf_line_endings_are_kept_for_plain_values(corpus, cli):
    corpus.page("how-is-anemia-treated.md", subject="Health Studies")
    corpus.page("what-causes-anemia.md", subject="Health Studies")
    page = corpus.page(subject="Health studies", newline="\r\n")
    before = page.path.read_bytes()
    assert cli("fix").code == 0
    after = page.path.read_bytes()
    assert after == _replace(
        before,
        ("subject: Health studies\r\n", "subject: Health Studies\r\n"),
        ("  title: QuickTakes | Health studies\r\n", "  title: QuickTakes | Health Studies\r\n"),
    )


def test_crlf_line_endings_are_kept_for_folded_values(corpus, cli):
    target = corpus.page("how-is-anemia-treated.md", id=7)
    page = corpus.page(
        related_article1={**target.ref(), "title": "How is anaemia treated?"}, newline="\r\n"
    )
    before = page.path.read_bytes()
    assert cli("fix").code == 0
    after = page.path.read_bytes()
    assert after.count(b"\n") == after.count(b"\r\n")
    assert after == _replace(
        before,
        ("        How is anaemia treated?\r\n", "        How is anemia treated?\r\n"),
    )


def test_a_file_that_is_not_valid_utf8_is_never_written(corpus, cli):
    corpus.page("how-is-anemia-treated.md", subject="Health Studies")
    corpus.page("what-causes-anemia.md", subject="Health Studies")
    bad = corpus.page("what-is-anemia.md", subject="Health studies")
    data = b"\xef\xbb\xbf" + bad.path.read_bytes().replace(b"A short", b"A sh\xf6rt")
    bad.path.write_bytes(data)
    fixable = corpus.page("what-is-iron.md", subject="Health studies")
    result = cli("fix", "--output-format", "json")
    assert bad.path.read_bytes() == data
    assert b"subject: Health Studies\n" in fixable.path.read_bytes()
    assert ("what-is-anemia.md", "EN002") in [(f["path"], f["code"]) for f in result.findings]
    assert result.code == 1


def test_fix_writes_only_the_files_asked_about(variant, corpus, cli):
    other = corpus.page("what-is-iron.md", subject="Health studies")
    other_before = other.path.read_bytes()
    assert cli("fix", "what-is-anemia.md").code == 0
    assert b"subject: Health Studies\n" in variant.path.read_bytes()
    assert other.path.read_bytes() == other_before


def test_fix_select_limits_the_fixes(variant, corpus, cli):
    variant.path.write_bytes(b"\xef\xbb\xbf" + variant.path.read_bytes())
    before = variant.path.read_bytes()
    result = cli("fix", "--select", "EN002", "--output-format", "json")
    assert result.code == 0
    assert variant.path.read_bytes() == before[3:]


def test_fix_writes_through_a_symlink(corpus, cli):
    page = corpus.page("real/what-is-anemia.md")
    original = page.path.read_bytes()
    page.path.write_bytes(b"\xef\xbb\xbf" + original)
    link = corpus.root / "pages" / "what-is-anemia.md"
    link.parent.mkdir()
    link.symlink_to(os.path.relpath(page.path, link.parent))
    (corpus.root / "contentlint.toml").write_text('root = "."\n', encoding="utf-8")
    result = cli("fix", "pages")  # the link's target is inside the corpus root
    assert "Fixed 1 file." in result.err  # (and the corpus sees the page twice: ID005)
    assert link.is_symlink()
    assert page.path.read_bytes() == original


def test_fix_never_writes_through_a_symlink_out_of_the_corpus(corpus, cli, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "target.md"
    page = corpus.page("what-is-anemia.md")
    damaged = b"\xef\xbb\xbf" + page.path.read_bytes()
    outside.write_bytes(damaged)
    link = corpus.root / "pages" / "what-is-anemia.md"
    link.parent.mkdir()
    link.symlink_to(outside)
    result = cli("fix", "pages")
    assert result.code == 1
    assert "outside the corpus" in result.err and "Fixed 0 files." in result.err
    assert link.is_symlink() and outside.read_bytes() == damaged


def test_mojibake_end_to_end(corpus, cli):
    corpus.page("how-is-anemia-treated.md", subject="Health Studies")
    corpus.page("what-causes-anemia.md", subject="Health Studies")
    page = corpus.page(
        subject="Health studies",
        answer=(
            "Hereâ€™s how they contribute:\\n\\n1. It’s “fine” — a café naïve résumé."
            " Lesions â‰¥ 2 cm are measured."
        ),
    )
    before = page.path.read_bytes()
    result = cli("fix", "--select", "mojibake")
    assert result.code == 0
    # only the two damaged spans change: the subject variant is not fixed (not selected),
    # and the legitimate curly quotes, dash and accents around them are untouched
    assert page.path.read_bytes() == _replace(
        before, ("Hereâ€™s", "Here’s"), ("â‰¥ 2 cm", "≥ 2 cm")
    )
    again = cli("fix", "--select", "mojibake", "--check")
    assert again.code == 0
