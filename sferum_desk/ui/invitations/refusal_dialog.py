"""«Отказ от платформы…»: the ticked people (or, for parents, their families) declined, with
the date and the channel the school uses for them instead (forms/refusal.ui)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QWidget

from sferum_desk.domain.dates import format_date
from sferum_desk.services import Services
from sferum_desk.services.refusals import CHANNELS
from sferum_desk.ui.form_dialog import FormDialog
from sferum_desk.ui.forms import FieldForm, widen


class RefusalDialog(FormDialog):
    """`saved` carries how many refusals were recorded."""

    def __init__(self, services: Services, person_ids: list[int], names: list[str],
                 parents: bool, parent: QWidget | None = None):
        shown = ", ".join(names[:5]) + (f" и ещё {len(names) - 5}" if len(names) > 5 else "")
        super().__init__("Отказ от платформы", parent, ok_text="Записать отказ",
                         intro=f"{shown}: участие в «Сферуме» добровольно. Отказавшиеся "
                               "показываются в охвате отдельно, им не печатаются карточки "
                               "и их нет в списках «кто не вступил».",
                         form=FieldForm.from_ui("refusal"))
        self.services, self.person_ids, self.parents = services, person_ids, parents
        self.channel = self.form.fields["channel"]
        self.channel.addItems(CHANNELS)
        self.date = self.form.fields["date"]
        widen(self.date, 12)
        self.date.setText(format_date(dt.date.today()))
        self.family = self.form.widget("family")
        self.family.setVisible(parents)

    def save(self) -> int:
        return self.services.refusals.decline_people(
            self.person_ids, self.channel.currentText(), self.date.text(),
            family=self.parents and self.family.isChecked())
