"""The shape and language of a phrase, so that a sentence can be built on it without breaking.

People fill "I can help with" and "I'm looking for" with noun phrases
("levée de fonds"), verbs ("find a technical cofounder"), whole clauses
("I design onboarding flows that cut SaaS churn", "data pipelines break"),
gerunds ("looking at Airflow") or one word of another language
("référencement" on an English page).  A template written for a noun
phrase breaks on all the others, so sentence builders first ask
:func:`phrase_shape`:

* ``"noun"``: a short noun phrase (English gerunds included), fit to follow
  "with" / "en matière de";
* ``"verb"``: a short phrase that opens on an infinitive or a bare verb
  ("lever des fonds", "hire engineers"), fit to follow "to" / "pour";
* ``"clause"``: anything else worth quoting as the person wrote it (a
  subject, a finite verb, a first-person word, a relative clause, quotes,
  more than six words);
* ``"empty"``: nothing to build on.

:func:`phrase_language` guesses "fr", "en" or "" (neutral: acronyms, names,
words both languages use, such as "marketing" or "Kubernetes"); a phrase in
the other language than the reader's is quoted rather than set in the sentence.
These are heuristics: they err towards quoting, which is always grammatical.

Examples
--------
>>> [phrase_shape(t).kind for t in ("levée de fonds", "lever des fonds", "I design onboarding flows",
...                                  "data pipelines break", "looking at Airflow", "")]
['noun', 'verb', 'clause', 'clause', 'noun', 'empty']
>>> phrase_shape("looking at Airflow").text
'Airflow'
>>> phrase_language("référencement"), phrase_language("clients in Europe"), phrase_language("Kubernetes")
('fr', 'en', '')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import simplemma

from .typography import quote

__all__ = ["Shape", "bare_count_noun", "in_sentence", "names_a_person", "phrase_language", "phrase_shape"]

MAX_INLINE_WORDS = 6
MAX_INLINE_CHARS = 60



def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TOKEN = re.compile(r"[^\W_][\w'’-]*|[^\w\s]")
_FRENCH_LETTERS = re.compile(r"[éèêëàâùûçîïôœ]", re.IGNORECASE)
_FR_WORDS = _words("""de du des la le les un une et pour avec sur dans en au aux je j nous vous mon ma mes notre nos qui
    que qu est sont pas par l d ou où chez vers entre son sa ses leur leurs ce cette ces très plus""")
_EN_WORDS = _words("""the a an of for with in and to my our i we is are that at from by into about this these those their
    its how what which who your you it be have has than more most very not""")

# Things that make a phrase a sentence of its own rather than something to name.
_SUBJECTS = _words("""i i'm i've i'd we we're we've you you're he she it it's they they're there je j' nous on il elle ils
    elles tu vous c'est""")
_FIRST_PERSON = _words("""i me my mine myself we us our ours ourselves i'm i've i'd i'll we're we've je j' me m' moi mon ma
    mes nous notre nos""")
_FINITE = _words("""is are was were am has have had does did don't doesn't didn't isn't aren't can't cannot won't will
    would should could must shall can may might keeps fails crashes grows takes goes stalls leaks est
    sont suis sommes êtes étaient était sera seront avons avez ont peut peuvent doit doivent faut veux
    veut voulons cherche cherchons recherche souhaite aimerais voudrais""")
_RELATIVE = _words("""that which who whom whose because if when while qui que qu' dont lorsque parce quand si""")
# Bare English verbs that follow a plural subject in a fragment ("data pipelines break").
_EN_PLAIN_VERBS = _words("""break fail work grow scale crash stall leak churn slip drop take need cost run stop change matter go
    get keep make pay slow lag die suffer struggle burn waste""")
# Phrases that open on a verb: what someone wants to do ("hire engineers", "trouver un associé").
_EN_VERBS = _words("""find hire raise meet build learn grow scale launch improve reduce cut sell get make set start expand
    enter reach understand automate structure secure move choose validate connect create develop recruit
    fund finance open speed boost increase lower win close write prepare plan migrate""")
_FR_VERBS = _words("""trouver lever recruter rencontrer développer structurer lancer réduire améliorer vendre financer
    créer accélérer ouvrir automatiser comprendre préparer embaucher obtenir signer gagner conquérir
    exporter digitaliser valider tester monter construire apprendre choisir migrer sécuriser augmenter
    diminuer optimiser déployer renforcer intégrer former accompagner rejoindre échanger partager
    découvrir mieux""")
_END_MARKS = " .,;:!?…-–—"
# English words French uses as its own; they tell neither language.
_LOANWORDS = _words("""startup startups start-up start-ups cloud hackathon hackathons podcast podcasts chatbot chatbots
    e-commerce business freelance newsletter newsletters blog blogs web leadership manager managers coworking
    fintech fintechs medtech medtechs biotech biotechs deeptech foodtech proptech edtech""")
# "-ing" loanwords French writes as its own, unquoted ("marketing", "coaching").
_FRENCH_ING = _words("""marketing coaching parking camping shopping casting planning meeting mailing briefing branding
    consulting leasing factoring crowdfunding benchmarking networking reporting sourcing training dumping
    lobbying storytelling design""")
_ARTICLE = re.compile(r"^(?:(?:le|la|les|un|une|des|du|the|a|an)\s+|l['’](?=\w))", re.IGNORECASE)
# Lead-ins that name an activity around the subject, not the subject ("looking at Airflow").
_LEAD = re.compile(r"^(?:looking (?:at|into)|working on|thinking about|exploring|interested in|curious about|"
                   r"passionate about|keen on|learning about|intéressée? par|passionnée? par|passionné·e par|"
                   r"curieu(?:x|se) de|to)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Shape:
    """What a phrase is: ``kind`` ("noun", "verb", "clause", "empty"), its ``language``
    ("fr", "en" or "" when either reads it), its cleaned ``text`` and that text without a
    leading article (``bare``, for "en matière de ..." which takes none)."""

    kind: str
    language: str
    text: str
    bare: str = ""


def _tokens(text: str) -> list[str]:
    words = []
    for token in _TOKEN.findall(text.lower().replace("’", "'")):
        head, apostrophe, tail = token.partition("'")
        if apostrophe and head in ("l", "d", "j", "m", "qu", "c", "s", "n", "t") and tail:
            words.extend([head + "'", tail])  # "j'ai" -> "j'", "ai"
        else:
            words.append(token)
    return words


@lru_cache(maxsize=16384)
def phrase_language(text: str) -> str:
    """``"fr"``, ``"en"``, or ``""`` when the phrase reads the same in both (or is too short to tell).

    >>> phrase_language("levée de fonds"), phrase_language("fundraising"), phrase_language("SEO, B2B")
    ('fr', 'en', '')
    >>> phrase_language("export"), phrase_language("marketing")
    ('', '')
    """
    if (text or "").upper() == (text or ""):
        return ""  # "M&A", "B2B", "RH": acronyms belong to no language
    votes = {"fr": 2 * len(_FRENCH_LETTERS.findall(text or "")), "en": 0}
    # Acronyms ("SEO", "B2B") and punctuation belong to no language.
    kept = " ".join(t for t in _TOKEN.findall(text or "") if not (len(t) > 1 and t.upper() == t))
    for word in _tokens(kept):
        word = word.rstrip("'")
        if not word[:1].isalpha():
            continue
        if word in _LOANWORDS:
            continue  # "startup", "cloud": French writes them as its own words, unquoted
        if word in _FR_WORDS:
            votes["fr"] += 1
        elif word in _EN_WORDS:
            votes["en"] += 1
        elif word.endswith("ing") and len(word) > 5 and word not in _FRENCH_ING:
            votes["en"] += 1  # "data engineering": French dictionaries know the loanword, French readers quote it
        else:
            for part in _parts(word):  # "french-speaking": each half is a word
                fr, en = simplemma.is_known(part, "fr"), simplemma.is_known(part, "en")
                if fr != en:
                    votes["fr" if fr else "en"] += 1
    if votes["fr"] == votes["en"]:
        return ""
    return "fr" if votes["fr"] > votes["en"] else "en"


def _parts(word: str) -> list[str]:
    """A hyphenated word the dictionary does not know, as its halves ("french-speaking")."""
    if "-" not in word or simplemma.is_known(word, "fr") or simplemma.is_known(word, "en"):
        return [word]
    return [part for part in word.split("-") if len(part) > 1]


def _is_clause(text: str, words: list[str]) -> bool:
    plain = set(re.findall(r"\b[a-z]+\b", text))  # lowercase as written: "SaaS churn" is a noun phrase
    acronyms = {w.lower() for w in re.findall(r"\b[A-Z]{2,}\b", text)}  # "the US market": no "us" here
    words = [w for w in words if w not in acronyms] or words
    if words[0] in _SUBJECTS or any(w in _FIRST_PERSON or w in _FINITE or w in _RELATIVE for w in words):
        return True
    if any(w in ".!?;:«»\"“”" for w in words[:-1]) or any(w in "«»\"“”" for w in words):
        return True
    for before, word in pairwise(words):
        if (word in _EN_PLAIN_VERBS and before.endswith("s") and not before.endswith(("ss", "us"))
                and len(before) > 3 and before in plain):
            return True  # "data pipelines break"
        if (word.endswith("ent") and not word.endswith("ment") and before.endswith(("s", "x"))
                and before not in _FR_WORDS):
            lemma = simplemma.lemmatize(word, "fr")
            if lemma != word and lemma.endswith(("er", "ir", "re")):
                return True  # "les données cassent"
    return False


@lru_cache(maxsize=16384)
def phrase_shape(text: str) -> Shape:
    """The shape of ``text`` (see the module docstring), with activity lead-ins removed.

    >>> phrase_shape("je cherche un associé technique").kind, phrase_shape("recruiting engineers").kind
    ('clause', 'noun')
    >>> phrase_shape("Find a technical cofounder").kind, phrase_shape("onboarding flows that cut churn").kind
    ('verb', 'clause')
    """
    text = " ".join((text or "").split()).strip(_END_MARKS)
    stripped = _LEAD.sub("", text, count=1).strip(_END_MARKS)
    if stripped:
        text = stripped
    words = _tokens(text)
    language = phrase_language(text)
    if not any(w[:1].isalnum() for w in words):
        return Shape("empty", "", "")
    bare = _ARTICLE.sub("", text, count=1) or text
    if _is_clause(text, words) or len(text.split()) > MAX_INLINE_WORDS or len(text) > MAX_INLINE_CHARS:
        return Shape("clause", language, text, bare)
    if words[0] in _EN_VERBS or words[0] in _FR_VERBS:
        return Shape("verb", language, text, bare)
    return Shape("noun", language, text, bare)

# An offer naming a person or led by an indefinite article is not a field of experience.
_PERSON_LEAD = re.compile(r"^(?:a|an|un|une)\s", re.IGNORECASE)
_PERSON_NOUNS = frozenset("""cofounder cofounders co-founder co-founders founder founders cto ceo cfo cmo coo mentor
    mentors investor investors advisor advisors adviser developer developers engineer engineers designer designers
    coach partner partners associé associée associés cofondateur cofondatrice cofondateurs investisseur
    investisseurs développeur développeurs développeuse ingénieur ingénieurs ingénieure mentore
    partenaire partenaires""".split())
_PREPOSITIONS = frozenset("with for to of avec pour de des du à aux".split())


def names_a_person(text: str) -> bool:
    """Whether ``text`` names a person or a role rather than a field ("experience in ..." breaks on it).

    >>> [names_a_person(t) for t in ("a technical cofounder", "un associé technique", "CTO", "recruiting engineers")]
    [True, True, True, False]
    """
    words = text.lower().split()
    if _PERSON_LEAD.match(text):
        return True
    # "technical cofounder", "CTO", but not "recruiting engineers" or "mise en relation avec des investisseurs"
    return (0 < len(words) <= 3 and words[-1] in _PERSON_NOUNS and not words[0].endswith("ing")
            and not _PREPOSITIONS & set(words))


# English nouns that read well without an article ("help with payroll"); most words in these endings do too.
_MASS = _words("""data design research growth health finance funding legal law tax software hardware cloud security
    strategy feedback advice support help knowledge export import content commerce e-commerce energy climate food
    art music education training payroll insurance retail media tech fintech biotech medtech healthtech edtech
    cleantech deeptech proptech legaltech innovation sustainability privacy equity debt capital cash money talent
    staff equipment infrastructure procurement transport mobility hospitality tourism video photography copy
    branding leadership ownership access flow traffic revenue churn compliance governance culture work
    strategy engineering outreach pr ux ui ai ml seo sea crm erp hr it yoga chess wine coffee tea football tennis
    golf rugby sport fitness theatre theater cinema poetry jazz literature philosophy nature""")
_MASS_ENDINGS = ("ing", "ics", "ment", "tion", "sion", "ance", "ence", "ity", "ness", "ism", "ogy", "phy", "try",
                 "ware", "age", "ism", "acy", "ncy")
# Endings of common nouns, in both languages ("Recrutement", "Comptabilité", "Funding").
_COMMON_ENDINGS = ("ing", "tion", "sion", "ment", "ness", "ity", "ité", "ance", "ence", "ique", "ure", "isme", "ism")
_SPLIT_AT = _words("in of for with to on at from by about into across")
_NOT_NOUNS = _words("around out up down over off back away here there now together")


def bare_count_noun(text: str) -> bool:
    """Whether an English noun phrase names one countable thing without an article ("hackathon",
    "mobile app", "seed round"): "help with hackathon" is broken English, so the phrase is quoted.

    >>> [bare_count_noun(t) for t in ("hackathon", "seed round", "fundraising", "mobile apps", "Python", "SEO")]
    [True, True, False, False, False, False]
    """
    words = (text or "").split()
    if not words or _ARTICLE.match(text) or _PERSON_LEAD.match(text):
        return False
    lowered = [w.lower() for w in words]
    if lowered[0].endswith("ing") or any(w in ("a", "an", "the", "my", "our", "your") for w in lowered):
        return False  # an activity ("scaling a sales team"), or the article is there
    cut = next((k for k, w in enumerate(lowered) if w in _SPLIT_AT and k > 0), len(words))
    head = words[cut - 1].strip(".,;:!?()\"“”«»")
    word = head.lower()
    if head != word or not word.isalpha() and "-" not in word:
        return False  # a name ("Python"), an acronym ("API"), a number
    if word.endswith("s") or word in _MASS or word in _SPLIT_AT or word.endswith(_MASS_ENDINGS) or word in _NOT_NOUNS:
        return False
    return simplemma.is_known(word, "en") or not simplemma.is_known(word, "fr")


#: English writes these with a capital wherever they stand ("German trade fairs").
_PROPER_ADJECTIVES = _words("""german french english british american european asian african chinese japanese italian
    spanish dutch swiss belgian canadian indian nordic scandinavian irish scottish welsh portuguese polish russian
    korean australian latin arab arabic mexican brazilian""")


def in_sentence(text: str, phrase_language: str, language: str) -> str:
    """The phrase as it stands in a sentence of ``language``: quoted when it is in the other language.

    A capital that only opened the person's list is dropped ("Levée de fonds" -> "levée de fonds")
    when the rest of the phrase is in lower case and the dictionary knows the word; a single word
    keeps it, since it may be a name ("Airflow", "Docker").

    >>> in_sentence("Levée de fonds", "fr", "fr"), in_sentence("fundraising", "en", "fr").replace("\\u00a0", " ")
    ('levée de fonds', '« fundraising »')
    """
    if phrase_language and phrase_language != language:
        return quote(text, language)
    head, _, rest = text.partition(" ")
    if (rest and rest == rest.lower() and head[:1].isupper() and head[1:].islower()
            and head.lower() not in _PROPER_ADJECTIVES
            and simplemma.is_known(head.lower(), phrase_language or language)):
        return head.lower() + (" " + rest if rest else "")
    word = head.lower()
    if not rest and head[:1].isupper() and head[1:].islower() and (word in _MASS or (
            word.endswith(_COMMON_ENDINGS) and simplemma.is_known(word, phrase_language or language))):
        return word  # "Funding", "Design": a common noun, not a name such as "Airflow" or "Python"
    return text
