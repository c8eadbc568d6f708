"""Tests for contentlint.formats.acr.procedure*: the four-part model of a rated ACR study."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

import pytest

from contentlint.formats.acr import procedure_parse
from contentlint.formats.acr import procedure_words as ap
from contentlint.formats.acr.procedure import (
    Procedure,
    compatible,
    covers,
    resolve,
    same_procedure,
    variants,
)
from contentlint.formats.acr.procedure_parse import find_mentions, parse_procedure
from contentlint.formats.acr.procedure_words import BOTH, EITHER, UNSPECIFIED, WITH, WITHOUT


def parse(text: str) -> Procedure:
    procedure = parse_procedure(text)
    assert procedure is not None, text
    return procedure


def same(a: str, b: str) -> bool:
    return same_procedure(parse(a), parse(b))


def mentions(text: str) -> list[tuple[str, str]]:
    """(the text of each span, its description)."""
    return [(text[start:end], p.describe()) for start, end, p in find_mentions(text)]


# ---------------------------------------------------------------------------- parsing

ACR_NAMES = [
    ("CT chest abdomen pelvis with IV contrast", "ct", "chest,abdomen,pelvis", WITH, ""),
    (
        "MRI abdomen and pelvis without and with IV contrast",
        "mri",
        "abdomen,pelvis",
        BOTH,
        "",
    ),
    ("US abdomen", "us", "abdomen", UNSPECIFIED, ""),
    ("Radiography chest", "radiography", "chest", UNSPECIFIED, ""),
    ("FDG-PET/CT skull base to mid-thigh", "pet-ct", "skull base to mid-thigh", UNSPECIFIED, ""),
    ("Tc-99m bone scan whole body", "nm-bone", "whole body", UNSPECIFIED, ""),
    ("MRCP", "mri", "abdomen", UNSPECIFIED, "mrcp"),
    ("US pelvis transvaginal", "us", "pelvis", UNSPECIFIED, "transvaginal"),
    ("US duplex Doppler lower extremity", "us", "lower extremity", UNSPECIFIED, "doppler"),
    ("Mammography diagnostic", "mammography", "breast", UNSPECIFIED, "diagnostic"),
    ("Digital breast tomosynthesis diagnostic", "dbt", "breast", UNSPECIFIED, "diagnostic"),
    ("Arteriography abdomen", "arteriography", "abdomen", UNSPECIFIED, ""),
    ("Image-guided biopsy", "ig-biopsy", "", UNSPECIFIED, ""),
    ("Fluoroscopy contrast enema", "fluoroscopy", "", UNSPECIFIED, "contrast-enema"),
    ("CTA chest with IV contrast", "cta", "chest", WITH, ""),
    ("MRA head without IV contrast", "mra", "head", WITHOUT, ""),
    (
        "CT abdomen and pelvis with IV contrast multiphase",
        "ct",
        "abdomen,pelvis",
        WITH,
        "multiphase",
    ),
    (
        "MRI abdomen without and with IV contrast with MRCP",
        "mri",
        "abdomen",
        BOTH,
        "mrcp",
    ),
    ("CT abdomen with or without IV contrast", "ct", "abdomen", EITHER, ""),
    ("US abdomen right lower quadrant", "us", "abdomen,right lower quadrant", UNSPECIFIED, ""),
    ("V/Q scan lung", "nm-vq", "chest", UNSPECIFIED, ""),
    ("SPECT/CT", "spect-ct", "", UNSPECIFIED, ""),
    ("PET/MRI whole body", "pet-mri", "whole body", UNSPECIFIED, ""),
    ("HIDA scan", "nm-hida", "", UNSPECIFIED, ""),
    ("Watchful waiting", "no-imaging", "", UNSPECIFIED, ""),
    ("Surgical consultation", "surgical-consultation", "", UNSPECIFIED, ""),
    ("CT-guided biopsy", "ig-biopsy", "", UNSPECIFIED, "ct-guided"),
    ("CT angiography head and neck", "cta", "head,neck", UNSPECIFIED, ""),
    ("MR venography head", "mrv", "head", UNSPECIFIED, ""),
    ("Transvaginal US", "us", "", UNSPECIFIED, "transvaginal"),
]


@pytest.mark.parametrize(("name", "modality", "region", "contrast", "qualifiers"), ACR_NAMES)
def test_parses_acr_procedure_names(
    name: str, modality: str, region: str, contrast: str, qualifiers: str
) -> None:
    p = parse(name)
    assert (p.modality, p.region, p.contrast, p.qualifiers) == (
        modality,
        frozenset(filter(None, region.split(","))),
        contrast,
        frozenset(qualifiers.split()),
    )
    assert p.name == name
    assert p.unknown == ()


def test_name_is_the_text_with_whitespace_collapsed() -> None:
    assert parse("  CT \n abdomen\t").name == "CT abdomen"


@pytest.mark.parametrize("text", ["", "chest abdomen pelvis", "with IV contrast", "`/`"])
def test_no_modality_is_none(text: str) -> None:
    assert parse_procedure(text) is None


def test_names_are_read_case_insensitively() -> None:
    expected = Procedure("us abdomen", "us", frozenset({"abdomen"}), UNSPECIFIED, frozenset())
    assert parse("us abdomen") == expected
    assert parse("pet/ct whole body").modality == "pet-ct"
    assert parse("Mr. Smith").modality == "mri"  # a name is taken to name a study


def test_describe() -> None:
    p = parse("CT Chest/Abdomen/Pelvis with IV contrast multiphase")
    assert p.describe() == "CT · chest+abdomen+pelvis · with IV contrast · multiphase"
    assert parse("CT").describe() == "CT"
    assert parse("Image-guided biopsy").describe() == "Image-guided biopsy"
    assert parse("MRA head without IV contrast").describe() == "MRA · head · without IV contrast"


# ---------------------------------------------------------------------------- contrast


def test_three_contrast_variants_are_three_procedures() -> None:
    names = [
        "CT abdomen without IV contrast",
        "CT abdomen with IV contrast",
        "CT abdomen without and with IV contrast",
    ]
    for a in names:
        for b in names:
            assert same(a, b) == (a == b)


@pytest.mark.parametrize(
    ("contrast", "spellings"),
    [
        (
            WITHOUT,
            [
                "noncontrast CT head",
                "non-contrast CT head",
                "unenhanced CT head",
                "CT head without contrast",
                "CT head without IV contrast",
                "CT head w/o contrast",
            ],
        ),
        (
            WITH,
            [
                "contrast-enhanced CT head",
                "enhanced CT head",
                "post-contrast CT head",
                "CT head with contrast",
                "CT head with I.V. contrast",
            ],
        ),
        (
            BOTH,
            [
                "CT head without and with IV contrast",
                "CT head with and without IV contrast",
                "pre- and post-contrast CT head",
            ],
        ),
        (EITHER, ["CT head with or without IV contrast", "CT head without or with contrast"]),
    ],
)
def test_contrast_spellings(contrast: str, spellings: list[str]) -> None:
    for spelling in spellings:
        assert parse(spelling).contrast == contrast, spelling
        assert same(spelling, spellings[0])


def test_bare_contrast_word_is_unknown_not_a_contrast() -> None:
    p = parse("CT abdomen contrast")
    assert p.contrast == UNSPECIFIED
    assert p.unknown == ("contrast",)


def test_with_or_without_covers_both_variants() -> None:
    either = parse("CT abdomen with or without IV contrast")
    with_, without = parse("CT abdomen with IV contrast"), parse("CT abdomen without IV contrast")
    both = parse("CT abdomen without and with IV contrast")
    assert covers(either, with_) and covers(either, without) and covers(either, either)
    assert not covers(either, both)
    assert not covers(with_, either)
    assert not covers(either, parse("CT chest with IV contrast"))
    assert not covers(parse("CT with or without contrast"), parse("CT with contrast"))  # no region
    assert not same_procedure(either, with_)
    assert same_procedure(either, parse("CT abdomen with or without contrast"))
    assert [v.contrast for v in variants(either)] == [WITH, WITHOUT]
    assert variants(with_) == (with_,)


# ---------------------------------------------------------------------------- regions


def test_regions_are_compared_by_equality_never_subset() -> None:
    cap = "CT chest abdomen pelvis with IV contrast"
    ap_ = "CT abdomen and pelvis with IV contrast"
    a = "CT abdomen with IV contrast"
    assert not same(cap, ap_) and not same(ap_, a) and not same(cap, a)
    assert same(ap_, "CT abdomen/pelvis with IV contrast")


def test_whole_body_is_not_skull_base_to_mid_thigh() -> None:
    assert not same("FDG-PET/CT whole body", "FDG-PET/CT skull base to mid-thigh")
    assert same("FDG-PET/CT skull base to mid-thigh", "PET-CT skull base to mid thigh")
    assert parse("FDG-PET/CT skull base to mid-thigh").region == {"skull base to mid-thigh"}


@pytest.mark.parametrize(
    "spelling",
    [
        "CT Chest/Abdomen/Pelvis with IV Contrast",
        "CT chest abdomen pelvis with IV contrast",
        "CT of the chest, abdomen, and pelvis with IV contrast",
        "CT chest, abdomen & pelvis with contrast",
        "the CT scan of the pelvis, abdomen and chest with IV contrast",
        "Chest abdomen pelvis CT study with IV contrast",
        "`CT chest abdomen pelvis with IV contrast`",
    ],
)
def test_case_punctuation_articles_fillers_and_order_are_ignored(spelling: str) -> None:
    assert same(spelling, "CT chest abdomen pelvis with IV contrast")
    assert not same(spelling, "CT chest abdomen pelvis without IV contrast")
    assert parse(spelling).unknown == ()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("abdominal CT", "CT abdomen"),
        ("pelvic US", "US pelvis"),
        ("thoracic CT", "CT chest"),
        ("MRI brain", "MRI head"),
        ("cranial CT", "CT head"),
        ("MRI lumbar spine", "lumbar spine MRI"),
        ("US gallbladder", "US right upper quadrant"),
        ("renal US", "US kidneys"),
        ("cardiac MRI", "MRI heart"),
    ],
)
def test_region_synonyms(a: str, b: str) -> None:
    assert same(a, b)


def test_distinct_regions_stay_distinct() -> None:
    assert not same("MRI cervical spine", "MRI thoracic spine")
    assert not same("MRI spine", "MRI lumbar spine")
    assert not same("US upper extremity", "US lower extremity")
    assert not same("CT chest", "CT thoracic spine")
    assert not same("MRI knee", "MRI hip")


def test_a_longer_name_never_absorbs_a_shorter_one() -> None:
    short, long = parse("CT abdomen"), parse("CT abdomen and pelvis")
    assert not same_procedure(short, long)
    assert not compatible(short, long)
    assert resolve(short, [long]) is None


# ---------------------------------------------------------------------------- synonyms


@pytest.mark.parametrize(
    "group",
    [
        ["Chest Radiograph", "Radiography chest", "chest X-ray", "CXR", "X-ray of the chest"],
        ["US abdomen", "ultrasound abdomen", "abdominal sonography", "Abdominal ultrasonography"],
        ["MR abdomen", "MRI abdomen", "magnetic resonance imaging of the abdomen"],
        ["FDG-PET/CT whole body", "PET/CT whole body", "PET-CT whole body", "FDG-PET whole body"],
        ["Tc-99m bone scan whole body", "bone scintigraphy whole body", "whole body bone scan"],
        ["MRCP", "MRI with MRCP", "MR cholangiopancreatography", "MRI abdomen with MRCP"],
        ["CT angiography chest", "CTA chest", "chest CT angiogram"],
        ["Digital breast tomosynthesis screening", "DBT screening", "screening tomosynthesis"],
        ["Image-guided biopsy", "image guided biopsy", "percutaneous biopsy"],
        ["Watchful waiting", "observation", "clinical follow-up", "no imaging"],
    ],
)
def test_synonyms_name_one_procedure(group: list[str]) -> None:
    for name in group:
        assert same(name, group[0]), (name, parse(name).describe(), parse(group[0]).describe())


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Radiography chest", "Radiography abdomen"),
        ("US abdomen", "CT abdomen"),
        ("CT chest", "CTA chest"),
        ("MRI head", "MRA head"),
        ("MRA head", "MRV head"),
        ("CT head", "CTV head"),
        ("FDG-PET/CT whole body", "PET/MRI whole body"),
        ("Mammography diagnostic", "Digital breast tomosynthesis diagnostic"),
        ("Image-guided biopsy", "Image-guided drainage"),
        ("Image-guided biopsy", "Biopsy"),
        ("Surgery", "Surgical consultation"),
        ("US-guided biopsy", "CT-guided biopsy"),
    ],
)
def test_different_modalities_differ(a: str, b: str) -> None:
    assert not same(a, b)


# ---------------------------------------------------------------------------- qualifiers


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "CT abdomen and pelvis with IV contrast multiphase",
            "CT abdomen and pelvis with IV contrast",
        ),
        (
            "MRI abdomen without and with IV contrast with MRCP",
            "MRI abdomen without and with IV contrast",
        ),
        ("US duplex Doppler lower extremity", "US lower extremity"),
        ("US pelvis transabdominal", "US pelvis transvaginal"),
        ("Mammography screening", "Mammography diagnostic"),
        ("CT urography", "CT abdomen and pelvis"),
        ("CT urography", "CT enterography"),
        ("CT chest low-dose", "CT chest"),
        ("MRCP", "MRI abdomen"),
    ],
)
def test_qualifiers_make_separate_rows(a: str, b: str) -> None:
    assert not same(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "CT abdomen and pelvis with IV contrast multiphase",
            "multiphasic CT abdomen pelvis with contrast",
        ),
        ("US duplex Doppler lower extremity", "lower extremity US with Doppler"),
        ("US pelvis transvaginal", "Endovaginal pelvic ultrasound"),
        ("Mammography diagnostic", "diagnostic mammogram"),
        ("CT urography", "CT urogram"),
        ("CT urography", "CT abdomen pelvis urography"),
        ("HRCT", "high-resolution CT chest"),
        ("Fluoroscopy contrast enema", "contrast enema"),
    ],
)
def test_qualifier_spellings(a: str, b: str) -> None:
    assert same(a, b)


# ---------------------------------------------------------------------------- unknown words


@pytest.mark.parametrize(
    ("name", "unknown"),
    [
        ("the recommended CT study of the abdomen", ("recommended",)),
        ("baseline CT abdomen", ("baseline",)),
        ("initial CT abdomen", ("initial",)),
        ("follow-up CT abdomen", ("follow-up",)),
        ("routine dedicated CT abdomen", ("routine", "dedicated")),
        ("two-view standard CT abdomen", ("two-view", "standard")),
    ],
)
def test_unknown_words_are_ignored_and_recorded(name: str, unknown: tuple[str, ...]) -> None:
    p = parse(name)
    assert p.unknown == unknown
    assert same(name, "CT abdomen")
    assert not same(name, "CT chest")


def test_a_second_modality_is_recorded_as_unknown() -> None:
    p = parse("CT or MRI abdomen")
    assert p.modality == "ct"
    assert p.unknown == ("mri",)


# ---------------------------------------------------------------------------- properties


@pytest.mark.parametrize(
    ("name", "fully"),
    [
        ("CT", False),
        ("contrast-enhanced CT", False),
        ("a chest CT", True),
        ("CT abdomen", True),
        ("PET/CT", False),
        ("Image-guided biopsy", True),
        ("Watchful waiting", True),
        ("Surgery", True),
        ("Mammography", True),  # breast by default
        ("CXR", True),
        ("Fluoroscopy contrast enema", True),
        ("Fluoroscopy", False),
    ],
)
def test_fully_named(name: str, fully: bool) -> None:
    assert parse(name).fully_named is fully


def test_mentions_are_never_the_same_procedure() -> None:
    assert not same("CT", "CT")
    assert same("CT abdomen", "CT abdomen")


@pytest.mark.parametrize(
    ("name", "free", "guided"),
    [
        ("US abdomen", True, False),
        ("MRI head", True, False),
        ("MRA head", True, False),
        ("MRV head", True, False),
        ("MRCP", True, False),
        ("Watchful waiting", True, False),
        ("Surgery", True, False),
        ("CT head", False, False),
        ("Radiography chest", False, False),
        ("PET/MRI whole body", False, False),
        ("Mammography screening", False, False),
        ("Image-guided biopsy", False, True),
        ("Image-guided drainage", False, True),
        ("embolization", False, True),
    ],
)
def test_radiation_free_and_image_guided(name: str, free: bool, guided: bool) -> None:
    p = parse(name)
    assert (p.radiation_free, p.image_guided) == (free, guided)


def test_tables_agree() -> None:
    for entry in ap._VOCAB.values():
        if entry.kind == ap.MOD:
            assert entry.value in ap.MODALITIES
            assert entry.region <= set(ap.REGIONS)
        if entry.kind == ap.REG:
            assert entry.value in ap.REGIONS
    for info in ap.MODALITIES.values():
        assert info.region <= set(ap.REGIONS)
        assert info.radiation in ("none", "ionizing", "varies")
    assert {"multiphase", "mrcp", "doppler", "transvaginal", "screening"} <= ap.QUALIFIERS
    assert all(" " not in q and q == q.lower() for q in ap.QUALIFIERS)
    assert {m for m in ap.MODALITIES if m.startswith("ig-")} == ap.IMAGE_GUIDED


# ---------------------------------------------------------------------------- resolve

RATED = [
    parse("CT abdomen and pelvis with IV contrast"),
    parse("MRI abdomen and pelvis without IV contrast"),
    parse("US abdomen right lower quadrant"),
    parse("Radiography abdomen"),
    parse("FDG-PET/CT whole body"),
    parse("CTA chest with IV contrast"),
]


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("CT", "CT abdomen and pelvis with IV contrast"),
        ("contrast-enhanced CT", "CT abdomen and pelvis with IV contrast"),
        ("MR", "MRI abdomen and pelvis without IV contrast"),
        ("the radiograph", "Radiography abdomen"),
        ("X-ray", "Radiography abdomen"),
        ("ultrasound", "US abdomen right lower quadrant"),
        ("PET/CT", "FDG-PET/CT whole body"),
        ("CTA", "CTA chest with IV contrast"),
        ("noncontrast CT", None),  # contradicts the only CT
        ("a chest CT", None),  # CT is rated for abdomen and pelvis only
        ("CT abdomen", None),  # a longer name does not absorb it
        ("multiphase CT", None),
        ("Radiography chest", None),
        ("PET/MRI", None),
        ("mammography", None),
    ],
)
def test_resolve(mention: str, expected: str | None) -> None:
    found = resolve(parse(mention), RATED)
    assert (found.name if found else None) == expected


def test_bare_ct_does_not_match_cta() -> None:
    assert not compatible(parse("CT"), parse("CTA chest with IV contrast"))
    assert resolve(parse("CT"), [parse("CTA chest with IV contrast")]) is None


def test_resolve_two_candidates_sharing_the_modality() -> None:
    rated = [parse("CT abdomen with IV contrast"), parse("CT chest with IV contrast")]
    assert resolve(parse("CT"), rated) is None
    assert resolve(parse("contrast-enhanced CT"), rated) is None
    assert resolve(parse("chest CT"), rated) is rated[1]


def test_resolve_by_qualifiers_and_contrast() -> None:
    rated = [parse("US pelvis transabdominal"), parse("US pelvis transvaginal")]
    assert resolve(parse("US"), rated) is None
    assert resolve(parse("transvaginal US"), rated) is rated[1]
    assert resolve(parse("US pelvis Doppler"), rated) is None
    contrasts = [
        parse("MRI head without IV contrast"),
        parse("MRI head without and with IV contrast"),
    ]
    assert resolve(parse("MRI head"), contrasts) is None
    assert resolve(parse("noncontrast MRI"), contrasts) is contrasts[0]
    assert (
        resolve(parse("MRI with contrast"), contrasts) is None
    )  # "with" is not "without and with"


def test_with_or_without_agrees_with_either_contrast() -> None:
    rated = [parse("CT head with or without IV contrast"), parse("MRI head without IV contrast")]
    assert resolve(parse("noncontrast CT"), rated) is rated[0]
    assert resolve(parse("contrast-enhanced CT"), rated) is rated[0]
    assert resolve(parse("CT without and with contrast"), rated) is None
    assert compatible(parse("CT head with or without contrast"), parse("CT head with contrast"))


def test_resolve_prefers_the_same_procedure() -> None:
    rated = [
        parse("CT abdomen and pelvis with IV contrast"),
        parse("CT abdomen and pelvis with IV contrast multiphase"),
    ]
    assert resolve(parse("CT of the abdomen and pelvis with contrast"), rated) is rated[0]
    assert resolve(parse("multiphase CT"), rated) is rated[1]
    assert resolve(parse("contrast-enhanced CT"), rated) is None


def test_resolve_counts_a_repeated_rated_study_once() -> None:
    rated = [parse("US abdomen"), parse("Ultrasound of the abdomen")]
    assert resolve(parse("US"), rated) is rated[0]
    assert resolve(parse("US"), []) is None


def test_generic_nuclear_medicine_mention() -> None:
    rated = [parse("Tc-99m bone scan whole body"), parse("CT chest")]
    assert resolve(parse("scintigraphy"), rated) is rated[0]
    assert not compatible(parse("bone scan"), parse("HIDA scan"))


# ---------------------------------------------------------------------------- find_mentions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "On a chest radiograph the lungs were clear.",
            [("chest radiograph", "Radiography · chest")],
        ),
        (
            "Order CT of the chest, abdomen, and pelvis with IV contrast today.",
            [
                (
                    "CT of the chest, abdomen, and pelvis with IV contrast",
                    "CT · chest+abdomen+pelvis · with IV contrast",
                )
            ],
        ),
        (
            "CT chest, abdomen, and pelvis with IV contrast is rated lower.",
            [
                (
                    "CT chest, abdomen, and pelvis with IV contrast",
                    "CT · chest+abdomen+pelvis · with IV contrast",
                )
            ],
        ),
        ("A contrast-enhanced CT is rated", [("contrast-enhanced CT", "CT · with IV contrast")]),
        ("FDG-PET/CT whole body is rated", [("FDG-PET/CT whole body", "PET/CT · whole body")]),
        (
            "Here `CT head without IV contrast` is rated",
            [("CT head without IV contrast", "CT · head · without IV contrast")],
        ),
        ("MRI of the brain and spine", [("MRI of the brain and spine", "MRI · head+spine")]),
        ("CT and MRI", [("CT", "CT"), ("MRI", "MRI")]),
        ("CT or MRI", [("CT", "CT"), ("MRI", "MRI")]),
        ("US, CT, and MRI", [("US", "US"), ("CT", "CT"), ("MRI", "MRI")]),
        ("MRI, which avoids radiation, is", [("MRI", "MRI")]),
        ("CT offers excellent spatial resolution.", [("CT", "CT")]),
        ("The CTA was normal", [("CTA", "CTA")]),
        ("DBT and X-ray", [("DBT", "DBT · breast"), ("X-ray", "Radiography")]),
        ("the radiograph shows", [("radiograph", "Radiography")]),
        ("noncontrast CT", [("noncontrast CT", "CT · without IV contrast")]),
        (
            "Ultrasound of the right lower quadrant is rated Usually appropriate",
            [("Ultrasound of the right lower quadrant", "US · right lower quadrant")],
        ),
        (
            "An abdominal radiograph (pediatric RRL ☢☢ 0.03-0.3 mSv) rarely helps.",
            [("abdominal radiograph", "Radiography · abdomen")],
        ),
        (
            "MRI abdomen without and with IV contrast with MRCP is rated",
            [
                (
                    "MRI abdomen without and with IV contrast with MRCP",
                    "MRI · abdomen · without and with IV contrast · mrcp",
                )
            ],
        ),
        (
            "Tc-99m bone scan whole body",
            [("Tc-99m bone scan whole body", "Bone scan · whole body")],
        ),
        ("CT angiography", [("CT angiography", "CTA")]),
        ("CT and angiography", [("CT", "CT"), ("angiography", "Arteriography")]),
        (
            "a CT-guided biopsy of the liver",
            [("CT-guided biopsy of the liver", "Image-guided biopsy · liver · ct-guided")],
        ),
        ("In contrast, MRI avoids radiation", [("MRI", "MRI")]),
        ("baseline CT scan of the abdomen", [("CT scan of the abdomen", "CT · abdomen")]),
        ("CT (chest)", [("CT", "CT")]),
        ("MR. Smith had MR imaging", [("MR imaging", "MRI")]),
        ("PET/CT and PET", [("PET/CT", "PET/CT"), ("PET", "PET/CT")]),
    ],
)
def test_find_mentions(text: str, expected: list[tuple[str, str]]) -> None:
    assert mentions(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "let us know",
        "Us and them",
        "Mr. Smith",
        "MR. SMITH",
        "the pet",
        "Pet owners",
        "a practical step",
        "the chest and abdomen",
        "right lower quadrant pain",
        "CONTACT US",
        "exact fact",
        "with or without IV contrast",
        "",
    ],
)
def test_no_mentions(text: str) -> None:
    assert find_mentions(text) == []


def test_mention_spans_index_the_text() -> None:
    text = "Then `CT chest` and  MRI\n head were done."
    found = find_mentions(text)
    assert [(text[s:e], p.name) for s, e, p in found] == [
        ("CT chest", "CT chest"),
        ("MRI\n head", "MRI head"),
    ]
    assert all(p.unknown == () for _, _, p in found)


def test_mentions_resolve_against_rated_studies() -> None:
    text = "CT is accurate, but MRI avoids radiation; the radiograph rarely helps."
    resolved = [resolve(p, RATED) for _, _, p in find_mentions(text)]
    assert [r.name if r else None for r in resolved] == [
        "CT abdomen and pelvis with IV contrast",
        "MRI abdomen and pelvis without IV contrast",
        "Radiography abdomen",
    ]


def test_a_phrase_is_capped() -> None:
    text = "CT " + "chest, " * 200 + "abdomen"
    found = find_mentions(text)
    assert len(found) == 1
    start, end, p = found[0]
    assert start == 0 and end < 250
    assert p.region == {"chest"}


# ---------------------------------------------------------------------------- linear time


def test_content_patterns_shape() -> None:
    names = [name for name, _, _ in procedure_parse.CONTENT_PATTERNS]
    assert names == ["procedure-mentions", "procedure-parse"]
    for _, apply, attacks in procedure_parse.CONTENT_PATTERNS:
        assert callable(apply)
        for attack in attacks:
            assert len(attack) == 3 and all(isinstance(part, str) for part in attack)
            assert attack[1]
            apply("".join(attack))


def _build(attack: tuple[str, str, str], size: int) -> str:
    head, repeated, tail = attack
    return head + repeated * max(1, (size - len(head) - len(tail)) // len(repeated)) + tail


def _best(apply: Callable[[str], Any], text: str) -> float:
    best = math.inf
    for _ in range(3):
        start = time.perf_counter()
        apply(text)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize(
    "attack",
    [
        ("", "CT and ", "x"),
        ("", "chest, ", "CT"),
        ("", " ", "CT"),
        ("CT", " with", " contrast"),
        ("", "/", "CT"),
        ("", "`", "CT"),
        ("", "MR. ", "x"),
    ],
)
@pytest.mark.parametrize("apply", [find_mentions, parse_procedure], ids=["mentions", "parse"])
def test_linear_time(apply: Callable[[str], Any], attack: tuple[str, str, str]) -> None:
    small, large = _best(apply, _build(attack, 10_000)), _best(apply, _build(attack, 100_000))
    assert large < 0.05 or (large < 2.0 and large < 30 * small), (small, large)
