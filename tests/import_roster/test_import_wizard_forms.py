"""The import wizard's frame and pages are designed in forms/import_*.ui: each page is built
from its file, the cursor starts in each page's first field, Tab follows the file's order and
then the buttons, and a run typed at the keyboard imports a small workbook."""

from __future__ import annotations


import pytest
from gui_support import form_tabstops, key_clicks, show_active
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from sferum_desk.ui.import_roster.wizard import (
    PAGE_COLUMNS, PAGE_FILE, PAGE_PLAN, PAGE_RUN, ImportWizard,
)

PAGES = ["import_source", "import_mapping", "import_plan", "import_run"]


tabstops = form_tabstops


@pytest.fixture
def wizard(qtbot, kindergarten):
    dialog = ImportWizard(kindergarten)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    return dialog


@pytest.fixture
def roster(tmp_path):
    """Two children and their mothers, on a sheet that names no group."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Лист1"
    sheet.append(["Список воспитанников"])
    sheet.append(["ФИО ребёнка", "Дата рождения", "ФИО матери", "Телефон матери"])
    sheet.append(["Орлов Пётр Ильич", "01.02.2021", "Орлова Анна Сергеевна", "8 916 222-33-44"])
    sheet.append(["Лебедева Мария", "03.04.2021", "Лебедева Ольга", ""])
    path = tmp_path / "дети.xlsx"
    book.save(path)
    return path


def focused() -> QWidget:
    return QApplication.focusWidget()


def press(qtbot, key) -> None:
    qtbot.keyClick(focused(), key)


def tab_until(qtbot, target: QWidget, limit: int = 30) -> list[str]:
    """Tab as a user does until the cursor is on `target`; the names passed on the way."""
    seen = [focused().objectName()]
    for _ in range(limit):
        if focused() is target or target.isAncestorOf(focused()):
            return seen
        press(qtbot, Qt.Key.Key_Tab)
        seen.append(focused().objectName())
    raise AssertionError(f"Tab never reached {target.objectName()}: {seen}")


def test_the_frame_and_each_page_are_their_forms(wizard):
    assert wizard.findChild(QWidget, "import_wizard").isAncestorOf(wizard.pages)
    assert [wizard.pages.widget(i).objectName() for i in range(4)] == PAGES
    for page in PAGES + ["import_review"]:
        for name in tabstops(page):
            assert wizard.findChild(QWidget, name) is not None, (page, name)
    review = wizard.findChild(QWidget, "review_box")
    assert review.isAncestorOf(wizard.review.units_table)  # the panel sits in its place
    assert wizard.file_error.objectName() == "error_path" and wizard.file_error.isHidden()
    assert wizard.kind_students.text().startswith("Воспитанники с родителями")


def test_page_one_starts_at_its_first_field_and_tab_ends_on_the_buttons(qtbot, wizard):
    assert wizard.pages.currentIndex() == PAGE_FILE
    assert focused() is wizard.kind_students
    wizard.path_edit.setText("x.xlsx")  # the «Далее >» button is enabled with a path
    seen = []
    for _ in range(5):
        press(qtbot, Qt.Key.Key_Tab)
        seen.append(focused().objectName())
    # one stop for the pair of radio buttons, as everywhere in Windows
    assert seen == ["path", "browse_button", "template_button", "next_button", "close_button"]


def test_a_typed_run_imports_the_workbook(qtbot, wizard, roster, kindergarten):
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is wizard.path_edit
    key_clicks(focused(), str(roster))
    press(qtbot, Qt.Key.Key_Return)  # «Далее >», the default button
    assert wizard.pages.currentIndex() == PAGE_COLUMNS
    assert [b.currentData() for b in wizard.field_boxes] == [
        "full_name", "birth_date", "mother_name", "mother_phone"]
    assert focused() is wizard.field_boxes[0]  # the cursor on the first column's field
    # each column's field (made for this file), then the preview, then the default group
    assert tab_until(qtbot, wizard.default_unit) == [
        "field_1", "field_2", "field_3", "field_4", "preview_view", "default_unit"]
    key_clicks(focused(), "Пчёлки")
    tab_until(qtbot, wizard.next_button)
    assert wizard.next_button.text() == "Проверить >"
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: wizard.plan is not None and not wizard.running(), timeout=20000)
    assert wizard.pages.currentIndex() == PAGE_PLAN
    assert "добавить 2" in wizard.plan_summary.text() and "Пчёлки" in wizard.plan_summary.text()
    assert wizard.next_button.text() == "Загрузить" and wizard.next_button.isEnabled()
    # the new group is the one thing to check: the cursor waits in the panel's table
    assert focused() is wizard.review.units_table
    seen = tab_until(qtbot, wizard.next_button)
    assert seen[0] == "units_table" and seen[-1] == "next_button"
    assert wizard.pages.currentIndex() == PAGE_PLAN
    press(qtbot, Qt.Key.Key_Space)
    assert wizard.pages.currentIndex() == PAGE_RUN
    qtbot.waitUntil(lambda: wizard.outcome is not None, timeout=20000)
    assert wizard.run_label.text() == "Импорт завершён."
    assert "Добавлено: 4" in wizard.result_label.text()
    children = {s.full_name: (s.unit, [g.full_name for g in s.guardians])
                for s in kindergarten.people.list_students()}
    assert children == {"Орлов Пётр Ильич": ("Пчёлки", ["Орлова Анна Сергеевна"]),
                        "Лебедева Мария": ("Пчёлки", ["Лебедева Ольга"])}
    tab_until(qtbot, wizard.next_button)
    press(qtbot, Qt.Key.Key_Return)  # «Готово»
    assert wizard.result() == wizard.DialogCode.Accepted


def focus_chain(page: QWidget) -> list[str]:
    """The page's inputs in focus order (hidden or not), as Tab would take them."""
    names, widget = [], page.nextInFocusChain()
    while widget is not page and page.isAncestorOf(widget):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            names.append(widget.objectName())
        widget = widget.nextInFocusChain()
    return names


def test_the_dry_run_page_puts_the_review_panel_in_its_place_in_the_tab_order(wizard):
    assert focus_chain(wizard.pages.widget(PAGE_PLAN)) == [
        "problems_view", "changes_view", "units_table", "decisions_view", "include_hidden",
        "merges_view", "not_duplicate_button", "accept_skips"]
    assert tabstops("import_plan")[:2] == ["problems_view", "changes_view"]
    assert tabstops("import_review") == ["units_table", "decisions_view", "include_hidden"]
