"""A dialog around a `FieldForm`: «Сохранить» runs the service, a refusal stays in the form."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from sferum_desk.domain.errors import EditConflict, UserError
from sferum_desk.ui import dialogs
from sferum_desk.ui.forms import FieldForm


class FormDialog(QDialog):
    """Subclasses fill `self.form` and implement `save()`, which returns what was saved."""

    saved = Signal(object)
    conflict = Signal()  # the record was changed on another PC meanwhile: lists must reload

    def __init__(self, title: str, parent: QWidget | None = None, intro: str = "",
                 ok_text: str = "Сохранить", form: FieldForm | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.result_value = None
        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            layout.addWidget(label)
        self.form = form or FieldForm()
        layout.addWidget(self.form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.ok_button.setObjectName("ok_button")
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText("Отмена")
        self.cancel_button.setObjectName("cancel_button")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def save(self):
        raise NotImplementedError

    def accept(self) -> None:
        self.form.clear_errors()
        try:
            self.result_value = self.save()
        except EditConflict as error:
            dialogs.show_error(self, error.message)
            self.conflict.emit()
            self.reject()
            return
        except UserError as error:
            self.form.show_error(error)
            return
        self.saved.emit(self.result_value)
        super().accept()
