"""First start: no organisation in the database yet, so ask for its card."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from sferum_desk.services import Services
from sferum_desk.ui.form_dialog import FormDialog
from sferum_desk.ui.organization_form import OrganizationForm

INTRO = ("Добро пожаловать в Sferum Desk! Заполните карточку вашей организации. "
         "Обязательны только тип и полное название — остальное можно дописать позже "
         "на вкладке «Организация».")


class FirstStartDialog(FormDialog):
    def __init__(self, services: Services, parent: QWidget | None = None):
        super().__init__("Sferum Desk — новая организация", parent, intro=INTRO,
                         ok_text="Начать работу", form=OrganizationForm())
        self.services = services
        self.cancel_button.setText("Выйти")
        self.cancel_button.setToolTip("Закрыть программу, ничего не сохраняя")
        self.form.kind.setFocus()
        self.resize(self.sizeHint().width() + 60, self.sizeHint().height())

    def save(self):
        return self.services.organization.save(self.form.data())
