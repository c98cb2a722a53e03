"""Rosters to Excel: pupils with their guardians, staff, and the import template.

Sheets a secretary can print as they are: a title line, a bold bordered header repeated on
every printed page, columns wide enough for their content, the header frozen, an autofilter,
landscape A4 fitted to the width. The columns read back through the import unchanged.
Writers take plain rows and return the workbook's bytes; the service puts them on disk with
the one file-writing helper (services/output_files.write_atomically).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from sferum_desk.domain.dates import format_date
from sferum_desk.domain.enums import PlatformRole, Relation
from sferum_desk.domain.kinds import Vocabulary, unit_phrases
from sferum_desk.domain.phones import display_phone
from sferum_desk.exporters.cells import Look, a4, put, put_rows, style
from sferum_desk.exporters.sheets import DATE_FORMAT, HEADER_FILL, to_bytes

_THIN = Side(style="thin", color="7F7F7F")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FONT = Font(name="Times New Roman", bold=True, size=11)
_BODY_FONT = Font(name="Times New Roman", size=11)
_TITLE_FONT = Font(name="Times New Roman", bold=True, size=13)
_WRAP_TOP = Alignment(vertical="top", wrap_text=True)
_CENTER_TOP = Alignment(horizontal="center", vertical="top")
HEADER_ROW = 3  # title line, its subtitle, then the header
_TITLE = Look(font=_TITLE_FONT)
_SUBTITLE = Look(font=Font(name="Times New Roman", italic=True, size=10))
_HEADER = Look(font=_HEADER_FONT, fill=HEADER_FILL, border=_BORDER,
               alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
_BODY = Look(font=_BODY_FONT, border=_BORDER, alignment=_WRAP_TOP)
_NUMBER = _BODY.but(alignment=_CENTER_TOP)
_DATE = _NUMBER.but(number_format=DATE_FORMAT)
_BLANK_PHONE = _BODY.but(alignment=None, number_format="@")  # keeps +7 and a leading 8
_BLANK_DATE = _BODY.but(alignment=None, number_format=DATE_FORMAT)
_BLANK = _BODY.but(alignment=None)
_TIP_TITLE = Look(font=_TITLE_FONT, alignment=_WRAP_TOP)
_TIP = Look(font=_BODY_FONT, alignment=_WRAP_TOP)


# ---- sheets -----------------------------------------------------------------------------------
def students_workbook(rows: Sequence, vocabulary: Vocabulary, organization: str = "",
                      today: dt.date | None = None) -> bytes:
    """One row per pupil: mother, father and another guardian each in their own columns."""
    units = {unit: _unit_order(unit) for unit in {r.unit for r in rows}}  # 300 for 10k pupils
    ordered = sorted(rows, key=lambda r: (units[r.unit], _name_order(r.full_name)))
    families = [(row, *_parents(row.guardians)) for row in ordered]
    more = any(len(other) > 1 for *_, other in families)
    titles = ["№ п/п", f"ФИО ({vocabulary.student.lower()})", "Дата рождения", vocabulary.unit,
              "ФИО матери", "Телефон матери", "Эл. почта матери",
              "ФИО отца", "Телефон отца", "Эл. почта отца",
              "ФИО законного представителя", "Телефон законного представителя",
              "Эл. почта законного представителя"] + (
                  ["Ещё представители (ФИО, телефон)"] if more else [])
    body = []
    for number, (row, mother, father, other) in enumerate(families, start=1):
        first_other = other[0] if other else None
        line = [number, row.full_name, row.birth_date, row.unit]
        for guardian in (mother, father, first_other):
            line += [_name(guardian), _phone(guardian), guardian.email if guardian else ""]
        if more:
            line.append("; ".join(f"{g.full_name} {_phone(g)}".strip() for g in other[1:]))
        body.append(line)
    title = f"Список: {vocabulary.students.lower()} и их родители (законные представители)"
    return _workbook(vocabulary.students, title, organization, titles, body,
                     date_columns={3}, today=today)


def staff_workbook(rows: Sequence, organization: str = "",
                   today: dt.date | None = None) -> bytes:
    titles = ["№ п/п", "ФИО", "Должность", "Телефон", "Эл. почта", "Роли на платформе"]
    body = []
    for number, row in enumerate(sorted(rows, key=lambda r: _name_order(r.full_name)), 1):
        roles = ", ".join(_role_title(r) for r in row.platform_roles)
        body.append([number, row.full_name, row.position, display_phone(row.phone), row.email,
                     roles])
    return _workbook("Сотрудники", "Список сотрудников", organization, titles, body,
                     today=today)


def template_workbook(kind: str, vocabulary: Vocabulary, organization: str = "") -> bytes:
    """An empty list with the columns the import reads best, and a sheet of instructions."""
    if kind == "staff":
        titles = ["№ п/п", "ФИО", "Должность", "Телефон", "Эл. почта"]
        title = "Список сотрудников"
        tips = TEMPLATE_TIPS_STAFF
    else:
        titles = ["№ п/п", f"ФИО ({vocabulary.student.lower()})", "Дата рождения",
                  vocabulary.unit, "ФИО матери", "Телефон матери", "Эл. почта матери",
                  "ФИО отца", "Телефон отца", "Эл. почта отца"]
        title = f"Список: {vocabulary.students.lower()} и их родители"
        tips = [t.format(**unit_phrases(vocabulary)) for t in TEMPLATE_TIPS_STUDENTS]
    book = Workbook()
    ws = book.active
    ws.title = "Список"
    _title(ws, title, organization, len(titles), subtitle="Заполните строки ниже заголовка.")
    _header(ws, titles)
    looks = [_BLANK_PHONE if "Телефон" in t else _BLANK_DATE if t == "Дата рождения"
             else _BLANK for t in titles]
    for row in range(HEADER_ROW + 1, HEADER_ROW + 201):  # bordered blank rows to type into
        for col, look in enumerate(looks, start=1):
            style(ws, row, col, look)
    _finish(ws, titles, [[""] * len(titles)], HEADER_ROW + 200)
    help_sheet = book.create_sheet("Как заполнять")
    help_sheet.column_dimensions["A"].width = 100
    for row, tip in enumerate(["Как заполнять список", *tips], start=1):
        put(help_sheet, row, 1, tip, _TIP_TITLE if row == 1 else _TIP)
    a4(help_sheet)
    return to_bytes(book)


TEMPLATE_TIPS_STUDENTS = [
    "1. Одна строка — один ребёнок; родители — в той же строке.",
    "2. ФИО полностью, через пробел: «Иванова Анна Петровна».",
    "3. Дата рождения — ДД.ММ.ГГГГ, например 04.03.2015.",
    "4. Телефон — в любом виде: 8 916 123-45-67, +7 (916) 123-45-67.",
    ("5. Столбец «{unit}» можно не заполнять, если у {each_unit_genitive} свой лист, "
     "названный по {by_it} («5А», «11 Б»)."),
    "6. Брат и сестра — две строки с одними и теми же родителями: родитель будет один.",
]
TEMPLATE_TIPS_STAFF = [
    "1. Одна строка — один сотрудник.",
    "2. ФИО полностью, через пробел: «Иванова Анна Петровна».",
    "3. Телефон — в любом виде: 8 916 123-45-67, +7 (916) 123-45-67.",
]


# ---- layout helpers --------------------------------------------------------------------------
def _workbook(sheet_title: str, title: str, organization: str, titles: list[str],
              body: list[list], date_columns: set[int] = frozenset(),
              today: dt.date | None = None) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = sheet_title[:31]
    subtitle = f"на {format_date(today or dt.date.today())}, всего {len(body)}"
    _title(ws, title, organization, len(titles), subtitle=subtitle)
    _header(ws, titles)
    looks = [_NUMBER if col == 1 else _BODY for col in range(1, len(titles) + 1)]
    put_rows(ws, HEADER_ROW + 1, [[None if v == "" else v for v in line] for line in body],
             [_DATE if col in date_columns else look for col, look in enumerate(looks, 1)],
             blank_looks=looks)
    _finish(ws, titles, body, HEADER_ROW + len(body))
    return to_bytes(book)


def _title(ws: Worksheet, title: str, organization: str, width: int, subtitle: str) -> None:
    first = f"{organization}. {title}" if organization else title
    put(ws, 1, 1, first, _TITLE)
    put(ws, 2, 1, subtitle, _SUBTITLE)
    for row in (1, 2):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def _header(ws: Worksheet, titles: list[str]) -> None:
    for col, text in enumerate(titles, start=1):
        put(ws, HEADER_ROW, col, text, _HEADER)
    ws.row_dimensions[HEADER_ROW].height = 32


def _finish(ws: Worksheet, titles: list[str], body: list[list], last_row: int) -> None:
    for col, text in enumerate(titles, start=1):
        longest = max([len(_shown(r[col - 1])) for r in body[:2000]] + [0])
        header_need = max(len(w) for w in text.split()) + 2
        width = max(header_need, min(longest + 2, 45), 6 if col == 1 else 10)
        ws.column_dimensions[get_column_letter(col)].width = width
    last = get_column_letter(len(titles))
    ws.freeze_panes = f"A{HEADER_ROW + 1}"  # a string: ws.cell() would add a cell there
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{max(last_row, HEADER_ROW + 1)}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    a4(ws, "landscape" if len(titles) > 6 else "portrait")
    ws.page_margins.left = 0.79  # 20 mm, as Russian office papers have it
    ws.page_margins.right = ws.page_margins.top = ws.page_margins.bottom = 0.4
    ws.oddFooter.center.text = "Страница &P из &N"


def _shown(value) -> str:
    if isinstance(value, dt.date):
        return "00.00.0000"
    return "" if value is None else str(value)


_MOTHER, _FATHER = Relation.MOTHER.value, Relation.FATHER.value  # read once: 20k lookups


def _parents(guardians) -> tuple:
    mother = next((g for g in guardians if g.relation == _MOTHER), None)
    father = next((g for g in guardians if g.relation == _FATHER), None)
    other = [g for g in guardians if g is not mother and g is not father]
    return mother, father, other


def _name(guardian) -> str:
    return guardian.full_name if guardian else ""


def _phone(guardian) -> str:
    return display_phone(guardian.phone) if guardian and guardian.phone else ""


def _role_title(role: str) -> str:
    try:
        return PlatformRole(role).title
    except ValueError:
        return role


def _unit_order(unit: str):
    from sferum_desk.domain.names import sort_key

    digits = "".join(ch for ch in unit[:2] if ch.isdecimal())
    return (int(digits) if digits else 10**6, sort_key(unit), unit == "")


def _name_order(name: str):
    from sferum_desk.domain.names import sort_key

    return sort_key(name)
