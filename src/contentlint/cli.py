"""The command line: ``contentlint check|fix|rules|rule|parse``.

Exit codes: 0 no error-severity finding; 1 at least one (or, with ``fix --check``/``--diff``,
something would change); 2 a usage or configuration mistake, or an internal failure.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from contentlint import __version__
from contentlint.config import Config, ConfigError, load_config
from contentlint.reporters.escape import json_safe, printable

if TYPE_CHECKING:
    from contentlint.pipeline.run import Linter

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def _selectors(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="contentlint", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"contentlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def lint_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("paths", nargs="*", type=Path, help="files or folders (default: .)")
        sub.add_argument("--config", type=Path, help="a contentlint.toml or pyproject.toml")
        sub.add_argument("--select", action="append", help="rules to run: codes, names, prefixes")
        sub.add_argument("--ignore", action="append", help="rules not to run")
        sub.add_argument(
            "--output-format",
            choices=("text", "json", "github"),
            default=None,
            help="text (default), json, or github annotations",
        )
        sub.add_argument("--verbose", "-v", action="store_true", help="also list skipped files")
        sub.add_argument(
            "--jobs",
            "-j",
            type=int,
            default=os.cpu_count() or 1,
            help="processes to check with (default: the machine's cores)",
        )
        sub.add_argument(
            "--no-cache", action="store_true", help="neither read nor write the results cache"
        )
        sub.add_argument("--quiet", "-q", action="store_true", help="print findings only")

    check = commands.add_parser("check", help="lint files and folders")
    lint_options(check)
    fix = commands.add_parser("fix", help="apply the safe fixes in place, then report the rest")
    lint_options(fix)
    mode = fix.add_mutually_exclusive_group()
    mode.add_argument("--diff", action="store_true", help="print a unified diff, write nothing")
    mode.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if anything would change"
    )
    rules = commands.add_parser("rules", help="list every rule")
    rules.add_argument("--output-format", choices=("text", "json", "markdown"), default="text")
    rule = commands.add_parser("rule", help="explain one rule")
    rule.add_argument("rule", help="a rule name or code")
    parse = commands.add_parser("parse", help="print a file's parsed document as JSON")
    parse.add_argument("file", type=Path)
    parse.add_argument("--config", type=Path, help="a contentlint.toml or pyproject.toml")
    return parser


def _parse(argv: list[str] | None) -> argparse.Namespace:
    """Parse the command line; paths may come before, between or after options."""
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("check", "fix"):
        sub = parser._subparsers._group_actions[0].choices[argv[0]]  # type: ignore[union-attr]
        args = sub.parse_intermixed_args(argv[1:])
        args.command = argv[0]
        return args
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parse(argv)
        if args.command is None:
            build_parser().print_help()
            return EXIT_ERROR
        return COMMANDS[args.command](args)
    except (UsageError, ConfigError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `contentlint check | head`: the reader left; stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FINDINGS
    except Exception as exc:  # an internal failure: say so, without a wall of traceback
        print(f"contentlint {__version__}: internal error: {exc!r}", file=sys.stderr)
        if os.environ.get("CONTENTLINT_DEBUG"):
            traceback.print_exc()
        else:
            print("(set CONTENTLINT_DEBUG=1 for the traceback)", file=sys.stderr)
        return EXIT_ERROR


def _color(out: TextIO) -> bool:
    return out.isatty() and "NO_COLOR" not in os.environ


def _prepare(args: argparse.Namespace, fixing: bool = False):  # -> tuple[Config, Linter]
    from contentlint.pipeline.run import Linter
    from contentlint.progress import progress_for

    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    config: Config = load_config(args.config)
    rules = config.active_rules(_selectors(args.select), _selectors(args.ignore))
    linter = Linter(config, rules)
    progress = None if args.quiet else progress_for()
    try:
        linter.load(
            args.paths or [Path(".")],
            jobs=args.jobs,
            # The cache holds the configured rules' results: a narrower run goes without.
            use_cache=not (args.no_cache or args.select or args.ignore),
            fixing=fixing,
            progress=progress,
        )
    finally:
        if progress is not None:
            progress.close()
    if args.verbose:
        for note in linter.notes:
            print(f"note: {printable(note)}", file=sys.stderr)
        for display in linter.skipped_files:
            print(
                f"skipped {printable(display)}: no frontmatter, and no format claims it",
                file=sys.stderr,
            )
    return config, linter


def _failed(linter: Linter) -> int | None:
    """Exit 2 when the run could not check every file (a worker died)."""
    if linter.failure:
        print(f"error: {linter.failure}", file=sys.stderr)
        return EXIT_ERROR
    return None


def _report(args: argparse.Namespace, findings: list, out: TextIO | None = None) -> None:
    from contentlint.reporters import REPORTERS
    from contentlint.reporters.text import format_finding

    out = out or sys.stdout
    fmt = args.output_format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if fmt == "text" and args.quiet:
        for finding in findings:
            out.write(format_finding(finding, _color(out)) + "\n")
        return
    REPORTERS[fmt](findings, out, _color(out))


def _exit_code(findings: list) -> int:
    return EXIT_FINDINGS if any(f.severity == "error" for f in findings) else EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    _, linter = _prepare(args)
    findings = linter.findings()
    _report(args, findings)
    return _failed(linter) or _exit_code(findings)


def cmd_fix(args: argparse.Namespace) -> int:
    from contentlint.fixer import fix, unified_diff, write_fixes

    _, linter = _prepare(args, fixing=True)
    result = fix(linter)
    displays = {path: printable(state.display) for path, state in linter.states.items()}
    for path, why in sorted(result.refused.items()):
        print(f"not fixed: {displays[path]}: {printable(why)}", file=sys.stderr)
    if args.diff:
        for path, (old, new) in sorted(result.changed.items()):
            sys.stdout.write(unified_diff(displays[path], old, new))
        _report(args, result.findings, sys.stderr)
        failed = _failed(linter)
        return failed or (EXIT_FINDINGS if result.changed else _exit_code(result.findings))
    if args.check:
        for path in sorted(result.changed):
            print(f"would fix {displays[path]}", file=sys.stderr)
        _report(args, result.findings)
        if result.changed and not args.quiet:
            count = len(result.changed)
            print(f"{count} file{'s' * (count != 1)} would be fixed.", file=sys.stderr)
        failed = _failed(linter)
        return failed or (EXIT_FINDINGS if result.changed else _exit_code(result.findings))
    unwritten = write_fixes(result, linter.root)
    for path, why in sorted(unwritten.items()):
        print(f"not fixed: {displays[path]}: {printable(why)}", file=sys.stderr)
    if not args.quiet:
        count = len(result.changed) - len(unwritten)
        print(f"Fixed {count} file{'s' * (count != 1)}.", file=sys.stderr)
    _report(args, result.findings)
    return _failed(linter) or (EXIT_FINDINGS if unwritten else _exit_code(result.findings))


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
    doc = parse_document(source, load_config(args.config).format_options())
    fm = doc.frontmatter
    out = {
        "path": str(args.file),
        "format": doc.format,
        "frontmatter": fm.data if fm else None,
        "problems": [vars_(p) for p in fm.problems] if fm else [],
        "body": to_json(doc.body),
    }
    print(json_safe(json.dumps(out, indent=2, ensure_ascii=False, default=str)))
    return EXIT_OK


def vars_(problem: object) -> dict[str, object]:
    return {k: getattr(problem, k) for k in ("kind", "line", "column", "message")}


COMMANDS = {
    "check": cmd_check,
    "fix": cmd_fix,
    "rules": cmd_rules,
    "rule": cmd_rule,
    "parse": cmd_parse,
}
