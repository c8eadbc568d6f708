"""Procedures (rated imaging studies) of ACR Appropriateness Criteria articles.

A rated study is four parts, parsed from its name:

* **modality**: a short stable string (:data:`MODALITIES`): ``"ct"``, ``"cta"``, ``"mri"``,
  ``"us"``, ``"nm-bone"``, ``"pet-ct"``, ``"ig-biopsy"``, ``"no-imaging"`` … Synonyms fold
  (``MR`` = MRI, ``X-ray``/``radiograph``/``CXR`` = radiography, ``FDG-PET``/``PET-CT`` =
  PET/CT). ``CT``/``MR`` followed by ``angiography``/``venography`` is CTA/MRA/CTV/MRV;
  ``Tc-99m``/``scintigraphy``/``SPECT`` give way to the named scan they precede or follow
  (``Tc-99m bone scan`` is ``nm-bone``; a SPECT part becomes the qualifier ``spect``).
  MRCP is ``mri`` with the qualifier ``mrcp`` (whose default region is the abdomen):
  ``MRCP`` = ``MRI with MRCP``. Guidance is a qualifier of an image-guided procedure
  (``CT-guided biopsy`` = ``ig-biopsy`` + ``ct-guided``; ``image-guided biopsy`` has none).
* **region**: a frozenset of canonical body parts (:data:`REGIONS`), compared by equality
  only. Adjectives and synonyms fold (abdominal → abdomen, thoracic/lung/pulmonary → chest,
  brain/cranial → head, gallbladder/RUQ → right upper quadrant); named spans (``skull base
  to mid-thigh``) and multi-word parts (``lower extremity``, ``cervical spine``) are one
  token. A study with no region word takes its modality's or qualifier's default (CXR →
  chest, mammography/DBT → breast, MRCP → abdomen, urography → abdomen+pelvis).
* **contrast**: ``without`` / ``with`` / ``without-and-with`` / ``with-or-without`` /
  ``unspecified``. ``X with or without IV contrast`` covers the with and the without
  variants (:func:`variants`, :func:`covers`).
* **qualifiers**: what the ACR lists as separate rows (:data:`QUALIFIERS`): multiphase,
  mrcp, doppler, transvaginal, screening, diagnostic, urography, low-dose …

Case, punctuation, hyphens, articles, ``scan``/``study``/``exam``/``imaging``, ``IV``, the
FDG tracer, and word order are ignored. Words the model does not know are ignored too, and
listed in :attr:`Procedure.unknown`. :attr:`Procedure.fully_named` is true when a region is
given (or defaulted) or the modality needs none (:data:`MODALITIES` ``regionless``:
non-imaging options, image-guided procedures, HIDA, tagged-RBC and DXA scans, ERCP) or a
qualifier locates the study (fluoroscopic enema, upper GI, esophagram, VCUG).

In prose (:func:`find_mentions`) a phrase is a modality word with the region, contrast,
qualifier and filler words next to it; region words continue it across ``,`` ``/`` ``&``
``+`` ``and`` ``of`` (``the`` only after one of those: ``of the``). Any other word ends it,
and a second modality starts a new one (``CT and MRI``: two), except a word that only adds
to the first (``MRI abdomen and MRCP``: one). Only upper-case ``US``/``PET``/``MR`` are
modalities there (not "us", "pet", "Mr.", nor ``MR.`` before a capital), nor ``US`` next to
an unknown all-caps word (a heading such as "CONTACT US"). A mention is a procedure whose
parts may be unspecified; :func:`resolve` finds the rated study it stands for.

Limits: a name with two modalities that do not combine (``CT or MRI``) keeps the first and
lists the other as unknown; ``US`` for the United States is read as ultrasound; bare
``biopsy`` (non-image-guided) does not match ``image-guided biopsy``; region words between
two modalities go to the first (``CT and chest radiograph``: CT chest, radiograph);
``observation`` and ``no imaging`` are read as the option even in other senses; ``MR.``
ending a sentence before a capital is taken for a title; a bare ``contrast`` (``CT
contrast``) is an unknown word, not a contrast; tracers other than those listed, and anatomy
not in :data:`REGIONS`, are unknown words.

Linear time: one tokenizing regex that cannot backtrack (``I.V.``, a possessive word run,
or one character), then one walk over the tokens with at most ``_MAX_WORDS`` dictionary
lookups at each; a phrase of prose holds at most ``_CAP`` tokens (``ATTACKS`` and
``CONTENT_PATTERNS`` give the inputs ``benchmarks/regex_adversarial.py`` times).

Here: :class:`Procedure` and the comparisons (:func:`same_procedure`, :func:`variants`,
:func:`covers`, :func:`compatible`, :func:`resolve`). The vocabulary is in
:mod:`~contentlint.formats.acr.procedure_words`; names and prose are read by
:mod:`~contentlint.formats.acr.procedure_parse` (:func:`parse_procedure`,
:func:`find_mentions`, ``ATTACKS``, ``CONTENT_PATTERNS``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from contentlint.formats.acr.procedure_words import (
    _CONTRAST_TEXT,
    _GENERIC_NM,
    _LOCATING,
    _NONE,
    _REGION_ORDER,
    EITHER,
    IMAGE_GUIDED,
    MODALITIES,
    REGIONS,
    UNSPECIFIED,
    WITH,
    WITHOUT,
)

# ---------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class Procedure:
    name: str  # the text as given, whitespace collapsed
    modality: str | None  # canonical modality, None when the text names none
    region: frozenset[str]  # canonical body parts; empty when none given
    contrast: str  # one of CONTRASTS
    qualifiers: frozenset[str]
    unknown: tuple[str, ...] = ()  # words the model did not understand (lower-cased)

    @property
    def key(self) -> tuple[str | None, frozenset[str], str, frozenset[str]]:
        return self.modality, self.region, self.contrast, self.qualifiers

    @property
    def fully_named(self) -> bool:
        """A modality and a region, or a modality that needs none (``regionless`` in
        :data:`MODALITIES`), or a qualifier that locates the study (``contrast enema``)."""
        info = MODALITIES.get(self.modality or "")
        if info is None:
            return False
        return bool(self.region) or info.regionless or not self.qualifiers.isdisjoint(_LOCATING)

    @property
    def radiation_free(self) -> bool:
        info = MODALITIES.get(self.modality or "")
        return info is not None and info.radiation == _NONE

    @property
    def image_guided(self) -> bool:
        return self.modality in IMAGE_GUIDED

    def describe(self) -> str:
        """``CT · chest+abdomen+pelvis · with IV contrast · multiphase``."""
        info = MODALITIES.get(self.modality or "")
        parts = [info.label if info else (self.modality or "?")]
        if self.region:
            order = sorted(self.region, key=lambda r: (_REGION_ORDER.get(r, len(REGIONS)), r))
            parts.append("+".join(order))
        if self.contrast in _CONTRAST_TEXT:
            parts.append(_CONTRAST_TEXT[self.contrast])
        if self.qualifiers:
            parts.append(", ".join(sorted(self.qualifiers)))
        return " · ".join(parts)


# ---------------------------------------------------------------------------- comparison


def same_procedure(a: Procedure, b: Procedure) -> bool:
    """Both fully named, and all four parts equal (``with-or-without`` equals only itself)."""
    return a.fully_named and b.fully_named and a.key == b.key


def variants(p: Procedure) -> tuple[Procedure, ...]:
    """The studies ``p`` stands for: the with and the without one for ``with-or-without``."""
    if p.contrast == EITHER:
        return replace(p, contrast=WITH), replace(p, contrast=WITHOUT)
    return (p,)


def covers(a: Procedure, b: Procedure) -> bool:
    """``b`` is ``a`` or one of its variants (both fully named)."""
    if not (a.fully_named and b.fully_named):
        return False
    if (a.modality, a.region, a.qualifiers) != (b.modality, b.region, b.qualifiers):
        return False
    return a.contrast == b.contrast or (a.contrast == EITHER and b.contrast in (WITH, WITHOUT))


def _contrast_agrees(given: str, rated: str) -> bool:
    return given == rated or (
        EITHER in (given, rated) and {given, rated} <= {WITH, WITHOUT, EITHER}
    )


def compatible(mention: Procedure, rated: Procedure) -> bool:
    """``rated`` has every part ``mention`` gives: the same modality (a generic nuclear
    medicine mention fits any scan), an equal region, an agreeing contrast, and a superset
    of its qualifiers. An unspecified rated contrast agrees only with an unspecified one."""
    if mention.modality is None or rated.modality is None:
        return False
    if mention.modality != rated.modality and not (
        mention.modality == "nm"
        and (rated.modality.startswith("nm-") or rated.modality in _GENERIC_NM)
    ):
        return False
    if mention.region and mention.region != rated.region:
        return False
    if mention.contrast != UNSPECIFIED and not _contrast_agrees(mention.contrast, rated.contrast):
        return False
    return mention.qualifiers <= rated.qualifiers


def resolve(mention: Procedure, rated: Sequence[Procedure]) -> Procedure | None:
    """The one rated study ``mention`` stands for: the one that is the same procedure,
    else the only compatible one; None when none or several fit. Rated studies with the
    same four parts count once (the first is returned)."""
    distinct = list({r.key: r for r in reversed(rated)}.values())[::-1]
    exact = [r for r in distinct if same_procedure(mention, r)]
    if len(exact) == 1:
        return exact[0]
    fits = [r for r in distinct if compatible(mention, r)]
    return fits[0] if len(fits) == 1 else None
