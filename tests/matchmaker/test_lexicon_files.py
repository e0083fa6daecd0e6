"""The bilingual lexicon files: format, both languages, unique ids, one concept per term."""

import re
import unicodedata
from pathlib import Path

import pytest

LEXICON_DIR = Path(__file__).resolve().parents[2] / "matchmaker" / "data" / "lexicon"
FILES = sorted(LEXICON_DIR.glob("*.tsv"))
ID_PATTERN = re.compile(r"^[a-z_]+\.[a-z0-9_]+$")


def read_rows(path):
    """Yield ``(line_number, fields)`` for every concept line of ``path``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            yield number, line.split("\t")


def key(term):
    """Compare terms as a loader would: no case, no accents, punctuation as spaces."""
    text = unicodedata.normalize("NFKD", term.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[-'’/.,]", " ", text).split())


def test_lexicon_files_exist_and_start_with_a_comment():
    assert FILES, f"no .tsv file in {LEXICON_DIR}"
    for path in FILES:
        assert path.read_text(encoding="utf-8").startswith("#"), path.name


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_line_has_an_id_and_both_languages(path):
    for number, fields in read_rows(path):
        where = f"{path.name}:{number}"
        assert len(fields) == 3, f"{where}: {len(fields)} fields"
        concept, english, french = fields
        assert ID_PATTERN.match(concept), f"{where}: bad id {concept!r}"
        for side in (english, french):
            terms = side.split("; ")
            assert all(terms), f"{where}: empty term"
            assert all(t == t.strip() and "  " not in t for t in terms), f"{where}: stray space"
            assert all(";" not in t for t in terms), f"{where}: separator must be '; '"


def test_ids_are_unique_and_no_term_belongs_to_two_concepts():
    owner = {}
    ids = set()
    clashes = []
    for path in FILES:
        for number, fields in read_rows(path):
            concept = fields[0]
            assert concept not in ids, f"{path.name}:{number}: duplicate id {concept}"
            ids.add(concept)
            for term in "; ".join(fields[1:]).split("; "):
                other = owner.setdefault(key(term), concept)
                if other != concept:
                    clashes.append(f"{term!r}: {other} and {concept}")
    assert not clashes, "\n".join(clashes)


#: Concepts the loader reads as another because two of their terms lemmatise alike (see
#: matchmaker.concepts._merge_duplicates); each was read and is the same help under two names.
MERGED_WHEN_LOADED = {
    "funding.investor_relations": "finance.investor_relations",
    "industry.printing": "design.print_production",
    "law.business_transfer": "finance.business_transfer",
    "law.insolvency": "finance.debt_restructuring",
    "product.hardware_product": "industry.hardtech",
    "public.philanthropy": "law.non_profit_law",
    "sales.sales_compensation": "hr.variable_pay",
    "software.payments_integration": "finance.payments",
    "software.quantum_computing": "science.quantum",
    "startup.spin_off": "research.spin_offs",
}


def test_no_concept_disappears_into_another_unnoticed():
    """A new term that lemmatises like another concept's term merges the two concepts silently:
    make the terms differ, merge the lines, or (when it is the same help) add the pair above."""
    from matchmaker.concepts import default_index, tokens
    from matchmaker.lexicon import load_lexicon

    index = default_index()
    used = {i for ids in index.terms.values() for i in ids}
    merged = {}
    for concept in load_lexicon():
        if concept.id not in used:
            into = {i for term in concept.terms for i in index.terms.get(tokens(term), ())}
            merged[concept.id] = ", ".join(sorted(into))
    assert merged == MERGED_WHEN_LOADED
