"""Opening questions: grammatical whatever the phrase's shape, in the reader's language, about the other person."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.questions import GENERIC, question, questions_about
from matchmaker.typography import NBSP, NNBSP, plain

from .goldens import check, lint_all, phrases

KINDS = ("need", "offer", "interest")


def _golden_lines() -> tuple[list[str], list[tuple[str, str]]]:
    lines, rendered = [], []
    for shape, phrase in phrases():
        lines.append(f"## {shape}: {phrase!r}")
        for kind in KINDS:
            for language in ("en", "fr"):
                text = question(phrase, kind, language)
                lines.append(f"{kind}/{language}: {text}")
                if text:
                    rendered.append((language, text))
    return lines, rendered


def test_golden_questions():
    lines, _ = _golden_lines()
    assert sum(1 for line in lines if line.startswith("## ")) >= 60
    check("questions.txt", lines)


def test_golden_questions_pass_the_grammar_lint():
    _, rendered = _golden_lines()
    assert lint_all(rendered) == []


@pytest.mark.parametrize("phrase, kind, broken", [
    ("I design onboarding flows that cut SaaS churn", "offer", "experience in I design"),
    ("data pipelines break", "need", "for you on data pipelines break"),
    ("looking at Airflow", "need", "approaching looking at"),
    ("référencement", "interest", "interested in référencement?"),
])
def test_the_broken_questions_of_the_issue_are_gone(phrase, kind, broken):
    text = question(phrase, kind, "en")
    assert broken not in text
    assert text.endswith("?") and text[0].isupper()


def test_a_clause_is_quoted_in_the_readers_language():
    assert question("je cherche un associé technique", "need", "en") == (
        "You wrote “je cherche un associé technique”: what would the right person bring?")
    assert plain(question("je cherche un associé technique", "need", "fr")) == (
        "Vous avez écrit « je cherche un associé technique » : qu'est-ce que la bonne personne vous apporterait ?")


def test_french_questions_carry_their_no_break_spaces():
    text = question("clients in Europe", "need", "fr")
    assert text.endswith(f"{NNBSP}?") and f"«{NBSP}clients in Europe{NBSP}»" in text
    assert " ?" not in text and "« " not in text


def test_a_french_reader_gets_french_questions_about_an_english_profile():
    asked = questions_about(needs="clients in Europe, hiring", interests="climate", offers="pricing",
                            language="fr")
    assert len(asked) == 3
    assert all(plain(q).endswith(" ?") for q in asked)
    assert all("«" in q for q in asked)  # every English phrase is quoted, none set in the French sentence


def test_questions_use_needs_first_then_interests_offers_and_role():
    asked = questions_about(needs="fundraising", offers="pricing", interests="climate", language="en")
    assert asked == ["What would help you most with fundraising?", "What got you interested in climate?",
                     "How did you build your experience with pricing?"]
    assert questions_about(role="Founder", company="Acme", language="en")[0] == (
        "What does your work as founder at Acme look like day to day?")
    assert plain(questions_about(role="Directrice technique", company="Acme", language="fr")[0]) == (
        "En quoi consiste votre travail de directrice technique chez Acme au quotidien ?")
    assert plain(questions_about(role="ingénieure", language="fr")[0]) == (
        "En quoi consiste votre travail d'ingénieure au quotidien ?")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_empty_profile_gets_good_generic_questions(language):
    asked = questions_about(language=language)
    assert [plain(q) for q in asked] == list(GENERIC[language])


def test_a_second_need_gets_a_different_wording():
    first, second = questions_about(needs="fundraising, hiring", language="en")[:2]
    assert first == "What would help you most with fundraising?"
    assert second == "Where do things stand with hiring at the moment?"


def test_french_questions_never_guess_the_readers_gender():
    words = set()
    for _, phrase in phrases():
        for kind in KINDS:
            words.update(plain(question(phrase, kind, "fr") or "").lower().replace("?", " ").split())
    words.update(w for q in GENERIC["fr"] for w in q.lower().split())
    assert not {"amené", "amenée", "intéressé", "intéressée", "prêt", "prête", "ravi", "ravie"} & words


def test_every_sentence_of_a_mixed_language_matching_passes_the_lint():
    from matchmaker.lint import lint
    from matchmaker.pipeline import match_event
    from matchmaker.synthetic import generate_event

    event = generate_event(120, seed=4, french_share=0.5)
    language = {a.email: a.language or "en" for a in event.attendees}
    result = match_event(event.attendees, seed=1)
    checked, problems = 0, []
    for pair in result["pairs"]:
        for key, reader in (("a_helps_b", "b"), ("b_helps_a", "a"), ("questions_for_a", "a"),
                            ("questions_for_b", "b")):
            for text in pair[key] if isinstance(pair[key], list) else [pair[key]]:
                if text:
                    checked += 1
                    problems += [f"{text!r}: {p}" for p in lint(text, language[pair[reader]])]
    assert checked > 500
    assert problems == []


@settings(max_examples=200, deadline=None)
@given(phrase=st.text(max_size=200), kind=st.sampled_from(KINDS), language=st.sampled_from(["en", "fr"]))
def test_any_phrase_gives_a_question_or_none_never_a_broken_one(phrase, kind, language):
    text = question(phrase, kind, language)
    if text is None:
        return
    assert text[0].isupper()
    assert text.endswith(f"{NNBSP}?" if language == "fr" else "?") and not text.endswith("??")
    assert text.count("«") == text.count("»") and text.count("“") <= text.count("”") + 1
    assert len(text) < 250
