"""One registry for every rule: its code, name, severity, fixability, options and docs.

A rule is a plain function decorated with :func:`rule`. A file rule receives the parsed
:class:`~contentlint.formats.Document`; a corpus rule receives one index
:class:`~contentlint.index.Entry` and the whole :class:`~contentlint.index.Index`; a read
rule receives the :class:`Unread` reason a file could not be read. All get their options as
a dict and yield :class:`Hit` values; the pipeline turns hits into findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from contentlint.model import Edit, Option, Severity

__all__ = ["REGISTRY", "Hit", "Option", "Rule", "SetValue", "Unread", "all_rules", "rule"]

Scope = Literal["file", "corpus", "read", "suppression"]


@dataclass(frozen=True, slots=True)
class Unread:
    """Why a file named or listed was not read (so no other rule saw it)."""

    reason: str


@dataclass(frozen=True, slots=True)
class SetValue:
    """A fix that sets the frontmatter value at ``path``: cross-file rules work from the index,
    which keeps no source spans, so the engine turns this into an :class:`Edit` against the
    document when the document is in memory (``fix``), and otherwise only marks the finding
    fixable."""

    path: tuple[str | int, ...]  # () with ``at``: the value that stands there
    value: Any
    # the line and column of the value: a cross-file rule knows where a value is (its index
    # entry's Field), not which field the page's content type calls it
    at: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    line: int
    column: int
    message: str
    edits: tuple[Edit | SetValue, ...] = ()
    severity: Severity | None = None  # a rule may grade its hits; config overrides still win


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    family: str
    severity: Severity
    fixable: bool
    summary: str
    explanation: str  # what the rule finds
    bad: str
    good: str
    scope: Scope
    formats: tuple[str, ...] | None  # None: every document that has frontmatter or a format
    # the content-type roles it needs (``content_types.ROLES``): a type without them is skipped
    roles: tuple[str, ...]
    options: tuple[Option, ...]
    check: Callable[..., Iterable[Hit]]
    unclaimed: bool = False  # also runs on files no format claims (frontmatter-missing)
    why: str = ""  # why it matters to the site (what breaks, who notices)
    fix_safety: str = ""  # fixable rules: what the fix changes, and when it refuses
    limits: str = ""  # what the rule does not see

    def defaults(self) -> dict[str, Any]:
        return {option.name: option.default for option in self.options}


REGISTRY: dict[str, Rule] = {}


def rule(
    *,
    code: str,
    name: str,
    summary: str,
    explanation: str,
    bad: str,
    good: str,
    severity: Severity = "error",
    fixable: bool = False,
    scope: Scope = "file",
    formats: tuple[str, ...] | None = None,
    roles: tuple[str, ...] = (),
    options: tuple[Option, ...] = (),
    unclaimed: bool = False,
    why: str = "",
    fix_safety: str = "",
    limits: str = "",
) -> Callable[[Callable[..., Iterable[Hit]]], Callable[..., Iterable[Hit]]]:
    def register(check: Callable[..., Iterable[Hit]]) -> Callable[..., Iterable[Hit]]:
        # The family is the module (or package) under ``contentlint.rules`` that holds it.
        parts = check.__module__.split(".")
        family = parts[2] if parts[:2] == ["contentlint", "rules"] and parts[2:] else parts[-1]
        if name in REGISTRY or any(r.code == code for r in REGISTRY.values()):
            raise ValueError(f"rule {code} {name} is registered twice")
        if fixable and not fix_safety.strip():
            raise ValueError(f"rule {code} {name} is fixable: document its fix safety")
        REGISTRY[name] = Rule(
            code=code,
            name=name,
            family=family,
            severity=severity,
            fixable=fixable,
            summary=summary,
            explanation=explanation.strip(),
            bad=bad.strip("\n"),
            good=good.strip("\n"),
            scope=scope,
            formats=formats,
            roles=roles,
            options=options,
            check=check,
            unclaimed=unclaimed,
            why=" ".join(why.split()),
            fix_safety=" ".join(fix_safety.split()),
            limits=" ".join(limits.split()),
        )
        return check

    return register


def all_rules() -> list[Rule]:
    """Every registered rule, ordered by code."""
    from contentlint.rules import load_families

    load_families()
    check_formats(REGISTRY.values())
    return sorted(REGISTRY.values(), key=lambda r: r.code)


def check_formats(rules: Iterable[Rule]) -> None:
    """Refuse a rule that names a format no module defines, or a role no content type can
    have: a misspelt name would switch the rule off without a word."""
    from contentlint.content_types import ROLES
    from contentlint.formats import by_name

    known = by_name()
    roles = set(ROLES.values())
    for r in rules:
        unknown = sorted(set(r.formats or ()) - set(known))
        if unknown:
            raise ValueError(
                f"rule {r.code} {r.name} names unknown formats {unknown}; known: {sorted(known)}"
            )
        if set(r.roles) - roles:
            raise ValueError(
                f"rule {r.code} {r.name} needs unknown roles {sorted(set(r.roles) - roles)}"
            )


def read_rules() -> list[Rule]:
    """The rules that speak for a file that could not be read. They run whatever the
    selection says: such a file is not checked at all, and the run must not look clean."""
    return [r for r in all_rules() if r.scope == "read"]


def named(name: str) -> Rule | None:
    """The rule with this name, or this code (in any case); None when there is none."""
    if name in REGISTRY:
        return REGISTRY[name]
    code = name.upper()
    return next((r for r in REGISTRY.values() if r.code == code), None)


def lookup(selector: str) -> list[Rule]:
    """Rules named by a selector: a name, a code, a code prefix (``FM``, ``ID00``) or ``ALL``."""
    rules = all_rules()
    if selector.upper() == "ALL":
        return rules
    if selector in REGISTRY:
        return [REGISTRY[selector]]
    return [r for r in rules if r.code.startswith(selector.upper())]
