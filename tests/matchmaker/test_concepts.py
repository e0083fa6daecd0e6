"""The concept layer: French and English phrases about the same thing meet, near misses do not.

Each pair is checked both ways (offer/need and need/offer), with the two people alone
(:func:`matchmaker.evidence.help_evidence` without an event).
"""

import pytest

from matchmaker.concepts import ConceptIndex, default_index, tokens
from matchmaker.evidence import EventTerms, help_evidence
from matchmaker.lexicon import Concept, load_lexicon
from matchmaker.profiles import Attendee
from matchmaker.text import split_phrases

#: French/English (or two wordings of one thing) that must meet.
MATCH = [
    ('levée de fonds', 'fundraising'), ("appels d'offres publics", 'public tenders'),
    ('DAF à temps partagé', 'part-time CFO'), ('trésorerie', 'cash management'), ('vélos cargo', 'cargo bikes'),
    ("tests d'intrusion", 'penetration testing'), ('investisseurs en série A', 'Series A investors'),
    ('conformité RGPD', 'GDPR compliance'), ('recrutement de développeurs', 'hiring developers'),
    ('référencement naturel', 'SEO'), ('apprentissage automatique', 'machine learning'),
    ('comptabilité', 'bookkeeping'), ('paie', 'payroll'), ("crédit d'impôt recherche", 'research tax credit'),
    ('marquage CE', 'CE marking'), ('essais cliniques', 'clinical trials'),
    ('fabrication additive', 'additive manufacturing'), ('panneaux solaires', 'solar panels'),
    ('bilan carbone', 'carbon footprint'), ('rénovation énergétique', 'energy renovation'),
    ('droit du travail', 'employment law'), ('gestion de produit', 'product management'),
    ('recherche utilisateur', 'user research'), ('identité visuelle', 'brand identity'),
    ('migration vers le cloud', 'cloud migration'), ('ingénierie des données', 'data engineering'),
    ('cybersécurité', 'cybersecurity'), ('ISO 27001', 'certification ISO 27001'),
    ('business angels', 'angel investors'), ('mise en relation avec des investisseurs', 'investor introductions'),
    ('prospection commerciale', 'sales prospecting'), ('logistique du dernier kilomètre', 'last-mile delivery'),
    ('entrepôt', 'warehousing'), ('maintenance prédictive', 'predictive maintenance'),
    ('microscopie confocale', 'confocal microscopy'), ('lignées cellulaires cancéreuses', 'cancer cell lines'),
    ('subventions européennes', 'EU grants'), ('directeur financier', 'CFO'), ('ressources humaines', 'HR'),
    ('Kubernetes', 'Kubernetes'), ('application mobile', 'mobile app development'), ('tarification', 'pricing'),
    ('réseaux sociaux', 'social media'), ('expérience utilisateur', 'UX'), ('intelligence artificielle', 'AI'),
    ('distribution en Allemagne', 'distributors in Germany'), ('implantation aux États-Unis', 'US expansion'),
    ('contrats commerciaux', 'commercial contracts'), ('gestion de la paie', 'payroll management'),
    ('pitch deck', 'deck investisseurs'),
]

#: Near misses that must not meet: a shared word, a generic concept, a neighbouring subject.
NEAR_MISSES = [
    ('cancer cell lines', 'human cell lines'), ('partnerships with cities', 'HR partners'),
    ('advanced microscopy', 'quantitative microscopy'),
    ('digital health partnerships with the NHS', 'cargo bikes'), ('seed investors', 'Series A investors'),
    ('hiring a CFO', 'hiring developers'), ('partnerships', 'partenariats'), ('strategy', 'stratégie'),
    ('growth', 'croissance'), ('clients', 'new customers'), ('startups', 'start-ups'),
    ('innovation', 'innovation'), ('développement', 'development'), ('business development', 'business'),
    ('networking', 'réseau'), ('export to Germany', 'hiring in Germany'), ('cloud migration', 'cloud security'),
    ('data engineering', 'data privacy'), ('employment law', 'commercial contracts'),
    ('payroll', 'penetration testing'), ('SEO', 'ISO 27001'), ('machine learning', 'machine maintenance'),
    ('mobile apps', 'mobile phone recycling'), ('carbon footprint', 'carbon fibre'),
    ('clinical trials', 'trial lawyers'), ('brand identity', 'identity theft'),
    ('user research', 'market research'), ('public tenders', 'public relations'),
    ("tests d'intrusion", 'tests utilisateurs'), ('levée de fonds', 'fonds de commerce'),
    ('conseil juridique', "conseil d'administration"),
    ('recrutement de commerciaux', 'recrutement de développeurs'), ('marketing B2B', 'marketing B2C'),
    ('pricing', 'printing'), ('logistics', 'legal'), ('accounting', 'accountability'), ('ventes', 'vents'),
    ('design UX', 'design industriel'), ('mentoring', 'mentoring'), ('impact', 'impact'), ('team', 'équipe'),
    ('digital', 'numérique'), ('help', 'aide'), ('projects', 'projets'), ('opportunities', 'opportunités'),
    ('collaboration', 'collaboration'), ('ecosystem', 'community'), ('SEO', 'SEA'), ('UX design', 'UI design'),
    ('product marketing', 'product management'),
]


def meets(offer: str, need: str) -> bool:
    return bool(help_evidence(Attendee("a@x.org", "A", offers=offer), Attendee("b@x.org", "B", needs=need)))


def test_fifty_pairs_of_each_kind():
    assert len(MATCH) == 50 and len(NEAR_MISSES) == 50
    assert len(set(MATCH)) == 50 and len(set(NEAR_MISSES)) == 50


@pytest.mark.parametrize("a, b", MATCH)
def test_french_and_english_wordings_meet(a, b):
    assert meets(a, b) and meets(b, a)


@pytest.mark.parametrize("a, b", NEAR_MISSES)
def test_near_misses_do_not_meet(a, b):
    assert not meets(a, b) and not meets(b, a)


def test_evidence_names_the_shared_concept_in_each_side_own_words():
    helper = Attendee("a@x.org", "A", offers="Levée de fonds ; partenariats ; yoga")
    receiver = Attendee("b@x.org", "B", needs="fundraising, partnerships with cities")
    [evidence] = help_evidence(helper, receiver)
    assert (evidence.offer, evidence.need, evidence.concept) == ("Levée de fonds", "fundraising", "funding.fundraising")
    assert 0 < evidence.value <= 1


def test_generic_concepts_alone_never_make_help():
    generic = [c for c in load_lexicon() if c.generic]
    assert len(generic) >= 40
    for concept in generic:
        term = concept.en[0]
        assert not meets(term, term), term


def test_lemmas_accents_case_and_function_words():
    assert tokens("Les LEVÉES de fonds") == tokens("levée des fonds")
    assert tokens("IT security")[0] == "it"  # an acronym, not the pronoun
    assert tokens("it is secure") == tokens("secure")


def test_longest_term_first_and_words_left_over():
    index = ConceptIndex([Concept("x.cash", ("cash",), ("trésorerie",)),
                          Concept("x.plan", ("cash plan",), ("plan de trésorerie",))])
    found = index.find("Un plan de trésorerie pour nos banques")
    assert found.concepts == ("x.plan",) and found.leftover == ("banque",) and found.inner == ("x.cash",)


def test_a_term_shared_by_two_files_is_one_concept_but_a_lone_acronym_stays_ambiguous():
    index = ConceptIndex([Concept("a.ipo", ("IPO", "initial public offering"), ("introduction en bourse",)),
                          Concept("b.ipo", ("IPO", "going public"), ("introduction en bourse",)),
                          Concept("c.cro", ("CRO",), ("CRO",)),
                          Concept("d.cro", ("CRO", "conversion rate optimisation"), ("CRO",))])
    assert index.find("going public").concepts == index.find("initial public offering").concepts == ("a.ipo",)
    assert set(index.find("CRO").concepts) == {"c.cro", "d.cro"}


def test_rarity_is_counted_over_the_event():
    people = [Attendee(f"p{k}@x.org", "P", offers="fundraising" if k < 30 else "Kubernetes") for k in range(40)]
    terms = EventTerms(people)
    assert terms.idf("software.kubernetes") > terms.idf("funding.fundraising") > 1.0


def test_default_index_is_built_once():
    assert default_index() is default_index()


#: Business services (startups and funding, finance, HR, law, sales, product, public sector):
#: offers and needs as different people write them, French and English, that must meet.
BUSINESS_MATCH = [
    ('I help founders raise capital', 'on cherche à lever des fonds'),
    ('conseil en levée de fonds', 'raising money for our startup'),
    ('je suis business angel', 'looking for angel investors'),
    ('I run a seed fund', 'investisseurs en amorçage'),
    ('nous investissons en pré-amorçage', 'pre-seed funding'),
    ('investisseuse en série A', 'raising our Series A'),
    ('ingénieur prêt à devenir associé technique', 'we need a tech cofounder'),
    ('SDR freelance', 'prospection téléphonique'),
    ('cold calling and cold emailing', 'générer des leads B2B'),
    ('lead generation agency', 'je cherche des rendez-vous qualifiés'),
    ('consultante SEO', 'improve our Google ranking'),
    ('référenceur freelance', 'SEO for our website'),
    ("j'ai un réseau de revendeurs en Allemagne", 'German resellers'),
    ("conseil pour s'implanter aux USA", 'US market entry'),
    ('I help companies enter the American market', 'conquérir le marché américain'),
    ('graphiste spécialisée en identité visuelle', 'we need a new logo'),
    ('chercheuse UX', 'user interviews with our customers'),
    ('product owner freelance', 'priorisation de notre backlog'),
    ('ancienne head of product', 'we need a product manager'),
    ('ingénieure brevets', 'patent filing'),
    ('conseil en propriété industrielle', 'we want to patent our invention'),
    ('juriste en droit social', 'help with employment contracts'),
    ('I review contracts for startups', 'relire nos CGV'),
    ('je recrute des directeurs financiers', "we're hiring a CFO"),
    ('fractional finance director', 'un directeur financier'),
    ('je fais des prévisionnels de trésorerie', 'cash flow forecasting'),
    ('experte-comptable', 'we need an accountant'),
    ('conseil en CIR', 'R&D tax credit claim'),
    ('recruteur tech', 'hiring software engineers'),
    ('fractional HR director', 'accompagnement RH pour notre PME'),
    ('DRH à temps partagé', 'outsourced HR'),
    ("je m'occupe de la paie des TPE", 'payroll for our small business'),
    ('formatrice en leadership', 'coaching for our new managers'),
    ("j'aide à répondre aux appels d'offres", 'help with public procurement'),
    ('bid writer', "réponse à des appels d'offres publics"),
    ('ancien élu, je connais les mairies', 'partnerships with municipalities'),
    ('I write Horizon Europe proposals', 'financements européens'),
    ('je monte des dossiers FEDER', 'EU structural funds'),
]

#: Neighbouring business subjects that must stay apart, both ways.
BUSINESS_NEAR_MISSES = [
    ('business angel', 'nous levons notre série A'), ('Series A fund', 'pre-seed funding'),
    ('Series B investors', 'seed funding'), ('recruteur de DAF', 'recrutement de développeurs'),
    ('I recruit CFOs', 'hiring developers'), ('tech recruiter', 'we need a CFO'),
    ('partenariats avec les villes', 'HR partners'), ('HR business partner', 'partnerships with cities'),
    ('NHS partnerships', 'partnerships with local authorities'),
    ('rédaction de contrats commerciaux', 'contrats de travail'), ('patent attorney', 'employment law'),
    ('SEO consultant', 'brand identity'), ('comptable', 'cash management'), ('payroll', 'recruiting developers'),
    ('Google Ads campaigns', 'SEO'), ('distribution en Allemagne', 'implantation aux États-Unis'),
    ('public tenders', 'EU funding'), ('lead implementer ISO 27001', 'prospection B2B'),
    ('raising awareness of climate risks', 'fundraising'), ('chef de projet', 'chef de produit'),
]


def test_business_lexicon_offers_meet_needs_and_neighbours_stay_apart():
    assert len(BUSINESS_MATCH) >= 20 and len(BUSINESS_NEAR_MISSES) >= 10
    missed = [(offer, need) for offer, need in BUSINESS_MATCH if not meets(offer, need)]
    assert not missed, missed
    false = [(a, b) for a, b in BUSINESS_NEAR_MISSES if meets(a, b) or meets(b, a)]
    assert not false, false


# --- energy, health, industry, operations, research, security and software -------------------

#: An offer in one language meets a need in the other: agent nouns, verbs, acronyms, word orders.
TECH_INDUSTRY_SCIENCE_MATCH = [
    ("je suis déléguée à la protection des données", "we need a DPO"),
    ("ingénieure en apprentissage automatique", "looking for a machine learning engineer"),
    ("réseaux de neurones", "ML models"),
    ("nous construisons des entrepôts de données", "help with our ETL pipeline"),
    ("architecte cloud", "help migrating to AWS"),
    ("je suis pentesteuse", "a security audit of our platform"),
    ("ethical hacker", "tests d'intrusion"),
    ("coursière à vélo", "bike delivery"),
    ("prestataire logistique", "a 3PL warehouse"),
    ("agent de sourcing en Chine", "Chinese suppliers"),
    ("plasturgiste", "injection molded parts"),
    ("metal 3D printing", "imprimante 3D métal"),
    ("analyse vibratoire", "condition monitoring of our machines"),
    ("attachée de recherche clinique", "a partner for our clinical trial"),
    ("regulatory affairs consultant", "marquage CE de notre dispositif"),
    ("bilan GES", "greenhouse gas accounting"),
    ("auditrice énergétique", "energy audit of our offices"),
    ("isolation des combles", "loft insulation"),
    ("cellules tumorales", "tumour cell lines"),
    ("cellules iPS humaines", "human iPSC lines"),
    ("microscope confocal", "super-resolution imaging"),
    ("imagerie quantitative", "quantitative microscopy"),
    ("poisson-zèbre", "zebrafish"),
    ("fournisseurs chinois", "sourcing in China"),
    ("MDR consultant", "conformité au règlement dispositifs médicaux"),
]

#: Neighbours that share a word or a field but not the help.
TECH_INDUSTRY_SCIENCE_NEAR_MISSES = [
    ("machine learning", "machine condition monitoring"), ("cancer cells", "human cells"),
    ("human iPSCs", "tumour cell lines"), ("confocal microscope", "quantitative imaging"),
    ("data warehouse", "warehousing"), ("mould makers", "no-code tools"), ("energy audit", "financial audit"),
    ("security audit", "GDPR audit"), ("zebrafish", "C. elegans"), ("sourcing agent in China", "candidate sourcing"),
    ("marquage CE", "autorisation de mise sur le marché"), ("cloud architect", "architecte d'intérieur"),
    ("plastic injection moulding", "plastic recycling"), ("cargo bikes", "air cargo"),
]


@pytest.mark.parametrize("offer, need", TECH_INDUSTRY_SCIENCE_MATCH)
def test_tech_industry_science_offers_meet_needs_across_languages(offer, need):
    assert meets(offer, need)


@pytest.mark.parametrize("a, b", TECH_INDUSTRY_SCIENCE_NEAR_MISSES)
def test_tech_industry_science_near_misses_stay_apart(a, b):
    assert not meets(a, b) and not meets(b, a)


def test_counts_and_fixed_expressions_do_not_cut_a_term():
    index = default_index()
    # a count inside a term ("200+ engineers") is not a word of its own; a number a term uses stays
    assert index.find("I've hired 200+ engineers").concepts == index.find("hiring engineers").concepts
    assert index.find("scope 3 emissions").concepts == ("climate.carbon_accounting",)
    # a conjunction inside a lexicon term does not split the item it is in
    assert [p.text for p in split_phrases("fusions et acquisitions et RGPD")] == ["fusions et acquisitions", "RGPD"]
    assert meets("I advise on mergers and acquisitions", "fusions et acquisitions")


def test_french_written_without_accents_finds_the_same_concepts():
    index = default_index()
    for accented in ("collectivités territoriales", "implantation aux États-Unis", "levée de fonds", "trésorerie"):
        plain = accented.replace("é", "e").replace("É", "E")
        assert index.find(plain).concepts == index.find(accented).concepts != ()
