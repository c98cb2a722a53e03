"""Roster import end to end: one test per case of issue 4, with exact people, phones, dates
and units after the import."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "importers"))
import roster_files as rf  # noqa: E402

from sferum_desk.domain.errors import UserError  # noqa: E402
from sferum_desk.services.roster_import import ImportCancelled  # noqa: E402


def inspect(services, data: bytes, name: str = "список.xlsx", kind: str = "students"):
    return services.roster.inspect(data, kind, name)


def run(services, data: bytes, name: str = "список.xlsx", kind: str = "students",
        dry: bool = False, default_unit: str = ""):
    preview = inspect(services, data, name, kind)
    preview.default_unit = default_unit
    return services.roster.plan(preview) if dry else services.roster.apply(preview)


def pupils(services) -> dict[str, tuple]:
    """name → (birth date, unit, ((guardian, relation, phone), …))."""
    return {s.full_name: (s.birth_date, s.unit,
                          tuple(sorted((g.full_name, g.relation, g.phone) for g in s.guardians)))
            for s in services.people.list_students()}


def snapshot(services):
    return (pupils(services), [(g.full_name, g.phone, g.email) for g in
                               services.people.list_guardians()],
            [(s.full_name, s.position, s.phone) for s in services.people.list_staff()],
            [(u.name, u.students) for u in services.structure.list_units()])


# ---- the messy single list -----------------------------------------------------------------
def test_messy_list_with_title_two_row_header_blank_and_total_rows(school):
    data = rf.xlsx(rf.messy_class_list(), merges=rf.CLASS_LIST_MERGES)
    dry = run(school, data, dry=True)
    assert (dry.students.created, dry.guardians.created) == (3, 4)
    assert dry.units_created == ["5А"] and dry.problems == [] and dry.rows_read == 5
    assert pupils(school) == {}  # the dry run wrote nothing
    plan = run(school, data)
    assert (plan.created, plan.updated, plan.unchanged, plan.skipped) == (7, 0, 0, [])
    assert pupils(school) == {
        "Иванов Иван Петрович": (dt.date(2015, 3, 4), "5А", (
            ("Иванов Пётр Сергеевич", "father", "+79167654321"),
            ("Иванова Мария Ивановна", "mother", "+79161234567"))),
        "Семёнова Анна": (dt.date(2015, 3, 4), "5А", (
            ("Семёнова Ольга", "mother", "+79031112233"),)),
        "Петров Пётр": (dt.date(2015, 11, 12), "5А", (
            ("Петров Олег", "father", "+79260001122"),)),
    }


def test_one_sheet_per_class_takes_units_from_sheet_names(school):
    school.structure.create_unit("5а")  # an existing unit typed differently
    rows = [["№", "Фамилия", "Имя", "Отчество", "Дата рождения"],
            [1, "Орлов", "Пётр", "", "01.02.2015"], [2, "орлова ", "ника", "ивановна", "2.2.15"]]
    other = [["ФИО", "Дата рождения"], ["Зайцев Егор Ильич", dt.date(2009, 5, 6)]]
    plan = run(school, rf.xlsx({"5А": rows, "11 Б": other}))
    assert plan.units_created == ["11Б"]
    assert pupils(school) == {"Орлов Пётр": (dt.date(2015, 2, 1), "5а", ()),
                              "Орлова Ника Ивановна": (dt.date(2015, 2, 2), "5а", ()),
                              "Зайцев Егор Ильич": (dt.date(2009, 5, 6), "11Б", ())}


def test_unit_column_in_a_kindergarten_list(kindergarten):
    rows = [["Ф.И.О. воспитанника", "Группа", "Законный представитель", "Телефон", "E-mail"],
            ["Белова Ася", "Ромашка", "Белова Инна Петровна", "8(910)123-45-67",
             "Inna@Mail.RU"],
            ["Белов Лев", "«Солнышко»", "Белова Инна Петровна", "+7 910 123 45 67", ""]]
    plan = run(kindergarten, rf.xlsx({"Лист1": rows}))
    assert sorted(plan.units_created) == ["Ромашка", "Солнышко"]
    assert (plan.students.created, plan.guardians.created) == (2, 1)  # siblings, one mother
    guardians = kindergarten.people.list_guardians()
    assert [(g.full_name, g.phone, g.email, len(g.children)) for g in guardians] == [
        ("Белова Инна Петровна", "+79101234567", "inna@mail.ru", 2)]
    assert guardians[0].children[0].relation == "other"


def test_default_unit_for_rows_that_name_none(school):
    rows = [["ФИО"], ["Иванов Иван"], ["Петров Пётр"]]
    dry = run(school, rf.xlsx({"Лист1": rows}), dry=True)
    assert dry.notes == ["2 чел. без класса/группы: укажите его в столбце или выберите для "
                         "всех строк."]
    plan = run(school, rf.xlsx({"Лист1": rows}), default_unit="1 в")
    assert plan.units_created == ["1В"] and plan.notes == []
    assert {p[1] for p in pupils(school).values()} == {"1В"}


# ---- the same person twice, siblings, re-import, updates -----------------------------------
def test_same_person_twice_is_one_person(school):
    rows = [["ФИО", "Дата рождения", "Класс", "ФИО матери", "Телефон матери"],
            ["Иванов Иван", "04.03.2015", "1А", "Иванова Мария", "89161234567"],
            [" иванов  иван ", dt.date(2015, 3, 4), "1А", "Иванова Мария", "8 916 123-45-67"],
            ["Иванов Иван", "04.03.2015", "1А", "Иванова Мария", "89161234567"],
            ["Иванов Иван", "05.05.2016", "1А", None, None]]  # a namesake: another child
    plan = run(school, rf.xlsx({"Лист1": rows}))
    assert (plan.students.created, plan.guardians.created) == (2, 1)
    assert [(p.row, p.skipped) for p in plan.problems] == [(3, True), (4, True)]
    assert "тот же человек, что и в строке 2," in plan.problems[0].message  # issue 12: «в строке»
    assert sorted(s.birth_date for s in school.people.list_students()) == [
        dt.date(2015, 3, 4), dt.date(2016, 5, 5)]


def test_siblings_share_their_parent(school):
    rows = [["ФИО", "Класс", "ФИО матери", "Телефон матери", "ФИО отца", "Телефон отца"],
            ["Козлов Олег", "3А", "Козлова Ирина", "8 905 000-00-01", "Козлов Пётр", ""],
            ["Козлова Вера", "5Б", "КОЗЛОВА ирина", "+7 905 000 00 01", "Козлов Пётр", ""],
            ["Лисин Ян", "3А", "Козлова Ирина", "8 905 999-99-99", None, None]]
    plan = run(school, rf.xlsx({"Лист1": rows}))
    # one Ирина with the phone …01 for two children, another Ирина (other phone), one father
    assert (plan.students.created, plan.guardians.created) == (3, 3)
    children = {g.full_name + g.phone: sorted(c.full_name for c in g.children)
                for g in school.people.list_guardians()}
    assert children == {"Козлова Ирина+79050000001": ["Козлов Олег", "Козлова Вера"],
                        "Козлова Ирина+79059999999": ["Лисин Ян"],
                        "Козлов Пётр": ["Козлов Олег", "Козлова Вера"]}


def test_reimporting_the_same_file_changes_nothing(school):
    data = rf.xlsx(rf.messy_class_list())
    first = run(school, data)
    before = snapshot(school)
    again = run(school, data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)
    assert again.batch_id is None  # nothing to undo
    assert snapshot(school) == before
    assert school.roster.last_batch().id == first.batch_id


def test_updated_list_adds_new_people_and_updates_changed_ones(school):
    old = [["ФИО", "Дата рождения", "Класс", "ФИО матери", "Телефон матери"],
           ["Орлов Пётр", "01.02.2015", "5А", "Орлова Вера", "89031112233"],
           ["Зайцев Егор", "03.03.2015", "5А", "Зайцева Анна", "89031114455"]]
    run(school, rf.xlsx({"Лист1": old}))
    new = [old[0],
           ["Орлов Пётр Ильич", "01.02.2015", "6А", "Орлова Вера", "89037778899"],  # 3 changes
           ["Зайцев Егор", "03.03.2015", "5А", "Зайцева Анна", "89031114455"],  # the same
           ["Новикова Ия", "09.09.2015", "5А", "Новикова Ада", "89030000000"]]  # new
    dry = run(school, rf.xlsx({"Лист1": new}), dry=True)
    assert vars(dry.students) == {"created": 1, "updated": 1, "unchanged": 1}
    assert vars(dry.guardians) == {"created": 1, "updated": 1, "unchanged": 1}
    assert dry.units_created == ["6А"]
    assert [(c.row, c.person, c.what) for c in dry.changes] == [
        (2, "Орлов Пётр Ильич", "ФИО; переведён в «6А»")]
    assert [(m.incoming, m.existing) for m in dry.merges] == [
        ("Орлов Пётр Ильич, 01.02.2015, 6А", "Орлов Пётр, 01.02.2015")]
    run(school, rf.xlsx({"Лист1": new}))
    assert pupils(school)["Орлов Пётр Ильич"] == (
        dt.date(2015, 2, 1), "6А", (("Орлова Вера", "mother", "+79037778899"),))
    assert len(pupils(school)) == 3


def test_a_pair_marked_not_duplicate_is_never_merged(school):
    run(school, rf.xlsx({"Лист1": [["ФИО", "Класс"], ["Смирнов Олег", "2А"]]}))
    data = rf.xlsx({"Лист1": [["ФИО", "Дата рождения", "Класс"],
                              ["Смирнов Олег", "07.07.2018", "2А"]]})
    dry = run(school, data, dry=True)
    assert (dry.students.updated, dry.students.created) == (1, 0)  # looks like the same boy
    merge = dry.merges[0]
    school.roster.mark_not_duplicate(merge.key_a, merge.key_b)
    school.roster.mark_not_duplicate(merge.key_b, merge.key_a)  # idempotent, either order
    plan = run(school, data)
    assert (plan.students.updated, plan.students.created, plan.merges) == (0, 1, [])
    assert len(school.people.list_students()) == 2
    assert run(school, data).students.unchanged == 2 - 1  # and the next time too


# ---- per-row problems ------------------------------------------------------------------------
def test_row_problems_are_listed_and_the_rest_imports(school):
    rows = [["ФИО", "Дата рождения", "Телефон", "Класс", "ФИО матери", "Телефон матери"],
            ["Иванов Иван", "32.13.2015", "8 916 123 45 67", "1А", "Иванова Мария", "12345"],
            [None, "01.01.2015", "89160000000", "1А"],
            ["Петров", "01.01.2015", None, "1А"],
            ["Сидоров Сид", "01.01.2015", "не знаю", "1А", None, "89161112233"],
            ["Кузнецова Ая", "2015", "89161112244", "1А"]]
    plan = run(school, rf.xlsx({"1А": rows}), dry=True)
    problems = [(p.sheet, p.row, p.column, p.skipped) for p in plan.problems]
    assert problems == [("1А", 2, "Дата рождения", False), ("1А", 2, "Телефон матери", False),
                        ("1А", 3, "", True), ("1А", 4, "ФИО", True),
                        ("1А", 5, "Телефон", False), ("1А", 5, "Телефон матери", False),
                        ("1А", 6, "Дата рождения", False)]
    assert plan.problems[2].message == "Нет ФИО: строка пропущена."
    assert [p["row"] for p in plan.as_dict()["skipped"]] == [3, 4]
    run(school, rf.xlsx({"1А": rows}))
    assert pupils(school) == {
        "Иванов Иван": (None, "1А", (("Иванова Мария", "mother", ""),)),
        "Сидоров Сид": (dt.date(2015, 1, 1), "1А", ()),
        "Кузнецова Ая": (None, "1А", ())}


# ---- files that are not tables: the database stays as it was --------------------------------
@pytest.mark.parametrize("data, words", [
    (b"\x00\x01garbage" * 500, "не похож на таблицу"),
    (rf.xlsx({"Лист1": [["ФИО"], ["Иванов Иван"]] * 40})[:1500], "повреждён"),
    (rf.encrypted_xlsx({"Лист1": [["ФИО"], ["Иванов Иван"]]}), "защищён паролем"),
    (rf.xlsx({"Лист1": []}), "нет ни одной заполненной строки"),
    (rf.xlsx({"Лист1": [["Дата", "Сумма"], ["01.02.2020", 100]]}), "не найден столбец с ФИО"),
])
def test_bad_files_leave_the_database_as_it_was(school, data, words):
    run(school, rf.xlsx(rf.messy_class_list()))
    before = snapshot(school), school.roster.last_batch()
    with pytest.raises(UserError) as caught:
        run(school, data)
    assert words in caught.value.message
    assert (snapshot(school), school.roster.last_batch()) == before


def test_a_mapping_without_a_name_column_is_refused(school):
    preview = inspect(school, rf.xlsx({"Лист1": [["ФИО", "Класс"], ["Иванов Иван", "1А"]]}))
    preview.mappings = {key: [None, "unit"] for key in preview.mappings}
    with pytest.raises(UserError, match="Укажите столбец с ФИО"):
        school.roster.plan(preview)


# ---- one batch: undo, cancel --------------------------------------------------------------------
def test_undo_last_import_restores_everything(school):
    old = [["ФИО", "Дата рождения", "Класс", "ФИО матери", "Телефон матери"],
           ["Орлов Пётр", "01.02.2015", "5А", "Орлова Вера", "89031112233"]]
    run(school, rf.xlsx({"Лист1": old}))
    before = snapshot(school)
    new = [old[0], ["Орлов Пётр", "01.02.2015", "6Б", "Орлова Вера", "89039998877"],
           ["Орлова Ия", "01.02.2017", "1А", "Орлова Вера", "89039998877"]]
    plan = run(school, rf.xlsx({"Лист1": new}))
    assert (plan.created, plan.updated) == (1, 2)
    info = school.roster.undo_last()
    assert info.id == plan.batch_id and info.source_name == "список.xlsx"
    assert snapshot(school) == before
    school.roster.undo_last()  # the first import too
    assert snapshot(school) == ({}, [], [], [("Учительская", 0)])
    with pytest.raises(UserError, match="Нет импорта"):
        school.roster.undo_last()


def test_undo_keeps_the_history_of_a_move(school):
    run(school, rf.xlsx({"Лист1": [["ФИО", "Класс"], ["Орлов Пётр", "5А"]]}))
    run(school, rf.xlsx({"Лист1": [["ФИО", "Класс"], ["Орлов Пётр", "6А"]]}))
    assert pupils(school)["Орлов Пётр"][1] == "6А"
    school.roster.undo_last()
    assert pupils(school)["Орлов Пётр"][1] == "5А"
    assert [u.name for u in school.structure.list_units()] == ["Учительская", "5А"]


def _letters(number: int) -> str:
    """A distinct short Russian-letter suffix for each number (names stay real-sized)."""
    alphabet = "абвгдежзиклмнопрстуфхцчшщэюя"
    text = ""
    while True:
        number, digit = divmod(number, len(alphabet))
        text += alphabet[digit]
        if not number:
            return text


def test_cancel_leaves_the_database_as_it_was(school):
    run(school, rf.xlsx(rf.messy_class_list()))
    before = snapshot(school), school.roster.last_batch()
    rows = [["ФИО", "Класс"]] + [[f"Иванов{'а' * (i % 3)} Иван{_letters(i // 3)}", "2А"]
                                 for i in range(6000)]
    preview = inspect(school, rf.xlsx({"Лист1": rows}))
    stages = []

    def cancelled() -> bool:
        return any(stage == "Запись" for stage in stages)

    with pytest.raises(ImportCancelled, match="отменён"):
        school.roster.apply(preview, progress=lambda done, total, stage: stages.append(stage),
                            cancelled=cancelled)
    assert "Запись" in stages
    assert (snapshot(school), school.roster.last_batch()) == before


# ---- staff ------------------------------------------------------------------------------------
def test_staff_list(school):
    rows = [["Список педагогических работников"], [],
            ["№", "Ф.И.О.", "Должность", "телефон", "почта"],
            [1, "Лебедева Марина Сергеевна", "Учитель", "8 910 555-12-34", "M.Lebedeva@mail.ru"],
            [2, "Гусев Ян", "Директор", 89105551235.0, ""],
            [3, "лебедева марина сергеевна", "Учитель", "8 910 555-12-34", ""]]
    plan = run(school, rf.xlsx({"Лист1": rows}), kind="staff")
    assert vars(plan.staff) == {"created": 2, "updated": 0, "unchanged": 0}
    assert [(p.row, p.skipped) for p in plan.problems] == [(6, True)]
    assert [(s.full_name, s.position, s.phone, s.email) for s in school.people.list_staff()] == [
        ("Гусев Ян", "Директор", "+79105551235", ""),
        ("Лебедева Марина Сергеевна", "Учитель", "+79105551234", "m.lebedeva@mail.ru")]
    rows[4][2] = "Заместитель директора"
    again = run(school, rf.xlsx({"Лист1": rows}), kind="staff")
    assert vars(again.staff) == {"created": 0, "updated": 1, "unchanged": 1}
    assert again.changes[0].what == "должность «Директор» → «Заместитель директора»"


def test_a_teacher_who_is_a_parent_is_one_person(school):
    run(school, rf.xlsx({"Лист1": [["ФИО", "Должность", "Телефон"],
                                   ["Орлова Вера", "Учитель", "89031112233"]]}), kind="staff")
    plan = run(school, rf.xlsx({"Лист1": [["ФИО", "Класс", "ФИО матери", "Телефон матери"],
                                          ["Орлов Пётр", "5А", "Орлова Вера", "89031112233"]]}))
    assert plan.guardians.created == 1
    staff_id = school.people.list_staff()[0].id
    assert [g.id for g in school.people.list_guardians()] == [staff_id]
    school.roster.undo_last()  # removes the parent role, keeps the teacher
    assert school.people.list_guardians() == [] and len(school.people.list_staff()) == 1


# ---- mapping memory, formats ------------------------------------------------------------------
def test_mapping_is_remembered_for_the_next_file_of_the_same_shape(school):
    rows = [["ФИО", "Кружок", "Сотовый"], ["Иванов Иван", "Шахматы", "89161234567"]]
    preview = inspect(school, rf.xlsx({"Лист1": rows}))
    key = next(iter(preview.mappings))
    assert preview.mappings[key] == ["full_name", None, "phone"]
    preview.mappings[key] = ["full_name", "unit", "phone"]  # the user's choice
    school.roster.apply(preview)
    again = inspect(school, rf.xlsx({"Лист1": rows + [["Петров Пётр", "Шахматы", ""]]}))
    assert again.mappings[key] == ["full_name", "unit", "phone"] and again.remembered == {key}
    other = inspect(school, rf.xlsx({"Лист1": [["ФИО", "Телефон"], ["Иванов Иван", ""]]}))
    assert other.remembered == set()


@pytest.mark.parametrize("maker, name", [(rf.xls, "list.xls"), (rf.ods, "list.ods")])
def test_xls_and_ods_import(school, maker, name):
    rows = [["ФИО", "Дата рождения", "Телефон матери", "ФИО матери"],
            ["Иванов Иван", dt.date(2015, 3, 4), 89161234567, "Иванова Мария"]]
    run(school, maker({"3В": rows}), name)
    assert pupils(school) == {"Иванов Иван": (dt.date(2015, 3, 4), "3В", (
        ("Иванова Мария", "mother", "+79161234567"),))}


def test_csv_in_windows_1251_with_commas(school):
    rows = [["Фамилия", "Имя", "Отчество", "Дата рождения", "Класс"],
            ["Ёлкин", "Фёдор", "Семёнович", "01.09.2016", "4 Г"]]
    run(school, rf.csv_bytes(rows, "cp1251", ","), "выгрузка.xlsx")
    assert pupils(school) == {"Ёлкин Фёдор Семёнович": (dt.date(2016, 9, 1), "4Г", ())}
