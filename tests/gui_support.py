"""Shared plumbing of the GUI tests: what a user does with mouse and keyboard, throw-away
settings, and message boxes recorded instead of shown. Importable from every test folder
(tests/ is on sys.path through tests/conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QPoint, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QTableView, QWidget


# ---- keyboard and mouse ----------------------------------------------------------------------
def key_clicks(widget: QWidget, text: str) -> None:
    """Type text character by character. QTest.keyClicks aborts on non-ASCII characters
    (Cyrillic), so send the key events with their text ourselves."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, char))


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(qtbot, edit: QLineEdit, text: str) -> None:
    """Replace what the field holds, as a user would: select all, then type."""
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    key_clicks(edit, text)


def choose(qtbot, combo: QComboBox, text: str) -> None:
    """Pick the item whose text starts with `text` by typing it, as on a keyboard."""
    combo.setFocus()
    key_clicks(combo, text)
    assert combo.currentText().startswith(text), combo.currentText()


def column_texts(view: QTableView, column: int = 0) -> list[str]:
    model = view.model()
    return [model.index(r, column).data() for r in range(model.rowCount())]


def click_header(qtbot, view: QTableView, column: int) -> None:
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))


def click_cell(qtbot, view: QTableView, row: int, column: int = 0) -> None:
    """A real mouse click in the middle of a table cell."""
    rect = view.visualRect(view.model().index(row, column))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def select_row(qtbot, view: QTableView, row: int) -> None:
    click_cell(qtbot, view, row, 0)


def double_click_row(qtbot, view: QTableView, row: int) -> None:
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def tick(qtbot, box) -> None:
    """Click a checkbox on its box (its centre may lie beyond a short label, and a stretched
    box ignores clicks past its text)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def show_active(qtbot, widget: QWidget) -> None:
    """Show a widget as the active window: keyboard shortcuts only fire in one."""
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()


def shown_dialog(qtbot, dialog: QWidget) -> QWidget:
    """A dialog owned by the test, shown as the active window."""
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    return dialog


def form_tabstops(name: str) -> list[str]:
    """The tab order written in `forms/<name>.ui` (what Designer's tab-order mode saved)."""
    import xml.etree.ElementTree as ET

    from sferum_desk.ui.ui_files import form_path

    return [t.text for t in ET.parse(form_path(name)).getroot().iter("tabstop")]


def show_tab(qtbot, widget: QWidget, width: int = 1280, height: int = 800) -> QWidget:
    """A tab on screen at a desktop size, as the main window would show it."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


# ---- settings and message boxes ----------------------------------------------------------------
def use_settings_folder(folder) -> None:
    """QSettings() anywhere in the GUI writes into `folder` (a test's own)."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


@dataclass
class Boxes:
    """What the app would have shown in message boxes, and the answers to its questions."""

    errors: list[str] = field(default_factory=list)
    infos: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    answer: bool = True
    save_questions: list[str] = field(default_factory=list)
    save_answer: str = "discard"  # to «Сохранить изменения?»: save / discard / cancel


def recorded_boxes(monkeypatch) -> Boxes:
    """No blocking message box ever opens in a test: each is recorded instead."""
    from sferum_desk.ui import dialogs

    record = Boxes()

    def confirm(_parent, text, yes="Удалить"):
        record.questions.append(text)
        return record.answer

    def ask_save_changes(_parent, text="Сохранить изменения?"):
        record.save_questions.append(text)
        return record.save_answer

    monkeypatch.setattr(dialogs, "confirm", confirm)
    monkeypatch.setattr(dialogs, "ask_save_changes", ask_save_changes)
    monkeypatch.setattr(dialogs, "show_error", lambda _p, text: record.errors.append(text))
    monkeypatch.setattr(dialogs, "show_info", lambda _p, text: record.infos.append(text))
    return record


def recorded_app_boxes(monkeypatch) -> Boxes:
    """`recorded_boxes`, the crash box too: what the app's GUI tests (tests/ui, the import
    wizard's) see instead of any message box."""
    from sferum_desk.ui import dialogs

    record = recorded_boxes(monkeypatch)
    monkeypatch.setattr(dialogs, "show_crash",
                        lambda _p, text, details: record.crashes.append(text))
    return record


def window_builder(qtbot):
    """What builds (and shows) a main window over some services, as the app does."""
    from sferum_desk.ui.main_window import MainWindow

    def build(services, show: bool = True) -> MainWindow:
        window = MainWindow(services)
        qtbot.addWidget(window)
        if show:
            with qtbot.waitExposed(window):
                window.show()
        return window

    return build


def record_boxes(monkeypatch, tmp_path):
    """No message box, file dialog or outside program opens: each is recorded instead (a
    dict, with the files saved under `tmp_path` by their suggested names)."""
    from sferum_desk.ui import dialogs, file_dialogs

    use_settings_folder(tmp_path / "settings")  # the last folders saved go there
    record = {"errors": [], "infos": [], "questions": [], "opened": [], "confirm": True}
    monkeypatch.setattr(dialogs, "show_error", lambda _p, text: record["errors"].append(text))
    monkeypatch.setattr(dialogs, "show_info", lambda _p, text: record["infos"].append(text))

    def confirm(_parent, text, yes=""):
        record["questions"].append(text)
        return record["confirm"]

    monkeypatch.setattr(dialogs, "confirm", confirm)
    record["save_questions"] = []
    record["save_answer"] = "discard"

    def ask_save_changes(_parent, text="Сохранить изменения?"):
        record["save_questions"].append(text)
        return record["save_answer"]

    monkeypatch.setattr(dialogs, "ask_save_changes", ask_save_changes)
    monkeypatch.setattr(file_dialogs, "ask_save_path",
                        lambda _p, _k, _t, suggested, _f: tmp_path / suggested)
    monkeypatch.setattr(file_dialogs, "open_path", record["opened"].append)
    return record
