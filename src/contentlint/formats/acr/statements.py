"""What one stretch of an ACR article says: rating statements and radiation levels.

:func:`read_unit` reads one paragraph, bullet, table row or heading and returns

* its **rating statements**: the rating words (found by ``patterns_ratings.RATING_CONTEXTS``
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
:mod:`contentlint.formats.acr.procedure`. Indices are relative to the stretch;
:mod:`contentlint.formats.acr.parse` turns them into file positions.

The work is split: :mod:`~contentlint.formats.acr.statements_reader` (the stretch, the studies
it names, the subject of a clause), :mod:`~contentlint.formats.acr.statements_ratings` (the
rating statements and :func:`~contentlint.formats.acr.statements_ratings.classify`) and
:mod:`~contentlint.formats.acr.statements_levels` (the radiation levels); this module holds
the entry points and the article's rated studies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

import contentlint.formats.acr.model as M
from contentlint.formats.acr.procedure import Procedure, covers, resolve
from contentlint.formats.acr.procedure_words import EITHER, UNSPECIFIED
from contentlint.formats.acr.statements_levels import _LEVEL_GAP_RE, Level, _levels
from contentlint.formats.acr.statements_ratings import (
    _ANY_PAREN_TERM_RE,
    _CELL_TERM_RE,
    _CONDITIONAL_RE,
    Statement,
    _statements,
    classify,
)
from contentlint.formats.acr.statements_reader import (
    _JOIN_RE,
    _NEGATED_RE,
    _RELATIVE_RE,
    _cells,
    _Reader,
    study_key,
    unparsed,
)

#: The modalities whose every ACR row says its contrast: a name without it is not in full.
_STATES_CONTRAST: Final = frozenset({"ct", "cta", "ctv", "mri", "mra", "mrv"})


@dataclass
class Found:
    ratings: list[Statement] = field(default_factory=list)
    levels: list[Level] = field(default_factory=list)


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


def procedure_ref(procedure: Procedure, text: str, where: tuple[int, int, int]) -> M.ProcedureRef:
    in_full = procedure.modality is not None and procedure.fully_named
    if procedure.modality in _STATES_CONTRAST and procedure.contrast == UNSPECIFIED:
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


def procedure_of(ref: M.ProcedureRef) -> Procedure:
    """The procedure model's reading of a study named in the parsed article."""
    if ref.modality is None:
        return unparsed(ref.text)
    parts = (frozenset(ref.region), ref.contrast, frozenset(ref.qualifiers))
    return Procedure(ref.text, ref.modality, *parts, tuple(ref.unread))


def counted(rating: M.Rating) -> bool:
    """Whether a statement gives its studies a rating (not a contrast, a conditional, or a
    statement about another population or scenario)."""
    return rating.category is not None and not rating.hypothetical and not rating.scoped


# ---------------------------------------------------------------------------- the article


@dataclass
class Study:
    """One procedure the article rates, and the statements that rate it."""

    procedure: Procedure
    statements: list[tuple[M.Rating, M.ProcedureRef]] = field(default_factory=list)


def rated_studies(ratings: list[M.Rating]) -> list[Study]:
    """The article's rated procedures, each with the statements that rate it, in order.

    Full names (all four parts) are grouped when they are the same procedure; `X with or
    without IV contrast` also joins each variant it covers. A name that leaves out only
    its contrast (`MRI abdomen and pelvis`) and a short mention (`CT`, `the radiograph`)
    join the one rated study they fit; a name that fits none is a procedure of its own,
    a short mention that fits none or several is left out."""
    full: dict[tuple[object, ...], Study] = {}
    partial: list[tuple[M.Rating, M.ProcedureRef, Procedure]] = []
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
        if study.procedure.contrast == EITHER:
            for other_key, other in full.items():
                if other_key != key and covers(study.procedure, other.procedure):
                    other.statements.extend(study.statements)
    candidates = [s.procedure for s in full.values() if s.procedure.modality is not None]
    by_procedure = {id(s.procedure): s for s in full.values()}
    own: dict[tuple[object, ...], Study] = {}
    for rating, ref, procedure in partial:
        match = resolve(procedure, candidates) if candidates else None
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
#: version slow (see ``patterns.CONTENT_PATTERNS``).
CONTENT_PATTERNS: Final = (
    ("row-cells", _cells, (*_WORD_ATTACKS, ("", "|", ""), ("", " — ", ""))),
    ("cell-term", _CELL_TERM_RE.fullmatch, (("", " ", "Usually x"), ("", "'", "x"))),
    ("join", _JOIN_RE.fullmatch, (("", " ", "x"), ("", ", ", "x"), ("", "/", "x"))),
    ("negated", _NEGATED_RE.search, (("not", " ", "x"), ("", "not ", "x"))),
    ("conditional", _CONDITIONAL_RE.search, (("if ", "a ", ""), ("", "if ", ""))),
    ("relative", lambda t: list(_RELATIVE_RE.finditer(t)), (("", ", ", "x"),)),
    ("level-gap", _LEVEL_GAP_RE.fullmatch, (("", "a ", "!"), ("", " ", "!"), ("", "ab", "!"))),
    ("classify", classify, (("Usually ", " ", "appropriate"),)),
    (
        "paren-term",
        _ANY_PAREN_TERM_RE.search,
        (("Usually ", " ", "appropriate"), ("(", " ", "Usually x"), ("", "( ", "x")),
    ),
    ("read-unit", lambda t: read_unit(t, None, row=True), _WORD_ATTACKS),
    ("read-labelled-unit", lambda t: read_unit(t, (0, 2), row=False), _WORD_ATTACKS),
)
