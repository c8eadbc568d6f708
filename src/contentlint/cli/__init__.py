"""The command line: ``contentlint check|fix|rules|rule|parse|types|clean``.

Exit codes: 0 no error-severity finding; 1 at least one (or, with ``fix --check``/``--diff``,
something would change); 2 a usage or configuration mistake, or an internal failure.

``args.py`` holds the parser, ``lint.py`` the commands that run the pipeline (check, fix),
``docs.py`` those that explain (rules, rule, parse), ``types.py`` the content types in force,
``clean.py`` the cache's removal.
"""

from __future__ import annotations

import os
import sys
import traceback

from contentlint import __version__
from contentlint.cli.args import EXIT_ERROR, EXIT_FINDINGS, UsageError, build_parser, parse
from contentlint.cli.clean import cmd_clean
from contentlint.cli.docs import cmd_parse, cmd_rule, cmd_rules, markdown_table
from contentlint.cli.lint import cmd_check, cmd_fix
from contentlint.cli.types import cmd_types
from contentlint.config import ConfigError

__all__ = ["main", "markdown_table"]

COMMANDS = {
    "check": cmd_check,
    "fix": cmd_fix,
    "rules": cmd_rules,
    "rule": cmd_rule,
    "parse": cmd_parse,
    "types": cmd_types,
    "clean": cmd_clean,
}


def main(argv: list[str] | None = None) -> int:
    try:
        args = parse(argv)
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
