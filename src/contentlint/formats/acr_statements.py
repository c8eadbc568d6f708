"""What one stretch of an ACR article says: rating statements and radiation levels.

:func:`read_unit` reads one paragraph, bullet, table row or heading and returns

* its **rating statements**: the rating words (found by ``acr_patterns.RATING_CONTEXTS``
  and in the cells of a row such as ``CT head — Usually appropriate — ☢☢☢``), what ACR
  category they mean (exactly, misspelled, or none), and the studies they rate. The
  subject is the study named in the clause before the rating (``MRI, which avoids
  radiation, is rated …`` rates MRI; ``CT and MRI are rated …`` rates both), the study
  between ``rates`` and ``as``, a bullet's label, or a row's first cell. Words that only
  look like a rating are dropped: ``it is usually appropriate to reverse anticoagulation``
  has no study for a subject;
* its **radiation levels** (``☢☢☢ (1-10 mSv)``, ``O``, ``Varies``, ``[ped]``), each with
  the study it is written for when the text says which.

:func:`rated_studies` then groups an article's statements by procedure, for the
``rating-conflict`` rule and the article's list of rated procedures. Studies are read by
:mod:`contentlint.formats.acr_procedure`. Indices are relative to the stretch;
:mod:`contentlint.formats.acr_parse` turns them into file positions.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final

from contentlint.formats import acr_model as M
from contentlint.formats import acr_patterns as P
from contentlint.formats import acr_procedure as proc

Mention = tuple[int, int, proc.Procedure]

#: How far back from a rating the reader looks for its subject (characters): a compound
#: subject or a relative clause is shorter, and a bound keeps a sentence of thousands of
#: statements linear.
_REACH: Final = 240
#: A level "just after" its study: `CT head (☢☢☢)`, `CT chest carries a relative radiation
#: level of ☢☢☢`, `US abdomen — O`: a few words, none that opens another clause.
_NEAR: Final = 80
_LEVEL_GAP_RE: Final = re.compile(
    r"(?:[\s,:(\[—–*_`'’\"-]++|(?!(?:when|if|unless|while|whereas|because|but|although|than"
    r"|rather|instead|cannot|not|or|and|its|their|avoids?|spares?|unlike|without|no|versus"
    r"|vs|compared|over)\b)[A-Za-z]++){0,16}+",
    re.IGNORECASE,
)
#: What lies between a level and the study it is said of: `☢☢☢ dose of CT`, `☢☢☢ (1-10
#: mSv) exposure of CT abdomen`.
_OF_STUDY_RE: Final = re.compile(
    r"[ \t]*+(?:\([^()\n]{0,40}+\)[ \t]*+)?+(?:(?:dose|exposure|radiation|level)[ \t]++)?+"
    r"(?:of|from|for)[ \t]++(?:(?:a|an|the)[ \t]++)?+",
    re.IGNORECASE,
)
# Contexts that say "this is a rating" by themselves; in the others ("CT is Usually
# appropriate", a quoted term) the words are a rating only when a study is their subject.
_EXPLICIT: Final = frozenset({"rates-as", "rated", "label", "row"})
# From the first blank of a run only: tried inside a run of blanks, each try would read the
# rest of the run again.
_ROW_CELL_RE: Final = re.compile(r"(?<![ \t])[ \t]*+(?:\||[–—]|(?<=[ \t])-(?=[ \t]))[ \t]*+")
_CELL_TERM_RE: Final = re.compile(rf"[ \t]*+(?P<oq>[*_‘'\"“`]*+){P._TERM_ANY}[ \t*_’'\"”`.;,]*+")
#: Joins the members of a compound subject: `CT and MRI`, `US, CT, and MRI`, `both … and`.
_JOIN_RE: Final = re.compile(r"[ \t]*+(?:,[ \t]*+)?+(?:(?:and|or|&|as\s++well\s++as)\b)?+[ \t,/]*+")
#: Words before a study that take it out of the statement: `rather than CT`, `not MRI`.
_NEGATED_RE: Final = re.compile(
    r"\b(?:not|rather\s++than|instead\s++of|nor|neither|unlike|than|over|versus|vs\.?+|except)"
    r"[ \t*_`‘'\"“(]*+$",
    re.IGNORECASE,
)
#: A conditional before the rating: `if CT were used, it would be rated …`.
_CONDITIONAL_RE: Final = re.compile(
    r"\b(?:if|unless|were\s++(?:it|they)|had\s++(?:it|they))\b[^.?!;]{0,120}?"
    r"\b(?:were|would|had)\b|\bwould\s++(?:be|have\s++been)\b|\bneither\b",
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
#: The modalities whose every ACR row says its contrast: a name without it is not in full.
_STATES_CONTRAST: Final = frozenset({"ct", "cta", "ctv", "mri", "mra", "mrv"})
_NOT_RATINGS: Final = frozenset(
    {"appropriately", "appropriation", "appropriated", "appropriateness", "approximate"}
    | {"approximately", "approach", "approaches", "approval", "approved", "approvals"}
)


@dataclass
class Statement:
    term: tuple[int, int]
    rating: str
    category: str | None
    spelling: str  # exact | misspelled | unknown
    procedures: list[Mention]
    context: str
    quoted: bool
    hypothetical: bool
    scope: str | None  # adult | pediatric | other: the statement is about them


@dataclass
class Level:
    index: int
    symbols: str
    count: int | None
    pediatric_marker: bool
    dose_text: str | None
    dose_low: float | None
    dose_high: float | None
    population: str | None
    procedure: Mention | None


@dataclass
class Found:
    ratings: list[Statement] = field(default_factory=list)
    levels: list[Level] = field(default_factory=list)


def unparsed(text: str) -> proc.Procedure:
    """A study name the procedure model does not read: compared only by its words."""
    words = tuple(sorted(set(_WORD_RE.findall(text.lower()))))
    return proc.Procedure(text, None, frozenset(), proc.UNSPECIFIED, frozenset(), words)


def study_key(procedure: proc.Procedure) -> tuple[object, ...]:
    """Equal for two fully named studies exactly when they are the same procedure (and
    for two unread names with the same words)."""
    if procedure.modality is None:
        return (None, procedure.unknown)
    parts = (procedure.region, procedure.contrast, procedure.qualifiers, procedure.unknown)
    return (procedure.modality, *parts)


# ---------------------------------------------------------------------------- categories


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def classify(term: str) -> tuple[str | None, str] | None:
    """``(category, spelling)`` for rating words: the ACR category they spell exactly
    (``exact``), nearly (``misspelled``: `Usually Appropiate`), or none (``unknown``:
    `Rarely appropriate`). None when the words are no rating at all (`approximately`)."""
    normalized = P.normalize_rating(term)
    if normalized in P.KNOWN_RATINGS:
        return normalized, "exact"
    words = normalized.replace("(", " ").replace(")", " ").split()
    last = next((w for w in reversed(words) if not w.startswith("dis")), "")
    if last in _NOT_RATINGS or len(normalized) > 60:
        return None
    if min(_distance(last, word, 2) for word in ("appropriate", "inappropriate")) > 2:
        return None
    if last == "inappropriate":  # a word of its own, not a slip: `Usually inappropriate`
        return None, "unknown"
    limit = 3 if len(normalized) >= 25 else 2
    best = min(P.KNOWN_RATINGS, key=lambda known: _distance(normalized, known, limit))
    if _distance(normalized, best, limit) <= limit:
        return best, "misspelled"
    return None, "unknown"


# ---------------------------------------------------------------------------- subjects


class _Reader:
    """One stretch of text, with its study mentions and sentences found once."""

    def __init__(self, raw: str, label: tuple[int, int] | None) -> None:
        self.raw, self.label = raw, label
        self._mentions: list[Mention] | None = None
        self._starts: list[int] = []
        self._rows: list[list[tuple[int, int]]] | None = None
        self._tails: list[re.Match[str]] | None = None
        self.subjects = P.Subjects(raw)
        self.sentences = P.sentence_starts(raw)

    @property
    def mentions(self) -> list[Mention]:
        """The studies named in the stretch (found when first asked: a stretch with no
        rating and no level needs none)."""
        if self._mentions is None:
            # Words a mention holds that the model does not read are ignored: `the
            # recommended CT study` is a CT. (A name of its own keeps them: see `named`.)
            self._mentions = [
                (start, end, dataclasses.replace(p, unknown=()))
                for start, end, p in proc.find_mentions(self.raw)
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
        text = P.collapse_ws(P.strip_inline_markup(self.raw[slice(*cleaned)]))
        if len(text.split()) > 8:
            return mentions
        procedure = proc.parse_procedure(text)
        if procedure is None or procedure.modality is None:
            return self.unparsed(*cleaned) or mentions
        extra = tuple(sorted({w for w in procedure.unknown if w not in _NAME_NOISE}))
        return [(*cleaned, dataclasses.replace(procedure, unknown=extra or ("?",)))]

    def unparsed(self, start: int, end: int) -> list[Mention]:
        """A name the procedure model does not read, kept as it is written."""
        cleaned = self.subjects.clean(start, end)
        if cleaned is None:
            return []
        text = P.collapse_ws(P.strip_inline_markup(self.raw[slice(*cleaned)]))
        words = text.lower().split()
        if text.lower() in P.PRONOUN_SUBJECTS or _FILLER_WORDS.issuperset(words):
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
        words = P.collapse_ws(self.raw[slice(*cleaned)]).lower() if cleaned else ""
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
        pronoun = not words or words in P.PRONOUN_SUBJECTS
        if self.label and found.start >= self.label[1] and pronoun:
            return self.label_subject()
        if context in _EXPLICIT and cleaned is not None:
            return self.unparsed(*cleaned)
        return []


# ---------------------------------------------------------------------------- statements

_TERM_HERE_RE: Final = re.compile(rf"(?P<oq>{P._OPEN_Q}*+){P._TERM_ANY}")
_PAREN_TERM_RE: Final = re.compile(
    rf"[ \t]*+\([ \t]*+(?P<oq>{P._OPEN_Q}*+){P._TERM_ANY}[’'\"”`*_]*+[ \t]*+\)"
)
_VERB_RE: Final = re.compile(
    r"\b(?:considers?|considered|deems?|deemed|rates?|rated|finds?|judges?|judged|grades?"
    r"|graded|classif(?:y|ies|ied))[ \t]++(?:(?:a|an|the)[ \t]++)?+",
    re.IGNORECASE,
)
_AS_RE: Final = re.compile(r"[ \t,]*+(?:(?i:as|to\s++be)[ \t]++)?+")
_RATING_OF_RE: Final = re.compile(
    rf"\b(?i:rating|category|score)[ \t]++(?i:of)[ \t]++(?P<oq>{P._OPEN_Q}*+){P._TERM_ANY}"
)
_LIST_TERM_RE: Final = re.compile(rf"(?P<oq>{P._OPEN_Q}*+){P._TERM_ANY}[’'\"”`*_]*+[ \t]*+:")
_RECEIVED_RE: Final = re.compile(
    r"\b(?i:received|receives?|earned|earns?|gets?|got|was\s++given|is\s++given)[ \t]++"
    rf"(?:(?i:an?|the)[ \t]++)?+(?P<oq>{P._OPEN_Q}*+){P._TERM_ANY}[’'\"”`*_]*+[ \t]++"
    r"(?i:rating|category)\b"
)
#: The last word of any rating (what every rating context needs): found first, and fast.
_TAIL_RE: Final = re.compile(r"(?i:ap++r[a-z]{3,11}+)\b")
_COLON_AFTER_RE: Final = re.compile(r"(?:\s*+\((?i:dis[a-z]{4,12}+)\))?+[’'\"”`*_]*+[ \t]*+:")
_TERM_WINDOW: Final = 48  # how far before its last word a rating starts, at most


def _in_parentheses(reader: _Reader) -> Iterator[P.Statement]:
    """`US abdomen (Usually appropriate)`: the rating in brackets right after a study."""
    if not _PAREN_TERM_RE.search(reader.raw):
        return
    for start, end, _ in reader.mentions:
        found = _PAREN_TERM_RE.match(reader.raw, end)
        if found:
            yield P.Statement(end, found.span("oq"), found.span("term"), (start, end))


def _verb_object(reader: _Reader) -> Iterator[P.Statement]:
    """`The panel considers CT chest … usually appropriate`, `rated X Usually appropriate`."""
    raw = reader.raw
    for verb in _VERB_RE.finditer(raw):
        if not _TERM_HERE_RE.search(raw, verb.end(), verb.end() + _NEAR * 2):
            continue
        first = bisect.bisect_left(reader.mention_starts, verb.end())
        if first == len(reader.mentions) or reader.mentions[first][0] != verb.end():
            continue
        start, end, _ = reader.mentions[first]
        found = _TERM_HERE_RE.match(raw, _AS_RE.match(raw, end).end())
        if found:
            yield P.Statement(verb.start(), found.span("oq"), found.span("term"), (start, end))


def _rating_of(reader: _Reader) -> Iterator[P.Statement]:
    """`X received a rating of Usually appropriate`, `X received a May be appropriate
    rating`: the subject is the clause before."""
    for pattern in (_RATING_OF_RE, _RECEIVED_RE):
        for found in pattern.finditer(reader.raw):
            yield P.Statement(found.start(), found.span("oq"), found.span("term"), None)


def _list_first(reader: _Reader) -> Iterator[P.Statement]:
    """`Usually appropriate: CT chest …`, `The following are rated Usually not appropriate:
    A, B and C`: the studies follow the colon (and none comes before the rating)."""
    raw = reader.raw
    for tail in reader.tails:
        colon = _COLON_AFTER_RE.match(raw, tail.end())
        if colon is None:
            continue
        found = None
        for found in _TERM_HERE_RE.finditer(raw, max(0, tail.start() - _TERM_WINDOW), tail.end()):
            if found.end() >= tail.end():
                break
        if found is None or found.end() < tail.end():
            continue
        found = _LIST_TERM_RE.match(raw, found.start())
        if found is None:
            continue
        sentence = reader.sentence_start(found.start())
        if reader.within(sentence, found.start()):
            continue
        stop = reader.sentence_end(found.end())
        if reader.within(found.end(), stop):
            span = (found.end(), stop)
            yield P.Statement(found.start(), found.span("oq"), found.span("term"), span)


#: Contexts found from the studies a stretch names (after the rows, before the others).
_MENTION_CONTEXTS: Final = (
    ("rated", _in_parentheses),
    ("rated", _verb_object),
    ("rated", _rating_of),
    ("label", _list_first),
)


def _statements(reader: _Reader, row: bool) -> list[Statement]:
    raw = reader.raw
    if not reader.tails:
        return []  # no word like "appropriate": no rating
    claimed: dict[int, tuple[str, P.Statement]] = {}
    if row:
        for found in _row_terms(raw, reader.rows):
            claimed[found.term[0]] = ("row", found)
    for context, finder in _MENTION_CONTEXTS:
        for found in finder(reader):
            claimed.setdefault(found.term[0], (context, found))
    for context, finder in P.RATING_CONTEXTS:
        if context == "label" and reader.label is None:
            continue
        for found in finder(raw):
            claimed.setdefault(found.term[0], (context, found))
    statements = []
    for _, (context, found) in sorted(claimed.items()):
        term = P.collapse_ws(raw[slice(*found.term)])
        kind = classify(term)
        if kind is None:
            continue
        category, spelling = kind
        sentence = reader.sentence_start(found.start)
        before = raw[max(sentence, found.start - 200) : found.start]
        hypothetical = bool(
            _CONDITIONAL_RE.search(before)
            or any(
                P.HYPOTHETICAL_BEFORE_RE.search(raw, max(0, at - 40), at)
                for at in (found.start, found.oq[0])
            )
        )
        subject = [] if hypothetical else reader.statement_subject(context, found)
        quoted = bool(raw[slice(*found.oq)].strip("*_"))
        has_study = any(m[2].modality is not None for m in subject)
        plain = context not in _EXPLICIT and not has_study and not (quoted and spelling == "exact")
        if plain and not hypothetical:
            continue  # plain English: `it is usually appropriate to …`
        scope = P.SCOPE_RE.search(raw, max(sentence, found.start - _REACH), found.start)
        scope_name = None
        if scope:
            scope_name = "other" if scope["other"] else _population_word(scope["pop"])
        statements.append(
            Statement(
                found.term, term, category, spelling, subject, context, quoted, hypothetical,
                scope_name,
            )
        )  # fmt: skip
    return _respectively(reader, statements)


_RESPECTIVELY_RE: Final = re.compile(r"\brespectively\b", re.IGNORECASE)


def _respectively(reader: _Reader, statements: list[Statement]) -> list[Statement]:
    """`CT and MRI are rated Usually appropriate and May be appropriate, respectively`:
    the n studies of a compound subject take the n ratings that follow, in order."""
    out: list[Statement] = []
    taken: set[int] = set()
    for statement in statements:
        if statement.term[0] in taken:
            continue
        members = statement.procedures
        stop = reader.sentence_end(statement.term[1])
        if len(members) > 1 and _RESPECTIVELY_RE.search(reader.raw, statement.term[1], stop):
            terms = [
                t.span("term") for t in _TERM_HERE_RE.finditer(reader.raw, statement.term[0], stop)
            ]
            if len(terms) == len(members):
                for member, span in zip(members, terms, strict=True):
                    rating = P.collapse_ws(reader.raw[slice(*span)])
                    kind = classify(rating) or (None, "unknown")
                    out.append(dataclasses.replace(
                        statement, term=span, rating=rating, category=kind[0], spelling=kind[1],
                        procedures=[member],
                    ))  # fmt: skip
                    taken.add(span[0])
                continue
        out.append(statement)
    return [s for s in out if s.term[0] not in taken or len(s.procedures) == 1]


def _population_word(word: str) -> str:
    return "adult" if word.lower().startswith("adult") else "pediatric"


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


def _row_terms(raw: str, rows: list[list[tuple[int, int]]]) -> list[P.Statement]:
    """Ratings that fill a cell of a row, after its first cell (the study)."""
    found = []
    for cells in rows:
        for start, end in cells[1:]:
            match = _CELL_TERM_RE.fullmatch(raw, start, end)
            if match:
                found.append(P.Statement(start, match.span("oq"), match.span("term"), cells[0]))
    return found


# ---------------------------------------------------------------------------- levels


def _dose(match: re.Match[str], prefix: str = "") -> tuple[str | None, float | None, float | None]:
    dose = match[prefix + "dose"]
    if not dose:
        return None, None, None
    low: float | None = float(match[prefix + "low"])
    high: float | None = float(match[prefix + "high"]) if match[prefix + "high"] else low
    comparator = " ".join((match[prefix + "cmp"] or "").lower().split())
    if comparator in ("<", "≤", "&lt;", "less than", "under", "below"):
        low, high = None, low
    elif comparator in (">", "≥", "&gt;", "more than", "greater than", "above"):
        high = None
    return P.collapse_ws(dose), low, high


def _levels(reader: _Reader, statements: list[Statement], row: bool) -> list[Level]:
    raw = reader.raw
    found: list[tuple[int, str, bool, tuple[str | None, float | None, float | None]]] = []
    for match in P.RRL_RE.finditer(raw):
        symbols = P._NOT_SYMBOL_RE.sub("", match["symbols"])
        ped = bool(match["ped"] or match["ped_after"])
        found.append((match.start(), symbols, ped, _dose(match)))
    for match in P.RRL_WORD_RE.finditer(raw):
        found.append((match.start("symbols"), match["symbols"], False, _dose(match, "o_")))
    bare = list(P.RRL_BARE_O_RE.finditer(raw))
    if bare and (statements or reader.mentions):
        taken = {at for at, *_ in found}
        for match in bare:
            if match.start("symbols") not in taken:
                found.append((match.start("symbols"), "O", False, (None, None, None)))
    if row:
        taken = {at for at, *_ in found}
        for cells in reader.rows:
            for start, end in cells[1:]:
                cell = P.RRL_CELL_RE.fullmatch(raw, start, end)
                if cell and not taken.intersection(range(start, end)):
                    found.append((cell.start("symbols"), cell["symbols"], False, _dose(cell)))
    found.sort()
    rated = _only_study(statements) if found else None
    levels, previous_end = [], 0
    for index, symbols, ped, (dose_text, low, high) in found:
        window = raw[max(previous_end, index - 120) : index]
        populations = [m["pop"].lower() for m in P.RRL_POPULATION_RE.finditer(window)]
        population = "pediatric" if ped else None
        if populations and population is None:
            population = "adult" if populations[-1] == "adult" else "pediatric"
        word = symbols if symbols.startswith("☢") else symbols.capitalize()
        count = len(symbols) if word.startswith("☢") else (0 if word == "O" else None)
        subject = _level_subject(reader, index, index + len(symbols), rated, row)
        levels.append(Level(index, word, count, ped, dose_text, low, high, population, subject))
        previous_end = index + len(symbols)
    return levels


def _only_study(statements: list[Statement]) -> Mention | None:
    """The one study the statements of a stretch rate, if they rate exactly one."""
    studies = [m for s in statements if not s.hypothetical for m in s.procedures if m[2].modality]
    return studies[0] if len({study_key(m[2]) for m in studies}) == 1 else None


def _level_subject(
    reader: _Reader, index: int, end: int, rated: Mention | None, row: bool
) -> Mention | None:
    """The study a level is written for: one the level is said of (`the ☢☢☢ dose of CT`),
    else one named just before it (`CT head (☢☢☢)`, `US abdomen has a relative radiation
    level of O`), else the row's or the label's study, else the one study the stretch rates
    when its sentence names no other. A study named further back, in another clause (`when
    ultrasound cannot, CT … ☢☢☢`) or set against the level (`MRI avoids the ☢☢☢ of CT`) is
    not taken: a level given to the wrong study would be a false error."""
    raw = reader.raw
    sentence = reader.sentence_start(index)
    following = reader.within(end, end + _NEAR)
    if following and _OF_STUDY_RE.fullmatch(raw, end, following[0][0]):
        return following[0]
    near = reader.subject(max(sentence, index - _NEAR), index)
    if near and _LEVEL_GAP_RE.fullmatch(raw, near[-1][1], index):
        return near[-1]
    stop = min(reader.sentence_end(index), end + _REACH)
    named = {study_key(m[2]) for m in reader.within(max(sentence, index - _REACH), stop)}
    if row:
        for cells in reader.rows:
            if cells[0][1] <= index <= cells[-1][1]:
                first = reader.subject(*cells[0])
                if first and named <= {study_key(first[0][2])}:
                    return first[0]
    if reader.label and reader.label[1] <= index:
        labelled = reader.subject(*reader.label)
        if labelled and named <= {study_key(labelled[0][2])}:
            return labelled[0]
    if rated is not None and named <= {study_key(rated[2])}:
        return rated
    return None


# ---------------------------------------------------------------------------- entry points


def read_unit(raw: str, label: tuple[int, int] | None, *, row: bool = False) -> Found:
    """The rating statements and radiation levels of one stretch of text. ``label`` is a
    bullet's ``Label:`` span; ``row`` says the stretch may be a table-like row."""
    reader = _Reader(raw, label)
    statements = _statements(reader, row)
    return Found(statements, _levels(reader, statements, row))


def scoped_elsewhere(scope: str | None, population: str) -> bool:
    """Whether a statement scoped to ``scope`` is about someone else than the article."""
    return scope == "other" or (scope is not None and scope != population)


def procedure_ref(
    procedure: proc.Procedure, text: str, where: tuple[int, int, int]
) -> M.ProcedureRef:
    in_full = procedure.modality is not None and procedure.fully_named
    if procedure.modality in _STATES_CONTRAST and procedure.contrast == proc.UNSPECIFIED:
        in_full = False
    if procedure.unknown:  # a name of its own (`US voiding cystosonography`)
        in_full = True
    return M.ProcedureRef(
        *where,
        text=text,
        modality=procedure.modality,
        region=sorted(procedure.region),
        contrast=procedure.contrast,
        qualifiers=sorted(procedure.qualifiers),
        fully_named=in_full,
        unread=list(procedure.unknown),
    )


def procedure_of(ref: M.ProcedureRef) -> proc.Procedure:
    """The procedure model's reading of a study named in the parsed article."""
    if ref.modality is None:
        return unparsed(ref.text)
    parts = (frozenset(ref.region), ref.contrast, frozenset(ref.qualifiers))
    return proc.Procedure(ref.text, ref.modality, *parts, tuple(ref.unread))


def counted(rating: M.Rating) -> bool:
    """Whether a statement gives its studies a rating (not a contrast, a conditional, or a
    statement about another population or scenario)."""
    return rating.category is not None and not rating.hypothetical and not rating.scoped


# ---------------------------------------------------------------------------- the article


@dataclass
class Study:
    """One procedure the article rates, and the statements that rate it."""

    procedure: proc.Procedure
    statements: list[tuple[M.Rating, M.ProcedureRef]] = field(default_factory=list)


def rated_studies(ratings: list[M.Rating]) -> list[Study]:
    """The article's rated procedures, each with the statements that rate it, in order.

    Full names (all four parts) are grouped when they are the same procedure; `X with or
    without IV contrast` also joins each variant it covers. A name that leaves out only
    its contrast (`MRI abdomen and pelvis`) and a short mention (`CT`, `the radiograph`)
    join the one rated study they fit; a name that fits none is a procedure of its own,
    a short mention that fits none or several is left out."""
    full: dict[tuple[object, ...], Study] = {}
    partial: list[tuple[M.Rating, M.ProcedureRef, proc.Procedure]] = []
    for rating in ratings:
        if not counted(rating):
            continue
        for ref in rating.procedures:
            procedure = procedure_of(ref)
            if ref.fully_named or procedure.modality is None:
                study = full.setdefault(study_key(procedure), Study(procedure))
                study.statements.append((rating, ref))
            else:
                partial.append((rating, ref, procedure))
    for key, study in list(full.items()):
        if study.procedure.contrast == proc.EITHER:
            for other_key, other in full.items():
                if other_key != key and proc.covers(study.procedure, other.procedure):
                    other.statements.extend(study.statements)
    candidates = [s.procedure for s in full.values() if s.procedure.modality is not None]
    by_procedure = {id(s.procedure): s for s in full.values()}
    own: dict[tuple[object, ...], Study] = {}
    for rating, ref, procedure in partial:
        match = proc.resolve(procedure, candidates) if candidates else None
        if match is not None:
            by_procedure[id(match)].statements.append((rating, ref))
        elif procedure.region:  # named but for its contrast: a procedure of its own
            study = own.setdefault(study_key(procedure), Study(procedure))
            study.statements.append((rating, ref))
    studies = [*full.values(), *own.values()]
    for study in studies:
        study.statements.sort(key=lambda pair: pair[0].offset)
    studies.sort(key=lambda study: study.statements[0][0].offset)
    return studies


def rated_procedures(ratings: list[M.Rating]) -> list[M.RatedProcedure]:
    """The studies the article rates, each once, with the categories it is given."""
    rated = []
    for study in rated_studies(ratings):
        first = study.statements[0][1]
        entry = M.RatedProcedure(
            first.text, first.modality, first.region, first.contrast, first.qualifiers, [], []
        )
        for rating, _ in study.statements:
            if rating.category not in entry.ratings:
                entry.ratings.append(rating.category)  # type: ignore[arg-type]
            if rating.line not in entry.lines:
                entry.lines.append(rating.line)
        rated.append(entry)
    return rated


_WORD_ATTACKS: Final = (
    ("", "CT and ", "is rated Usually appropriate"),
    ("", "MRI, which is rated Usually appropriate, ", ""),
    ("", "CT — Usually appropriate — ☢☢☢ ", ""),
    ("", "| CT | Usually appropriate | O ", "|"),
    ("", "not ", "CT is rated Usually appropriate"),
    ("if ", "CT ", "were rated Usually appropriate"),
    ("", " - ", "x"),
    ("", "RRL of O ", ""),
    ("CT ", "☢", " (1 mSv)"),
    ("CT", " ", "☢"),
)

#: The patterns this module applies to page text, with inputs that would make a backtracking
#: version slow (see ``acr_patterns.CONTENT_PATTERNS``).
CONTENT_PATTERNS: Final = (
    ("row-cells", _cells, (*_WORD_ATTACKS, ("", "|", ""), ("", " — ", ""))),
    ("cell-term", _CELL_TERM_RE.fullmatch, (("", " ", "Usually x"), ("", "'", "x"))),
    ("join", _JOIN_RE.fullmatch, (("", " ", "x"), ("", ", ", "x"), ("", "/", "x"))),
    ("negated", _NEGATED_RE.search, (("not", " ", "x"), ("", "not ", "x"))),
    ("conditional", _CONDITIONAL_RE.search, (("if ", "a ", ""), ("", "if ", ""))),
    ("relative", lambda t: list(_RELATIVE_RE.finditer(t)), (("", ", ", "x"),)),
    ("level-gap", _LEVEL_GAP_RE.fullmatch, (("", "a ", "!"), ("", " ", "!"), ("", "ab", "!"))),
    ("classify", classify, (("Usually ", " ", "appropriate"),)),
    ("read-unit", lambda t: read_unit(t, None, row=True), _WORD_ATTACKS),
    ("read-labelled-unit", lambda t: read_unit(t, (0, 2), row=False), _WORD_ATTACKS),
)
