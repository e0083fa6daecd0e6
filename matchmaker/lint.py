"""A small grammar lint for the sentences people read (pages, e-mails, drafts).

Rough, fast checks for the mistakes a careful reader notices at once; tests
run them on every golden sentence and on rendered pages.  :func:`lint` takes
*text* (use :func:`text_of_html` on a page first) and the language it should be
in, and returns the problems found, each with its rule and the offending excerpt:

* ``elision`` (French): "de Anna", "le export", "que il" instead of "d'Anna", "l'export", "qu'il";
* ``lone_quote``: a « or » without its partner, or without its no-break space in French
  (so it can be left alone at a line end);
* ``spacing`` (French): an ordinary space, or none, before ; ! ? : (they take a no-break space);
* ``lazy_plural``: "(s)", "(es)", "(e)" and inclusive dots ("désinscrit·e"), which say the
  writer did not choose;
* ``punctuation``: doubled marks ("??", "! ?", "..") and a space before a comma or period;
* ``placeholder``: a template slot left unfilled ("{name}", "%(name)s", "undefined");
* ``internal_name``: a field name such as ``a_helps_b``, ``first_name``, ``nudge_bundle``;
* ``mixed_language``: outside quotation marks, function words of the other language
  ("the", "of" in French; "de", "pour" in English) that are not part of a capitalised name,
  or an accented lowercase French word in English.

Examples
--------
>>> [p.rule for p in lint("Profil LinkedIn de Anna", "fr")]
['elision']
>>> [p.rule for p in lint("3 round(s) for first_name", "en")]
['lazy_plural', 'internal_name']
>>> lint("Aperçu de «\u00a0lyon_mixed.csv\u00a0», envoyé par anna@dach-connect.de", "fr")
[]
>>> lint("Vous avez écrit «\\u00a0data pipelines break\\u00a0»\\u00a0: où en êtes-vous\\u202f?", "fr")
[]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from .typography import language_code, starts_with_vowel_sound

__all__ = ["Problem", "lint", "text_of_html"]

_ELIDING = re.compile(r"(?<![\w'’-])(de|le|la|que|je|me|te|se|ne|jusque|lorsque|puisque)\s+(?=([^\W\d_][\w'’-]*))",
                      re.IGNORECASE)
_LAZY = re.compile(r"\w\((?:s|es|e|x|ne|le)\)|\w·\w")
_DOUBLED = re.compile(r"[?!][\s\u00a0\u202f]?[?!]|(?<!\.)\.\.(?!\.)|[,;]\s*[,;.]|\S \.(?!\w)| ,")
_PLACEHOLDER = re.compile(r"\{\w*\}|%\(\w+\)[sd]|\bundefined\b|\bNaN\b")
_INTERNAL = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
_QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"|‘[^’]*’")
_FUNCTION_WORDS = {
    "fr": frozenset({"the", "of", "and", "with", "for", "to", "in", "at", "from", "by", "about", "my", "our", "is",
                     "are", "that", "your", "you", "we", "it", "this", "how", "what"}),
    "en": frozenset({"de", "des", "du", "la", "les", "pour", "avec", "et", "une", "est", "sur", "dans", "vous"}),
}
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_ACCENTED = re.compile(r"[éèêàùûçîïôœ]")


@dataclass(frozen=True)
class Problem:
    """One finding: the ``rule`` broken and the ``excerpt`` that breaks it."""

    rule: str
    excerpt: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.excerpt!r}"


def _elision(text: str) -> list[Problem]:
    return [Problem("elision", f"{m.group(1)} {m.group(2)}") for m in _ELIDING.finditer(text)
            if starts_with_vowel_sound(m.group(2))]


def _quotes(text: str, language: str) -> list[Problem]:
    problems = []
    if text.count("«") != text.count("»"):
        problems.append(Problem("lone_quote", "unbalanced « »"))
    if text.count("“") != text.count("”"):
        problems.append(Problem("lone_quote", "unbalanced “ ”"))
    if language == "fr":
        for match in re.finditer(r"«[^\u00a0\u202f]|[^\u00a0\u202f]»", text):
            problems.append(Problem("lone_quote", match.group(0)))
    return problems


def _spacing(text: str) -> list[Problem]:
    problems = []
    for match in re.finditer(r"(\S*)( ?)[;!?:](?=\s|$)", text):
        word, space = match.groups()
        if word.startswith(("http", "www")) or not (word or space):
            continue
        if space or (word and (word[-1].isalnum() or word[-1] in "»)")):
            problems.append(Problem("spacing", match.group(0)[-12:]))
    return problems


def _mixed(text: str, language: str) -> list[Problem]:
    outside = _QUOTED.sub(" ", _strip_addresses(text))  # "linkedin.com/in/x" is in no language
    problems = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n", outside):
        words = [m.group(0) for m in _WORD.finditer(sentence)]
        for k, word in enumerate(words):
            lower = word.lower()
            inside_name = (0 < k < len(words) - 1 and words[k - 1][:1].isupper() and words[k + 1][:1].isupper())
            if lower in _FUNCTION_WORDS[language] and word == lower and not inside_name:
                problems.append(Problem("mixed_language", " ".join(words[max(k - 2, 0):k + 3])))
                break
            if language == "en" and word == lower and _ACCENTED.search(word):
                problems.append(Problem("mixed_language", word))
                break
    return problems


def lint(text: str, language: str) -> list[Problem]:
    """Problems in ``text``, which should read as ``language`` ("fr..." or English).

    >>> [str(p) for p in lint("Vous êtes désinscrit·e", "fr")]
    ["lazy_plural: 't·e'"]
    >>> [p.rule for p in lint("What got you interested in référencement?", "en")]
    ['mixed_language']
    """
    language = language_code(language)
    text = text or ""
    problems = []
    if language == "fr":
        problems += _elision(_strip_addresses(text))  # "dach-connect.de" ends no sentence with "de"
    problems += _quotes(text, language)
    if language == "fr":
        problems += _spacing(text)
    problems += [Problem("punctuation", m.group(0)) for m in _DOUBLED.finditer(text)]
    problems += [Problem("lazy_plural", m.group(0)) for m in _LAZY.finditer(text)]
    problems += [Problem("placeholder", m.group(0)) for m in _PLACEHOLDER.finditer(text)]
    problems += [Problem("internal_name", m.group(0)) for m in _INTERNAL.finditer(_strip_addresses(text))]
    problems += _mixed(text, language)
    return problems


def _strip_addresses(text: str) -> str:
    """Without URLs, e-mail addresses and file names, whose underscores are no field names."""
    return re.sub(r"\S+@\S+|\b(?:https?://|www\.)\S+|[\w.-]+\.(?:csv|xlsx|xls|tsv|txt|ics)\b", " ", text)


class _Text(HTMLParser):
    _SKIP = frozenset({"script", "style", "template", "textarea"})
    _BLOCK = frozenset({"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "br",
                        "section", "article", "header", "footer", "nav", "main", "form", "label", "button",
                        "option", "title", "dt", "dd", "table", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP:
            self.skipping = max(self.skipping - 1, 0)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def text_of_html(html: str) -> str:
    """The text a reader sees on a page: tags, scripts and styles removed, one line per block.

    >>> text_of_html("<h1>Vos conversations</h1><p>Profil <b>LinkedIn</b> d'Anna</p><script>x_y()</script>")
    "Vos conversations\\nProfil LinkedIn d'Anna"
    """
    parser = _Text()
    parser.feed(html or "")
    parser.close()
    lines = (" ".join(line.split(" ")).strip(" \t") for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line.strip())
