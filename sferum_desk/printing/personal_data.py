"""A person's data as a PDF statement: the official A4 look, one table per section."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Spacer, Table

from sferum_desk.domain.dates import format_date
from sferum_desk.printing.fonts import SERIF_BOLD
from sferum_desk.printing.official import (
    TABLE_SIZE, TEXT_WIDTH, build_pdf, styles, table_style, text,
)
from sferum_desk.printing.wrapping import TABLE_PADDING, wrapped_paragraph


def personal_data_pdf(data) -> bytes:
    """`data` is services.personal_data.PersonalData."""
    st = styles()
    cell = st["small_left"]
    story = [Paragraph(text(data.organization), st["org"]), Spacer(1, 4 * mm),
             Paragraph("Сведения о персональных данных", st["title"]),
             Paragraph(f"{text(data.full_name)} (запись № {data.person_id}), по состоянию на "
                       f"{format_date(data.made_on)}", st["center"]), Spacer(1, 4 * mm)]
    for section in data.sections:
        story.append(Paragraph(text(section.title), st["subject"]))
        story.append(Spacer(1, 2 * mm))
        story.append(_table(section, cell))
        story.append(Spacer(1, 5 * mm))
    return build_pdf(story, title=f"Сведения о персональных данных — {data.full_name}",
                     author=data.organization)


def _table(section, cell_style) -> Table:
    columns = max([len(section.headers)] + [len(r) for r in section.rows])
    widths = _widths(section, columns, cell_style.fontSize)
    body = [[wrapped_paragraph(str(value or ""), cell_style, width)
             for value, width in zip(row, widths)] for row in section.rows]
    commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP")]
    if section.headers:
        body.insert(0, [wrapped_paragraph(h, cell_style, width, bold=True)
                        for h, width in zip(section.headers, widths)])
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE4EE")))
    else:
        commands.append(("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#F2F4F7")))
    table = Table(body, colWidths=widths, repeatRows=1 if section.headers else 0)
    table.setStyle(table_style(commands, TABLE_SIZE))
    return table


def _widths(section, columns: int, size: float) -> list[float]:
    """Label–value pairs: 38 / 62 %. A table: each column as wide as its text asks (the ФИО
    of a parent on one line where it can be), never narrower than its longest word."""
    if not section.headers:
        return [TEXT_WIDTH * 0.38, TEXT_WIDTH * 0.62][:columns]
    cells = [list(section.headers)] + [list(r) for r in section.rows]
    natural, least = [], []
    for column in range(columns):
        values = [str(row[column] or "") for row in cells if column < len(row)]
        natural.append(max(stringWidth(v, SERIF_BOLD, size) for v in values) + TABLE_PADDING)
        least.append(max(stringWidth(w, SERIF_BOLD, size) for v in values
                         for w in v.split() or [""]) + TABLE_PADDING)
    if sum(natural) <= TEXT_WIDTH:
        return [w * TEXT_WIDTH / sum(natural) for w in natural]
    spare = max(0.0, TEXT_WIDTH - sum(least))
    wanted = [n - m for n, m in zip(natural, least)]
    return [m + spare * w / (sum(wanted) or 1) for m, w in zip(least, wanted)]
