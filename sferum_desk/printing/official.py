"""The look of a Russian official document, shared by every formal PDF we print.

A4 portrait, margins 20 mm left, 10 mm right, 20 mm top and bottom, a Times-compatible
embedded serif at 12–14 pt, «Страница N из M» at the foot of each page, signature lines
«должность ________ И.О. Фамилия». Printers take plain data and return PDF bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Table, TableStyle

from sferum_desk.printing.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT_MARGIN = 20 * mm
RIGHT_MARGIN = 10 * mm
TOP_MARGIN = 20 * mm
BOTTOM_MARGIN = 20 * mm
TEXT_WIDTH = PAGE_WIDTH - LEFT_MARGIN - RIGHT_MARGIN
BODY_SIZE = 14  # orders and letters: 14 pt, as office documents are typed
TABLE_SIZE = 12  # dense tables and footers: 12 pt, the smallest size the style allows
FOOTER_Y = 10 * mm  # the page number sits inside the bottom margin

MONTHS_GENITIVE = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
                   "сентября", "октября", "ноября", "декабря")

ProgressCallback = Callable[[int, int], None]  # (pages done, pages expected)


class Cancelled(Exception):
    """Raised by a progress callback to stop a long render; nothing is written."""


def text(value: object) -> str:
    """Plain text made safe for a Paragraph's mini-markup."""
    return escape(str(value or ""))


def long_date(day: dt.date | None) -> str:
    """«17» октября 2024 г. — the way dates are written in orders."""
    if day is None:
        return "«___» ____________ 20___ г."
    return f"«{day.day:02d}» {MONTHS_GENITIVE[day.month - 1]} {day.year} г."


def short_date(day: dt.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def number_and_date(number: str, day: dt.date | None) -> str:
    """«№ 236-а от 17.10.2024», leaving blanks to fill by hand for what is unknown."""
    parts = [f"№ {number}" if number else "№ ______"]
    parts.append(f"от {short_date(day)}" if day else "от «___» ________ 20___ г.")
    return " ".join(parts)


def signature_name(full_name: str) -> str:
    """«Иванова Анна Петровна» → «А.П. Иванова», the form under a signature."""
    words = full_name.split()
    if len(words) < 2:
        return full_name
    last, *given = words
    initials = "".join(f"{w[0]}." for w in given if w)
    return f"{initials} {last}"


def styles() -> dict[str, ParagraphStyle]:
    """The few paragraph styles every official PDF uses."""
    register_fonts()
    base = ParagraphStyle("body", fontName=SERIF, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.2,
                          alignment=TA_JUSTIFY, firstLineIndent=12.5 * mm)
    return {
        "body": base,
        "plain": ParagraphStyle("plain", parent=base, firstLineIndent=0, alignment=TA_LEFT),
        "right": ParagraphStyle("right", parent=base, firstLineIndent=0, alignment=TA_RIGHT),
        "center": ParagraphStyle("center", parent=base, firstLineIndent=0,
                                 alignment=TA_CENTER),
        "org": ParagraphStyle("org", parent=base, firstLineIndent=0, alignment=TA_CENTER,
                              fontName=SERIF_BOLD, fontSize=13, leading=15.5),
        "title": ParagraphStyle("title", parent=base, firstLineIndent=0, alignment=TA_CENTER,
                                fontName=SERIF_BOLD, fontSize=BODY_SIZE, leading=17,
                                spaceBefore=6, spaceAfter=4),
        "subject": ParagraphStyle("subject", parent=base, firstLineIndent=0,
                                  alignment=TA_LEFT, fontName=SERIF_BOLD),
        "small": ParagraphStyle("small", parent=base, firstLineIndent=0, alignment=TA_CENTER,
                                fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.2),
        "small_left": ParagraphStyle("small_left", parent=base, firstLineIndent=0,
                                     alignment=TA_LEFT, fontSize=TABLE_SIZE,
                                     leading=TABLE_SIZE * 1.2),
        "running": ParagraphStyle("running", parent=base, firstLineIndent=0,
                                  alignment=TA_LEFT, fontName=SERIF_ITALIC,
                                  fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.2),
    }


def table_style(commands: list, size: int = BODY_SIZE) -> TableStyle:
    """A TableStyle whose plain-string cells use our serif: a Table's own default is a
    non-embedded Helvetica, even for an empty cell."""
    return TableStyle([("FONT", (0, 0), (-1, -1), SERIF, size), *commands])


def signature_block(post: str, name: str, width: float = TEXT_WIDTH,
                    size: int = BODY_SIZE) -> Table:
    """«Директор   ____________   А.П. Иванова» on one line, the line long enough to sign."""
    st = styles()
    post_style = ParagraphStyle("sig_post", parent=st["plain"], fontSize=size,
                                leading=size * 1.2)
    name_style = ParagraphStyle("sig_name", parent=st["right"], fontSize=size,
                                leading=size * 1.2)
    table = Table([[Paragraph(text(post), post_style), "",
                    Paragraph(text(signature_name(name)) if name else "", name_style)]],
                  colWidths=[width * 0.42, width * 0.28, width * 0.30], rowHeights=[12 * mm])
    table.setStyle(table_style([
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LINEBELOW", (1, 0), (1, 0), 0.6, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (1, 0), (1, 0), 4 * mm),
        ("LEFTPADDING", (1, 0), (1, 0), 4 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]))
    return table


def numbered_canvas(footer: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A canvas class that keeps its pages until the end so each footer can say «из M»."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                footer(self, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def page_number_footer(canvas: Canvas, number: int, total: int) -> None:
    canvas.saveState()
    canvas.setFont(SERIF, TABLE_SIZE)
    canvas.drawCentredString(LEFT_MARGIN + TEXT_WIDTH / 2, FOOTER_Y,
                             f"Страница {number} из {total}")
    canvas.restoreState()


def build_pdf(story: Sequence, *, title: str, author: str = "",
              on_later_pages: Callable[[Canvas, BaseDocTemplate], None] | None = None,
              later_top: float = 0.0, numbered: bool = True,
              progress: ProgressCallback | None = None, expected_pages: int = 1) -> bytes:
    """Lay out a story on A4 with the official margins; return the PDF's bytes.

    `later_top` reserves room under the top margin of pages 2… for a running header
    drawn by `on_later_pages`. `progress(page, expected_pages)` is called after each page
    and may raise Cancelled.
    """
    font = register_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=A4, leftMargin=LEFT_MARGIN,
                          rightMargin=RIGHT_MARGIN, topMargin=TOP_MARGIN,
                          bottomMargin=BOTTOM_MARGIN, title=title, author=author,
                          creator="Sferum Desk", initialFontName=font)
    height = PAGE_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN
    first = Frame(LEFT_MARGIN, BOTTOM_MARGIN, TEXT_WIDTH, height, id="first",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    later = Frame(LEFT_MARGIN, BOTTOM_MARGIN, TEXT_WIDTH, height - later_top, id="later",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def after_page(canvas: Canvas, document: BaseDocTemplate) -> None:
        if progress is not None:
            progress(document.page, max(expected_pages, document.page))

    def later_page(canvas: Canvas, document: BaseDocTemplate) -> None:
        if on_later_pages is not None:
            on_later_pages(canvas, document)

    doc.addPageTemplates([
        PageTemplate(id="First", frames=[first], onPageEnd=after_page, autoNextPageTemplate=1),
        PageTemplate(id="Later", frames=[later], onPage=later_page, onPageEnd=after_page),
    ])
    canvasmaker = numbered_canvas(page_number_footer) if numbered else Canvas
    doc.build(list(story), canvasmaker=canvasmaker)
    return buffer.getvalue()
