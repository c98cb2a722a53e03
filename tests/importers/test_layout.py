"""Finding the header row and reading Russian column titles in their many spellings."""

from __future__ import annotations

import pytest
import roster_files as rf

from sferum_desk.importers import analyse, read_table_file
from sferum_desk.importers.fields import auto_fields
from sferum_desk.importers.layout import combine_header_rows, find_header


@pytest.mark.parametrize("title, field", [
    ("ФИО", "full_name"), ("Ф.И.О.", "full_name"), ("Ф. И. О. ребёнка", "full_name"),
    ("ФИО обучающегося (полностью)", "full_name"), ("Фамилия, имя, отчество", "full_name"),
    ("Ученик", "full_name"), ("Воспитанник", "full_name"),
    ("Фамилия", "last_name"), ("Имя", "first_name"), ("Отчество", "patronymic"),
    ("Дата рождения", "birth_date"), ("Д.р.", "birth_date"), ("Дата рожд.", "birth_date"),
    ("Класс", "unit"), ("Группа", "unit"), ("Класс (литера)", "unit"),
    ("Классный руководитель", None), ("Группа здоровья", None),
    ("ФИО матери", "mother_name"), ("Мать", "mother_name"), ("Мама (ФИО)", "mother_name"),
    ("Телефон матери", "mother_phone"), ("Моб. телефон мамы", "mother_phone"),
    ("E-mail матери", "mother_email"),
    ("ФИО отца", "father_name"), ("Отец", "father_name"), ("Контактный телефон отца",
                                                          "father_phone"),
    ("Законный представитель", "guardian_name"), ("ФИО родителя", "guardian_name"),
    ("Телефон родителя", "guardian_phone"), ("Эл. почта законного представителя",
                                             "guardian_email"),
    ("Кем приходится", "guardian_relation"), ("Степень родства", "guardian_relation"),
    ("№ п/п", None), ("№", None), ("Примечание", None), ("Почтовый адрес", None),
    ("Адрес электронной почты", "email"), ("СНИЛС", None),
])
def test_student_titles(title, field):
    assert auto_fields([title], "students") == [field]


@pytest.mark.parametrize("title, field", [
    ("Ф.И.О.", "full_name"), ("ФИО сотрудника", "full_name"), ("Должность", "position"),
    ("Занимаемая должность", "position"), ("телефон", "phone"), ("Мобильный", "phone"),
    ("почта", "email"), ("E-mail", "email"), ("Стаж", None),
])
def test_staff_titles(title, field):
    assert auto_fields([title], "staff") == [field]


def test_unqualified_contacts_belong_to_the_name_on_their_left():
    titles = ["ФИО ученика", "Телефон", "Законный представитель", "Телефон", "E-mail"]
    assert auto_fields(titles, "students") == [
        "full_name", "phone", "guardian_name", "guardian_phone", "guardian_email"]


def test_a_second_column_for_the_same_field_is_not_used():
    assert auto_fields(["ФИО", "ФИО", "Телефон"], "staff") == ["full_name", None, "phone"]


def test_header_below_title_rows_and_two_row_header():
    rows = rf.messy_class_list()["Лист1"]
    header_row, data_start, titles = find_header(rows, "students")
    assert (header_row, data_start) == (2, 4)
    assert titles[4:8] == ["Мать ФИО", "Мать Телефон", "Отец ФИО", "Отец Телефон"]
    assert auto_fields(titles, "students") == [
        None, "full_name", "birth_date", "unit", "mother_name", "mother_phone", "father_name",
        "father_phone", None]


def test_combine_carries_a_merged_title_over_its_columns():
    assert combine_header_rows(["ФИО", "Мать", "", "", "Класс"],
                               ["", "ФИО", "Телефон", "", ""]) == [
        "ФИО", "Мать ФИО", "Мать Телефон", "", "Класс"]


def test_shapes_group_sheets_and_sheet_names_are_units():
    rows = [["ФИО", "Дата рождения"], ["Иванов Иван", "01.01.2015"]]
    book = read_table_file(rf.xlsx({"5А": rows, "5Б": rows, "Инструкция": [["Заполните"]]}),
                           "x.xlsx")
    layout = analyse(book, "students")
    assert [s.name for s in layout.sheets] == ["5А", "5Б"]
    assert layout.skipped_sheets == ["Инструкция"]
    assert len(layout.shapes) == 1 and layout.shapes[0].sheets == ["5А", "5Б"]
    assert layout.sheets_are_units
    shape = layout.shapes[0]
    assert shape.samples == ["Иванов Иван", "01.01.2015"]
    assert shape.preview == [["Иванов Иван", "01.01.2015"]]


@pytest.mark.parametrize("names, units", [(["Лист1"], False), (["11 Б"], True),
                                          (["Список"], False), (["Ромашка", "Солнышко"], True)])
def test_when_sheet_names_are_units(names, units):
    rows = [["ФИО"], ["Иванов Иван"]]
    layout = analyse(read_table_file(rf.xlsx({n: rows for n in names}), "x.xlsx"), "students")
    assert layout.sheets_are_units is units


def test_no_name_column_means_no_sheet():
    book = read_table_file(rf.xlsx({"Лист1": [["Дата", "Сумма"], ["01.01.2020", 5]]}), "x")
    assert analyse(book, "students").sheets == []


def test_a_title_row_is_not_taken_for_the_upper_half_of_the_header():
    rows = [["Список 1А", None, None], ["ФИО", "Дата рождения", "Класс"],
            ["Иванов Иван", "01.01.2018", "1А"]]
    assert find_header(rows, "students") == (1, 2, ["ФИО", "Дата рождения", "Класс"])
    rows = [["Список 1А", "на 01.09", None], ["ФИО", "Дата рождения", "Класс"],
            ["Иванов Иван", "01.01.2018", "1А"]]
    assert find_header(rows, "students")[0] == 1
