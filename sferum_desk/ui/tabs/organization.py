"""«Организация»: the editable organisation card with the organisation's own words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from sferum_desk.domain.errors import EditConflict, UserError
from sferum_desk.domain.kinds import Vocabulary
from sferum_desk.ui import dialogs
from sferum_desk.ui.form_state import snapshot
from sferum_desk.ui.organization_form import OrganizationForm
from sferum_desk.ui.signals import ALL, ORGANIZATION, DataSignals


class OrganizationTab(QWidget):
    def __init__(self, services, signals: DataSignals, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.signals = signals
        self.form = OrganizationForm(with_vocabulary=True)
        self._build()
        signals.changed.connect(self._on_changed)
        self.refresh()

    @staticmethod
    def tab_title(vocabulary: Vocabulary) -> str:
        return "Организация"

    def _build(self) -> None:
        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(self.form)
        column.addStretch(1)
        content.setMaximumWidth(content.fontMetrics().averageCharWidth() * 130)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)

        self.save_button = QPushButton("Сохранить")
        self.save_button.setObjectName("save_button")
        self.save_button.setToolTip("Сохранить карточку организации (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Отменить изменения")
        self.revert_button.setToolTip("Вернуть то, что сохранено в базе")
        self.revert_button.clicked.connect(self.refresh)
        self.status = QLabel()
        self.status.setObjectName("status")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.status, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.save)

    def refresh(self) -> None:
        self.form.set_data(self.services.organization.get())
        self.saved_state = snapshot(self.form)
        self.status.clear()

    def has_unsaved_changes(self) -> bool:
        return snapshot(self.form) != self.saved_state

    def may_leave(self) -> bool:
        """Switching tabs or quitting over a changed card asks «Сохранить изменения?»."""
        if not self.has_unsaved_changes():
            return True
        answer = dialogs.ask_save_changes(self)
        if answer == dialogs.SAVE:
            return self.save()
        if answer == dialogs.DISCARD:
            self.refresh()
            return True
        return False

    def _on_changed(self, area: str) -> None:
        if area in (ORGANIZATION, ALL) and not self.has_unsaved_changes():
            self.refresh()  # never over what is being typed

    def save(self) -> bool:
        self.form.clear_errors()
        try:
            self.services.organization.save(self.form.data())
        except EditConflict as error:
            dialogs.show_error(self, error.message)
            self.refresh()
            return False
        except UserError as error:
            self.form.show_error(error)
            self.status.setText("Не сохранено: исправьте отмеченное поле.")
            return False
        self.saved_state = snapshot(self.form)  # so the change signal reloads the card
        self.signals.changed.emit(ORGANIZATION)
        self.status.setText("Сохранено.")
        return True
