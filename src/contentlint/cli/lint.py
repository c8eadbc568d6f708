"""``contentlint check`` and ``contentlint fix``: one run of the pipeline, then the report."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from contentlint.cli.args import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError, selectors
from contentlint.config import Config, load_config
from contentlint.reporters.escape import printable

if TYPE_CHECKING:
    from contentlint.pipeline.run import Linter


def _color(out: TextIO) -> bool:
    return out.isatty() and "NO_COLOR" not in os.environ


def _prepare(args: argparse.Namespace, fixing: bool = False):  # -> tuple[Config, Linter]
    from contentlint.pipeline.run import Linter
    from contentlint.progress import progress_for

    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    config: Config = load_config(args.config, paths=args.paths)
    config.extend_select += selectors(args.extend_select) or []
    cache_dir = args.cache_dir or os.environ.get("CONTENTLINT_CACHE_DIR")
    if cache_dir:  # the user's own choice: anywhere they like
        config.cache_dir = Path(cache_dir).resolve()
    rules = config.active_rules(selectors(args.select), selectors(args.ignore))
    linter = Linter(config, rules)
    change = _change(args, config)
    paths = args.paths or [Path(".")]
    if change is not None:
        paths = [*args.paths, *(Path(name) for name in _pages(change.new_paths, config))]
    progress = None if args.quiet else progress_for()
    try:
        linter.load(
            paths,
            jobs=args.jobs,
            # The cache holds the configured rules' results: a narrower run goes without.
            use_cache=not (args.no_cache or args.select or args.ignore or args.extend_select),
            fixing=fixing,
            progress=progress,
            change=change,
        )
    finally:
        if progress is not None:
            progress.close()
    if args.verbose:
        used = f"config {config.path}" if config.path else "no config file: the defaults"
        print(f"note: {printable(used)}", file=sys.stderr)
        for note in linter.notes:
            print(f"note: {printable(note)}", file=sys.stderr)
        for display in linter.skipped_files:
            print(
                f"skipped {printable(display)}: no frontmatter, and no format claims it",
                file=sys.stderr,
            )
    return config, linter


def _change(args: argparse.Namespace, config: Config):  # -> ChangeSet | None
    """The git change ``--staged`` or ``--changed-since`` asks about, if any."""
    if not (args.staged or args.changed_since):
        return None
    from contentlint.changes import ChangeError, since, staged

    folder = config.root or Path.cwd()
    try:
        return staged(folder) if args.staged else since(folder, args.changed_since)
    except ChangeError as exc:
        raise UsageError(str(exc)) from None


def _pages(names: list[str], config: Config) -> list[str]:
    """The changed files that are pages of the corpus (not the README, not a script)."""
    import os

    from contentlint.discover import select

    present = [name for name in names if os.path.lexists(name)]
    if config.root is not None:
        inside = str(config.root).rstrip(os.sep) + os.sep
        present = [name for name in present if name.startswith(inside)]
    return select(present, config)


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
    if args.statistics:
        from contentlint.reporters.statistics import report

        report(findings, out, args.output_format == "json")
        return
    fmt = args.output_format or default_format(out)
    if args.quiet and fmt in ("text", "concise", "full"):  # the finding lines, nothing else
        for finding in findings:
            out.write(format_finding(finding, _color(out)) + "\n")
        return
    REPORTERS[fmt](findings, out, _color(out))


def default_format(out: TextIO) -> str:
    """github under GitHub Actions; the code frames of ``full`` on a terminal; else text."""
    from contentlint.reporters import REPORTERS

    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "full" if out.isatty() and "full" in REPORTERS else "text"


def _exit_code(findings: list) -> int:
    return EXIT_FINDINGS if any(f.severity == "error" for f in findings) else EXIT_OK


def _exit(args: argparse.Namespace, code: int) -> int:
    """``--exit-zero``: findings do not fail the run (mistakes and failures still do)."""
    return EXIT_OK if args.exit_zero and code == EXIT_FINDINGS else code


def _new_only(args: argparse.Namespace, config: Config, findings: list) -> list:
    """The findings not in the baseline (``--baseline``, else the config's ``baseline``)."""
    path = args.baseline or config.baseline
    if path is None:
        return findings
    from contentlint.baseline import BaselineError, load_baseline
    from contentlint.excerpt import FileLines

    try:
        return load_baseline(path).filter(findings, FileLines())
    except BaselineError as exc:
        hint = ""
        if not os.path.lexists(path):
            hint = f" (write it with --write-baseline {printable(str(path))})"
        raise UsageError(f"{exc}{hint}") from None


def _write_baseline(args: argparse.Namespace, linter: Linter, findings: list) -> int:
    from contentlint.baseline import BaselineError, write_baseline
    from contentlint.excerpt import FileLines

    failed = _failed(linter)
    if failed:  # a run that did not check everything must not become the baseline
        return failed
    try:
        count = write_baseline(args.write_baseline, findings, FileLines())
    except BaselineError as exc:
        raise UsageError(str(exc)) from None
    where = printable(str(args.write_baseline))
    print(f"Wrote {count} finding{'s' * (count != 1)} to the baseline {where}.", file=sys.stderr)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    config, linter = _prepare(args)
    findings = linter.findings()
    if args.write_baseline is not None:
        return _write_baseline(args, linter, findings)
    findings = _new_only(args, config, findings)
    _report(args, findings)
    return _failed(linter) or _exit(args, _exit_code(findings))


def cmd_fix(args: argparse.Namespace) -> int:
    from contentlint.fixer import fix, on_disk, unified_diff, write_fixes

    if args.write_baseline is not None:
        raise UsageError("--write-baseline records what `check` finds: run it with check")
    config, linter = _prepare(args, fixing=True)
    result = fix(linter)
    result.findings = _new_only(args, config, result.findings)
    displays = {path: printable(state.display) for path, state in linter.states.items()}
    for path, why in sorted(result.refused.items()):
        print(f"not fixed: {displays[path]}: {printable(why)}", file=sys.stderr)
    if args.diff or args.check:
        # nothing is written: what is left is reported at the lines of the files on disk
        left = on_disk(result.findings, result.changed, displays)
        if args.diff:
            for path, (old, new) in sorted(result.changed.items()):
                sys.stdout.write(unified_diff(displays[path], old, new))
            _report(args, left, sys.stderr)
        else:
            for path in sorted(result.changed):
                print(f"would fix {displays[path]}", file=sys.stderr)
            _report(args, left)
            if result.changed and not args.quiet:
                count = len(result.changed)
                print(f"{count} file{'s' * (count != 1)} would be fixed.", file=sys.stderr)
        _show_fixes(args, result.applied, displays, "would fix")
        code = EXIT_FINDINGS if result.changed else _exit_code(result.findings)
        return _failed(linter) or _exit(args, code)
    unwritten = write_fixes(result, linter.root)
    for path, why in sorted(unwritten.items()):
        print(f"not fixed: {displays[path]}: {printable(why)}", file=sys.stderr)
    applied = {path: rules for path, rules in result.applied.items() if path not in unwritten}
    _show_fixes(args, applied, displays, "fixed")
    if not args.quiet:
        count = len(result.changed) - len(unwritten)
        print(f"Fixed {count} file{'s' * (count != 1)}.", file=sys.stderr)
    _report(args, result.findings)
    code = EXIT_FINDINGS if unwritten else _exit_code(result.findings)
    return _failed(linter) or _exit(args, code)


def _show_fixes(args: argparse.Namespace, applied, displays: dict[str, str], verb: str) -> None:
    """``--show-fixes``: per file, how many findings of each rule were (or would be) fixed."""
    if not getattr(args, "show_fixes", False):
        return
    if not applied:
        print(f"No findings {verb}.", file=sys.stderr)
        return
    total = sum(sum(rules.values()) for rules in applied.values())
    print(f"{verb.capitalize()} {total} finding{'s' * (total != 1)}:", file=sys.stderr)
    for path, rules in sorted(applied.items()):
        print(f"- {displays[path]}:", file=sys.stderr)
        for rule, count in sorted(rules.items()):
            print(f"    {count} \u00d7 {rule}", file=sys.stderr)
