"""Planted French/English events whose truth is known item by item (bench only).

Subjects (``bench/data/subjects.tsv``) are written by people in their own
language with wordings drawn from one wording set: ``tune`` (for tuning the
engine) or ``heldout`` (``bench/data/heldout_wordings.tsv``: never read it while
tuning).  About a third of the attendees write in French.  Each complete
profile has 1-3 offer subjects and 1-3 need subjects; complementary pairs are
planted, mostly across languages (A offers what B needs and the reverse), and
decoys offer the near miss of a planted subject ("human cell lines" beside
"cancer cell lines").  Some attendees are colleagues (the same company written
differently), some profiles are sparse (offers or needs only), bios carry
boilerplate, interests are generic.

Examples
--------
>>> event = planted_event(30, seed=1)
>>> len(event.attendees), len(event.truth)
(30, 30)
>>> planted_event(30, seed=1).attendees == event.attendees
True
>>> t = event.truth[event.attendees[0].email]
>>> all(item in event.attendees[0].offers for item, _ in t.offers)
True
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from matchmaker import Attendee
from matchmaker.profiles import strip_accents

from .truth import Truth

__all__ = ["DATA", "PlantedEvent", "Subject", "planted_event", "subjects", "wordings"]

DATA = Path(__file__).with_name("data")


@dataclass(frozen=True)
class Subject:
    id: str
    domain: str
    label_en: str
    label_fr: str
    near_miss_of: tuple[str, ...]


def _rows(path: Path):
    with open(path, encoding="utf-8", newline="") as fh:
        yield from csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")


@cache
def subjects() -> dict[str, Subject]:
    """The planted subjects by id."""
    return {r["id"]: Subject(r["id"], r["domain"], r["label_en"], r["label_fr"],
                             tuple(x for x in (r["near_miss_of"] or "").split("|") if x))
            for r in _rows(DATA / "subjects.tsv")}


@cache
def wordings(which: str) -> dict[tuple[str, str, str], tuple[str, ...]]:
    """``{(subject, lang, role): wordings}`` of the ``tune`` or ``heldout`` set."""
    out: dict[tuple[str, str, str], list[str]] = {}
    for r in _rows(DATA / f"{which}_wordings.tsv"):
        out.setdefault((r["subject_id"], r["lang"], r["role"]), []).append(r["wording"])
    return {k: tuple(v) for k, v in out.items()}


@dataclass
class PlantedEvent:
    attendees: list[Attendee]
    truth: dict[str, Truth]  # by e-mail


_FIRST = {
    "fr": [
        "Zoé", "Léa", "Camille", "Chloé", "Manon", "Inès", "Jeanne", "Élodie", "Hélène", "Clémence", "Lucas",
        "Hugo", "Théo", "Jules", "Étienne", "Benoît", "Jérôme", "Cédric", "Loïc", "Mathilde", "Bastien", "Anaïs",
        "Romain", "Margaux",
    ],
    "en": [
        "Emma", "Olivia", "Amelia", "Grace", "Sophie", "Hannah", "Ruby", "Megan", "Laura", "Rachel", "Oliver",
        "Jack", "Harry", "George", "Noah", "Charlie", "James", "Daniel", "Samuel", "Henry", "Priya", "Aisha",
        "Tom", "Kate",
    ],
}
_LAST = {
    "fr": [
        "Martin", "Bernard", "Dubois", "Durand", "Lefèvre", "Moreau", "Laurent", "Garnier", "Rousseau", "Faure",
        "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Chevalier", "Mercier", "Blanc", "Guérin",
        "Boyer", "Gauthier",
    ],
    "en": [
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
        "Thompson", "Evans", "Walker", "Roberts", "Green", "Hall", "Wood", "Clarke", "Patel", "Hughes", "Edwards",
        "Turner", "Cooper",
    ],
}
_HEADS = [
    "Nova", "Data", "Green", "Blue", "Alpha", "Open", "Smart", "Urban", "Terra", "Lumen", "Pixel", "Quanta",
    "Vertex", "Octo", "Helio", "Agri", "Neo",
]
_TAILS = [
    "via", "ly", "tech", "works", "lab", "ia", "nest", "path", "wise", "hub", "flow", "gate", "stack", "line",
    "mind", "core",
]
_VARIANTS = ("{name}", "{name} SAS", "{upper}", "{name} Group", "{upper} S.A.S.", "{name} Ltd")
_ROLES = {"fr": ["Fondatrice", "Fondateur", "Directrice technique", "Directeur commercial", "Consultante",
                 "Cheffe de projet", "Chargé d'affaires", "Associée", "Chercheuse", "Responsable RH"],
          "en": ["Founder", "CTO", "Head of Sales", "Consultant", "Partner", "Operations Manager",
                 "Research Scientist", "Investment Manager", "Managing Director", "HR Lead"]}
_BIO = {"fr": ["{role} chez {company}. Passionné·e d'innovation, toujours partant·e pour échanger !",
               "{role} ({company}). Curieux·se, j'aime rencontrer des gens qui font bouger les choses.",
               "Plus de 10 ans d'expérience. {role} chez {company}. Ravi·e de vous rencontrer !"],
        "en": ["{role} at {company}. Passionate about innovation and always happy to connect!",
               "{role} @ {company}. Love meeting people who get things done.",
               "10+ years of experience. {role} at {company}. Looking forward to meeting you!"]}
_INTERESTS = {"fr": ["innovation", "entrepreneuriat", "impact", "networking", "IA", "startups", "RSE", "growth"],
              "en": ["innovation", "entrepreneurship", "impact", "networking", "AI", "startups", "ESG", "growth"]}
_JOINERS = (", ", ", ", ", ", "; ", "\n")


def _pick(rng, options, k, exclude=()):
    pool = [x for x in options if x not in exclude]
    return rng.sample(pool, min(k, len(pool)))


def planted_event(n: int = 200, *, seed: int = 0, which: str = "tune", french_share: float = 1 / 3,
                  sparse_share: float = 0.1, colleague_share: float = 0.1, decoy_share: float = 0.3) -> PlantedEvent:
    """``n`` attendees with planted subjects worded from the ``which`` set, and their truth."""
    rng = random.Random(f"planted-{seed}-{n}")  # the wording set does not change who needs what
    words = wordings(which)
    subs = sorted(subjects())
    near = {s: subjects()[s].near_miss_of for s in subs}
    langs = ["fr" if rng.random() < french_share else "en" for _ in range(n)]
    offers = [_pick(rng, subs, rng.randint(0, 2)) for _ in range(n)]
    needs = [_pick(rng, subs, rng.randint(0, 2), offers[p]) for p in range(n)]

    # plant complementary pairs, across languages first
    fr = [p for p in range(n) if langs[p] == "fr"]
    en = [p for p in range(n) if langs[p] == "en"]
    rng.shuffle(fr)
    rng.shuffle(en)
    pairs = list(zip(fr, en))
    rest = fr[len(pairs):] + en[len(pairs):]
    pairs += list(zip(rest[0::2], rest[1::2]))
    partner = {}
    for a, b in pairs:
        for x, y in ((a, b), (b, a)):
            s = rng.choice([s for s in subs if s not in needs[x] and s not in offers[y]])
            offers[x].insert(0, s)  # planted first: the cap of three keeps it
            needs[y].insert(0, s)
            if near[s] and rng.random() < decoy_share:
                decoy = rng.randrange(n)
                if decoy not in (x, y) and len(offers[decoy]) < 3:
                    offers[decoy].append(rng.choice(near[s]))
        partner[a], partner[b] = b, a
    for p in range(n):
        offers[p] = list(dict.fromkeys(offers[p]))[:3]
        needs[p] = [s for s in dict.fromkeys(needs[p]) if s not in offers[p]][:3]
        if rng.random() < sparse_share:
            (offers if rng.random() < 0.5 else needs)[p] = []

    companies, keys = [], []
    for p in range(n):
        if p and rng.random() < colleague_share:
            other = rng.randrange(p)
            if partner.get(p) != other:
                keys.append(keys[other])
                base = keys[other]
                companies.append(rng.choice(_VARIANTS).format(name=base, upper=base.upper()))
                continue
        base = f"{rng.choice(_HEADS)}{rng.choice(_TAILS)}"
        while base in keys:
            base += rng.choice(_TAILS)
        keys.append(base)
        companies.append(base)

    people, truth = [], {}
    for p in range(n):
        lang = langs[p]
        first, last = rng.choice(_FIRST[lang]), rng.choice(_LAST[lang])
        email = f"{strip_accents(first + '.' + last).lower()}.{p}@example.{'org' if p % 2 else 'com'}"
        t = Truth(offers=[(rng.choice(words[(s, lang, "offer")]), s) for s in offers[p]],
                  needs=[(rng.choice(words[(s, lang, "need")]), s) for s in needs[p]])
        role = rng.choice(_ROLES[lang])
        joiner = rng.choice(_JOINERS)
        people.append(Attendee(
            email=email, name=f"{first} {last}", company=companies[p], role=role,
            bio=rng.choice(_BIO[lang]).format(role=role, company=companies[p]),
            offers=joiner.join(w for w, _ in t.offers), needs=joiner.join(w for w, _ in t.needs),
            interests=", ".join(_pick(rng, _INTERESTS[lang], rng.randint(0, 3))),
            language=lang))
        truth[email] = t
    return PlantedEvent(people, truth)
