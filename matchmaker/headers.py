"""Header vocabulary: which column of an attendee file holds which field.

Organizers export their lists from Excel, ticketing tools and form builders,
in English or French. A header is recognised by its *key*: accents stripped,
lower case, only ``[a-z0-9]`` kept, so that "E-mail", "email" and "E mail"
meet, as do "Prénom" and "PRENOM".

Matching is in two passes, both in column order, first come first served:

1. exact key match against :data:`HEADER_FIELDS`;
2. for columns still unmatched, a key *containing* exactly one field's stem
   from :data:`STEM_FIELDS` (e.g. "Adresse e-mail professionnelle"), and only
   for fields not already claimed. A key containing stems of two different
   fields ("Email opt-in") is ambiguous and ignored.

French exports use "Nom" for the last name next to a "Prénom" column and for
the full name otherwise: it is resolved once all headers are known.
"""

from __future__ import annotations

import re

from .profiles import strip_accents

__all__ = ["FIELDS", "HEADER_FIELDS", "STEM_FIELDS", "header_key", "match_headers"]

#: Field names a column can be recognised as.
FIELDS = (
    "email", "name", "first_name", "last_name", "company", "role", "bio", "offers",
    "needs", "interests", "linkedin", "language", "consent", "wishes",
)

# Field -> header spellings; keyed through header_key() below, so spelling
# variants of case, accents, spaces and punctuation need not be listed.
_VOCABULARY = {
    "email": [
        "E-mail", "Mail", "Courriel", "E-mail address", "Adresse e-mail",
        "Adresse mail", "Adresse électronique", "Adresse de courriel",
        "Attendee e-mail", "Participant email", "Email du participant",
        "Your e-mail", "Votre e-mail", "Work email", "Email professionnel",
    ],
    "name": [
        "Name", "Full name", "Nom complet", "Attendee name", "Participant", "Participant name",
        "Nom du participant", "Your name", "Votre nom", "Display name", "Prénom et nom",
        "Prénom nom", "Nom et prénom", "Nom prénom",
    ],
    "first_name": [
        "First name", "Prénom", "Given name", "Forename", "Attendee first name",
        "Votre prénom",
    ],
    "last_name": [
        "Last name", "Surname", "Family name", "Nom de famille", "Attendee last name",
        "Nom d'usage",
    ],
    "company": [
        "Company", "Company name", "Organisation", "Organization", "Organisation name",
        "Organization name", "Entreprise", "Société", "Structure", "Employer", "Employeur",
        "Nom de l'entreprise", "Nom de la structure", "Affiliation",
    ],
    "role": [
        "Job title", "Title", "Rôle", "Position", "Poste", "Fonction", "Titre",
        "Intitulé de poste", "Métier",
    ],
    "bio": [
        "Bio", "Biography", "Biographie", "About", "About me", "About you", "Description",
        "Présentation", "À propos", "À propos de moi", "Short bio",
    ],
    "offers": [
        "I can help with", "Can help with", "Offers", "Offer", "Expertise", "Je peux aider sur",
        "Je peux aider avec", "Je peux aider", "Ce que je peux apporter", "Compétences",
        "Skills", "How can you help", "What I can offer",
    ],
    "needs": [
        "I'm looking for", "I am looking for", "Looking for", "Needs", "Need", "I need",
        "Je recherche", "Je cherche", "Besoins", "Besoin", "Ce que je cherche",
        "Ce que je recherche", "What I need",
    ],
    "interests": [
        "Interests", "Topics", "Tags", "Centres d'intérêt", "Centre d'intérêt",
        "Centres d'intérêts", "Intérêts", "Thèmes", "Thématiques", "Sujets",
    ],
    "linkedin": ["LinkedIn", "LinkedIn URL", "LinkedIn profile", "Profil LinkedIn", "URL LinkedIn"],
    "language": [
        "Language", "Langue", "Preferred language", "Langue préférée", "Langue de préférence",
    ],
    "consent": [
        "Consent", "Consentement", "Accepts follow-up", "Opt-in", "Follow-up consent",
        "Accepte le suivi", "Accord suivi",
    ],
    "wishes": [
        "Wants to meet", "Would like to meet", "People to meet", "Souhaite rencontrer",
        "Je souhaite rencontrer", "Personnes à rencontrer", "Veut rencontrer",
    ],
}

#: Resolved to last_name next to a first-name column, to name otherwise.
_NAME_OR_LAST = "nom"

#: Normalised header key -> field name.
HEADER_FIELDS: dict[str, str] = {}
for _field, _spellings in _VOCABULARY.items():
    for _spelling in _spellings:
        HEADER_FIELDS.setdefault(re.sub(r"[^a-z0-9]", "", strip_accents(_spelling).lower()), _field)

#: Stems accepted inside a longer header (second matching pass), with their field.
STEM_FIELDS = (
    ("email", "email"), ("courriel", "email"), ("linkedin", "linkedin"),
    ("prenom", "first_name"), ("firstname", "first_name"), ("lastname", "last_name"),
    ("jobtitle", "role"), ("company", "company"), ("entreprise", "company"),
    ("societe", "company"), ("language", "language"), ("langue", "language"),
    ("consent", "consent"), ("optin", "consent"),
)

_NOT_KEY_CHARS = re.compile(r"[^a-z0-9]")


def header_key(header: str) -> str:
    """Key under which a header is looked up.

    >>> header_key("Adresse E-mail ")
    'adresseemail'
    >>> header_key("Centres d’intérêt")
    'centresdinteret'
    """
    return _NOT_KEY_CHARS.sub("", strip_accents(header).lower())


def _stem_field(key: str) -> str | None:
    fields = {field for stem, field in STEM_FIELDS if stem in key}
    return fields.pop() if len(fields) == 1 else None


def match_headers(headers: list[str]) -> list[str | None]:
    """Field recognised for each header, or None when the column is ignored.

    Parameters
    ----------
    headers : list of str
        Header cells, in column order.

    Returns
    -------
    list of (str or None)
        One entry per header: a name from :data:`FIELDS`, or None for a column
        that is unknown or whose field an earlier column already claimed.

    Examples
    --------
    >>> match_headers(["Prénom", "Nom", "E-mail", "Entreprise", "Poste"])
    ['first_name', 'last_name', 'email', 'company', 'role']
    >>> match_headers(["Nom", "Courriel", "Email", "T-shirt size"])
    ['name', 'email', None, None]
    """
    keys = [header_key(header) for header in headers]
    has_first_name = any(
        HEADER_FIELDS.get(key) == "first_name" or (key not in HEADER_FIELDS and _stem_field(key) == "first_name")
        for key in keys
    )
    wanted = []
    for key in keys:
        if key == _NAME_OR_LAST:
            wanted.append(("last_name" if has_first_name else "name", True))
        elif key in HEADER_FIELDS:
            wanted.append((HEADER_FIELDS[key], True))
        else:
            wanted.append((_stem_field(key), False))

    fields: list[str | None] = [None] * len(keys)
    claimed: set[str] = set()
    for exact_pass in (True, False):
        for index, (field, exact) in enumerate(wanted):
            if field is not None and exact is exact_pass and field not in claimed:
                fields[index] = field
                claimed.add(field)
    return fields
