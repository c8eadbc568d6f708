"""Analyse one file: read it, parse it, run the file rules; and turn rules' hits into findings.

This is what a worker process runs for each file (:meth:`Analyser.outcome`), and what
``fix`` runs again on a file's proposed text (:meth:`Analyser.analyse`). It holds no state
about the corpus: the run (``pipeline/run.py``) keeps that.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from contentlint.cache import digest
from contentlint.config import Config
from contentlint.discover import matches, relative_to
from contentlint.formats import Document, by_name, parse_document
from contentlint.formats.edits import replace_scalar
from contentlint.index import Entry, Index
from contentlint.model import Edit, Finding
from contentlint.rules.registry import Hit, Rule, Unread, read_rules
from contentlint.source import Source, read_source, utf8_name
from contentlint.suppress import Suppression, suppressions


@dataclass(slots=True)
class FileState:
    """One file asked about. ``source`` and ``doc`` are kept only when fixing."""

    path: str  # as listed: relative to the current folder, or absolute
    display: str
    source: Source | None = None
    doc: Document | None = None
    entry: Entry | None = None
    local: Sequence[Finding] = ()
    corpus: list[Finding] | None = None  # cross-file findings, when known already (cache)
    skipped: bool = False  # no frontmatter, and no format claims it
    suppressions: tuple[Suppression, ...] = ()  # the file's suppression comments


@dataclass(slots=True)
class Outcome:
    """What analysing one file yields: small and picklable (for workers and the cache)."""

    entry: Entry | None
    local: list[Finding] | None  # None: file rules were not run (a corpus-only file)
    skipped: bool = False
    size: int = -1
    mtime_ns: int = -1
    digest: bytes = b""
    suppressions: tuple[Suppression, ...] = ()


@dataclass(slots=True)
class Loaded:
    """What loading produced, for the run to adopt: the files asked about, every document's
    index entry, and the paths named that do not exist."""

    display: Callable[[str], str]  # how the run shows a file's name
    states: dict[str, FileState] = field(default_factory=dict)
    entries: dict[str, Entry] = field(default_factory=dict)
    missing: list[Path] = field(default_factory=list)

    def add_state(
        self,
        path: str,
        local: Sequence[Finding],
        corpus: list[Finding] | None,
        skipped: bool,
        entry: Entry | None = None,
        suppressions: tuple[Suppression, ...] = (),
    ) -> FileState:
        """Record a file asked about."""
        display = self.display(path)
        if entry is not None and entry.path == display:
            entry.path = display  # one string for both
        if local and local[0].path != display:  # cached while the run was elsewhere
            local = [replace(f, path=display) for f in local]
        state = FileState(path, display, entry=entry, local=local, corpus=corpus)
        state.skipped, state.suppressions = skipped, suppressions
        self.states[path] = state
        return state


def display_path(path: Path | str, cwd: Path) -> str:
    """``path`` relative to the current folder when it is inside it, else absolute."""
    text, base = str(path), str(cwd)
    if text.startswith(base.rstrip(os.sep) + os.sep):
        return text[len(base.rstrip(os.sep)) + 1 :]
    return text


def cannot_read(exc: OSError) -> str:
    return f"cannot read the file: {exc.strerror or exc}"


def skipped(doc: Document, local: Sequence[Finding] | None) -> bool:
    """No frontmatter, no format claims the file, and no rule had anything to say of it."""
    return doc.format is None and doc.frontmatter is None and not doc.unclosed and not local


class Analyser:
    """The configuration, the rules and their options: all that analysing a file needs."""

    def __init__(self, config: Config, rules: list[Rule], cwd: Path) -> None:
        self.config = config
        self.cwd = cwd
        self.file_rules = [r for r in rules if r.scope == "file"]
        self.corpus_rules = [r for r in rules if r.scope == "corpus"]
        # judged last, once a file's every finding is known (``Linter.visible``)
        self.suppression_rules = [r for r in rules if r.scope == "suppression"]
        # the rules whose findings a suppression can be judged against
        self.judged = frozenset(r.name for r in rules if r.scope in ("file", "corpus"))
        # a file that cannot be read is reported whatever the selection: it was not checked
        self.read_rules = read_rules()
        self.options = {r.name: config.rule_options(r) for r in [*rules, *self.read_rules]}
        self.types = config.types
        self.digests = True  # each outcome carries its file's digest (only a cache needs it)

    def outcome(self, path: str, asked: bool) -> Outcome:
        """Analyse one file: its index entry and, when it was asked about, its findings."""
        display = display_path(path, self.cwd)
        if not utf8_name(path):
            reason = "the file name is not valid UTF-8: rename the file"
            return Outcome(None, self.unread(display, reason) if asked else [])
        try:
            source = read_source(Path(path), display, self.config.max_file_size)
        except OSError as exc:
            return Outcome(None, self.unread(display, cannot_read(exc)) if asked else [])
        doc = self.parse(source)
        local = self.file_findings(doc) if asked else None
        passed = skipped(doc, local)  # a file no format claims: its comments are not ours
        return Outcome(
            self.entry(doc),
            local,
            passed,
            source.size,
            source.mtime_ns,
            digest(source.raw) if self.digests else b"",
            () if passed else suppressions(doc),
        )

    def analyse(self, path: str, text: str | None = None) -> FileState:
        """A file's state, from disk or from ``text``, with its text and document kept."""
        state = FileState(path, display_path(path, self.cwd))
        if text is None:
            try:
                source = read_source(Path(path), state.display, self.config.max_file_size)
            except OSError as exc:
                state.local = self.unread(state.display, cannot_read(exc))
                return state
        else:
            source = Source(Path(path), state.display, text.encode("utf-8"), text)
        state.source = source
        doc = state.doc = self.parse(source)
        state.local = self.file_findings(doc)
        state.skipped = skipped(doc, state.local)
        state.suppressions = () if state.skipped else suppressions(doc)
        state.entry = self.entry(doc)
        return state

    def parse(self, source: Source) -> Document:
        doc = parse_document(source, self.config.format_options(), self.types)
        doc.extra["max_file_size"] = self.config.max_file_size
        if self.config.require_frontmatter:
            relative = relative_to(source.path, self.config.base)
            doc.extra["require_frontmatter"] = matches(relative, self.config.require_frontmatter)
        return doc

    @staticmethod
    def entry(doc: Document) -> Entry | None:
        fmt = by_name().get(doc.format or "")
        return fmt.entry(doc) if fmt is not None else None

    # -- rules -------------------------------------------------------------------------
    def finding(self, rule: Rule, path: str, hit: Hit, doc: Document | None = None) -> Finding:
        """A rule's hit as a finding: its severity as configured, its edits against ``doc``
        (an edit of a frontmatter value waits for the document when it is not in memory)."""
        edits: list[Edit] = []
        deferred = False
        for edit in hit.edits:
            if isinstance(edit, Edit):
                edits.append(edit)
                continue
            nodes = doc.frontmatter.nodes if doc and doc.frontmatter else None
            where = edit.path
            if nodes is not None and edit.at:  # the value that stands there
                where = next((p for p in nodes if nodes.value_position(p) == edit.at), None)
            node = nodes.get(where) if nodes is not None and where is not None else None
            if node is not None:
                edits.append(replace_scalar(node, edit.value))
            else:
                deferred = True
        return Finding(
            path=path,
            line=hit.line,
            column=hit.column,
            code=rule.code,
            rule=rule.name,
            severity=self.config.severity.get(rule.name) or hit.severity or rule.severity,
            message=hit.message,
            edits=tuple(edits),
            deferred=deferred and not edits,
        )

    def unread(self, display: str, reason: str) -> list[Finding]:
        """The findings for a file that was not read, and why."""
        unread = Unread(reason)
        return [
            self.finding(rule, display, hit)
            for rule in self.read_rules
            for hit in rule.check(unread, self.options[rule.name])
        ]

    @staticmethod
    def applies(rule: Rule, doc: Document) -> bool:
        if doc.format is None and doc.frontmatter is None:
            return rule.unclaimed
        if rule.roles and (doc.type is None or not all(doc.type.has(r) for r in rule.roles)):
            return False
        return rule.formats is None or doc.format in rule.formats

    def file_findings(self, doc: Document) -> list[Finding]:
        findings = []
        for rule in self.file_rules:
            if self.applies(rule, doc):
                for hit in rule.check(doc, self.options[rule.name]):
                    findings.append(self.finding(rule, doc.source.display, hit, doc))
        return findings

    def cross_file(
        self, entry: Entry, display: str, index: Index, doc: Document | None = None
    ) -> list[Finding]:
        """The findings of the cross-file rules for one document."""
        findings = []
        kind = self.types.get(entry.type)
        for rule in self.corpus_rules:
            if rule.roles and (kind is None or not all(kind.has(r) for r in rule.roles)):
                continue
            if rule.formats is None or (kind is not None and kind.format in rule.formats):
                for hit in rule.check(entry, index, self.options[rule.name]):
                    findings.append(self.finding(rule, display, hit, doc))
        return findings
