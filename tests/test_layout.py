"""The package's shape: modules a maintainer can read in one sitting, imports one way only."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "contentlint"
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that ``name`` imports, at the top or inside a function (a lazy
    import is a dependency too); imports under ``if TYPE_CHECKING:`` are only for types."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parts = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*parts, *([child.module] if child.module else [])])
                names = [f"{base}.{alias.name}" for alias in child.names]
                found.update(names)
                # `from package import submodule` needs the submodule, not the package's
                # own code (which Python runs first, but which must not be what is used)
                if any(name not in modules for name in names):
                    found.add(base)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return {module for module in found if module in modules and module != name}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def strong(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                strong(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            strong(node)
    return components


def test_no_import_cycles() -> None:
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    assert graph["contentlint.cli"], "the import walk found nothing: it is broken"
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_no_module_is_longer_than_one_sitting() -> None:
    lengths = {
        name: len(path.read_text(encoding="utf-8").splitlines())
        for name, path in _modules().items()
    }
    assert {name: n for name, n in lengths.items() if n > MAX_LINES} == {}


def test_one_map_from_offsets_to_lines() -> None:
    """Positions come from `source.LineMap` alone: no other module collects line starts."""
    import re

    collects = re.compile(r"""finditer\(\s*["']\\n["']|starts\.append\(|count\(\s*["']\\n["']""")
    others = [
        name
        for name, path in _modules().items()
        if name != "contentlint.source" and collects.search(path.read_text(encoding="utf-8"))
    ]
    assert others == []


def test_no_rule_is_special_cased_by_name_outside_its_module() -> None:
    """The pipeline finds rules by their scope and registry entry, never by a name string:
    a rule renamed in its module would otherwise be lost silently elsewhere."""
    import re

    from contentlint.rules.registry import all_rules

    names = "|".join(re.escape(r.name) for r in all_rules())
    quoted = re.compile(rf"""REGISTRY\[\s*["']({names})["']\s*\]""")
    others = [
        name for name, path in _modules().items() if quoted.search(path.read_text(encoding="utf-8"))
    ]
    assert others == []


def test_format_settings_are_declared_by_the_formats() -> None:
    """A format's top-level configuration keys come from the format (``Format.options``):
    the configuration module names none of them."""
    from contentlint.formats import formats

    config_text = (PACKAGE / "config.py").read_text(encoding="utf-8")
    declared = [option.name for fmt in formats() for option in fmt.options]
    assert declared, "the ACR format declares acr-categories"
    assert [key for key in declared if key in config_text] == []
