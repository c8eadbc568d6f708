"""``contentlint types``: the content types in force, where each schema comes from, and
which field plays each role."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from contentlint.cli.args import EXIT_OK
from contentlint.config import load_config
from contentlint.content_types import BUILT_IN, ROLES, ContentType, schema_dir
from contentlint.reporters.escape import json_safe, printable


def describe(kind: ContentType, cwd: Path) -> dict[str, object]:
    roles: dict[str, object] = {}
    for config_key, attr in ROLES.items():
        value = getattr(kind, attr)
        if config_key == "related" and value:
            roles["related"] = value.key
            roles["related-fields"] = value.fields()
        elif config_key == "seo-title" and value:
            roles[config_key] = ".".join(value)
        elif config_key == "title-group" and value:
            roles[config_key] = list(value)
        elif value:
            roles[config_key] = value
    return {
        "name": kind.name,
        "format": kind.format,
        "defined": kind.origin,
        "extends": kind.extends,
        "schema": [_shown(file, cwd) for file in kind.schema_files],
        "roles": roles,
    }


def _shown(file: str, cwd: Path) -> str:
    path = Path(file) if Path(file).is_absolute() else schema_dir() / file
    if not Path(file).is_absolute():
        return f"{file} (shipped: {path})"
    try:
        return str(path.relative_to(cwd))
    except ValueError:
        return str(path)


def cmd_types(args: argparse.Namespace) -> int:
    config = load_config(args.config, paths=args.paths or None)
    cwd = Path.cwd()
    rows = [describe(config.types[name], cwd) for name in sorted(config.types)]
    if args.output_format == "json":
        print(json_safe(json.dumps(rows, indent=2, ensure_ascii=False)))
        return EXIT_OK
    for row in rows:
        defined = row["defined"]
        where = "shipped with contentlint" if defined == BUILT_IN else f"defined in {defined}"
        extends = f", extends {row['extends']}" if row["extends"] else ""
        print(printable(f"{row['name']}  ({row['format']}; {where}{extends})"))
        for file in row["schema"]:  # type: ignore[attr-defined]
            print(printable(f"  schema: {file}"))
        roles = row["roles"]
        assert isinstance(roles, dict)
        for key, value in roles.items():
            shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            print(printable(f"  {key}: {shown}"))
    return EXIT_OK
