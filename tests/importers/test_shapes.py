"""Issue 12: the roster shapes school offices produce come out exactly as the file says.

One test (or a few) per shape, each with its own fixture built in code (shape_files.py):
exact pupils, guardians, units after the import, and every uncertain decision in the dry run.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import roster_files as rf  # noqa: E402
import shape_files as sf  # noqa: E402

from sferum_desk.domain.errors import UserError  # noqa: E402


def preview_of(services, data: bytes, name: str = "список.xlsx", kind: str = "students"):
    return services.roster.inspect(data, kind, name)


def run(services, data: bytes, name: str = "список.xlsx", dry: bool = False, **options):
    preview = preview_of(services, data, name)
    for key, value in options.items():
        setattr(preview, key, value)
    return services.roster.plan(preview) if dry else services.roster.apply(preview)


def pupils(services) -> dict[str, tuple]:
    """name → (birth date, unit, ((guardian, relation, phone, email), …))."""
    emails = {g.id: g.email for g in services.people.list_guardians()}
    return {s.full_name: (s.birth_date, s.unit, tuple(sorted(
        (g.full_name, g.relation, g.phone, emails.get(g.id, "")) for g in s.guardians)))
        for s in services.people.list_students()}


# ---- 1. two-level headers ---------------------------------------------------------------------
def test_two_level_header_with_four_guardians_per_row(school):
    data = sf.styled_xlsx({"2Б": sf.TWO_LEVEL}, merges={"2Б": sf.TWO_LEVEL_MERGES})
    dry = run(school, data, dry=True)
    assert (dry.students.created, dry.guardians.created) == (2, 5)
    assert dry.column_conflicts == [] and dry.problems == []
    run(school, data)
    assert pupils(school) == {
        "Орлова Вера Ильинична": (dt.date(2017, 2, 1), "2Б", (
            ("Орлов Илья Олегович", "other", "+79031112244", ""),
            ("Орлов Пётр Ильич", "other", "+79031112266", ""),
            ("Орлова Анна Петровна", "other", "+79031112233", "anna@mail.ru"),
            ("Орлова Зоя Ивановна", "other", "+79031112255", ""))),
        "Ким Лев": (dt.date(2017, 3, 3), "2Б", (
            ("Ким Ирина", "other", "+79035550000", ""),)),
    }


@pytest.mark.parametrize("maker", ["xlsx", "xls", "ods"])
def test_mother_and_father_blocks_keep_both_parents(school, maker):
    if maker == "xlsx":
        data = sf.styled_xlsx({"Лист1": sf.MOTHER_FATHER},
                              merges={"Лист1": sf.MOTHER_FATHER_MERGES})
    else:  # a copy as Excel 97 / LibreOffice save it: the merged titles in the first cell
        data = getattr(rf, maker)({"Лист1": sf.MOTHER_FATHER})
    run(school, data, name=f"список.{maker}")
    assert pupils(school) == {"Белов Ян": (None, "3В", (
        ("Белов Юрий", "father", "+79160000002", "yuri@mail.ru"),
        ("Белова Ада", "mother", "+79160000001", "ada@mail.ru")))}


def test_a_second_column_for_one_field_is_reported_never_dropped_silently(school):
    rows = [["ФИО", "Класс", "ФИО матери", "Телефон матери", "Телефон матери"],
            ["Рыбин Ян", "1А", "Рыбина Ия", "89031110000", "89031119999"]]
    dry = run(school, rf.xlsx({"Лист1": rows}), dry=True)
    conflict = dry.as_dict()["column_conflicts"]
    assert conflict == [{"sheet": "Лист1", "column": 5, "title": "Телефон матери",
                         "field": "mother_phone", "taken_by": 4,
                         "taken_by_title": "Телефон матери"}]
    assert any("Столбец 5 «Телефон матери»" in note and "не загружается" in note
               for note in dry.notes)


# ---- 2. continuation rows -----------------------------------------------------------------------
@pytest.mark.parametrize("merged", [True, False])
def test_continuation_rows_belong_to_the_child_above(school, merged):
    merges = {"4А": sf.CONTINUATION_MERGES} if merged else None
    data = sf.styled_xlsx({"4А": sf.CONTINUATION}, merges=merges)
    dry = run(school, data, dry=True)
    assert dry.skipped == [] and dry.students.created == 2 and dry.guardians.created == 5
    assert [(n["row"], n["child_row"], n["guardian"]) for n in
            dry.as_dict()["continuation_rows"]] == [
        (3, 2, "Зайцев Олег"), (4, 2, "Зайцева Нина"), (6, 5, "Лисин Ян")]
    run(school, data)
    assert pupils(school) == {
        "Зайцев Егор": (dt.date(2015, 3, 3), "4А", (
            ("Зайцев Олег", "father", "+79031114466", ""),
            ("Зайцева Анна", "mother", "+79031114455", ""),
            ("Зайцева Нина", "other", "+79031114477", ""))),
        "Лисина Ия": (dt.date(2015, 5, 5), "4А", (
            ("Лисин Ян", "father", "", ""), ("Лисина Ада", "mother", "+79031115500", "")))}


def test_a_row_with_its_own_child_data_but_no_name_is_not_a_continuation(school):
    rows = [["ФИО ребёнка", "Дата рождения", "ФИО матери"],
            ["Зайцев Егор", "03.03.2015", "Зайцева Анна"],
            [None, "09.09.2016", "Зайцева Анна"]]
    dry = run(school, rf.xlsx({"Лист1": rows}), dry=True)
    assert [(p.row, p.message) for p in dry.skipped] == [(3, "Нет ФИО: строка пропущена.")]


# ---- 3. class and group names -------------------------------------------------------------------
def test_class_names_come_to_one_canonical_unit(school):
    school.structure.create_unit("11Б")
    dry = run(school, rf.xlsx({"Лист1": sf.CLASSES}), dry=True)
    matches = {m["in_file"]: (m["unit"], m["new"]) for m in dry.as_dict()["unit_matches"]}
    assert matches == {"1 «А» класс": ("1А", True), "1А": ("1А", True),
                       "3 «В»": ("3В", True), "11-Б": ("11Б", False),
                       "11 б": ("11Б", False), "5а": ("5А", True)}
    assert dry.units_created == ["1А", "3В", "5А"]
    run(school, rf.xlsx({"Лист1": sf.CLASSES}))
    assert sorted((u.name, u.students) for u in school.structure.list_units()
                  if u.kind == "regular") == [("11Б", 2), ("1А", 2), ("3В", 1), ("5А", 1)]


def test_group_names_come_to_one_group_shown_and_correctable(kindergarten):
    kindergarten.structure.create_unit("Солнышко")
    dry = run(kindergarten, rf.xlsx({"Лист1": sf.GROUPS}), dry=True)
    matches = {m["in_file"]: (m["unit"], m["new"]) for m in dry.as_dict()["unit_matches"]}
    assert matches == {"Группа №3 \"Солнышко\"": ("Солнышко", False),
                       "гр. Солнышко": ("Солнышко", False),
                       "Солнышко (средняя)": ("Солнышко", False),
                       "Ромашка": ("Ромашка", True)}
    from sferum_desk.commands.roster import decision_lines
    assert "Подразделение: «гр. Солнышко» → «Солнышко»" in decision_lines(dry)
    # the user corrects one match: «Солнышко (средняя)» is a group of its own
    run(kindergarten, rf.xlsx({"Лист1": sf.GROUPS}),
        unit_choices={"Солнышко (средняя)": "Средняя"})
    assert {name: unit for name, (_, unit, _) in pupils(kindergarten).items()} == {
        "Жуков Ян": "Солнышко", "Зотова Ия": "Солнышко", "Ильин Ян": "Средняя",
        "Котов Ян": "Ромашка"}


def test_one_matcher_everywhere(school):
    from sferum_desk.domain.units import unit_key
    unit = school.structure.create_unit("5А")
    assert school.movement.unit_id("5 «А» класс") == unit.id
    with pytest.raises(UserError, match="уже есть"):
        school.structure.create_unit("5-а")
    assert len({unit_key(n) for n in ("1 «А» класс", "1А", "1-а", "Класс 1 А")}) == 1
    assert len({unit_key(n) for n in ("Группа №3 \"Солнышко\"", "гр. Солнышко",
                                      "Солнышко (средняя)", "«Солнышко»")}) == 1
    assert unit_key("5А") != unit_key("5Б") and unit_key("Ромашка") != unit_key("Солнышко")


# ---- 4. lines that are not people --------------------------------------------------------------
def test_lines_that_are_not_people_are_skipped_and_listed(school):
    dry = run(school, rf.xlsx({"7А": sf.NOT_PEOPLE}), dry=True)
    assert dry.students.created == 2 and dry.skipped == []
    assert [n["row"] for n in dry.as_dict()["not_people"]] == [3, 5, 7, 8, 9, 10, 11]
    run(school, rf.xlsx({"7А": sf.NOT_PEOPLE}))
    assert set(pupils(school)) == {"Мухина Ада", "Нилов Ян"}
    assert all(unit == "7А" for _, unit, _ in pupils(school).values())


# ---- 5. no name column --------------------------------------------------------------------------
@pytest.mark.sqlite_only
def test_a_file_with_no_name_column_is_refused_and_the_database_is_untouched(
        capsys, db_path, tmp_path):
    from cli_support import run as cli

    cli(capsys, "--db", db_path, "init", "--kind", "kindergarten", "--name", "Сад")
    path = tmp_path / "сводка.xlsx"
    path.write_bytes(rf.xlsx({"Сводка": sf.SUMMARY}))
    before = Path(db_path).read_bytes()
    code, out, err = cli(capsys, "--db", db_path, "import", path, "--as", "students")
    assert code == 1 and out == ""
    assert "не найден столбец с ФИО" in err and err.strip().count("\n") == 0
    assert Path(db_path).read_bytes() == before


def test_a_title_about_children_is_not_a_name_column():
    from sferum_desk.importers.fields import auto_fields
    assert auto_fields(["Группа", "Возраст детей", "Место работы матери"], "students") == [
        "unit", None, None]


# ---- 6. identity by evidence --------------------------------------------------------------------
def test_same_name_and_date_in_another_class_with_other_parents_are_two_children(school):
    data = rf.xlsx({"Лист1": sf.TWINS_BY_NAME})
    dry = run(school, data, dry=True)
    assert dry.students.created == 2 and dry.skipped == []
    [dup] = dry.as_dict()["possible_duplicates"]
    assert (dup["row"], dup["action"]) == (3, "kept_both") and "класс" in dup["reason"]
    run(school, data)
    assert sorted((unit, g[0][0]) for _, unit, g in pupils_list(school)) == [
        ("2Б", "Смирнова Ольга"), ("5А", "Смирнова Елена")]
    again = run(school, data)  # and a re-import finds each child again
    assert (again.created, again.updated, again.batch_id) == (0, 0, None)


def pupils_list(services):
    return [(s.full_name, s.unit, [(g.full_name,) for g in s.guardians])
            for s in services.people.list_students()]


def test_same_name_with_another_birth_date_is_no_update(school):
    run(school, rf.xlsx({"Лист1": [["ФИО", "Дата рождения", "Класс"],
                                   ["Смирнов Олег", "07.07.2018", "2А"]]}))
    data = rf.xlsx({"Лист1": [["ФИО", "Дата рождения", "Класс"],
                              ["Смирнов Олег", "08.08.2018", "2А"]]})
    dry = run(school, data, dry=True)
    assert (dry.students.created, dry.students.updated, dry.changes) == (1, 0, [])
    [dup] = dry.as_dict()["possible_duplicates"]
    assert dup["action"] == "kept_both" and "дата рождения" in dup["reason"]
    run(school, data)
    assert sorted(s.birth_date for s in school.people.list_students()) == [
        dt.date(2018, 7, 7), dt.date(2018, 8, 8)]


def test_reimport_without_a_patronymic_the_database_has_changes_nothing(school):
    full = [["ФИО", "Дата рождения", "Класс", "ФИО матери", "Телефон матери"],
            ["Титов Ян Ильич", "01.01.2015", "3А", "Титова Ада Петровна", "89030001122"]]
    run(school, rf.xlsx({"Лист1": full}))
    short = [full[0], ["Титов Ян", "01.01.2015", "3 а", "Титова Ада", "89030001122"]]
    first = school.roster.last_batch().id
    for _ in range(2):
        plan = run(school, rf.xlsx({"Лист1": short}))
        assert (plan.created, plan.updated, plan.batch_id) == (0, 0, None)
    assert school.roster.last_batch().id == first
    assert pupils(school) == {"Титов Ян Ильич": (dt.date(2015, 1, 1), "3А", (
        ("Титова Ада Петровна", "mother", "+79030001122", ""),))}


# ---- 7. smaller ones ----------------------------------------------------------------------------
def test_turkic_patronymics_spaced_emails_hidden_and_struck_rows(school):
    data = sf.styled_xlsx({"3А": sf.SMALL}, hidden_rows={"3А": [3]}, struck_rows={"3А": [4]})
    dry = run(school, data, dry=True)
    left = [(n["row"], n["why"]) for n in dry.as_dict()["left_out_rows"]]
    assert left == [(3, "hidden"), (4, "struck")]
    assert dry.students.created == 2
    run(school, data)
    assert pupils(school) == {
        "Алиев Рашид Рауф оглы": (dt.date(2016, 1, 1), "3А", (
            ("Алиева Лейла Рауф кызы", "mother", "", "leyla.alieva@mail.ru"),)),
        "Попов Ян": (dt.date(2016, 4, 4), "3А", (("Попова Ия", "mother", "", "popova@mail.ru"),))}
    # one tick brings them in
    plan = run(school, data, include_hidden=True)
    assert plan.students.created == 2 and plan.as_dict()["left_out_rows"] == []
    assert {"Скрытов Ян", "Зачёркнутова Ия"} <= set(pupils(school))


def test_messages_say_v_stroke(school):
    rows = [["ФИО", "Дата рождения", "Класс"], ["Иванов Иван", "01.01.2015", "1А"],
            ["Иванов Иван", "01.01.2015", "1А"]]
    plan = run(school, rf.xlsx({"Лист1": rows}), dry=True)
    assert plan.problems[0].message == ("Иванов Иван: тот же человек, что и в строке 2, "
                                        "— объединено.")


def test_a_unit_named_like_the_staff_room_is_matched_not_created_twice(school):
    # found by the CLI fuzz test: a new unit must never repeat an existing name
    plan = run(school, rf.xlsx({"Лист1": [["ФИО", "Класс"], ["Рыбин Ян", "Учительская"]]}))
    assert plan.created == 1 and plan.units_created == []
