"""Content types a site defines in its configuration: its own schema, the fields that play
each role, and every generic rule working on them (schema, identity, related, duplicates,
subject vocabulary), with line and column."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
from conftest import Corpus, codes, only, position, where

GLOSSARY_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Glossary entry (_schema: glossary)",
    "type": "object",
    "required": ["_schema", "id", "term", "definition", "area", "url"],
    "properties": {
        "_schema": {"const": "glossary"},
        "id": {"type": "integer", "minimum": 1},
        "term": {
            "type": "string",
            "minLength": 1,
            "maxLength": 40,
            "x-hint": "the term as the reader looks it up, at most 40 characters",
        },
        "definition": {"type": "string", "minLength": 1},
        "area": {"type": "string", "minLength": 1},
        "url": {"type": "string", "pattern": "^/learn/[a-z0-9-]+/glossary/[a-z0-9-]+$"},
        "file_name": {"type": "string"},
        "synonyms": {"type": "array", "items": {"type": "string"}, "minItems": 1},
    },
    "additionalProperties": False,
}

GLOSSARY_CONFIG = """
[content-types.glossary]
schema = "schemas/glossary.schema.json"   # relative to this file
id = "id"
url = "url"
title = "term"
subject = "area"
file-name = "file_name"
"""


def glossary_page(
    corpus: Corpus,
    slug: str,
    *,
    id: int,
    term: str,
    area: str = "Medicine",
    extra: str = "",
    url: str | None = None,
) -> Path:
    url = url or f"/learn/{area.casefold().replace(' ', '-')}/glossary/{slug}"
    text = textwrap.dedent(
        f"""\
        ---
        _schema: glossary
        id: {id}
        term: {term}
        definition: >-
            What {term.lower()} means, in one sentence.
        area: {area}
        url: {url}
        file_name: {slug}.md
        """
    )
    return corpus.raw(f"glossary/{slug}.md", text + extra + "---\n")


@pytest.fixture
def site(corpus: Corpus) -> Corpus:
    """A site with a glossary type and Q&A pages that link glossary entries."""
    corpus.raw("schemas/glossary.schema.json", json.dumps(GLOSSARY_SCHEMA, indent=2))
    corpus.config(GLOSSARY_CONFIG)
    glossary_page(corpus, "anemia", id=900, term="Anemia")
    glossary_page(corpus, "ferritin", id=901, term="Ferritin")
    corpus.page(
        "what-is-anemia.md",
        id=100,
        related_article1={
            "id": 900,
            "title": "Anemia",
            "subject": "Medicine",
            "url": "/learn/medicine/glossary/anemia",
        },
    )
    return corpus


def test_a_clean_site_with_its_own_type_passes(site, lint) -> None:
    result = lint()
    assert result.findings == []
    assert result.code == 0


def test_the_type_is_listed_with_where_it_comes_from(site, cli) -> None:
    result = cli("types", "--output-format", "json")
    assert result.code == 0
    rows = {row["name"]: row for row in result.output}
    assert set(rows) == {"default", "acr_article", "acr_guide", "glossary"}
    glossary = rows["glossary"]
    assert glossary["defined"].endswith("contentlint.toml")
    assert glossary["schema"] == ["schemas/glossary.schema.json"]
    assert glossary["roles"] == {
        "id": "id",
        "url": "url",
        "title": "term",
        "subject": "area",
        "file-name": "file_name",
    }
    assert rows["default"]["defined"] == "built in"
    text = cli("types").out
    assert "glossary  (frontmatter; defined in" in text and "  title: term" in text


def test_the_site_schema_checks_the_pages_with_line_and_column(site, lint) -> None:
    long_term = "A" * 45
    path = glossary_page(site, "long", id=902, term=long_term, extra="defintion_note: x\n")
    text = path.read_text(encoding="utf-8")
    text = text.replace("definition: >-\n    What", "defnition: >-\n    What")
    path.write_text(text, encoding="utf-8")
    result = lint()
    name = "glossary/long.md"
    (too_long,) = [f for f in only(result.findings, "FM006") if f["path"] == name]
    assert where(too_long) == position(text, long_term)
    assert "'term' must be at most 40 characters long (it has 45)" in too_long["message"]
    assert "(expected the term as the reader looks it up" in too_long["message"]
    (missing,) = [f for f in only(result.findings, "FM005") if f["path"] == name]
    assert "missing required field 'definition'" in missing["message"]
    unknown = {f["message"].split("'")[1]: f for f in only(result.findings, "FM007")}
    assert set(unknown) == {"defnition", "defintion_note"}
    assert where(unknown["defnition"]) == position(text, "defnition:")
    assert "did you mean 'definition'?" in unknown["defnition"]["message"]


def test_related_blocks_resolve_to_glossary_entries_and_go_stale(site, lint, cli) -> None:
    glossary = site.root / "glossary/anemia.md"
    glossary.write_text(
        glossary.read_text(encoding="utf-8").replace("term: Anemia", "term: Anaemia"),
        encoding="utf-8",
    )
    result = lint()
    (stale,) = only(result.findings, "RL002")
    page = site.pages["what-is-anemia.md"]
    assert stale["path"] == page.name
    assert where(stale) == page.value_pos("    title: ")
    assert "has 'Anaemia'" in stale["message"]
    assert cli("fix").code == 0
    assert "    title: >-\n        Anaemia\n" in page.text
    assert lint().findings == []


def test_an_unresolved_link_to_a_deleted_entry(site, lint) -> None:
    (site.root / "glossary/anemia.md").unlink()
    (finding,) = lint().findings
    assert finding["code"] == "RL001"
    assert "id 900" in finding["message"]


def test_identity_rules_see_the_types_own_fields(site, lint) -> None:
    glossary_page(site, "iron", id=900, term="Iron", url="/learn/medicine/glossary/anemia")
    result = lint()
    duplicate_ids = only(result.findings, "ID005")
    duplicate_urls = only(result.findings, "ID006")
    assert {f["path"] for f in duplicate_ids} == {"glossary/iron.md", "glossary/anemia.md"}
    assert {f["path"] for f in duplicate_urls} == {"glossary/iron.md", "glossary/anemia.md"}
    # the url's last segment is not the file's name: the type's file-name role says so
    (mismatch,) = only(result.findings, "ID001")
    assert mismatch["path"] == "glossary/iron.md"
    assert "does not match the url's last segment 'anemia'" in mismatch["message"]


def test_the_subject_segment_and_the_vocabulary_use_the_subject_role(site, lint, cli) -> None:
    path = glossary_page(
        site,
        "hemoglobin",
        id=903,
        term="Hemoglobin",
        area="medicine",
        url="/learn/biology/glossary/hemoglobin",
    )
    result = lint()
    name = "glossary/hemoglobin.md"
    text = path.read_text(encoding="utf-8")
    (segment,) = only(result.findings, "ID002")
    assert segment["path"] == name and where(segment) == position(text, "/learn/biology")
    (variant,) = only(result.findings, "ID003")
    assert variant["path"] == name and where(variant) == position(text, "medicine")
    assert "variant of 'Medicine'" in variant["message"]
    cli("fix", "--select", "ID003")
    assert "area: Medicine\n" in path.read_text(encoding="utf-8")


def test_rules_whose_roles_a_type_lacks_do_not_run(corpus, lint) -> None:
    corpus.raw("schemas/glossary.schema.json", json.dumps(GLOSSARY_SCHEMA))
    corpus.config('[content-types.glossary]\nschema = "schemas/glossary.schema.json"\nid = "id"\n')
    glossary_page(
        corpus, "anemia", id=900, term="Anemia", area="Medicine ", url="/learn/x/glossary/other"
    )
    # no url, subject or file-name roles: no url-file-name, url-subject or vocabulary check
    assert codes(lint().findings) == []


def test_unknown_schema_names_the_sites_types(site, lint) -> None:
    site.raw("glossary/typo.md", "---\n_schema: glosary\nid: 5\n---\n")
    (finding,) = only(lint().findings, "FM004")
    assert "expected one of acr_article, acr_guide, default, glossary" in finding["message"]
    assert "did you mean 'glossary'?" in finding["message"]


# -- extending a shipped type -----------------------------------------------------------


REVIEWED_BY = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "properties": {
        "reviewed_by": {"type": "string", "maxLength": 20, "x-hint": "a name, at most 20"},
        "title": {"maxLength": 80},
    },
}


@pytest.fixture
def extended(corpus: Corpus) -> Corpus:
    corpus.raw("schemas/qa-extra.schema.json", json.dumps(REVIEWED_BY))
    corpus.config(
        '[content-types.default]\nextends = "default"\nschema = "schemas/qa-extra.schema.json"\n'
    )
    return corpus


def test_a_field_added_to_default_through_config_is_enforced(extended, lint) -> None:
    ok = extended.page("what-is-anemia.md", reviewed_by="Dr. Jane Roe")
    too_long = extended.page("what-is-ferritin.md", reviewed_by="Dr. Jane Roe-Richardson, MD")
    result = lint()
    (finding,) = result.findings
    assert finding["code"] == "FM006" and finding["path"] == too_long.name
    assert where(finding) == too_long.value_pos("reviewed_by: ")
    assert "'reviewed_by' must be at most 20 characters long (it has 27)" in finding["message"]
    assert ok.name not in {f["path"] for f in result.findings}


def test_an_extension_keeps_the_base_schema_and_adds_its_limits(extended, lint) -> None:
    extended.page("what-is-anemia.md", id=Raw_('"12"'), title="W" * 90 + "?")
    result = lint()
    messages = [f["message"] for f in only(result.findings, "FM006")]
    assert any("'id' must be a whole number" in m for m in messages)  # the base's rule
    assert any("'title' must be at most 80 characters" in m for m in messages)  # the extension's
    assert only(result.findings, "FM007") == []


def Raw_(text: str) -> Any:
    from conftest import Raw

    return Raw(text)


def test_without_the_extension_the_field_is_unknown(corpus, lint) -> None:
    corpus.page(reviewed_by="Dr. Jane Roe")
    (finding,) = lint().findings
    assert finding["code"] == "FM007" and "'reviewed_by'" in finding["message"]


def test_a_new_type_extends_default_and_keeps_its_roles(corpus, lint, cli) -> None:
    corpus.raw("schemas/qa-extra.schema.json", json.dumps(REVIEWED_BY))
    corpus.config(
        '[content-types.reviewed]\nextends = "default"\nschema = "schemas/qa-extra.schema.json"\n'
    )
    page = corpus.page(_schema="reviewed", reviewed_by="Dr. Jane Roe", seo={"title": "x"})
    other = corpus.page("what-is-ferritin.md", _schema="reviewed", reviewed_by="R" * 30)
    result = lint()
    # the roles are the base's: the SEO title template applies; _schema is the new name
    (seo,) = only(result.findings, "ID004")
    assert seo["path"] == page.name and where(seo) == page.value_pos("  title: ")
    (limit,) = only(result.findings, "FM006")
    assert limit["path"] == other.name and "'reviewed_by'" in limit["message"]
    assert len(result.findings) == 2
    row = {r["name"]: r for r in cli("types", "--output-format", "json").output}["reviewed"]
    assert row["extends"] == "default" and row["roles"]["seo-title"] == "seo.title"


# -- a schema from a stranger's pull request ----------------------------------------------


def _config_error(cli, corpus: Corpus, schema: Any, config: str = GLOSSARY_CONFIG) -> str:
    corpus.raw(
        "schemas/glossary.schema.json", schema if isinstance(schema, str) else json.dumps(schema)
    )
    corpus.config(config)
    corpus.page()
    result = cli("check")
    assert result.code == 2, result.err
    return result.err


def test_a_broken_schema_is_exit_2_with_its_path_and_pointer(corpus, cli) -> None:
    err = _config_error(cli, corpus, {"type": "object", "properties": {"term": {"type": "strin"}}})
    assert "schemas/glossary.schema.json" in err
    assert "(at /properties/term/type)" in err
    assert "Traceback" not in err


def test_a_schema_that_is_not_json(corpus, cli) -> None:
    err = _config_error(cli, corpus, "{ not json")
    assert "glossary.schema.json: not valid JSON" in err


def test_another_draft_is_refused(corpus, cli) -> None:
    err = _config_error(cli, corpus, {"$schema": "http://json-schema.org/draft-07/schema#"})
    assert "(at /$schema)" in err and "2020-12" in err


def test_a_network_ref_is_never_fetched(corpus, cli) -> None:
    err = _config_error(cli, corpus, {"$ref": "https://example.com/schemas/glossary.json"})
    assert "does not fetch schemas over the network" in err


def test_a_ref_outside_the_schemas_folder_is_refused(corpus, cli) -> None:
    corpus.raw("secret.json", "{}")
    err = _config_error(cli, corpus, {"$ref": "../secret.json"})
    assert "is not a .json file beside the configured schemas" in err


def test_a_ref_to_a_file_beside_it_resolves(corpus, lint) -> None:
    corpus.raw(
        "schemas/common.json",
        json.dumps({"$defs": {"short": {"type": "string", "maxLength": 5}}}),
    )
    schema = dict(GLOSSARY_SCHEMA)
    schema["properties"] = {**schema["properties"], "term": {"$ref": "common.json#/$defs/short"}}
    corpus.raw("schemas/glossary.schema.json", json.dumps(schema))
    corpus.config(GLOSSARY_CONFIG)
    path = glossary_page(corpus, "hemoglobin", id=1, term="Hemoglobin")
    (finding,) = lint().findings
    assert finding["code"] == "FM006"
    assert where(finding) == position(path.read_text(encoding="utf-8"), "Hemoglobin")
    assert "at most 5 characters" in finding["message"]


def test_a_schema_outside_the_repository_is_refused(corpus, cli, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "glossary.schema.json"
    outside.write_text("{}", encoding="utf-8")
    corpus.config(f'[content-types.glossary]\nschema = "{outside}"\n')
    result = cli("check")
    assert result.code == 2
    assert "must be inside the config file's folder" in result.err


def test_a_look_around_pattern_is_refused_when_the_schema_loads(corpus, cli) -> None:
    schema = {"properties": {"term": {"type": "string", "pattern": "^(?!x)"}}}
    err = _config_error(cli, corpus, schema)
    assert "glossary.schema.json" in err and "regex" in err


def test_a_catastrophic_pattern_runs_in_linear_time(corpus, lint) -> None:
    """``(a+)+$`` takes exponential time in a backtracking engine on a's and one other
    character: this run would not finish. The schema's patterns run in a linear one."""
    schema = dict(GLOSSARY_SCHEMA)
    schema["properties"] = {**schema["properties"], "definition": {"pattern": "^(a+)+$"}}
    corpus.raw("schemas/glossary.schema.json", json.dumps(schema))
    corpus.config(GLOSSARY_CONFIG)
    path = glossary_page(corpus, "anemia", id=1, term="Anemia")
    text = path.read_text(encoding="utf-8").replace(
        "definition: >-\n    What anemia means, in one sentence.", "definition: " + "a" * 5000 + "!"
    )
    path.write_text(text, encoding="utf-8")
    (finding,) = lint().findings
    assert finding["code"] == "FM006" and "'definition'" in finding["message"]


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ('[content-types.glossary]\nid = "id"\n', "'content-types.glossary.schema' is required"),
        ("[content-types.glossary]\nschema = 3\n", "content-types.glossary.schema"),
        ('[content-types.glossary]\nschema = "s.json"\ncolour = "x"\n', "colour"),
        ('[content-types.glossary]\nextends = "nothing"\n', "names no content type"),
        ('[content-types.default]\nrelated = "related"\n', "with {n} once"),
        ('[content-types.default]\ntitle-group = "title"\n', "must be a list of field names"),
        ('[content-types.default]\nrelated-fields = { colour = "x" }\n', "related-block role"),
        ('[content-types.a]\nextends = "b"\n[content-types.b]\nextends = "a"\n', "extends itself"),
        ('content-types = "x"\n', "must be a table of content types"),
    ],
)
def test_config_mistakes_are_exit_2(corpus, cli, table: str, expected: str) -> None:
    corpus.config(table)
    corpus.page()
    result = cli("check")
    assert result.code == 2
    assert expected in result.err, result.err


def test_a_changed_site_schema_invalidates_the_cache(site, lint) -> None:
    assert lint().findings == []
    strict = dict(GLOSSARY_SCHEMA)
    strict["properties"] = {**strict["properties"], "term": {"type": "string", "maxLength": 3}}
    (site.root / "schemas/glossary.schema.json").write_text(json.dumps(strict), encoding="utf-8")
    assert {f["path"] for f in lint().findings} == {"glossary/anemia.md", "glossary/ferritin.md"}


def test_a_renamed_related_key_and_fields(corpus, lint) -> None:
    """A type's related blocks may be called otherwise, with other field names."""
    schema = {
        "type": "object",
        "properties": {
            "_schema": {"const": "note"},
            "id": {"type": "integer"},
            "name": {"type": "string"},
        },
        "patternProperties": {"^see_[0-9]+$": {"type": "object"}},
        "additionalProperties": False,
    }
    corpus.raw("schemas/note.schema.json", json.dumps(schema))
    corpus.config(
        '[content-types.note]\nschema = "schemas/note.schema.json"\nid = "id"\ntitle = "name"\n'
        'related = "see_{n}"\nrelated-fields = { id = "ref", title = "label" }\n'
    )
    target = corpus.page("what-is-anemia.md", id=100)
    note = corpus.raw(
        "note.md",
        "---\n_schema: note\nid: 7\nname: A note\nsee_1:\n    ref: 100\n    label: Old title\n"
        "see_3:\n    ref: 999\n---\n",
    )
    result = lint()
    found = {f["code"]: f for f in result.findings if f["path"] == "note.md"}
    text = note.read_text(encoding="utf-8")
    assert set(found) == {"RL001", "RL002", "RL005"}
    assert where(found["RL002"]) == position(text, "Old title")
    assert target.fields["title"] in found["RL002"]["message"]
    assert where(found["RL001"]) == position(text, "999")
    assert "see_3 should be see_2" in found["RL005"]["message"]


# -- the README's worked example, as written there -------------------------------------------


def _readme_blocks() -> dict[str, list[str]]:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Content types", 1)[1].split("\n## ", 1)[0]
    blocks: dict[str, list[str]] = {}
    for match in re.finditer(r"```(\w+)\n(.*?)```", section, re.S):
        blocks.setdefault(match.group(1), []).append(match.group(2))
    return blocks


def test_the_readme_worked_example_runs_as_written(corpus, lint) -> None:
    blocks = _readme_blocks()
    corpus.raw("pyproject.toml", blocks["toml"][0])
    corpus.raw("schemas/glossary.schema.json", blocks["json"][0])
    entry = corpus.raw("glossary/ferritin.md", blocks["markdown"][0])
    corpus.page(
        "what-is-ferritin.md",
        related_article1={
            "id": 9001,
            "title": "Ferritin",
            "subject": "Medicine",
            "url": "/learn/medicine/glossary/ferritin",
        },
    )
    assert lint().findings == []
    text = entry.read_text(encoding="utf-8")
    entry.write_text(
        text.replace("term: Ferritin", "term: " + "F" * 70).replace("definition:", "defintion:"),
        encoding="utf-8",
    )
    result = lint()
    messages = {f["code"]: f["message"] for f in result.findings}
    assert messages["FM006"] == (
        "'term' must be at most 60 characters long (it has 70) "
        "(expected the term, at most 60 characters)"
    )
    assert "unknown field 'defintion'" in messages["FM007"]
    assert "(did you mean 'definition'?)" in messages["FM007"]
    assert "RL002" in messages  # the Q&A page's copy of the term is stale now


def test_the_readme_extension_example_runs_as_written(corpus, lint) -> None:
    blocks = _readme_blocks()
    corpus.raw("pyproject.toml", blocks["toml"][1])
    corpus.raw("schemas/qa-extra.schema.json", blocks["json"][1])
    corpus.page("what-is-anemia.md", reviewed_by="Dr. Roe")
    long = corpus.page("what-is-ferritin.md", reviewed_by="R" * 41)
    (finding,) = lint().findings
    assert finding["path"] == long.name and "'reviewed_by' must be at most 40" in finding["message"]
