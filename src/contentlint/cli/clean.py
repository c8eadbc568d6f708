"""``contentlint clean``: remove the results cache of a corpus (ruff's ``clean``)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from contentlint.cli.args import EXIT_OK, UsageError
from contentlint.config import load_config
from contentlint.reporters.escape import printable

# What a cache folder holds; a folder with anything else is not removed (a cache-dir set by
# mistake to a real folder must not lose its files).
CACHE_FILES = {".gitignore", "cache.sqlite3", "cache.sqlite3-wal", "cache.sqlite3-shm"}


def cmd_clean(args: argparse.Namespace) -> int:
    from contentlint.cache.schema import FOLDER
    from contentlint.discover import Listing

    config = load_config(args.config, paths=args.paths)
    cache_dir = args.cache_dir or os.environ.get("CONTENTLINT_CACHE_DIR")
    if cache_dir:
        folder = Path(cache_dir).resolve()
    elif config.cache_dir is not None:
        folder = config.cache_dir
    else:
        folder = Listing(config).corpus_root(args.paths or [Path(".")]) / FOLDER
    shown = printable(str(folder))
    if not os.path.lexists(folder):
        print(f"No cache at {shown}.", file=sys.stderr)
        return EXIT_OK
    if folder.is_symlink() or not folder.is_dir():
        raise UsageError(f"{shown} is not a cache folder: left as it is")
    names = set(os.listdir(folder))
    if not names <= CACHE_FILES:
        other = sorted(names - CACHE_FILES)[0]
        raise UsageError(
            f"{shown} holds {printable(other)}, which contentlint did not write: left as it is"
        )
    for name in names:
        os.unlink(folder / name)
    folder.rmdir()
    print(f"Removed the cache at {shown}.", file=sys.stderr)
    return EXIT_OK
