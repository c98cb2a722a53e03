"""StringTable draws a Table's plain-string cells in one text object: every glyph where the
platypus Table puts it, in the same font, size and colour (#17, the act of destruction)."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from reportlab.lib import colors
from reportlab.platypus import SimpleDocTemplate, Table

from sferum_desk.printing.fonts import SERIF, SERIF_BOLD, register_fonts
from sferum_desk.printing.official import table_style
from sferum_desk.printing.string_table import StringTable

ROWS = [["№", "Фамилия, имя,\nотчество", "Дата", "Данные"],
        ["1", "Иванова Анна\nПетровна", "01.10.2025", "фамилия; телефон"],
        ["2", "Ким Ольга", "", "фамилия, имя,\nотчество; дата\nрождения"],
        ["10", "", "02.10.2025", "—"]]


def _chars(table_class, valign: str) -> list[tuple]:
    register_fonts()
    table = table_class(ROWS, colWidths=[30, 140, 70, 150], repeatRows=1)
    table.setStyle(table_style([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                ("VALIGN", (0, 0), (-1, -1), valign),
                                ("LEADING", (0, 0), (-1, -1), 10.8),
                                ("FONT", (0, 0), (-1, 0), SERIF_BOLD, 9, 10.8),
                                ("ALIGN", (0, 0), (-1, 0), "CENTER"),
                                ("ALIGN", (0, 1), (0, -1), "CENTER"),
                                ("TEXTCOLOR", (2, 1), (2, -1), colors.HexColor("#333399")),
                                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE"))],
                               9))
    out = io.BytesIO()
    SimpleDocTemplate(out, initialFontName=SERIF).build([table])
    with pdfplumber.open(io.BytesIO(out.getvalue())) as pdf:
        page = pdf.pages[0]
        return [(c["text"], round(c["x0"], 2), round(c["top"], 2), c["fontname"].split("+")[-1],
                 round(c["size"], 2), c["non_stroking_color"]) for c in page.chars], \
            [(round(r["x0"], 2), round(r["top"], 2), r["non_stroking_color"])
             for r in page.rects]


@pytest.mark.parametrize("valign", ["TOP", "MIDDLE", "BOTTOM"])
def test_every_glyph_lands_where_the_table_puts_it(valign):
    ours, table = _chars(StringTable, valign), _chars(Table, valign)
    assert len(ours[0]) == len("".join("".join(r) for r in ROWS).replace("\n", ""))
    assert ours == table


def _content(rows: list[list[str]], documents: int = 1) -> list[bytes]:
    """Each document's page contents for a StringTable of `rows`."""
    from pypdf import PdfReader

    register_fonts()
    result = []
    for _ in range(documents):
        out = io.BytesIO()
        table = StringTable(rows, colWidths=[30, 140, 70, 150], repeatRows=1)
        table.setStyle(table_style([("FONT", (0, 0), (-1, 0), SERIF_BOLD, 9, 10.8)], 9))
        SimpleDocTemplate(out, initialFontName=SERIF, invariant=1).build([table])
        result += [page.get_contents().get_data() for page in PdfReader(out).pages]
    return result


def test_lines_encoded_once_per_document_write_what_textout_writes(monkeypatch):
    rows = ROWS + [[str(n), "Иванова Анна\nПетровна", "01.10.2025", "фамилия; телефон"]
                   for n in range(11, 120)] + [["120", "Ёжиков Ъ Ыы ©", "—", "ǅ ⅓ ẞ"]]
    cached = _content(rows, documents=2)
    assert cached[:len(cached) // 2] == cached[len(cached) // 2:]  # no state kept between

    def plain(self, line, cellstyle):
        self._text.textOut(line)
    monkeypatch.setattr(StringTable, "_text_out", plain)
    assert _content(rows) == cached[:len(cached) // 2]
