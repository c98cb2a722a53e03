"""Export of rosters and the import template: formatted sheets that read back unchanged."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "importers"))
import roster_files as rf  # noqa: E402

from sferum_desk.domain.errors import UserError  # noqa: E402
from sferum_desk.services.dto import StaffInput  # noqa: E402

PUPILS = [["ФИО", "Дата рождения", "Класс", "ФИО матери", "Телефон матери", "ФИО отца",
           "Телефон отца", "Законный представитель", "Телефон", "E-mail"],
          ["Орлов Пётр", "01.02.2015", "5А", "Орлова Вера", "89031112233", "Орлов Илья", "",
           None, None, None],
          ["Ёлкина Ия", "02.03.2009", "11Б", None, None, None, None, "Ёлкина Зоя Львовна",
           "89160000001", "zoya@example.ru"],
          ["Абрамов Ян", "03.04.2015", "5А", "Абрамова Ада", "89031112200", None, None,
           None, None, None]]


def _import(services, rows, kind="students"):
    preview = services.roster.inspect(rf.xlsx({"Лист1": rows}), kind, "x.xlsx")
    return services.roster.apply(preview)


def test_students_export_is_formatted_and_ordered(school, tmp_path):
    _import(school, PUPILS)
    out = tmp_path / "ученики.xlsx"
    assert school.roster.export_students(out) == 3
    sheet = load_workbook(out).active
    assert sheet.title == "Ученики"
    assert sheet["A1"].value.startswith("МБОУ «СОШ № 1». Список: ученики и их родители")
    header = [c.value for c in sheet[3]]
    assert header[:7] == ["№ п/п", "ФИО (ученик)", "Дата рождения", "Класс", "ФИО матери",
                          "Телефон матери", "Эл. почта матери"]
    assert all(c.font.b and c.border.bottom.style == "thin" for c in sheet[3])
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == "A3:M6"
    assert sheet.print_title_rows == "$3:$3"
    assert [[c.value for c in row][:6] for row in sheet.iter_rows(min_row=4)] == [
        [1, "Абрамов Ян", dt.datetime(2015, 4, 3), "5А", "Абрамова Ада", "+7 903 111-22-00"],
        [2, "Орлов Пётр", dt.datetime(2015, 2, 1), "5А", "Орлова Вера", "+7 903 111-22-33"],
        [3, "Ёлкина Ия", dt.datetime(2009, 3, 2), "11Б", None, None]]
    assert sheet["C4"].number_format == "DD.MM.YYYY"
    assert [c.value for c in sheet[6]][10:13] == ["Ёлкина Зоя Львовна", "+7 916 000-00-01",
                                                   "zoya@example.ru"]
    assert sheet.column_dimensions["K"].width >= len("Ёлкина Зоя Львовна")


def test_exported_list_imports_back_unchanged(school, tmp_path):
    _import(school, PUPILS)
    out = tmp_path / "ученики.xlsx"
    school.roster.export_students(out)
    plan = school.roster.apply(school.roster.inspect(out, "students"))
    assert (plan.created, plan.updated, plan.problems) == (0, 0, [])
    assert plan.unchanged == 3 + 4


def test_staff_export(school, tmp_path):
    school.people.save_staff(StaffInput("Лебедева Марина Сергеевна", "Учитель",
                                        ["teacher"], "+79105551234", "m@example.ru"))
    out = tmp_path / "сотрудники.xlsx"
    assert school.roster.export_staff(out) == 1
    sheet = load_workbook(out).active
    assert [c.value for c in sheet[3]] == ["№ п/п", "ФИО", "Должность", "Телефон",
                                           "Эл. почта", "Роли на платформе"]
    assert [c.value for c in sheet[4]] == [1, "Лебедева Марина Сергеевна", "Учитель",
                                           "+7 910 555-12-34", "m@example.ru", "Педагог"]
    assert sheet.freeze_panes == "A4" and sheet.auto_filter.ref == "A3:F4"
    plan = school.roster.apply(school.roster.inspect(out, "staff"))
    assert vars(plan.staff) == {"created": 0, "updated": 0, "unchanged": 1}


@pytest.mark.parametrize("kind, fields", [
    ("students", [None, "full_name", "birth_date", "unit", "mother_name", "mother_phone",
                  "mother_email", "father_name", "father_phone", "father_email"]),
    ("staff", [None, "full_name", "position", "phone", "email"])])
def test_template_maps_itself(kindergarten, tmp_path, kind, fields):
    out = tmp_path / "шаблон.xlsx"
    kindergarten.roster.save_template(out, kind)
    book = load_workbook(out)
    assert book.sheetnames == ["Список", "Как заполнять"]
    assert book["Список"].freeze_panes == "A4"
    if kind == "students":
        assert book["Список"]["D3"].value == "Группа"  # the kindergarten's word
    preview = kindergarten.roster.inspect(rf.xlsx({"Список": [
        [c.value for c in book["Список"][3]], ["Иванов Иван"] + [None] * (len(fields) - 2)]}),
        kind, "x.xlsx")
    assert list(preview.mappings.values()) == [fields]


def test_export_to_a_folder_that_cannot_be_written(school, tmp_path):
    folder = tmp_path / "выгрузки"
    folder.mkdir()
    blocker = folder / "файл"
    blocker.write_text("x")
    # the one file-writing helper's sentence (services/output_files, #17 folded the rosters' own)
    with pytest.raises(UserError, match="нет: выберите существующую папку"):
        school.roster.export_staff(blocker / "сотрудники.xlsx")
    assert list(folder.iterdir()) == [blocker]
