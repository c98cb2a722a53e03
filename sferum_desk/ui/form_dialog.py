"""A dialog around a `FieldForm`: «Сохранить» runs the service, a refusal stays in the form.

Nothing typed is lost: the cursor starts in the first field, Tab goes through the fields and
then the buttons, Enter in a field saves (the form's own buttons never take Enter), and Esc,
«Отмена», the window's close button or Ctrl+Q over changed fields ask «Сохранить изменения?».
The form sits in a scroll area, so a tall form fits a small laptop screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFrame, QLabel, QMainWindow, QPushButton, QScrollArea,
    QVBoxLayout, QWidget,
)

from sferum_desk.domain.errors import EditConflict, UserError
from sferum_desk.ui import dialogs
from sferum_desk.ui.form_state import snapshot
from sferum_desk.ui.forms import FieldForm
from sferum_desk.ui.geometry import fit_to_screen


QUIT_KEYS = "Ctrl+Q"  # StandardKey.Quit has no keys on Windows


class FormDialog(QDialog):
    """Subclasses fill `self.form` and implement `save()`, which returns what was saved."""

    saved = Signal(object)
    conflict = Signal()  # the record was changed on another PC meanwhile: lists must reload
    ask_on_close = True  # a chooser (nothing typed to lose) sets False

    def __init__(self, title: str, parent: QWidget | None = None, intro: str = "",
                 ok_text: str = "Сохранить", form: FieldForm | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.result_value = None
        self._opened_state: tuple | None = None
        layout = QVBoxLayout(self)
        self.intro_label: QLabel | None = None
        if intro:
            self.intro_label = QLabel(intro)
            self.intro_label.setWordWrap(True)
            layout.addWidget(self.intro_label)
        self.form = form or FieldForm()
        self.scroll = QScrollArea()
        self.scroll.setObjectName("form_scroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.form)
        layout.addWidget(self.scroll, 1)
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
        # The buttons join the dialog when it first shows, after the subclass has added its
        # fields: so they come last in the focus chain (Tab: fields, then buttons).

    def save(self):
        raise NotImplementedError

    # ---- opening: size, focus, tab order ------------------------------------------------
    def showEvent(self, event) -> None:
        if self._opened_state is None:
            self._prepare_keyboard()
            self._size_to_content()
            self._opened_state = self.state()
            first = self.first_field()
            if first is not None:
                first.setFocus(Qt.FocusReason.OtherFocusReason)
        super().showEvent(event)

    def _prepare_keyboard(self) -> None:
        """Enter belongs to the dialog's main button, never to a button inside the form
        (after «Добавить…» closes, Enter must not open it again)."""
        for button in self.form.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.layout().addWidget(self.buttons)
        self.ok_button.setAutoDefault(True)
        self.ok_button.setDefault(True)

    def tab_chain(self) -> list[QWidget]:
        """The form's inputs in focus order (which is the order they were added in)."""
        chain, widget = [], self.form.nextInFocusChain()
        for _ in range(2000):
            if widget is self.form:
                break
            if self.form.isAncestorOf(widget) and widget.focusPolicy() & \
                    Qt.FocusPolicy.TabFocus:
                chain.append(widget)
            widget = widget.nextInFocusChain()
        return chain

    def first_field(self) -> QWidget | None:
        """Where the cursor starts: the first enabled, visible, writable input."""
        for widget in self.tab_chain():
            if widget.isEnabled() and widget.isVisibleTo(self.form) and not (
                    hasattr(widget, "isReadOnly") and widget.isReadOnly()):
                return widget
        return None

    def _size_to_content(self) -> None:
        """As big as the form wants, but never beyond the screen (the form scrolls)."""
        self.layout().activate()
        chrome = self.sizeHint() - self.scroll.sizeHint()
        want = self.form.sizeHint() + chrome
        self.resize(max(want.width() + 24, self.width()), max(want.height() + 8, self.height()))
        fit_to_screen(self)

    # ---- unsaved changes -------------------------------------------------------------
    def state(self) -> tuple:
        return snapshot(self.form) + self.extra_state()

    def extra_state(self) -> tuple:
        """Input that is not in a widget (e.g. a list of guardians in a model)."""
        return ()

    def has_unsaved_changes(self) -> bool:
        return self._opened_state is not None and self.state() != self._opened_state

    def reject(self) -> None:
        if self.ask_on_close and self.has_unsaved_changes():
            answer = dialogs.ask_save_changes(self)
            if answer == dialogs.SAVE:
                self.accept()
                return
            if answer == dialogs.CANCEL:
                return
        super().reject()

    def keyPressEvent(self, event) -> None:
        # Ctrl+Q from any field: a window-modal dialog blocks the main window's «Выход»
        if QKeySequence(event.keyCombination()) == QKeySequence(QUIT_KEYS):
            self.quit_program()
            return
        super().keyPressEvent(event)

    def quit_program(self) -> None:
        """Ctrl+Q in a dialog: close it (asking about changes), then the main window."""
        self.reject()
        if self.isVisible():
            return
        owner = self.parentWidget().window() if self.parentWidget() else None
        if isinstance(owner, FormDialog):  # a guardian's dialog over a pupil's card
            owner.quit_program()
        elif isinstance(owner, QMainWindow):
            owner.close()

    # ---- saving ------------------------------------------------------------------------
    def accept(self) -> None:
        self.form.clear_errors()
        try:
            self.result_value = self.save()
        except EditConflict as error:
            dialogs.show_error(self, error.message)
            self.conflict.emit()
            super().reject()
            return
        except UserError as error:
            self.form.show_error(error)
            return
        self.saved.emit(self.result_value)
        super().accept()
