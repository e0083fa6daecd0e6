"""Headers by meaning: which field a question header asks for, from the words it contains.

Organizers write their own questions ("How can you help others?",
"Qu'attendez-vous de cette soirée ?", "Your superpower") and no list of
spellings will hold them all. A header is cut into accent-free lower-case
words ("E-mail" and "e mail" become ``email``); each rule is a phrase of
such words with a field and a priority; a word may carry a plural or a
French participle ending (``s``, ``x``, ``e``, ``es``, ``ee``, ``ees``).
The best rule wins: highest priority, then the longest phrase; two fields
tied at the top make the header ambiguous (no field). Question marks and
other punctuation change nothing.

Priorities, highest first: questions that say who helps whom ("can you help",
"looking for", "someone who"; 90), e-mail, LinkedIn and consent words (80),
need words (60), offer words (55), topics (50), weak wishes ("want", "meet";
48), role and language (45), company (40), names (35), bio (30), a bare
"name" or "title" (20).

Words about logistics ("dietary needs", "parking") stop offers, needs and
topics; words about a thing rather than a person ("Company size", "Event
name", "Ticket type", "Order #") stop names, company, role, language and bio.

Examples
--------
>>> header_meaning("Comment pouvez-vous aider les autres participants ?")
'offers'
>>> header_meaning("What help do you need?"), header_meaning("Dietary needs")
('needs', None)
"""

from __future__ import annotations

import functools
import re

from .profiles import strip_accents

__all__ = ["BUYER_WORDS", "header_meaning", "header_words"]

_RULES: dict[str, dict[int, str]] = {
    "offers": {
        90: """ask me about|superpower|super power|super pouvoir|can help|could help|can you help|could you help|
            help others|help other|help people|help someone|happy to help|can offer|could offer|you offer|i offer|
            can bring|can give|can share|can contribute|good at|peux aider|pouvez aider|pouvez vous aider|
            pourriez vous aider|pourriez aider|aider les autres|aider d autres|peux apporter|pouvez apporter|
            pouvez vous apporter|pourriez apporter|vous apportez|peux proposer|pouvez proposer|
            pouvez vous proposer|vous proposez|je propose|vous pouvez offrir|pouvez offrir""",
        55: """help|helping|offer|offre|offering|expertise|expert|skill|competence|aider|aide|proposer|propose|
            proposition|apporter|apport|give|giving|contribute|contribution|mentor|mentoring|share|partager|
            savoir faire|know how|strength|point fort|talent|teach|enseigner""",
    },
    "needs": {
        90: """looking for|look for|someone who|somebody who|people who|quelqu un qui|personnes qui|
            want to meet|like to meet|love to meet|hope to meet|hoping to meet|wish to meet|need help|help you|
            helps you|help me|get help|be helped|can we help|vous aider|t aider|etre aide|etre accompagne|
            besoin d aide|avez besoin|as besoin|recherchez|cherchez|attendez|attends|vos attentes|
            would like to learn|want to learn|like to learn""",
        60: """need|needed|besoin|seek|seeking|sought|recherche|cherche|attente|expect|expectation|objectif|
            goal|challenge|defi|enjeu|learn|apprendre""",
        48: "want|wish|souhait|souhaite|souhaitez|hope|aimeriez|voudriez|envie|meet|rencontrer",
    },
    "interests": {
        50: """interest|interet|interesse|interessent|interested|topic|tag|theme|thematique|sujet|domaine|
            area of interest|centre d interet|passion|hobby|hobbies""",
    },
    "email": {80: "email|courriel|mail|adresse electronique|mel"},
    "linkedin": {80: "linkedin|linked in"},
    "consent": {80: "consent|consentement|opt in|optin|rgpd|gdpr", 70: "accept|accepte|agree|autorise|autorisation"},
    "role": {45: """job title|jobtitle|job|role|poste|fonction|position|occupation|metier|profession|titre|
                 intitule de poste""",
             20: "title"},
    "language": {45: "language|langue|spoken|parlee"},
    "company": {40: """company|companies|entreprise|societe|organisation|organization|organisme|structure|
                    employer|employeur|startup|start up|affiliation|institution|etablissement|raison sociale|firm"""},
    "first_name": {35: "first name|firstname|given name|forename|prenom"},
    "last_name": {35: "last name|lastname|family name|surname|nom de famille|nom d usage"},
    "name": {35: """full name|fullname|nom complet|your name|votre nom|attendee name|participant name|display name|
                 nom et prenom|prenom et nom|nom prenom|prenom nom""",
             20: "name"},
    "bio": {30: """bio|biography|biographie|about you|about yourself|about me|presentez vous|presentation|
                parlez nous de vous|pitch|introduce yourself|describe yourself|decrivez vous|en quelques mots|
                a propos|description|parcours"""},
}
#: Words that make a column the buyer's (ticketing exports carry buyer and attendee columns):
#: such a column gets its field only when no other column claims it.
BUYER_WORDS = frozenset([
    "buyer", "purchaser", "acheteur", "acheteuse", "payeur", "payeuse", "payer", "billing", "facturation", "order",
    "commande", "orderer", "booker",
])
# A column about a thing, not about the person.
_THING_WORDS = frozenset(
    [
        "event", "evenement", "ticket", "billet", "type", "status", "statut", "size", "taille", "date", "id",
        "number", "numero", "url", "website", "site", "web", "logo", "phone", "telephone", "tel", "mobile",
        "address", "adresse", "code", "siret", "siren", "count", "nombre", "quantity", "quantite", "price", "prix",
        "tarif", "amount", "montant", "sector", "secteur", "industry", "city", "ville", "country", "pays", "zip",
        "postal", "file", "fichier",
    ]
)
# Logistics, not help: "dietary needs", "besoins d'accessibilité".
_LOGISTICS_WORDS = frozenset(
    [
        "dietary", "diet", "alimentaire", "allergy", "allergie", "allergies", "accessibility", "accessibilite",
        "regime", "pmr", "handicap", "parking", "transport", "hotel", "hebergement", "accommodation", "food",
        "repas", "meal", "tshirt", "shirt", "taille", "size", "special", "invoice", "facture", "payment",
        "paiement", "ticket", "billet", "wifi",
    ]
)
_PERSON_FIELDS = frozenset({"name", "first_name", "last_name", "company", "role", "language", "bio"})
_LIST_FIELDS = frozenset({"offers", "needs", "interests"})
_ENDINGS = ("", "s", "x", "e", "es", "ee", "ees")
_WORD = re.compile(r"[a-z0-9]+")
_EMAIL_WORD = re.compile(r"\be[\s._-]?mail")


def header_words(header: str) -> tuple[str, ...]:
    """Accent-free lower-case words of a header; "e-mail" is one word.

    >>> header_words("Qu'attendez-vous de cette soirée ? (E-mail)")
    ('qu', 'attendez', 'vous', 'de', 'cette', 'soiree', 'email')
    """
    return tuple(_WORD.findall(_EMAIL_WORD.sub("email", strip_accents(header).lower())))


def _build_index() -> dict[str, list[tuple[tuple[str, ...], str, int]]]:
    index: dict[str, list[tuple[tuple[str, ...], str, int]]] = {}
    for field, tiers in _RULES.items():
        for priority, phrases in tiers.items():
            for phrase in phrases.split("|"):
                words = tuple(phrase.split())
                index.setdefault(words[0], []).append((words, field, priority))
    return index


_INDEX = _build_index()


def _stems(word: str) -> list[str]:
    """The rule words a header word may be (itself, or without a plural or participle ending)."""
    return [word[: len(word) - len(end)] for end in _ENDINGS if word.endswith(end) and len(word) - len(end) >= 2]


def _is(word: str, rule_word: str) -> bool:
    return any(word == rule_word + end for end in _ENDINGS)


@functools.lru_cache(maxsize=4096)
def header_meaning(header: str) -> str | None:
    """Field a header asks for from its words, or None (no rule, or two fields tied).

    >>> [header_meaning(h) for h in ("How can you help others?", "What are you looking for?", "Your superpower",
    ...                               "Ask me about", "I'd love to meet someone who ...", "Event name")]
    ['offers', 'needs', 'offers', 'offers', 'needs', None]
    """
    words = header_words(header)
    present = {stem for word in words for stem in _stems(word)}
    thing, logistics = bool(present & _THING_WORDS) or "#" in header, bool(present & _LOGISTICS_WORDS)
    best: tuple[int, int] = (0, 0)
    fields: set[str] = set()
    for start, word in enumerate(words):
        for stem in dict.fromkeys(_stems(word)):
            for phrase, field, priority in _INDEX.get(stem, ()):
                if field in _PERSON_FIELDS and thing or field in _LIST_FIELDS and logistics:
                    continue
                end = start + len(phrase)
                if end > len(words) or not all(_is(words[start + k], phrase[k]) for k in range(1, len(phrase))):
                    continue
                score = (priority, len(phrase))
                if score > best:
                    best, fields = score, {field}
                elif score == best:
                    fields.add(field)
    return fields.pop() if len(fields) == 1 else None
