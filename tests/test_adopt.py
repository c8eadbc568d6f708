"""A team adopts contentlint on a legacy corpus: today's findings go into a baseline, and
from then on only new ones fail (``--write-baseline``, ``--baseline``, ``baseline =``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from contentlint.cli import main

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402


def _check(monkeypatch, capsys, folder: Path, *args: str) -> tuple[int, list[dict], str]:
    monkeypatch.chdir(folder)
    capsys.readouterr()
    code = main(["check", "--output-format", "json", "--jobs", "1", *args])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.strip() else [], err


@pytest.fixture(scope="module")
def legacy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated corpus with seeded defects of every kind (as the benchmark's)."""
    folder = tmp_path_factory.mktemp("legacy")
    generate(folder, 300, seed=5, defect_rate=0.2)
    return folder


def test_a_baseline_accepts_todays_findings_and_fails_only_new_ones(
    legacy, tmp_path, monkeypatch, capsys
) -> None:
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(legacy, corpus)
    code, before, _ = _check(monkeypatch, capsys, corpus)
    assert code == 1 and len(before) > 20
    monkeypatch.chdir(corpus)
    assert main(["check", "--write-baseline", "baseline.json", "--jobs", "1"]) == 0
    assert f"Wrote {len(before)} findings" in capsys.readouterr().err
    code, after, _ = _check(monkeypatch, capsys, corpus, "--baseline", "baseline.json")
    assert (code, after) == (0, [])
    # a new defect on one page is the only finding
    pages = {p.relative_to(corpus).as_posix() for p in (corpus / "qa").rglob("*.md")}
    clean = sorted(pages - {f["path"] for f in before})[0]
    page = corpus / clean
    text = page.read_text()
    assert "\ndate: " in text
    page.write_text(text.replace("\ndate: ", "\ndate: 2025-02-30\nold_date: ", 1))
    code, after, _ = _check(monkeypatch, capsys, corpus, "--baseline", "baseline.json")
    assert code == 1
    assert {(f["path"], f["code"]) for f in after} <= {
        (str(page.relative_to(corpus)), "FM006"),
        (str(page.relative_to(corpus)), "FM007"),
    }
    assert any(f["code"] == "FM006" for f in after)


def test_lines_moving_above_a_finding_keep_it_accepted(corpus, lint, cli) -> None:
    page = corpus.page(date="2025-02-30")
    assert cli("check", "--write-baseline", "baseline.json").code == 0
    assert lint("--baseline", "baseline.json").findings == []
    text = page.path.read_text(encoding="utf-8")
    page.path.write_text(text.replace("---\n", "---\n# a comment\n# another\n", 1))
    assert lint("--baseline", "baseline.json").findings == []
    page.path.write_text(text.replace("2025-02-30", "2025-02-31"))  # the line itself changed
    assert [f["code"] for f in lint("--baseline", "baseline.json").findings] == ["FM006"]


def test_a_fixed_finding_drops_out_of_the_next_baseline(corpus, cli) -> None:
    page = corpus.page(date="2025-02-30")
    corpus.page("what-is-iron.md", artcle_title="x")
    assert cli("check", "--write-baseline", "baseline.json").code == 0
    rows = json.loads((corpus.root / "baseline.json").read_text())
    page.path.write_text(page.path.read_text().replace("2025-02-30", "2025-02-28"))
    assert cli("check", "--write-baseline", "baseline.json").code == 0
    smaller = json.loads((corpus.root / "baseline.json").read_text())
    assert len(str(smaller)) < len(str(rows))
    assert "FM006" not in json.dumps(smaller) and "FM007" in json.dumps(smaller)


def test_the_configured_baseline_is_used_and_a_missing_one_is_a_mistake(corpus, lint, cli):
    corpus.page(date="2025-02-30")
    corpus.config('baseline = "contentlint-baseline.json"\n')
    missing = cli("check")
    assert missing.code == 2 and "--write-baseline" in missing.err
    assert cli("check", "--write-baseline", "contentlint-baseline.json").code == 0
    assert lint().findings == [] and lint().code == 0
    corpus.page("what-is-iron.md", date="2025-13-01")
    assert [f["path"] for f in lint().findings] == ["what-is-iron.md"]


def test_a_baseline_outside_the_repository_is_refused(corpus, cli, tmp_path_factory) -> None:
    corpus.git_init()
    corpus.page()
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "baseline.json"
    corpus.config(f'baseline = "{elsewhere}"\n')
    result = cli("check")
    assert result.code == 2 and "baseline" in result.err


def test_a_broken_baseline_is_a_usage_error_not_a_traceback(corpus, cli) -> None:
    corpus.page(date="2025-02-30")
    (corpus.root / "baseline.json").write_text('{"version": 1, "findings": [{"x": 1}]')
    result = cli("check", "--baseline", "baseline.json")
    assert result.code == 2 and "Traceback" not in result.err and "baseline" in result.err


def test_write_baseline_belongs_to_check(corpus, cli) -> None:
    corpus.page()
    assert cli("fix", "--write-baseline", "b.json").code == 2
