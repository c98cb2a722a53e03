"""Desktop habits: a roster dropped on the window opens the import wizard with it; every
table has the same right-click menu, whose «Копировать» pastes into Excel as cells."""

from __future__ import annotations

from gui_support import select_row
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from sferum_desk.services.dto import StaffInput
from sferum_desk.ui import table_menu
from sferum_desk.ui.main_window import dropped_roster
from sferum_desk.ui.tabs import StaffTab


def _mime(*paths) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def test_only_one_spreadsheet_is_taken_from_a_drop(tmp_path):
    assert dropped_roster(_mime(tmp_path / "5А.XLSX")) == tmp_path / "5А.XLSX"
    for name in ("list.ods", "list.xls", "list.csv"):
        assert dropped_roster(_mime(tmp_path / name)) is not None
    assert dropped_roster(_mime(tmp_path / "photo.jpg")) is None
    assert dropped_roster(_mime(tmp_path / "a.xlsx", tmp_path / "b.xlsx")) is None


def test_dropping_a_roster_opens_the_import_wizard_with_it(qtbot, kindergarten, open_window,
                                                           tmp_path):
    window = open_window(kindergarten)
    target = tmp_path / "Группа Ромашка.xlsx"
    mime = _mime(target)
    point = QPoint(window.width() // 2, window.height() // 2)
    enter = QDragEnterEvent(point, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(point.toPointF(), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    from sferum_desk.ui.import_roster.wizard import ImportWizard

    wizard = window.findChild(ImportWizard)
    assert wizard is not None and wizard.isVisible()
    assert wizard.path_edit.text() == str(target)
    wizard.reject()


def test_a_table_right_click_menu_edits_deletes_and_copies(qtbot, school, boxes):
    school.people.save_staff(StaffInput("Петрова Ольга Ивановна", "Учитель", phone="+79161234567"))
    from sferum_desk.ui.signals import DataSignals

    tab = StaffTab(school, DataSignals())
    qtbot.addWidget(tab)
    tab.show()
    menu = table_menu.build_menu(tab.view)
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts == ["Изменить…", "Удалить", "Печать…", "Копировать"]
    assert not any(a.isEnabled() for a in menu.actions() if a.text())  # nothing selected

    select_row(qtbot, tab.view, 0)
    menu = table_menu.build_menu(tab.view)
    actions = {a.objectName(): a for a in menu.actions()}
    assert actions["menu_edit"].isEnabled() and actions["menu_delete"].isEnabled()
    assert not actions["menu_print"].isEnabled()  # staff have no paper of their own
    actions["menu_copy"].trigger()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("Петрова Ольга Ивановна\tУчитель") and "+7 916 123-45-67" in copied
    actions["menu_edit"].trigger()
    assert tab.active_dialog is not None
    tab.active_dialog.reject()
    actions["menu_delete"].trigger()
    assert boxes.questions and school.people.list_staff() == []
