"""Tests for contentlint.formats.acr.parse (ACR Appropriateness Criteria articles)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

REPO = Path(__file__).resolve().parents[1]
if str(REPO / "src") not in sys.path:  # also run without PYTHONPATH=src
    sys.path.insert(0, str(REPO / "src"))

from contentlint.formats.acr.model import to_json  # noqa: E402
from contentlint.formats.acr.parse import looks_like_plain_article, parse_article  # noqa: E402
from contentlint.formats.acr.sections import SECTION_KIND_NAMES  # noqa: E402
from contentlint.formats.acr.vocabulary import KNOWN_RATINGS  # noqa: E402

DATA = REPO / "tests" / "data" / "acr"
SEEDS = (REPO / ".." / "shared" / "seeds").resolve()
SCHEMA = json.loads((REPO / "schemas" / "acr-article.schema.json").read_text(encoding="utf-8"))
needs_seeds = pytest.mark.skipif(not SEEDS.exists(), reason="seed articles not available")


# ---------------------------------------------------------------------------- helpers


def parse(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """The parsed article as JSON, as ``contentlint parse`` prints it."""
    return to_json(parse_article(*args, **kwargs))


def split_frontmatter(text: str) -> tuple[str, int, int]:
    """(body, body_offset, first_line) for a file that starts with a ``---`` block."""
    end = text.index("\n---\n", 4) + len("\n---\n")
    return text[end:], end, text[:end].count("\n") + 1


def load_text() -> tuple[str, dict[str, Any]]:
    text = (DATA / "knee_text.txt").read_text(encoding="utf-8")
    return text, parse(text)


def load_markdown() -> tuple[str, dict[str, Any]]:
    text = (DATA / "wrist_markdown.md").read_text(encoding="utf-8")
    body, offset, first_line = split_frontmatter(text)
    return text, parse(body, body_offset=offset, first_line=first_line)


def load_seed(name: str) -> tuple[str, dict[str, Any]]:
    text = next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")
    return text, parse(text)


def at(text: str, line: int, column: int) -> str:
    """The file text from a 1-based line and column."""
    return text.split("\n")[line - 1][column - 1 :]


def walk(node: Any):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def assert_positions_consistent(text: str, doc: dict[str, Any]) -> None:
    """Every line/column/offset triple agrees with the file, and points at its text."""
    for node in walk(doc):
        if not {"line", "column", "offset"} <= node.keys():
            continue
        offset = node["offset"]
        assert at(text, node["line"], node["column"]) == text[offset:].split("\n")[0]
        expected = node.get("rating") or node.get("symbols") or node.get("text") or ""
        first_word = expected.split()[0] if expected.split() else ""
        assert text[offset:].startswith(first_word), (node, text[offset : offset + 40])


def procedure(rating: dict[str, Any]) -> str | None:
    """The names a statement rates, joined with " + " (None when it names none)."""
    return " + ".join(p["text"] for p in rating["procedures"]) or None


def ratings_summary(doc: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(procedure(r), r["rating"], r["line"], r["column"]) for r in doc["ratings"]]


# ---------------------------------------------------------------------------- detection


def test_looks_like_plain_article() -> None:
    text, _ = load_text()
    markdown = (DATA / "wrist_markdown.md").read_text(encoding="utf-8")
    assert looks_like_plain_article(text, ("Interventional Radiology Imaging",))
    assert looks_like_plain_article("\n\n  Interventional Radiology Imaging  \n\nTitle\n")
    assert not looks_like_plain_article(markdown)
    assert not looks_like_plain_article("Pediatric Imaging\n\nTitle\n")
    assert looks_like_plain_article("Pediatric Imaging\n\nTitle\n", ("Pediatric Imaging",))
    assert not looks_like_plain_article("")


# ---------------------------------------------------------------------------- text shape


def test_text_header_and_sections_in_order() -> None:
    text, doc = load_text()
    assert doc["shape"] == "text"
    assert doc["category"] == "Interventional Radiology Imaging"
    assert doc["category_position"] == {"line": 1, "column": 1, "offset": 0}
    assert doc["title"]["text"].startswith("How Should You Image Suspected Septic")
    assert (doc["title"]["line"], doc["title"]["column"]) == (3, 1)
    assert [p["line"] for p in doc["intro"]] == [5]
    kinds = [(s["kind"], s["line"]) for s in doc["sections"]]
    assert kinds == [
        ("scenario", 7),
        ("assessment", 21),
        ("rationale", 25),
        ("lower-rated", 27),
        ("downstream", 34),
        ("pitfalls", 38),
        ("related", 42),
        ("faq", 46),
    ]
    assert doc["sections"][0]["end_line"] == 19
    assert doc["sections"][-1]["end_line"] == 56  # the reviewer line is not part of the FAQ
    assert_positions_consistent(text, doc)


def test_text_criteria_and_population() -> None:
    _, doc = load_text()
    assert [c["label"] for c in doc["inclusion_criteria"]] == ["Age", "Presentation"]
    assert [c["label"] for c in doc["exclusion_criteria"]] == ["Prosthetic Joints", "Children"]
    assert doc["inclusion_criteria"][0] == {
        "text": "Age: Adult patient.",
        "line": 13,
        "column": 5,
        "offset": doc["inclusion_criteria"][0]["offset"],
        "end_line": 13,
        "marker": "•",
        "label": "Age",
    }
    assert doc["population"] == "adult"


def test_text_ratings_with_procedures_and_positions() -> None:
    text, doc = load_text()
    assert ratings_summary(doc) == [
        ("Radiography knee", "Usually Appropriate", 5, 117),
        ("Radiography", "Usually Appropriate", 25, 27),
        ("Radiography knee", "Usually Appropriate", 27, 37),
        ("MRI knee without and with IV contrast", "May be appropriate (Disagreement)", 29, 58),
        ("CT knee with IV contrast", "Rarely appropriate", 30, 39),
        ("Bone scan", "Usually inappropriate", 31, 26),
        ("Ultrasound knee", "Highly appropriate", 32, 24),
        ("MRI", "May be appropriate", 50, 15),
        ("radiography", "Usually Appropriate", 50, 57),
    ]
    heading = doc["ratings"][1]
    assert heading["role"] == "heading"
    assert heading["section"] == "rationale" and heading["quoted"]
    assert (heading["procedures"][0]["line"], heading["procedures"][0]["column"]) == (25, 8)
    assert at(text, 5, 117).startswith("Usually Appropriate")
    assert doc["ratings"][0]["section"] == "intro"
    assert doc["ratings"][3]["category"] == "may be appropriate (disagreement)"
    assert [r["section"] for r in doc["ratings"][3:7]] == ["lower-rated"] * 4
    assert [r["section"] for r in doc["ratings"][7:]] == ["faq", "faq"]
    assert all(not r["hypothetical"] for r in doc["ratings"])


def test_unknown_rating_terms_are_captured_but_not_recognized() -> None:
    _, doc = load_text()
    unknown = {r["rating"] for r in doc["ratings"] if r["spelling"] == "unknown"}
    assert unknown == {"Rarely appropriate", "Usually inappropriate", "Highly appropriate"}
    assert all(r["category"] is None for r in doc["ratings"] if r["spelling"] == "unknown")


def test_plain_english_appropriate_is_not_a_rating() -> None:
    text, doc = load_text()
    offsets = [r["offset"] for r in doc["ratings"]]
    for phrase in [
        "the appropriate next step",
        "is not appropriate for this pathway",
        "appropriate imaging later",
        "not the appropriate study",
        "may appropriately include",
    ]:
        start = text.index(phrase)
        assert not any(start - 20 <= o <= start + len(phrase) for o in offsets), phrase
    plain = parse(
        "Title\n\nThis is the appropriate next step. Order appropriate imaging. CT is not "
        "appropriate for a child. It is not the appropriate first-line staging study. The "
        "workup may appropriately include CT. A CT may be appropriate if symptoms develop. "
        "It is often appropriate to wait. Contrast is considered appropriate by most.\n"
    )
    assert plain["ratings"] == []


def test_text_radiation_levels() -> None:
    text, doc = load_text()
    assert [
        (r["symbols"], r["count"], r["dose_text"], r["dose_low"], r["dose_high"], r["population"])
        for r in doc["radiation"]
    ] == [("☢", 1, "<0.1 mSv", None, 0.1, None), ("☢☢☢", 3, "1-10 mSv", 1.0, 10.0, "adult")]
    assert [(r["line"], r["column"]) for r in doc["radiation"]] == [(27, 93), (30, 76)]
    assert at(text, 30, 76).startswith("☢☢☢ 1-10 mSv")


def test_text_run_in_heading_starts_its_section() -> None:
    text, doc = load_text()
    assert doc["run_in_headings"] == [
        {
            "text": "Why are other studies rated lower?",
            "line": 27,
            "column": 165,
            "offset": text.index("Why are other studies"),
            "kind": "lower-rated",
        }
    ]
    rationale, lower = doc["sections"][2], doc["sections"][3]
    assert rationale["paragraphs"][-1]["text"].endswith("to exclude osteomyelitis.")
    assert lower["run_in"] and lower["heading"] == "Why are other studies rated lower?"
    assert len(lower["bullets"]) == 4


def test_text_faq_reviewer_and_references() -> None:
    _, doc = load_text()
    assert len(doc["faq"]) == 3
    assert doc["faq"][0]["question"]["text"] == "Why is MRI not first-line?"
    assert doc["faq"][1]["answer"]["text"] == "No."
    assert doc["faq"][2]["answer"] is None  # a question left without an answer
    assert doc["reviewer"] == {
        "name": "Jane Roe",
        "credentials": "MD",
        "role": "Musculoskeletal Radiologist",
        "date_text": "May 32, 2026",
        "date": None,  # impossible date
        "line": 58,
        "column": 1,
        "offset": doc["reviewer"]["offset"],
    }
    assert doc["reviewer_raw"] is None
    topic = {"kind": "topic-guide", "text": "Acute Joint Pain: ACR Appropriateness Decoded"}
    assert doc["related"]["line"] == 42
    assert [{k: r[k] for k in ("kind", "text")} for r in doc["related"]["references"]] == [topic]
    assert doc["references"] == doc["related"]["references"]


def test_reviewer_variants() -> None:
    base = "Interventional Radiology Imaging\n\nTitle?\n\nBody.\n\n"
    ok = parse(base + "Reviewed by Ann Lee, MD, PhD, Radiologist — 2026-02-28\n")
    assert ok["reviewer"]["credentials"] == "MD, PhD"
    assert ok["reviewer"]["date"] == "2026-02-28"
    leap = parse(base + "Reviewed by Ann Lee, MD, Radiologist — Feb 29, 2025\n")
    assert leap["reviewer"]["date"] is None
    missing = parse(base)
    assert missing["reviewer"] is None and missing["reviewer_raw"] is None
    bad = parse(base + "Reviewed by Ann Lee on May 1, 2026\n")
    assert bad["reviewer"] is None
    assert bad["reviewer_raw"] == {
        "text": "Reviewed by Ann Lee on May 1, 2026",
        "line": 7,
        "column": 1,
        "offset": len(base),
    }


def test_crlf_and_missing_category() -> None:
    text, doc = load_text()
    crlf = parse(text.replace("\n", "\r\n"))
    assert [s["line"] for s in crlf["sections"]] == [s["line"] for s in doc["sections"]]
    assert ratings_summary(crlf) == ratings_summary(doc)
    no_category = parse(text.split("\n", 2)[2])
    assert no_category["category"] is None
    assert no_category["title"]["line"] == 1
    assert [s["kind"] for s in no_category["sections"]] == [s["kind"] for s in doc["sections"]]
    empty = parse("")
    assert empty["title"] is None and empty["sections"] == [] and empty["ratings"] == []


# ---------------------------------------------------------------------------- markdown shape


def test_markdown_structure_and_positions() -> None:
    text, doc = load_markdown()
    assert doc["shape"] == "markdown"
    assert doc["category"] is None
    assert doc["title"]["text"].startswith("What Imaging Is Needed for a Child")
    assert (doc["title"]["line"], doc["title"]["column"]) == (6, 3)
    assert [(s["kind"], s["line"], s["level"]) for s in doc["sections"]] == [
        ("scenario", 11, 2),
        ("assessment", 23, 2),
        ("rationale", 27, 2),
        ("lower-rated", 33, 2),
        ("faq", 37, 2),
        ("related", 47, 2),
    ]
    assert doc["sections"][0]["subheadings"][0]["text"] == "Inclusion criteria"
    assert [c["label"] for c in doc["inclusion_criteria"]] == ["Patient", "Injury"]
    assert doc["inclusion_criteria"][1]["end_line"] == 17  # a wrapped bullet
    assert [c["label"] for c in doc["exclusion_criteria"]] == ["Adults"]
    assert doc["population"] == "pediatric"
    assert_positions_consistent(text, doc)


def test_markdown_ratings_radiation_faq() -> None:
    text, doc = load_markdown()
    assert ratings_summary(doc) == [
        ("Radiography wrist", "Usually Appropriate", 9, 32),
        ("MRI wrist without IV contrast", "May be appropriate", 30, 52),
        ("CT wrist without IV contrast", "Usually not appropriate", 35, 33),
        ("CT", "Usually not appropriate", 41, 13),
    ]
    assert [r["context"] for r in doc["ratings"]] == ["rated", "rates-as", "label", "rated"]
    assert at(text, 9, 2).startswith("Radiography wrist`")
    assert [
        (r["count"], r["dose_low"], r["dose_high"], r["population"]) for r in doc["radiation"]
    ] == [
        (1, None, 0.03, "pediatric"),
        (2, 0.03, 0.3, "pediatric"),
    ]
    assert [(q["question"]["text"], q["question"]["line"]) for q in doc["faq"]] == [
        ("Is CT ever used first?", 39),
        ("Can ultrasound replace radiographs?", 43),
    ]
    assert doc["faq"][1]["answer"]["text"] == "Not routinely."


def test_markdown_references_and_malformed_reviewer() -> None:
    text, doc = load_markdown()
    refs = [(r["kind"], r["text"], r["target"], r["section"]) for r in doc["references"]]
    assert refs == [
        ("protocol-guide", "MRI Wrist Protocol", "/protocols/mri-wrist", "rationale"),
        ("link", "Wrist Pain in Children", "/acr/wrist-pain-children", "related"),
        (
            "topic-guide",
            "Pediatric Trauma: ACR Appropriateness Decoded",
            "/acr/pediatric-trauma",
            "related",
        ),
    ]
    assert len(doc["related"]["references"]) == 2
    assert doc["reviewer"] is None
    raw = doc["reviewer_raw"]
    assert raw["text"] == "Reviewed by John Smith, Pediatric Radiologist, May 30, 2026"
    assert (raw["line"], raw["column"]) == (51, 2)
    assert text[raw["offset"] :].startswith("Reviewed by John Smith")


# ---------------------------------------------------------------------------- schema


def test_schema_is_valid_and_accepts_parsed_documents() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    validator = Draft202012Validator(SCHEMA)
    for _, doc in (load_text(), load_markdown()):
        json.dumps(doc)  # JSON-serialisable
        assert list(validator.iter_errors(doc)) == []


def test_schema_enums_match_the_parser_vocabulary() -> None:
    defs = SCHEMA["$defs"]
    assert tuple(defs["sectionKind"]["enum"]) == SECTION_KIND_NAMES
    assert tuple(defs["knownRating"]["enum"]) == KNOWN_RATINGS


def test_schema_rejects_drift() -> None:
    validator = Draft202012Validator(SCHEMA)
    _, doc = load_text()
    doc["ratings"][0]["extra"] = 1
    doc["sections"][0]["kind"] = "introduction"
    del doc["radiation"][0]["line"]
    doc["ratings"][1]["procedures"][0]["contrast"] = "maybe"
    assert len(list(validator.iter_errors(doc))) == 4


# ---------------------------------------------------------------------------- seeds


@needs_seeds
def test_seed_001() -> None:
    text, doc = load_seed("001")
    assert_positions_consistent(text, doc)
    assert [s["kind"] for s in doc["sections"]] == [
        "scenario",
        "assessment",
        "rationale",
        "lower-rated",
        "downstream",
        "pitfalls",
        "related",
        "faq",
    ]
    assert [(procedure(r), r["category"]) for r in doc["ratings"]] == [
        ("CT chest abdomen pelvis with IV contrast", "usually appropriate"),
        ("CT chest abdomen pelvis with IV contrast", "usually appropriate"),
        ("FDG-PET/CT whole body", "usually appropriate"),
        ("MRI abdomen and pelvis with IV contrast", "usually not appropriate"),
        ("Radiography (Chest or Skeletal Survey)", "usually not appropriate"),
        ("CT", "usually appropriate"),
        ("MRI", "usually not appropriate"),
    ]
    assert {r["rating"] for r in doc["ratings"]} == {
        "Usually Appropriate",
        "Usually not appropriate",
    }
    assert [r["section"] for r in doc["ratings"]][-2:] == ["faq", "faq"]
    assert (doc["ratings"][0]["line"], doc["ratings"][0]["column"]) == (5, 684)
    [rrl] = doc["radiation"]
    assert (rrl["symbols"], rrl["dose_text"], rrl["dose_low"], rrl["dose_high"]) == (
        "☢☢☢☢",
        "10-30 mSv",
        10.0,
        30.0,
    )
    assert rrl["population"] is None and rrl["line"] == 50
    assert rrl["procedure"]["text"] == "CT study" and rrl["procedure"]["modality"] == "ct"
    procedures = [
        (p["name"], p["modality"], p["region"], p["contrast"], p["ratings"])
        for p in doc["procedures"]
    ]
    assert procedures == [
        (
            "CT chest abdomen pelvis with IV contrast",
            "ct",
            ["abdomen", "chest", "pelvis"],
            "with",
            ["usually appropriate"],
        ),
        ("FDG-PET/CT whole body", "pet-ct", ["whole body"], "unspecified", ["usually appropriate"]),
        (
            "MRI abdomen and pelvis with IV contrast",
            "mri",
            ["abdomen", "pelvis"],
            "with",
            ["usually not appropriate"],
        ),
        (
            "Radiography (Chest or Skeletal Survey)",
            "radiography",
            ["chest"],
            "unspecified",
            ["usually not appropriate"],
        ),
    ]
    assert len(doc["inclusion_criteria"]) == 4 and len(doc["exclusion_criteria"]) == 4
    assert doc["population"] == "adult"
    assert len(doc["faq"]) == 5
    assert doc["related"]["references"] == []
    [protocol] = doc["references"]
    assert protocol["kind"] == "protocol-guide"
    assert protocol["text"] == "CT Chest/Abdomen/Pelvis with IV Contrast"
    assert doc["run_in_headings"] == []
    assert doc["reviewer"]["date"] == "2026-05-30" and doc["reviewer"]["line"] == 99
    assert list(Draft202012Validator(SCHEMA).iter_errors(doc)) == []


@needs_seeds
def test_seed_004() -> None:
    text, doc = load_seed("004")
    assert_positions_consistent(text, doc)
    assert [(s["kind"], s["line"], s["run_in"]) for s in doc["sections"]] == [
        ("scenario", 7, False),
        ("assessment", 25, False),
        ("rationale", 35, False),
        ("lower-rated", 39, True),
        ("downstream", 46, False),
        ("pitfalls", 54, False),
        ("related", 63, False),
        ("faq", 69, False),
    ]
    [run_in] = doc["run_in_headings"]
    assert (run_in["line"], run_in["column"], run_in["kind"]) == (39, 530, "lower-rated")
    assert at(text, 39, 530).startswith("Why are more advanced studies rated lower")
    summary = [
        (procedure(r), r["rating"], r["role"] == "heading", r["hypothetical"])
        for r in doc["ratings"]
    ]
    assert summary == [
        ("Radiography chest", "May be appropriate (Disagreement)", False, False),
        ("Chest Radiograph", "May Be Appropriate", True, False),
        ("Radiography chest", "May be appropriate (Disagreement)", False, False),
        ("CT chest with or without IV contrast", "Usually not appropriate", False, False),
        ("FDG-PET/CT whole body", "Usually not appropriate", False, False),
        ("chest radiograph", "May be appropriate", False, False),
        (None, "Usually appropriate", False, True),
        (None, "May be appropriate (Disagreement)", False, False),
        ("MRI of the chest", "Usually not appropriate", False, False),
    ]
    assert doc["ratings"][0]["category"] == "may be appropriate (disagreement)"
    assert all(r["spelling"] == "exact" for r in doc["ratings"])
    assert [(r["count"], r["dose_text"], r["population"]) for r in doc["radiation"]] == [
        (1, "<0.03 mSv", "pediatric"),
        (4, "3-10 mSv", "pediatric"),
        (4, "3-10 mSv", "pediatric"),
    ]
    assert doc["population"] == "pediatric"
    assert [c["label"] for c in doc["inclusion_criteria"]] == [
        "Patient",
        "Diagnosis",
        "Clinical Status",
        "Timing",
    ]
    assert len(doc["exclusion_criteria"]) == 4
    assert len(doc["faq"]) == 5
    [parent] = doc["related"]["references"]
    assert (parent["kind"], parent["text"], parent["line"]) == (
        "topic-guide",
        "Staging and Follow-Up of Leukemia: ACR Appropriateness Decoded",
        67,
    )
    assert list(Draft202012Validator(SCHEMA).iter_errors(doc)) == []


def test_markdown_variants_category_bold_questions_run_in() -> None:
    body = (
        "Interventional Radiology Imaging\n"
        "\n"
        "# Imaging for Adult Hip Pain?\n"
        "\n"
        "## Why Is MRI Hip the Recommended Study?\n"
        "\n"
        "MRI hip is rated *Usually Appropriate*. Why are other studies rated lower?\n"
        "\n"
        "* CT hip: This is rated Usually not appropriate.\n"
        "\n"
        "## FAQ\n"
        "\n"
        "**Is CT ever first-line?**\n"
        "\n"
        "Rarely.\n"
    )
    doc = parse(body, body_offset=100, first_line=5)
    assert doc["shape"] == "markdown"
    assert doc["category"] == "Interventional Radiology Imaging"
    assert doc["category_position"] == {"line": 5, "column": 1, "offset": 100}
    assert doc["title"]["line"] == 7
    assert [(s["kind"], s["line"], s["run_in"]) for s in doc["sections"]] == [
        ("rationale", 9, False),
        ("lower-rated", 11, True),
        ("faq", 15, False),
    ]
    assert doc["run_in_headings"][0]["column"] == 41
    assert doc["run_in_headings"][0]["offset"] == 100 + body.index("Why are other")
    assert ratings_summary(doc) == [
        ("MRI hip", "Usually Appropriate", 11, 19),
        ("CT hip", "Usually not appropriate", 13, 25),
    ]
    assert doc["ratings"][1]["section"] == "lower-rated"
    assert doc["faq"][0]["question"]["text"] == "Is CT ever first-line?"
    assert doc["faq"][0]["answer"]["text"] == "Rarely."
    assert doc["population"] == "adult"
