"""Write ``excel_fr.xlsx``: a workbook whose parts are laid out exactly as Microsoft Excel (365, French
regional settings) writes them, for the reader's tests. Excel cannot run here; run this script to rebuild
the committed file (``python tests/matchmaker/data/make_excel_fixture.py``). The output is byte-stable.

What Excel writes and openpyxl does not (the reason for this fixture; tests/builders.workbook uses openpyxl):

* ``docProps/app.xml`` with ``<Application>Microsoft Excel</Application>`` and French heading pairs;
* ``xl/workbook.xml`` with ``<fileVersion appName="xl" .../>``, ``mc:Ignorable`` revision namespaces
  (x15, xr, xr6, xr10, xr2), an ``mc:AlternateContent`` absolute path, a hidden sheet (``state="hidden"``);
* worksheets with ``mc:Ignorable="x14ac xr xr2 xr3"``, ``x14ac:dyDescent`` on rows, ``spans``, a frozen
  header pane, ``<dimension>``, an empty sheet written as ``<dimension ref="A1"/>`` and ``<sheetData/>``;
* every string in ``xl/sharedStrings.xml`` (``t="s"``), some as rich-text runs (``<r><rPr>``) with
  ``xml:space="preserve"`` on runs that end or start with a space;
* ``xl/styles.xml`` with the built-in short date (``numFmtId="14"``, which Excel shows in the reader's
  regional format) and custom formats (``dd/mm/yyyy\\ hh:mm``, a euro amount, a zero-padded phone number);
* a shared formula (``<f t="shared" ref=... si="0">``) whose cells keep their cached values, and
  ``xl/calcChain.xml``;
* ``xl/theme/theme1.xml``; zip entries in Excel's order, deflated, dated 1980-01-01.

Sheets: "Couverture" (instructions), "Listes" (hidden: the values of a drop-down), "Participants" (the
attendees, French headers), "Vide" (empty).

It also writes ``excel_fr_password.xlsx``, the same workbook protected by the password ``secret`` as Excel
saves it (File > Info > Protect Workbook > Encrypt with Password): an OLE compound file (``D0 CF 11 E0 A1 B1
1A E1``) holding ``EncryptionInfo`` (agile encryption) and ``EncryptedPackage``, made with msoffcrypto-tool
(``pip install msoffcrypto-tool``, needed only to rebuild this file; its salt is random, so the bytes differ
from run to run).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

OUT = Path(__file__).with_name("excel_fr.xlsx")
LOCKED = Path(__file__).with_name("excel_fr_password.xlsx")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
X14AC = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"
XR = "http://schemas.microsoft.com/office/spreadsheetml/2014/revision"
XR2 = "http://schemas.microsoft.com/office/spreadsheetml/2015/revision2"
XR3 = "http://schemas.microsoft.com/office/spreadsheetml/2016/revision3"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
SHEETS = [("Couverture", "visible"), ("Listes", "hidden"), ("Participants", "visible"), ("Vide", "visible")]
# Styles (cellXfs index): 0 General, 1 short date (14), 2 date and time, 3 euro amount, 4 bold, 5 phone.
GENERAL, DATE, DATETIME, EURO, BOLD, PHONE = range(6)


class Strings:
    """The shared string table, in first-use order as Excel builds it."""

    def __init__(self):
        self.items: list[str] = []
        self.count = 0

    def add(self, xml: str) -> int:
        self.count += 1
        if xml not in self.items:
            self.items.append(xml)
        return self.items.index(xml)


def _t(text: str) -> str:
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return f"<t{space}>{escape(text)}</t>"


def _run(text: str, *, bold: bool = False, colour: str = "") -> str:
    props = ("<b/>" if bold else "") + '<sz val="11"/>' + (
        f'<color rgb="{colour}"/>' if colour else '<color theme="1"/>') + (
        '<rFont val="Calibri"/><family val="2"/><scheme val="minor"/>')
    return f"<r><rPr>{props}</rPr>{_t(text)}</r>"


def rich(*runs: str) -> tuple[str, str]:
    return ("rich", "".join(runs))


def formula(text: str, cached: float) -> tuple[str, str, float]:
    return ("formula", text, cached)


def _serial(year, month, day, hour=0, minute=0) -> float:
    import datetime as dt

    days = (dt.date(year, month, day) - dt.date(1899, 12, 30)).days
    return days + (hour * 60 + minute) / 1440


def _number(value: float) -> str:
    return repr(value) if not float(value).is_integer() else str(int(value))


def _col(index: int) -> str:
    return chr(ord("A") + index)


def worksheet(rows: list[list], strings: Strings, styles: dict[int, int], *, selected: bool = False,
              formulas_at: int | None = None) -> str:
    """One sheet's XML; ``styles`` maps a column to its style; ``formulas_at`` the column of a shared formula."""
    width = max((len(r) for r in rows), default=0)
    dimension = f"A1:{_col(width - 1)}{len(rows)}" if rows else "A1"
    out = [DECL, f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}" xmlns:mc="{MC}" mc:Ignorable="x14ac xr xr2 xr3" '
                 f'xmlns:x14ac="{X14AC}" xmlns:xr="{XR}" xmlns:xr2="{XR2}" xmlns:xr3="{XR3}" '
                 f'xr:uid="{{6F2C1A0B-1D3E-4C55-9A1E-0B{len(rows):02d}{width:02d}C3D4E5F6}}">',
           f'<dimension ref="{dimension}"/><sheetViews><sheetView '
           f'{"tabSelected=" + chr(34) + "1" + chr(34) + " " if selected else ""}workbookViewId="0">']
    if rows and selected:
        out.append('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                   '<selection pane="bottomLeft" activeCell="C2" sqref="C2"/>')
    out.append('</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/>')
    if rows:
        out.append(f'<cols><col min="1" max="{width}" width="18.7109375" customWidth="1"/></cols><sheetData>')
    else:
        out.append("<sheetData/>")
    shared_done = False
    for r, row in enumerate(rows, start=1):
        out.append(f'<row r="{r}" spans="1:{width}" x14ac:dyDescent="0.25">')
        for c, value in enumerate(row):
            ref, style = f"{_col(c)}{r}", BOLD if r == 1 and len(rows) > 1 else styles.get(c, GENERAL)
            s = f' s="{style}"' if style else ""
            if value is None:
                if style:
                    out.append(f'<c r="{ref}"{s}/>')  # Excel keeps a formatted empty cell
                continue
            if isinstance(value, tuple) and value[0] == "formula":
                if not shared_done:
                    last = len(rows)
                    f = f'<f t="shared" ref="{ref}:{_col(c)}{last}" si="0">{escape(value[1])}</f>'
                    shared_done = True
                else:
                    f = '<f t="shared" si="0"/>'
                out.append(f'<c r="{ref}"{s}>{f}<v>{_number(value[2])}</v></c>')
            elif isinstance(value, tuple) and value[0] == "rich":
                out.append(f'<c r="{ref}"{s} t="s"><v>{strings.add(value[1])}</v></c>')
            elif isinstance(value, str):
                out.append(f'<c r="{ref}"{s} t="s"><v>{strings.add(_t(value))}</v></c>')
            else:
                out.append(f'<c r="{ref}"{s}><v>{_number(value)}</v></c>')
        out.append("</row>")
    if rows:
        out.append("</sheetData>")
    out.append('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
               "</worksheet>")
    return "".join(out)


PARTICIPANTS = [
    ["Prénom", "Nom", "Adresse e-mail", "Société", "Fonction", "Date d'inscription", "Arrivée prévue",
     "Places", "Prix unitaire", "Total", "Téléphone", "En quoi pouvez-vous aider les autres ?",
     "Que recherchez-vous ?"],
    ["Zoé", "Lefèvre", "zoe.lefevre@example.fr", "Nova Énergie", "Directrice financière", _serial(2026, 3, 14),
     _serial(2026, 4, 2, 18, 30), 2, 12.5, formula("H2*I2", 25), 612345678,
     rich(_run("Levée de fonds ", bold=True), _run("(amorçage et série A)")), "Recrutement d'un CTO"],
    ["Élodie", "Durand", "elodie@example.fr", "Atelier Durand & Fils", "Fondatrice", _serial(2026, 3, 15),
     _serial(2026, 4, 2, 19, 0), 1, 12.5, formula("H3*I3", 12.5), None,
     "Export vers l'Allemagne", rich(_run("Un "), _run("associé", colour="FFFF0000"), _run(" commercial"))],
    ["Tom", "Smith", "pas-un-email", "Acme", "CTO", _serial(2026, 3, 16), None, 1, 12.5,
     formula("H4*I4", 12.5), None, "Cloud", "Clients"],
    ["Bruno", "Petit", "BRUNO@example.fr", "Petit Conseil", "Consultant", _serial(2026, 3, 20),
     _serial(2026, 4, 2, 18, 45), 3, 9.9, formula("H5*I5", 29.7), 145678901, "RGPD", "Start-up à accompagner"],
]
COVER = [["Soirée des entrepreneurs – liste des inscrits"], ["Remplir l'onglet « Participants », une ligne par "
                                                            "personne."]]
LISTES = [["Secteur"], ["Énergie"], ["Industrie"], ["Conseil"]]


def styles_xml() -> str:
    font = '<sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/>'
    xf = '<xf numFmtId="{}" fontId="{}" fillId="0" borderId="0" xfId="0"{}/>'
    cell_xfs = [xf.format(0, 0, ""), xf.format(14, 0, ' applyNumberFormat="1"'),
                xf.format(164, 0, ' applyNumberFormat="1"'), xf.format(165, 0, ' applyNumberFormat="1"'),
                xf.format(0, 1, ' applyFont="1"'), xf.format(166, 0, ' applyNumberFormat="1"')]
    return (f'{DECL}<styleSheet xmlns="{MAIN}" xmlns:mc="{MC}" mc:Ignorable="x14ac x16r2 xr" xmlns:x14ac="{X14AC}" '
            'xmlns:x16r2="http://schemas.microsoft.com/office/spreadsheetml/2015/02/main" xmlns:xr="' + XR + '">'
            '<numFmts count="3"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm"/>'
            '<numFmt numFmtId="165" formatCode="#,##0.00\\ &quot;€&quot;"/>'
            '<numFmt numFmtId="166" formatCode="0#&quot; &quot;##&quot; &quot;##&quot; &quot;##&quot; &quot;##"/>'
            '</numFmts>'
            f'<fonts count="2" x14ac:knownFonts="1"><font>{font}</font><font><b/>{font}</font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
            '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(cell_xfs)}">{"".join(cell_xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/>'
            '<tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>'
            '<extLst><ext uri="{EB79DEF2-80B8-43e5-95BD-54CBDDF9020C}" '
            'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
            '<x14:slicerStyles defaultSlicerStyle="SlicerStyleLight1"/></ext></extLst></styleSheet>')


def theme_xml() -> str:
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    colours = [("dk1", '<a:sysClr val="windowText" lastClr="000000"/>'),
               ("lt1", '<a:sysClr val="window" lastClr="FFFFFF"/>'), ("dk2", '<a:srgbClr val="44546A"/>'),
               ("lt2", '<a:srgbClr val="E7E6E6"/>'), ("accent1", '<a:srgbClr val="4472C4"/>'),
               ("accent2", '<a:srgbClr val="ED7D31"/>'), ("accent3", '<a:srgbClr val="A5A5A5"/>'),
               ("accent4", '<a:srgbClr val="FFC000"/>'), ("accent5", '<a:srgbClr val="5B9BD5"/>'),
               ("accent6", '<a:srgbClr val="70AD47"/>'), ("hlink", '<a:srgbClr val="0563C1"/>'),
               ("folHlink", '<a:srgbClr val="954F72"/>')]
    scheme = "".join(f"<a:{name}>{value}</a:{name}>" for name, value in colours)
    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = f'<a:ln w="6350" cap="flat" cmpd="sng" algn="ctr">{fill}<a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>'
    return (f'{DECL}<a:theme xmlns:a="{a}" name="Thème Office"><a:themeElements>'
            f'<a:clrScheme name="Office">{scheme}</a:clrScheme>'
            '<a:fontScheme name="Office"><a:majorFont><a:latin typeface="Calibri Light" panose="020F0302020204030204"/>'
            '<a:ea typeface=""/><a:cs typeface=""/></a:majorFont><a:minorFont>'
            '<a:latin typeface="Calibri" panose="020F0502020204030204"/><a:ea typeface=""/><a:cs typeface=""/>'
            '</a:minorFont></a:fontScheme>'
            f'<a:fmtScheme name="Office"><a:fillStyleLst>{fill * 3}</a:fillStyleLst><a:lnStyleLst>{line * 3}'
            '</a:lnStyleLst><a:effectStyleLst>' + '<a:effectStyle><a:effectLst/></a:effectStyle>' * 3 +
            f'</a:effectStyleLst><a:bgFillStyleLst>{fill * 3}</a:bgFillStyleLst></a:fmtScheme></a:themeElements>'
            '<a:objectDefaults/><a:extraClrSchemeLst/></a:theme>')


def workbook_xml() -> str:
    sheets = "".join(f'<sheet name="{name}" sheetId="{i}"{"" if state == "visible" else f" state={chr(34)}{state}{chr(34)}"}'
                     f' r:id="rId{i}"/>' for i, (name, state) in enumerate(SHEETS, start=1))
    return (f'{DECL}<workbook xmlns="{MAIN}" xmlns:r="{REL}" xmlns:mc="{MC}" mc:Ignorable="x15 xr xr6 xr10 xr2" '
            'xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main" '
            f'xmlns:xr="{XR}" xmlns:xr6="http://schemas.microsoft.com/office/spreadsheetml/2016/revision6" '
            'xmlns:xr10="http://schemas.microsoft.com/office/spreadsheetml/2016/revision10" '
            f'xmlns:xr2="{XR2}"><fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="28030"/>'
            '<workbookPr defaultThemeVersion="166925"/>'
            f'<mc:AlternateContent xmlns:mc="{MC}"><mc:Choice Requires="x15">'
            '<x15ac:absPath url="C:\\Users\\organisatrice\\Documents\\Soirée\\" '
            'xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"/></mc:Choice>'
            '</mc:AlternateContent><xr:revisionPtr revIDLastSave="0" documentId="8_{5B0E3A8C-1F2D-4E6A-9C7B-2D4F6A8B0C1E}" '
            'xr6:coauthVersionLast="47" xr6:coauthVersionMax="47" xr10:uidLastSave="{00000000-0000-0000-0000-000000000000}"/>'
            '<bookViews><workbookView xWindow="-120" yWindow="-120" windowWidth="29040" windowHeight="15840" '
            'activeTab="2" xr2:uid="{9D3C6B2A-4E1F-4A7B-8C5D-3E2F1A0B9C8D}"/></bookViews>'
            f'<sheets>{sheets}</sheets><calcPr calcId="191029"/>'
            '<extLst><ext uri="{140A7094-0E35-4892-8432-C4D2E57EDEB5}" '
            'xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main">'
            '<x15:workbookPr chartTrackingRefBase="1"/></ext></extLst></workbook>')


def parts() -> list[tuple[str, str]]:
    strings = Strings()
    sheet_xml = [
        worksheet(COVER, strings, {}),
        worksheet(LISTES, strings, {}),
        worksheet(PARTICIPANTS, strings, {5: DATE, 6: DATETIME, 8: EURO, 9: EURO, 10: PHONE}, selected=True),
        worksheet([], strings, {}),
    ]
    sst = "".join(f"<si>{item}</si>" for item in strings.items)
    n = len(SHEETS)
    ct = "application/vnd.openxmlformats-officedocument"
    overrides = ([("/xl/workbook.xml", f"{ct}.spreadsheetml.sheet.main+xml")]
                 + [(f"/xl/worksheets/sheet{i}.xml", f"{ct}.spreadsheetml.worksheet+xml") for i in range(1, n + 1)]
                 + [("/xl/theme/theme1.xml", f"{ct}.theme+xml"), ("/xl/styles.xml", f"{ct}.spreadsheetml.styles+xml"),
                    ("/xl/sharedStrings.xml", f"{ct}.spreadsheetml.sharedStrings+xml"),
                    ("/xl/calcChain.xml", f"{ct}.spreadsheetml.calcChain+xml"),
                    ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
                    ("/docProps/app.xml", f"{ct}.extended-properties+xml")])
    content_types = (f'{DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides) + "</Types>")
    root_rels = (f'{DECL}<Relationships xmlns="{PKG_REL}">'
                 f'<Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/>'
                 f'<Relationship Id="rId2" Type="{PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>'
                 f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    book_rels = (f'{DECL}<Relationships xmlns="{PKG_REL}">'
                 + "".join(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                           for i in range(1, n + 1))
                 + f'<Relationship Id="rId{n + 1}" Type="{REL}/theme" Target="theme/theme1.xml"/>'
                 f'<Relationship Id="rId{n + 2}" Type="{REL}/styles" Target="styles.xml"/>'
                 f'<Relationship Id="rId{n + 3}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
                 f'<Relationship Id="rId{n + 4}" Type="{REL}/calcChain" Target="calcChain.xml"/></Relationships>')
    calc_chain = (f'{DECL}<calcChain xmlns="{MAIN}"><c r="J2" i="3" l="1"/><c r="J3"/><c r="J4"/><c r="J5"/>'
                  "</calcChain>")
    titles = "".join(f"<vt:lpstr>{escape(name)}</vt:lpstr>" for name, _ in SHEETS)
    app = (f'{DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
           'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
           "<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
           '<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Feuilles de calcul</vt:lpstr>'
           f'</vt:variant><vt:variant><vt:i4>{n}</vt:i4></vt:variant></vt:vector></HeadingPairs>'
           f'<TitlesOfParts><vt:vector size="{n}" baseType="lpstr">{titles}</vt:vector></TitlesOfParts>'
           "<Company></Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
           "<HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0300</AppVersion></Properties>")
    core = (f'{DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            "<dc:creator>Organisatrice</dc:creator><cp:lastModifiedBy>Organisatrice</cp:lastModifiedBy>"
            '<dcterms:created xsi:type="dcterms:W3CDTF">2026-03-10T08:12:03Z</dcterms:created>'
            '<dcterms:modified xsi:type="dcterms:W3CDTF">2026-03-21T17:45:12Z</dcterms:modified></cp:coreProperties>')
    shared = (f'{DECL}<sst xmlns="{MAIN}" count="{strings.count}" uniqueCount="{len(strings.items)}">{sst}</sst>')
    return ([("[Content_Types].xml", content_types), ("_rels/.rels", root_rels),
             ("xl/workbook.xml", workbook_xml()), ("xl/_rels/workbook.xml.rels", book_rels)]
            + [(f"xl/worksheets/sheet{i}.xml", xml) for i, xml in enumerate(sheet_xml, start=1)]
            + [("xl/theme/theme1.xml", theme_xml()), ("xl/styles.xml", styles_xml()),
               ("xl/sharedStrings.xml", shared), ("xl/calcChain.xml", calc_chain),
               ("docProps/core.xml", core), ("docProps/app.xml", app)])


def build() -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, xml in parts():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, xml.encode("utf-8"))
    return buffer.getvalue()


def encrypt(data: bytes, password: str = "secret") -> bytes:
    import io

    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    locked = out.getvalue()
    opened, plain = OOXMLFile(io.BytesIO(locked)), io.BytesIO()
    opened.load_key(password=password)
    opened.decrypt(plain)
    assert plain.getvalue() == data, "the encrypted workbook does not decrypt to the workbook"
    return locked


if __name__ == "__main__":
    OUT.write_bytes(build())
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")
    LOCKED.write_bytes(encrypt(OUT.read_bytes()))
    print(f"wrote {LOCKED} ({LOCKED.stat().st_size} bytes)")
