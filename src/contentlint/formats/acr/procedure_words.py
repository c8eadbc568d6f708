"""The vocabulary of the procedure model (:mod:`contentlint.formats.acr.procedure`): the
contrasts, the modalities (``MODALITIES``: label, kind, radiation, default region), and the
word tables that name modalities, guided procedures, regions, qualifiers and contrasts,
compiled at import time into one dictionary of phrases (``_VOCAB``) that
:mod:`contentlint.formats.acr.procedure_parse` matches, longest first.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final, NamedTuple

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

#: The generic nuclear medicine modalities, ranked: a named scan takes their place.
_GENERIC_NM: Final = {"nm": 0, "spect": 1, "spect-ct": 2}
