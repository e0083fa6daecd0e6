"""Headers by meaning, the column mapper and the report of how each column was read."""

import pytest

from matchmaker.errors import FileFormatError
from matchmaker.headers import read_columns
from matchmaker.meaning import header_meaning
from matchmaker.reader import read_attendees


@pytest.mark.parametrize("header, field", [
    ("How can you help others?", "offers"), ("How can you help others", "offers"),
    ("What are you looking for?", "needs"), ("What are you looking for ?", "needs"),
    ("Comment pouvez-vous aider les autres participants ?", "offers"),
    ("Qu'attendez-vous de cette soirée ?", "needs"), ("QU’ATTENDEZ-VOUS DE CETTE SOIREE", "needs"),
    ("Your superpower", "offers"), ("Ask me about", "offers"), ("I'd love to meet someone who ...", "needs"),
    ("What help do you need?", "needs"), ("Besoin d'aide sur", "needs"), ("Domaines d'expertise", "offers"),
    ("Ce que je peux apporter", "offers"), ("Comment pouvons-nous vous aider ?", "needs"),
    ("Sur quels sujets aimeriez-vous être aidé ?", "needs"), ("Which topics interest you?", "interests"),
    ("Topics you want to discuss", "interests"), ("Thèmes", "interests"), ("Tags", "interests"),
    ("Email Address", "email"), ("Adresse e-mail professionnelle", "email"), ("Your e-mail?", "email"),
    ("What's your first name?", "first_name"), ("And your last name?", "last_name"),
    ("Prénom du participant", "first_name"), ("Nom de famille", "last_name"), ("Prénom et nom", "name"),
    ("Entreprise / Organisation", "company"), ("Nom de la société", "company"), ("Company name", "company"),
    ("Fonction / Poste", "role"), ("Job Title", "role"), ("LinkedIn profile URL", "linkedin"),
    ("What's your LinkedIn?", "linkedin"), ("Langue préférée", "language"), ("Tell us about yourself", "bio"),
    ("J'accepte que mes coordonnées soient partagées", "consent"), ("Email opt-in", "consent"),
    ("Order #", None), ("Ticket Type", None), ("Attendee Status", None), ("Order Date", None),
    ("Timestamp", None), ("Horodateur", None), ("Start Date (UTC)", None), ("Network ID", None),
    ("Company size", None), ("Event name", None), ("Dietary needs", None), ("Besoins alimentaires", None),
    ("Are you looking for accommodation?", None), ("How did you hear about us?", None), ("T-shirt size", None),
])
def test_header_meaning(header, field):
    assert header_meaning(header) == field


def test_question_mark_accents_and_case_change_nothing():
    plain = "comment pouvez vous aider les autres participants"
    for variant in (plain + " ?", plain.upper() + "?", "Comment pouvez-vous aider les autres participants ?"):
        assert header_meaning(variant) == header_meaning(plain) == "offers"


def test_every_column_is_reported_in_order():
    data = (b"Order #,First Name,Last Name,Email,Ticket Type,How can you help others?,"
            b"What are you looking for?,Email,Attendee Status\n"
            b"1,Ann,Lee,ann@example.org,VIP,pricing,hiring,other@example.org,Attending\n")
    report = read_attendees(data)
    assert [(c["column"], c["index"], c["field"], c["how"]) for c in report.column_readings] == [
        ("Order #", 0, None, "unknown"), ("First Name", 1, "first_name", "alias"),
        ("Last Name", 2, "last_name", "alias"), ("Email", 3, "email", "alias"),
        ("Ticket Type", 4, None, "unknown"), ("How can you help others?", 5, "offers", "meaning"),
        ("What are you looking for?", 6, "needs", "meaning"), ("Email", 7, None, "duplicate"),
        ("Attendee Status", 8, None, "unknown"),
    ]
    (ann,) = report.attendees
    assert (ann.offers, ann.needs) == ("pricing", "hiring")
    assert ann.extra == {"Order #": "1", "Ticket Type": "VIP", "Email": "other@example.org",
                         "Attendee Status": "Attending"}


def test_mapping_by_header_or_index_overrides_and_ignores():
    data = b"Mail,Qui,Notes,Divers\nann@example.org,Ann,pricing,x\n"
    report = read_attendees(data, columns={"Qui": "name", 2: "offers", "divers": None})
    assert [(c["field"], c["how"]) for c in report.column_readings] == [
        ("email", "alias"), ("name", "mapping"), ("offers", "mapping"), (None, "ignored")]
    (ann,) = report.attendees
    assert (ann.name, ann.offers, ann.extra) == ("Ann", "pricing", {})  # an ignored column is not kept


def test_mapping_takes_a_field_from_the_automatic_reading():
    report = read_attendees(b"Email,Work email,Name\na@example.org,a@work.example,A\n", columns={"Work email": "email"})
    assert [c["how"] for c in report.column_readings] == ["duplicate", "mapping", "alias"]
    assert report.attendees[0].email == "a@work.example"


@pytest.mark.parametrize("columns, message", [
    ({"Nope": "email"}, "'Nope', which is not a header"), ({7: "email"}, "column 7, but the file has 2"),
    ({"Name": "shoe"}, "'shoe', which is not a field"),
    ({0: "email", 1: "email"}, "both 'Email' and 'Name' to email"),
])
def test_bad_mapping_is_a_clear_error(columns, message):
    with pytest.raises(FileFormatError, match=message):
        read_attendees(b"Email,Name\na@example.org,A\n", columns=columns)


def test_list_fields_gather_every_column_that_asks_for_them():
    data = (b"Email,Name,Your superpower,Ask me about,What are you looking for?\n"
            b'a@example.org,A,"pricing\nexport",RGPD,hiring\n')
    (person,) = read_attendees(data).attendees
    assert person.offers == "pricing; export; RGPD"
    assert person.needs == "hiring"


def test_buyer_columns_yield_to_the_attendee_ones():
    data = (b"Buyer Email,Buyer First Name,Email,First Name,Last Name\n"
            b"boss@example.org,Boss,ann@example.org,Ann,Lee\nboss@example.org,Boss,bo@example.org,Bo,Li\n")
    report = read_attendees(data)
    assert [a.email for a in report.attendees] == ["ann@example.org", "bo@example.org"]
    assert [c["how"] for c in report.column_readings][:2] == ["duplicate", "duplicate"]


def test_buyer_email_is_used_when_it_is_the_only_one():
    report = read_attendees(b"Email acheteur;Nom\nann@example.org;Ann\n")
    assert report.column_readings[0]["field"] == "email"
    assert report.attendees[0].email == "ann@example.org"


def test_the_fullest_column_wins_for_a_single_field():
    # Microsoft Forms: "Email" says "anonymous" and "Name" is empty when the form is anonymous.
    data = (b"ID,Email,Name,Full name,Work email,How can you help others?\n"
            b"1,anonymous,,Ann Lee,ann@example.org,pricing\n2,anonymous,,Bo Li,bo@example.org,export\n")
    report = read_attendees(data)
    expected = [("Ann Lee", "ann@example.org"), ("Bo Li", "bo@example.org")]
    assert [(a.name, a.email) for a in report.attendees] == expected
    assert report.rejected == []


def test_a_column_of_email_addresses_is_not_needs():
    data = "Email,Name,Wants to meet,Looking for\na@example.org,A,b@example.org; c@example.org,investors\n"
    report = read_attendees(data.encode())
    assert report.column_readings[2]["field"] == "wishes"  # who they want to meet, not what they need
    assert report.attendees[0].needs == "investors"
    assert report.attendees[0].wishes == ("b@example.org", "c@example.org")


def test_nom_is_last_name_next_to_a_first_name_column_even_with_words_around():
    assert [c["field"] for c in read_columns(["Nom du participant", "Prénom du participant", "Email"])] == [
        "last_name", "first_name", "email"]
    assert [c["field"] for c in read_columns(["Nom du participant", "Email"])] == ["name", "email"]


def test_cli_json_reports_columns(tmp_path, capsys):
    import json

    from matchmaker.cli import main

    path = tmp_path / "people.csv"
    path.write_text("Order #,Email,Full name,How can you help others?\n"
                    + "".join(f"{k},p{k}@example.org,P {k},sales\n" for k in range(4)))
    assert main(["match", str(path)]) == 0
    columns = json.loads(capsys.readouterr().out)["stats"]["columns"]
    assert columns[0] == {"column": "Order #", "index": 0, "field": None, "how": "unknown"}
    assert columns[3] == {"column": "How can you help others?", "index": 3, "field": "offers", "how": "meaning"}
