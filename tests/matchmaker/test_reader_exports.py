"""Files shaped like the exports of ticketing and form tools: the right fields, 0 lost rows.

Each export is written here the way the tool writes it (separator, encoding, order columns, question
headers, timestamps, checkbox answers joined by the tool's separator, multi-line cells); the reader
must find e-mail, name, offers and needs without any renaming.
"""

import csv
import io

import pytest

from matchmaker.reader import read_attendees

PEOPLE = [
    ("Zoé", "Lefèvre", "zoe@example.org", "Nova Énergie", "CEO",
     ["aides Bpifrance", "montage de dossiers européens"], ["levée de 1,5 M€", "R&D"], ["Énergie", "O&M"]),
    ("Ann", "Lee", "ann@example.org", "Acme", "CTO", ["CI/CD", "UX/UI (B2B, SaaS)"], ["hiring"], ["AI"]),
    ("Bo", "Li", "bo@example.org", "", "", ["pricing"], ["export"], []),
]


def _write(header, rows, sep=",", encoding="utf-8"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\r\n").writerows([header, *rows])
    return buffer.getvalue().encode(encoding)


def eventbrite():
    header = ["Order #", "Order Date", "First Name", "Last Name", "Email", "Quantity", "Ticket Type",
              "Attendee #", "Attendee Status", "Company", "Job Title", "How can you help others?",
              "What are you looking for?", "Topics", "Buyer Last Name", "Buyer First Name", "Buyer Email",
              "Email Opt-in"]
    rows = [[f"10{k}", f"2026-03-01 10:0{k}", f, last, e, "1", "General Admission", f"20{k}", "Attending", c, r,
             ", ".join(o), ", ".join(n), ", ".join(i), "Payer", "Pat", "pat@example.org", "Yes"]
            for k, (f, last, e, c, r, o, n, i)
             in enumerate(PEOPLE)]
    return _write(header, rows), "\n"


def weezevent():
    header = ["Identifiant", "Date de commande", "Nom", "Prénom", "Email", "Tarif", "Code-barre", "Statut",
              "Société", "Fonction", "Comment pouvez-vous aider les autres participants ?",
              "Qu'attendez-vous de cette soirée ?", "Centres d'intérêt", "Email acheteur"]
    rows = [[str(k), "01/03/2026 10:00", last, f, e, "Plein tarif", f"BC{k}", "Validé", c, r, "\n".join(o),
             " ; ".join(n), " ; ".join(i), "pat@example.org"] for k, (f, last, e, c, r, o, n, i)
             in enumerate(PEOPLE)]
    return _write(header, rows, sep=";", encoding="cp1252"), "\n"


def billetweb():
    header = ["Billet", "Numéro de commande", "Date", "Tarif", "Nom", "Prénom", "Email", "Payé", "Entreprise",
              "Poste", "Your superpower", "I'd love to meet someone who ...", "Thèmes"]
    rows = [[f"T{k}", f"C{k}", "2026-03-01", "0", last, f, e, "Oui", c, r, " | ".join(o), " | ".join(n), " | ".join(i)]
            for k, (f, last, e, c, r, o, n, i)
             in enumerate(PEOPLE)]
    return _write(header, rows, sep=";", encoding="utf-8-sig"), "\n"


def helloasso():
    header = ["Numéro", "Formule", "Montant (€)", "Statut", "Nom participant", "Prénom participant",
              "Nom payeur", "Prénom payeur", "Email payeur", "Date", "Champ additionnel: Email",
              "Champ additionnel: Entreprise", "Champ additionnel: Ce que je peux apporter",
              "Champ additionnel: Ce que je recherche", "Champ additionnel: Thématiques"]
    rows = [[str(k), "Entrée", "10,00", "Validé", last, f, "Payeur", "Pat", "pat@example.org", "01/03/2026 10:00",
             e, c, "\n".join("- " + x for x in o), "; ".join(n), "; ".join(i)]
            for k, (f, last, e, c, r, o, n, i)
             in enumerate(PEOPLE)]
    return _write(header, rows, sep=";"), "\n"


def luma():
    header = ["api_id", "name", "first_name", "last_name", "email", "phone_number", "created_at",
              "approval_status", "checked_in_at", "ticket_name", "What's your company?", "Ask me about",
              "What do you want to get out of this event?", "qr_code_url"]
    rows = [[f"gst-{k}", f"{f} {last}", f, last, e, "", "2026-03-01T10:00:00.000Z", "approved", "", "Standard", c,
             ", ".join(o), ", ".join(n), f"https://lu.ma/check-in/{k}"] for k, (f, last, e, c, r, o, n, i)
             in enumerate(PEOPLE)]
    return _write(header, rows), "\n"


def google_forms():
    header = ["Horodateur", "Adresse e-mail", "Nom complet", "Entreprise", "Votre rôle",
              "Comment pouvez-vous aider les autres participants ?", "Qu'attendez-vous de cette soirée ?",
              "Thèmes qui vous intéressent"]
    rows = [["01/03/2026 10:00:00", e, f"{f} {last}", c, r, "\n".join(o), "\n".join(n), ", ".join(i)]
            for f, last, e, c, r, o, n, i in PEOPLE]
    return _write(header, rows), "\n"


def typeform():
    header = ["#", "What's your first name?", "And your last name?", "Your email", "Your company",
              "Your superpower", "What are you looking for?", "Which topics?", "Start Date (UTC)",
              "Submit Date (UTC)", "Network ID"]
    rows = [[f"r{k}", f, last, e, c, ", ".join(o), ", ".join(n), ", ".join(i), "2026-03-01 10:00:00",
             "2026-03-01 10:05:00", "abc"] for k, (f, last, e, c, r, o, n, i)
             in enumerate(PEOPLE)]
    return _write(header, rows), "\n"


def microsoft_forms():
    header = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time", "Full name",
              "Work email", "How can you help others?", "What are you looking for?", "Topics"]
    rows = [[str(k), "3/1/26 10:00:00", "3/1/26 10:05:00", "anonymous", "", "", f"{f} {last}", e,
             ";".join(o) + ";", ";".join(n) + ";", ";".join(i) + ";"] for k, (f, last, e, c, r, o, n, i)
             in enumerate(PEOPLE)]
    return _write(header, rows), "\n"


EXPORTS = [eventbrite, weezevent, billetweb, helloasso, luma, google_forms, typeform, microsoft_forms]


@pytest.mark.parametrize("export", EXPORTS, ids=[e.__name__ for e in EXPORTS])
def test_export_reads_the_right_fields_with_no_lost_row(export):
    data, _ = export()
    report = read_attendees(data)
    assert report.rejected == [] and report.duplicates == []
    assert [a.email for a in report.attendees] == [p[2] for p in PEOPLE]
    for person, (first, last, _email, _company, _role, offers, needs, interests) in zip(report.attendees, PEOPLE):
        assert person.name == f"{first} {last}"
        assert split(person.offers) == offers, report.column_readings
        assert split(person.needs) == needs, report.column_readings
        if interests and any(c["field"] == "interests" for c in report.column_readings):
            assert split(person.interests) == interests
    fields = {c["field"] for c in report.column_readings}
    assert {"email", "offers", "needs"} <= fields


def split(text):
    from matchmaker.items import split_items

    return split_items(text)


def test_eventbrite_order_columns_are_kept_aside_and_the_buyer_is_not_the_attendee():
    report = read_attendees(eventbrite()[0])
    readings = {c["column"]: (c["field"], c["how"]) for c in report.column_readings}
    assert readings["Buyer Email"] == (None, "duplicate")
    assert readings["Order #"] == readings["Ticket Type"] == readings["Attendee Status"] == (None, "unknown")
    assert readings["Email Opt-in"] == ("consent", "meaning")
    assert report.attendees[0].extra["Ticket Type"] == "General Admission"
    assert report.attendees[0].consent is True


def test_multi_line_cell_items_stay_separate_in_google_forms():
    zoe = read_attendees(google_forms()[0]).attendees[0]
    assert zoe.offers == "aides Bpifrance; montage de dossiers européens"
    assert zoe.needs == "levée de 1,5 M€; R&D"
