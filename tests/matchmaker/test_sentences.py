"""Help lines, typography helpers and the grammar lint."""

import pytest

from matchmaker.lint import lint, text_of_html
from matchmaker.sentences import (
    STRENGTHS,
    explore_line,
    help_lines,
    match_strength,
    shared_line,
    strength_line,
    they_help_line,
    you_help_line,
)
from matchmaker.typography import (
    NBSP,
    NNBSP,
    at_event,
    de,
    join_list,
    le,
    nbsp_fr,
    plain,
    que,
    quote,
    starts_with_vowel_sound,
    titled,
)

from .goldens import check, lint_all, phrases

PARTNERS = ("Zoé Martin", "Élodie Roux", "Hugo Petit", "Yann Le Goff", "Anna", "")


MIXED_LISTS = [
    ["we are hiring", "growth", "data engineering"],
    ["I design onboarding flows", "levée de fonds", "SEO"],
    ["migration vers le cloud", "machine learning"],
    ["test d'intrusion", "growth", "recrutement de devs"],
    ["un associé technique", "clients in Europe"],
    ["French-speaking clients", "GDPR advice", "export"],
    ["hackathon", "mobile app", "payroll"],
    ["droit du travail", "rédaction de CGV", "pacte d'associés"],
    ["distribution in Germany", "German trade fairs", "salons professionnels"],
]


def _golden_lines() -> tuple[list[str], list[tuple[str, str]]]:
    lines, rendered = [], []
    items = phrases()
    for number, (shape, phrase) in enumerate(items):
        partner = PARTNERS[number % len(PARTNERS)]
        other = items[(number + 7) % len(items)][1]
        lines.append(f"## {shape}: {phrase!r} (partner {partner!r}, with {other!r})")
        for language in ("en", "fr"):
            for label, text in (("they_help", they_help_line(partner, [phrase], language)),
                                ("you_help", you_help_line(partner, [phrase, other], language)),
                                ("shared", shared_line([phrase], language))):
                lines.append(f"{label}/{language}: {text}")
                if text:
                    rendered.append((language, text))
    # Lists that mix languages and shapes: foreign items and clauses quoted, the rest in the reader's words.
    for number, mixed in enumerate(MIXED_LISTS):
        lines.append(f"## mixed: {mixed!r}")
        for language in ("en", "fr"):
            for label, text in (("they_help", they_help_line(PARTNERS[number % len(PARTNERS)], mixed, language)),
                                ("shared", shared_line(mixed, language))):
                lines.append(f"{label}/{language}: {text}")
                rendered.append((language, text))
    for language in ("en", "fr"):
        for partner in PARTNERS:
            lines.append(f"explore/{language}: {explore_line(partner, language)}")
            rendered.append((language, explore_line(partner, language)))
        for strength in STRENGTHS:
            lines.append(f"{strength}/{language}: {strength_line(strength, 'Élodie', language)}")
            rendered.append((language, strength_line(strength, "Élodie", language)))
    return lines, rendered


def test_golden_help_lines():
    lines, _ = _golden_lines()
    assert sum(1 for line in lines if line.startswith("## ")) >= 60
    check("help_lines.txt", lines)


def test_golden_help_lines_pass_the_grammar_lint():
    _, rendered = _golden_lines()
    assert lint_all(rendered) == []


def test_help_lines_from_the_viewers_side_strongest_first():
    lines = help_lines("Zoé Martin", viewer_gives=["recruiting"], partner_gives=["fundraising", "SEO", "pricing"],
                       shared=["climate"], language="en")
    assert lines == ["Zoé can help you with fundraising, SEO and pricing.", "You can help Zoé with recruiting.",
                     "You share an interest in climate."]


def test_one_way_and_weak_matches_are_described_honestly():
    assert help_lines("Zoé", partner_gives=["SEO"], language="en") == ["Zoé can help you with SEO."]
    assert [plain(x) for x in help_lines("Zoé", viewer_gives=["SEO"], language="fr")] == [
        "Vous pouvez aider Zoé en matière de SEO."]
    nothing = help_lines("Zoé", language="en")
    assert len(nothing) == 1 and nothing[0].startswith("A first conversation to explore")
    assert "help" not in nothing[0]


def test_french_lists_repeat_the_elided_preposition():
    assert plain(they_help_line("Élodie", ["levée de fonds", "export", "RGPD"], "fr")) == (
        "Élodie peut vous aider en matière de levée de fonds, d'export et de RGPD.")


def test_the_other_languages_words_are_quoted():
    assert they_help_line("Zoé", ["levée de fonds", "SEO"], "en") == "Zoé can help you with “levée de fonds” and SEO."
    assert they_help_line("Tom", ["fundraising"], "fr") == (
        f"Tom peut vous aider en matière de «{NBSP}fundraising{NBSP}».")


def test_strength_and_its_line():
    assert match_strength(["a"], ["b"], ["c"]) == "mutual"
    assert strength_line("mutual", "Zoé", "en") == "You can help each other."
    assert strength_line("explore", "Zoé", "fr") == "Une première conversation pour faire connaissance."
    with pytest.raises(ValueError, match="unknown strength"):
        strength_line("strong", "Zoé", "en")


def test_no_gendered_word_in_french_help_lines():
    text = " ".join(plain(x) for x in (explore_line("Anna", "fr"), they_help_line("Anna", ["SEO"], "fr"),
                                       shared_line(["IA"], "fr"))).lower()
    assert not {"il", "elle", "lui", "ravi", "ravie"} & set(text.replace(".", " ").replace(";", " ").split())


@pytest.mark.parametrize("name, expected", [
    ("Anna", "d'Anna"), ("Élodie", "d'Élodie"), ("Hugo", "d'Hugo"), ("Hélène", "d'Hélène"), ("Yves", "d'Yves"),
    ("Yann", "de Yann"), ("Tom", "de Tom"), ("Océane", "d'Océane"), ("Ulysse", "d'Ulysse"), ("IA", "d'IA"),
    ("SEO", "de SEO"), ("hackathon", "de hackathon"), ("hausse", "de hausse"), ("huit personnes", "de huit personnes"),
    ("onze", "de onze"), ("8 idées", "de 8 idées"), ("« Assises »", "d'« Assises »"),
])
def test_de_elides_before_a_vowel_sound_only(name, expected):
    assert de(name) == expected


def test_le_que_and_lists():
    assert (le("export"), le("hackathon"), que("Anna"), que("Tom")) == ("l'export", "le hackathon", "qu'Anna", "que Tom")
    assert join_list(["a", "b", "c"], "en") == "a, b and c"
    assert join_list(["a", "b", "c"], "fr") == "a, b et c"
    assert join_list(["", "a"], "fr") == "a"


def test_quotes_and_french_spacing():
    assert quote("x", "fr") == f"«{NBSP}x{NBSP}»" and quote("x", "en") == "“x”"
    assert nbsp_fr("Vraiment ? Oui ! Note : ok ; « x »") == (
        f"Vraiment{NNBSP}? Oui{NNBSP}! Note{NBSP}: ok{NNBSP}; «{NBSP}x{NBSP}»")
    assert nbsp_fr(nbsp_fr("Vraiment ?")) == nbsp_fr("Vraiment ?")
    assert nbsp_fr("https://x.fr/?a=1 à 10:30") == "https://x.fr/?a=1 à 10:30"


def test_event_names_get_an_article_or_stand_apart():
    assert plain(at_event("Rencontres Entrepreneurs Lyon 2026", "fr")) == (
        "lors de l'événement « Rencontres Entrepreneurs Lyon 2026 »")
    assert titled("Vos conversations", "Rencontres Entrepreneurs Lyon 2026") == (
        "Vos conversations — Rencontres Entrepreneurs Lyon 2026")
    assert not starts_with_vowel_sound("")


@pytest.mark.parametrize("text, language, rule", [
    ("Profil LinkedIn de Anna", "fr", "elision"),
    ("À propos de Élodie", "fr", "elision"),
    ("Ce que il propose", "fr", "elision"),
    ("Vos conversations à « Rencontres", "fr", "lone_quote"),
    ("« Rencontres » ", "fr", "lone_quote"),
    ("Prêt ?", "fr", "spacing"),
    ("Prêt?", "fr", "spacing"),
    ("Note: ok", "fr", "spacing"),
    ("1 rows rejected, 3 round(s)", "en", "lazy_plural"),
    ("Vous êtes désinscrit·e", "fr", "lazy_plural"),
    ("Read as first_name / offers", "en", "internal_name"),
    ("nudge_bundle", "en", "internal_name"),
    ("Conversation with %(name)s", "en", "placeholder"),
    ("Bonjour {first},", "fr", "placeholder"),
    ("Qu'est-ce qui ferait la différence pour vous sur clients in Europe ?", "fr", "mixed_language"),
    ("What got you interested in référencement?", "en", "mixed_language"),
    ("Zoé can help you with levée de fonds.", "en", "mixed_language"),
    ("What would help you most with fundraising!?", "en", "punctuation"),
])
def test_the_lint_catches_each_rule(text, language, rule):
    assert rule in {p.rule for p in lint(text, language)}


@pytest.mark.parametrize("text, language", [
    ("Profil LinkedIn d'Anna", "fr"),
    ("Le hackathon de Yann", "fr"),
    (nbsp_fr("Vos conversations — Rencontres de Lyon ? Oui : « lean »."), "fr"),
    ("Zoé can help you with “levée de fonds”.", "en"),
    ("See https://x.org/a_b_c?x=1 or write to first_name@x.org", "en"),
    ("Meet Zoé at Festival de Lyon.", "en"),
])
def test_the_lint_passes_good_text(text, language):
    assert lint(text, language) == []


def test_text_of_html_keeps_what_a_reader_sees():
    html = "<title>T</title><p>Profil de <b>Anna</b></p><script>var a_b = 1;</script><style>.x_y{}</style>"
    assert text_of_html(html) == "T\nProfil de Anna"
    assert [p.rule for p in lint(text_of_html(html), "fr")] == ["elision"]
