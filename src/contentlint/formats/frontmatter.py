"""Split YAML frontmatter off a page and load it with a position for every key and value.

PyYAML's ``safe_load`` forgets where things were and silently keeps the last of two equal
keys. Here the YAML is *composed* (libyaml's C composer when present) and the node tree is
turned into plain JSON-like values by hand, recording for each path the key's and the
value's position in the *file*, and any duplicate key on the way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml

from contentlint.formats.yaml_loader import (
    INT,
    MAX_DEPTH,
    MAX_INT_DIGITS,
    MAX_VALUES,
    MERGE,
    OTHER_BREAKS,
    STR,
    Limit,
    Loader,
    block_body,
    strip_break,
)
from contentlint.source import LineMap

Path_ = tuple[str | int, ...]

_OPEN = re.compile(r"\A(\ufeff?)---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


class Node(NamedTuple):
    """Where one key/value pair sits in the file. Lines and columns are 1-based.

    A named tuple rather than a dataclass: the corpus index holds tens of them per page and
    the cache pickles them, and tuples are the cheapest to build, keep and unpickle."""

    key_line: int
    key_column: int
    line: int  # of the value
    column: int
    start: int  # character offsets of the value in the file text
    end: int
    style: str | None = None  # YAML scalar style: None (plain), "'", '"', "|", ">"; "{}" for maps
    indent: int = 0  # content indent of a block scalar
    body_start: int = 0  # where a block scalar's content starts (after its header line)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with the frontmatter itself; a rule turns it into a finding."""

    kind: str  # "unclosed" | "syntax" | "duplicate-key" | "not-a-mapping"
    line: int
    column: int
    message: str


class Nodes(Mapping[Path_, Node]):
    """Path -> :class:`Node`, built on first use: a page has dozens of keys and the rules ask
    where only a few of them are, so positions are not computed for the rest."""

    def __init__(self) -> None:
        self.raw: dict[Path_, tuple[yaml.Node, yaml.Node]] = {}
        self.made: dict[Path_, Node] = {}
        self.builder: _Builder | None = None

    def __getitem__(self, path: Path_) -> Node:
        node = self.made.get(path)
        if node is None:
            key_node, value_node = self.raw[path]
            assert self.builder is not None
            node = self.made[path] = self.builder.node(key_node, value_node)
        return node

    def value_position(self, path: Path_) -> tuple[int, int] | None:
        """The line and column of the value at ``path`` (None when absent), without building
        its :class:`Node`: the index asks it of some twenty values a page."""
        node = self.made.get(path)
        if node is not None:
            return node.line, node.column
        pair = self.raw.get(path)
        if pair is None:
            return None
        assert self.builder is not None
        return self.builder._pos(pair[1].start_mark)

    def key_position(self, path: Path_) -> tuple[int, int]:
        """The line and column of the key at ``path`` (which must be present), without
        building its :class:`Node`."""
        node = self.made.get(path)
        if node is not None:
            return node.key_line, node.key_column
        assert self.builder is not None
        return self.builder._pos(self.raw[path][0].start_mark)

    def __contains__(self, path: object) -> bool:
        return path in self.raw

    def __iter__(self) -> Iterator[Path_]:
        return iter(self.raw)

    def __len__(self) -> int:
        return len(self.raw)


@dataclass(slots=True)
class Frontmatter:
    start: int  # character offset of the YAML text in the file
    end: int  # character offset just after the YAML text (the closing delimiter starts here)
    first_line: int  # file line of the YAML text's first line
    data: dict[str, Any] | None = None
    nodes: Nodes = field(default_factory=Nodes)
    problems: list[Problem] = field(default_factory=list)

    def where(self, path: Path_) -> tuple[int, int]:
        """The best position for a problem at ``path``: the key, else the nearest parent's."""
        while path:
            node = self.nodes.get(path)
            if node is not None:
                return node.key_line, node.key_column
            path = path[:-1]
        return self.first_line - 1, 1  # the opening ``---``


def split(text: str) -> Frontmatter | Problem | None:
    """Find the frontmatter block. None: the text has none; Problem: it never closes."""
    opening = _OPEN.match(text)
    if opening is None:
        return None
    start = opening.end()
    closing = _closing(text, start)
    if closing is None:
        return Problem("unclosed", 1, len(opening.group(1)) + 1, "")
    first_line = LineMap(text, 0, start).position(start)[0]
    return Frontmatter(start=start, end=closing.start(), first_line=first_line)


def _closing(text: str, start: int) -> re.Match[str] | None:
    """``_CLOSE.search(text, start)`` (``start`` begins a line), in a few ``str.find``s: the
    regex tried every line of the frontmatter, a tenth of what splitting a page cost. Each
    of the two searches moves forward only, so a text of many ``---x`` lines is read once."""
    pos = start
    dashes = dots = start - 1  # where the last "\n---" and "\n..." were found
    while True:
        found = _CLOSE.match(text, pos)
        if found is not None:
            return found
        if dashes != -1 and dashes < pos:
            dashes = text.find("\n---", pos)
        if dots != -1 and dots < pos:
            dots = text.find("\n...", pos)
        if dashes == -1 and dots == -1:
            return None
        pos = 1 + (dots if dashes == -1 else dashes if dots == -1 else min(dashes, dots))


def load(text: str) -> Frontmatter | Problem | None:
    """Split and parse the frontmatter of ``text`` (a whole file)."""
    fm = split(text)
    if not isinstance(fm, Frontmatter):
        return fm
    _Builder(text, fm).build()
    return fm


class _Builder:
    def __init__(self, text: str, fm: Frontmatter) -> None:
        self.budget = MAX_VALUES
        self.active: set[int] = set()  # the mappings and lists being built (alias cycles)
        self.text = text
        # The frontmatter is held only while it is built: its ``nodes`` keep this builder
        # (for positions asked later), and a reference back would make every page a cycle,
        # freed by the garbage collector instead of at once.
        self.fm: Frontmatter | None = fm
        self.start, self.end, self.first_line = fm.start, fm.end, fm.first_line
        self.raw, self.problems = fm.nodes.raw, fm.problems  # no way back to ``fm`` either
        yaml_text = text[fm.start : fm.end]
        self.loader = Loader(yaml_text)
        # YAML also breaks lines at "\r", U+0085, U+2028 and U+2029; the file's lines are
        # split at "\n" only. Where the text holds none of these, a mark's own line and
        # column are the file's (the common case, and the cheapest); otherwise positions
        # come from character offsets (``lines``). libyaml skips a leading U+FEFF without
        # counting it: then offsets are one further on than its marks say.
        self.shift = 1 if yaml_text.startswith("\ufeff") else 0
        self.marks_agree = not self.shift and not any(c in yaml_text for c in OTHER_BREAKS)
        self._lines: LineMap | None = None
        fm.nodes.builder = self

    def build(self) -> None:
        try:
            self._build()
        finally:
            self.fm = None

    def _build(self) -> None:
        fm = self.fm
        assert fm is not None
        try:
            root = self.loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, column = self._pos(mark) if mark else (fm.first_line, 1)
            problem = exc.problem or str(exc).splitlines()[0]
            if exc.context:
                problem = f"{problem} ({exc.context})"
            fm.problems.append(Problem("syntax", line, column, problem))
            return
        except yaml.reader.ReaderError as exc:  # a character YAML does not accept
            line, column = self.lines.position(fm.start + exc.position)
            code = exc.character if isinstance(exc.character, int) else ord(exc.character)
            message = f"{exc.reason} U+{code:04X}"
            fm.problems.append(Problem("syntax", line, column, message))
            return
        except yaml.YAMLError as exc:
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            fm.problems.append(Problem("syntax", fm.first_line, 1, message))
            return
        finally:
            self.loader.dispose()
        if root is None:
            fm.data = {}
            return
        if not isinstance(root, yaml.MappingNode):
            line, column = self._pos(root.start_mark)
            fm.problems.append(
                Problem("not-a-mapping", line, column, "the frontmatter must be a mapping")
            )
            return
        try:
            fm.data = self._mapping(root, (), 1)
        except Limit as exc:
            line, column = self._pos(exc.node.start_mark)
            fm.problems.append(Problem("limit", line, column, str(exc)))
            fm.nodes.raw.clear()
            fm.data = None

    @property
    def lines(self) -> LineMap:
        if self._lines is None:
            self._lines = LineMap(self.text, self.start, self.end, self.first_line)
        return self._lines

    def _pos(self, mark: yaml.Mark) -> tuple[int, int]:
        if self.marks_agree:
            return self.first_line + mark.line, mark.column + 1
        return self.lines.position(self.start + self.shift + mark.index)

    def _value(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth + 1)
        if isinstance(node, yaml.SequenceNode):
            self._enter(node, depth + 1)
            items = []
            for index, item in enumerate(node.value):
                self._record((*path, index), item, item)
                items.append(self._value(item, (*path, index), depth + 1))
            self.active.discard(id(node))
            return items
        self._spend(node)
        return self._scalar(node)

    def _spend(self, node: yaml.Node) -> None:
        self.budget -= 1
        if self.budget < 0:
            raise Limit(
                node,
                f"its aliases expand to more than {MAX_VALUES:,} values (an alias bomb?);"
                " write the values out, or use fewer aliases",
            )

    def _enter(self, node: yaml.Node, depth: int) -> None:
        """Count a mapping or list, and refuse one nested too deep or inside itself."""
        self._spend(node)
        if depth > MAX_DEPTH:
            raise Limit(node, f"it nests mappings and lists more than {MAX_DEPTH} levels deep")
        if id(node) in self.active:
            raise Limit(node, "an alias refers to a mapping or list that holds it (a cycle)")
        self.active.add(id(node))

    def _pairs(self, node: yaml.MappingNode, depth: int) -> list[tuple[yaml.Node, yaml.Node, bool]]:
        """The key/value pairs of a mapping, with merge keys (``<<: *base``) flattened as
        PyYAML does: merged pairs first (of a list of mappings, the first one's win), then
        the mapping's own, which win over every merged one. The flag marks its own pairs."""
        merged: list[tuple[yaml.Node, yaml.Node, bool]] = []
        own: list[tuple[yaml.Node, yaml.Node, bool]] = []
        for key_node, value_node in node.value:
            if key_node.tag != MERGE:
                own.append((key_node, value_node, True))
                continue
            sources = (
                value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            )
            groups = []
            for source in sources:
                if not isinstance(source, yaml.MappingNode):
                    raise Limit(source, "a merge key ('<<') must name a mapping or a list of them")
                self._enter(source, depth + 1)
                groups.append([(k, v, False) for k, v, _ in self._pairs(source, depth + 1)])
                self.active.discard(id(source))
            for group in reversed(groups):
                merged.extend(group)
        return merged + own

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        self._enter(node, depth)
        merges = any(key_node.tag == MERGE for key_node, _ in node.value)
        pairs = self._pairs(node, depth) if merges else node.value
        result: dict[str, Any] = {}
        raw = self.raw
        explicit: set[str] = set()  # the mapping's own keys (merged ones may be overridden)
        for pair in pairs:
            key_node, value_node = pair[0], pair[1]
            if key_node.tag == STR:  # most keys
                key = key_node.value
            elif isinstance(key_node, yaml.ScalarNode):
                self._spend(key_node)
                key = str(self._scalar(key_node))
            else:
                key = "?"
            if not merges or pair[2]:  # a key of the mapping's own
                if key in explicit:
                    self._duplicate(path, key, key_node)
                explicit.add(key)
            here = (*path, key)
            raw[here] = (key_node, value_node)
            if value_node.tag == STR and type(value_node) is yaml.ScalarNode:  # most values
                self.budget -= 1
                if self.budget < 0:
                    self._spend(value_node)  # raises
                result[key] = value_node.value
            else:
                result[key] = self._value(value_node, here, depth)
        self.active.discard(id(node))
        return result

    def _duplicate(self, path: Path_, key: str, key_node: yaml.Node) -> None:
        first = self.node(*self.raw[(*path, key)])
        line, column = self._pos(key_node.start_mark)
        self.problems.append(
            Problem(
                "duplicate-key",
                line,
                column,
                f"key '{key}' is repeated (first at line {first.key_line}); "
                "YAML keeps only the last value",
            )
        )

    def _record(self, path: Path_, key_node: yaml.Node, value_node: yaml.Node) -> None:
        self.raw[path] = (key_node, value_node)

    def node(self, key_node: yaml.Node, value_node: yaml.Node) -> Node:
        key_line, key_column = self._pos(key_node.start_mark)
        line, column = self._pos(value_node.start_mark)
        start = self.start + self.shift + value_node.start_mark.index
        end = self.start + self.shift + value_node.end_mark.index
        style = getattr(value_node, "style", None) or (
            "{}" if isinstance(value_node, yaml.MappingNode) else None
        )
        indent = body_start = 0
        if style in ("|", ">"):
            body_start, indent = block_body(self.text, start, end)
            end = strip_break(self.text, start, end)
        return Node(key_line, key_column, line, column, start, end, style, indent, body_start)

    def _scalar(self, node: yaml.Node) -> Any:
        tag, value = node.tag, node.value
        if tag == STR:  # most values: skip the constructor's dispatch
            return value
        if tag == INT and len(value) > MAX_INT_DIGITS:
            raise Limit(node, f"an integer of {len(value):,} digits (at most {MAX_INT_DIGITS})")
        if tag == INT and value.isdigit() and (value[0] != "0" or value == "0"):
            return int(value)  # YAML 1.1 reads a leading 0 as octal: leave that to PyYAML
        try:
            value = self.loader.construct_object(node, deep=True)
        except Exception:  # any tag on any text: `!!timestamp x` raises
            # AttributeError in PyYAML, `2025-13-45` ValueError; the text is the value
            return node.value
        if isinstance(value, dt.datetime | dt.date):
            return value.isoformat()
        return value
