"""Small actions a user does with mouse and keyboard, for the GUI tests."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QTableView, QWidget


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


def double_click_row(qtbot, view: QTableView, row: int) -> None:
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def select_row(qtbot, view: QTableView, row: int) -> None:
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def show_active(qtbot, widget: QWidget) -> None:
    """Show a widget as the active window: keyboard shortcuts only fire in one."""
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()


def tick(qtbot, box) -> None:
    """Click a checkbox on its box (its centre may lie beyond a short label)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
