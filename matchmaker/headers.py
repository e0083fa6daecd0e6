"""Header vocabulary: which column of an attendee file holds which field, and how each was read.

Organizers export their lists from Excel, ticketing tools and form builders,
in English or French. A header is read in this order:

1. the caller's mapping (``columns=`` of :func:`matchmaker.reader.read_attendees`:
   header text or index -> field, or None to ignore the column): ``"mapping"``;
2. its *key* (accents stripped, lower case, only ``[a-z0-9]`` kept, so that
   "E-mail", "email" and "E mail" meet, as do "Prénom" and "PRENOM") in the
   list of known spellings :data:`HEADER_FIELDS`: ``"alias"``;
3. the words it contains (:func:`matchmaker.meaning.header_meaning`), so that
   "How can you help others?" reads as offers: ``"meaning"``.

Fields are claimed mapping first, then aliases, then meanings, then columns
of the buyer ("Buyer email", "Prénom acheteur"), each in column order. A
later column for a field already claimed is a ``"duplicate"``, except for the
list fields (offers, needs, interests) and the bio, which gather every column
that asks for them. When several columns could hold one single-valued field,
the fullest wins (for the e-mail, the one with the most addresses: form tools
add an "Email" column that says "anonymous"); a column read by meaning as offers, needs or interests
that holds e-mail addresses is not one of them. Columns without a field are
``"unknown"``, or ``"ignored"`` when the mapping says so.

French exports use "Nom" for the last name next to a "Prénom" column and for
the full name otherwise: it is resolved once all headers are known.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from . import work
from .errors import FileFormatError
from .meaning import BUYER_WORDS, header_meaning, header_words
from .profiles import strip_accents

__all__ = ["FIELDS", "HEADER_FIELDS", "HOW", "LIST_FIELDS", "header_key", "match_headers", "read_columns"]

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
        "Your name", "Votre nom", "Display name", "Prénom et nom",
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

#: Field name -> the list fields that gather every column asking for them.
LIST_FIELDS = frozenset({"offers", "needs", "interests", "bio"})
HOW = ("mapping", "alias", "meaning", "duplicate", "unknown", "ignored")

#: Normalised header key -> field name.
HEADER_FIELDS: dict[str, str] = {}
for _field, _spellings in _VOCABULARY.items():
    for _spelling in _spellings:
        HEADER_FIELDS.setdefault(re.sub(r"[^a-z0-9]", "", strip_accents(_spelling).lower()), _field)

_NOT_KEY_CHARS = re.compile(r"[^a-z0-9]")
# "Nom", "Nom du participant": the last name next to a first-name column, the full name otherwise.
_NAME_OR_LAST = "name or last name"
_NOM_WORDS = frozenset(
    ["nom", "du", "de", "la", "l", "participant", "participante", "attendee", "adherent", "inscrit", "votre"]
)
_MOSTLY_EMAILS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_MAPPING, _ALIAS, _MEANING, _BUYER = range(4)  # claim order


def header_key(header: str) -> str:
    """Key under which a header is looked up.

    >>> header_key("Adresse E-mail ")
    'adresseemail'
    >>> header_key("Centres d’intérêt")
    'centresdinteret'
    """
    return _NOT_KEY_CHARS.sub("", strip_accents(header).lower())


def _automatic(header: str) -> tuple[str | None, int]:
    """Field and claim rank of a header without mapping."""
    words = header_words(header)
    buyer = bool(BUYER_WORDS.intersection(words))
    key = header_key(header)
    if "nom" in words and _NOM_WORDS.issuperset(words):
        return _NAME_OR_LAST, _ALIAS
    if key in HEADER_FIELDS:
        return HEADER_FIELDS[key], _BUYER if buyer else _ALIAS
    field = header_meaning(header)
    return field, (_BUYER if buyer else _MEANING) if field else _MEANING


def _mapped(headers: list[str], columns: Mapping) -> dict[int, str | None]:
    by_key: dict[str, int] = {}
    for index, header in enumerate(headers):
        by_key.setdefault(header, index)
        by_key.setdefault(header_key(header), index)
    mapped: dict[int, str | None] = {}
    owner: dict[str, str] = {}
    for column, field in columns.items():
        if isinstance(column, int) and not isinstance(column, bool):
            if not 0 <= column < len(headers):
                raise FileFormatError(f"The column mapping names column {column}, but the file has "
                                      f"{len(headers)} columns (numbered from 0).")
            index = column
        else:
            index = by_key.get(str(column), by_key.get(header_key(str(column))))
            if index is None:
                raise FileFormatError(f"The column mapping names {str(column)!r}, which is not a header of "
                                      "this file: check its spelling.")
        field = field or None
        if field is not None and field not in FIELDS:
            raise FileFormatError(f"The column mapping assigns {headers[index]!r} to {field!r}, which is "
                                  f"not a field; use one of: {', '.join(FIELDS)}.")
        if field is not None and field not in LIST_FIELDS and owner.get(field, headers[index]) != headers[index]:
            raise FileFormatError(f"The column mapping assigns both {owner[field]!r} and {headers[index]!r} "
                                  f"to {field}: keep one.")
        if field is not None:
            owner[field] = headers[index]
        mapped[index] = field
    return mapped


def _filled(rows: Sequence[Sequence[str]], index: int, field: str) -> int:
    work.add(len(rows))
    if field == "email":
        return sum(1 for cells in rows if index < len(cells) and "@" in cells[index])
    return sum(1 for cells in rows if index < len(cells) and cells[index].strip())


def _holds_emails(rows: Sequence[Sequence[str]], index: int) -> bool:
    work.add(len(rows))
    filled = [cells[index] for cells in rows if index < len(cells) and cells[index].strip()]
    return bool(filled) and sum(1 for cell in filled if _MOSTLY_EMAILS.search(cell[:200])) * 2 > len(filled)


def _by_content(wanted: list, rows: Sequence[Sequence[str]]) -> list:
    """Among several columns for one single-valued field, the fullest is claimed first (buyers' last)."""
    candidates: dict[str, list[int]] = {}
    mapped = {field for field, rank in wanted if rank == _MAPPING}
    for index, (field, rank) in enumerate(wanted):
        if field is not None and field not in LIST_FIELDS and field not in mapped and rank != _BUYER:
            candidates.setdefault(field, []).append(index)
    wanted = list(wanted)
    for field, indices in candidates.items():
        if len(indices) > 1:
            best = max(indices, key=lambda i: (_filled(rows, i, field), -wanted[i][1], -i))
            wanted[best] = (field, _MAPPING)
    return [(None, rank) if rank >= _MEANING and field in ("offers", "needs", "interests")
            and _holds_emails(rows, i) else (field, rank) for i, (field, rank) in enumerate(wanted)]


def read_columns(headers: list[str], *, columns: Mapping | None = None,
                 rows: Sequence[Sequence[str]] = ()) -> list[dict]:
    """How each column is read: one dict per header, in column order.

    Parameters
    ----------
    headers : list of str
        Header cells, cleaned, in column order.
    columns : mapping, optional
        Header text (or its key) or 0-based index -> field name from
        :data:`FIELDS`, or None (or "") to ignore the column. Overrides the
        automatic reading for those columns.
    rows : sequence of sequences of str, optional
        Data rows, to choose between columns by their content (see module docstring).

    Returns
    -------
    list of dict
        ``{"column": header, "index": i, "field": name or None, "how": h}``
        with ``h`` one of :data:`HOW`.

    Raises
    ------
    FileFormatError
        The mapping names a header or index the file does not have, a field
        that does not exist, or two columns for one single-valued field.

    Examples
    --------
    >>> [(c["field"], c["how"]) for c in read_columns(["Order #", "E-mail", "How can you help others?"])]
    [(None, 'unknown'), ('email', 'alias'), ('offers', 'meaning')]
    >>> [c["field"] for c in read_columns(["Nom", "Notes"], columns={"Notes": "bio", 0: None})]
    [None, 'bio']
    """
    work.add(len(headers))
    mapped = _mapped(headers, columns or {})
    wanted = [(mapped[i], _MAPPING) if i in mapped else _automatic(h) for i, h in enumerate(headers)]
    has_first = any(field == "first_name" for field, _ in wanted)
    wanted = [(("last_name" if has_first else "name") if field == _NAME_OR_LAST else field, rank)
              for field, rank in wanted]
    if rows:
        wanted = _by_content(wanted, rows)
    readings = [{"column": h, "index": i, "field": None, "how": "unknown"} for i, h in enumerate(headers)]
    claimed: set[str] = set()
    for rank in (_MAPPING, _ALIAS, _MEANING, _BUYER):
        for index, (field, field_rank) in enumerate(wanted):
            if field_rank != rank or field is None:
                continue
            if field in claimed and field not in LIST_FIELDS:
                readings[index]["how"] = "duplicate"
                continue
            claimed.add(field)
            how = "mapping" if index in mapped else ("alias" if rank == _ALIAS or
                                                     header_key(headers[index]) in HEADER_FIELDS else "meaning")
            readings[index].update(field=field, how=how)
    for index in mapped:
        if mapped[index] is None:
            readings[index]["how"] = "ignored"
    return readings


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
    return [reading["field"] for reading in read_columns(headers)]
