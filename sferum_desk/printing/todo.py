"""The open «Сделать в Сферуме» list on paper: № / что сделать / подробно / отметка."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from sferum_desk.exporters.todo import TodoLine
from sferum_desk.printing.fonts import SERIF
from sferum_desk.printing.official import (
    TABLE_SIZE, TEXT_WIDTH, build_pdf, long_date, styles, text,
)
from sferum_desk.printing.wrapping import wrapped_paragraph


def render_todo_pdf(organization: str, as_of: dt.date, lines: Sequence[TodoLine]) -> bytes:
    st = styles()
    # «Сделано» needs 24 mm at 12 pt bold with the padding: it is never split
    widths = [12 * mm, 42 * mm, TEXT_WIDTH - 12 * mm - 42 * mm - 24 * mm, 24 * mm]
    rows = [[wrapped_paragraph(title, st["small"], width, bold=True)
             for title, width in zip(("№", "Что сделать", "Подробно", "Сделано"), widths)]]
    for line in lines:
        rows.append([str(line.number), wrapped_paragraph(line.kind_title, st["small_left"],
                                                         widths[1]),
                     wrapped_paragraph(line.description, st["small_left"], widths[2]), ""])
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), SERIF, TABLE_SIZE),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f5")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (0, 1), (0, -1), "CENTER"),
    ]))
    story = [Paragraph(text(organization), st["org"]), Spacer(1, 4 * mm),
             Paragraph("Сделать в «Сферуме»", st["title"]),
             Paragraph(f"на {text(long_date(as_of))}", st["center"]), Spacer(1, 5 * mm)]
    if lines:
        story.append(table)
    else:
        story.append(Paragraph("На платформе ничего делать не нужно.", st["plain"]))
    return build_pdf(story, title="Сделать в «Сферуме»", author=organization)
