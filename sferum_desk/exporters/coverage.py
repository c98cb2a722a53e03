"""The coverage workbook: the figures per unit, the growth by week, and who is missing.

Each sheet looks made by hand: title lines above, a bold bordered header, widths that fit,
the header frozen and an autofilter on it. Only the counted audiences get columns and
sheets. Exporters take plain data and return bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from sferum_desk.exporters.cells import Look, put, put_rows

from sferum_desk.domain.coverage import (
    AUDIENCE_TITLES, PARENTS, STAFF, STUDENTS, CoverageReport, MissingPerson, Ratio,
    UnitCoverage,
)
from sferum_desk.domain.dates import format_date
from sferum_desk.domain.phones import display_phone
from sferum_desk.exporters.sheets import (
    CELL, CENTER, DATE_FORMAT, TOP_WRAP, finish, header, title_rows, to_bytes,
)

PERCENT_FORMAT = "0%"
_TOTAL_FILL = PatternFill("solid", start_color="EEF1F5")
_BOLD = Font(bold=True)
MISSING_SHEETS = {STAFF: "Нет в Сферуме — сотрудники", STUDENTS: "Нет в Сферуме — обучающиеся",
                  PARENTS: "Нет в Сферуме — родители"}


def _header(ws: Worksheet, row: int, titles: Sequence[str]) -> None:
    header(ws, row, titles)
    ws.row_dimensions[row].height = 32


@lru_cache(maxsize=64)
def _look(fmt: str | None, bold: bool, centred: bool, wrap: bool = False) -> Look:
    look = CELL.but(number_format=fmt or None)
    if bold:
        look = look.but(font=_BOLD, fill=_TOTAL_FILL)
    if wrap:
        return look.but(alignment=TOP_WRAP)
    return look.but(alignment=CENTER) if centred else look


def _put(ws: Worksheet, row: int, values: Sequence, formats: Sequence[str | None] = (),
         bold: bool = False, wrap: int = 0) -> None:
    for col, value in enumerate(values, start=1):
        fmt = formats[col - 1] if col - 1 < len(formats) else None
        put(ws, row, col, value, _look(fmt, bold, col > 1 and not isinstance(value, str),
                                       col == wrap))


# ---- the figures per unit -------------------------------------------------------------
def _ratio_columns(report: CoverageReport) -> list[tuple[str, Callable[[UnitCoverage],
                                                                      Ratio | None]]]:
    cols = []
    if report.counts(STAFF):
        cols.append(("Сотрудники", lambda u: u.staff))
    if report.counts(STUDENTS):
        cols.append((report.students_word, lambda u: u.students))
    if report.counts(PARENTS):
        cols.append(("Родители (все)", lambda u: u.parents))
        cols.append(("Семьи: хотя бы один родитель", lambda u: u.families))
    return cols


def _figures_sheet(ws: Worksheet, report: CoverageReport) -> None:
    """Two header rows: each audience over its «всего / присоединились / доля» columns."""
    ratio_cols = _ratio_columns(report)
    width = 1 + 3 * len(ratio_cols) + 3
    counted = ", ".join(_audience_title(report, a).lower() for a in report.audiences)
    group_row = title_rows(ws, [report.organization,
                                (f"Охват платформой «Сферум» на {format_date(report.as_of)} "
                                 f"({report.academic_year} учебный год)"),
                                f"Учитываются: {counted}"], width)
    header_row = group_row + 1
    groups = [report.unit_word] + [name for name, _ in ratio_cols for _ in range(3)] + \
        ["Карточки напечатаны", "Карточки выданы", "Ждут подписи"]
    _header(ws, group_row, groups)
    _header(ws, header_row, [""] + ["всего", "присоединились", "доля"] * len(ratio_cols)
            + ["", "", ""])
    for col in (1, width - 2, width - 1, width):  # single-title columns span both header rows
        ws.merge_cells(start_row=group_row, start_column=col, end_row=header_row,
                       end_column=col)
    for index in range(len(ratio_cols)):
        first = 2 + 3 * index
        ws.merge_cells(start_row=group_row, start_column=first, end_row=group_row,
                       end_column=first + 2)
    ws.row_dimensions[header_row].height = 18
    formats = [None] + [f for _ in ratio_cols for f in ("0", "0", PERCENT_FORMAT)] + \
        ["0", "0", "0"]
    row = header_row
    for line in [*report.units, report.total]:
        row += 1
        values: list = [line.name]
        for _name, pick in ratio_cols:
            ratio = pick(line)
            values += ([ratio.total, ratio.joined, ratio.percent / 100 if ratio.total else None]
                       if ratio is not None else [None, None, None])
        values += [line.slips_printed, line.slips_handed, line.acks_pending]
        _put(ws, row, values, formats, bold=line is report.total)
    widths = [22] + [9, 15, 9] * len(ratio_cols) + [12, 12, 12]
    finish(ws, header_row, row, widths)


def _audience_title(report: CoverageReport, audience: str) -> str:
    return report.students_word if audience == STUDENTS else AUDIENCE_TITLES[audience]


def _growth_sheet(ws: Worksheet, report: CoverageReport) -> None:
    titles = ["Неделя с", "Присоединились за неделю"]
    picks = []
    for audience in report.audiences:
        titles.append(f"{_audience_title(report, audience)}, нарастающим итогом")
        picks.append(audience)
    titles.append("Всего, нарастающим итогом")
    header_row = title_rows(ws, [report.organization, "Рост числа присоединившихся по неделям"],
                            len(titles))
    _header(ws, header_row, titles)
    row = header_row
    for point in report.growth:
        row += 1
        values = [point.week_start, point.added]
        values += [getattr(point, audience) for audience in picks]
        values.append(point.total)
        _put(ws, row, values, [DATE_FORMAT] + ["0"] * (len(values) - 1))
    finish(ws, header_row, row, [14, 16] + [20] * len(picks) + [18])


def _missing_sheet(ws: Worksheet, report: CoverageReport, audience: str,
                   rows: Sequence[MissingPerson]) -> None:
    detail = {STAFF: "Должность", STUDENTS: "Примечание", PARENTS: "Дети"}[audience]
    titles = [report.unit_word, "ФИО", detail, "Телефон", "Карточка выдана"]
    header_row = title_rows(ws, [report.organization,
                                 (f"Не присоединились к «Сферуму»: "
                                  f"{_audience_title(report, audience).lower()} "
                                  f"(на {format_date(report.as_of)})")], len(titles))
    _header(ws, header_row, titles)
    # Thousands of rows: put at once, each column in the look _put gives a text (#17).
    put_rows(ws, header_row + 1,
             [[person.unit, person.full_name, person.detail,
               display_phone(person.phone) if person.phone else "",
               "да" if person.slip_handed else "нет"] for person in rows],
             [_look(None, False, False, col == 3) for col in range(1, len(titles) + 1)])
    finish(ws, header_row, header_row + len(rows), [18, 38, 44, 20, 12])


def coverage_workbook(report: CoverageReport) -> bytes:
    workbook = Workbook()
    figures = workbook.active
    figures.title = "Охват"
    _figures_sheet(figures, report)
    _growth_sheet(workbook.create_sheet("По неделям"), report)
    for audience in report.audiences:
        rows = [m for m in report.missing if m.audience == audience]
        _missing_sheet(workbook.create_sheet(MISSING_SHEETS[audience]), report, audience, rows)
    return to_bytes(workbook)
