"""Fingerprints (stable when lines move, changed when the line does, distinct for
duplicates), the line reader behind them, and baselines: written, read back from any
folder, count-aware, and refused with a message when hostile or broken."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from contentlint import baseline as baseline_module
from contentlint.atomic import TEMP_SUFFIX
from contentlint.baseline import BaselineError, load_baseline, write_baseline
from contentlint.excerpt import FileLines
from contentlint.fingerprint import fingerprints, normalise_message, relative_path
from contentlint.model import Finding

UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def finding(path: str = "page.md", line: int = 2, column: int = 1, **kw) -> Finding:
    values = {"code": "FM006", "rule": "invalid-field", "severity": "error", "message": "bad"}
    values.update(kw)
    return Finding(path, line, column, **values)


def prints(*found: Finding) -> list[str]:
    return fingerprints(list(found), FileLines())


def real_findings(cli, *args: str) -> list[Finding]:
    """The findings of ``contentlint check`` in the current folder, as Finding objects."""
    rows = cli("check", "--no-cache", "--output-format", "json", *args).findings
    return [Finding(**{k: v for k, v in row.items() if k != "fixable"}) for row in rows]


# -- the line reader -------------------------------------------------------------------------


def test_file_lines_reads_lines_and_never_raises(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.md").write_bytes(b"one\r\ntwo\n")
    Path("wide.md").write_bytes("x\ny\n".encode("utf-16"))
    os.mkfifo("fifo.md")
    Path("folder.md").mkdir()
    lines = FileLines(keep=2)
    assert [lines.line("a.md", n) for n in (1, 2, 3, 4, 0)] == ["one", "two", "", None, None]
    assert lines.line(str(tmp_path / "a.md"), 2) == "two"
    assert lines.line("wide.md", 2) == "y"  # UTF-16 decoded as what it is
    for name in ("missing.md", "fifo.md", "folder.md", "nul\0.md"):
        assert lines.line(name, 1) is None
    assert len(lines._files) == 2  # only the last few files are kept


def test_file_lines_reads_each_file_once(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.md").write_text("one\n", encoding="utf-8")
    lines = FileLines()
    assert lines.line("a.md", 1) == "one"
    Path("a.md").write_text("changed\n", encoding="utf-8")
    assert lines.line("a.md", 1) == "one"


def test_file_lines_skips_files_over_the_limit(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("big.md").write_text("x" * 100 + "\n", encoding="utf-8")
    assert FileLines(limit=10).line("big.md", 1) is None


# -- fingerprints ----------------------------------------------------------------------------


def test_fingerprints_survive_lines_inserted_above(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("page.md").write_text("---\ndate: 2025-02-30\n---\n", encoding="utf-8")
    before = prints(finding(line=2, column=7))
    Path("page.md").write_text("---\nnew: 1\nother: 2\n  date:   2025-02-30\n---\n")
    assert prints(finding(line=4, column=11)) == before  # moved, re-indented, same finding
    Path("page.md").write_text("---\ndate: 2025-02-31\n---\n", encoding="utf-8")
    assert prints(finding(line=2, column=7)) != before  # the line's text changed


def test_fingerprints_tell_apart_path_rule_message_and_duplicates(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("page.md").write_text("x\nsame\nsame\n", encoding="utf-8")
    Path("other.md").write_text("x\nsame\n", encoding="utf-8")
    one, two = prints(finding(line=2), finding(line=3))
    assert one != two  # identical findings on identical lines: #0 and #1
    assert prints(finding(line=3), finding(line=2)) == [two, one]  # by place, not order given
    assert prints(finding(line=2))[0] == one
    assert prints(finding("other.md"))[0] != one
    assert prints(finding(rule="unknown-field"))[0] != one
    assert prints(finding(message="worse"))[0] != one
    assert prints(finding(code="XX999", severity="warning"))[0] == one  # not the identity
    assert all(re.fullmatch(r"[0-9a-f]{32}", p) for p in (one, two))


def test_messages_lose_their_line_numbers() -> None:
    assert normalise_message("key 'a' is repeated (first at line 12); YAML keeps") == (
        "key 'a' is repeated (first at line N); YAML keeps"
    )
    assert normalise_message("rated 'x' at line 40 (ct): one") == "rated 'x' at line N (ct): one"
    assert normalise_message("invalid YAML at line 3, column 7") == (
        "invalid YAML at line N, column N"
    )


def test_fingerprints_use_the_path_relative_to_the_base(tmp_path, monkeypatch) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.md").write_text("x\ny\n", encoding="utf-8")
    monkeypatch.chdir(site)
    here = fingerprints([finding("page.md")], FileLines(), site)
    assert relative_path("page.md", tmp_path) == "site/page.md"
    monkeypatch.chdir(tmp_path)
    assert fingerprints([finding("site/page.md")], FileLines(), site) == here
    assert fingerprints([finding(str(site / "page.md"))], FileLines(), site) == here


# -- baselines -------------------------------------------------------------------------------


def test_a_baseline_round_trip_reports_only_new_findings(corpus, cli) -> None:
    corpus.page("medicine/what-is-anemia.md", date="2025-02-30", extra_field="x")
    old = real_findings(cli)
    assert len(old) >= 2
    assert write_baseline("baseline.json", old) == len(old)
    known = load_baseline("baseline.json")
    assert len(known) == len(old)
    assert known.filter(real_findings(cli), FileLines()) == []
    corpus.page("medicine/what-is-iron.md", date="2025-13-01")  # a new defect
    now = real_findings(cli)
    new = known.filter(now, FileLines())
    assert [f.path for f in new] == ["medicine/what-is-iron.md"]
    assert new == [f for f in now if f.path == "medicine/what-is-iron.md"]


def test_a_baseline_is_stable_sorted_reviewable_text(corpus, cli, tmp_path) -> None:
    corpus.page("medicine/what-is-anemia.md", date="2025-02-30", extra_field="x")
    corpus.page("medicine/b.md", date="2025-02-31")
    found = real_findings(cli)
    write_baseline("baseline.json", found)
    first = Path("baseline.json").read_bytes()
    write_baseline("baseline.json", list(reversed(found)))
    assert Path("baseline.json").read_bytes() == first  # the same findings, the same bytes
    assert first.endswith(b"}\n") and b"\n  " in first  # pretty, newline at the end
    data = json.loads(first)
    assert data["version"] == 1
    rows = data["findings"]
    assert all(set(row) == {"fingerprint", "path", "code", "rule", "message"} for row in rows)
    assert rows == sorted(rows, key=lambda r: (r["path"], r["code"], r["message"]))
    assert {r["path"] for r in rows} == {"medicine/b.md", "medicine/what-is-anemia.md"}
    assert not list(tmp_path.glob(f"*{TEMP_SUFFIX}"))
    # a fixed finding is simply not written the next time
    write_baseline("baseline.json", [f for f in found if f.path != "medicine/b.md"])
    rows = json.loads(Path("baseline.json").read_text(encoding="utf-8"))["findings"]
    assert {r["path"] for r in rows} == {"medicine/what-is-anemia.md"}


def test_a_baseline_matches_from_another_folder_and_after_lines_move(
    corpus, cli, monkeypatch
) -> None:
    page = corpus.page("site/medicine/what-is-anemia.md", date="2025-02-30")
    monkeypatch.chdir(corpus.root / "site")
    found = real_findings(cli, ".")
    assert found and found[0].path == "medicine/what-is-anemia.md"
    write_baseline("baseline.json", found)
    monkeypatch.chdir(corpus.root)
    from_above = real_findings(cli, "site")
    assert from_above and from_above[0].path == "site/medicine/what-is-anemia.md"
    assert load_baseline("site/baseline.json").filter(from_above) == []
    # two lines inserted above the finding: still the same finding
    page.path.write_text(page.text.replace("id:", "# one\n# two\nid:", 1), encoding="utf-8")
    shifted = real_findings(cli, "site")
    assert [f.line for f in shifted] != [f.line for f in from_above]
    assert load_baseline("site/baseline.json").filter(shifted) == []


def test_a_baseline_counts_its_fingerprints(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("page.md").write_text("x\nsame\nsame\nsame\n", encoding="utf-8")
    # identical findings (one line, or identical lines): the baseline holds one of them,
    # so the run's second and third are new
    run = [finding(line=2), finding(line=3), finding(line=4)]
    write_baseline("one.json", run[:1])
    assert load_baseline("one.json").filter(run) == run[1:]
    plain = [finding(line=2), finding(line=2, column=5)]
    write_baseline("one.json", plain[:1])
    assert load_baseline("one.json").filter(plain) == plain[1:]
    # a fingerprint listed twice matches two findings, not a third
    write_baseline("two.json", run[:1])
    data = json.loads(Path("two.json").read_text(encoding="utf-8"))
    data["findings"] *= 2
    Path("two.json").write_text(json.dumps(data), encoding="utf-8")
    two = load_baseline("two.json")
    assert len(two) == 2
    assert two.filter(run[:1]) == []
    assert two.filter(run) == run[1:]  # #1 and #2 are other fingerprints


def test_a_hostile_message_is_escaped_in_the_file_and_still_matches(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("page.md").write_text("x\ny\n", encoding="utf-8")
    hostile = [finding(message="a\u202eb\u2028c\x1b\x00 \ud800"), finding("new\nline\udcff.md")]
    write_baseline("baseline.json", hostile)
    text = Path("baseline.json").read_text(encoding="utf-8")
    assert not UNSAFE.search(text.replace("\n", "")) and "\\u202e" in text
    assert load_baseline("baseline.json").filter(hostile) == []


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "not JSON"),
        (b"{not json", "not JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b"[]", "not a contentlint baseline"),
        (b'{"findings": []}', "not a contentlint baseline"),
        (b'{"version": 2, "findings": []}', "version 2"),
        (b'{"version": true, "findings": []}', "version True"),
        (b'{"version": "1", "findings": []}', "version '1'"),
        (b'{"version": 1, "findings": {}}', "must be a list"),
        (b'{"version": 1, "findings": [1]}', "finding 1: must be an object"),
        (b'{"version": 1, "findings": [{"path": "x"}]}', "'fingerprint' must be"),
        (b'{"version": 1, "findings": [{"fingerprint": "zz"}]}', "'fingerprint' must be"),
        (b'{"version": 1, "findings": [{"fingerprint": 7}]}', "'fingerprint' must be"),
        (b'{"version":1,"findings":[{"fingerprint":"' + b"a" * 32 + b'","path":[]}]}', "'path'"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"version": 1, "findings": [' + b"9" * 5000 + b"]}", "not JSON"),
    ],
)
def test_a_broken_baseline_is_an_error_with_a_message(tmp_path, content, says) -> None:
    path = tmp_path / "baseline.json"
    path.write_bytes(content)
    with pytest.raises(BaselineError, match=re.escape(says)):
        load_baseline(path)


def test_an_unreadable_or_oversized_baseline_is_an_error(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    big = Path("big.json")
    with big.open("wb") as out:  # sparse: no disk used
        out.truncate(baseline_module.MAX_SIZE + 1)
    with pytest.raises(BaselineError, match="larger than 64 MiB"):
        load_baseline(big)
    os.mkfifo("fifo.json")
    Path("folder.json").mkdir()
    for name, says in [
        ("missing.json", "No such file"),
        ("fifo.json", "FIFO"),
        ("folder.json", "folder"),
        ("nul\0.json", "not a valid file name"),
    ]:
        with pytest.raises(BaselineError, match=says):
            load_baseline(name)


def test_baseline_errors_name_the_file_printably(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    name = "evil\n::error::forged\x1b.json"
    Path(name).write_bytes(b"nope")
    with pytest.raises(BaselineError) as raised:
        load_baseline(name)
    assert "\n" not in str(raised.value) and "\x1b" not in str(raised.value)
    assert "evil\\n::error::forged\\x1b.json" in str(raised.value)


def test_a_baseline_that_cannot_be_written_is_an_error(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BaselineError, match="cannot write baseline"):
        write_baseline("no/such/folder/baseline.json", [])
    Path("folder.json").mkdir()
    with pytest.raises(BaselineError, match="cannot write baseline"):
        write_baseline("folder.json", [])
    with pytest.raises(BaselineError, match="not a valid file name"):
        write_baseline("nul\0.json", [])
    assert not list(tmp_path.rglob(f"*{TEMP_SUFFIX}"))


def test_a_new_baseline_gets_a_new_files_mode_and_an_old_one_keeps_its_own(
    tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    old = os.umask(0o022)
    try:
        write_baseline("new.json", [])
        assert Path("new.json").stat().st_mode & 0o777 == 0o644
        Path("old.json").write_text("{}", encoding="utf-8")
        Path("old.json").chmod(0o664)
        write_baseline("old.json", [])
        assert Path("old.json").stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(old)
    assert load_baseline("new.json").filter([finding()]) == [finding()]
