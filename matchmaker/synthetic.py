"""Synthetic events with a known ground truth, for benchmarks, demos and tests.

Attendees write in French or English about the same topics (fundraising /
levée de fonds, GDPR / RGPD...).  Pairs of complete profiles are *planted*:
A offers what B needs and B offers what A needs, on two different topics.
Some people are colleagues (same company written differently: "Nova SAS",
"NOVA", "Nova"), some profiles are sparse (no offers or no needs), and one
"star" offers every topic.  Bios carry the boilerplate real bios carry.

Examples
--------
>>> event = generate_event(20, seed=1)
>>> len(event.attendees), len({a.email for a in event.attendees})
(20, 20)
>>> event.truth["star"] in {a.email for a in event.attendees}
True
>>> generate_event(20, seed=1) == event
True
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from .profiles import Attendee, strip_accents

__all__ = ["TOPICS", "SyntheticEvent", "generate_event", "to_csv"]

#: (English, French) phrasing of each planted topic.
TOPICS: tuple[tuple[str, str], ...] = (
    ("fundraising", "levée de fonds"), ("investor introductions", "mise en relation avec des investisseurs"),
    ("recruiting engineers", "recrutement de développeurs"), ("GDPR compliance", "conformité RGPD"),
    ("Kubernetes", "Kubernetes"), ("pricing strategy", "tarification"), ("B2B marketing", "marketing B2B"),
    ("export to Germany", "export vers l'Allemagne"), ("SEO", "référencement"), ("UX design", "design UX"),
    ("enterprise sales", "ventes grands comptes"), ("legal advice", "conseil juridique"),
    ("accounting", "comptabilité"), ("cybersecurity", "cybersécurité"),
    ("machine learning", "apprentissage automatique"), ("data engineering", "ingénierie des données"),
    ("partnerships", "partenariats"), ("public grants", "subventions publiques"), ("logistics", "logistique"),
    ("social media", "réseaux sociaux"), ("product management", "gestion de produit"),
    ("sustainability reporting", "développement durable"), ("cloud costs", "coûts du cloud"),
    ("mobile apps", "applications mobiles"),
)
_FIRST = {
    "fr": "Zoé Léa Camille Chloé Manon Inès Jeanne Louise Élodie Maëlle Hélène Clémence Aurélie Noémie Solène "
          "Lucas Hugo Théo Louis Mathis Nathan Raphaël Jules Gabriel Arthur Étienne Benoît Jérôme Cédric Loïc".split(),
    "en": "Emma Olivia Amelia Grace Lily Sophie Chloe Hannah Ruby Isla Megan Laura Sarah Emily Rachel "
          "Oliver Jack Harry George Noah Charlie Thomas James William Daniel Samuel Henry Joseph Ryan Adam".split(),
}
_LAST = {
    "fr": "Martin Bernard Dubois Durand Lefèvre Moreau Laurent Simon Michel Garnier Rousseau Faure Fournier "
          "Girard Bonnet Dupont Lambert Fontaine Chevalier Robin Mercier Blanc Guérin Boyer Gauthier".split(),
    "en": "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker White "
          "Roberts Green Hall Wood Jackson Clarke Patel Hughes Edwards Turner Cooper".split(),
}
_COMPANY_HEADS = ("Nova Data Green Blue Alpha Open Smart Cloud Urban Terra Lumen Pixel Quanta Vertex Octo Helio "
                  "Agri Fin Med Edu Cargo Neo Astra Solis Kali Mira Orbi Sigma Delta Zen").split()
_COMPANY_TAILS = "via ly tech works lab ia nest path wise hub flow gate stack line mind core".split()
_COMPANY_SECTORS = ("Conseil Digital Studio Partners Ventures Systems Robotics Energie Santé Mobility Analytics "
                    "Finance Foods Solutions Industries").split()
_ROLES = {
    "fr": ["Fondatrice", "Fondateur", "Directrice technique", "Directeur commercial", "Responsable marketing",
           "Cheffe de produit", "Développeur", "Juriste", "Chargée de recrutement", "Consultant"],
    "en": ["Founder", "CTO", "Head of Sales", "Marketing Manager", "Product Manager", "Software Engineer",
           "Legal Counsel", "Talent Partner", "Consultant", "CFO"],
}
_BIO = {
    "fr": "{role} chez {company}. Passionné·e par l'innovation et {topic}. Toujours partant·e pour échanger !",
    "en": "{role} at {company}. Passionate about innovation and {topic}. Always happy to connect!",
}
_OFFER_LEAD = {"fr": "Je peux aider sur : ", "en": "I can help with "}
_NEED_LEAD = {"fr": "Je recherche ", "en": "Looking for "}
_COMPANY_VARIANTS = ("{name}", "{name} SAS", "{upper}", "{name} Group", "{upper} S.A.S.")


@dataclass
class SyntheticEvent:
    """Attendees and the truth planted in them.

    ``truth`` holds ``"good_pairs"`` (set of sorted e-mail pairs with planted two-way help),
    ``"star"`` (e-mail of the person who offers every topic), ``"colleagues"`` (sorted e-mail
    pairs given the same company) and ``"sparse"`` (e-mails of profiles without offers or needs).
    """

    attendees: list[Attendee]
    truth: dict = field(default_factory=dict)


def _company(index: int) -> str:
    head = _COMPANY_HEADS[index % len(_COMPANY_HEADS)]
    tail = _COMPANY_TAILS[(index // len(_COMPANY_HEADS)) % len(_COMPANY_TAILS)]
    block = index // (len(_COMPANY_HEADS) * len(_COMPANY_TAILS))
    name = head + tail
    if block:  # more companies than head x tail: a sector word, then a number, keep them distinct
        name += " " + _COMPANY_SECTORS[(block - 1) % len(_COMPANY_SECTORS)]
        if block > len(_COMPANY_SECTORS):
            name += f" {block // len(_COMPANY_SECTORS) + 1}"
    return name


def _join(lead: str, phrases: list[str], language: str, rng: random.Random) -> str:
    if not phrases:
        return ""
    text = ", ".join(phrases) if rng.random() < 0.5 else f" {'et' if language == 'fr' else 'and'} ".join(phrases)
    return lead + text if rng.random() < 0.5 else text


def generate_event(n: int, *, seed: int = 0, french_share: float = 0.4, sparse_share: float = 0.5,
                   colleague_share: float = 0.1, star: bool = True) -> SyntheticEvent:
    """``n`` attendees with planted complementary pairs, colleagues, sparse profiles and a star.

    Parameters
    ----------
    n : int
        Number of attendees (>= 0).
    seed : int
        Same seed, same event.
    french_share, sparse_share, colleague_share : float
        Shares of French speakers, of profiles without offers or needs, and of people who
        join the company of an earlier attendee.
    star : bool
        Whether one attendee offers every topic.

    Returns
    -------
    SyntheticEvent
    """
    rng = random.Random(seed)
    topics = len(TOPICS)
    languages = ["fr" if rng.random() < french_share else "en" for _ in range(n)]
    sparse = [rng.random() < sparse_share for _ in range(n)]
    star_index = rng.randrange(n) if star and n else -1
    if star_index >= 0:
        sparse[star_index] = False
    offers = [rng.sample(range(topics), rng.randint(0, 1)) for _ in range(n)]
    needs = [[t for t in rng.sample(range(topics), rng.randint(0, 1)) if t not in offers[p]] for p in range(n)]

    complete = [p for p in range(n) if not sparse[p] and p != star_index]
    rng.shuffle(complete)
    partner: dict[int, int] = {}
    for a, b in zip(complete[0::2], complete[1::2]):
        give, take = rng.sample(range(topics), 2)
        offers[a].append(give), needs[b].append(give), offers[b].append(take), needs[a].append(take)
        partner[a], partner[b] = b, a
    for p in complete[len(partner):]:  # the odd one out still has something to give and to ask
        give, take = rng.sample(range(topics), 2)
        offers[p] = offers[p] or [give]
        needs[p] = needs[p] or [t for t in (take, give) if t not in offers[p]][:1]
    for p in range(n):
        if sparse[p]:
            kept = rng.choice((offers, needs))
            (needs if kept is offers else offers)[p] = []
            if not kept[p]:
                kept[p].append(rng.randrange(topics))
    if star_index >= 0:
        offers[star_index] = list(range(topics))

    company_ids = rng.sample(range(max(n * 4, 1)), n)
    companies, colleagues = [], set()
    for p in range(n):
        if p and rng.random() < colleague_share:
            other = rng.randrange(p)
            if partner.get(p) != other:
                base = _company(company_ids[other])
                variant = rng.choice(_COMPANY_VARIANTS)
                companies.append(variant.format(name=base, upper=base.upper()))
                company_ids[p] = company_ids[other]
                colleagues.add((min(p, other), max(p, other)))
                continue
        companies.append(_company(company_ids[p]))

    people, emails = [], []
    for p in range(n):
        lang = languages[p]
        first, last = rng.choice(_FIRST[lang]), rng.choice(_LAST[lang])
        slug = strip_accents(f"{first}.{last}").lower()
        email = f"{slug}.{p}@{'example.org' if p % 2 else 'example.com'}"
        emails.append(email)
        phrase = [TOPICS[t][lang == "fr"] for t in range(topics)]
        interests = sorted(set(rng.sample(range(topics), rng.randint(1, 3))))
        role = rng.choice(_ROLES[lang])
        people.append(Attendee(
            email=email, name=f"{first} {last}", company=companies[p], role=role,
            bio=_BIO[lang].format(role=role, company=companies[p], topic=phrase[interests[0]]),
            offers=_join(_OFFER_LEAD[lang], [phrase[t] for t in offers[p]], lang, rng),
            needs=_join(_NEED_LEAD[lang], [phrase[t] for t in needs[p]], lang, rng),
            interests=", ".join(phrase[t] for t in interests),
            linkedin=f"https://www.linkedin.com/in/{slug.replace('.', '-')}-{p:x}",
            language=lang, consent=rng.random() < 0.9,
        ))

    def pair(a: int, b: int) -> tuple[str, str]:
        return tuple(sorted((emails[a], emails[b])))

    truth = {
        "good_pairs": {pair(a, b) for a, b in partner.items() if a < b},
        "star": emails[star_index] if star_index >= 0 else None,
        "colleagues": {pair(a, b) for a, b in colleagues},
        "sparse": {emails[p] for p in range(n) if sparse[p]},
    }
    return SyntheticEvent(people, truth)


_HEADERS = {
    ";": ("E-mail", "Nom complet", "Entreprise", "Poste", "Bio", "Je peux aider sur", "Je recherche",
          "Centres d'intérêt", "Profil LinkedIn", "Langue", "Consentement"),
    ",": ("Email", "Name", "Company", "Job title", "Bio", "I can help with", "Looking for", "Interests",
          "LinkedIn", "Language", "Consent"),
}
_ATTRIBUTES = ("email", "name", "company", "role", "bio", "offers", "needs", "interests", "linkedin", "language")


def to_csv(attendees: Sequence[Attendee], *, separator: str = ";", encoding: str = "utf-8") -> bytes:
    """The attendee file an organizer would upload: French headers with ``;``, English otherwise.

    >>> data = to_csv([Attendee("zoe@example.org", "Zoé Martin", consent=True)])
    >>> data.decode().splitlines()[1]
    'zoe@example.org;Zoé Martin;;;;;;;;;oui'
    """
    french = separator == ";"
    yes, no = ("oui", "non") if french else ("yes", "no")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    writer.writerow(_HEADERS[";" if french else ","])
    for a in attendees:
        consent = "" if a.consent is None else (yes if a.consent else no)
        writer.writerow([getattr(a, name) for name in _ATTRIBUTES] + [consent])
    return buffer.getvalue().encode(encoding)
