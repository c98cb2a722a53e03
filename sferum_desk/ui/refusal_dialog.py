"""«Отказ от платформы…»: the ticked people (or, for parents, their families) declined, with
the date and the channel the school uses for them instead."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget

from sferum_desk.services import Services
from sferum_desk.services.refusals import CHANNELS
from sferum_desk.ui.form_dialog import FormDialog
from sferum_desk.ui.movement_dialogs import date_edit


class RefusalDialog(FormDialog):
    """`saved` carries how many refusals were recorded."""

    def __init__(self, services: Services, person_ids: list[int], names: list[str],
                 parents: bool, parent: QWidget | None = None):
        shown = ", ".join(names[:5]) + (f" и ещё {len(names) - 5}" if len(names) > 5 else "")
        super().__init__("Отказ от платформы", parent, ok_text="Записать отказ",
                         intro=f"{shown}: участие в «Сферуме» добровольно. Отказавшиеся "
                               "показываются в охвате отдельно, им не печатаются карточки "
                               "и их нет в списках «кто не вступил».")
        self.services, self.person_ids, self.parents = services, person_ids, parents
        self.channel = self.form.add_field("channel", "Связь вместо «Сферума»:", QComboBox())
        self.channel.setEditable(True)
        self.channel.addItems(CHANNELS)
        self.channel.setObjectName("channel")
        self.date = self.form.add_field("date", "Дата отказа:", date_edit())
        self.family = QCheckBox("Отказ всей семьи (за ребёнка, все его родители)")
        self.family.setObjectName("family")
        self.family.setVisible(parents)
        self.form.add_widget(self.family)

    def save(self) -> int:
        return self.services.refusals.decline_people(
            self.person_ids, self.channel.currentText(), self.date.text(),
            family=self.parents and self.family.isChecked())
