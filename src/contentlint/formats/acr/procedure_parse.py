"""Procedures read from text (the model is :mod:`contentlint.formats.acr.procedure`):
:func:`parse_procedure` reads a rated study's name, :func:`find_mentions` the studies named
in prose.

Linear time: one tokenizing regex that cannot backtrack (``I.V.``, a possessive word run,
or one character), then one walk over the tokens with at most ``_MAX_WORDS`` dictionary
lookups at each; a phrase of prose holds at most ``_CAP`` tokens (``ATTACKS`` and
``CONTENT_PATTERNS`` give the inputs ``benchmarks/regex_adversarial.py`` times).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Final, NamedTuple

from contentlint.formats.acr.procedure import Procedure
from contentlint.formats.acr.procedure_words import (
    _CAP,
    _GENERIC_NM,
    _MAX_WORDS,
    _MODALITY_STARTS,
    _QUALIFIER_REGIONS,
    _STARTS,
    _VOCAB,
    BOTH,
    CON,
    CONN,
    EITHER,
    MOD,
    MODALITIES,
    QUAL,
    REG,
    SILENT,
    UNSPECIFIED,
    _Entry,
)


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
