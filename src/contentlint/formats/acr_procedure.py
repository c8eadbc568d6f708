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
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, Final, NamedTuple

WITHOUT, WITH, UNSPECIFIED = "without", "with", "unspecified"
BOTH, EITHER = "without-and-with", "with-or-without"
CONTRASTS: Final = (WITHOUT, WITH, BOTH, EITHER, UNSPECIFIED)
_CONTRAST_TEXT: Final = {
    WITHOUT: "without IV contrast",
    WITH: "with IV contrast",
    BOTH: "without and with IV contrast",
    EITHER: "with or without IV contrast",
}


class Modality(NamedTuple):
    label: str  # for messages
    kind: str  # "imaging" | "image-guided" | "non-imaging"
    radiation: str  # "none" | "ionizing" | "varies" (image-guided: the ACR's "Varies")
    regionless: bool  # fully named without a region
    region: frozenset[str]  # the default region when the name gives none


_NONE, _IONIZING, _VARIES = "none", "ionizing", "varies"


def _m(
    label: str, radiation: str = _IONIZING, region: str = "", regionless: bool = False
) -> Modality:
    return Modality(label, "imaging", radiation, regionless, frozenset(region.split()))


def _guided(label: str) -> Modality:
    return Modality(label, "image-guided", _VARIES, True, frozenset())


def _option(label: str) -> Modality:
    return Modality(label, "non-imaging", _NONE, True, frozenset())


#: Canonical modality -> label, kind, radiation, regionless, default region.
MODALITIES: Final[dict[str, Modality]] = {
    "radiography": _m("Radiography"),
    "fluoroscopy": _m("Fluoroscopy"),
    "us": _m("US", _NONE),
    "echocardiography": _m("Echocardiography", _NONE, "heart"),
    "ct": _m("CT"),
    "cta": _m("CTA"),
    "ctv": _m("CTV"),
    "mri": _m("MRI", _NONE),
    "mra": _m("MRA", _NONE),
    "mrv": _m("MRV", _NONE),
    "nm": _m("Nuclear medicine"),
    "nm-bone": _m("Bone scan"),
    "nm-hida": _m("HIDA scan", regionless=True),
    "nm-vq": _m("V/Q scan", region="chest"),
    "nm-mibg": _m("MIBG scan"),
    "nm-octreotide": _m("Somatostatin receptor scintigraphy"),
    "nm-gallium": _m("Gallium scan"),
    "nm-wbc": _m("WBC scan"),
    "nm-thyroid": _m("Thyroid uptake and scan", region="thyroid"),
    "nm-mpi": _m("Myocardial perfusion imaging", region="heart"),
    "nm-rbc": _m("Tagged RBC scan", regionless=True),
    "nm-renal": _m("Renal scan", region="kidney"),
    "nm-sestamibi": _m("Sestamibi scan"),
    "spect": _m("SPECT"),
    "spect-ct": _m("SPECT/CT"),
    "pet-ct": _m("PET/CT"),
    "pet-mri": _m("PET/MRI"),
    "mammography": _m("Mammography", region="breast"),
    "dbt": _m("DBT", region="breast"),
    "dxa": _m("DXA", regionless=True),
    "arteriography": _m("Arteriography"),
    "venography": _m("Venography"),
    "ercp": _m("ERCP", regionless=True),
    "ig-biopsy": _guided("Image-guided biopsy"),
    "ig-drainage": _guided("Image-guided drainage"),
    "ig-aspiration": _guided("Image-guided aspiration"),
    "ig-embolization": _guided("Image-guided embolization"),
    "ig-ablation": _guided("Image-guided ablation"),
    "biopsy": _option("Biopsy"),
    "surgery": _option("Surgery"),
    "surgical-consultation": _option("Surgical consultation"),
    "no-imaging": _option("No imaging (observation)"),
}
RADIATION_FREE: Final = frozenset(k for k, m in MODALITIES.items() if m.radiation == _NONE)
IMAGE_GUIDED: Final = frozenset(k for k, m in MODALITIES.items() if m.kind == "image-guided")

# ----------------------------------------------------------------------------- vocabulary
# One entry a line, `canonical: phrase | phrase`, several short ones joined by `;`. Words are
# lower-case and space-separated, hyphens dropped (`x-ray` is `x ray`), `/` a word of its own.
# A modality word may carry a default region (`@chest`), a qualifier (`+mrcp`), a contrast
# (`=with`). A qualifier's phrases are also read after "with" (`with Doppler`).

_MODALITY_WORDS: Final = """
radiography: radiography | radiograph | radiographs | x ray | x rays | xray | xrays
radiography: plain film | plain films ; radiography @chest: cxr | cxrs
radiography @abdomen: kub ; fluoroscopy: fluoroscopy
fluoroscopy +contrast-enema: contrast enema | barium enema | water soluble contrast enema
fluoroscopy +upper-gi: upper gi | upper gi series | ugi
fluoroscopy +esophagram: esophagram | esophagography | barium swallow | barium esophagram
fluoroscopy +vcug: vcug | voiding cystourethrography | voiding cystourethrogram
us: us | ultrasound | ultrasounds | ultrasonography | sonography | sonogram ; us =with: ceus
echocardiography: echocardiography | echocardiogram
echocardiography +transthoracic: tte ; echocardiography +transesophageal: tee
ct: ct | cts | computed tomography ; ct @chest +high-resolution: hrct
ct +low-dose: ldct ; ct +cone-beam: cbct ; cta: cta | ctas ; cta @chest: ctpa ; ctv: ctv
mri: mri | mris | mr | magnetic resonance ; mri +mrcp: mrcp ; mri +functional: fmri
mra: mra ; mrv: mrv
nm: nuclear medicine | scintigraphy | scintigram | radionuclide | nuclear scan | indium
nm: tc 99m | tc99m | 99mtc | technetium | technetium 99m
nm-bone: bone scan | bone scans | bone scintigraphy | skeletal scintigraphy | mdp
nm-hida: hida | cholescintigraphy | hepatobiliary scintigraphy | hepatobiliary scan
nm-vq: v / q | vq | ventilation perfusion | ventilation / perfusion | lung scintigraphy
nm-mibg: mibg | metaiodobenzylguanidine
nm-octreotide: octreotide | octreoscan | somatostatin receptor scintigraphy
nm-gallium: gallium | gallium 67 | ga 67
nm-wbc: wbc scan | white blood cell scan | white blood cell scintigraphy
nm-wbc: leukocyte scintigraphy | labeled leukocyte | labeled wbc | tagged wbc
nm-thyroid: thyroid uptake | thyroid scan | thyroid scintigraphy | radioiodine uptake
nm-mpi: myocardial perfusion | mpi ; nm-sestamibi: sestamibi | mibi
nm-rbc: tagged rbc | rbc scan | tagged red blood cell | red blood cell scan | rbc scintigraphy
nm-renal: renal scan | renal scintigraphy | renography | mag3 | dmsa
spect: spect ; spect-ct: spect / ct | spect ct
pet-ct: pet | pet / ct | pet ct | petct | positron emission tomography
pet-mri: pet / mri | pet / mr | pet mri | pet mr
mammography: mammography | mammogram | mammograms
dbt: dbt | digital breast tomosynthesis | breast tomosynthesis | tomosynthesis
dxa: dxa | dexa | bone densitometry ; ercp: ercp
arteriography: arteriography | arteriogram | angiography | angiogram | dsa
arteriography: catheter angiography | conventional angiography | digital subtraction angiography
venography: venography | venogram | phlebography
ig-embolization: embolization ; ig-aspiration: fna
biopsy: biopsy | surgical biopsy | open biopsy
surgery: surgery | surgical management | surgical exploration | surgical resection
surgical-consultation: surgical consultation | surgical consult | surgical referral
surgical-consultation: surgical evaluation
no-imaging: no imaging | watchful waiting | observation | clinical observation
no-imaging: clinical follow up | clinical followup | expectant management
"""
# `GUIDE guided [percutaneous] PROCEDURE` and `percutaneous PROCEDURE`.
_GUIDES: Final = """
: image | imaging | radiologic | radiologically
us-guided: us | ultrasound | sonographic | sonographically ; ct-guided: ct
mri-guided: mri | mr ; fluoroscopy-guided: fluoroscopy | fluoroscopic | fluoroscopically
"""
_GUIDED: Final = """
ig-biopsy: biopsy | biopsies | core biopsy | needle biopsy | core needle biopsy
ig-drainage: drainage | catheter drainage ; ig-aspiration: aspiration | fine needle aspiration
ig-embolization: embolization ; ig-ablation: ablation
"""
# In the order `Procedure.describe` lists them.
_REGION_WORDS: Final = """
whole body: whole body | total body | entire body
skull base to mid-thigh: skull base to mid thigh | skull base to midthigh | skull base to thigh
skull base to mid-thigh: skull base through mid thigh | base of skull to mid thigh
head: head | brain | cranial | cranium | intracranial | skull ; skull base: skull base
orbits: orbit | orbits | orbital ; sinuses: sinus | sinuses | paranasal sinus | paranasal sinuses
temporal bone: temporal bone | temporal bones
maxillofacial: maxillofacial | face | facial | facial bones ; neck: neck | soft tissue neck
thyroid: thyroid ; parathyroid: parathyroid | parathyroids
carotid arteries: carotid | carotids | carotid artery | carotid arteries
cervical spine: cervical spine | c spine ; thoracic spine: thoracic spine | t spine
lumbar spine: lumbar spine | lumbar | l spine | lumbosacral spine
spine: spine | spinal | total spine | entire spine | whole spine
chest: chest | thorax | thoracic | lung | lungs | pulmonary ; breast: breast | breasts
axilla: axilla | axillae | axillary ; heart: heart | cardiac
coronary arteries: coronary | coronary artery | coronary arteries
thoracic aorta: thoracic aorta ; abdominal aorta: abdominal aorta ; aorta: aorta | aortic
abdomen: abdomen | abdominal | upper abdomen
right upper quadrant: right upper quadrant | ruq | gallbladder | gall bladder
right lower quadrant: right lower quadrant | rlq ; left lower quadrant: left lower quadrant | llq
liver: liver | hepatic ; pancreas: pancreas | pancreatic ; spleen: spleen | splenic
kidney: kidney | kidneys | renal
adrenal: adrenal | adrenals | adrenal gland | adrenal glands
retroperitoneum: retroperitoneum | retroperitoneal ; small bowel: small bowel | small intestine
urinary tract: urinary tract ; bladder: bladder | urinary bladder ; pelvis: pelvis | pelvic
prostate: prostate
scrotum: scrotum | scrotal | testis | testes | testicle | testicles | testicular
upper extremity: upper extremity | upper extremities | upper limb | upper limbs | arm | arms
shoulder: shoulder | shoulders ; elbow: elbow | elbows ; wrist: wrist | wrists
hand: hand | hands
lower extremity: lower extremity | lower extremities | lower limb | lower limbs | leg | legs
extremity: extremity | extremities | limb | limbs ; hip: hip | hips ; thigh: thigh | thighs
knee: knee | knees ; ankle: ankle | ankles ; foot: foot | feet
area of interest: area of interest
"""
_QUALIFIER_WORDS: Final = """
multiphase: multiphase | multiphasic | multi phase | multi phasic | biphasic | triphasic
multiphase: dual phase | three phase ; mrcp: cholangiopancreatography
doppler: doppler | duplex | duplex doppler | color doppler | colour doppler | spectral doppler
transabdominal: transabdominal ; transvaginal: transvaginal | endovaginal
transrectal: transrectal | endorectal ; transperineal: transperineal
transthoracic: transthoracic ; transesophageal: transesophageal
screening: screening ; diagnostic: diagnostic ; urography: urography | urogram
enterography: enterography | enterogram ; colonography: colonography | virtual colonoscopy
low-dose: low dose ; dual-energy: dual energy ; high-resolution: high resolution
cone-beam: cone beam ; 3d: 3d | 3 d | three dimensional ; cine: cine ; perfusion: perfusion
diffusion: diffusion | diffusion weighted | dwi ; elastography: elastography
spectroscopy: spectroscopy ; arthrography: arthrography | arthrogram
myelography: myelography | myelogram ; functional: functional ; stress: stress
bilateral: bilateral ; unilateral: unilateral ; abbreviated: abbreviated
weight-bearing: weight bearing ; calcium-scoring: calcium scoring | calcium score
somatostatin-receptor: somatostatin receptor | dotatate | dotatoc | ga 68 dotatate
psma: psma ; fluciclovine: fluciclovine ; choline: choline ; amyloid: amyloid
naf: naf | sodium fluoride ; oral-contrast: oral contrast
tau: tau | flortaucipir ; rubidium: rubidium | rb 82 | rb82 | rubidium 82
ammonia: ammonia | n 13 ammonia | 13n ammonia ; fluoroestradiol: fluoroestradiol | fes
fdopa: fdopa | f dopa | fluorodopa ; function-morphology: function and morphology
"""
# Qualifiers named by a modality word, read as qualifiers only after "with".
_WITH_ONLY: Final = "mrcp: mrcp ; spect: spect ; spect-ct: spect / ct | spect ct"
# `{iv}` stands for nothing, `iv` and `intravenous`.
_CONTRAST_WORDS: Final = """
without: without {iv}contrast | w / o {iv}contrast | noncontrast | non contrast | unenhanced
without: nonenhanced | non enhanced | precontrast | pre contrast | noncontrast enhanced
with: with {iv}contrast | w / {iv}contrast | contrast enhanced | enhanced | post contrast
with: postcontrast
without-and-with: without and with {iv}contrast | with and without {iv}contrast
without-and-with: pre and post {iv}contrast | pre and postcontrast | pre contrast and post contrast
without-and-with: precontrast and postcontrast
with-or-without: with or without {iv}contrast | without or with {iv}contrast
"""
_FILLERS: Final = (
    "scan | scans | study | studies | exam | exams | examination | examinations | imaging"
    " | iv | intravenous | fdg | 18f | f 18 | ga 68 | i 123 | i 131 | percutaneous"
)

MOD, REG, CON, QUAL, NOISE, CONN, SILENT = range(7)


class _Entry(NamedTuple):
    kind: int
    value: str  # the modality, region, contrast or qualifier ("" for the rest)
    region: frozenset[str] = frozenset()  # MOD: default region (CXR: chest)
    qualifiers: frozenset[str] = frozenset()
    contrast: str | None = None


_VOCAB: dict[tuple[str, ...], _Entry] = {}


def _add(phrases: str, entry: _Entry) -> None:
    for phrase in phrases.split("|"):
        key = tuple(phrase.split())
        if key and _VOCAB.setdefault(key, entry) != entry:
            raise ValueError(f"{phrase!r} has two meanings")


def _table(text: str) -> Iterator[tuple[str, str]]:
    """``(head, phrases)`` of each entry of a word table."""
    for entry in text.replace("\n", ";").split(";"):
        if entry.strip():
            head, _, phrases = entry.partition(":")
            yield head.strip(), phrases


def _modality_entry(head: str) -> _Entry:
    value, *marks = head.split()
    get = lambda mark: " ".join(m[1:] for m in marks if m[0] == mark)  # noqa: E731
    region, qualifiers = frozenset(get("@").split()), frozenset(get("+").split())
    return _Entry(MOD, value, region, qualifiers, get("=") or None)


for _head, _phrases in _table(_MODALITY_WORDS):
    _add(_phrases, _modality_entry(_head))
for _modality, _procs in _table(_GUIDED):
    for _proc in _procs.split("|"):
        _add(f"percutaneous {_proc}", _Entry(MOD, _modality))
        for _qual, _guides in _table(_GUIDES):
            for _guide in _guides.split("|"):
                _entry = _Entry(MOD, _modality, qualifiers=frozenset(_qual.split()))
                _add(f"{_guide} guided {_proc} | {_guide} guided percutaneous {_proc}", _entry)
for _region, _phrases in _table(_REGION_WORDS):
    _add(_phrases, _Entry(REG, _region))
for _table_text in (_QUALIFIER_WORDS, _WITH_ONLY):
    for _qual, _phrases in _table(_table_text):
        _with = " | ".join(f"with {p}" for p in _phrases.split("|"))
        _add(_with if _table_text is _WITH_ONLY else f"{_phrases} | {_with}", _Entry(QUAL, _qual))
for _contrast, _phrases in _table(_CONTRAST_WORDS):
    _phrases = " | ".join(_phrases.replace("{iv}", iv) for iv in ("", "iv ", "intravenous "))
    _add(_phrases, _Entry(CON, _contrast))
_ORAL: Final = _Entry(CON, WITH, qualifiers=frozenset({"oral-contrast"}))
_add("with iv and oral contrast | with oral and iv contrast", _ORAL)
_add(_FILLERS, _Entry(NOISE, ""))
_add(", | / | & | + | and | of", _Entry(CONN, ""))
_add("the", _Entry(CONN, "the"))  # only after another: `of the`, not `radiograph the lungs`
_add("a | an | with | without | or", _Entry(SILENT, ""))

#: Canonical regions, in the order :meth:`Procedure.describe` lists them.
REGIONS: Final = tuple(dict.fromkeys(region for region, _ in _table(_REGION_WORDS)))
_REGION_ORDER: Final = {region: i for i, region in enumerate(REGIONS)}
#: Every canonical qualifier.
QUALIFIERS: Final = frozenset(
    q
    for e in _VOCAB.values()
    for q in (e.qualifiers | {e.value} if e.kind == QUAL else e.qualifiers)
)
#: Default regions of studies named by a qualifier (`CT urography`, `MRCP`).
_QUALIFIER_REGIONS: Final = {
    "mrcp": frozenset({"abdomen"}),
    "urography": frozenset({"abdomen", "pelvis"}),
    "enterography": frozenset({"abdomen", "pelvis"}),
    "colonography": frozenset({"abdomen", "pelvis"}),
    "myelography": frozenset({"spine"}),
    "calcium-scoring": frozenset({"heart"}),
}
#: Qualifiers that say where a study goes with no region (fluoroscopic studies).
_LOCATING: Final = frozenset({"contrast-enema", "upper-gi", "esophagram", "vcug"})

_MAX_WORDS: Final = max(len(key) for key in _VOCAB)
_STARTS: Final = frozenset(key[0] for key in _VOCAB if len(key) > 1)
_CAP: Final = 30  # tokens in one phrase of prose
#: The first word of every modality phrase (a phrase of prose has one).
_MODALITY_STARTS: Final = frozenset(key[0] for key, entry in _VOCAB.items() if entry.kind == MOD)

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


class _Tok(NamedTuple):
    start: int
    end: int
    key: str
    word: bool
    joined: bool  # a word right after `word-`


class _Item(NamedTuple):  # a vocabulary phrase (or an unknown token) of tokens first:stop
    start: int
    end: int
    entry: _Entry | None
    first: int
    stop: int

    @property
    def kind(self) -> int:
        return SILENT if self.entry is None else self.entry.kind


# One token: `I.V.`, a run of letters/digits, or any one other visible character. Each
# alternative takes a fixed or possessive run, so there is nothing to backtrack into.
_TOKEN_RE: Final = re.compile(r"[Ii]\.[Vv]\.|[^\W_]++|\S")
_HYPHENS: Final = frozenset("-\u2010\u2011")
_CASED: Final = {"us": "US", "pet": "PET", "mr": "MR"}  # in prose, only these spellings
_TITLE_RE: Final = re.compile(r"\.\s{1,3}[A-Z]")  # `MR. Smith`


def _tokens(text: str, prose: bool) -> list[_Tok]:
    out: list[_Tok] = []
    for found in _TOKEN_RE.finditer(text):
        start, end = found.span()
        raw = found.group()
        if raw in _HYPHENS:
            continue  # `X-ray` is `X ray`, `pre- and post-contrast` is `pre and post contrast`
        word = raw[0].isalnum()
        key = raw.lower().replace(".", "") if word else raw
        joined = word and start >= 2 and text[start - 1] in _HYPHENS and text[start - 2].isalnum()
        if (
            prose
            and key in _CASED
            and (raw != _CASED[key] or (key == "mr" and _TITLE_RE.match(text, end)))
        ):
            key += "~"  # "us", "pet", "Mr.": no vocabulary word
        out.append(_Tok(start, end, key, word, joined))
    if prose:  # `US` next to an unknown all-caps word ("CONTACT US") is the pronoun
        for i, tok in enumerate(out):
            if tok.key == "us" and (
                _caps_unknown(text, out, i - 1) or _caps_unknown(text, out, i + 1)
            ):
                out[i] = tok._replace(key="us~")
    return out


def _caps_unknown(text: str, tokens: list[_Tok], i: int) -> bool:
    if not 0 <= i < len(tokens) or not tokens[i].word:
        return False
    raw = text[tokens[i].start : tokens[i].end]
    return len(raw) > 1 and raw.isupper() and (tokens[i].key,) not in _VOCAB


def _match(tokens: list[_Tok]) -> list[_Item]:
    """The tokens as vocabulary phrases, longest first, left to right."""
    keys = [tok.key for tok in tokens]
    items: list[_Item] = []
    i, n = 0, len(keys)
    while i < n:
        entry, length = None, 1
        if keys[i] in _STARTS:
            for size in range(min(_MAX_WORDS, n - i), 1, -1):
                entry = _VOCAB.get(tuple(keys[i : i + size]))
                if entry is not None:
                    length = size
                    break
        if entry is None:
            entry = _VOCAB.get((keys[i],))
        items.append(_Item(tokens[i].start, tokens[i + length - 1].end, entry, i, i + length))
        i += length
    return items


_CONVERSIONS: Final = {
    **{(m, "arteriography"): "cta" for m in ("ct", "cta")},
    **{(m, "arteriography"): "mra" for m in ("mri", "mra")},
    **{(m, "venography"): "ctv" for m in ("ct", "ctv")},
    **{(m, "venography"): "mrv" for m in ("mri", "mrv")},
}
_GENERIC_NM: Final = {"nm": 0, "spect": 1, "spect-ct": 2}


def _merge(current: str, entry: _Entry, convert: bool = True) -> tuple[str, frozenset[str]] | None:
    """The modality of ``current`` followed by the modality word ``entry`` (and qualifiers
    gained), or None when they are two studies. ``convert``: also the combinations that
    need the words side by side (``CT angiography``, ``Tc-99m bone scan``)."""
    new = entry.value
    if convert:
        if (current, new) in _CONVERSIONS:
            return _CONVERSIONS[current, new], frozenset()
        if current in _GENERIC_NM and new in _GENERIC_NM:
            return max(current, new, key=_GENERIC_NM.__getitem__), frozenset()
        if current in _GENERIC_NM and new.startswith("nm-"):
            return new, frozenset({current} - {"nm"})
        if new in _GENERIC_NM and current.startswith("nm-"):
            return current, frozenset({new} - {"nm"})
    if new == current and (entry.region or entry.qualifiers or entry.contrast):
        return current, frozenset()  # `MRI … MRCP`, `fluoroscopy contrast enema`
    return None


def _combine(found: set[str]) -> str:
    if not found:
        return UNSPECIFIED
    if len(found) == 1:
        return next(iter(found))
    return EITHER if EITHER in found else BOTH


def _build(name: str, text: str, items: Sequence[_Item], unknown: list[str]) -> Procedure | None:
    modality: str | None = None
    region: set[str] = set()
    defaults: set[str] = set()
    qualifiers: set[str] = set()
    contrasts: set[str] = set()
    for item in items:
        entry = item.entry
        if entry is None:
            continue
        if entry.kind == MOD:
            merged = (entry.value, frozenset()) if modality is None else _merge(modality, entry)
            if merged is None:  # a second study: the name is not one procedure
                unknown.append(text[item.start : item.end].lower())
                continue
            modality = merged[0]
            qualifiers |= merged[1] | entry.qualifiers
            defaults |= entry.region
            contrasts |= {entry.contrast} if entry.contrast else set()
        elif entry.kind == REG:
            region.add(entry.value)
        elif entry.kind == QUAL:
            qualifiers.add(entry.value)
        elif entry.kind == CON:
            contrasts.add(entry.value)
            qualifiers |= entry.qualifiers
    if modality is None:
        return None
    if not region:
        region = defaults or {r for q in qualifiers for r in _QUALIFIER_REGIONS.get(q, ())}
        region = region or set(MODALITIES[modality].region)
    contrast, unknown_words = _combine(contrasts), tuple(dict.fromkeys(unknown))
    return Procedure(
        name, modality, frozenset(region), contrast, frozenset(qualifiers), unknown_words
    )


def parse_procedure(text: str) -> Procedure | None:
    """The procedure ``text`` names (a rated study's name), or None when it names no
    modality. Unknown words are ignored and listed in ``unknown``."""
    tokens = _tokens(text, prose=False)
    items = _match(tokens)
    unknown: list[str] = []
    last = -2
    for item in items:
        tok = tokens[item.first]
        if item.entry is None and tok.word:
            word = text[tok.start : tok.end].lower()
            if tok.joined and last == item.first - 1:
                unknown[-1] += "-" + word  # `follow-up`, `two-view`
            else:
                unknown.append(word)
            last = item.first
    return _build(" ".join(text.split()), text, items, unknown)


def _phrases(items: list[_Item]) -> Iterator[list[_Item]]:
    """Runs of items around one modality word each (see the module docstring)."""
    cur: list[_Item] = []  # the phrase: non-empty once it has its modality
    pending: list[_Item] = []  # words before a modality
    modality = ""
    after_conn = False
    i, n = 0, len(items)
    while i < n:
        item = items[i]
        kind = item.kind
        if kind == CONN:
            j = i + 1
            while j < n and items[j].kind == CONN:
                j += 1
            group = cur or pending
            nxt = items[j].entry if j < n else None
            ok = bool(group) and nxt is not None and items[j - 1].stop - group[0].first < _CAP
            ok = ok and item.entry is not None and item.entry.value != "the"
            if ok and nxt is not None and nxt.kind != REG:  # only a region, or `and MRCP`
                ok = bool(cur) and nxt.kind == MOD and _merge(modality, nxt, False) is not None
            if ok:
                group.extend(items[i:j])
                after_conn = True
            else:
                if cur:
                    yield cur
                cur, pending = [], []
            i = j
            continue
        i += 1
        if kind == SILENT:  # any other word or mark ends the phrase
            if cur:
                yield cur
            cur, pending = [], []
        elif kind == MOD:
            assert item.entry is not None
            if cur:
                merged = _merge(modality, item.entry, convert=not after_conn)
                if merged is not None and item.stop - cur[0].first <= _CAP:
                    cur.append(item)
                    modality = merged[0]
                    after_conn = False
                    continue
                yield cur
            if pending and item.stop - pending[0].first > _CAP:
                pending = []
            cur, pending, modality = [*pending, item], [], item.entry.value
        elif cur:
            if item.stop - cur[0].first > _CAP:
                yield cur
                cur, pending = [], [item]
            else:
                cur.append(item)
        else:
            if pending and item.stop - pending[0].first > _CAP:
                pending = []
            pending.append(item)
        after_conn = False
    if cur:
        yield cur


_WORDS_RE: Final = re.compile(r"[^\W_]++")


def find_mentions(text: str) -> list[tuple[int, int, Procedure]]:
    """``(start, end, procedure)`` for each procedure phrase of the prose ``text``."""
    if _MODALITY_STARTS.isdisjoint(_WORDS_RE.findall(text.lower())):
        return []  # no modality word: most paragraphs of an article, found fast
    found = []
    for phrase in _phrases(_match(_tokens(text, prose=True))):
        start, end = phrase[0].start, phrase[-1].end
        procedure = _build(" ".join(text[start:end].split()), text, phrase, [])
        if procedure is not None:
            found.append((start, end, procedure))
    return found


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


# ---------------------------------------------------------------------------- benchmarks

#: Inputs that would make a backtracking or quadratic version slow: (head, repeated, tail).
ATTACKS: Final[tuple[tuple[str, str, str], ...]] = (
    ("", "CT and ", "x"),
    ("", "chest, ", "CT"),
    ("CT", " chest,", " x"),
    ("", " ", "CT"),
    ("CT", " with", " contrast"),
    ("", "/", "CT"),
    ("", "`", "CT"),
    ("", "-/", "x"),
    ("", "pet/", "ct"),
    ("", "MR. ", "x"),
    ("", "skull base to ", "mid-thigh"),
    ("", "without and with ", "IV contrast"),
    ("", "i.v.", "x"),
    ("", "US ", "ABOUT"),
    ("CT of the", " and the", " chest"),
    ("", "Tc-99m ", "bone scan"),
)

CONTENT_PATTERNS: Final[
    tuple[tuple[str, Callable[[str], Any], tuple[tuple[str, str, str], ...]], ...]
] = (
    ("procedure-mentions", find_mentions, ATTACKS),
    ("procedure-parse", parse_procedure, ATTACKS),
)
