"""ACR formats: how a file becomes an ACR article or guide, their frontmatter schemas, and
``contentlint parse`` on them.

Files are written in ``tmp_path`` and the CLI runs in-process (``cli``/``lint`` fixtures of
``conftest.py``, current folder ``tmp_path``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import codes, only, position, where
from jsonschema import Draft202012Validator

REPO = Path(__file__).resolve().parents[1]
STRUCTURE = json.loads((REPO / "schemas" / "acr-article.schema.json").read_text(encoding="utf-8"))

BODY = """How Should You Image Suspected Gallstones in Adults?

A 40-year-old woman has right upper quadrant pain after meals.
For this scenario, `US abdomen` is rated Usually appropriate.

Who Fits This Clinical Scenario for Suspected Gallstones?

The key inclusion criteria are:

  • Age: Adult patient.
  • Presentation: Right upper quadrant pain.

You should seek different guidance for:

  • Pregnancy: A different pathway applies.

What Are You Assessing in Suspected Gallstones?

Stones, wall thickening and duct dilatation.

Why Is Ultrasound the Recommended Study?

The ACR rates `US abdomen` as Usually appropriate. It uses no ionizing radiation.

Why Are Other Studies Rated Lower?

  • CT abdomen with IV contrast: This is rated May be appropriate (☢☢☢ 1-10 mSv).

What Is the Downstream Workflow After the Ultrasound?

  • If stones are seen: Refer to surgery.

Common Pitfalls in Gallstone Imaging

  • Scanning a patient who has just eaten: The gallbladder contracts.

Related ACR Topics and Tools

See our parent guide: Right Upper Quadrant Pain: ACR Appropriateness Decoded.

Frequently Asked Questions

Is CT ever first?

Rarely, when the diagnosis is unclear.

Is MRCP useful?

Yes, for duct stones.

Does pregnancy change the plan?

Ultrasound stays first.

Reviewed by Jane Roe, MD, Abdominal Radiologist — May 30, 2026
"""
GUIDE = """---
_schema: acr_guide
id: 77
title: "Right Upper Quadrant Pain: ACR Appropriateness Decoded"
url: /acr/guides/right-upper-quadrant-pain
kind: topic
file_name: right-upper-quadrant-pain.md
date: 2026-01-05
aliases:
  - RUQ Pain Decoded
---
# Right Upper Quadrant Pain: ACR Appropriateness Decoded

An overview.
"""
ARTICLE_FM = """---
_schema: acr_article
id: 78
title: How Should You Image Suspected Gallstones in Adults?
url: /acr/right-upper-quadrant-pain/suspected-gallstones
file_name: suspected-gallstones.md
date: 2026-01-06
topic: "Right Upper Quadrant Pain: ACR Appropriateness Decoded"
variant: 1
population: adult
related:
  - 77
---
"""


def plain(category: str = "Interventional Radiology Imaging") -> str:
    return f"{category}\n\n{BODY}"


def markdown(frontmatter: str = ARTICLE_FM) -> str:
    """The same article in Markdown, after ``frontmatter``."""
    out = []
    for line in BODY.split("\n"):
        if line and not line.startswith(("  •", "Reviewed")) and _is_heading(line):
            level = "#" if line.startswith("How Should") else "##"
            if line.endswith("?") and out and _in_faq(out):
                level = "###"
            out.append(f"{level} {line}")
        else:
            out.append(line.replace("  • ", "- "))
    return frontmatter + "\n".join(out)


def _is_heading(line: str) -> bool:
    return line.endswith("?") or line in (
        "Common Pitfalls in Gallstone Imaging",
        "Related ACR Topics and Tools",
        "Frequently Asked Questions",
    )


def _in_faq(lines: list[str]) -> bool:
    return "## Frequently Asked Questions" in lines


@pytest.fixture
def write(tmp_path: Path):
    def run(name: str, text: str) -> str:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return text

    return run


def parsed(cli, name: str) -> dict[str, Any]:
    result = cli("parse", name)
    assert result.code == 0, result.err
    return json.loads(result.out)


# ---------------------------------------------------------------------------- detection


def test_plain_text_is_claimed_by_its_category_line(cli, write) -> None:
    write("gallstones.txt", plain())
    out = parsed(cli, "gallstones.txt")
    assert out["format"] == "acr_article"
    assert out["frontmatter"] is None
    body = out["body"]
    assert body["shape"] == "text"
    assert body["category"] == "Interventional Radiology Imaging"
    assert body["category_position"] == {"line": 1, "column": 1, "offset": 0}
    assert body["title"]["text"] == "How Should You Image Suspected Gallstones in Adults?"
    assert (body["title"]["line"], body["title"]["column"]) == (3, 1)


@pytest.mark.parametrize(
    "first", ["interventional radiology imaging", "\ufeffInterventional Radiology Imaging"]
)
def test_category_line_match_ignores_case_and_a_bom(cli, write, first) -> None:
    write("gallstones.txt", plain(first))
    assert parsed(cli, "gallstones.txt")["format"] == "acr_article"


def test_without_a_category_line_the_file_is_skipped(cli, write) -> None:
    write("gallstones.txt", BODY)
    assert parsed(cli, "gallstones.txt")["format"] is None
    result = cli("check", "--output-format", "json", "--verbose", ".")
    assert result.findings == []
    assert "skipped gallstones.txt" in result.err


def test_acr_categories_config_claims_other_category_lines(cli, write) -> None:
    text = write("gallstones.txt", plain("Diagnostic Radiology Imaging"))
    result = cli("check", "--output-format", "json", "--verbose", ".")
    assert result.findings == [] and "skipped gallstones.txt" in result.err
    write(
        "contentlint.toml",
        'acr-categories = ["Diagnostic Radiology Imaging", "Interventional Radiology Imaging"]\n',
    )
    write("right-upper-quadrant-pain.md", GUIDE)
    result = cli("check", "--output-format", "json", "--verbose", ".")
    assert "skipped" not in result.err
    assert result.findings == []
    # the article is now parsed: a broken rating in it is found
    write("gallstones.txt", text.replace("May be appropriate (", "Rarely appropriate ("))
    result = cli("check", "--output-format", "json", ".")
    assert codes(result.findings) == ["AC003"]
    write("other.txt", plain())
    assert cli("check", "--output-format", "json", "other.txt").findings == []


def test_parse_uses_the_acr_categories_of_the_config(cli, write) -> None:
    """``contentlint parse`` claims files the way ``check`` does."""
    write("gallstones.txt", plain("Diagnostic Radiology Imaging"))
    write("contentlint.toml", 'acr-categories = ["Diagnostic Radiology Imaging"]\n')
    out = parsed(cli, "gallstones.txt")
    assert out["format"] == "acr_article"
    assert out["body"]["category"] == "Diagnostic Radiology Imaging"


def test_acr_categories_must_be_a_list_of_strings(cli, write) -> None:
    write("contentlint.toml", 'acr-categories = "Diagnostic Radiology Imaging"\n')
    result = cli("check", ".")
    assert result.code == 2
    assert "acr-categories" in result.err


def test_markdown_article_is_claimed_by_its_schema(cli, write) -> None:
    write("suspected-gallstones.md", markdown())
    out = parsed(cli, "suspected-gallstones.md")
    assert out["format"] == "acr_article"
    assert out["frontmatter"]["_schema"] == "acr_article"
    body = out["body"]
    assert body["shape"] == "markdown"
    assert body["category"] is None
    first_line = ARTICLE_FM.count("\n") + 1
    assert (body["title"]["line"], body["title"]["column"]) == (first_line, 3)
    assert [s["kind"] for s in body["sections"]] == [
        "scenario",
        "assessment",
        "rationale",
        "lower-rated",
        "downstream",
        "pitfalls",
        "related",
        "faq",
    ]
    assert len(body["faq"]) == 3
    assert {s["level"] for s in body["sections"]} == {2}


def test_markdown_article_and_guide_are_clean(lint, write) -> None:
    write("suspected-gallstones.md", markdown())
    write("right-upper-quadrant-pain.md", GUIDE)
    write("gallstones.txt", plain())
    result = lint(".")
    assert result.findings == [], result.out


def test_guide_is_claimed_by_its_schema(cli, write) -> None:
    write("right-upper-quadrant-pain.md", GUIDE)
    out = parsed(cli, "right-upper-quadrant-pain.md")
    assert out["type"] == "acr_guide" and out["format"] == "frontmatter"
    assert out["frontmatter"]["kind"] == "topic"
    assert out["body"] is None


def test_acr_rules_do_not_run_on_guides_or_qa_pages(lint, write) -> None:
    write("right-upper-quadrant-pain.md", GUIDE + "\nRated Rarely appropriate, ☢ (5 mSv).\n")
    assert lint(".").findings == []


def test_guide_aliases_resolve_references(lint, write) -> None:
    write("right-upper-quadrant-pain.md", GUIDE)
    write(
        "a.txt",
        plain().replace(
            "Right Upper Quadrant Pain: ACR Appropriateness Decoded", "RUQ pain decoded"
        ),
    )
    assert lint(".").findings == []


# ---------------------------------------------------------------------------- frontmatter schemas


def test_article_frontmatter_missing_field(lint, write) -> None:
    text = write(
        "suspected-gallstones.md",
        markdown(
            ARTICLE_FM.replace("url: /acr/right-upper-quadrant-pain/suspected-gallstones\n", "")
        ),
    )
    write("right-upper-quadrant-pain.md", GUIDE)
    result = lint(".")
    assert codes(result.findings) == ["FM005"], result.out
    assert "url" in result.findings[0]["message"]
    assert result.findings[0]["path"] == "suspected-gallstones.md"
    assert text.startswith("---\n")


@pytest.mark.parametrize(
    ("line", "bad", "needle"),
    [
        (
            "url: /acr/right-upper-quadrant-pain/suspected-gallstones",
            "url: /ACR/Gall Stones",
            "/ACR",
        ),
        ("population: adult", "population: adults", "adults"),
        ("file_name: suspected-gallstones.md", "file_name: Suspected_Gallstones.txt", "Suspected_"),
        ("id: 78", "id: -3", "-3"),
        ("date: 2026-01-06", "date: 2026-02-30", "2026-02-30"),
        ("  - 77", "  - seventy-seven", "seventy-seven"),
    ],
)
def test_article_frontmatter_invalid_field(lint, write, line, bad, needle) -> None:
    assert line in ARTICLE_FM
    text = write("suspected-gallstones.md", markdown(ARTICLE_FM.replace(line, bad)))
    result = lint("--select", "FM", ".")
    hits = only(result.findings, "FM006")
    assert len(hits) == 1, result.out
    assert codes(result.findings) == ["FM006"], result.out
    assert where(hits[0]) == position(text, needle)


def test_article_frontmatter_unknown_field(lint, write) -> None:
    fm = ARTICLE_FM.replace("variant: 1\n", "variant: 1\nsubject: Radiology\n")
    text = write("suspected-gallstones.md", markdown(fm))
    hits = only(lint("--select", "FM", ".").findings, "FM007")
    assert len(hits) == 1
    assert hits[0]["severity"] == "warning"
    assert where(hits[0]) == position(text, "subject:")


def test_article_file_name_must_be_the_files_own_name(lint, write) -> None:
    """An ACR article's ``file_name`` names the file it lives in, as a Q&A page's does.

    url-file-name-mismatch (ID001) is declared ``formats=("qa",)`` in rules/identity/names.py, so
    an ACR article or guide whose ``file_name`` disagrees with its name on disk (or with the
    last segment of its url) is never reported."""
    write("right-upper-quadrant-pain.md", GUIDE)
    text = write("gallstones-renamed.md", markdown())
    result = lint(".")
    assert codes(result.findings) == ["ID001"], result.out
    assert where(result.findings[0]) == position(text, "suspected-gallstones.md")


def test_article_frontmatter_schema_value(lint, write) -> None:
    write("a.md", "---\n_schema: acr_articel\ntitle: T?\nurl: /a\n---\n# T?\n")
    assert codes(lint("--select", "FM", ".").findings) == ["FM004"]


def test_guide_frontmatter_missing_field(lint, write) -> None:
    write("right-upper-quadrant-pain.md", GUIDE.replace("kind: topic\n", ""))
    result = lint("--select", "FM", ".")
    assert codes(result.findings) == ["FM005"], result.out
    assert "kind" in result.findings[0]["message"]


@pytest.mark.parametrize(
    ("line", "bad", "needle"),
    [
        ("kind: topic", "kind: overview", "overview"),
        ("id: 77", 'id: "77"', '"77"'),
        ("url: /acr/guides/right-upper-quadrant-pain", "url: acr/guides/ruq", "acr/guides/ruq"),
        ("  - RUQ Pain Decoded", "  - 12", "12"),
    ],
)
def test_guide_frontmatter_invalid_field(lint, write, line, bad, needle) -> None:
    assert line in GUIDE
    text = write("right-upper-quadrant-pain.md", GUIDE.replace(line, bad))
    result = lint("--select", "FM", ".")
    assert codes(result.findings) == ["FM006"], result.out
    assert where(result.findings[0]) == position(text, needle)


def test_guide_frontmatter_unknown_field(lint, write) -> None:
    text = write(
        "right-upper-quadrant-pain.md", GUIDE.replace("kind: topic\n", "kind: topic\nsubject: X\n")
    )
    result = lint("--select", "FM", ".")
    assert codes(result.findings) == ["FM007"], result.out
    assert where(result.findings[0]) == position(text, "subject:")


# ---------------------------------------------------------------------------- parse


def _walk(node: Any):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


@pytest.mark.parametrize("name", ["gallstones.txt", "suspected-gallstones.md"])
def test_parse_prints_the_structure_as_json(cli, write, name) -> None:
    text = write(name, plain() if name.endswith(".txt") else markdown())
    result = cli("parse", name)
    assert result.code == 0
    out = json.loads(result.out)
    assert set(out) == {"path", "type", "format", "frontmatter", "problems", "body"}
    assert out["path"] == name
    assert out["problems"] == []
    body = out["body"]
    assert list(Draft202012Validator(STRUCTURE).iter_errors(body)) == []
    assert set(body) == set(STRUCTURE["required"])
    assert body["population"] == "adult"
    assert [i["label"] for i in body["inclusion_criteria"]] == ["Age", "Presentation"]
    assert [i["label"] for i in body["exclusion_criteria"]] == ["Pregnancy"]
    ratings = [(r["procedures"][0]["text"], r["category"]) for r in body["ratings"]]
    assert ratings == [
        ("US abdomen", "usually appropriate"),
        ("US abdomen", "usually appropriate"),
        ("CT abdomen with IV contrast", "may be appropriate"),
    ]
    (rrl,) = body["radiation"]
    assert (rrl["count"], rrl["dose_low"], rrl["dose_high"]) == (3, 1.0, 10.0)
    assert [q["question"]["text"] for q in body["faq"]] == [
        "Is CT ever first?",
        "Is MRCP useful?",
        "Does pregnancy change the plan?",
    ]
    assert body["related"]["references"][0]["text"] == (
        "Right Upper Quadrant Pain: ACR Appropriateness Decoded"
    )
    assert body["reviewer"]["date"] == "2026-05-30"
    # every position points at its text in the file
    lines = text.split("\n")
    for node in _walk(body):
        if {"line", "column", "offset"} <= node.keys():
            assert (
                lines[node["line"] - 1][node["column"] - 1 :]
                == text[node["offset"] :].split("\n")[0]
            )


def test_parse_of_a_missing_file_is_a_usage_error(cli) -> None:
    result = cli("parse", "nope.txt")
    assert result.code == 2
    assert "cannot read nope.txt" in result.err
