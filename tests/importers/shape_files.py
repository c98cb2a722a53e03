"""Roster files in the shapes school offices produce (issue 12), built in code.

`styled_xlsx` writes rows with merged cells, hidden rows and struck-through rows the way Excel
stores them (openpyxl); xls and ods copies go through roster_files' xlwt/odfpy builders.
"""

from __future__ import annotations

import datetime as dt
import io

Rows = list[list[object]]


def styled_xlsx(sheets: dict[str, Rows], merges: dict[str, list[str]] | None = None,
                hidden_rows: dict[str, list[int]] | None = None,
                struck_rows: dict[str, list[int]] | None = None) -> bytes:
    """Rows are 1-based in `hidden_rows` / `struck_rows`, as Excel numbers them."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cell_range in (merges or {}).get(name, []):
            sheet.merge_cells(cell_range)
        for number in (hidden_rows or {}).get(name, []):
            sheet.row_dimensions[number].hidden = True
        for number in (struck_rows or {}).get(name, []):
            for cell in sheet[number]:
                if cell.value is not None:
                    cell.font = Font(strike=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ---- shape 1: two-level headers, 1–4 guardians per row -------------------------------------
TWO_LEVEL = [
    ["Список 2Б класса"],
    ["№", "ФИО ребёнка", "Дата рождения", "Родитель 1", None, None, "Родитель 2", None, None,
     "Законный представитель 3", None, None, "Законный представитель 4", None],
    [None, None, None, "ФИО", "Телефон", "E-mail", "ФИО", "Телефон", "E-mail", "ФИО",
     "Телефон", "Кем приходится", "ФИО", "Телефон"],
    [1, "Орлова Вера Ильинична", "01.02.2017", "Орлова Анна Петровна", "89031112233",
     "anna@mail.ru", "Орлов Илья Олегович", "89031112244", "", "Орлова Зоя Ивановна",
     "89031112255", "бабушка", "Орлов Пётр Ильич", "89031112266"],
    [2, "Ким Лев", "03.03.2017", "Ким Ирина", "89035550000", None, None, None, None, None,
     None, None, None, None],
]
TWO_LEVEL_MERGES = ["A1:N1", "D2:F2", "G2:I2", "J2:L2", "M2:N2"]

MOTHER_FATHER = [
    ["ФИО ребёнка", "Класс", "Мать", None, None, "Отец", None, None],
    [None, None, "ФИО", "Телефон", "E-mail", "ФИО", "Телефон", "E-mail"],
    ["Белов Ян", "3 «В»", "Белова Ада", "89160000001", "ada@mail.ru", "Белов Юрий",
     "89160000002", "yuri@mail.ru"],
]
MOTHER_FATHER_MERGES = ["C1:E1", "F1:H1"]


# ---- shape 2: continuation rows --------------------------------------------------------------
CONTINUATION = [
    ["ФИО ребёнка", "Дата рождения", "Класс", "ФИО родителя", "Кем приходится", "Телефон"],
    ["Зайцев Егор", "03.03.2015", "4А", "Зайцева Анна", "мать", "89031114455"],
    [None, None, None, "Зайцев Олег", "отец", "89031114466"],
    [None, None, None, "Зайцева Нина", "бабушка", "89031114477"],
    ["Лисина Ия", "05.05.2015", "4А", "Лисина Ада", "мать", "89031115500"],
    [None, None, None, "Лисин Ян", "отец", ""],
]
CONTINUATION_MERGES = ["A2:A4", "B2:B4", "C2:C4", "A5:A6", "B5:B6", "C5:C6"]


# ---- shape 3: class and group names -----------------------------------------------------------
CLASSES = [
    ["ФИО", "Класс"],
    ["Аров Ян", "1 «А» класс"], ["Бурова Ия", "1А"], ["Вилов Ян", "3 «В»"],
    ["Гусев Ян", "11-Б"], ["Дёмин Ян", "11 б"], ["Ершов Ян", "5а"],
]
GROUPS = [
    ["ФИО воспитанника", "Группа"],
    ["Жуков Ян", "Группа №3 \"Солнышко\""], ["Зотова Ия", "гр. Солнышко"],
    ["Ильин Ян", "Солнышко (средняя)"], ["Котов Ян", "Ромашка"],
]


# ---- shape 4: lines that are not people ----------------------------------------------------------
NOT_PEOPLE = [
    ["Список 7А класса на 2026/2027 учебный год"],
    ["№", "ФИО", "Дата рождения", "Класс"],
    [1, 2, 3, 4],
    [1, "Мухина Ада", "01.01.2013", "7А"],
    ["№", "ФИО", "Дата рождения", "Класс"],
    [2, "Нилов Ян", "02.02.2013", "7А"],
    [None, "Список составлен классным руководителем Петровой А. А."],
    [None, "Классный руководитель: Петрова А. А."],
    [None, "Подпись ____________"],
    ["Итого", 2],
    ["Всего учащихся: 2"],
]


# ---- shape 5: a summary with no name column ------------------------------------------------------
SUMMARY = [
    ["Сводка по группам"],
    ["Группа", "Возраст детей", "Количество", "Воспитатель"],
    ["Солнышко", "3-4 года", 24, "Петрова А. А."],
    ["Ромашка", "5-6 лет", 22, "Сидорова Б. Б."],
]


# ---- shape 6: identity by evidence ---------------------------------------------------------------
TWINS_BY_NAME = [
    ["ФИО", "Дата рождения", "Класс", "ФИО матери", "Телефон матери"],
    ["Смирнов Иван Олегович", "04.04.2015", "2Б", "Смирнова Ольга", "89030000001"],
    ["Смирнов Иван Олегович", "04.04.2015", "5А", "Смирнова Елена", "89030000002"],
]


# ---- shape 7: smaller ones ----------------------------------------------------------------------
SMALL = [
    ["ФИО", "Дата рождения", "Класс", "ФИО матери", "E-mail матери"],
    ["АЛИЕВ РАШИД РАУФ ОГЛЫ", "01.01.2016", "3А", "Алиева Лейла Рауф Кызы",
     "leyla.alieva @ mail.ru"],
    ["Скрытов Ян", "02.02.2016", "3А", None, None],
    ["Зачёркнутова Ия", "03.03.2016", "3А", None, None],
    ["Попов Ян", "04.04.2016", "3А", "Попова Ия", "popova@ mail .ru"],
]


def dated(rows: Rows) -> Rows:
    """The same rows with real dates where the text is a date (for xls/ods copies)."""
    out = []
    for row in rows:
        new = []
        for value in row:
            if isinstance(value, str) and len(value) == 10 and value[2] == "." and \
                    value[5] == ".":
                d, m, y = value.split(".")
                if d.isdigit() and m.isdigit() and y.isdigit():
                    value = dt.date(int(y), int(m), int(d))
            new.append(value)
        out.append(new)
    return out
