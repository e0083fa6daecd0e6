"""A workbook as Microsoft Excel writes it, through the same reader rules as CSV.

Excel cannot run here, so ``data/excel_fr.xlsx`` is written part by part as Excel 365 with French regional
settings writes it, by ``data/make_excel_fixture.py`` (its docstring lists what differs from openpyxl's
output: ``[Content_Types].xml`` overrides, ``docProps/app.xml`` naming "Microsoft Excel", ``fileVersion
appName="xl"`` and the ``mc:Ignorable`` x14ac/xr namespaces, shared strings with rich-text runs and
``xml:space="preserve"``, built-in short dates (``numFmtId`` 14) and custom formats in ``styles.xml``, a
shared formula with cached values and ``calcChain.xml``, a theme, a hidden sheet and an empty one).
``data/excel_fr_password.xlsx`` is the same workbook encrypted with a password, an OLE compound file as
Excel saves it.
"""

import io
import zipfile
from pathlib import Path

import pytest

from matchmaker.errors import FileFormatError
from matchmaker.reader import list_sheets, read_attendees
from tests.matchmaker.data.make_excel_fixture import build

DATA = Path(__file__).parent / "data"
EXCEL = (DATA / "excel_fr.xlsx").read_bytes()
LOCKED = (DATA / "excel_fr_password.xlsx").read_bytes()


def test_the_committed_fixture_is_what_the_script_writes():
    assert build() == EXCEL


def test_the_fixture_has_the_parts_excel_writes():
    parts = zipfile.ZipFile(io.BytesIO(EXCEL))
    read = {name: parts.read(name).decode() for name in parts.namelist()}
    assert "<Application>Microsoft Excel</Application>" in read["docProps/app.xml"]
    assert '<fileVersion appName="xl"' in read["xl/workbook.xml"] and 'mc:Ignorable="x15 xr' in read["xl/workbook.xml"]
    assert 'state="hidden"' in read["xl/workbook.xml"]
    sheet = read["xl/worksheets/sheet3.xml"]
    assert 'mc:Ignorable="x14ac xr xr2 xr3"' in sheet and 'x14ac:dyDescent="0.25"' in sheet
    assert '<f t="shared" ref="J2:J5" si="0">H2*I2</f><v>25</v>' in sheet and '<f t="shared" si="0"/>' in sheet
    assert "<sheetData/>" in read["xl/worksheets/sheet4.xml"]
    strings = read["xl/sharedStrings.xml"]
    assert '<r><rPr><b/>' in strings and '<t xml:space="preserve">Levée de fonds </t>' in strings
    assert 'numFmtId="14"' in read["xl/styles.xml"] and 'formatCode="dd/mm/yyyy\\ hh:mm"' in read["xl/styles.xml"]
    assert {"xl/calcChain.xml", "xl/theme/theme1.xml", "[Content_Types].xml"} <= set(read)
    assert LOCKED[:8] == bytes.fromhex("d0cf11e0a1b11ae1") and "EncryptionInfo".encode("utf-16-le") in LOCKED


def test_the_sheet_picker_lists_the_visible_sheets():
    assert list_sheets(EXCEL) == ["Couverture", "Participants", "Vide"]  # "Listes" is hidden in Excel


def test_french_headers_rich_text_and_formula_cells_read_like_csv():
    report = read_attendees(EXCEL, sheet="Participants")
    assert (report.encoding, report.sheet, report.sheets) == ("xlsx", "Participants",
                                                              ["Couverture", "Participants", "Vide"])
    assert [(a.email, a.name, a.company, a.role) for a in report.attendees] == [
        ("zoe.lefevre@example.fr", "Zoé Lefèvre", "Nova Énergie", "Directrice financière"),
        ("elodie@example.fr", "Élodie Durand", "Atelier Durand & Fils", "Fondatrice"),
        ("bruno@example.fr", "Bruno Petit", "Petit Conseil", "Consultant")]
    zoe, elodie = report.attendees[:2]
    assert zoe.offers == "Levée de fonds (amorçage et série A)"  # two rich-text runs, the space kept
    assert elodie.needs == "Un associé commercial"
    readings = {r["column"]: r["field"] for r in report.column_readings}
    assert readings["En quoi pouvez-vous aider les autres ?"] == "offers"
    assert readings["Que recherchez-vous ?"] == "needs" and readings["Société"] == "company"
    assert [(r.line, r.reason) for r in report.rejected] == [(4, "invalid e-mail address 'pas-un-email'")]


def test_dates_and_numbers_read_as_the_organizer_sees_them():
    """Excel shows the built-in short date in the reader's regional format, which the file does not hold:
    it reads as an ISO date, the same in French and English; a format that puts the day first, a zero-padded
    phone number and a formula's cached value read as Excel shows them; a euro amount keeps its exact value."""
    zoe, elodie, bruno = read_attendees(EXCEL, sheet="Participants").attendees
    assert zoe.extra == {"Date d'inscription": "2026-03-14", "Arrivée prévue": "02/04/2026 18:30", "Places": "2",
                         "Prix unitaire": "12.5", "Total": "25", "Téléphone": "06 12 34 56 78"}
    assert elodie.extra["Téléphone"] == "" and elodie.extra["Arrivée prévue"] == "02/04/2026 19:00"
    assert (bruno.extra["Total"], bruno.extra["Téléphone"]) == ("29.7", "01 45 67 89 01")


def test_the_empty_sheet_and_the_cover_sheet_say_what_to_do():
    with pytest.raises(FileFormatError, match="The sheet 'Vide' is empty"):
        read_attendees(EXCEL, sheet="Vide")
    with pytest.raises(FileFormatError, match="No e-mail column found"):
        read_attendees(EXCEL)  # the first visible sheet is the cover sheet; the portal tries the next ones


def test_a_hidden_sheet_is_read_only_when_named():
    with pytest.raises(FileFormatError, match="headers seen: 'Secteur'"):
        read_attendees(EXCEL, sheet="Listes")
    with pytest.raises(FileFormatError, match="its sheets are 'Couverture', 'Participants', 'Vide'"):
        read_attendees(EXCEL, sheet=3)


@pytest.mark.parametrize("data, sentence", [
    (LOCKED, "The workbook is password-protected: save it without a password"),
    (EXCEL[: len(EXCEL) // 2], "damaged"),
    (EXCEL[:2000] + bytes(400) + EXCEL[2400:], "damaged"),
], ids=["password", "truncated", "overwritten"])
def test_a_protected_or_corrupt_excel_file_gets_a_clear_sentence(data, sentence):
    with pytest.raises(FileFormatError, match=sentence):
        list_sheets(data)
    with pytest.raises(FileFormatError, match=sentence):
        read_attendees(data, sheet="Participants")
