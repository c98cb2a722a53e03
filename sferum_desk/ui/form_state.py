"""What a form holds, as one comparable value: «has the user changed anything?»

A dialog takes a snapshot when it opens; closing it with a different one asks to save.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractSpinBox, QComboBox, QDateEdit, QLineEdit, QListWidget,
    QPlainTextEdit, QPushButton, QTextEdit, QWidget,
)


def _value(widget: QWidget):
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentIndex(), widget.currentText() if widget.isEditable() else ""
    if isinstance(widget, QPushButton):
        return None  # a button is an action, not input
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    if isinstance(widget, QDateEdit):
        return widget.date().toString(Qt.DateFormat.ISODate)
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return widget.toPlainText()
    if isinstance(widget, QListWidget):
        return tuple(widget.item(i).checkState().value for i in range(widget.count()))
    return None


def snapshot(root: QWidget) -> tuple:
    """Every input under `root`, by object name and position (a spin box's inner line edit
    and a combo box's own editor are left to their owners)."""
    values = []
    for widget in root.findChildren(QWidget):
        parent = widget.parentWidget()
        if isinstance(parent, (QComboBox, QAbstractSpinBox)):
            continue
        if widget.property("no_unsaved_check"):
            continue
        value = _value(widget)
        if value is not None:
            values.append((widget.objectName(), value))
    return tuple(values)
