"""The pipeline: discover -> read -> parse -> index -> rules -> findings.

:class:`Linter` holds one run's state. ``check`` runs it once; ``fix`` (see ``fixer.py``)
runs it, applies edits, and asks it to re-check the files it changed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from contentlint.config import Config
from contentlint.discover import corpus_root, expand, list_folder, matches, relative_to
from contentlint.formats import BY_NAME, Document, parse_document
from contentlint.index import Entry, Index
from contentlint.model import Finding
from contentlint.rules.registry import REGISTRY, Hit, Rule
from contentlint.source import Source, read_source


@dataclass(slots=True)
class FileState:
    path: Path
    display: str
    source: Source | None = None
    doc: Document | None = None
    entry: Entry | None = None
    local: list[Finding] = field(default_factory=list)

    @property
    def skipped(self) -> bool:
        doc = self.doc
        return (
            doc is not None
            and doc.format is None
            and doc.frontmatter is None
            and not (doc.unclosed or self.local)
        )


def display_path(path: Path, cwd: Path) -> str:
    try:
        return os.path.relpath(path, cwd) if path.is_relative_to(cwd) else str(path)
    except ValueError:
        return str(path)


class Linter:
    def __init__(self, config: Config, rules: list[Rule], cwd: Path | None = None) -> None:
        self.config = config
        self.cwd = (cwd or Path.cwd()).resolve()
        self.rules = rules
        self.file_rules = [r for r in rules if r.scope == "file"]
        self.corpus_rules = [r for r in rules if r.scope == "corpus"]
        self.states: dict[Path, FileState] = {}  # the files asked about
        self.entries: dict[Path, Entry] = {}  # every document of the corpus
        self.missing: list[Path] = []
        self._index: Index | None = None

    # -- loading -----------------------------------------------------------------------
    def load(self, paths: list[Path]) -> None:
        files, self.missing = expand(paths, self.config)
        for path in files:
            self.states[path] = self._analyze(path)
        if not self.corpus_rules:
            return
        root = corpus_root(paths, self.config)
        for path in list_folder(root, self.config):
            if path not in self.states:
                entry = self._entry_only(path)
                if entry is not None:
                    self.entries[path] = entry

    def _read(self, path: Path) -> Source | OSError:
        try:
            return read_source(path, display_path(path, self.cwd))
        except OSError as exc:
            return exc

    def _analyze(self, path: Path, text: str | None = None) -> FileState:
        state = FileState(path, display_path(path, self.cwd))
        if text is None:
            source = self._read(path)
            if isinstance(source, OSError):
                state.local = [self._io_error(state.display, source)]
                return state
        else:
            source = Source(path, state.display, text.encode("utf-8"), text)
        state.source = source
        doc = state.doc = self._parse(source)
        state.local = self._file_findings(doc)
        state.entry = self._entry(doc)
        if state.entry is not None:
            self.entries[path] = state.entry
        else:
            self.entries.pop(path, None)
        self._index = None
        return state

    def _entry_only(self, path: Path) -> Entry | None:
        source = self._read(path)
        if isinstance(source, OSError):
            return None
        return self._entry(self._parse(source))

    def _parse(self, source: Source) -> Document:
        doc = parse_document(source, self.config.format_options())
        if self.config.require_frontmatter:
            relative = relative_to(source.path, self.config.base)
            doc.extra["require_frontmatter"] = matches(relative, self.config.require_frontmatter)
        return doc

    @staticmethod
    def _entry(doc: Document) -> Entry | None:
        fmt = BY_NAME.get(doc.format or "")
        return fmt.entry(doc) if fmt is not None else None

    # -- rules -------------------------------------------------------------------------
    def _finding(self, rule: Rule, path: str, hit: Hit) -> Finding:
        return Finding(
            path=path,
            line=hit.line,
            column=hit.column,
            code=rule.code,
            rule=rule.name,
            severity=self.config.severity.get(rule.name) or hit.severity or rule.severity,
            message=hit.message,
            edits=hit.edits,
        )

    def _io_error(self, display: str, exc: OSError) -> Finding:
        rule = REGISTRY["io-error"]
        reason = exc.strerror or str(exc)
        return self._finding(rule, display, Hit(1, 1, f"cannot read the file: {reason}"))

    def _applies(self, rule: Rule, doc: Document) -> bool:
        if doc.format is None and doc.frontmatter is None:
            return rule.unclaimed
        return rule.formats is None or doc.format in rule.formats

    def _file_findings(self, doc: Document) -> list[Finding]:
        findings = []
        for rule in self.file_rules:
            if self._applies(rule, doc):
                options = self.config.rule_options(rule)
                for hit in rule.check(doc, options):
                    findings.append(self._finding(rule, doc.source.display, hit))
        return findings

    @property
    def index(self) -> Index:
        if self._index is None:
            self._index = Index(list(self.entries.values()))
        return self._index

    def corpus_findings(self, state: FileState) -> list[Finding]:
        entry = state.entry
        if entry is None:
            return []
        findings = []
        for rule in self.corpus_rules:
            if rule.formats is None or entry.format in rule.formats:
                options = self.config.rule_options(rule)
                for hit in rule.check(entry, self.index, options):
                    findings.append(self._finding(rule, state.display, hit))
        return findings

    def findings(self) -> list[Finding]:
        found = [
            self._finding(REGISTRY["io-error"], str(p), Hit(1, 1, "no such file or folder"))
            for p in self.missing
        ]
        for state in self.states.values():
            found.extend(state.local)
            found.extend(self.corpus_findings(state))
        return sorted(found, key=Finding.sort_key)

    def findings_for(self, path: Path) -> list[Finding]:
        state = self.states[path]
        return [*state.local, *self.corpus_findings(state)]

    # -- fixing ------------------------------------------------------------------------
    def update(self, path: Path, text: str) -> FileState:
        """Re-analyse a file from new text (the fixer's proposed content)."""
        state = self._analyze(path, text)
        self.states[path] = state
        return state

    def restore(self, state: FileState) -> None:
        """Put back a file's earlier state (a fix that was refused)."""
        self.states[state.path] = state
        self.entries.pop(state.path, None)
        if state.entry is not None:
            self.entries[state.path] = state.entry
        self._index = None

    @property
    def skipped(self) -> list[str]:
        return sorted(state.display for state in self.states.values() if state.skipped)
