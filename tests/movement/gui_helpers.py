"""Typing and clicking in real widgets, for the movement and reports GUI tests."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication


def key_clicks(widget, text: str) -> None:
    """QTest.keyClicks cannot type Cyrillic: send the key events with their text."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, char))


def type_into(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    key_clicks(edit, text)


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_box(qtbot, box) -> None:
    """Click a checkbox on its indicator (a stretched box ignores clicks past its text)."""
    from PySide6.QtCore import QPoint

    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def click_cell(qtbot, view, row: int, column: int) -> None:
    """A real mouse click in the middle of a table cell."""
    rect = view.visualRect(view.model().index(row, column))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def cell_texts(view, column: int) -> list[str]:
    model = view.model()
    return [model.index(r, column).data() for r in range(model.rowCount())]


def record_boxes(monkeypatch, tmp_path):
    """No message box, file dialog or outside program opens: each is recorded instead."""
    from sferum_desk.ui import acknowledgement_print, dialogs

    record = {"errors": [], "infos": [], "questions": [], "opened": [], "confirm": True}
    monkeypatch.setattr(dialogs, "show_error", lambda _p, text: record["errors"].append(text))
    monkeypatch.setattr(dialogs, "show_info", lambda _p, text: record["infos"].append(text))

    def confirm(_parent, text, yes=""):
        record["questions"].append(text)
        return record["confirm"]

    monkeypatch.setattr(dialogs, "confirm", confirm)
    monkeypatch.setattr(acknowledgement_print, "ask_save_path",
                        lambda _p, _t, suggested, _f: tmp_path / suggested)
    monkeypatch.setattr(acknowledgement_print, "open_path", record["opened"].append)
    return record
