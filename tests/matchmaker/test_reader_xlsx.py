"""Excel workbooks through the same reader rules as CSV; refusals with a clear sentence."""

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from matchmaker.errors import FileFormatError
from matchmaker.reader import Duplicate, RejectedRow, list_sheets, read_attendees
from tests.builders import workbook

FRENCH = [
    ["Prénom", "Nom", "Adresse e-mail", "Entreprise", "Date d'inscription", "Effectif", "Note",
     "Comment pouvez-vous aider les autres participants ?", "Qu'attendez-vous de cette soirée ?"],
    ["Zoé", "Lefèvre", "zoe@example.org", "Nova", dt.datetime(2026, 3, 14), 12, 1.5,
     "aides Bpifrance\nmontage de dossiers européens", "levée de 1,5 M€"],
    [None, None, None, None, None, None, None, None, None],
    ["Ann", "Lee", "not an address", "Acme", dt.datetime(2026, 3, 14, 9, 30), 3.0, True, "pricing", "hiring"],
    ["Zoé", "L.", "ZOE@example.org", None, dt.date(2026, 3, 15), None, None, None, "export"],
    ["Bo", "Li", "bo@example.org", "B & Co", None, None, None, "RGPD", None],
]


def test_french_workbook_reads_like_csv_with_sheet_row_numbers():
    data = workbook({"Inscrits": FRENCH, "Notes": [["x"]]})
    report = read_attendees(data)
    assert (report.encoding, report.separator, report.sheet, report.sheets) == ("xlsx", "", "Inscrits",
                                                                                ["Inscrits", "Notes"])
    assert [a.email for a in report.attendees] == ["zoe@example.org", "bo@example.org"]
    zoe = report.attendees[0]
    assert (zoe.name, zoe.company) == ("Zoé Lefèvre", "Nova")
    assert zoe.offers == "aides Bpifrance; montage de dossiers européens"
    assert zoe.needs == "levée de 1,5 M€"
    assert zoe.extra == {"Date d'inscription": "2026-03-14", "Effectif": "12", "Note": "1.5"}
    assert report.rejected == [RejectedRow(4, "invalid e-mail address 'not an address'")]
    assert report.duplicates == [Duplicate(5, "zoe@example.org", 2)]
    assert report.rows == 4


def test_dates_numbers_and_booleans_as_text():
    rows = [["Email", "Name", "When", "Count", "Ratio", "Ok", "Big"],
            ["a@example.org", "A", dt.datetime(2026, 3, 14, 9, 30), 3.0, 0.25, False, 12345678901]]
    extra = read_attendees(workbook({"S": rows})).attendees[0].extra
    assert extra == {"When": "2026-03-14 09:30", "Count": "3", "Ratio": "0.25", "Ok": "FALSE", "Big": "12345678901"}


def test_sheet_by_name_or_position_and_list_sheets():
    data = workbook({"Vide": [], "Participants": [["Email", "Name"], ["a@example.org", "A"]]})
    assert list_sheets(data) == ["Vide", "Participants"]
    assert read_attendees(data, sheet="Participants").attendees[0].email == "a@example.org"
    assert read_attendees(data, sheet=1).sheet == "Participants"
    with pytest.raises(FileFormatError, match="The sheet 'Vide' is empty .*'Participants': choose one"):
        read_attendees(data)
    with pytest.raises(FileFormatError, match="no sheet 'Nope'; its sheets are 'Vide', 'Participants'"):
        read_attendees(data, sheet="Nope")


def test_list_sheets_of_a_csv_file_is_empty_and_sheet_is_ignored():
    assert list_sheets(b"Email,Name\na@example.org,A\n") == []
    assert read_attendees(b"Email,Name\na@example.org,A\n", sheet="x").sheet == ""


def test_column_mapping_applies_to_workbooks():
    data = workbook({"S": [["Mail", "Qui", "Aide"], ["a@example.org", "A", "pricing"]]})
    report = read_attendees(data, columns={"Qui": "name", "Aide": "needs"})
    assert (report.attendees[0].name, report.attendees[0].needs) == ("A", "pricing")


@pytest.mark.parametrize("data, sentence", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64,
     "The workbook is password-protected: save it without a password or save it as 'CSV UTF-8'"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "password-protected"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "Workbook".encode("utf-16-le"), "Excel 97-2003"),
    (b"PK\x03\x04rest-of-a-zip", "damaged"),
], ids=["encrypted", "bare-ole", "xls", "corrupt-zip"])
def test_unreadable_workbooks_get_a_clear_sentence(data, sentence):
    with pytest.raises(FileFormatError, match=sentence):
        read_attendees(data)
    with pytest.raises(FileFormatError, match=sentence):
        list_sheets(data)


def _rezip(data, change):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = change(info.filename, source.read(info.filename))
            if content is not None:
                target.writestr(info.filename, content)
    return out.getvalue()


def test_truncated_or_broken_parts_are_damaged_not_a_crash():
    data = workbook({"S": [["Email", "Name"], ["a@example.org", "A"]]})
    with pytest.raises(FileFormatError, match="damaged"):
        read_attendees(data[: len(data) // 2])
    broken = _rezip(data, lambda name, content: b"<worksheet><sheetData><row" if "worksheets" in name else content)
    with pytest.raises(FileFormatError, match="damaged"):
        read_attendees(broken)


def test_other_archives_are_named():
    ods = _rezip(workbook({"S": [["x"]]}), lambda name, content: None if name == "xl/workbook.xml" else content)
    with pytest.raises(FileFormatError, match="not an Excel workbook"):
        read_attendees(ods)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    with pytest.raises(FileFormatError, match="OpenDocument"):
        read_attendees(buffer.getvalue())


def test_a_zip_bomb_is_refused_before_it_is_expanded():
    data = workbook({"S": [["Email", "Name"], ["a@example.org", "A"]]})
    bomb = _rezip(data, lambda name, content: content + b" " * 50_000_000 if name == "docProps/app.xml" else content)
    assert len(bomb) < 500_000
    with pytest.raises(FileFormatError, match="expands to 47 MB, too much for its size"):
        read_attendees(bomb)


def test_forged_row_numbers_and_wide_rows_stay_cheap():
    data = workbook({"S": [["Email", "Name"], ["a@example.org", "A"]]})

    def forge(name, content):
        if "worksheets/sheet" not in name:
            return content
        row = '<row r="1000000"><c r="XFD1000000" t="inlineStr"><is><t>far</t></is></c></row>'
        return content.replace(b"</sheetData>", row.encode() + b"</sheetData>")

    report = read_attendees(_rezip(data, forge))
    assert [a.email for a in report.attendees] == ["a@example.org"]
    assert report.rows == 1  # the far cell lies beyond the columns read: the row is blank


def test_a_workbook_written_by_libreoffice_reads_through_the_same_rules():
    """A real LibreOffice Calc file (tests/matchmaker/data/libreoffice_fr.xlsx: a cover sheet, the
    attendees with French headers, dates and numbers, an empty sheet), not one written by openpyxl."""
    data = (Path(__file__).parent / "data" / "libreoffice_fr.xlsx").read_bytes()
    assert b"LibreOffice" in zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml")
    assert list_sheets(data) == ["Couverture", "Participants", "Vide"]
    report = read_attendees(data, sheet="Participants")
    assert [(a.email, a.name, a.role) for a in report.attendees] == [
        ("zoe@example.org", "Zoé Martin", "DAF"), ("elodie@example.org", "Élodie Durand", "Fondatrice"),
        ("tom@example.org", "Tom Smith", "CTO")]
    assert report.attendees[0].extra == {"Date d'inscription": "2026-03-14 09:30", "Montant (€)": "1.5"}
    assert report.attendees[1].extra["Date d'inscription"] == "2026-03-15"
    assert [(r.line, r.reason) for r in report.rejected] == [(5, "invalid e-mail address 'pas-un-email'")]
    with pytest.raises(FileFormatError, match="The sheet 'Vide' is empty"):
        read_attendees(data, sheet="Vide")
