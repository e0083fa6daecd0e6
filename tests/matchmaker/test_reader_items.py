"""Items split right, and the one text cleaning."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.cleaning import clean_text
from matchmaker.items import flatten_items, split_items
from matchmaker.text import split_phrases


@pytest.mark.parametrize("text, items", [
    ("aides Bpifrance\nmontage de dossiers européens", ["aides Bpifrance", "montage de dossiers européens"]),
    ("aides Bpifrance\r\nmontage de dossiers", ["aides Bpifrance", "montage de dossiers"]),
    ("Levée de 1,5 M€, pricing", ["Levée de 1,5 M€", "pricing"]),
    ("O&M, R&D; M&A | B2B/B2C", ["O&M", "R&D", "M&A", "B2B/B2C"]),
    ("CI/CD, UX/UI design", ["CI/CD", "UX/UI design"]),
    ("pricing / export & sales", ["pricing", "export", "sales"]),
    ("Fundraising (seed, series A), hiring", ["Fundraising (seed, series A)", "hiring"]),
    ("Marketing [SEO; SEA] | Ventes", ["Marketing [SEO; SEA]", "Ventes"]),
    ("• Pricing\n• Export\n- Legal\n* RGPD", ["Pricing", "Export", "Legal", "RGPD"]),
    ("1. Levée\n2) Recrutement\n3. Export", ["Levée", "Recrutement", "Export"]),
    ("1) Levée 2) Recrutement", ["Levée", "Recrutement"]),
    ("Conseil, etc. Export", ["Conseil", "etc. Export"]),
    ("Accompagnement de la S.A.S. en création. Levée de fonds.", ["Accompagnement de la S.A.S. en création",
                                                                 "Levée de fonds"]),
    ("e.g. pricing; M. Dupont", ["e.g. pricing", "M. Dupont"]),
    ("Saint-Malo - Rennes + Nantes", ["Saint-Malo", "Rennes", "Nantes"]),
    ("Growth • SEO · SEA", ["Growth", "SEO", "SEA"]),
    ("a;b;c;", ["a", "b", "c"]),
    ("C++, Go", ["C++", "Go"]),
    ("", []), (" ; , | ", []),
])
def test_split_items(text, items):
    assert split_items(text) == items


def test_scoring_phrases_follow_the_items():
    assert [p.text for p in split_phrases("Levée de 1,5 M€\nO&M")] == ["Levée de 1,5 M€", "O&M"]
    assert [p.text for p in split_phrases("fundraising and hiring")] == ["fundraising", "hiring"]


def test_flatten_items_keeps_one_line_cells():
    assert flatten_items("1. a,\n\n2. b;\n") == "a; b"
    assert flatten_items("a, b (c, d)") == "a, b (c, d)"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_items_are_pieces_of_the_text(text):
    items = split_items(text)
    assert all(item and item == item.strip() and "\n" not in item for item in items)
    assert all(item in text for item in items)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(st.characters(exclude_characters=",;|\n\r&/•·▪◦‣●.…-–—+()[]{}\x0b\x0c\x85\u2028\u2029"),
                        min_size=1, max_size=20).map(str.strip).filter(lambda s: any(c.isalnum() for c in s)),
                min_size=1, max_size=8),
       st.sampled_from([", ", ";", " | ", "\n", "; "]))
def test_joined_items_split_back(items, separator):
    assert split_items(separator.join(items)) == items


# --- cleaning ---------------------------------------------------------------------------


@pytest.mark.parametrize("raw, clean", [
    ("Zo\u00e9\u200b Le\u200cf\u200d\u2060\ufeffevre", "Zoé Lefevre"),
    ("\u202eevil\u202c \u2066x\u2069", "evil x"),
    ("a\x00b\x07c\x9bd", "abcd"),
    ("Zoe\u0301", "Zoé"),  # NFC
    ("  a \t\u00a0 b\r\n c ", "a b c"),
    ("x\u00ady", "xy"),
    ("tag\U000e0041\U000e0042s", "tags"),
])
def test_clean_text_single_line(raw, clean):
    assert clean_text(raw) == clean
    assert unicodedata.is_normalized("NFC", clean_text(raw))


def test_clean_text_multiline_and_max_length():
    assert clean_text(" a \r\n\r\n\r\n b\rc\u2028d \n\n", multiline=True) == "a\n\nb\nc\nd"
    assert clean_text("\x00\n\u202e x", multiline=True) == "x"
    assert clean_text("abcdef ghi", max_length=7) == "abcdef"
    assert clean_text(None) == "" and clean_text("") == ""


_DANGEROUS = {chr(c) for c in (*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A),
                               0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)}


@settings(max_examples=300, deadline=None)
@given(st.text(), st.booleans())
def test_clean_text_leaves_nothing_dangerous(raw, multiline):
    clean = clean_text(raw, multiline=multiline)
    allowed = {"\n"} if multiline else set()
    assert not (set(clean) & (_DANGEROUS - allowed))
    assert clean == clean.strip() or multiline
    assert clean_text(clean, multiline=multiline) == clean  # idempotent
