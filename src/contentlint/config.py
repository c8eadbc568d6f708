"""Configuration: ``[tool.contentlint]`` in pyproject.toml, or a contentlint.toml.

The file is found upward from the current folder (or given with ``--config``). Every key is
validated; a mistake raises :class:`ConfigError` naming the key, and the CLI exits 2.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contentlint.content_types import DEFAULT_TYPES, ContentTypes
from contentlint.globs import glob_problem
from contentlint.model import SEVERITIES, Option, Severity
from contentlint.rules.registry import Rule, all_rules, lookup, named
from contentlint.source import MAX_SIZE, read_bytes

DEFAULT_INCLUDE = ["*.md", "*.markdown", "*.txt"]
DEFAULT_EXCLUDE: list[str] = []
TOP_KEYS = {
    "select",
    "extend-select",
    "ignore",
    "include",
    "exclude",
    "root",
    "require-frontmatter",
    "max-file-size",
    "cache-dir",
    "per-file-ignores",
    "baseline",
    "severity",
    "rules",
    "content-types",
}


class ConfigError(Exception):
    """A configuration or usage mistake (exit code 2)."""


@dataclass
class Config:
    base: Path  # selectors and globs are relative to this folder
    path: Path | None = None
    select: list[str] = field(default_factory=lambda: ["ALL"])
    extend_select: list[str] = field(default_factory=list)  # added to select (CLI's or config's)
    ignore: list[str] = field(default_factory=list)
    include: list[str] = field(default_factory=lambda: list(DEFAULT_INCLUDE))
    exclude: list[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    root: Path | None = None
    cache_dir: Path | None = None  # where the cache lives (default: .contentlint_cache in root)
    baseline: Path | None = None  # the findings accepted (report only new ones)
    require_frontmatter: list[str] = field(default_factory=list)
    max_file_size: int = MAX_SIZE  # bytes; a larger file is reported, not read
    severity: dict[str, Severity] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)  # rule name -> options
    formats: dict[str, Any] = field(default_factory=dict)  # the formats' own settings, as set
    types: ContentTypes = DEFAULT_TYPES  # the content types in force (``content-types``)
    # (glob, rule names): findings of those rules in the files the glob matches are dropped
    per_file_ignores: list[tuple[str, frozenset[str]]] = field(default_factory=list)

    def format_options(self) -> dict[str, Any]:
        return dict(self.formats)

    def rule_options(self, rule: Rule) -> dict[str, Any]:
        return {**rule.defaults(), **self.options.get(rule.name, {})}

    def active_rules(
        self, select: list[str] | None = None, ignore: list[str] | None = None
    ) -> list[Rule]:
        """The rules to run: ``select`` (CLI over config) minus ``ignore`` (both added up)."""
        chosen = _expand([*(select or self.select), *self.extend_select], "select")
        dropped = _expand([*self.ignore, *(ignore or [])], "ignore")
        return [r for r in all_rules() if r.name in chosen and r.name not in dropped]


def _expand(selectors: list[str], key: str) -> set[str]:
    names: set[str] = set()
    for selector in selectors:
        if not selector.strip():
            raise ConfigError(f"{key}: an empty rule selector (it would match nothing)")
        rules = lookup(selector)
        if not rules:
            raise ConfigError(f"{key}: unknown rule or code {selector!r} (see 'contentlint rules')")
        names.update(r.name for r in rules)
    return names


def find_config(start: Path) -> Path | None:
    """The nearest contentlint.toml, or pyproject.toml with a [tool.contentlint] table."""
    for folder in (start, *start.parents):
        candidate = folder / "contentlint.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "contentlint" in _read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def _common_folder(paths: list[Path], cwd: Path) -> Path:
    import os

    folders = []
    for path in paths:
        absolute = Path(os.path.abspath(cwd / path))
        folders.append(str(absolute if absolute.is_dir() else absolute.parent))
    return Path(os.path.commonpath(folders))


MAX_CONFIG = 1024 * 1024  # bytes: a pyproject.toml is a few KB


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data, too_large = read_bytes(path, MAX_CONFIG)
        if too_large is not None:
            raise ConfigError(f"{path}: larger than {MAX_CONFIG:,} bytes: not read")
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def load_config(
    explicit: Path | None = None, cwd: Path | None = None, paths: list[Path] | None = None
) -> Config:
    """The run's configuration: ``explicit``, else the nearest config above the paths it is
    given (``contentlint check site`` reads ``site/pyproject.toml``), else the nearest above
    the current folder, else the defaults."""
    cwd = cwd or Path.cwd()
    path = explicit
    if path is None and paths:
        path = find_config(_common_folder(paths, cwd))
    if path is None:
        path = find_config(cwd)
    if path is None:
        return Config(base=cwd)
    if explicit is not None and not explicit.is_file():
        raise ConfigError(f"--config: no such file: {explicit}")
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("contentlint", {})
    return parse_config(data, base=path.resolve().parent, path=path)


def parse_config(data: dict[str, Any], base: Path, path: Path | None = None) -> Config:
    where = f"{path}: " if path else ""

    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(f"{where}'{key}' {message}")

    from contentlint.formats import formats

    format_keys = {option.name: option for fmt in formats() for option in fmt.options}
    known_keys = TOP_KEYS | set(format_keys)
    unknown = sorted(set(data) - known_keys)
    if unknown:
        raise fail(
            unknown[0], f"is not a contentlint setting (known: {', '.join(sorted(known_keys))})"
        )
    config = Config(base=base, path=path)
    for key, attr in (
        ("select", "select"),
        ("extend-select", "extend_select"),
        ("ignore", "ignore"),
        ("include", "include"),
        ("exclude", "exclude"),
        ("require-frontmatter", "require_frontmatter"),
    ):
        if key in data:
            value = data[key]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise fail(key, "must be a list of strings")
            if any(not v.strip() for v in value):
                raise fail(key, "holds an empty string")
            if key in ("include", "exclude", "require-frontmatter"):
                for pattern in value:
                    problem = glob_problem(pattern)
                    if problem:
                        raise fail(key, f"{pattern!r}: {problem}")
            setattr(config, attr, value)
    try:
        _expand(config.select, "select")
        _expand(config.extend_select, "extend-select")
        _expand(config.ignore, "ignore")
    except ConfigError as exc:
        raise ConfigError(f"{where}{exc}") from None
    if "root" in data:
        config.root = _folder_inside(data["root"], "root", base, fail)
        if not config.root.is_dir():
            raise fail("root", f"names no folder: {config.root}")
    if "cache-dir" in data:
        config.cache_dir = _folder_inside(data["cache-dir"], "cache-dir", base, fail)
    if "baseline" in data:
        config.baseline = _folder_inside(data["baseline"], "baseline", base, fail)
    if "max-file-size" in data:
        size = data["max-file-size"]
        if type(size) is not int or size < 1:
            raise fail("max-file-size", "must be a positive integer (bytes)")
        config.max_file_size = size
    ignores = data.get("per-file-ignores", {})
    if not isinstance(ignores, dict):
        raise fail("per-file-ignores", "must be a table of glob = [rules]")
    for pattern, selectors in ignores.items():
        key = f"per-file-ignores.{pattern!r}"
        problem = glob_problem(pattern) if pattern.strip() else "is an empty glob"
        if problem:
            raise fail(key, problem)
        if not isinstance(selectors, list) or not all(isinstance(v, str) for v in selectors):
            raise fail(key, "must be a list of rule codes, names or prefixes")
        try:
            names = _expand(selectors, key)
        except ConfigError as exc:
            raise ConfigError(f"{where}{exc}") from None
        config.per_file_ignores.append((pattern, frozenset(names)))
    if "content-types" in data:
        from contentlint import content_types

        def inside(value: Any, key: str) -> Path:
            return _folder_inside(value, key, base, fail)

        origin = str(path) if path else str(base)
        config.types = content_types.parse(data["content-types"], origin, fail, inside)
    for key, option in format_keys.items():
        if key in data:
            problem = _value_problem(data[key], option)
            if problem:
                raise fail(key, problem)
            config.formats[key] = data[key]
    all_rules()
    severity = data.get("severity", {})
    if not isinstance(severity, dict):
        raise fail("severity", "must be a table of rule = 'error' | 'warning'")
    for name, value in severity.items():
        rule = named(name)
        if rule is None:
            raise fail(f"severity.{name}", "is not a rule name")
        if value not in SEVERITIES:
            raise fail(f"severity.{name}", "must be 'error' or 'warning'")
        config.severity[rule.name] = value
    rules = data.get("rules", {})
    if not isinstance(rules, dict):
        raise fail("rules", "must be a table of rule tables")
    for name, options in rules.items():
        rule = named(name)
        if rule is None:
            raise fail(f"rules.{name}", "is not a rule name")
        if not isinstance(options, dict):
            raise fail(f"rules.{name}", "must be a table of options")
        known = {option.name: option for option in rule.options}
        for key, value in options.items():
            option = known.get(key)
            if option is None:
                names = ", ".join(known) or "none"
                raise fail(f"rules.{name}.{key}", f"is not an option of {name} (options: {names})")
            problem = _value_problem(value, option)
            if problem:
                raise fail(f"rules.{name}.{key}", problem)
        config.options[rule.name] = dict(options)
    return config


def _folder_inside(value: Any, key: str, base: Path, fail: Callable[..., ConfigError]) -> Path:
    """A folder (or file) named by the configuration: a stranger's pull request may change
    it, so it must stay inside the config file's folder or its git repository."""
    if not isinstance(value, str) or not value.strip():
        raise fail(key, "must be a string (a path, relative to the config file)")
    folder = (base / value).resolve()
    top = git_toplevel(base)
    if not (folder.is_relative_to(base.resolve()) or (top and folder.is_relative_to(top))):
        raise fail(key, "must be inside the config file's folder or its git repository")
    return folder


def _value_problem(value: Any, option: Option) -> str | None:
    """What is wrong with a setting's value (its type, then the option's own check)."""
    if not _of_kind(value, option.kind):
        return f"has the wrong type: {option.help}"
    if isinstance(value, list) and not all(isinstance(v, str) for v in value):
        return "must be a list of strings"
    return option.check(value) if option.check else None


def _of_kind(value: Any, kind: type | tuple[type, ...]) -> bool:
    """``isinstance``, except that a bool is not an int (TOML tells them apart)."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        return False
    return isinstance(value, kinds)


def git_toplevel(folder: Path) -> Path | None:
    """The top of the git work tree holding ``folder`` (None outside one, or without git).
    Here, as the configuration needs it and every other module may import this one."""
    import subprocess

    try:
        result = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    return Path(result.stdout.strip()).resolve() if result.returncode == 0 else None
