"""Issue 12, more shapes: a parent's cell that holds more than one name, a class's number and
letter in two columns, the class or group named only in the sheet's title.

Each was silently wrong before: two parents stored as one person of six words, the pupils
of 3А and 3Б put in one class «3», the pupils of «Список обучающихся 3 «Б» класса» left
with no class.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import roster_files as rf  # noqa: E402
import shape_files as sf  # noqa: E402
from test_shapes import pupils, run  # noqa: E402

from sferum_desk.commands.roster import decision_lines  # noqa: E402
from sferum_desk.importers.guardian_cells import CellPerson, split_guardian_cell  # noqa: E402
from sferum_desk.importers.values import first_phone, phone_parts  # noqa: E402


# ---- a parent's cell with several people or their contacts ------------------------------------
PARENTS_IN_ONE_CELL = [
    ["Ф.И.О. обучающегося", "Класс", "Родители (законные представители)", "Телефоны"],
    ["Новиков Глеб", "6В", "Новикова Ксения Андреевна\nНовиков Антон Игоревич",
     "89032220001\n89032220002"],
    ["Егоров Марк", "6В", "Егорова Нина Павловна (мама) 8 (903) 555-01-01", None],
    ["Жукова Ева", "6В", "Жукова Анна, 89035550202; Жуков Олег (папа), 89035550303", None],
    ["Ильин Ян", "6В", "Ильина Ада Олеговна Ильин Пётр Ильич", None],
    ["Котов Ян", "6В", "Котова Ия, kotova @ mail.ru", "89035550404"],
]


def test_two_parents_in_one_cell_are_two_people_with_their_own_numbers(school):
    data = rf.xlsx({"Лист1": PARENTS_IN_ONE_CELL})
    dry = run(school, data, dry=True)
    assert (dry.students.created, dry.guardians.created) == (5, 8)
    assert dry.warnings == []
    assert dry.as_dict()["split_cells"] == [
        {"sheet": "Лист1", "row": 2, "people": ["Новикова Ксения Андреевна",
                                                "Новиков Антон Игоревич"]},
        {"sheet": "Лист1", "row": 4, "people": ["Жукова Анна", "Жуков Олег"]},
        {"sheet": "Лист1", "row": 5, "people": ["Ильина Ада Олеговна", "Ильин Пётр Ильич"]}]
    assert "Несколько человек в ячейке: лист «Лист1», строка 2: записаны все — Новикова " \
           "Ксения Андреевна; Новиков Антон Игоревич" in decision_lines(dry)
    run(school, data)
    got = pupils(school)
    assert got["Новиков Глеб"][2] == (
        ("Новиков Антон Игоревич", "other", "+79032220002", ""),
        ("Новикова Ксения Андреевна", "other", "+79032220001", ""))
    assert got["Егоров Марк"][2] == (("Егорова Нина Павловна", "mother", "+79035550101", ""),)
    assert got["Жукова Ева"][2] == (("Жуков Олег", "father", "+79035550303", ""),
                                    ("Жукова Анна", "other", "+79035550202", ""))
    assert got["Ильин Ян"][2] == (("Ильин Пётр Ильич", "other", "", ""),
                                  ("Ильина Ада Олеговна", "other", "", ""))
    assert got["Котов Ян"][2] == (("Котова Ия", "other", "+79035550404", "kotova@mail.ru"),)


def test_a_cell_that_is_not_certainly_names_stores_nobody_from_it_and_says_so(school):
    rows = [["ФИО", "Класс", "ФИО родителя"],
            ["Лосев Ян", "6В", "Лосева Ада (по доверенности)"],
            ["Мышкин Ян", "6В", "Мышкина Ада Петровна Мышкин Олег Петров Иван"],
            ["Носов Ян", "6В", "Носова Ада 12.03.1985"]]
    dry = run(school, rf.xlsx({"Лист1": rows}), dry=True)
    assert dry.guardians.created == 0 and dry.students.created == 3
    assert sorted(p.row for p in dry.warnings) == [2, 3, 4]
    assert all(p.message.endswith("Родитель не записан.") for p in dry.warnings)


@pytest.mark.parametrize("text, people", [
    ("Иванова Анна Петровна", [CellPerson("Иванова Анна Петровна")]),
    ("Иванова Анна\nИванов Олег", [CellPerson("Иванова Анна"), CellPerson("Иванов Олег")]),
    ("Алиева Лейла Рауф кызы; Алиев Рауф Тимур оглы",
     [CellPerson("Алиева Лейла Рауф кызы"), CellPerson("Алиев Рауф Тимур оглы")]),
    ("Петрова-Водкина Ия (мать), ija@mail.ru",
     [CellPerson("Петрова-Водкина Ия", (), ("ija@mail.ru",), "mother")]),
    ("+7 916 123-45-67 Сидорова Ия", [CellPerson("Сидорова Ия", ("+7 916 123-45-67",))]),
    ("Орлова Ия бабушка", [CellPerson("Орлова Ия", (), (), "other")]),
    ("Орлова", None), ("Орлова Ия (сосед)", None), ("Орлова Ия 123", None),
])
def test_split_guardian_cell(text, people):
    assert split_guardian_cell(text) == people


def test_phone_numbers_one_per_line_are_several_numbers():
    assert phone_parts("89032220001\n89032220002") == ["89032220001", "89032220002"]
    assert first_phone("89032220001\n89032220002") == ("+79032220001", True)
    assert first_phone("8 (903) 222-00-01") == ("+79032220001", False)
    assert phone_parts("89032220001") == []


# ---- a class's number and its letter in two columns -------------------------------------------
@pytest.mark.parametrize("letter_title", ["Литера", "Буква", "Буква класса"])
def test_number_and_letter_columns_make_one_class_each(school, letter_title):
    rows = [["ФИО", "Класс", letter_title], ["Устинов Ян", 3, "А"], ["Фролова Ия", 3, "б"],
            ["Хохлов Ян", "11", "«В»"], ["Цветкова Ия", "3А", "А"], ["Чижов Ян", "3А", "Б"]]
    dry = run(school, rf.xlsx({"Лист1": rows}), dry=True)
    assert dry.column_conflicts == []
    assert [(p.row, p.message) for p in dry.warnings] == [
        (6, "Буква «Б» не подходит к «3А»: записан класс «3А».")]
    run(school, rf.xlsx({"Лист1": rows}))
    assert {name: unit for name, (_, unit, _) in pupils(school).items()} == {
        "Устинов Ян": "3А", "Фролова Ия": "3Б", "Хохлов Ян": "11В", "Цветкова Ия": "3А",
        "Чижов Ян": "3А"}


# ---- the class or group named only in the title ----------------------------------------------
TITLED_CLASS = [
    ["МБОУ «СОШ № 7»"], ["Список обучающихся 3 «Б» класса"], [],
    ["№ п/п", "Фамилия", "Имя", "Отчество", "Дата рожд."],
    [1, "Андреев", "Артём", "Сергеевич", dt.datetime(2017, 3, 12)],
    [2, "Быкова", "Алёна", None, "05.06.2017 г."],
]
TITLED_GROUP = [
    ["Список детей группы «Солнышко» на 2026/2027 учебный год"],
    ["№", "Ф.И.О. ребёнка", "Дата рождения"],
    [1, "Лебедев Миша", "01.02.2021"], [2, "Морозова Катя", "03.04.2021"],
]


def test_a_class_named_only_in_the_title_is_the_class_of_its_rows_and_shown(school):
    school.structure.create_unit("3Б")
    dry = run(school, rf.xlsx({"Лист1": TITLED_CLASS}), dry=True)
    assert dry.as_dict()["title_units"] == [{"sheet": "Лист1", "row": 2, "unit": "3Б",
                                             "text": "Список обучающихся 3 «Б» класса"}]
    assert dry.units_created == []
    assert any(line.startswith("Подразделение из заголовка: лист «Лист1», строка 2")
               for line in decision_lines(dry))
    run(school, rf.xlsx({"Лист1": TITLED_CLASS}))
    assert {name: unit for name, (_, unit, _) in pupils(school).items()} == {
        "Андреев Артём Сергеевич": "3Б", "Быкова Алёна": "3Б"}


def test_a_group_named_only_in_the_title_and_the_users_choice_wins(kindergarten):
    dry = run(kindergarten, rf.xlsx({"Лист1": TITLED_GROUP}), dry=True)
    assert [n["unit"] for n in dry.as_dict()["title_units"]] == ["Солнышко"]
    assert dry.units_created == ["Солнышко"]
    run(kindergarten, rf.xlsx({"Лист1": TITLED_GROUP}), default_unit="Ромашка")
    assert {unit for _, unit, _ in pupils(kindergarten).values()} == {"Ромашка"}


@pytest.mark.parametrize("title", ["Список 1А и 1Б классов", "Список детей старшей группы",
                                   "МБОУ «СОШ № 7» на 2026/2027 учебный год"])
def test_a_title_naming_no_single_unit_decides_nothing(school, title):
    rows = [[title], ["ФИО", "Дата рождения"], ["Яшин Ян", "01.01.2016"]]
    dry = run(school, rf.xlsx({"Лист1": rows}), dry=True)
    assert dry.as_dict()["title_units"] == [] and dry.units_created == []


def test_a_title_does_not_override_the_class_column(school):
    rows = [["Список обучающихся 3 «Б» класса"], ["ФИО", "Класс"], ["Яшин Ян", "4А"],
            ["Юдин Ян", None]]
    run(school, rf.xlsx({"Лист1": rows}))
    assert {name: unit for name, (_, unit, _) in pupils(school).items()} == {
        "Яшин Ян": "4А", "Юдин Ян": ""}


# ---- «ФИО ребёнка» merged above «Фамилия | Имя | Отчество» -----------------------------------
@pytest.mark.parametrize("maker", ["xlsx", "xls", "ods"])
def test_name_parts_under_one_merged_title_are_the_pupils_name(school, maker):
    rows = [["№", "ФИО ребёнка", None, None, "Дата рождения", "Мать", None],
            [None, "Фамилия", "Имя", "Отчество", None, "ФИО", "Телефон"],
            [1, "Чернов", "Ян", "Ильич", "01.01.2016", "Чернова Ада", "89031230001"]]
    if maker == "xlsx":
        data = sf.styled_xlsx({"4А": rows}, merges={"4А": ["B1:D1", "F1:G1", "A1:A2",
                                                          "E1:E2"]})
    else:  # as Excel 97 / LibreOffice save it: the merged titles in their first cell
        data = getattr(rf, maker)({"4А": rows})
    run(school, data, name=f"список.{maker}")
    assert pupils(school) == {"Чернов Ян Ильич": (dt.date(2016, 1, 1), "4А", (
        ("Чернова Ада", "mother", "+79031230001", ""),))}


# ---- dates in words, initials, a namesake parent ---------------------------------------------
def test_dates_in_words_and_initials_are_read_as_written(school):
    rows = [["ФИО", "Дата рождения", "Класс"], ["Сидоров Ян", "12 марта 2015 г.", "5А"],
            ["Щукин И.И.", "1 сентября 2014 года", "5А"], ["ЭДУАРДОВА ЭЛЯ", "3 мая 2015", "5А"]]
    dry = run(school, rf.xlsx({"Лист1": rows}), dry=True)
    assert dry.warnings == []
    run(school, rf.xlsx({"Лист1": rows}))
    assert {name: born for name, (born, _, _) in pupils(school).items()} == {
        "Сидоров Ян": dt.date(2015, 3, 12), "Щукин И.И.": dt.date(2014, 9, 1),
        "Эдуардова Эля": dt.date(2015, 5, 3)}


def test_a_parent_of_one_name_with_a_phone_only_once_is_kept_twice_and_shown(school):
    rows = [["ФИО", "Класс", "ФИО матери", "Телефон матери"],
            ["Цой Ян", "5А", "Цой Анна", "89030000001"], ["Цой Лев", "7А", "Цой Анна", None],
            ["Ким Ян", "5А", "Ким Ада", "8-903-000-00-09"],
            ["Ким Лев", "7А", "Ким Ада", "+7 (903) 0000009"]]
    dry = run(school, rf.xlsx({"Лист1": rows}), dry=True)
    assert dry.guardians.created == 3  # Ким Ада: the same number, one person
    assert [(m["row"], m["incoming"], m["existing"], m["action"])
            for m in dry.as_dict()["possible_duplicates"]] == [
        (3, "Цой Анна, без телефона", "Цой Анна, +79030000001 (строка 2)", "kept_both")]
    assert any("Возможный дубликат: лист «Лист1», строка 3: Цой Анна" in line
               for line in decision_lines(dry))


# ---- a header over three rows; one column for a parent's name and number ---------------------
THREE_LEVEL = [
    ["№", "ФИО обучающегося", "Класс", "Сведения о родителях (законных представителях)", None,
     None, None],
    [None, None, None, "Мать", None, "Отец", None],
    [None, None, None, "ФИО", "Телефон", "ФИО", "Телефон"],
    [1, "Абрамов Ян", "2А", "Абрамова Ия", "89031110011", "Абрамов Лев", "89031110022"],
]


@pytest.mark.parametrize("maker", ["xlsx", "xls", "ods"])
def test_a_header_over_three_rows_keeps_both_parents_and_their_numbers(school, maker):
    if maker == "xlsx":
        data = sf.styled_xlsx({"Лист1": THREE_LEVEL}, merges={"Лист1": [
            "D1:G1", "D2:E2", "F2:G2", "A1:A3", "B1:B3", "C1:C3"]})
    else:
        data = getattr(rf, maker)({"Лист1": THREE_LEVEL})
    dry = run(school, data, name=f"список.{maker}", dry=True)
    assert dry.problems == [] and dry.column_conflicts == []
    run(school, data, name=f"список.{maker}")
    assert pupils(school) == {"Абрамов Ян": (None, "2А", (
        ("Абрамов Лев", "father", "+79031110022", ""),
        ("Абрамова Ия", "mother", "+79031110011", "")))}


def test_one_column_for_a_parents_name_and_number(kindergarten):
    rows = [["ФИО ребенка", "Группа", "Законный представитель (ФИО, телефон)"],
            ["Белкин Ян", "Ромашка", "Белкина Анна Ивановна, 89031112200"],
            ["Волкова Ия", "Ромашка", "Волков Пётр (отец) +7 903 111 22 01"]]
    dry = run(kindergarten, rf.xlsx({"Лист1": rows}), dry=True)
    assert dry.problems == []
    run(kindergarten, rf.xlsx({"Лист1": rows}))
    assert {name: g for name, (_, _, g) in pupils(kindergarten).items()} == {
        "Белкин Ян": (("Белкина Анна Ивановна", "other", "+79031112200", ""),),
        "Волкова Ия": (("Волков Пётр", "father", "+79031112201", ""),)}


# ---- a note written into the name cell ---------------------------------------------------------
def test_a_note_in_the_name_cell_stays_out_of_the_name_and_is_shown(school):
    rows = [["ФИО", "Класс"], ["Иванов Иван*", "5А"], ["Петров Пётр (ОВЗ)", "5А"],
            ["Сидорова Анна Олеговна, выбыла", "5А"], ["Иванова, Анна", "5А"],
            ["Кузнецов  Олег  Игоревич ", "5А"]]
    dry = run(school, rf.xlsx({"Лист1": rows}), dry=True)
    assert dry.skipped == []
    assert [(p.row, p.message) for p in dry.warnings] == [
        (2, "В ячейке ФИО есть примечание «*»: оно не вошло в ФИО, записано «Иванов Иван»."),
        (3, "В ячейке ФИО есть примечание «(ОВЗ)»: оно не вошло в ФИО, записано «Петров "
            "Пётр»."),
        (4, "В ячейке ФИО есть примечание «выбыла»: оно не вошло в ФИО, записано «Сидорова "
            "Анна Олеговна».")]
    run(school, rf.xlsx({"Лист1": rows}))
    assert sorted(pupils(school)) == ["Иванов Иван", "Иванова Анна", "Кузнецов Олег Игоревич",
                                      "Петров Пётр", "Сидорова Анна Олеговна"]
