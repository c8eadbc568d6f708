"""The frontmatter loader's shortcuts give what the slow, general way gives."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from contentlint.formats import frontmatter, yaml_loader
from contentlint.formats.frontmatter import _CLOSE, _closing, load
from contentlint.formats.yaml_loader import Loader

LINES = st.lists(
    st.sampled_from(["---", "...", "----", "--- ", "...\r", "-- -", "a: 1", "", "  ---", "x---"]),
    max_size=8,
)


@given(LINES, st.sampled_from(["\n", "\r\n"]))
def test_closing_delimiter_found_as_the_regex_finds_it(lines: list[str], newline: str) -> None:
    text = "---\n" + newline.join(lines)
    expected = _CLOSE.search(text, 4)
    found = _closing(text, 4)
    assert (found and found.span()) == (expected and expected.span())


SCALARS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            "~",
            "null",
            "Null",
            "yes",
            "No",
            "on",
            "OFF",
            "true",
            "1",
            "-2",
            "0o17",
            "0x1f",
            "1.5e3",
            ".inf",
            "-.Inf",
            ".nan",
            "2024-01-31",
            "2024-13-45",
            "12:30:00",
            "<<",
            "=",
            "1_000",
            "+12",
            "0b101",
            "title",
            "Yes please",
        ]
    ),
)


@given(SCALARS, st.booleans(), st.booleans())
def test_quick_resolver_tags_every_scalar_as_pyyaml_does(
    value: str, plain: bool, quoted: bool
) -> None:
    loader = Loader("")
    base = yaml_loader._BaseLoader("")
    try:
        implicit = (plain, quoted)
        assert loader.resolve(yaml.ScalarNode, value, implicit) == base.resolve(
            yaml.ScalarNode, value, implicit
        )
    finally:
        loader.dispose()
        base.dispose()


def test_quick_resolver_tags_mappings_and_lists_as_pyyaml_does() -> None:
    loader, base = Loader(""), yaml_loader._BaseLoader("")
    try:
        for kind in (yaml.MappingNode, yaml.SequenceNode):
            for implicit in (True, False):
                assert loader.resolve(kind, None, implicit) == base.resolve(kind, None, implicit)
    finally:
        loader.dispose()
        base.dispose()


# Pieces of frontmatter: keys, every scalar style, nesting, and the characters that break a
# YAML line but not a file's ("\r", U+0085, U+2028, U+2029) or that libyaml skips (U+FEFF).
_PIECES = st.sampled_from(
    [
        "a: 1\n",
        "title: Ünïcode ≥ 2 cm\n",
        'q: "quoted\tvalue"\n',
        "b: >-\n    folded\n    text\n",
        "c: |\n  literal\n\n  more\n",
        "m:\n  x: 1\n  y: [1, 2]\n",
        "l:\n  - one\n  - {k: v}\n",
        "r: carriage\rreturn\n",  # a syntax error, whose position must be right too
        'd: "quoted\rbreak"\n',
        "w: a\r\n",
        "n: next\x85line\n",
        "s: sep\u2028arator\n",
        "p: para\u2029graph\n",
        "z: \ufeffbom\n",
        "e: 😀 wide\n",
    ]
)


@settings(max_examples=300)
@given(
    st.lists(_PIECES, min_size=1, max_size=8),
    st.sampled_from(["", "\ufeff"]),
    st.sampled_from(["", "\ufeff"]),
)
def test_positions_from_marks_equal_positions_from_offsets(
    pieces: list[str], bom: str, lead: str
) -> None:
    """Where libyaml's own line and column are used (the text has no line break the file
    does not share), they are exactly what counting the file's characters gives."""
    keys = [piece.split(":", 1)[0] for piece in pieces]
    if len(set(keys)) != len(keys):
        return  # a repeated key is a different test
    text = bom + "---\n" + lead + "".join(pieces) + "---\nbody\n"
    fast = load(text)
    if not isinstance(fast, frontmatter.Frontmatter):
        return
    slow = frontmatter.split(text)
    assert isinstance(slow, frontmatter.Frontmatter)
    builder = frontmatter._Builder(text, slow)
    builder.marks_agree = False
    builder.build()
    assert slow.data == fast.data
    assert slow.problems == fast.problems
    for path in fast.nodes:
        assert fast.nodes[path] == slow.nodes[path], path
        assert fast.nodes.key_position(path) == slow.nodes.key_position(path), path
        node = fast.nodes[path]  # and the position is where the value's text starts
        line, column = (
            text.count("\n", 0, node.start) + 1,
            node.start - text.rfind("\n", 0, node.start),
        )
        assert (node.line, node.column) == (line, column), path


def test_a_leading_byte_order_mark_in_the_yaml_keeps_positions_right() -> None:
    fm = load("---\n\ufeffa: 1\nk: 2\n---\n")
    assert isinstance(fm, frontmatter.Frontmatter)
    assert fm.nodes.key_position(("k",)) == (3, 1)
    assert fm.nodes.value_position(("k",)) == (3, 4)


def test_values_and_positions() -> None:
    text = '---\nid: 12\ntitle: "A title"\nrelated_article1:\n  url: /a\ntags: [x, 2]\n---\nbody\n'
    fm = load(text)
    assert isinstance(fm, frontmatter.Frontmatter)
    assert fm.data == {
        "id": 12,
        "title": "A title",
        "related_article1": {"url": "/a"},
        "tags": ["x", 2],
    }
    assert fm.nodes.value_position(("title",)) == (3, 8)
    assert fm.nodes.value_position(("related_article1", "url")) == (5, 8)
    assert fm.nodes.value_position(("missing",)) is None
    node = fm.nodes[("title",)]
    assert (node.key_line, node.key_column, node.line, node.column) == (3, 1, 3, 8)
    assert fm.nodes.value_position(("title",)) == (node.line, node.column)  # once built too


def test_unclosed_frontmatter() -> None:
    assert isinstance(load("---\na: 1\n-- \n"), frontmatter.Problem)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab\n\r\u2028é", max_size=40), st.data())
def test_line_map_counts_lines_and_columns(text: str, data) -> None:
    """`LineMap` (the one offset -> position map) agrees with counting by hand, for the whole
    text and for a stretch of it with its own first line."""
    from contentlint.source import LineMap

    offset = data.draw(st.integers(0, len(text)))
    expected = (text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1)
    assert LineMap(text).position(offset) == expected
    start = data.draw(st.integers(0, offset))
    if start == 0 or text[start - 1] == "\n":  # a stretch starts a line
        first = text.count("\n", 0, start) + 1
        assert LineMap(text, start, len(text), first).position(offset) == expected


def test_a_loaded_frontmatter_is_freed_at_once_not_by_the_garbage_collector() -> None:
    """No reference cycle per page: at 100,000 pages, cycles left for the collector cost
    nearly half of the time a page took."""
    import gc

    texts = [
        "---\nid: 1\ntitle: >-\n    A title\nrelated_article1:\n  id: 2\n  url: /a\n---\nbody\n",
        "---\nk: 1\nk: 2\nbase: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\n---\n",  # duplicate, merge
        "---\nr: carriage\rreturn\n---\n",  # a syntax error
    ]
    gc.collect()
    gc.disable()
    try:
        for text in texts:
            fm = load(text)
            assert isinstance(fm, frontmatter.Frontmatter)
            for path in fm.nodes:  # positions asked after the build, as rules ask them
                fm.nodes[path]
            del fm
        assert gc.collect() == 0
    finally:
        gc.enable()
