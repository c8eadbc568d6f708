"""The parsed ACR article: every article the project holds parses into a document that
matches ``schemas/acr-article.schema.json`` (a mismatch is a parser bug, not a content
problem, so no rule reports it), and ``contentlint parse`` prints that document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from contentlint.formats import parse_document
from contentlint.formats.acr.model import Article, to_json
from contentlint.source import read_source

REPO = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((REPO / "schemas" / "acr-article.schema.json").read_text(encoding="utf-8"))
SEEDS = (REPO / ".." / "shared" / "seeds").resolve()
FOLDERS = [REPO / "fixtures" / "acr", REPO / "tests" / "data"]
ARTICLES = sorted(
    p
    for folder in FOLDERS
    for p in folder.rglob("*")
    if p.suffix in (".txt", ".md") and "guides" not in p.parts and p.name != "README.md"
)
ARTICLES += sorted(SEEDS.glob("*.txt")) if SEEDS.exists() else []


def parsed(path: Path) -> Article | None:
    doc = parse_document(read_source(path, path.name), {})
    return doc.body if isinstance(doc.body, Article) else None


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_every_parsed_article_matches_the_schema(path: Path) -> None:
    article = parsed(path)
    if article is None:
        pytest.skip("not an ACR article")
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in Draft202012Validator(SCHEMA).iter_errors(to_json(article))
    ]
    assert errors == []


def test_the_articles_are_found() -> None:
    articles = [p for p in ARTICLES if parsed(p) is not None]
    assert len(articles) >= 30  # fixtures, tests/data/acr and tests/data/acr_cases


def test_the_schema_is_valid() -> None:
    Draft202012Validator.check_schema(SCHEMA)


def test_to_json_follows_the_dataclasses() -> None:
    article = parsed(REPO / "fixtures" / "acr" / "clean" / "severe-acute-pancreatitis-adults.txt")
    assert article is not None
    out = to_json(article)
    assert list(out) == list(SCHEMA["properties"])  # declaration order is schema order
    assert out["procedures"] and all(p["ratings"] for p in out["procedures"])
    assert json.loads(json.dumps(out)) == out
