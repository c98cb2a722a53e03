"""Issue 12 in the wizard: every uncertain decision is shown, and can be changed by a click —
unit matches (typed over), hidden/struck rows (one tick), not-people lines, continuation
rows, a column left out because its field is taken; a reading failure is a sentence."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from gui_support import click, key_clicks
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "importers"))
import roster_files as rf  # noqa: E402
import shape_files as sf  # noqa: E402

from sferum_desk.ui.import_roster import wizard as import_wizard  # noqa: E402
from sferum_desk.ui.import_roster.wizard import PAGE_COLUMNS, PAGE_FILE, PAGE_PLAN, ImportWizard  # noqa: E402
from wizard_steps import choose_file  # noqa: E402
from wizard_steps import wait_plan as wait_for_plan  # noqa: E402


def open_wizard(qtbot, services):
    dialog = ImportWizard(services)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def to_plan(qtbot, monkeypatch, wizard, path: Path) -> None:
    choose_file(qtbot, monkeypatch, wizard, path)
    click(qtbot, wizard.next_button)
    assert wizard.pages.currentIndex() == PAGE_COLUMNS
    click(qtbot, wizard.next_button)
    wait_plan(qtbot, wizard)


def wait_plan(qtbot, wizard) -> None:
    wait_for_plan(qtbot, wizard)
    assert wizard.pages.currentIndex() == PAGE_PLAN


def import_now(qtbot, wizard):
    click(qtbot, wizard.next_button)
    qtbot.waitUntil(lambda: wizard.outcome is not None, timeout=20000)


def cells(table, column: int) -> list[str]:
    return [table.item(r, column).text() for r in range(table.rowCount())]


def test_unit_matches_are_shown_and_corrected_by_typing(qtbot, monkeypatch, kindergarten,
                                                        tmp_path):
    kindergarten.structure.create_unit("Солнышко")
    path = tmp_path / "группы.xlsx"
    path.write_bytes(rf.xlsx({"Лист1": sf.GROUPS}))
    wizard = open_wizard(qtbot, kindergarten)
    to_plan(qtbot, monkeypatch, wizard, path)
    table = wizard.review.units_table
    assert table.isVisibleTo(wizard)
    assert cells(table, 0) == ["Группа №3 \"Солнышко\"", "гр. Солнышко", "Солнышко (средняя)",
                               "Ромашка"]
    assert cells(table, 2) == ["Солнышко", "Солнышко", "Солнышко", "Ромашка"]
    assert cells(table, 3) == ["уже есть", "уже есть", "уже есть", "будет создано"]
    # the user clicks «Солнышко» of «Солнышко (средняя)», presses F2 and types another group
    rect = table.visualItemRect(table.item(2, 2))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: table.viewport().findChild(QLineEdit) is not None, timeout=5000)
    editor = table.viewport().findChild(QLineEdit)
    editor.selectAll()
    key_clicks(editor, "Средняя")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    wizard.plan = None
    wait_plan(qtbot, wizard)
    assert cells(table, 2)[2] == "Средняя" and cells(table, 3)[2] == "будет создано"
    import_now(qtbot, wizard)
    units = {s.full_name: s.unit for s in kindergarten.people.list_students()}
    assert units == {"Жуков Ян": "Солнышко", "Зотова Ия": "Солнышко", "Ильин Ян": "Средняя",
                     "Котов Ян": "Ромашка"}


def test_hidden_and_struck_rows_are_listed_and_one_tick_brings_them_in(qtbot, monkeypatch,
                                                                      school, tmp_path):
    path = tmp_path / "3А.xlsx"
    path.write_bytes(sf.styled_xlsx({"3А": sf.SMALL}, hidden_rows={"3А": [3]},
                                    struck_rows={"3А": [4]}))
    wizard = open_wizard(qtbot, school)
    to_plan(qtbot, monkeypatch, wizard, path)
    model = wizard.review.decisions_model
    outcomes = [model.data(model.index(r, 3)) for r in range(model.rowCount())]
    assert outcomes == ["скрыта в файле: не загружается", "зачёркнута в файле: не загружается"]
    box = wizard.review.include_hidden
    assert box.isVisibleTo(wizard) and "(2)" in box.text()
    wizard.plan = None
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))
    wait_plan(qtbot, wizard)
    assert wizard.plan.students.created == 4 and model.rowCount() == 0
    import_now(qtbot, wizard)
    assert len(school.people.list_students()) == 4


def test_not_people_and_continuation_rows_are_listed(qtbot, monkeypatch, school, tmp_path):
    path = tmp_path / "7А.xlsx"
    path.write_bytes(rf.xlsx({"7А": sf.NOT_PEOPLE[:8], "4А": sf.CONTINUATION}))
    wizard = open_wizard(qtbot, school)
    to_plan(qtbot, monkeypatch, wizard, path)
    model = wizard.review.decisions_model
    rows = [(model.data(model.index(r, 1)), model.data(model.index(r, 3)))
            for r in range(model.rowCount())]
    assert ("7", "не человек: строка пропущена") in rows
    assert ("3", "добавлен к ученику из строки 2") in rows
    assert wizard.review.decisions_view.isVisibleTo(wizard)


def test_a_second_column_for_a_taken_field_is_shown_on_the_columns_page(qtbot, monkeypatch,
                                                                       school, tmp_path):
    path = tmp_path / "список.xlsx"
    path.write_bytes(rf.xlsx({"Лист1": [["ФИО", "Телефон", "Телефон"],
                                        ["Рыбин Ян", "89031110000", "89031119999"]]}))
    monkeypatch.setattr(import_wizard, "ask_open_path", lambda parent: path)
    wizard = open_wizard(qtbot, school)
    wizard.path_edit.setText(str(path))
    click(qtbot, wizard.next_button)
    label = wizard.conflicts_label
    assert label.isVisibleTo(wizard) and "Столбец 3 «Телефон» не загружается" in label.text()
    box = wizard.field_boxes[1]
    # the user takes the phone from column 3 instead: now column 2 is the one said
    wizard.field_boxes[2].setCurrentIndex(wizard.field_boxes[2].findData("phone"))
    assert [b.currentData() for b in wizard.field_boxes] == ["full_name", "", "phone"]
    assert "Столбец 2 «Телефон» не загружается" in label.text()
    box.setCurrentIndex(box.findData("email"))  # a column given another field: nothing to say
    assert not label.isVisibleTo(wizard)


@pytest.mark.parametrize("failure", [RuntimeError("boom"), MemoryError()])
def test_a_reading_failure_in_the_worker_is_a_sentence(qtbot, monkeypatch, school, tmp_path,
                                                       failure):
    path = tmp_path / "список.xlsx"
    path.write_bytes(rf.xlsx({"Лист1": [["ФИО"], ["Рыбин Ян"]]}))

    def broken(*args, **kwargs):
        raise failure

    monkeypatch.setattr(school.roster, "inspect", broken)
    wizard = open_wizard(qtbot, school)
    wizard.path_edit.setText(str(path))
    click(qtbot, wizard.next_button)
    assert wizard.pages.currentIndex() == PAGE_FILE and wizard.isVisible()
    assert wizard.file_error.text().startswith("Файл слишком большой или повреждён")


def test_a_unit_taken_from_the_title_and_a_split_parents_cell_are_shown(qtbot, monkeypatch,
                                                                        school, tmp_path):
    rows = [["Список обучающихся 3 «Б» класса"], ["ФИО", "Родители"],
            ["Новиков Глеб", "Новикова Ксения Андреевна\nНовиков Антон Игоревич"]]
    path = tmp_path / "3Б.xlsx"
    path.write_bytes(rf.xlsx({"Лист1": rows}))
    wizard = open_wizard(qtbot, school)
    to_plan(qtbot, monkeypatch, wizard, path)
    model = wizard.review.decisions_model
    decided = [(model.data(model.index(r, 1)), model.data(model.index(r, 2)),
                model.data(model.index(r, 3))) for r in range(model.rowCount())]
    assert ("1", "Список обучающихся 3 «Б» класса", "все строки листа: «3Б» (заголовок)") \
        in decided
    assert cells(wizard.review.units_table, 2) == ["3Б"]
    assert ("3", "в одной ячейке: Новикова Ксения Андреевна; Новиков Антон Игоревич",
            "записаны как разные люди") in decided
    assert wizard.problems_model.rowCount() == 0
