"""Content types: what a ``_schema`` value means.

A :class:`ContentType` names the JSON Schema a page of that type must match, the format that
parses it (``frontmatter``: the page is its frontmatter; ``acr_article``: an ACR article's
text), and which fields play which role for the cross-file rules: identity (id, url, title,
subject), the file-name field, aliases, the related-article blocks, the title group and the
SEO title. A rule that needs a role a type does not define does not run on that type.

The shipped types (``default``, ``acr_article``, ``acr_guide``) are defined in
:data:`BUILTIN`, the same way a site defines its own in
``[tool.contentlint.content-types.NAME]`` (:func:`parse`): a table may override a shipped
type, extend one (``extends``), or define a new one.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from contentlint.validate import Schema, SchemaError, file_uri, problem, read_document

FORMATS = ("frontmatter", "acr_article")  # how a type's files are parsed
BUILT_IN = "built in"
MAX_NAME = 100  # characters in a type's or a field's name


@dataclass(frozen=True, slots=True)
class Related:
    """Related-article blocks: keys made from ``key`` (``{n}`` is the block's number) whose
    values are mappings with the target's id, title, subject and url under these names."""

    key: str = "related_article{n}"
    id: str = "id"
    title: str = "title"
    subject: str = "subject"
    url: str = "url"

    @property
    def pattern(self) -> re.Pattern[str]:
        return _key_pattern(self.key)

    @property
    def prefix(self) -> str:
        """What every block's key starts with (the template's text before ``{n}``)."""
        return self.key.partition("{n}")[0]

    def number(self, key: Any) -> int | None:
        """The block number of ``key``, None when it is not a block's key."""
        match = self.pattern.match(key) if isinstance(key, str) else None
        return int(match.group(1)) if match else None

    def fields(self) -> dict[str, str]:
        """Role -> the block's field name."""
        return {"id": self.id, "title": self.title, "subject": self.subject, "url": self.url}


@cache
def _key_pattern(template: str) -> re.Pattern[str]:
    """The keys of a ``related`` template: its text, literally, around a number."""
    before, _, after = template.partition("{n}")
    return re.compile(re.escape(before) + "([0-9]{1,18})" + re.escape(after) + r"\Z")


#: The patterns this module applies to page text, with inputs that would make a backtracking
#: version slow (see ``contentlint.formats.acr.patterns.CONTENT_PATTERNS``).
CONTENT_PATTERNS = (
    ("related-key", Related().number, (("related_article", "1", "x"),)),
    ("related-key-suffix", Related("see{n}_also").number, (("see", "1", "_als"),)),
)


@dataclass(frozen=True, eq=False)
class ContentType:
    name: str  # the ``_schema`` value
    format: str  # one of FORMATS
    source: Schema | str  # the schema, or the name of a shipped one (read when first used)
    origin: str  # BUILT_IN, or the config file that defines it
    schema_files: tuple[str, ...]  # the schema files it is made of (shown by ``types``)
    extends: str | None = None
    id: str | None = None
    url: str | None = None
    title: str | None = None
    subject: str | None = None
    file_name: str | None = None
    aliases: str | None = None
    related: Related | None = None
    title_group: tuple[str, ...] = ()  # fields that state the same text
    seo_title: tuple[str, ...] = ()  # the path of the field that follows the SEO template

    @property
    def schema(self) -> Schema:
        source = self.source
        return builtin_schema(source) if isinstance(source, str) else source

    def has(self, role: str) -> bool:
        """Whether the type defines ``role`` (a field name of :data:`ROLES`)."""
        return bool(getattr(self, role))

    def identity(self) -> dict[str, str]:
        """Identity role -> field name, for the roles the type defines."""
        names = {"id": self.id, "url": self.url, "title": self.title, "subject": self.subject}
        return {role: name for role, name in names.items() if name}


#: Every role, as the config spells it -> the attribute of ContentType.
ROLES = {
    "id": "id",
    "url": "url",
    "title": "title",
    "subject": "subject",
    "file-name": "file_name",
    "aliases": "aliases",
    "related": "related",
    "title-group": "title_group",
    "seo-title": "seo_title",
}
KEYS = {"schema", "extends", "related-fields", *ROLES}


@cache
def schema_dir() -> Path:
    """``contentlint/schemas`` in an installed wheel, else the checkout's ``schemas/``."""
    packaged = resources.files("contentlint") / "schemas"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / "schemas"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("contentlint's schemas are missing from this installation")


@cache
def builtin_schema(file_name: str) -> Schema:
    """A shipped schema, compiled once per process (a test checks them all)."""
    path = schema_dir() / file_name
    document = read_document(path)
    return Schema(document, file_uri(path), f"contentlint's {file_name}", (schema_dir(),))


def _builtin() -> dict[str, ContentType]:
    made = {}
    for name, fmt, file, roles in (
        (
            "default",
            "frontmatter",
            "qa.schema.json",
            dict(
                id="id",
                url="url",
                title="title",
                subject="subject",
                file_name="file_name",
                related=Related(),
                title_group=("title", "article_title", "question"),
                seo_title=("seo", "title"),
            ),
        ),
        (
            "acr_article",
            "acr_article",
            "acr-article-frontmatter.schema.json",
            dict(id="id", url="url", title="title", file_name="file_name"),
        ),
        (
            "acr_guide",
            "frontmatter",
            "acr-guide.schema.json",
            dict(id="id", url="url", title="title", file_name="file_name", aliases="aliases"),
        ),
    ):
        made[name] = ContentType(name, fmt, file, BUILT_IN, (file,), **roles)  # type: ignore[arg-type]
    return made


BUILTIN: Mapping[str, ContentType] = _builtin()


@dataclass(frozen=True)
class ContentTypes(Mapping[str, ContentType]):
    """The types in force: the shipped ones, as the configuration overrides and extends
    them, and the site's own."""

    types: Mapping[str, ContentType] = field(default_factory=lambda: dict(BUILTIN))

    def __getitem__(self, name: str) -> ContentType:
        return self.types[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.types)

    def __len__(self) -> int:
        return len(self.types)

    def fingerprint(self) -> str:
        """A digest of the types and every schema file they are made of, for the cache."""
        digest = hashlib.sha256()
        for name in sorted(self.types):
            kind = self.types[name]
            roles = [getattr(kind, attr) for attr in ROLES.values()]
            digest.update(repr((name, kind.format, kind.extends, roles)).encode())
            if isinstance(kind.source, str):  # a shipped schema: its file
                digest.update((schema_dir() / kind.source).read_bytes())
            else:  # a site's: every document it reaches (all read when it was loaded)
                documents = kind.source.documents
                digest.update(json.dumps(documents, sort_keys=True, default=repr).encode())
        return digest.hexdigest()


DEFAULT_TYPES = ContentTypes()


# -- configuration ------------------------------------------------------------------------


def parse(
    tables: Any, origin: str, fail: Callable[[str, str], Exception], inside: Callable[..., Path]
) -> ContentTypes:
    """The types a ``content-types`` table defines, over the shipped ones. ``fail(key,
    message)`` makes the error to raise; ``inside(value, key)`` resolves a path that must
    stay inside the config file's folder or its repository."""
    if not isinstance(tables, dict):
        raise fail("content-types", "must be a table of content types")
    types = dict(BUILTIN)
    pending = dict(tables)
    while pending:  # a type may extend one defined later in the file
        progressed = False
        for name, table in list(pending.items()):
            key = f"content-types.{name}"
            if not isinstance(table, dict):
                raise fail(key, "must be a table (schema = ..., and the fields' roles)")
            base_name = table.get("extends")
            if isinstance(base_name, str) and base_name in pending and base_name != name:
                continue
            types[name] = _one(name, table, types, origin, key, fail, inside)
            del pending[name]
            progressed = True
        if not progressed:
            raise fail(f"content-types.{sorted(pending)[0]}", "extends itself through others")
    return ContentTypes(types)


def _one(
    name: str,
    table: dict[str, Any],
    known: dict[str, ContentType],
    origin: str,
    key: str,
    fail: Callable[[str, str], Exception],
    inside: Callable[..., Path],
) -> ContentType:
    if not name.strip() or len(name) > MAX_NAME:
        raise fail(key, f"a type's name is the _schema value: 1 to {MAX_NAME} characters")
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise fail(
            f"{key}.{unknown[0]}", f"is not a content-type key (known: {', '.join(sorted(KEYS))})"
        )
    extends = table.get("extends")
    if extends is not None and (not isinstance(extends, str) or extends not in known):
        raise fail(f"{key}.extends", f"names no content type (known: {', '.join(sorted(known))})")
    start = known.get(extends) if extends else known.get(name) if name in BUILTIN else None
    roles: dict[str, Any] = {}
    if start is not None:
        roles = {attr: getattr(start, attr) for attr in ROLES.values()}
    for config_key, attr in ROLES.items():
        if config_key in table:
            roles[attr] = _role(table[config_key], config_key, f"{key}.{config_key}", fail)
    if "related-fields" in table:
        roles["related"] = _related_fields(table["related-fields"], roles.get("related"), key, fail)
    schema_value = table.get("schema")
    if schema_value is None and start is None:
        raise fail(f"{key}.schema", "is required: the path of the type's JSON Schema file")
    source: Schema | str
    if schema_value is None:
        assert start is not None
        source, files = start.source, start.schema_files
    else:
        path = inside(schema_value, f"{key}.schema")
        source = _site_schema(path, f"{key}.schema", fail)
        files = (str(path),)
        if extends:
            assert start is not None
            try:
                source = extend(start.schema, source, name)
            except SchemaError as exc:
                raise fail(f"{key}.schema", f"is not a usable schema: {exc}") from None
            files = (*start.schema_files, str(path))
    fmt = start.format if start is not None else "frontmatter"
    return ContentType(name, fmt, source, origin, files, extends, **roles)


def _role(value: Any, config_key: str, key: str, fail: Callable[[str, str], Exception]) -> Any:
    """A role's setting: a field name ("" or false: the type has no such field)."""
    if value is False or value == "":
        return () if config_key in ("title-group", "seo-title") else None
    if config_key == "title-group":
        if not isinstance(value, list) or not all(_field_name(v) for v in value):
            raise fail(key, "must be a list of field names")
        return tuple(value)
    if not isinstance(value, str) or not _field_name(value):
        raise fail(key, f"must be a field name (1 to {MAX_NAME} characters), or false")
    if config_key == "seo-title":
        return tuple(value.split("."))
    if config_key == "related":
        if value.count("{n}") != 1 or value.replace("{n}", "").strip() == "":
            raise fail(
                key,
                "must be a key with {n} once where the block's number goes,"
                " like 'related_article{n}'",
            )
        return Related(value)
    return value


def _related_fields(
    value: Any, related: Related | None, key: str, fail: Callable[[str, str], Exception]
) -> Related:
    key = f"{key}.related-fields"
    if related is None:
        raise fail(key, "needs 'related' (the blocks' key) to be set")
    if not isinstance(value, dict):
        raise fail(key, "must be a table: id, title, subject, url = the blocks' field names")
    unknown = sorted(set(value) - {"id", "title", "subject", "url"})
    if unknown:
        raise fail(f"{key}.{unknown[0]}", "is not a related-block role (id, title, subject, url)")
    for role, name in value.items():
        if not isinstance(name, str) or not _field_name(name):
            raise fail(f"{key}.{role}", "must be a field name")
    return replace(related, **value)


def _field_name(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= MAX_NAME and value.strip() == value


def _site_schema(path: Path, key: str, fail: Callable[[str, str], Exception]) -> Schema:
    """A site's schema file, checked against the meta-schema and compiled (its references
    resolved) now, so that a broken one stops the run before any page is checked."""
    try:
        document = read_document(path)
        problem(document, str(path))
        schema = Schema(document, file_uri(path), str(path), (path.resolve().parent,))
        schema.compile()
    except SchemaError as exc:
        raise fail(key, f"is not a usable schema: {exc}") from None
    return schema


def extend(base: Schema, extension: Schema, name: str) -> Schema:
    """``base`` and ``extension`` both, for the type ``name``: a page must match both, and
    the fields (and field patterns) the extension defines at its top level are known to the
    base's closed object, so that ``additionalProperties: false`` in the base does not
    refuse them. A new type's ``_schema`` is its own name, whatever the base's says."""
    document = base.document
    if not isinstance(document, dict):
        document = {} if document is True else {"not": {}}
    merged = dict(document)
    ext = extension.document if isinstance(extension.document, dict) else {}
    for keyword in ("properties", "patternProperties"):
        added = ext.get(keyword)
        if isinstance(added, dict) and added:
            merged[keyword] = {**{k: True for k in added}, **merged.get(keyword, {})}
    properties = merged.get("properties")
    if isinstance(properties, dict) and "_schema" in properties:
        merged["properties"] = {**properties, "_schema": {"const": name}}
    merged["allOf"] = [*merged.get("allOf", []), {"$ref": extension.uri}]
    documents = {**base.documents, **extension.documents}
    folders = tuple(dict.fromkeys((*base.folders, *extension.folders)))
    schema = Schema(merged, base.uri, extension.where, folders, documents)
    schema.documents[base.uri] = merged
    if isinstance(merged.get("$id"), str):
        schema.documents[merged["$id"].split("#", 1)[0]] = merged
    try:
        schema.compile()
    except SchemaError as exc:
        raise SchemaError(extension.where, exc.pointer, exc.reason) from None
    return schema
