"""The command line's arguments: the parser, its exit codes and the usage error."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from contentlint import __version__

DESCRIPTION = "The command line: ``contentlint check|fix|rules|rule|parse``."
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def selectors(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def output_formats() -> list[str]:
    from contentlint.reporters import REPORTERS

    return sorted(REPORTERS)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="contentlint", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"contentlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def lint_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("paths", nargs="*", type=Path, help="files or folders (default: .)")
        sub.add_argument("--config", type=Path, help="a contentlint.toml or pyproject.toml")
        sub.add_argument("--select", action="append", help="rules to run: codes, names, prefixes")
        sub.add_argument("--ignore", action="append", help="rules not to run")
        sub.add_argument(
            "--extend-select", action="append", help="rules to run besides the selected ones"
        )
        sub.add_argument(
            "--output-format",
            choices=output_formats(),
            default=None,
            help="how to print findings (default: full on a terminal, else text;"
            " github under GitHub Actions)",
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
        sub.add_argument(
            "--cache-dir",
            type=Path,
            help="where the cache lives (default: $CONTENTLINT_CACHE_DIR, the config's"
            " cache-dir, or .contentlint_cache in the corpus root)",
        )
        sub.add_argument(
            "--exit-zero", action="store_true", help="exit 0 even when errors are found"
        )
        sub.add_argument(
            "--statistics", action="store_true", help="print how many findings each rule has"
        )
        sub.add_argument(
            "--baseline",
            type=Path,
            metavar="FILE",
            help="report only findings not in FILE (default: the config's baseline)",
        )
        sub.add_argument(
            "--write-baseline",
            type=Path,
            metavar="FILE",
            help="record every finding in FILE (the ones a team accepts today), exit 0",
        )
        sub.add_argument("--quiet", "-q", action="store_true", help="print findings only")
        change = sub.add_mutually_exclusive_group()
        change.add_argument(
            "--staged",
            action="store_true",
            help="check what the next commit holds (pre-commit): the staged files, and the"
            " pages their change breaks; the corpus is git's index",
        )
        change.add_argument(
            "--changed-since",
            metavar="REF",
            help="check the files changed since REF (its merge base with HEAD), and the"
            " pages their change breaks",
        )

    check = commands.add_parser("check", help="lint files and folders")
    lint_options(check)
    check.add_argument("--fix", action="store_true", help="apply the safe fixes (as `fix`)")
    fix = commands.add_parser("fix", help="apply the safe fixes in place, then report the rest")
    lint_options(fix)
    fix.add_argument(
        "--show-fixes", action="store_true", help="say what was fixed, per file and rule"
    )
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
    types = commands.add_parser("types", help="list the content types in force")
    types.add_argument("paths", nargs="*", type=Path, help="the corpus (default: .)")
    types.add_argument("--config", type=Path, help="a contentlint.toml or pyproject.toml")
    types.add_argument("--output-format", choices=("text", "json"), default="text")
    clean = commands.add_parser("clean", help="remove the results cache")
    clean.add_argument("paths", nargs="*", type=Path, help="the corpus (default: .)")
    clean.add_argument("--config", type=Path, help="a contentlint.toml or pyproject.toml")
    clean.add_argument("--cache-dir", type=Path, help="the cache folder to remove")
    return parser


def parse(argv: list[str] | None) -> argparse.Namespace:
    """Parse the command line; paths may come before, between or after options."""
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("check", "fix"):
        sub = parser._subparsers._group_actions[0].choices[argv[0]]  # type: ignore[union-attr]
        args = sub.parse_intermixed_args(argv[1:])
        args.command = argv[0]
        if args.command == "check" and args.fix:  # ruff's habit: `check --fix` is `fix`
            args.command = "fix"
            args.diff = args.check = args.show_fixes = False
        return args
    return parser.parse_args(argv)
