"""A person's data as a PDF statement: the official A4 look, one table per section."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table

from sferum_desk.domain.dates import format_date
from sferum_desk.printing.official import (
    TABLE_SIZE, TEXT_WIDTH, build_pdf, styles, table_style, text,
)


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
    widths = _widths(columns, bool(section.headers))
    body = [[Paragraph(text(value), cell_style) for value in row] for row in section.rows]
    commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP")]
    if section.headers:
        body.insert(0, [Paragraph(f"<b>{text(h)}</b>", cell_style) for h in section.headers])
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE4EE")))
    else:
        commands.append(("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#F2F4F7")))
    table = Table(body, colWidths=widths, repeatRows=1 if section.headers else 0)
    table.setStyle(table_style(commands, TABLE_SIZE))
    return table


def _widths(columns: int, is_table: bool) -> list[float]:
    if not is_table or columns == 2:
        return [TEXT_WIDTH * 0.38, TEXT_WIDTH * 0.62][:columns]
    first = TEXT_WIDTH * (0.46 if columns > 3 else 0.5)
    rest = (TEXT_WIDTH - first) / (columns - 1)
    return [first] + [rest] * (columns - 1)
