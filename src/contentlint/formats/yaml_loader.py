"""The YAML side of reading frontmatter: a safe loader whose tags resolve fast, the limits on
what a page's YAML may expand to, and the text around a block scalar.

``frontmatter.py`` builds a page's values and positions with these; nothing here knows a page.
"""

from __future__ import annotations

from typing import Any, ClassVar

import yaml

try:  # the C loader is 5-10x faster; fall back to pure Python where libyaml is missing
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

STR = "tag:yaml.org,2002:str"
MAP = "tag:yaml.org,2002:map"
SEQ = "tag:yaml.org,2002:seq"


class Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The safe loader, with the tag of a plain scalar resolved in fewer steps: libyaml
    calls ``resolve`` once for every key and value (some 80 times a page), and PyYAML's
    generic version was a tenth of the time a page took."""

    yaml_path_resolvers: ClassVar[dict[Any, Any]] = {}  # none, ever: ``resolve`` relies on it

    _by_first: ClassVar[dict[str, tuple[Any, ...]]] = {
        first: tuple(resolvers + _BaseLoader.yaml_implicit_resolvers.get(None, []))
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
        if first is not None
    }
    _wildcard: ClassVar[tuple[Any, ...]] = tuple(_BaseLoader.yaml_implicit_resolvers.get(None, []))

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        # No path resolvers are ever added to this loader, so the tag depends only on the
        # node's kind and, for a plain scalar, its text: a quoted or block scalar is a
        # string without a look at any pattern.
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self._by_first.get(value[:1], self._wildcard):
                    if regexp.match(value):
                        return tag
            return STR
        return MAP if kind is yaml.MappingNode else SEQ

    # libyaml's composer calls these around every node, for path resolvers: there are none.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


INT = "tag:yaml.org,2002:int"
OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")  # line breaks to YAML, not to a file
MAX_DEPTH = 100  # nesting of mappings and lists; real pages nest three levels
MAX_VALUES = 100_000  # values built, aliases expanded: real pages have a few hundred
MAX_INT_DIGITS = 1000  # Python refuses to read more than 4,300 digits anyway
MERGE = "tag:yaml.org,2002:merge"


class Limit(Exception):
    """The frontmatter is beyond what contentlint reads (see the limits above)."""

    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.node = node


def strip_break(text: str, start: int, end: int) -> int:
    """A block scalar's span without its final line break (and any blank lines before it),
    so that an edit of the value never touches the line structure around it."""
    while end > start and text[end - 1] in "\r\n":
        end -= 1
    return end


def block_body(text: str, start: int, end: int) -> tuple[int, int]:
    """Where a block scalar's content starts, and the indentation of its first line."""
    newline = text.find("\n", start, end)
    if newline == -1 or text[end - 1 : end] != "\n":
        return 0, 0
    line = text[newline + 1 : end]
    return newline + 1, len(line) - len(line.lstrip(" "))
