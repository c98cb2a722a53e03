"""Issue 12, found by probing new shapes: section rows «Класс: 3А» and «Группа «Пчёлки»»,
a guardian block whose phone or «Кем приходится» stands before its ФИО, an «Опекун» block.

Before: the pupils under «Класс: 3А» silently kept the class above, children under a group
title got no group, the second parent lost their phone and relation, an «Опекун» was «other».
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import roster_files as rf  # noqa: E402
import shape_files as sf  # noqa: E402
from test_shapes import pupils, run  # noqa: E402

from sferum_desk.domain.units import class_parts, section_unit  # noqa: E402


@pytest.mark.parametrize("text, parts", [
    ("Класс: 3А", (3, "а")), ("Класс - 3 «Б»", (3, "б")), ("КЛАСС 4в;", (4, "в")),
    ("5А класс.", (5, "а")), ("Класс", None), ("Классный руководитель: Петрова", None)])
def test_class_parts_with_punctuation_beside_the_word(text, parts):
    assert class_parts(text) == parts


@pytest.mark.parametrize("text, named", [
    ("Группа «Пчёлки»", True), ("Группа № 5 \"Ромашка\"", True),
    ("Старшая группа «Звёздочки»", True), ("гр. Солнышко", True), ("Группа № 5", True),
    ("Группа продлённого дня", False), ("Группа здоровья: основная", False),
    ("Иванова Анна", False), ("Подпись ________", False)])
def test_a_line_naming_a_group_by_itself(text, named):
    assert bool(section_unit(text)) is named


def test_class_section_rows_with_a_colon(school):
    rows = [["№", "ФИО", "Дата рождения"], ["Класс: 3А"], [1, "Аров Ян", "01.01.2018"],
            ["Класс - 3 «Б»"], [1, "Бобров Ян", "01.01.2018"], ["КЛАСС 4в;"],
            [1, "Вилов Ян", "01.01.2017"]]
    run(school, rf.xlsx({"Лист1": rows}))
    assert {name: unit for name, (_, unit, _) in pupils(school).items()} == {
        "Аров Ян": "3А", "Бобров Ян": "3Б", "Вилов Ян": "4В"}


@pytest.mark.parametrize("maker", ["xlsx", "ods"])
def test_group_title_rows_set_the_group_of_the_children_below(kindergarten, maker):
    rows = [["№", "Ф.И.О. ребёнка", "Дата рождения"], ["Группа «Пчёлки»"],
            [1, "Лебедев Миша", "01.02.2021"], ["Группа № 5 \"Ромашка\""],
            [1, "Морозова Катя", "03.04.2021"], [2, "Носов Петя", "05.06.2021"]]
    data = sf.styled_xlsx({"Лист1": rows}, merges={"Лист1": ["A2:C2", "A4:C4"]}) \
        if maker == "xlsx" else rf.ods({"Лист1": rows})
    dry = run(kindergarten, data, name=f"список.{maker}", dry=True)
    assert {m["in_file"]: m["unit"] for m in dry.as_dict()["unit_matches"]} == {
        "Группа «Пчёлки»": "Пчёлки", "Группа № 5 \"Ромашка\"": "Ромашка"}
    run(kindergarten, data, name=f"список.{maker}")
    assert {name: unit for name, (_, unit, _) in pupils(kindergarten).items()} == {
        "Лебедев Миша": "Пчёлки", "Морозова Катя": "Ромашка", "Носов Петя": "Ромашка"}


BLOCKS_CONTACT_FIRST = [
    ["ФИО ребёнка", "Родитель 1", None, None, "Родитель 2", None, None],
    [None, "ФИО", "Телефон", "Кем приходится", "Телефон", "Кем приходится", "ФИО"],
    ["Орлова Вера", "Орлова Анна", "89031112233", "мать", "89031112244", "отец",
     "Орлов Илья"],
]


def test_a_blocks_phone_and_relation_before_its_name_stay_in_the_block(school):
    data = sf.styled_xlsx({"2Б": BLOCKS_CONTACT_FIRST}, merges={"2Б": ["B1:D1", "E1:G1"]})
    dry = run(school, data, dry=True)
    assert dry.column_conflicts == [] and dry.problems == []
    run(school, data)
    assert pupils(school)["Орлова Вера"][2] == (
        ("Орлов Илья", "father", "+79031112244", ""),
        ("Орлова Анна", "mother", "+79031112233", ""))


def test_flat_titles_numbered_by_parent_find_their_parent(school):
    rows = [["ФИО", "Класс", "Телефон родителя 2", "ФИО родителя 1", "Телефон родителя 1",
             "ФИО родителя 2"],
            ["Ершов Ян", "5А", "89030000002", "Ершова Ада", "89030000001", "Ершов Лев"]]
    run(school, rf.xlsx({"Лист1": rows}))
    assert pupils(school)["Ершов Ян"][2] == (("Ершов Лев", "other", "+79030000002", ""),
                                             ("Ершова Ада", "other", "+79030000001", ""))


@pytest.mark.parametrize("block", ["Опекун", "Попечитель"])
def test_a_guardian_block_without_a_relation_column_is_a_guardian(school, block):
    rows = [["ФИО ребёнка", "Мать", None, block, None],
            [None, "ФИО", "Телефон", "ФИО", "Телефон"],
            ["Жуков Ян", "Жукова Ия", "89030000011", "Жуков Пётр", "89030000012"]]
    run(school, sf.styled_xlsx({"3А": rows}, merges={"3А": ["B1:C1", "D1:E1"]}))
    assert pupils(school)["Жуков Ян"][2] == (("Жуков Пётр", "guardian", "+79030000012", ""),
                                             ("Жукова Ия", "mother", "+79030000011", ""))
