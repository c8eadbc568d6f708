"""What the ACR parser reads out of sentences: rating statements, their studies, radiation
levels, population, headings and guide references (contentlint.formats.acr.statements*
and acr.parse). Each behaviour has a case that reads and one that must not."""

from __future__ import annotations

import pytest

from contentlint.formats.acr.model import Article, Rating
from contentlint.formats.acr.parse import parse_article
from contentlint.formats.acr.statements_ratings import classify

HEAD = "Interventional Radiology Imaging\n\nHow Should You Image This Patient?\n\n"


def article(body: str, **options) -> Article:
    return parse_article(HEAD + body, **options)


def statements(body: str) -> list[Rating]:
    return article(body).ratings


def rated(body: str) -> list[tuple[list[str], str | None]]:
    """(the studies' texts, the category) of each statement that counts."""
    return [
        ([p.text for p in r.procedures], r.category) for r in statements(body) if not r.hypothetical
    ]


# ---------------------------------------------------------------------------- categories


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("Usually appropriate", ("usually appropriate", "exact")),
        ("Usually Appropriate", ("usually appropriate", "exact")),
        ("May be appropriate (Disagreement)", ("may be appropriate (disagreement)", "exact")),
        ("Usually Appropiate", ("usually appropriate", "misspelled")),
        ("May be appropiate", ("may be appropriate", "misspelled")),
        ("Usualy not appropriate", ("usually not appropriate", "misspelled")),
        ("May be appropriate (Disagrement)", ("may be appropriate (disagreement)", "misspelled")),
        ("Rarely appropriate", (None, "unknown")),
        ("highly appropriate", (None, "unknown")),
        ("Usually inappropriate", (None, "unknown")),
        ("usually appropriately", None),
        ("approximately", None),
        ("Usually approved", None),
    ],
)
def test_classify(term: str, expected) -> None:
    assert classify(term) == expected


# ---------------------------------------------------------------------------- subjects


def test_each_contrast_variant_is_read_as_its_own_study() -> None:
    found = rated(
        "CT chest without IV contrast is rated Usually appropriate. CT chest with IV contrast "
        "is rated May be appropriate. CT chest without and with IV contrast is rated Usually "
        "not appropriate.\n"
    )
    assert [texts for texts, _ in found] == [
        ["CT chest without IV contrast"],
        ["CT chest with IV contrast"],
        ["CT chest without and with IV contrast"],
    ]
    contrasts = [r.procedures[0].contrast for r in statements(
        "CT chest without IV contrast is rated Usually appropriate. CT chest with IV contrast "
        "is rated May be appropriate. CT chest without and with IV contrast is rated Usually "
        "not appropriate.\n"
    )]  # fmt: skip
    assert contrasts == ["without", "with", "without-and-with"]


def test_a_name_with_commas_is_not_cut() -> None:
    (r,) = statements(
        "CT chest, abdomen, and pelvis with IV contrast is rated Usually appropriate.\n"
    )
    (study,) = r.procedures
    assert study.text == "CT chest, abdomen, and pelvis with IV contrast"
    assert study.region == ["abdomen", "chest", "pelvis"]


def test_a_relative_clause_is_skipped() -> None:
    assert rated("MRI, which avoids radiation, is rated Usually appropriate.\n") == [
        (["MRI"], "usually appropriate")
    ]


def test_an_adverb_after_the_subject_is_not_part_of_it() -> None:
    assert rated("MRI is then rated Usually not appropriate.\n") == [
        (["MRI"], "usually not appropriate")
    ]


def test_a_compound_subject_rates_each_member() -> None:
    assert rated("CT and MRI are rated Usually not appropriate.\n") == [
        (["CT", "MRI"], "usually not appropriate")
    ]
    assert rated("Both US and MRI are rated May be appropriate.\n") == [
        (["US", "MRI"], "may be appropriate")
    ]


def test_a_study_taken_out_by_rather_than_is_not_rated() -> None:
    assert rated("CT rather than MRI is rated Usually appropriate.\n") == [
        (["CT"], "usually appropriate")
    ]


def test_rates_as_and_label_subjects() -> None:
    found = rated(
        "The ACR rates a Radiography chest as May be appropriate (Disagreement).\n\n"
        "  • MRI abdomen and pelvis with IV contrast: This is rated Usually not appropriate.\n"
    )
    assert found == [
        (["Radiography chest"], "may be appropriate (disagreement)"),
        (["MRI abdomen and pelvis with IV contrast"], "usually not appropriate"),
    ]


def test_two_statements_in_one_sentence() -> None:
    found = rated("CT is rated ‘Usually Appropriate’ while MRI is ‘Usually not appropriate’.\n")
    assert found == [(["CT"], "usually appropriate"), (["MRI"], "usually not appropriate")]


# ---------------------------------------------------------------------------- plain English


def test_plain_english_is_not_a_rating() -> None:
    assert statements("Here it is usually appropriate to reverse anticoagulation first.\n") == []
    assert statements("Ultrasound is a highly appropriate choice for a first look.\n") == []


def test_a_study_that_is_highly_appropriate_is_a_rating_with_no_category() -> None:
    (r,) = statements("MRI is highly appropriate for this scenario.\n")
    assert (r.category, r.spelling, r.procedures[0].text) == (None, "unknown", "MRI")


# ---------------------------------------------------------------------------- rows


def test_a_bullet_row_with_dashes() -> None:
    doc = article("  • CT head without IV contrast — Usually appropriate — ☢☢☢\n")
    (r,) = doc.ratings
    assert (r.context, r.category, r.procedures[0].text) == (
        "row",
        "usually appropriate",
        "CT head without IV contrast",
    )
    (level,) = doc.radiation
    assert level.count == 3 and level.procedure.text == "CT head without IV contrast"


def test_a_markdown_table() -> None:
    body = (
        "| Procedure | Rating | RRL |\n| --- | --- | --- |\n"
        "| US abdomen | Usually appropriate | O |\n"
        "| CT abdomen with IV contrast | May be appropriate | ☢☢☢ |\n"
    )
    doc = parse_article("# How Should You Image This Patient?\n\n" + body)
    assert [(r.procedures[0].text, r.category, r.role) for r in doc.ratings] == [
        ("US abdomen", "usually appropriate", "row"),
        ("CT abdomen with IV contrast", "may be appropriate", "row"),
    ]
    assert [(lv.symbols, lv.count, lv.procedure.text) for lv in doc.radiation] == [
        ("O", 0, "US abdomen"),
        ("☢☢☢", 3, "CT abdomen with IV contrast"),
    ]
    header = [r for r in doc.ratings if r.line == 3]
    assert header == []


def test_a_bullet_that_is_not_a_row() -> None:
    assert statements("  • Timing - within the first 24 hours after onset.\n") == []


# ---------------------------------------------------------------------------- hypotheticals


@pytest.mark.parametrize(
    "sentence",
    [
        "If CT were used, it would be rated Usually not appropriate.\n",
        "A radiograph is only ‘May be appropriate’ and not ‘Usually appropriate’.\n",
        "Neither CT nor MRI is rated Usually appropriate here.\n",
    ],
)
def test_contrasts_and_conditionals_are_hypothetical(sentence: str) -> None:
    found = statements(sentence)
    assert found and all(r.hypothetical or not r.procedures for r in found[-1:])


def test_a_statement_about_adults_in_a_pediatric_article_is_scoped() -> None:
    doc = article(
        "A 9-year-old boy fell.\n\nIn adults, CT head is rated Usually appropriate.\n\n"
        "CT head is rated Usually not appropriate.\n"
    )
    assert [r.scoped for r in doc.ratings] == [True, False]


# ---------------------------------------------------------------------------- levels


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("☢☢☢☢ (10-30 mSv)", 10, 30),
        ("☢☢☢☢ (10–30 mSv)", 10, 30),
        ("☢☢☢☢ (10 to 30 mSv)", 10, 30),
        ("☢ (<0.1 mSv)", None, 0.1),
        ("☢☢☢ (approximately 1-10 mSv)", 1, 10),
    ],
)
def test_dose_forms(text: str, low, high) -> None:
    (level,) = article(f"CT chest carries a relative radiation level of {text}.\n").radiation
    assert (level.dose_low, level.dose_high) == (low, high)
    assert level.procedure is not None and level.procedure.modality == "ct"


def test_o_levels_and_ped_marker() -> None:
    doc = article(
        "US abdomen has a relative radiation level of O (0 mSv). CT abdomen has ☢☢☢☢ [ped].\n"
    )
    assert [(lv.symbols, lv.count, lv.pediatric_marker, lv.population) for lv in doc.radiation] == [
        ("O", 0, False, None),
        ("☢☢☢☢", 4, True, "pediatric"),
    ]
    assert [lv.procedure.modality for lv in doc.radiation] == ["us", "ct"]


def test_a_capital_o_elsewhere_is_no_level() -> None:
    assert article("Type O blood and an O-ring are not levels.\n").radiation == []


# ---------------------------------------------------------------------------- population


@pytest.mark.parametrize(
    ("body", "options", "population", "source"),
    [
        ("A 9-year-old boy fell.\n", {}, "pediatric", "intro"),
        ("A seven-year-old girl fell.\n", {}, "pediatric", "intro"),
        ("A 42-year-old man fell.\n", {}, "adult", "intro"),
        ("A patient fell.\n", {"population": "pediatric"}, "pediatric", "frontmatter"),
        ("A patient fell.\n", {}, "adult", "default"),
    ],
)
def test_population(body: str, options, population: str, source: str) -> None:
    doc = article(body, **options)
    assert (doc.population, doc.population_source) == (population, source)


def test_population_from_the_title() -> None:
    doc = parse_article(
        "Interventional Radiology Imaging\n\nHow Should You Image a Child With a Limp?\n"
    )
    assert (doc.population, doc.population_source) == ("pediatric", "title")


# ---------------------------------------------------------------------------- structure


def test_a_labelled_question_is_a_paragraph_not_a_heading() -> None:
    doc = article(
        "Who Fits This Clinical Scenario?\n\nKey question: Is there a fracture?\n\n"
        "Why Is MRI the Recommended First Study?\n\nBecause.\n"
    )
    assert [s.kind for s in doc.sections] == ["scenario", "rationale"]
    assert doc.sections[0].paragraphs[0].text == "Key question: Is there a fracture?"


def test_a_sentence_naming_two_guides_gives_two_references() -> None:
    doc = article(
        "Related ACR Topics and Tools\n\nFor more, see our parent guide: Knee Pain: ACR "
        "Appropriateness Decoded, and our protocol guide: MRI Knee Without IV Contrast.\n"
    )
    assert [(r.kind, r.text) for r in doc.references] == [
        ("topic-guide", "Knee Pain: ACR Appropriateness Decoded"),
        ("protocol-guide", "MRI Knee Without IV Contrast"),
    ]


# ---------------------------------------------------------------------------- more phrasings


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("US abdomen (Usually appropriate) is the first study.\n", ["US abdomen"]),
        (
            "The panel considers CT chest with IV contrast usually appropriate.\n",
            ["CT chest with IV contrast"],
        ),
        (
            "The panel rated CT chest with IV contrast Usually appropriate.\n",
            ["CT chest with IV contrast"],
        ),
        (
            "CT chest with IV contrast received a rating of Usually appropriate.\n",
            ["CT chest with IV contrast"],
        ),
        (
            "CT chest with IV contrast received a Usually appropriate rating.\n",
            ["CT chest with IV contrast"],
        ),
        ("Usually appropriate: CT chest with IV contrast.\n", ["CT chest with IV contrast"]),
        ("US abdomen: Usually appropriate.\n", ["US abdomen"]),
        (
            "The following are rated Usually not appropriate: CT head, MRI head and US head.\n",
            ["CT head", "MRI head", "US head"],
        ),
    ],
)
def test_other_ways_of_writing_a_rating(sentence: str, expected: list[str]) -> None:
    found = [r for r in statements(sentence) if r.procedures]
    assert [p.text for r in found for p in r.procedures] == expected


def test_no_rating_without_rating_words() -> None:
    assert statements("The panel considers CT chest with IV contrast a reasonable option.\n") == []
    assert statements("US abdomen (first line) is the first study.\n") == []


def test_each_rating_of_a_sentence_goes_to_its_own_study() -> None:
    found = rated(
        "CT head without IV contrast is rated Usually appropriate and is preferred over MRI "
        "head without IV contrast, which is rated May be appropriate.\n"
    )
    assert found == [
        (["CT head without IV contrast"], "usually appropriate"),
        (["MRI head without IV contrast"], "may be appropriate"),
    ]


def test_respectively() -> None:
    found = rated(
        "CT chest with IV contrast and MRI chest without IV contrast are rated Usually "
        "appropriate and May be appropriate, respectively.\n"
    )
    assert found == [
        (["CT chest with IV contrast"], "usually appropriate"),
        (["MRI chest without IV contrast"], "may be appropriate"),
    ]
    both = rated("CT chest and MRI chest are rated Usually appropriate.\n")
    assert both == [(["CT chest", "MRI chest"], "usually appropriate")]


@pytest.mark.parametrize(
    ("sentence", "modality"),
    [
        (
            "MRI head without IV contrast, which avoids the ☢☢☢ dose of CT, is rated May be "
            "appropriate.\n",
            "ct",
        ),
        (
            "Ultrasound spares the patient the ☢☢☢ (1-10 mSv) exposure of CT abdomen and pelvis.\n",
            "ct",
        ),
        ("CT head without IV contrast (☢☢☢) is rated Usually appropriate.\n", "ct"),
        ("  • US abdomen: Usually appropriate. It is cheaper than CT at ☢☢☢ (1-10 mSv).\n", None),
        ("  • CT abdomen with IV contrast: May be appropriate. It carries ☢☢☢ (1-10 mSv).\n", "ct"),
    ],
)
def test_a_level_belongs_to_the_study_it_is_said_of(sentence: str, modality: str | None) -> None:
    (level,) = article(sentence).radiation
    assert (level.procedure.modality if level.procedure else None) == modality


def test_a_bare_o_after_a_rating() -> None:
    doc = article("  • Radiography chest: May be appropriate, O, to look for other causes.\n")
    assert [(lv.symbols, lv.procedure.modality) for lv in doc.radiation] == [("O", "radiography")]
    assert article("Blood group O, or any other, is not a level.\n").radiation == []


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("☢☢☢☢, 10-30 mSv", 10, 30),
        ("☢☢☢ (between 1 and 10 mSv)", 1, 10),
        ("☢☢☢☢ (10–30 millisieverts)", 10, 30),
        ("☢ (less than 0.1 mSv)", None, 0.1),
        ("☢☢☢, that is 1 to 10 mSv", 1, 10),
        ("☢☢☢ (1 mSv to 10 mSv)", 1, 10),
    ],
)
def test_more_dose_forms(text: str, low, high) -> None:
    (level,) = article(f"CT chest carries {text}.\n").radiation
    assert (level.dose_low, level.dose_high) == (low, high)


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Who Is This Guidance For?", "scenario"),
        ("Key Clinical Questions", "assessment"),
        ("What Questions Should Imaging Answer?", "assessment"),
        ("Why Does the ACR Recommend Neck Ultrasound First?", "rationale"),
        ("Which Studies Are Rated Lower, and Why?", "lower-rated"),
        ("Alternative Imaging Options", "lower-rated"),
        ("Next Steps After the Ultrasound", "downstream"),
        ("Common Mistakes in Thyroid Imaging", "pitfalls"),
        ("Related Resources", "related"),
        ("Frequently asked questions", "faq"),
    ],
)
def test_heading_variants(heading: str, kind: str) -> None:
    doc = article(f"{heading}\n\nSome text here.\n")
    assert [s.kind for s in doc.sections] == [kind]


def test_a_loose_question_fused_onto_a_paragraph_is_no_heading() -> None:
    doc = article("Who Fits This Clinical Scenario?\n\nThe scan is quick. Why not wait?\n")
    assert doc.run_in_headings == []


def test_different_tracers_are_different_procedures() -> None:
    doc = article(
        "FDG-PET/CT brain is rated Usually appropriate. Tau PET/CT brain is rated May be "
        "appropriate. Amyloid PET/CT brain is rated May be appropriate.\n"
    )
    assert [(p.qualifiers, p.ratings) for p in doc.procedures] == [
        ([], ["usually appropriate"]),
        (["tau"], ["may be appropriate"]),
        (["amyloid"], ["may be appropriate"]),
    ]
