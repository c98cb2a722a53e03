"""Forms whose validation messages appear next to the field they are about.

A service raises `UserError(message, field=...)`; `FieldForm.show_error` puts the message in a
red label right under that field (or in the form's general line when the field is unknown).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget,
)

from sferum_desk.domain.errors import UserError

ERROR_STYLE = "color: #c62828;"
DATE_PLACEHOLDER = "ДД.ММ.ГГГГ"
PHONE_PLACEHOLDER = "+7 916 123-45-67"
EMAIL_PLACEHOLDER = "name@example.ru"


ERROR_LINES = 2  # room kept under each field: a message of up to two lines never moves it


def error_label() -> QLabel:
    """A field's message lines; hidden, they keep their room, so the form never jumps."""
    label = QLabel()
    style_error_label(label)
    return label


def style_error_label(label: QLabel) -> None:
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    policy = label.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    label.setSizePolicy(policy)
    label.setFixedHeight(label.fontMetrics().lineSpacing() * ERROR_LINES)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.hide()


def line_edit(placeholder: str = "", tooltip: str = "", min_chars: int = 0) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    if tooltip:
        edit.setToolTip(tooltip)
    if min_chars:
        edit.setMinimumWidth(edit.fontMetrics().averageCharWidth() * min_chars)
    return edit


def widen(widget: QWidget, min_chars: int, at_most: bool = False) -> None:
    """Room for `min_chars` average characters (a size the .ui cannot say in letters);
    `at_most`: no wider than that (a date)."""
    width = widget.fontMetrics().averageCharWidth() * min_chars
    if at_most:
        widget.setMaximumWidth(width)
    else:
        widget.setMinimumWidth(width)


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
        self.general_error.setMaximumHeight(16777215)  # below every field: it may grow
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
        self._register(name, widget, message, caption, aliases)
        return widget

    def _register(self, name: str, widget: QWidget, message: QLabel, caption: QLabel | None,
                  aliases: tuple[str, ...] = ()) -> None:
        for key in (name, *aliases):
            self.fields[key] = widget
            self.errors[key] = message
        if caption is not None:
            self.labels[name] = caption
        signal = _changed_signal(widget)
        if signal is not None:
            signal.connect(lambda *_: message.hide())

    @classmethod
    def from_ui(cls, name: str, aliases: dict[str, tuple[str, ...]] | None = None,
                parent: QWidget | None = None) -> FieldForm:
        """A form designed in `forms/<name>.ui`: each field `x` sits over a label `error_x`
        and has its caption `label_x` (buddies and tab order are set in the .ui)."""
        form = cls(parent)
        form.load_ui(name, aliases)
        return form

    def load_ui(self, name: str, aliases: dict[str, tuple[str, ...]] | None = None) -> QWidget:
        """Put the widget tree of `forms/<name>.ui` in this form and wire its fields (for a
        subclass whose constructor takes more than a parent)."""
        from sferum_desk.ui.ui_files import load_form

        body = load_form(name, self)
        self.layout().insertWidget(0, body)
        self.body = body
        for message in body.findChildren(QLabel):
            field = message.objectName().removeprefix("error_")
            if field == message.objectName():
                continue
            style_error_label(message)
            self._register(field, body.findChild(QWidget, field), message,
                           body.findChild(QLabel, f"label_{field}"),
                           (aliases or {}).get(field, ()))
        return body

    def widget(self, name: str) -> QWidget:
        """A named widget of the designed form that is not a field (a button, a header)."""
        found = self.body.findChild(QWidget, name)
        if found is None:
            raise LookupError(f"the form has no widget {name!r}")
        return found

    def hide_field(self, name: str) -> None:
        """Leave a designed row out (e.g. a school's subject teachers in a kindergarten)."""
        self.body.layout().setRowVisible(self.labels[name], False)

    def hide_row(self, name: str) -> None:
        """Leave out a designed row that is not a field (a section's header or hint)."""
        self.body.layout().setRowVisible(self.widget(name), False)

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
        """Put every message next to its field and move the cursor to the first one."""
        self.clear_errors()
        errors = getattr(error, "errors", None) or [error]
        general: list[str] = []
        first = None
        for item in errors:
            label = self.errors.get(item.field or "")
            if label is None or not label.isHidden() and label.text() != item.message:
                general.append(item.message)
                continue
            label.setText(item.message)
            label.show()
            first = first or self.fields[item.field]
        if general:
            self.general_error.setText(" ".join(dict.fromkeys(general)))
            self.general_error.show()
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(first, QLineEdit):
                first.selectAll()

    def error_text(self, field: str) -> str:
        """The message shown next to `field`, or "" (used by tests and accessibility)."""
        label = self.errors.get(field)
        return label.text() if label is not None and not label.isHidden() else ""


def set_combo_data(combo: QComboBox, value) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))

