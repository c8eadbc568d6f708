"""Inline suppressions: comments that silence named rules' findings on some lines.

The forms, for users, and how the pipeline calls :func:`suppressions` and :func:`apply`, are
in ``rules/suppressions.py``. Frontmatter comments are found by scanning its lines: a ``#``
in a scalar's text (quoted, plain, a block scalar's lines: the parsed nodes give their spans)
is not a comment, and a frontmatter that does not load holds no suppressions. Body markers
are HTML comments, outside fenced code blocks in Markdown (the plain-text export has none).
A marker that names no rule or an unknown directive (kind ``invalid``), and an enable that
ends nothing (kind ``enable``), cover no line: they are kept for the rule to report. A page
without the word ``contentlint`` costs one ``str.find``; every scan moves forward only, so
the time is linear in the text whatever it holds.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING, Any

import yaml

from contentlint.model import Finding

if TYPE_CHECKING:
    from contentlint.formats.base import Document

__all__ = ["ALL", "KINDS", "Suppression", "Used", "apply", "suppressions"]

MARK = "contentlint"
ALL = "ALL"
#: a key's lines, every line, a disable to its enable, one line, an idle enable, unreadable
KINDS = ("key", "file", "range", "next-line", "enable", "invalid")
DIRECTIVES = ("disable", "enable", "disable-next-line", "disable-file")

# Each quantifier is a run of one character class between literals: none can backtrack.
_FM_MARK = re.compile(r"#[ \t]*contentlint[ \t]*:")
_FM_FORM = re.compile(r"[ \t]*(disable-file|disable)[ \t]*=([^#\r\n]*)")
_BODY_MARK = re.compile(r"[ \t\r\n]*contentlint-")
_RUN = re.compile(r"`+|~+")
_NEEDLES = {True: ("<!--", "```", "~~~"), False: ("<!--",)}  # what Markdown, plain text hold

#: For ``benchmarks/regex_adversarial.py``: each pattern, with inputs hard on backtracking.
CONTENT_PATTERNS = (
    ("fm-mark", _FM_MARK.match, (("#", " \t", "contentlint"), ("#", " ", "x"))),
    ("fm-form", _FM_FORM.match, (("disable", " ", "x"), ("disable=", "a,", "#"))),
    ("body-mark", _BODY_MARK.match, (("", " \n", "contentlint"), ("", "\t", "x"))),
    ("run", _RUN.match, (("", "`", "x"), ("", "~", "`"))),
)


@dataclass(frozen=True, slots=True)
class Suppression:
    """One marker: where it is (1-based, for reporting), the rules it names as written, and
    the lines it covers (``first`` to ``last``, both included; none when ``last < first``)."""

    line: int
    column: int
    rules: tuple[str, ...]
    first: int
    last: int
    kind: str  # one of KINDS

    def row(self) -> tuple[int, int, tuple[str, ...], int, int, str]:
        """Plain values for the cache's JSON; :meth:`from_row` reads them back."""
        return (self.line, self.column, self.rules, self.first, self.last, self.kind)

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> Suppression:
        line, column, rules, first, last, kind = row
        return cls(int(line), int(column), tuple(map(str, rules)), int(first), int(last), kind)


Used = tuple[tuple[bool, ...], ...]  # per suppression, per rule it names: did it suppress?


def suppressions(doc: Document) -> tuple[Suppression, ...]:
    """Every suppression in the document, in the order of the text."""
    text = doc.source.text
    if text.find(MARK) == -1 or doc.unclosed is not None:
        return ()
    found: list[Suppression] = []
    fm, body = doc.frontmatter, 0
    if fm is not None:
        if fm.data is not None and text.find(MARK, fm.start, fm.end) != -1:
            found += _Yaml(doc).scan()
        newline = text.find("\n", fm.end)
        body = len(text) if newline == -1 else newline + 1
    if text.find(MARK, body) != -1:
        found += _Body(doc, body).scan()
    return tuple(sorted(found, key=lambda s: (s.line, s.column, s.first)))


def _rules(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(text.replace(",", " ").split()))


def _last_line(doc: Document) -> int:
    return doc.source.position(len(doc.source.text))[0]


def _line_end(text: str, at: int, end: int) -> int:
    stop = text.find("\n", at, end)
    return end if stop == -1 else stop


class _Yaml:
    """Comments in the frontmatter, and the keys they belong to."""

    def __init__(self, doc: Document) -> None:
        fm = doc.frontmatter
        assert fm is not None
        self.doc, self.text, self.base, self.end = doc, doc.source.text, fm.start, fm.end
        self.raw = fm.nodes.raw
        self.ends: dict[int, int] = {}  # id(node) -> where the last text it holds ends
        self.lasts: dict[tuple[str | int, ...], int] = {}
        spans: dict[int, tuple[int, int]] = {}
        keys = []
        for path, (key, value) in self.raw.items():
            for node in (key, value):
                if isinstance(node, yaml.ScalarNode) and id(node) not in spans:
                    start, end = self.base + node.start_mark.index, self.base + node.end_mark.index
                    if node.style in ("|", ">"):  # its header line may hold a comment
                        start = _line_end(self.text, start, end) + 1
                    spans[id(node)] = (start, end)
            keys.append((self.base + key.start_mark.index, len(path), path))
        self.spans = sorted(spans.values())
        self.span_starts = [start for start, _ in self.spans]
        keys.sort(key=lambda k: k[:2])  # outer keys first among those starting together
        self.keys = [path for _, _, path in keys]
        self.key_lines = [self.line(offset) for offset, _, _ in keys]

    def line(self, offset: int) -> int:
        return self.doc.source.position(offset)[0]

    def _text_end(self, offset: int) -> int | None:
        """The end of the scalar whose text holds ``offset``; None when none does."""
        index = bisect.bisect_right(self.span_starts, offset) - 1
        return self.spans[index][1] if index >= 0 and offset < self.spans[index][1] else None

    def scan(self) -> list[Suppression]:
        found, text, end = [], self.text, self.end
        at = text.find(MARK, self.base, end)
        while at != -1:
            stop = _line_end(text, at, end)
            found.append(self._line(text.rfind("\n", self.base, at) + 1 or self.base, stop))
            at = text.find(MARK, stop, end)
        return [s for s in found if s is not None]

    def _line(self, start: int, stop: int) -> Suppression | None:
        text = self.text
        comment = text.find("#", start, stop)
        while comment != -1:  # the comment starts at the first '#' outside a scalar's text
            inside = self._text_end(comment)
            if inside is None:
                break
            comment = text.find("#", max(inside, comment + 1), stop)
        if comment == -1:
            return None
        mark, word = None, text.find(MARK, comment, stop)
        while mark is None and word != -1:  # '#', blanks, the word: after other text, too
            hash_ = word - 1
            while hash_ > comment and text[hash_] in " \t":
                hash_ -= 1
            mark = _FM_MARK.match(text, hash_, stop)
            word = text.find(MARK, word + 1, stop)
        if mark is None:
            return None
        line, column = self.doc.source.position(mark.start())
        form = _FM_FORM.match(text, mark.end(), stop)
        rules = _rules(form.group(2)) if form else ()
        if form is None or not rules:
            return Suppression(line, column, (), line, line - 1, "invalid")
        if form.group(1) == "disable-file":
            return Suppression(line, column, rules, 1, _last_line(self.doc), "file")
        first, last = self._key_lines(line, alone=not text[start:comment].strip())
        return Suppression(line, column, rules, first, last, "key")

    def _key_lines(self, line: int, alone: bool) -> tuple[int, int]:
        """The lines of a comment's key: the next key below it when alone on its line, else
        the keys starting on its line, else the innermost key whose value runs through it."""
        lines = self.key_lines
        if alone:
            index = bisect.bisect_right(lines, line)
            if index == len(lines):
                return line, line
            line = lines[index]
        low, high = bisect.bisect_left(lines, line), bisect.bisect_right(lines, line)
        if low < high:
            return line, max(self._last(self.keys[i]) for i in range(low, high))
        path = self.keys[low - 1] if low else ()
        while path:
            if self._last(path) >= line:
                return self.line(self.base + self.raw[path][0].start_mark.index), self._last(path)
            path = path[:-1]
        return line, line

    def _last(self, path: tuple[str | int, ...]) -> int:
        """The last line of a key's value (its own line for an alias to an earlier node)."""
        last = self.lasts.get(path)
        if last is None:
            key, value = self.raw[path]
            start, end = self.base + key.start_mark.index, self._end(value)
            if end < start:  # an alias: the node it names was written before this key
                end = self.base + key.end_mark.index
            last = self.lasts[path] = self.line(max(start, end - 1))
        return last

    def _end(self, node: yaml.Node) -> int:
        """Where a node's last text ends (a block collection's end mark runs on past the
        comments and blank lines after it: its children's ends are used)."""
        end = self.ends.get(id(node))
        if end is None:
            if isinstance(node, yaml.ScalarNode) or node.flow_style:
                end = self.base + node.end_mark.index
            elif isinstance(node, yaml.MappingNode):
                end = max((max(self._end(k), self._end(v)) for k, v in node.value), default=0)
            else:
                end = max((self._end(item) for item in node.value), default=0)
            self.ends[id(node)] = end
        return end


def _fence(text: str, start: int, stop: int) -> tuple[str, int, int] | None:
    """A fence line (<= 3 spaces, >= 3 ` or ~): its character, length and where the run ends."""
    indent = start
    while indent < stop and indent - start < 4 and text[indent] == " ":
        indent += 1
    run = _RUN.match(text, indent, stop) if indent - start <= 3 else None
    if run is None or run.end() - run.start() < 3:
        return None
    return text[indent], run.end() - run.start(), run.end()


class _Body:
    """HTML comments in the body, outside fenced code blocks (in Markdown)."""

    def __init__(self, doc: Document, start: int) -> None:
        self.doc, self.text, self.start = doc, doc.source.text, start
        # the plain-text export (claimed without frontmatter) has no Markdown code
        self.markdown = not (doc.frontmatter is None and doc.format is not None)
        self.found: list[Suppression] = []
        # each disable: line, column, rules, first line, and the indexes of its rules ended
        self.open: list[tuple[int, int, tuple[str, ...], int, set[int]]] = []
        self.waiting: dict[str, list[tuple[int, int]]] = {}  # key -> (disable, index) not ended
        self.keys: dict[str, str] = {}
        self.nexts: dict[str, int] = {}  # where each string was found next (scans go forward)

    def _next(self, needle: str, at: int) -> int:
        found = self.nexts.get(needle, -2)
        if found != -1 and found < at:
            found = self.nexts[needle] = self.text.find(needle, at)
        return found

    def scan(self) -> list[Suppression]:
        """Go from line to line that holds a comment opening or a fence's characters."""
        text, size = self.text, len(self.text)
        fence: tuple[str, int] | None = None
        at = self.start
        while 0 <= at < size:
            needles = (fence[0] * 3,) if fence else _NEEDLES[self.markdown]
            hits = [hit for hit in (self._next(n, at) for n in needles) if hit != -1]
            if not hits:
                break
            at = text.rfind("\n", at, min(hits)) + 1 or at
            stop = _line_end(text, at, size)
            found = _fence(text, at, stop) if self.markdown else None
            if fence is not None:
                if found and found[0] == fence[0] and found[1] >= fence[1]:
                    fence = None if not text[found[2] : stop].strip() else fence
                at = stop + 1
            elif found and not (found[0] == "`" and text.find("`", found[2], stop) != -1):
                fence, at = found[:2], stop + 1
            else:
                at = self._comments(at, stop)
        last = _last_line(self.doc)
        for line, column, rules, first, ended in self.open:
            left = tuple(rule for i, rule in enumerate(rules) if i not in ended)
            if left:
                self.found.append(Suppression(line, column, left, first, last, "range"))
        return self.found

    def _comments(self, at: int, stop: int) -> int:
        """The comments opening on this line (one may end on a later line): where to go on."""
        text = self.text
        opening = text.find("<!--", at, stop)
        while opening != -1:
            closing = text.find("-->", opening + 2)  # `<!-->` and `<!--->` are comments too
            if closing == -1:
                return -1
            self._comment(opening, closing)
            at = closing + 3
            if at > stop:  # it ended on a later line: read the rest of that one
                stop = _line_end(text, at, len(text))
            opening = text.find("<!--", at, stop)
        return stop + 1

    def _comment(self, opening: int, closing: int) -> None:
        mark = _BODY_MARK.match(self.text, opening + 4, closing)
        if mark is None:
            return
        rest = self.text[mark.end() : closing]
        words = rest.replace(",", " ").split()
        directive = words[0] if words and not rest[:1].isspace() else ""
        rules = tuple(dict.fromkeys(words[1:]))
        line, column = self.doc.source.position(opening)
        if not rules or directive not in DIRECTIVES:
            self.found.append(Suppression(line, column, (), line, line - 1, "invalid"))
        elif directive == "disable":
            for index, token in enumerate(rules):
                self.waiting.setdefault(self._key(token), []).append((len(self.open), index))
            self.open.append((line, column, rules, line, set()))
        elif directive == "enable":
            self._enable(line, column, rules)
        elif directive == "disable-file":
            self.found.append(Suppression(line, column, rules, 1, _last_line(self.doc), "file"))
        else:
            next_line = self.doc.source.position(closing)[0] + 1
            self.found.append(Suppression(line, column, rules, next_line, next_line, "next-line"))

    def _key(self, token: str) -> str:
        """One spelling for a rule, so that ``enable EN001`` ends ``disable mojibake``."""
        key = self.keys.get(token)
        if key is None:
            from contentlint.rules import load_families
            from contentlint.rules.registry import named

            load_families()
            found = named(token)
            key = found.name if found else ALL if token.upper() == ALL else token.casefold()
            self.keys[token] = key
        return key

    def _enable(self, line: int, column: int, rules: tuple[str, ...]) -> None:
        """End the disables of these rules: each (disable, rule) is ended once (linear)."""
        keys = {self._key(token) for token in rules}
        hits: dict[int, list[int]] = {}  # open disable -> the indexes of its rules ended
        ended = set()
        for key in list(self.waiting) if ALL in keys else keys & self.waiting.keys():
            ended.add(key)
            for entry, index in self.waiting.pop(key):
                hits.setdefault(entry, []).append(index)
        if hits and ALL in keys:
            ended.add(ALL)
        for entry in sorted(hits):
            open_line, open_column, names, first, gone = self.open[entry]
            gone.update(hits[entry])
            done = tuple(names[i] for i in sorted(hits[entry]))
            last = max(first, line - 1)
            self.found.append(Suppression(open_line, open_column, done, first, last, "range"))
        stray = tuple(token for token in rules if self._key(token) not in ended)
        if stray:
            self.found.append(Suppression(line, column, stray, line, line - 1, "enable"))


def apply(
    findings: Iterable[Finding], found: Sequence[Suppression], used: Used | None = None
) -> tuple[list[Finding], Used]:
    """The findings no suppression covers, and which rules of each suppression suppressed at
    least one finding. ``used`` goes on from an earlier call with the same suppressions
    (the file's own findings first, say, and its cross-file findings later)."""
    findings = list(findings)
    if not found:
        return findings, ()
    flags = [list(u) for u in used] if used else [[False] * len(s.rules) for s in found]
    at: dict[str, list[int]] = {ALL: []}  # a rule's name, or its code -> its findings' lines
    for f in findings:
        for key in {f.rule, f.code, ALL}:
            at.setdefault(key, []).append(f.line)
    for lines in at.values():
        lines.sort()
    covered: dict[str, list[tuple[int, int]]] = {}
    for s, marks in zip(found, flags, strict=True):
        if s.last < s.first:
            continue
        for index, token in enumerate(s.rules):
            keys = {token, token.upper()} if token.upper() != ALL else {ALL}
            for lines in filter(None, map(at.get, keys)):
                after = bisect.bisect_left(lines, s.first)
                marks[index] = marks[index] or (after < len(lines) and lines[after] <= s.last)
            for key in keys:
                covered.setdefault(key, []).append((s.first, s.last))
    spans = {key: _cover(pairs) for key, pairs in covered.items()}
    kept = [
        f for f in findings if not any(_inside(spans.get(k), f.line) for k in (f.rule, f.code, ALL))
    ]
    return kept, tuple(tuple(marks) for marks in flags)


def _cover(pairs: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Sorted first lines, and the furthest last line reached so far."""
    pairs.sort()
    return [first for first, _ in pairs], list(accumulate((last for _, last in pairs), max))


def _inside(cover: tuple[list[int], list[int]] | None, line: int) -> bool:
    index = bisect.bisect_right(cover[0], line) - 1 if cover else -1
    return cover is not None and index >= 0 and cover[1][index] >= line
