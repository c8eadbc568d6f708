"""The commands that explain: ``rules``, ``rule NAME`` and ``parse FILE``."""

from __future__ import annotations

import argparse
import json
import textwrap

from contentlint.cli.args import EXIT_OK, UsageError
from contentlint.config import load_config
from contentlint.reporters.escape import json_safe, printable


def cmd_rules(args: argparse.Namespace) -> int:
    from contentlint.rules.registry import all_rules

    rules = all_rules()
    if args.output_format == "json":
        rows = [
            {
                "code": r.code,
                "name": r.name,
                "family": r.family,
                "severity": r.severity,
                "fixable": r.fixable,
                "scope": r.scope,
                "summary": r.summary,
            }
            for r in rules
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    if args.output_format == "markdown":
        print(markdown_table(rules))
        return EXIT_OK
    width = max(len(r.name) for r in rules)
    for r in rules:
        fixable = "fix" if r.fixable else "   "
        print(f"{r.code}  {r.name:<{width}}  {r.severity:<7}  {fixable}  {r.summary}")
    return EXIT_OK


def markdown_table(rules: list) -> str:
    """The README's rule table (a test keeps the README in step with the registry)."""
    lines = [
        "| code | name | family | default severity | fixable | scope | what it checks |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rules:
        fixable = "yes" if r.fixable else ""
        scope = r.scope
        summary = r.summary.replace("|", "\\|")
        cells = [r.code, f"`{r.name}`", r.family, r.severity, fixable, scope, summary]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


SCOPES = {
    "file": "one file",
    "corpus": "cross-file (whole corpus)",
    "read": "a file that could not be read (reported whatever the selection)",
    "suppression": "a file's suppression comments, judged once its every finding is known",
}


def cmd_rule(args: argparse.Namespace) -> int:
    from contentlint.rules.registry import all_rules, named

    all_rules()
    r = named(args.rule)
    if r is None:
        raise UsageError(f"unknown rule {args.rule!r} (see 'contentlint rules')")
    print(f"{r.name} ({r.code})\n")
    print(f"{r.summary}\n")
    print(f"Family: {r.family}. Severity: {r.severity}. Fixable: {'yes' if r.fixable else 'no'}.")
    print(f"Scope: {SCOPES[r.scope]}.\n")
    print(r.explanation + "\n")
    for heading, text in (("Why", r.why), ("Fix safety", r.fix_safety), ("Known limits", r.limits)):
        if text:
            print(f"{heading}:\n" + _indent(textwrap.fill(text, 84, break_on_hyphens=False)) + "\n")
    print("Bad:\n" + _indent(r.bad) + "\n")
    print("Good:\n" + _indent(r.good))
    if r.options:
        print("\nOptions ([tool.contentlint.rules." + r.name + "]):")
        for option in r.options:
            print(f"  {option.name} = {json.dumps(option.default)}  # {option.help}")
    return EXIT_OK


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


def cmd_parse(args: argparse.Namespace) -> int:
    from contentlint.formats import parse_document
    from contentlint.formats.acr.model import to_json
    from contentlint.source import read_source

    try:
        source = read_source(args.file.resolve(), str(args.file))
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop (Python 3.11)
        reason = getattr(exc, "strerror", None) or str(exc)
        raise UsageError(f"cannot read {printable(str(args.file))}: {reason}") from exc
    config = load_config(args.config, paths=[args.file])
    doc = parse_document(source, config.format_options(), config.types)
    fm = doc.frontmatter
    out = {
        "path": str(args.file),
        "type": doc.type.name if doc.type else None,
        "format": doc.format,
        "frontmatter": fm.data if fm else None,
        "problems": [vars_(p) for p in fm.problems] if fm else [],
        "body": to_json(doc.body),
    }
    print(json_safe(json.dumps(out, indent=2, ensure_ascii=False, default=str)))
    return EXIT_OK


def vars_(problem: object) -> dict[str, object]:
    return {k: getattr(problem, k) for k in ("kind", "line", "column", "message")}
