"""cells.put_rows: a table body recorded as sheet XML and spliced in by the one save reads
back exactly as the same values put cell by cell with cells.put: values, types, looks, the
formula guard, control characters, the cell limit, XML-special text, row order and sizes."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from sferum_desk.exporters.cells import MAX_CELL_TEXT, Look, put, put_rows
from sferum_desk.exporters.sheets import to_bytes

THIN = Side(style="thin", color="7F7F7F")
BODY = Look(font=Font(name="Times New Roman", size=11),
            border=Border(left=THIN, right=THIN, top=THIN, bottom=THIN),
            alignment=Alignment(vertical="top", wrap_text=True))
NUMBER = BODY.but(alignment=Alignment(horizontal="center", vertical="top"))
DATE = NUMBER.but(number_format="DD.MM.YYYY")
SHADED = BODY.but(font=Font(bold=True, size=14), fill=PatternFill("solid", start_color="DDE4EE"),
                  number_format="0.00")
LOOKS = [NUMBER, BODY, DATE, SHADED, BODY]
BLANK_LOOKS = [NUMBER, BODY, BODY, SHADED, BODY]
EVIL = ['=HYPERLINK("http://x","click")', "+7 916 123-45-67", "-1", "@x", "\t=1+1", "\r=1+1"]
SPECIAL = ["A & B", "<b>x</b>", 'say "hi"', "it's", "a&amp;b", "]]>", "  spaced  ", "   "]
ROWS = [
    [1, "Орлов Пётр", dt.date(2015, 2, 1), 3.25, "5А"],
    [2, "Ёлкина Ия", dt.datetime(2009, 3, 2, 10, 30), True, None],
    [3, None, None, None, ""],
    [4, "a\x01b\x1fc\x0b", dt.date(1900, 3, 1), 10**12, "x" * (MAX_CELL_TEXT + 10)],
    [5, "a date in a look with no date format", dt.time(8, 30), 0, dt.date(2020, 1, 2)],
    *([10 + n, text, None, -2.5, "да"] for n, text in enumerate(EVIL + SPECIAL)),
]


def _book(bulk: bool, rows=ROWS) -> Workbook:
    """A title, a header, the body (at once or cell by cell) and a line below it."""
    book = Workbook()
    ws = book.active
    put(ws, 1, 1, "Список", Look(font=Font(bold=True, size=13)))
    for col, title in enumerate(["№", "ФИО", "Дата", "Сумма", "Класс"], start=1):
        put(ws, 2, col, title, Look(font=Font(bold=True), border=BODY.border))
    if bulk:
        put_rows(ws, 3, rows, LOOKS, BLANK_LOOKS)
    else:
        for row, values in enumerate(rows, start=3):
            for col, value in enumerate(values):
                look = BLANK_LOOKS[col] if value is None else LOOKS[col]
                put(ws, row, col + 1, value, look)
    put(ws, len(rows) + 4, 2, "Итого", BODY)
    ws.row_dimensions[4].height = 30
    ws.merge_cells("A1:E1")
    ws.freeze_panes = "A3"
    ws.column_dimensions["B"].width = 40
    return book


def _read(book: Workbook):
    return load_workbook(io.BytesIO(to_bytes(book))).active


def _described(cell) -> tuple:
    return (cell.value, cell.data_type, cell.number_format, cell.quotePrefix,
            repr(cell.font), repr(cell.fill), repr(cell.border), repr(cell.alignment))


def test_body_reads_back_as_the_same_cells_put_one_by_one():
    bulk, single = _read(_book(True)), _read(_book(False))
    assert bulk.dimensions == single.dimensions == f"A1:E{len(ROWS) + 4}"
    cells = list(zip(bulk.iter_rows(), single.iter_rows(), strict=True))
    assert len(cells) == len(ROWS) + 4
    for ours, theirs in cells:
        for a, b in zip(ours, theirs, strict=True):
            assert _described(a) == _described(b), a.coordinate
    assert bulk.row_dimensions[4].height == 30
    assert bulk.freeze_panes == "A3" and bulk.column_dimensions["B"].width == 40
    assert [str(r) for r in bulk.merged_cells.ranges] == ["A1:E1"]


def _sheet_xml(book: Workbook) -> str:
    with zipfile.ZipFile(io.BytesIO(to_bytes(book))) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    return re.sub(r' s="\d+"', "", xml.replace(" />", "/>"))  # ids: in registration order


def test_sheet_xml_is_what_openpyxl_writes_for_the_same_cells():
    bulk = _sheet_xml(_book(True))
    assert bulk == _sheet_xml(_book(False))
    assert '<t xml:space="preserve">  spaced  </t>' in bulk
    assert "<t>A &amp; B</t>" in bulk and "<t>&lt;b&gt;x&lt;/b&gt;</t>" in bulk


def test_values_keep_their_types_and_looks():
    ws = _read(_book(True))
    assert [c.value for c in ws[3]] == [1, "Орлов Пётр", dt.datetime(2015, 2, 1), 3.25, "5А"]
    assert ws["A3"].data_type == "n" and ws["D3"].data_type == "n"
    assert ws["C3"].is_date and ws["C3"].number_format == "DD.MM.YYYY"
    assert ws["C4"].value == dt.datetime(2009, 3, 2, 10, 30) and ws["D4"].value is True
    assert ws["A6"].value == 4 and ws["D6"].value == 10**12
    body = ws["B3"]
    assert body.font.name == "Times New Roman" and body.font.sz == 11 and not body.font.b
    assert body.border.left.style == "thin" and body.border.bottom.color.rgb == "007F7F7F"
    assert body.alignment.vertical == "top" and body.alignment.wrap_text
    assert ws["A3"].alignment.horizontal == "center"
    shaded = ws["D3"]
    assert shaded.font.b and shaded.font.sz == 14 and shaded.number_format == "0.00"
    assert shaded.fill.fill_type == "solid" and shaded.fill.fgColor.rgb == "00DDE4EE"


def test_empty_cells_take_the_blank_look():
    ws = _read(_book(True))
    assert [c.value for c in ws[5]] == [3, None, None, None, None]
    assert ws["C5"].number_format == "General" and ws["C5"].border.left.style == "thin"
    assert ws["D5"].font.b  # the blank look of that column
    assert ws["E5"].border.top.style == "thin"  # "" is an empty text in the body's look


def test_formula_like_text_is_text_with_the_quote_prefix():
    ws = _read(_book(True))
    by_text = {ws.cell(row=r, column=2).value: ws.cell(row=r, column=2)
               for r in range(3, len(ROWS) + 3)}
    for text in EVIL:
        cell = by_text[text.replace("\r", "\n")]  # XML reads a bare CR as a line feed
        assert cell.data_type == "s" and cell.quotePrefix, text
    assert not by_text["Орлов Пётр"].quotePrefix
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_control_characters_are_stripped_and_text_capped():
    ws = _read(_book(True))
    assert ws["B6"].value == "abc"
    assert ws["E7"].value == dt.datetime(2020, 1, 2) and ws["E7"].number_format == "yyyy-mm-dd"
    assert ws["C7"].value == dt.time(8, 30) and ws["C7"].is_date
    assert ws["E6"].value == "x" * MAX_CELL_TEXT


def test_xml_special_text_round_trips():
    ws = _read(_book(True))
    first = 3 + len(ROWS) - len(SPECIAL)  # the special texts are the body's last rows
    texts = [ws.cell(row=r, column=2).value for r in range(first, len(ROWS) + 3)]
    assert texts == SPECIAL


def test_rows_after_the_body_stay_in_order_and_the_dimension_covers_all():
    ws = _read(_book(True))
    assert ws.cell(row=len(ROWS) + 4, column=2).value == "Итого"
    assert [c.value for c in ws["A"]][:4] == ["Список", "№", 1, 2]


def test_a_row_put_both_ways_is_refused():
    book = _book(True)
    put(book.active, 4, 1, "again")
    with pytest.raises(ValueError, match="row 4"):
        to_bytes(book)
    book = _book(True)
    put_rows(book.active, 5, [[1]], LOOKS)
    with pytest.raises(ValueError, match="put twice"):
        to_bytes(book)


def test_an_empty_cell_left_by_ws_cell_is_no_conflict():
    book = _book(True)
    book.active.cell(row=3, column=1)  # as `ws.freeze_panes = ws.cell(...)` leaves behind
    assert _read(book)["A3"].value == 1


def test_an_empty_body_and_other_sheets():
    book = _book(True, rows=[])
    other = book.create_sheet("Второй")
    put(other, 1, 1, "=1+1")
    put_rows(other, 2, [["=2", 5]], [BODY, NUMBER])
    data = to_bytes(book)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # the used range Excel is told of
        assert '<dimension ref="A1:B2"' in archive.read("xl/worksheets/sheet2.xml").decode()
    read = load_workbook(io.BytesIO(data))
    assert read.active.dimensions == "A1:E4"
    assert [[c.value for c in row] for row in read["Второй"].iter_rows()] == [
        ["=1+1", None], ["=2", 5]]
    assert read["Второй"]["A2"].quotePrefix and read["Второй"]["A2"].data_type == "s"


def test_each_look_is_one_style_whatever_the_rows():
    few, many = _book(True, rows=ROWS[:2]), _book(True, rows=ROWS[:2] * 500)
    to_bytes(few), to_bytes(many)
    assert len(many._cell_styles) == len(few._cell_styles)
