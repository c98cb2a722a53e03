"""The import wizard, walked with the mouse: file → columns → dry run → import, cancel,
«разные люди», the template, and the «Файл» menu's import actions."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt
from gui_support import click

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "importers"))
import roster_files as rf  # noqa: E402

from sferum_desk.ui.import_roster import wizard as import_wizard  # noqa: E402
from sferum_desk.ui.import_roster.wizard import (  # noqa: E402
    PAGE_COLUMNS, PAGE_FILE, PAGE_PLAN, PAGE_RUN, ImportWizard,
)
from sferum_desk.ui.signals import DataSignals  # noqa: E402
from wizard_steps import choose_file, wait_plan  # noqa: E402

ROWS = [["Список 1А"], ["ФИО", "Дата рождения", "Кружок", "ФИО матери", "Телефон матери"],
        ["Иванов Иван", "04.03.2018", "Шахматы", "Иванова Мария", "8 916 123-45-67"],
        ["Петров", "05.05.2018", "", "Петрова Ада", ""],
        ["Сидорова Ая", "06.06.2018", "Танцы", "Иванова Мария", "89161234567"]]


@pytest.fixture
def roster_file(tmp_path):
    path = tmp_path / "1А.xlsx"
    path.write_bytes(rf.xlsx({"1А": ROWS}))
    return path


@pytest.fixture
def wizard(qtbot, school):
    data_signals = DataSignals()
    dialog = ImportWizard(school, data_signals)
    dialog.emitted = []
    data_signals.changed.connect(dialog.emitted.append)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def tick(qtbot, box) -> None:
    """Click a check box or radio button on its box, as a user does (its centre may lie
    beyond the text when the layout stretches it)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))


def test_walk_the_wizard(qtbot, monkeypatch, wizard, roster_file, school):
    assert wizard.pages.currentIndex() == PAGE_FILE and not wizard.next_button.isEnabled()
    choose_file(qtbot, monkeypatch, wizard, roster_file)
    click(qtbot, wizard.next_button)
    assert wizard.pages.currentIndex() == PAGE_COLUMNS
    assert "строке 2 листа «1А»" in wizard.header_info.text()
    assert [b.currentData() for b in wizard.field_boxes] == [
        "full_name", "birth_date", "", "mother_name", "mother_phone"]
    assert [b.currentText() for b in wizard.field_boxes][:2] == [
        "ФИО (ученик)", "Дата рождения (ученик)"]
    assert wizard.preview_model.rowCount() == 3
    assert wizard.preview_model.headerData(0, Qt.Orientation.Horizontal) == "ФИО\n→ ФИО (ученик)"
    assert wizard.unit_row.isVisibleTo(wizard)
    # the user says the «Кружок» column is the class (a strange file, but their choice)
    box = wizard.field_boxes[2]
    box.setCurrentIndex(box.findData("unit"))
    assert wizard.preview.mappings[wizard.current_shape().key][2] == "unit"
    wizard.field_boxes[2].setCurrentIndex(0)
    wizard.default_unit.setEditText("1 а")

    click(qtbot, wizard.next_button)
    wait_plan(qtbot, wizard)
    assert wizard.pages.currentIndex() == PAGE_PLAN
    summary = wizard.plan_summary.text()
    assert "добавить 2" in summary and "1А" in summary  # two pupils, the unit is created
    assert wizard.problems_model.rowCount() == 1
    assert wizard.problems_model.data(wizard.problems_model.index(0, 1)) == "4"
    assert wizard.problems_model.data(wizard.problems_model.index(0, 4)) == "строка пропущена"
    assert not wizard.next_button.isEnabled()  # first agree to skip the bad row
    tick(qtbot, wizard.accept_skips)
    assert wizard.next_button.isEnabled() and wizard.next_button.text() == "Загрузить"

    click(qtbot, wizard.next_button)
    assert wizard.pages.currentIndex() == PAGE_RUN
    qtbot.waitUntil(lambda: wizard.outcome is not None, timeout=20000)
    assert wizard.run_label.text() == "Импорт завершён."
    assert "Добавлено: 3" in wizard.result_label.text()
    assert wizard.emitted == ["all"]
    pupils = {s.full_name: (s.unit, [g.full_name for g in s.guardians])
              for s in school.people.list_students()}
    assert pupils == {"Иванов Иван": ("1А", ["Иванова Мария"]),
                      "Сидорова Ая": ("1А", ["Иванова Мария"])}
    assert wizard.next_button.text() == "Готово"
    click(qtbot, wizard.next_button)
    assert wizard.result() == wizard.DialogCode.Accepted


def test_a_bad_file_keeps_the_first_page_with_the_reason(qtbot, monkeypatch, wizard,
                                                        tmp_path, school):
    bad = tmp_path / "список.xlsx"
    bad.write_bytes(b"\x01\x02garbage" * 300)
    choose_file(qtbot, monkeypatch, wizard, bad)
    click(qtbot, wizard.next_button)
    assert wizard.pages.currentIndex() == PAGE_FILE
    assert wizard.file_error.isVisibleTo(wizard)
    assert "не похож на таблицу" in wizard.file_error.text()


def test_one_field_one_column(qtbot, monkeypatch, wizard, roster_file):
    choose_file(qtbot, monkeypatch, wizard, roster_file)
    click(qtbot, wizard.next_button)
    box = wizard.field_boxes[2]
    box.setCurrentIndex(box.findData("full_name"))
    assert [b.currentData() for b in wizard.field_boxes][:3] == ["", "birth_date",
                                                                 "full_name"]
    wizard.field_boxes[2].setCurrentIndex(0)  # now no name column at all
    click(qtbot, wizard.next_button)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == PAGE_COLUMNS and
                    wizard.columns_error.isVisibleTo(wizard), timeout=20000)
    assert "Укажите столбец с ФИО" in wizard.columns_error.text()


def test_cancel_leaves_the_database_as_it_was(qtbot, monkeypatch, wizard, roster_file,
                                              school):
    real_apply = school.roster.apply
    started = threading.Event()

    def slow_apply(preview, progress=None, cancelled=None):
        progress(5, 100, "Запись")
        started.set()
        for _ in range(2000):  # wait for the user's «Отменить импорт», at most 20 s
            if cancelled():
                break
            threading.Event().wait(0.01)
        return real_apply(preview, progress, cancelled)

    monkeypatch.setattr(school.roster, "apply", slow_apply)
    choose_file(qtbot, monkeypatch, wizard, roster_file)
    click(qtbot, wizard.next_button)
    click(qtbot, wizard.next_button)
    wait_plan(qtbot, wizard)
    tick(qtbot, wizard.accept_skips)
    click(qtbot, wizard.next_button)
    qtbot.waitUntil(started.is_set, timeout=10000)
    assert wizard.close_button.text() == "Отменить импорт"
    click(qtbot, wizard.close_button)
    qtbot.waitUntil(lambda: not wizard.running(), timeout=20000)
    assert wizard.run_label.text() == "Импорт отменён: база данных осталась как была."
    assert school.people.list_students() == [] and school.roster.last_batch() is None
    assert wizard.emitted == [] and wizard.isVisible()


def test_mark_different_people(qtbot, monkeypatch, wizard, tmp_path, school):
    first = tmp_path / "old.xlsx"
    first.write_bytes(rf.xlsx({"1А": [["ФИО"], ["Смирнов Олег"]]}))
    school.roster.apply(school.roster.inspect(first, "students"))
    second = tmp_path / "new.xlsx"
    second.write_bytes(rf.xlsx({"1А": [["ФИО", "Дата рождения"],
                                       ["Смирнов Олег", "07.07.2018"]]}))
    choose_file(qtbot, monkeypatch, wizard, second)
    click(qtbot, wizard.next_button)
    click(qtbot, wizard.next_button)
    wait_plan(qtbot, wizard)
    assert wizard.merges_view.isVisibleTo(wizard) and wizard.merges_model.rowCount() == 1
    assert wizard.changes_model.rowCount() == 1  # the birth date would be filled in
    wizard.merges_view.selectRow(0)
    click(qtbot, wizard.not_duplicate_button)
    wait_plan(qtbot, wizard)
    assert wizard.merges_model.rowCount() == 0
    assert "добавить 1, обновить 0, без изменений 0" in wizard.plan_summary.text()


def test_save_a_template(qtbot, monkeypatch, wizard, tmp_path, boxes):
    target = tmp_path / "шаблон"
    monkeypatch.setattr(import_wizard, "ask_save_path", lambda *a: target.with_suffix(".xlsx"))
    tick(qtbot, wizard.kind_staff)
    click(qtbot, wizard.template_button)
    sheet = load_workbook(target.with_suffix(".xlsx"))["Список"]
    assert [c.value for c in sheet[3]] == ["№ п/п", "ФИО", "Должность", "Телефон", "Эл. почта"]
    assert boxes.infos and "Шаблон сохранён" in boxes.infos[0]


def test_file_menu_import_undo_and_export(qtbot, monkeypatch, open_window, school, boxes,
                                          roster_file, tmp_path):
    window = open_window(school)
    undo = window.menu_action("Файл", "Отменить последний импорт")
    undo.trigger()
    assert boxes.infos == ["Нет импорта, который можно отменить."]
    window.menu_action("Файл", "Импорт из Excel…").trigger()
    wizard = window.findChild(ImportWizard)
    assert wizard is not None and wizard.isVisible()
    wizard.close()
    school.roster.apply(school.roster.inspect(roster_file, "students"))
    undo.trigger()
    assert "Отменить импорт файла «1А.xlsx»" in boxes.questions[0]
    assert boxes.infos[-1] == "Импорт «1А.xlsx» отменён."
    assert school.people.list_students() == []
    out = tmp_path / "сотрудники.xlsx"
    monkeypatch.setattr(import_wizard, "ask_save_path", lambda *a: out)
    window.menu_action("Файл", "Выгрузить сотрудников в Excel…").trigger()
    assert out.exists() and boxes.infos[-1].startswith("Сохранено:")
