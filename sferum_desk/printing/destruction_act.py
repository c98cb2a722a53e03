"""The act of destruction of personal data as a PDF, in the official A4 look.

Its content follows Роскомнадзор's order of 28.10.2022 № 179 (items а–к of the act's
requirements): the operator and its address, whose data was destroyed, which data, the
information system it was destroyed in, how, why and when, who destroyed it, with the
signature lines of the commission; and, because the processing is automated, the extract of
the event log that must go with the act. `data` is services.destruction.ActData.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table

from sferum_desk.printing.fonts import SERIF, SERIF_BOLD
from sferum_desk.printing.official import (
    TABLE_SIZE, TEXT_WIDTH, build_pdf, long_date, short_date, signature_block, signature_name,
    styles, table_style, text,
)
from sferum_desk.printing.string_table import StringTable
from sferum_desk.printing.wrapping import fits, wrap_text

COMMISSION_MEMBERS = 2  # lines for the members under the chairman's, filled in by hand


def destruction_act_pdf(data) -> bytes:
    st = styles()
    story = [Paragraph(text(data.organization), st["org"])]
    if data.address:
        story.append(Paragraph(text(data.address), st["small"]))
    story += [Spacer(1, 4 * mm), _approval(data, st), Spacer(1, 6 * mm),
              Paragraph(f"АКТ № {text(data.number)}", st["title"]),
              Paragraph("об уничтожении персональных данных", st["title"]),
              Paragraph(long_date(data.made_on), st["right"]), Spacer(1, 4 * mm)]
    story += [Paragraph(paragraph, st["body"]) for paragraph in _statements(data)]
    story += [Spacer(1, 4 * mm), _people_table(data, st), Spacer(1, 6 * mm)]
    story += _signatures(data, st)
    story += _log_extract(data, st)
    return build_pdf(story, title=f"Акт № {data.number} об уничтожении персональных данных",
                     author=data.organization)


def _approval(data, st) -> Table:
    """«УТВЕРЖДАЮ / Директор / ______ А.П. Иванова / «__» ____ 20__ г.» at the right."""
    lines = ["УТВЕРЖДАЮ", text(data.head_title),
             "____________ " + text(signature_name(data.head_name) if data.head_name else
                                    "________________"),
             long_date(None)]
    block = [Paragraph(line, st["plain"]) for line in lines]
    table = Table([["", block]], colWidths=[TEXT_WIDTH * 0.5, TEXT_WIDTH * 0.5])
    table.setStyle(table_style([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _statements(data) -> list[str]:
    """The act's items in order № 179's order, one paragraph each."""
    count = len(data.people)
    operator = text(data.operator_name) or "____________________"
    items = [
        f"Оператор персональных данных: {text(data.organization)}"
        + (f", адрес: {text(data.address)}." if data.address else "."),
        "Обработка персональных данных другому лицу по поручению оператора не поручалась.",
        "Комиссия, назначенная руководителем организации, составила настоящий акт о том, что "
        f"{short_date(data.made_on)} в {data.made_at:%H:%M} уничтожены персональные данные "
        f"{count} субъектов персональных данных, перечисленных в таблице ниже, с указанием "
        "уничтоженных категорий данных каждого.",
        f"Информационная система персональных данных: {text(data.system)}.",
        f"Причина уничтожения: {text(data.reason)}.",
        f"Способ уничтожения: {text(data.method)}.",
        f"Персональные данные уничтожил: {text(data.operator_post)} {operator}.",
        "Материальные носители персональных данных (бумажные документы) настоящим актом не "
        "уничтожались.",
    ]
    if data.older_backups:
        items.append(f"Ранее сделанные резервные копии базы данных ({data.older_backups} шт.) "
                     "при уничтожении перезаписаны без этих данных.")
    return items


PEOPLE_HEADER = ("№", "Фамилия, имя, отчество", "Категория субъекта", "Дата выбытия",
                 "Уничтоженные персональные данные")
PEOPLE_WIDTHS = (0.06, 0.26, 0.19, 0.13, 0.36)
CELL_PADDING = 12  # reportlab Table's default padding, 6 points left and 6 right
CENTRED = (0, 3)  # the number and the date


def _people_table(data, st) -> Flowable:
    """Plain strings broken into lines by our wrapping rules, not a Paragraph per cell:
    a large school's leavers are 2,800 rows, 14,000 Paragraphs to parse and wrap (#17)."""
    widths = [TEXT_WIDTH * w for w in PEOPLE_WIDTHS]

    broken: dict[tuple[str, int, str], str] = {}  # roles, dates, categories repeat a lot

    def cell(value: str, column: int, font: str = SERIF) -> str:
        key = (value, column, font)
        if key not in broken:
            inner = widths[column] - CELL_PADDING
            broken[key] = value if fits(value, font, TABLE_SIZE, inner) else "\n".join(
                wrap_text(value, font, TABLE_SIZE, inner))
        return broken[key]

    header = [cell(t, i, SERIF_BOLD) for i, t in enumerate(PEOPLE_HEADER)]
    rows = [[cell(str(n), 0), cell(p.full_name, 1), cell(p.role, 2),
             cell(short_date(p.left_on), 3), cell("; ".join(p.data), 4)]
            for n, p in enumerate(data.people, start=1)]
    return _PagedTable(header, rows, widths)


LEADING = TABLE_SIZE * 1.2
ROW_PADDING = 6  # reportlab Table's default padding, 3 points above and 3 below


def _row_height(cells: list[str]) -> float:
    """What a platypus Table makes of a row of plain strings: its lines plus the padding."""
    return max(value.count("\n") + 1 for value in cells) * LEADING + ROW_PADDING


def _page_table(header: list[str], rows: list[list[str]], widths: list[float]) -> Table:
    table = StringTable([header, *rows], colWidths=widths, repeatRows=1)
    table.setStyle(table_style([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("LEADING", (0, 0), (-1, -1), LEADING),
                                ("FONT", (0, 0), (-1, 0), SERIF_BOLD, TABLE_SIZE, LEADING),
                                ("ALIGN", (0, 0), (-1, 0), "CENTER"),
                                *(("ALIGN", (c, 1), (c, -1), "CENTER") for c in CENTRED),
                                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE"))],
                               TABLE_SIZE))
    return table


class _PagedTable(Flowable):
    """The people's table as platypus would split it, a page at a time: a Table of the rows
    that fit, under the header, and the rest. platypus's own split recomputes every left
    row's height and style on each page, quadratic in the rows (2,800 leavers: most of the
    act's time, #17); here the heights are counted once, from the lines of each row."""

    def __init__(self, header: list[str], rows: list[list[str]], widths: list[float],
                 heights: list[float] | None = None):
        super().__init__()
        self.header, self.rows, self.widths = header, rows, widths
        self.heights = heights if heights is not None else [_row_height(r) for r in rows]
        self.header_height = _row_height(header)
        self._total = self.header_height + sum(self.heights)
        self._table: Table | None = None

    def wrap(self, available_width, available_height):
        return sum(self.widths), self._total

    def split(self, available_width, available_height):
        room, fitting = available_height - self.header_height, 0
        for height in self.heights:  # as Table._getFirstPossibleSplitRowPosition counts
            if height > room:
                break
            room -= height
            fitting += 1
        if not fitting:
            return []
        if fitting == len(self.rows):
            return [_page_table(self.header, self.rows, self.widths)]
        return [_page_table(self.header, self.rows[:fitting], self.widths),
                _PagedTable(self.header, self.rows[fitting:], self.widths,
                            self.heights[fitting:])]

    def draw(self):
        table = _page_table(self.header, self.rows, self.widths)
        table.wrapOn(self.canv, sum(self.widths), self._total)
        table.drawOn(self.canv, 0, 0)


def _signatures(data, st) -> list:
    """The one who destroyed the data signs, then the commission: the chairman and members
    write their post and name by hand when the head's order names them."""
    blocks = [Paragraph("Персональные данные уничтожил:", st["plain"]),
              signature_block(data.operator_post, data.operator_name),
              Spacer(1, 4 * mm), Paragraph("Председатель комиссии:", st["plain"]),
              signature_block("", ""), Paragraph("Члены комиссии:", st["plain"])]
    blocks += [signature_block("", "") for _ in range(COMMISSION_MEMBERS)]
    return [CondPageBreak(85 * mm), *blocks]  # the signatures stay on one page


def _log_extract(data, st) -> list:
    """Order № 179, item 4: with automated processing the act goes with an extract of the
    event log; here it is the erasure's own event."""
    cell = st["small_left"]
    roles: dict[str, int] = {}
    for person in data.people:
        roles[person.role] = roles.get(person.role, 0) + 1
    by_role = ", ".join(f"{role} — {n}" for role, n in roles.items())
    rows = [["Дата и время", f"{data.made_at:%d.%m.%Y %H:%M:%S}"],
            ["Событие", "уничтожение персональных данных выбывших (стирание навсегда)"],
            ["Информационная система", data.system],
            ["Субъекты", f"{len(data.people)} чел. ({by_role}); фамилии, имена и отчества — "
                         "в таблице акта"],
            ["Причина", data.reason],
            ["Акт", f"№ {data.number} от {short_date(data.made_on)}"]]
    table = Table([[Paragraph(text(a), cell), Paragraph(text(b), cell)] for a, b in rows],
                  colWidths=[TEXT_WIDTH * 0.3, TEXT_WIDTH * 0.7])
    table.setStyle(table_style([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                ("VALIGN", (0, 0), (-1, -1), "TOP")], TABLE_SIZE))
    return [Spacer(1, 8 * mm), CondPageBreak(70 * mm),
            Paragraph("Выгрузка из журнала регистрации событий", st["subject"]),
            Spacer(1, 2 * mm), table]
