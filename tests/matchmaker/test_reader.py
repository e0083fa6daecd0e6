"""Tests of the attendee file reader: real bytes in, report out."""

import csv
import io
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.errors import FileFormatError
from matchmaker.headers import match_headers
from matchmaker.reader import Duplicate, RejectedRow, clean_name, normalise_email, read_attendees

FRENCH_NAMES = "Prénom;Nom;E-mail;Entreprise;Poste\r\nZoé;Lefèvre;zoe@example.org;Œuvre & Cie;Directrice €\r\n"


def by_email(report):
    return {a.email: a for a in report.attendees}


# --- encodings -----------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_encodings_are_detected_and_reported(encoding):
    text = "Name;Email;Company\nJoël Œlm ’x’;joel@example.org;Café € œuvre\n"
    report = read_attendees(text.encode(encoding))
    assert report.encoding == encoding
    (attendee,) = report.attendees
    assert attendee.name == "Joël Œlm ’x’"
    assert attendee.company == "Café € œuvre"
    assert report.columns == {"Name": "name", "Email": "email", "Company": "company"}


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_unicode_text_with_tabs(codec):
    bom = "\ufeff".encode(codec)
    data = bom + "Prénom\tNom\tAdresse e-mail\r\nÉlodie\tNguyễn\telodie@example.org\r\n".encode(codec)
    report = read_attendees(data)
    assert (report.encoding, report.separator) == (codec, "\t")
    assert report.attendees[0].name == "Élodie Nguyễn"


def test_cp1252_is_not_latin1():
    # 0x80 is "€" and 0x9c "œ" in cp1252, but C1 controls in latin-1.
    report = read_attendees(b"Nom;Email;Bio\nA;a@example.org;\x80 \x9c \x92\n")
    assert report.encoding == "cp1252"
    assert report.attendees[0].bio == "€ œ ’"


# --- separators and structure -----------------------------------------------------------


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_each_separator(sep):
    text = sep.join(["Name", "Email", "Bio"]) + "\n" + sep.join(["Ann", "ann@example.org", '"x, y; z"']) + "\n"
    report = read_attendees(text.encode())
    assert report.separator == sep
    assert report.attendees[0].bio == "x, y; z"


def test_separator_ties_prefer_tab_then_semicolon():
    assert read_attendees(b"Nom, prenom\tEmail\nA\ta@example.org\n").separator == "\t"
    assert read_attendees(b"Nom, prenom;Email\nA;a@example.org\n").separator == ";"


def test_separator_counted_outside_quotes_only():
    report = read_attendees(b'"Name; Full; Display",Email\n"A; B",a@example.org\n')
    assert report.separator == ","
    assert report.columns == {"Name; Full; Display": "name", "Email": "email"}  # read by meaning
    assert report.attendees[0].name == "A; B"


def test_sep_directive_is_not_the_header_and_shifts_lines():
    report = read_attendees(b"sep=,\r\nName,Email\r\nA,a@example.org\r\nB,not-an-email\r\n")
    assert report.separator == ","
    assert report.rows == 2
    assert report.rejected == [RejectedRow(4, "invalid e-mail address 'not-an-email'")]


def test_quoted_newlines_and_separators_keep_physical_line_numbers():
    text = (
        "Name;Email;Bio\n"
        'Ann;ann@example.org;"line one;\nline two\n\n\n\nline three"\n'
        "Bob;bob@example\n"
        "\n"
        "Cy;cy@example.org;\"a\r\nb\"\n"
        "Dee;bad address\n"
    )
    report = read_attendees(text.encode())
    assert by_email(report)["ann@example.org"].bio == "line one;\nline two\n\nline three"
    assert by_email(report)["cy@example.org"].bio == "a\nb"
    assert [r.line for r in report.rejected] == [8, 12]
    assert str(report.rejected[0]) == "line 8: invalid e-mail address 'bob@example'"
    assert report.rows == 4


def test_short_rows_read_as_empty_and_long_rows_rejected():
    text = "Name,Email,Company\nA,a@example.org\nB,b@example.org,B Co,,\nC,c@example.org,C Co,surprise\n"
    report = read_attendees(text.encode())
    assert by_email(report)["a@example.org"].company == ""
    assert by_email(report)["b@example.org"].company == "B Co"
    assert report.rejected == [RejectedRow(4, "4 cells but the header has 3")]


# --- headers -----------------------------------------------------------------------------


def test_french_excel_headers():
    report = read_attendees(FRENCH_NAMES.encode("cp1252"))
    assert report.columns == {
        "Prénom": "first_name", "Nom": "last_name", "E-mail": "email", "Entreprise": "company", "Poste": "role",
    }
    (zoe,) = report.attendees
    assert (zoe.name, zoe.company, zoe.role) == ("Zoé Lefèvre", "Œuvre & Cie", "Directrice €")


def test_nom_alone_is_the_full_name():
    report = read_attendees("Nom,Courriel\nZoé Lefèvre,zoe@example.org\n".encode())
    assert report.columns["Nom"] == "name"
    assert report.attendees[0].name == "Zoé Lefèvre"


def test_ticketing_headers_and_profile_fields():
    text = (
        "Attendee #,First Name,Last Name,Email,Company,Job Title,I can help with,I'm looking for,"
        "Centres d'intérêt,Profil LinkedIn,Preferred language,Opt-in,T-shirt\n"
        "17,Ann,Lee,Ann@Example.org,Acme,CTO,hiring,funding,ai,https://linkedin.com/in/ann,EN-us,Yes,M\n"
        "18,Bo,Li,bo@example.org,,,,,,,Français,non,\n"
        "19,Cy,Ma,cy@example.org,,,,,,,klingon,maybe,\n"
    )
    report = read_attendees(text.encode())
    assert report.ignored_columns == ["Attendee #", "T-shirt"]
    ann, bo, cy = report.attendees
    assert (ann.name, ann.company, ann.role, ann.offers, ann.needs, ann.interests) == (
        "Ann Lee", "Acme", "CTO", "hiring", "funding", "ai",
    )
    assert ann.linkedin == "https://linkedin.com/in/ann"
    assert (ann.language, ann.consent) == ("en", True)
    assert (bo.language, bo.consent) == ("fr", False)
    assert (cy.language, cy.consent) == ("", None)
    assert ann.extra == {"Attendee #": "17", "T-shirt": "M"}


@pytest.mark.parametrize(
    "header, field",
    [("E-MAIL", "email"), ("Adresse électronique", "email"), ("Full name", "name"), ("Société", "company"),
     ("Fonction", "role"), ("À propos", "bio"), ("Je peux aider sur", "offers"), ("Ce que je cherche", "needs"),
     ("Thèmes", "interests"), ("Langue", "language"), ("Consentement", "consent"), ("Surname", "last_name"),
     ("Adresse e-mail professionnelle", "email"), ("Email opt-in", "consent"), ("Shoe size", None)],
)
def test_header_vocabulary(header, field):
    assert match_headers([header]) == [field]


def test_duplicate_header_first_wins_other_goes_to_extra():
    report = read_attendees(b"Email,Name,E-mail\na@example.org,A,other@example.org\n")
    assert report.columns == {"Email": "email", "Name": "name"}
    assert report.ignored_columns == ["E-mail"]
    assert report.attendees[0].extra == {"E-mail": "other@example.org"}


# --- e-mails, names, duplicates --------------------------------------------------------------


def test_normalise_email():
    assert normalise_email("  Zoe@Example.ORG ") == "zoe@example.org"
    assert normalise_email("zo\u200be@exa\u00admple.org\u00a0") == "zoe@example.org"
    assert normalise_email("\ufeffＺＯＥ@example.org") == "zoe@example.org"  # full width, NFKC


def test_duplicates_are_merged_and_reported():
    text = (
        "Name,Email,Company,Bio\n"
        "Zoé,zoe@example.org,,first bio\n"
        "Other,Zoe@Example.org\u00a0,Acme,second bio\n"
        "Ann,ann@example.org,,\n"
        "Zoé again,\u200bZOE@EXAMPLE.ORG,Ignored Co,\n"
    )
    report = read_attendees(text.encode())
    assert [a.email for a in report.attendees] == ["zoe@example.org", "ann@example.org"]
    zoe = report.attendees[0]
    assert (zoe.name, zoe.company, zoe.bio) == ("Zoé", "Acme", "first bio")
    assert report.duplicates == [Duplicate(3, "zoe@example.org", 2), Duplicate(5, "zoe@example.org", 2)]


@pytest.mark.parametrize(
    "cell, reason",
    [("", "no e-mail address"), ("zoe", "invalid e-mail address 'zoe'"),
     ("zoe@@example.org", "invalid e-mail address 'zoe@@example.org'"),
     ("@example.org", "invalid e-mail address '@example.org'"),
     ("zoe @example.org", "invalid e-mail address 'zoe @example.org'"),
     ("zoe@example.", "invalid e-mail address 'zoe@example.'"),
     ("z" * 100 + "@x", "invalid e-mail address '" + "z" * 59 + "…'")],
)
def test_rejected_emails(cell, reason):
    report = read_attendees(f'Name,Email\nA,"{cell}"\nB,b@example.org\n'.encode())
    assert report.rejected == [RejectedRow(2, reason)]
    assert [a.email for a in report.attendees] == ["b@example.org"]


def test_header_injection_in_name_becomes_one_line():
    report = read_attendees(b'Name,Email\n"Eve\r\nBcc: x@evil.example",eve@example.org\n')
    assert report.attendees[0].name == "Eve Bcc: x@evil.example"
    assert clean_name("a\x00b\tc\u202ed  ") == "ab cd"  # NUL removed, tab a space, override dropped


def test_empty_name_falls_back_to_local_part_but_no_name_column_rejects():
    report = read_attendees(b"First name,Last name,Email\n,,zoe.m@example.org\n")
    assert report.attendees[0].name == "zoe.m"
    report = read_attendees(b"Email,Company\nzoe@example.org,Acme\n")
    assert report.attendees == []
    assert report.rejected[0].line == 2 and report.rejected[0].reason.startswith("no name")


# --- whole-file problems -------------------------------------------------------------------


def test_header_only_file_is_fine():
    report = read_attendees(b"Name;Email\r\n")
    assert (report.attendees, report.rejected, report.rows) == ([], [], 0)


@pytest.mark.parametrize("data", [b"", b"  \r\n\r\n", "\ufeff".encode("utf-8-sig"), b"sep=;\n"])
def test_empty_file_is_an_error(data):
    with pytest.raises(FileFormatError, match="empty"):
        read_attendees(data)


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", random.Random(0).randbytes(2000),
     b"PK\x03\x04\x14\x00\x06\x00", b"Name,Email\nA\x81,a@example.org\n"],
    ids=["png", "random", "xlsx", "undecodable"],
)
def test_binary_file_is_an_error(data):
    with pytest.raises(FileFormatError, match="CSV"):
        read_attendees(data)


def test_missing_email_column_names_the_headers_seen():
    with pytest.raises(FileFormatError, match=r"No e-mail column found: .*headers seen: 'Name', 'Phone'"):
        read_attendees(b"Name,Phone\nA,123\n")


def test_huge_cell_rejects_its_row_only():
    data = b"Name,Email,Bio\nA,a@example.org," + b"x" * 10_000_000 + b"\nB,b@example.org,short\n"
    limit_before = csv.field_size_limit()
    report = read_attendees(data)
    assert report.rejected == [RejectedRow(2, "column 'Bio' is 10000000 characters long; the limit is 10000")]
    assert [a.email for a in report.attendees] == ["b@example.org"]
    assert csv.field_size_limit() == limit_before  # the process-wide limit is restored


def test_max_rows():
    data = ("Name,Email\n" + "".join(f"P{i},p{i}@example.org\n" for i in range(5))).encode()
    assert len(read_attendees(data, max_rows=5).attendees) == 5
    with pytest.raises(FileFormatError, match="more than 4 rows; split it or raise the limit"):
        read_attendees(data, max_rows=4)


# --- properties -------------------------------------------------------------------------------

names = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=30)
locals_ = st.text("abcdefghijklmnopqrstuvwxyz0123456789._+-", min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(names, locals_), min_size=1, max_size=15, unique_by=lambda t: t[1]),
       st.sampled_from([",", ";", "\t"]), st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_written_table_round_trips(people, sep, encoding):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    writer.writerow(["Full name", "Email"])
    writer.writerows([(name, f"{local}@example.org") for name, local in people])
    report = read_attendees(buffer.getvalue().encode(encoding))
    assert report.rejected == [] and report.rows == len(people)
    assert [(a.name, a.email) for a in report.attendees] == [
        (clean_name(name) or local.lower(), f"{local.lower()}@example.org") for name, local in people
    ]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=20), st.booleans()),
                min_size=1, max_size=15))
def test_reported_lines_are_where_rows_start(rows):
    text, line, expected = "Name;Email\n", 2, {}
    for cell, valid in rows:
        text += '"{}";{}\n'.format(cell.replace('"', '""'), "ok@example.org" if valid else "nope")
        expected.setdefault(valid, []).append(line)
        line += 1 + len(re.findall(r"\r\n|\r|\n", cell))
    report = read_attendees(text.encode())
    assert [r.line for r in report.rejected] == expected.get(False, [])
    assert [d.line for d in report.duplicates] == expected.get(True, [])[1:]
    assert report.rows == len(rows)
