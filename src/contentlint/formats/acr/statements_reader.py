"""One stretch of an ACR article (a paragraph, bullet, table row or heading) as the statement
modules read it: :class:`_Reader` finds its study mentions, sentences and table cells once,
and the studies that are the subject of a clause (:meth:`_Reader.subject`,
:meth:`_Reader.statement_subject`). A ``Mention`` is a study named in the text: ``(start,
end, procedure)``, indices relative to the stretch.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from typing import Final

import contentlint.formats.acr.patterns_ratings as P
from contentlint.formats.acr.patterns_headings import sentence_starts
from contentlint.formats.acr.patterns_markup import collapse_ws, strip_inline_markup
from contentlint.formats.acr.patterns_subjects import PRONOUN_SUBJECTS, Subjects
from contentlint.formats.acr.procedure import Procedure
from contentlint.formats.acr.procedure_parse import find_mentions, parse_procedure
from contentlint.formats.acr.procedure_words import UNSPECIFIED

Mention = tuple[int, int, Procedure]

#: How far back from a rating the reader looks for its subject (characters): a compound
#: subject or a relative clause is shorter, and a bound keeps a sentence of thousands of
#: statements linear.
_REACH: Final = 240
#: A level "just after" its study: `CT head (☢☢☢)`, `CT chest carries a relative radiation
#: level of ☢☢☢`, `US abdomen — O`: a few words, none that opens another clause.
_NEAR: Final = 80

# Contexts that say "this is a rating" by themselves; in the others ("CT is Usually
# appropriate", a quoted term) the words are a rating only when a study is their subject.
_EXPLICIT: Final = frozenset({"rates-as", "rated", "label", "row"})
# From the first blank of a run only: tried inside a run of blanks, each try would read the
# rest of the run again.
_ROW_CELL_RE: Final = re.compile(r"(?<![ \t])[ \t]*+(?:\||[–—]|(?<=[ \t])-(?=[ \t]))[ \t]*+")

#: Joins the members of a compound subject: `CT and MRI`, `US, CT, and MRI`, `both … and`.
_JOIN_RE: Final = re.compile(r"[ \t]*+(?:,[ \t]*+)?+(?:(?:and|or|&|as\s++well\s++as)\b)?+[ \t,/]*+")
#: Words before a study that take it out of the statement: `rather than CT`, `not MRI`.
_NEGATED_RE: Final = re.compile(
    r"\b(?:not|rather\s++than|instead\s++of|nor|neither|unlike|than|over|versus|vs\.?+|except)"
    r"[ \t*_`‘'\"“(]*+$",
    re.IGNORECASE,
)

#: A relative or concessive clause between a subject and its verb: `MRI, which …, is`.
_RELATIVE_RE: Final = re.compile(
    r",[ \t]*+(?:which|who|whose|that|although|though|while|when)\b", re.IGNORECASE
)
#: Words that are no subject on their own: `… , is rated`, `then`, `also`.
_FILLER_WORDS: Final = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "remains",
        "remain",
        "then",
        "also",
        "only",
        "still",
        "now",
        "currently",
        "generally",
        "consistently",
        "itself",
        "rated",
        "and",
        "or",
        "both",
        "the",
        "a",
        "an",
        "so",
        "thus",
        "here",
        "overall",
    ]
)
_WORD_RE: Final = re.compile(r"[a-z0-9]++")
#: Words after a short mention that leave it a short mention: `CT scan`, `the MRI itself`.
_NAME_NOISE: Final = frozenset(
    [
        "scan",
        "scans",
        "study",
        "studies",
        "exam",
        "exams",
        "examination",
        "imaging",
        "alone",
        "itself",
        "here",
        "first",
        "initially",
        "then",
        "also",
        "only",
        "still",
        "now",
        "is",
        "are",
        "was",
        "were",
        "be",
        "rather",
        "than",
        "not",
        "instead",
        "of",
        "or",
        "and",
        "over",
        "versus",
        "vs",
    ]
)


def unparsed(text: str) -> Procedure:
    """A study name the procedure model does not read: compared only by its words."""
    words = tuple(sorted(set(_WORD_RE.findall(text.lower()))))
    return Procedure(text, None, frozenset(), UNSPECIFIED, frozenset(), words)


def study_key(procedure: Procedure) -> tuple[object, ...]:
    """Equal for two fully named studies exactly when they are the same procedure (and
    for two unread names with the same words)."""
    if procedure.modality is None:
        return (None, procedure.unknown)
    parts = (procedure.region, procedure.contrast, procedure.qualifiers, procedure.unknown)
    return (procedure.modality, *parts)


class _Reader:
    """One stretch of text, with its study mentions and sentences found once."""

    def __init__(self, raw: str, label: tuple[int, int] | None) -> None:
        self.raw, self.label = raw, label
        self._mentions: list[Mention] | None = None
        self._starts: list[int] = []
        self._rows: list[list[tuple[int, int]]] | None = None
        self._tails: list[re.Match[str]] | None = None
        self.subjects = Subjects(raw)
        self.sentences = sentence_starts(raw)

    @property
    def mentions(self) -> list[Mention]:
        """The studies named in the stretch (found when first asked: a stretch with no
        rating and no level needs none)."""
        if self._mentions is None:
            # Words a mention holds that the model does not read are ignored: `the
            # recommended CT study` is a CT. (A name of its own keeps them: see `named`.)
            self._mentions = [
                (start, end, dataclasses.replace(p, unknown=()))
                for start, end, p in find_mentions(self.raw)
            ]
            self._starts = [start for start, _, _ in self._mentions]
        return self._mentions

    @property
    def mention_starts(self) -> list[int]:
        self.mentions  # noqa: B018 (finds them)
        return self._starts

    @property
    def rows(self) -> list[list[tuple[int, int]]]:
        if self._rows is None:
            self._rows = _rows(self.raw)
        return self._rows

    @property
    def tails(self) -> list[re.Match[str]]:
        if self._tails is None:
            self._tails = list(_TAIL_RE.finditer(self.raw))
        return self._tails

    def within(self, start: int, end: int) -> list[Mention]:
        mentions = self.mentions
        found = []
        for i in range(bisect.bisect_left(self.mention_starts, start), len(mentions)):
            if mentions[i][0] >= end:
                break
            if mentions[i][1] <= end:
                found.append(mentions[i])
        return found

    def sentence_end(self, at: int) -> int:
        """Where the sentence after the one holding ``at`` starts (the end of the text)."""
        after = bisect.bisect_right(self.sentences, at)
        return self.sentences[after] if after < len(self.sentences) else len(self.raw)

    def sentence_start(self, at: int) -> int:
        return self.sentences[bisect.bisect_right(self.sentences, at) - 1]

    def subject(self, start: int, end: int, *, compound_from: int | None = None) -> list[Mention]:
        """The studies that are the subject in ``raw[start:end]``: the last one named there
        that no `rather than` takes out, with the members joined to it by `and`, `or` and
        commas (looking back to ``compound_from``)."""
        # Bounded: a clause of thousands of studies is no subject anyway.
        start = max(start, end - _REACH)
        begin = max(start if compound_from is None else min(start, compound_from), start - _REACH)
        keep: list[Mention] = []
        previous_end = begin
        for mention in self.within(begin, end):
            gap = self.raw[max(previous_end, mention[0] - 40) : mention[0]]
            if not _NEGATED_RE.search(gap):
                keep.append(mention)
            previous_end = mention[1]
        in_range = [m for m in keep if m[1] > start]  # a name may start before a comma
        if not in_range:
            return []
        group = [in_range[-1]]
        for mention in reversed(keep[: keep.index(in_range[-1])]):
            between = self.raw[mention[1] : group[0][0]]
            if not between.strip(" \t") or not _JOIN_RE.fullmatch(between):
                break
            group.insert(0, mention)
        return group

    def named(self, start: int, end: int, mentions: list[Mention]) -> list[Mention]:
        """``mentions``, unless they are one short mention followed by words the procedure
        model does not read (`US voiding cystosonography`): then the name as written."""
        if len(mentions) != 1 or mentions[0][2].fully_named:
            return mentions
        cleaned = self.subjects.clean(start, end)
        if cleaned is None or not cleaned[0] <= mentions[0][0] < mentions[0][1] < cleaned[1]:
            return mentions
        end = cleaned[1]
        following = bisect.bisect_right(self.mention_starts, mentions[0][0])
        if following < len(self.mentions):  # up to the next study named (`rather than MRI`)
            end = min(end, self.mentions[following][0])
        trailing = _WORD_RE.findall(self.raw[mentions[0][1] : end].lower())
        if all(word in _NAME_NOISE for word in trailing):
            return mentions
        text = collapse_ws(strip_inline_markup(self.raw[slice(*cleaned)]))
        if len(text.split()) > 8:
            return mentions
        procedure = parse_procedure(text)
        if procedure is None or procedure.modality is None:
            return self.unparsed(*cleaned) or mentions
        extra = tuple(sorted({w for w in procedure.unknown if w not in _NAME_NOISE}))
        return [(*cleaned, dataclasses.replace(procedure, unknown=extra or ("?",)))]

    def unparsed(self, start: int, end: int) -> list[Mention]:
        """A name the procedure model does not read, kept as it is written."""
        cleaned = self.subjects.clean(start, end)
        if cleaned is None:
            return []
        text = collapse_ws(strip_inline_markup(self.raw[slice(*cleaned)]))
        words = text.lower().split()
        if text.lower() in PRONOUN_SUBJECTS or _FILLER_WORDS.issuperset(words):
            return []
        if len(words) > 8:
            return []
        return [(*cleaned, unparsed(text))]

    def label_subject(self) -> list[Mention]:
        if self.label is None:
            return []
        mentions = self.named(*self.label, self.subject(*self.label))
        return mentions or self.unparsed(*self.label)

    def statement_subject(self, context: str, found: P.Statement) -> list[Mention]:
        if found.subject is not None:  # rates-as, label, row
            mentions = self.named(*found.subject, self.subject(*found.subject))
            return mentions or self.unparsed(*found.subject)
        start, at = self.subjects.clause_before(found.start)
        sentence = max(self.sentence_start(found.start), start - _REACH)
        mentions = self.subject(start, at, compound_from=sentence)
        if mentions:
            return self.named(start, at, mentions)
        cleaned = self.subjects.clean(start, at)
        words = collapse_ws(self.raw[slice(*cleaned)]).lower() if cleaned else ""
        if _FILLER_WORDS.issuperset(words.split()):  # `MRI, which avoids radiation, is`
            cleaned, words = None, ""
            relative = None
            for relative in _RELATIVE_RE.finditer(self.raw, max(sentence, at - _REACH), at):  # noqa: B007
                pass
            end = relative.start() if relative else at
            # The antecedent of `…, which`, even after `over` or `than`: `X is preferred
            # over Y, which is rated …` rates Y.
            antecedent = self.within(max(sentence, end - _REACH), end)
            if relative and antecedent and antecedent[-1][1] >= end - 2:
                return [antecedent[-1]]
            mentions = self.subject(max(sentence, end - _REACH), end)
            if mentions:
                return mentions
        pronoun = not words or words in PRONOUN_SUBJECTS
        if self.label and found.start >= self.label[1] and pronoun:
            return self.label_subject()
        if context in _EXPLICIT and cleaned is not None:
            return self.unparsed(*cleaned)
        return []


#: The last word of any rating (what every rating context needs): found first, and fast.
_TAIL_RE: Final = re.compile(r"(?i:ap++r[a-z]{3,11}+)\b")


def _cells(raw: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The cells of one row (line) of ``raw``: text between `|`, or between spaced dashes."""
    end = len(raw) if end is None else end
    cells, last = [], start
    for sep in _ROW_CELL_RE.finditer(raw, start, end):
        if sep.start() > last:
            cells.append((last, sep.start()))
        last = sep.end()
    if last < end:
        cells.append((last, end))
    return cells


def _rows(raw: str) -> list[list[tuple[int, int]]]:
    """The cells of each line of ``raw`` that has two or more."""
    if "|" not in raw and "—" not in raw and "–" not in raw and " - " not in raw:
        return []
    rows, start = [], 0
    while start <= len(raw):
        newline = raw.find("\n", start)
        end = len(raw) if newline == -1 else newline
        cells = _cells(raw, start, end)
        if len(cells) > 1:
            rows.append(cells)
        start = end + 1
    return rows
