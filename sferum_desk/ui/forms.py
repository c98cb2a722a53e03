"""Forms whose validation messages appear next to the field they are about.

A service raises `UserError(message, field=...)`; `FieldForm.show_error` puts the message in a
red label right under that field (or in the form's general line when the field is unknown).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget,
)

from sferum_desk.domain.errors import UserError

ERROR_STYLE = "color: #c62828;"
DATE_PLACEHOLDER = "ДД.ММ.ГГГГ"
PHONE_PLACEHOLDER = "+7 916 123-45-67"
EMAIL_PLACEHOLDER = "name@example.ru"


def error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def line_edit(placeholder: str = "", tooltip: str = "", min_chars: int = 0) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    if tooltip:
        edit.setToolTip(tooltip)
    if min_chars:
        edit.setMinimumWidth(edit.fontMetrics().averageCharWidth() * min_chars)
    return edit


def _changed_signal(widget: QWidget):
    """The signal that means «the user touched this field», to hide a stale message."""
    for name in ("textChanged", "currentIndexChanged", "toggled", "itemChanged"):
        signal = getattr(widget, name, None)
        if signal is not None:
            return signal
    return None


class FieldForm(QWidget):
    """A QFormLayout where each field carries its own (normally hidden) error label."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.general_error = error_label()
        self.general_error.setObjectName("general_error")
        self.layout_ = QFormLayout()
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.layout_.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        outer.addLayout(self.layout_)
        outer.addWidget(self.general_error)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}

    def add_field(self, name: str, label: str, widget: QWidget,
                  aliases: tuple[str, ...] = ()) -> QWidget:
        """Add a row; `aliases` are other field names a service may use for the same input."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        message = error_label()
        message.setObjectName(f"error_{name}")
        column.addWidget(message)
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.layout_.addRow(caption, box)
        widget.setObjectName(name)
        for key in (name, *aliases):
            self.fields[key] = widget
            self.errors[key] = message
        self.labels[name] = caption
        signal = _changed_signal(widget)
        if signal is not None:
            signal.connect(lambda *_: message.hide())
        return widget

    def add_section(self, title: str) -> None:
        header = QLabel(f"<b>{title}</b>")
        header.setContentsMargins(0, 8, 0, 0)
        self.layout_.addRow(header)

    def add_widget(self, widget: QWidget) -> None:
        self.layout_.addRow(widget)

    def set_label(self, name: str, text: str) -> None:
        self.labels[name].setText(text)

    def clear_errors(self) -> None:
        for label in {*self.errors.values(), self.general_error}:
            label.hide()

    def show_error(self, error: UserError) -> None:
        """Put the message next to its field and move the cursor there."""
        self.clear_errors()
        label = self.errors.get(error.field or "")
        if label is None:
            self.general_error.setText(error.message)
            self.general_error.show()
            _grow_dialog_to_fit(self)
            return
        label.setText(error.message)
        label.show()
        _grow_dialog_to_fit(self)
        widget = self.fields[error.field]
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(widget, QLineEdit):
            widget.selectAll()

    def error_text(self, field: str) -> str:
        """The message shown next to `field`, or "" (used by tests and accessibility)."""
        label = self.errors.get(field)
        return label.text() if label is not None and not label.isHidden() else ""


def _grow_dialog_to_fit(widget: QWidget) -> None:
    """A message needs room: its dialog grows instead of squeezing the fields."""
    window = widget.window()
    if not isinstance(window, QDialog):
        return
    window.layout().activate()
    hint = window.sizeHint()
    if hint.height() > window.height() or hint.width() > window.width():
        window.resize(max(hint.width(), window.width()), max(hint.height(), window.height()))


def set_combo_data(combo: QComboBox, value) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))

