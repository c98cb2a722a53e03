"""Messy roster files made in code: xlsx (openpyxl), xls (xlwt), ods (odfpy), csv, and
broken ones. Each builder takes {sheet name: rows} and returns the file's bytes."""

from __future__ import annotations

import datetime as dt
import io

Rows = list[list[object]]


def xlsx(sheets: dict[str, Rows], merges: dict[str, list[str]] | None = None,
         hidden: tuple[str, ...] = ()) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cell_range in (merges or {}).get(name, []):
            sheet.merge_cells(cell_range)
        if name in hidden:
            sheet.sheet_state = "hidden"
    if not sheets:
        book.create_sheet("Лист1")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xls(sheets: dict[str, Rows]) -> bytes:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="DD.MM.YYYY")
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    sheet.write(r, c, value, date_style)
                else:
                    sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ods(sheets: dict[str, Rows], hidden: tuple[int, ...] = (),
        struck: tuple[int, ...] = ()) -> bytes:
    """`hidden` rows (1-based) collapsed, `struck` rows' values but the first struck through
    (as LibreOffice writes them)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TextProperties
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    strike = Style(name="ce1", family="table-cell")
    strike.addElement(TextProperties(textlinethroughstyle="solid"))
    doc.automaticstyles.addElement(strike)
    for name, rows in sheets.items():
        table = Table(name=name)
        for number, row in enumerate(rows, start=1):
            tr = TableRow(visibility="collapse") if number in hidden else TableRow()
            for column, value in enumerate(row):
                style = {"stylename": strike} if number in struck and column else {}
                if value is None:
                    tr.addElement(TableCell())
                elif isinstance(value, dt.date):
                    cell = TableCell(valuetype="date", datevalue=value.isoformat())
                    cell.addElement(P(text=value.strftime("%d.%m.%Y")))
                    tr.addElement(cell)
                elif isinstance(value, (int, float)):
                    cell = TableCell(valuetype="float", value=value, **style)
                    cell.addElement(P(text=str(value)))
                    tr.addElement(cell)
                else:
                    cell = TableCell(valuetype="string", **style)
                    cell.addElement(P(text=str(value)))
                    tr.addElement(cell)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Rows, encoding: str = "utf-8", delimiter: str = ";", bom: bool = False
              ) -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def encrypted_xlsx(sheets: dict[str, Rows], password: str = "secret") -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = io.BytesIO(xlsx(sheets))
    out = io.BytesIO()
    OOXMLFile(plain).encrypt(password, out)
    return out.getvalue()


# ---- typical lists -------------------------------------------------------------------------
def messy_class_list() -> dict[str, Rows]:
    """A title above, a two-row header with merged «Мать»/«Отец», №, blank and total rows."""
    return {"Лист1": [
        ["Список обучающихся 5А класса МБОУ СОШ № 1 на 01.09.2026"],
        [],
        ["№ п/п", "Ф.И.О. ребёнка", "Дата рождения", "Класс", "Мать", None, "Отец", None,
         "Примечание"],
        [None, None, None, None, "ФИО", "Телефон", "ФИО", "Телефон"],
        [1, "Иванов Иван Петрович", dt.date(2015, 3, 4), "5 а", "Иванова Мария Ивановна",
         89161234567, "Иванов Пётр Сергеевич", "+7 (916) 765-43-21"],
        [2, "  СЕМЁНОВА  анна ", "4.3.2015", "5А", "Семёнова Ольга", "8-903-111-22-33",
         None, None, "новенькая"],
        [],
        [3, "Петров Пётр", "12.11.15", "5А", None, None, "Петров Олег", "8 (926) 000-11-22"],
        ["Итого: 3 человека"],
    ]}


CLASS_LIST_MERGES = {"Лист1": ["A1:I1", "E3:F3", "G3:H3"]}
