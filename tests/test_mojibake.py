"""Tests for contentlint.text.mojibake: exact spans, no false positives, repair round trips."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contentlint.text.mojibake import Damage, repair_text, scan

# --- real examples: exact spans -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "repaired"),
    [
        (
            "Hereâ€™s how they contribute",
            [Damage(4, 7, "â€™", "’")],
            "Here’s how they contribute",
        ),
        ("â‰¥ 2 cm", [Damage(0, 3, "â‰¥", "≥")], "≥ 2 cm"),
        ("cafÃ©", [Damage(3, 5, "Ã©", "é")], "café"),
        (
            "â€œquotedâ€\x9d",
            [Damage(0, 3, "â€œ", "“"), Damage(9, 12, "â€\x9d", "”")],
            "“quoted”",
        ),
        (
            "Hereâ€™s 38.5 °C in São Paulo",
            [Damage(4, 7, "â€™", "’")],
            "Here’s 38.5 °C in São Paulo",
        ),
    ],
)
def test_real_examples(text: str, expected: list[Damage], repaired: str) -> None:
    assert scan(text) == expected
    assert repair_text(text) == repaired


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The span is trimmed to what changes: `Â°` -> `°` only deletes the `Â`.
        ("38.5 Â°C", [Damage(5, 6, "Â", "")]),
        ("a\u00a0b: aÂ\u00a0b", [Damage(6, 7, "Â", "")]),
        # Latin-1 instead of Windows-1252: the continuation bytes are C1 controls.
        ("Here\u00e2\x80\x99s", [Damage(4, 7, "â\x80\x99", "’")]),
        # Double mojibake, undone in one span.
        ("cafÃƒÂ©", [Damage(3, 7, "ÃƒÂ©", "é")]),
        ("ðŸ˜€ ok", [Damage(0, 4, "ðŸ˜€", "😀")]),
        ("â˜¢â˜¢", [Damage(0, 6, "â˜¢â˜¢", "☢☢")]),
        ("Ã¼ber Ã–l, siÄ™, Ð’ ÐœÐ¾Ñ\x81ÐºÐ²Ðµ", None),
        ("JOSÃ‰ and ESTÃ“RIA", [Damage(3, 5, "Ã‰", "É"), Damage(13, 15, "Ã“", "Ó")]),
        ("ä¸­æ–‡ and â„¢", [Damage(0, 6, "ä¸­æ–‡", "中文"), Damage(11, 14, "â„¢", "™")]),
        # Suspected damage without a safe repair: bytes lost.
        ("Itâ€", [Damage(2, 4, "â€", None)]),
        ("Itâ€ s", [Damage(2, 4, "â€", None)]),
        ("endâ€\ufffd.", [Damage(3, 6, "â€\ufffd", None)]),
        ("ðŸ!", [Damage(0, 2, "ðŸ", None)]),
        # A capital right after lowercase letters, before a space: a lost no-break space.
        ("voilÃ le travail", [Damage(4, 5, "Ã", "à")]),
        ("voilÃ  le travail", [Damage(4, 6, "Ã ", "à")]),
        ("voilÃ\u00a0 le travail", [Damage(4, 6, "Ã\u00a0", "à")]),
    ],
)
def test_damage(text: str, expected: list[Damage] | None) -> None:
    found = scan(text)
    if expected is not None:
        assert found == expected
    assert found, text
    for damage in found:
        assert text[damage.start : damage.end] == damage.damaged


def test_mixed_scripts_repaired_in_place() -> None:
    assert repair_text("Ã¼ber Ã–l, siÄ™, Ð’ ÐœÐ¾Ñ\x81ÐºÐ²Ðµ") == "über Öl, się, В Москве"


def test_ascii_fast_path() -> None:
    assert scan("") == []
    assert scan("plain ASCII text, with 'quotes' -- and dashes\n" * 1000) == []


# --- legitimate text is never reported --------------------------------------------------

LEGITIMATE = [
    "Here’s “quoted” text — with em dashes – en dashes… and ‘single’ quotes",
    "☢☢☢☢ ≥ 2 cm • bullet ≤ 3 ± 0.5 × 2 ÷ 4 µm 38.5 °C m² 10³",
    "non\u00a0breaking\u00a0spaces, soft\u00adhyphen, ™ ® © € £ ¥ ½ ¼ ¾ § ¶",
    "São Paulo, Sjögren, naïve, β-thalassemia, Zoë, Noël, coöperate, Citroën",
    "SÃO PAULO, JOÃO, IRMÃ, AMANHÃ, MAÇÃ, CORAÇÃO, AÇÃO, PORTUGUÊS, ÔNIBUS",
    "“AMANHÔ, “IRMÔ e «CAPITÔ; A letra “Ô e ‘Ñ’, AMANHÖ, IRMÃ\u00a0E, SÃ…",
    "Français : élève, déjà, voilà\u00a0!, « voilà\u00a0», « café\u00a0», crème brûlée, œuvre",
    "CAFÉ”, “CAFÉ” and FUẞ, ÉCOLE…, ÎLE, ÂGE, CHÂTEAU, GARÐ”, FJÖRÐ»",
    "Deutsch: Straße, „Größe“, »Fuß«, Fuß’, ‚Maß‘, Über, Ärger, Öl",
    "Español: mañana, niño, ¿Qué? ¡Olé!, Ñandú, año, ESPAÑA—2024, José’s",
    "Português: açúcar, coração, irmã”, à beça, você, avô, avó, pão",
    "Nordic: Ørsted, smørrebrød, Ångström, Åland, Ærø, Ísland, Þór, garðar, Å, Ö, Ø…",
    "Polski: Łódź, się, zażółć gęślą jaźń, Kraków; Čeština: Dvořák, Škoda; Türkçe: ağaç, İstanbul",
    "Tiếng Việt: phở, Hà Nội, Việt Nam, người, được, có, không, đã",
    "Ελληνικά: αβγδε, μέτρο, Ω, ή, ο, Αθήνα",
    "Русский: Москва, В Москве, и, я, ёлка; Українська: він, їжак, і, є",
    "中文 日本語 ひらがな カタカナ 한국어 東京",
    "Emoji: 😀 👍🏽 🇫🇷 ❤️ 🎉 ✓ → ←",
    "Math: 2×½, ×10², x ≠ y, ∑, √2, ∞, 3×4, ÷, ‰, ′, ″",
    "ASCII apostrophes it's and “smart” ones it’s, JOSÉ´S, CAFÉ’s",
    "Ellipsis… after é… and ï» or ã™ and à\u00a0— also é’”",
    "Hebrew: שלום, עברית; Arabic: مرحبا, العربية",
    "Čeština: náš, váš, píšu, též, VÝŠE, PÍŠE, ÚŽASNÝ; José‘s, CAFÉ\u00a0BAR, É’s, Ö\u00a0är",
    "Français\u00a0: « À\u00a0bientôt\u00a0», É\u00a0possível, È\u00a0vero, cœur, sœur",
    # A capital before a space that follows capitals or stands alone is a word's end.
    "A IRMÃ e o irmão; Å är en å",
]


@pytest.mark.parametrize("text", LEGITIMATE)
def test_legitimate_text_is_not_reported(text: str) -> None:
    assert scan(text) == []
    assert repair_text(text) == text


# --- property tests ------------------------------------------------------------------------

# The legitimate non-ASCII characters the brief lists, plus lowercase accented letters.
LEGIT_NON_ASCII = (
    "‘’“”–—…•\u00a0™®☢≥≤±×÷µ°²ãöïéèàçñüßáíóúâêôæåø"
    "αβγδεζηθλμπσωΩДЖЗИЛмоскваїєі中文日本語한국어😀👍🎉"
)
# Character soup is less realistic than text in one respect the engine relies on: a symbol
# glued to a letter (`é°`, `ß±`) is evidence of mojibake (`Ã©`, `Â°`). So `°`, `±` and `µ`
# get a space unless they follow a digit or a space (`38.5 °C`, `5µm`, ` ± 2`); and `œ`,
# which only ever follows a consonant (`cœur`, `œuvre`), is left out of the soup. Accented
# capitals (the `Ã` of `SÃO`) only come in words below: glued to `™`, `—` or `±` in a soup,
# `Ã` *is* the mojibake of `Ù`, `×` or `ñ`.
_GLUED_SYMBOL = re.compile(r"(?<![\s\d])([°±µ])")
soup = st.text(
    st.characters(codec="ascii", exclude_categories=("Cc",))
    | st.sampled_from(list(LEGIT_NON_ASCII + "\n\t")),
    max_size=60,
).map(lambda text: _GLUED_SYMBOL.sub(r" \1", text))

WORDS = [
    "the", "Here’s", "how", "they", "contribute", "café", "naïve", "São", "Paulo", "Sjögren",
    "crème", "brûlée", "façade", "über", "Straße", "Größe", "mañana", "niño", "açúcar",
    "coração", "João", "SÃO", "PAULO", "JOÃO", "Ørsted", "smørrebrød", "Ångström", "Ærø",
    "Ísland", "Þór", "garðar", "œuvre", "Škoda", "Dvořák", "się", "zażółć", "gęślą", "jaźń",
    "Kraków", "București", "ağaç", "İstanbul", "Tiếng", "Việt", "phở", "résumé", "élève",
    "Élysée", "déjà", "voilà", "à", "où", "être", "Noël", "Zoë", "Ελληνικά", "αβγ", "μέτρο",
    "β-thalassemia", "русский", "Москва", "українська", "він", "їжак", "В", "中文", "日本語",
    "한국어", "東京", "カタカナ", "’", "“quoted”", "—", "–", "…", "•", "≥", "≤", "±", "×", "÷",
    "µm", "38.5", "°C", "m²", "☢☢☢☢", "™", "®", "©", "€", "£", "½", "→", "✓", "😀", "👍🏽",
    "2", "cm", "ok", "CAFÉ", "ÉCOLE", "ÜBER", "STRAßE", "ORAÇÃO", "Česko", "Ñandú", "Ölfarbe",
    "Œuvre", "Škoda", "ёлка", "і", "є", "Ö", "Ø",
]  # fmt: skip
# Not the Swedish word `Å`: before a no-break space and a lowercase word it reads as the
# mojibake of `Š` (`Å\u00a0koda` is `Škoda`), a deliberate choice of the engine.
SEPARATORS = [" ", " ", " ", "\n", ", ", ". ", "\u00a0", " — ", "/", ": ", " (", ") "]


def _words_text(words: list[str], seps: list[str]) -> str:
    return "".join(word + sep for word, sep in zip(words, seps, strict=True))


clean_texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).flatmap(
    lambda words: st.lists(
        st.sampled_from(SEPARATORS), min_size=len(words), max_size=len(words)
    ).map(lambda seps: _words_text(words, seps))
)


def _damage(word: str, codec: str = "cp1252") -> str:
    """`word` decoded the wrong way, or unchanged where that decode is impossible."""
    try:
        return word.encode("utf-8").decode(codec)
    except UnicodeDecodeError:
        return word


@settings(max_examples=300, deadline=None)
@given(soup)
def test_clean_alphabet_soup_is_never_reported(text: str) -> None:
    assert scan(text) == []


@settings(max_examples=300, deadline=None)
@given(clean_texts)
def test_clean_words_are_never_reported(text: str) -> None:
    assert scan(text) == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(WORDS), st.booleans(), st.sampled_from(SEPARATORS)),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(["cp1252", "latin-1"]),
)
def test_damaged_words_come_back(parts: list[tuple[str, bool, str]], codec: str) -> None:
    original = "".join(word + sep for word, _, sep in parts)
    damaged = "".join((_damage(word, codec) if hurt else word) + sep for word, hurt, sep in parts)
    assert repair_text(damaged) == original
    for damage in scan(damaged):
        assert damage.repair is not None
        assert damaged[damage.start : damage.end] == damage.damaged


@settings(max_examples=200, deadline=None)
@given(clean_texts, st.sampled_from(["cp1252", "latin-1"]))
def test_damaged_document_comes_back(original: str, codec: str) -> None:
    damaged = _damage(original, codec)  # separators too: `\u00a0` -> `Â\u00a0`, `—` -> `â€”`
    assert repair_text(damaged) == original


mojibake_alphabet = st.sampled_from(list("ÂÃâ€™œžŸ‰¥©®°±²³´µ¶·¸¹º»¼½¾¿ÐÑÎÏðŸ˜\x81\x8d\x9d\ufffd"))
any_text = st.one_of(
    clean_texts,
    clean_texts.map(_damage),
    st.lists(st.one_of(soup, mojibake_alphabet), max_size=8).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_repair_is_idempotent_and_spans_are_sound(text: str) -> None:
    found = scan(text)
    assert found == sorted(found, key=lambda damage: damage.start)
    for earlier, later in itertools.pairwise(found):
        assert earlier.end <= later.start
    for damage in found:
        assert text[damage.start : damage.end] == damage.damaged
    once = repair_text(text)
    assert repair_text(once) == once


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_no_lead_letter_no_damage(text: str) -> None:
    """The encoding rule skips ftfy for a text without a lead (bytes C2-F4 in one of the
    codecs the engine undoes) followed by what a continuation byte reads as: sound only if
    the scanner finds nothing in such a text, however damaged it looks otherwise."""
    from contentlint.rules.encoding import _LEAD
    from contentlint.text import gate

    assert scan(text) == [] or _LEAD.search(text)
    leads = {c for codec in gate.CODECS for c in gate.bytes_as(codec, 0xC2, 0xF4)}
    assert scan("".join(char for char in text if char not in leads)) == []
    assert not _LEAD.search("Sjögren, Ménière, café au lait, naïve")  # accents alone: no scan


def _gate_characters() -> str:
    from contentlint.text import gate

    chars = set(" ?\ufffdaZ0\n")
    for codec in gate.CODECS:
        chars |= set(gate.bytes_as(codec, 0x80, 0xF4))
    return "".join(sorted(chars))


@settings(max_examples=1000, deadline=None)
@given(st.one_of(any_text, st.text(alphabet=_gate_characters(), max_size=12)))
def test_the_gate_over_bytes_answers_as_the_gate_over_the_text(text: str) -> None:
    """RE2 over the UTF-8 bytes finds a pair exactly where ``re`` over the text does."""
    from contentlint.text.gate import GATE, gate_bytes

    assert gate_bytes(text.encode("utf-8")) == (GATE.search(text) is not None)


@pytest.mark.parametrize("text", ["÷ß0–ß", "0÷ß0–ß", "÷à0–ß", "0֧"])
def test_stray_pairs_of_a_rare_codec_do_not_vouch_for_each_other(text: str) -> None:
    """Found by the alphabet-soup property: two symbol pairs that MacRoman would read as a
    Hebrew accent, an Armenian or a Cyrillic letter, each too weak alone, are not damage
    together (nor is a Hebrew accent on a digit)."""
    assert scan(text) == []
