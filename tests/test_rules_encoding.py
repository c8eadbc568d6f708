"""EN001-EN003: mojibake, bytes that are not clean UTF-8, files that cannot be read.

Positions refer to the layout of ``corpus.page()`` (see conftest.py): line 14 is
``seo.page_description``'s text, 21 ``answer``'s text, 28 the body (``&nbsp;``).
"""

from __future__ import annotations

import os

import pytest
from conftest import codes, only, where
from hypothesis import given
from hypothesis import strategies as st


def _one(findings, code):
    found = only(findings, code)
    assert len(found) == 1, findings
    return found[0]


# -- EN001 mojibake --------------------------------------------------------------------------


def test_mojibake_is_reported_at_the_damaged_characters(corpus, lint):
    corpus.page(answer="Hereâ€™s how they contribute.")
    result = lint()
    finding = _one(result.findings, "EN001")
    assert where(finding) == (21, 9)
    assert finding["rule"] == "mojibake"
    assert finding["severity"] == "error"
    assert finding["fixable"] is True
    assert "'â€™'" in finding["message"]
    assert "'’'" in finding["message"]
    assert result.code == 1


def test_curly_quotes_symbols_and_accents_are_not_mojibake(corpus, lint):
    corpus.page(answer="Here’s how: “café” costs ≥ 2 € — naïve.")
    assert lint().findings == []


# -- EN002 encoding --------------------------------------------------------------------------


def _with_bytes(page, old: bytes, new: bytes) -> None:
    raw = page.path.read_bytes()
    assert raw.count(old) == 1
    page.path.write_bytes(raw.replace(old, new))


def test_invalid_utf8_byte_is_reported_at_its_line_and_character_column(corpus, lint):
    page = corpus.page()
    # "    ≥ caf" is 9 characters (11 bytes): the bad byte is character column 10
    _with_bytes(page, b"    A short description", b"    \xe2\x89\xa5 caf\xe9 description")
    result = lint()
    finding = _one(result.findings, "EN002")
    assert where(finding) == (14, 10)
    assert finding["rule"] == "encoding"
    assert finding["severity"] == "error"
    assert finding["fixable"] is False
    assert "0xe9" in finding["message"]
    assert "UTF-8" in finding["message"]
    assert result.code == 1


def test_file_with_invalid_utf8_is_still_checked_and_so_are_the_others(corpus, lint):
    bad = corpus.page("what-is-anemia.md", date="2025-02-30")
    _with_bytes(bad, b"A short description", b"A sh\xf4rt description")
    corpus.page("what-is-iron.md", date="2025-13-45")
    corpus.page("what-causes-anemia.md")
    result = lint()
    assert result.code == 1
    assert [(f["path"], f["code"]) for f in result.findings] == [
        ("what-is-anemia.md", "FM006"),
        ("what-is-anemia.md", "EN002"),
        ("what-is-iron.md", "FM006"),
    ]


def test_byte_order_mark_is_fixable(corpus, lint):
    page = corpus.page()
    page.path.write_bytes(b"\xef\xbb\xbf" + page.path.read_bytes())
    result = lint()
    finding = _one(result.findings, "EN002")
    assert where(finding) == (1, 1)
    assert finding["fixable"] is True
    assert "byte-order mark" in finding["message"]
    # the frontmatter after the BOM is still read
    assert codes(result.findings) == ["EN002"]


@pytest.mark.parametrize(
    ("char", "name"),
    [("\x07", "U+0007"), ("\x1b", "U+001B"), ("\x7f", "U+007F"), ("\x85", "U+0085")],
)
def test_control_character_in_the_body(corpus, lint, char, name):
    corpus.page(body=f"&nbsp;{char}x\n")
    finding = _one(lint().findings, "EN002")
    assert where(finding) == (28, 7)
    assert finding["fixable"] is False
    assert "control character" in finding["message"]
    assert name in finding["message"]


def test_replacement_character_in_a_value(corpus, lint):
    corpus.page(answer="It costs 5 \ufffd a month.")
    finding = _one(lint().findings, "EN002")
    assert where(finding) == (21, 16)
    assert "U+FFFD" in finding["message"]
    assert finding["fixable"] is False


def test_tabs_line_breaks_and_non_ascii_are_clean(corpus, lint):
    corpus.page(body="&nbsp;\tnot a control character: \u00a0 \u2019 \u00e9\r\n")
    assert lint().findings == []


# -- EN003 io-error --------------------------------------------------------------------------


def test_path_that_does_not_exist(corpus, lint):
    corpus.page()
    result = lint("nope.md", "what-is-anemia.md")
    finding = _one(result.findings, "EN003")
    assert finding["path"] == "nope.md"
    assert where(finding) == (1, 1)
    assert finding["rule"] == "io-error"
    assert finding["severity"] == "error"
    assert finding["fixable"] is False
    assert result.code == 1
    assert [f["path"] for f in result.findings] == ["nope.md"]


def test_dangling_symlink_in_a_folder(corpus, lint):
    corpus.page("what-is-iron.md", date="2025-02-30")
    (corpus.root / "what-is-anemia.md").symlink_to(corpus.root / "gone.md")
    result = lint()
    assert result.code == 1
    assert [(f["path"], f["code"]) for f in result.findings] == [
        ("what-is-anemia.md", "EN003"),
        ("what-is-iron.md", "FM006"),
    ]
    assert where(result.findings[0]) == (1, 1)


def test_a_file_not_read_is_reported_whatever_the_selection(corpus, lint):
    """A file nobody could read was not checked: selecting or ignoring rules must not make
    the run look clean (io-error is a read rule, run for every file not read)."""
    corpus.page("what-is-iron.md")
    (corpus.root / "what-is-anemia.md").symlink_to(corpus.root / "gone.md")
    for args in (("--select", "FM006"), ("--ignore", "EN003")):
        result = lint(*args, ".")
        assert [(f["path"], f["code"]) for f in result.findings] == [("what-is-anemia.md", "EN003")]
        assert result.code == 1
    (corpus.root / "what-is-anemia.md").unlink()
    assert lint("--select", "FM006", ".").findings == []


def test_dangling_symlink_named_on_the_command_line(corpus, lint):
    (corpus.root / "what-is-anemia.md").symlink_to(corpus.root / "gone.md")
    result = lint("what-is-anemia.md")
    finding = _one(result.findings, "EN003")
    assert finding["path"] == "what-is-anemia.md"
    assert result.code == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a file with mode 000")
def test_unreadable_file(corpus, lint):
    page = corpus.page()
    corpus.page("what-is-iron.md", date="2025-02-30")
    page.path.chmod(0)
    try:
        result = lint()
    finally:
        page.path.chmod(0o644)
    assert [(f["path"], f["code"]) for f in result.findings] == [
        ("what-is-anemia.md", "EN003"),
        ("what-is-iron.md", "FM006"),
    ]
    assert "Permission denied" in result.findings[0]["message"]
    assert result.code == 1


@given(st.text(st.characters(codec="utf-8"), max_size=40))
def test_the_byte_precheck_never_misses_a_character_the_control_search_finds(text):
    from contentlint.rules.encoding import _CONTROL, _may_hold_control

    if _CONTROL.search(text):
        assert _may_hold_control(text.encode("utf-8"))
    else:  # and it lets every text without one through
        assert not _may_hold_control(text.encode("utf-8"))
