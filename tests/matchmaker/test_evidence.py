"""Help evidence shared by scores and sentences; event glossary; controlled vocabularies."""

import json

import numpy as np
import pytest

from matchmaker.cli import main
from matchmaker.errors import MatchmakerError
from matchmaker.evidence import EventTerms, controlled_fields, help_evidence
from matchmaker.lexicon import GlossaryError, load_lexicon, parse_glossary
from matchmaker.pipeline import match_event
from matchmaker.profiles import Attendee
from matchmaker.scoring import score_candidates
from matchmaker.synthetic import to_csv
from matchmaker.vectors import give_matrices

METHODS = ["cancer cell lines", "human cell lines", "advanced microscopy", "quantitative microscopy",
           "qPCR", "flow cytometry", "RNA-seq", "mass spectrometry", "CRISPR screens", "organoids",
           "mouse models", "image analysis"]


def survey(n=24, seed=3):
    """Checkbox-style know/want lists: every item is one of METHODS, written identically."""
    rng = np.random.default_rng(seed)
    people = []
    for k in range(n):
        known = rng.choice(len(METHODS), size=4, replace=False)
        wanted = [m for m in rng.choice(len(METHODS), size=3, replace=False) if m not in known]
        people.append(Attendee(f"p{k}@lab.org", f"P{k}", offers="; ".join(METHODS[m] for m in sorted(known)),
                               needs="; ".join(METHODS[m] for m in sorted(wanted))))
    return people


# --- the lexicon and its loader ---------------------------------------------------------------

def test_lexicon_loads_once_with_both_languages_and_unique_ids():
    concepts = load_lexicon()
    assert load_lexicon() is concepts
    assert len(concepts) >= 1500
    assert len({c.id for c in concepts}) == len(concepts)
    assert all(c.en and c.fr for c in concepts)
    assert {c.id.split(".")[0] for c in concepts} >= {"generic", "place", "broad", "funding", "law", "health"}


# --- glossary --------------------------------------------------------------------------------

def test_glossary_is_read_line_by_line():
    concepts = parse_glossary("# biotech jargon\nCAR-T; cellules CAR-T ; CAR T cells\n\nqPCR; PCR quantitative;\n")
    assert [c.id for c in concepts] == ["glossary.1", "glossary.2"]
    assert concepts[0].terms == ("CAR-T", "cellules CAR-T", "CAR T cells")
    assert parse_glossary("") == ()


@pytest.mark.parametrize("text, line, words", [
    ("ok; fine\n\nbad;;term", 3, "empty term"),
    ("x" * 81, 1, "longer than 80"),
    ("a; b\n# c\n;;", 3, "empty term"),
    ("CRISPR; édition\nCRISPR screens; crispr", 2, "already on line 1"),
    ("good\n---", 2, "no letter or digit"),
])
def test_glossary_errors_name_the_line(text, line, words):
    with pytest.raises(GlossaryError) as caught:
        parse_glossary(text)
    assert isinstance(caught.value, MatchmakerError)
    assert f"glossary line {line}:" in str(caught.value) and words in str(caught.value)


def test_glossary_makes_an_events_jargon_meet_and_overrides_the_lexicon():
    a = Attendee("a@x.org", "A", offers="xenogreffes dérivées de patients")
    b = Attendee("b@x.org", "B", needs="PDX models")
    assert not help_evidence(a, b)
    glossary = parse_glossary("PDX models; PDX; xenogreffes dérivées de patients; patient-derived xenografts")
    [evidence] = help_evidence(a, b, EventTerms([a, b], glossary=glossary))
    assert evidence.concept == "glossary.1"
    result = match_event([a, b, Attendee("c@x.org", "C"), Attendee("d@x.org", "D")],
                         glossary="PDX models; xenogreffes dérivées de patients")
    pair = next(p for p in result["pairs"] if {p["a"], p["b"]} == {"a@x.org", "b@x.org"})
    assert pair["a_gives"] == ["xenogreffes dérivées de patients"] and not pair["weak"]


def test_glossary_applied_by_the_command_line(tmp_path, capsys):
    people = [Attendee(f"p{k}@x.org", f"P{k}", offers=offer, needs=need) for k, (offer, need) in enumerate([
        ("xenogreffes dérivées de patients", "gardening"), ("pottery", "PDX models"),
        ("chess", "sailing"), ("cooking", "astronomy")])]
    data = tmp_path / "event.csv"
    data.write_bytes(to_csv(people))
    glossary = tmp_path / "glossary.txt"
    glossary.write_text("PDX models; xenogreffes dérivées de patients\n", encoding="utf-8")

    def gives(*extra):
        assert main(["match", str(data), *extra]) == 0
        pairs = json.loads(capsys.readouterr().out)["pairs"]
        return [p["a_gives"] + p["b_gives"] for p in pairs if {p["a"], p["b"]} == {"p0@x.org", "p1@x.org"}][0]

    assert gives() == []
    assert gives("--glossary", str(glossary)) == ["xenogreffes dérivées de patients"]
    glossary.write_text("fine; ok\n;;\n", encoding="utf-8")
    assert main(["match", str(data), "--glossary", str(glossary)]) == 2
    assert "glossary line 2:" in capsys.readouterr().err


# --- controlled vocabularies -----------------------------------------------------------------

def test_checkbox_lists_are_detected_and_free_text_is_not():
    people = survey()
    assert controlled_fields(people) == {"offers", "needs"}
    free = [Attendee(f"f{k}@x.org", "F", offers=f"I help founders with topic {k}", needs=f"advice on {k} things")
            for k in range(24)]
    assert controlled_fields(free) == frozenset()
    assert controlled_fields(people[:5]) == frozenset()  # too few people to tell


def test_controlled_items_meet_exactly_never_on_shared_words():
    people = survey()
    terms = EventTerms(people)
    offer = Attendee("o@x.org", "O", offers="cancer cell lines; advanced microscopy")
    need = Attendee("n@x.org", "N", needs="human cell lines; quantitative microscopy; advanced microscopy")
    assert [(h.offer, h.need) for h in help_evidence(offer, need, terms)] == [
        ("advanced microscopy", "advanced microscopy")]


def test_scores_follow_exact_items_on_a_checkbox_file():
    people = survey()
    cover, needs = give_matrices(people, EventTerms(people))
    given = (cover @ needs.T).toarray()
    known = [set(p.offers.split("; ")) for p in people]
    wanted = [set(p.needs.split("; ")) - {""} for p in people]
    truth = np.array([[len(known[a] & wanted[b]) for b in range(len(people))] for a in range(len(people))])
    assert np.allclose(given, truth)


# --- one evidence for scores and sentences ---------------------------------------------------

def test_a_pair_scores_for_help_exactly_when_a_sentence_can_say_it():
    topics = ["levée de fonds", "fundraising", "recrutement", "hiring developers", "partnerships",
              "partenariats avec des villes", "HR partners", "cancer cell lines", "human cell lines",
              "conformité RGPD", "GDPR compliance", "Kubernetes", "pottery", "DAF à temps partagé", "part-time CFO"]
    rng = np.random.default_rng(7)
    people = [Attendee(f"p{k}@x.org", f"P{k}", offers=", ".join(rng.choice(topics, 2, replace=False)),
                       needs=", ".join(rng.choice(topics, 2, replace=False))) for k in range(40)]
    terms = EventTerms(people)
    cover, needs = give_matrices(people, terms)
    given = (cover @ needs.T).toarray()
    for a in range(len(people)):
        for b in range(len(people)):
            evidence = help_evidence(people[a], people[b], terms)
            assert (given[a, b] > 0) == bool(evidence), (people[a].offers, people[b].needs)
            if evidence:
                by_need = {}
                for h in evidence:
                    by_need[h.need] = min(1.0, by_need.get(h.need, 0.0) + h.value)
                assert given[a, b] == pytest.approx(sum(by_need.values()), rel=1e-5)


def test_weak_pairs_are_exactly_those_without_evidence():
    people = [Attendee("a@x.org", "A", offers="partnerships", needs="clients"),
              Attendee("b@x.org", "B", offers="partenariats", needs="nouveaux clients"),
              Attendee("c@x.org", "C", offers="levée de fonds", needs="hiring"),
              Attendee("d@x.org", "D", offers="recrutement", needs="fundraising")]
    cands = score_candidates(people, k=3)
    weak = {(int(i), int(j)): bool(w) for i, j, w in zip(cands.i, cands.j, cands.weak)}
    assert weak[(0, 1)] and not weak[(2, 3)]


def test_same_event_same_evidence_and_scores():
    people = survey()
    first = score_candidates(people, seed=2)
    again = score_candidates(list(people), seed=2)
    assert np.array_equal(first.i, again.i) and np.array_equal(first.score, again.score)
    assert help_evidence(people[0], people[1]) == help_evidence(people[0], people[1])
