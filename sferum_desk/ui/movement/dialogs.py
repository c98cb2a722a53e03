"""Dialogs of the «Движение» tab: transfer, departure, guardian replaced or added, a new
employee, and erasing the data of people who left long ago.

Each is a FormDialog: «ОК» runs one service call; a refusal stays in the form next to its
field; `saved` carries the service's `Change` (its summary is shown in the status line).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QWidget

from sferum_desk.domain.dates import format_date
from sferum_desk.domain.enums import UnitKind
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.kinds import STAFF_ROOM_NAME, Vocabulary
from sferum_desk.services import Services
from sferum_desk.services.dto import GuardianInput, StaffInput
from sferum_desk.services.movement import Change, PersonRow
from sferum_desk.ui import dialogs
from sferum_desk.ui.movement.destruction_act_dialog import act_saved, ask_act_path
from sferum_desk.ui.form_dialog import FormDialog
from sferum_desk.ui.forms import DATE_PLACEHOLDER, FieldForm, line_edit, widen
from sferum_desk.ui.person_dialogs import fill_relations

DEFAULT_RETENTION_DAYS = 365


def date_edit(day: dt.date | None = None):
    """A date typed as people do (ДД.ММ.ГГГГ), today by default; the service parses it."""
    edit = line_edit(DATE_PLACEHOLDER, min_chars=12)
    edit.setText(format_date(day or dt.date.today()))
    return edit


def date_field(edit: QLineEdit) -> QLineEdit:
    """A form's date field (forms/movement_*.ui `date`), set to today like `date_edit`."""
    widen(edit, 12)
    edit.setText(format_date(dt.date.today()))
    return edit


class TransferDialog(FormDialog):
    def __init__(self, services: Services, vocabulary: Vocabulary, person: PersonRow,
                 parent: QWidget | None = None):
        super().__init__(f"Перевод: {person.full_name}", parent, ok_text="Перевести",
                         intro=f"Сейчас: {person.unit or 'без подразделения'}. История "
                               "сохранится, а в «Сделать в Сферуме» появится, кого перевести "
                               "в другой чат.", form=FieldForm.from_ui("movement_transfer"))
        self.services, self.person = services, person
        self.unit = self.form.fields["unit"]
        self.form.set_label("unit", f"{vocabulary.unit}:")
        for unit in services.structure.list_units():
            if unit.kind != UnitKind.STAFF_ROOM.value and unit.name != person.unit \
                    and "(" not in unit.name:  # «11А (выпуск 2026)» stays in its year
                self.unit.addItem(unit.name, unit.id)
        self.date = date_field(self.form.fields["date"])

    def save(self) -> Change:
        if self.unit.currentData() is None:
            raise UserError("Выберите, куда перевести.", field="unit")
        return self.services.movement.transfer(self.person.id, self.unit.currentData(),
                                               self.date.text())


class LeaveDialog(FormDialog):
    def __init__(self, services: Services, person: PersonRow, parent: QWidget | None = None):
        what = ("Родители, у которых здесь больше нет детей, выбудут вместе с ним."
                if person.is_student else "")
        super().__init__(f"Выбытие: {person.full_name}", parent, ok_text="Оформить выбытие",
                         intro=f"{person.full_name} ({person.role.lower()}) выбывает. {what} "
                               "Что удалить на платформе, появится в «Сделать в Сферуме».",
                         form=FieldForm.from_ui("movement_leave"))
        self.services, self.person = services, person
        self.date = date_field(self.form.fields["date"])

    def save(self) -> Change:
        return self.services.movement.leave(self.person.id, self.date.text())


class GuardianChangeDialog(FormDialog):
    """Replace one of a pupil's guardians, or add one (`replace=False`)."""

    def __init__(self, services: Services, pupil: PersonRow, replace: bool = True,
                 parent: QWidget | None = None):
        title = "Замена родителя" if replace else "Новый родитель"
        super().__init__(f"{title}: {pupil.full_name}", parent,
                         ok_text="Заменить" if replace else "Добавить",
                         form=FieldForm.from_ui("movement_guardian"))
        self.services, self.pupil, self.replace = services, pupil, replace
        fields = self.form.fields
        self.old = None
        if replace:
            self.old = fields["old_guardian"]
            for guardian in services.people.get_student(pupil.id).guardians:
                self.old.addItem(guardian.full_name, guardian.id)
        else:  # adding: nobody is replaced
            self.form.hide_field("old_guardian")
        self.full_name, self.relation, self.phone, self.email = (
            fields[name] for name in ("full_name", "relation", "guardian_phone",
                                      "guardian_email"))
        widen(self.full_name, 36)
        fill_relations(self.relation)
        self.date = date_field(fields["date"])

    def save(self) -> Change:
        data = GuardianInput(self.full_name.text(), self.relation.currentData(),
                             self.phone.text(), self.email.text())
        if not self.replace:
            return self.services.movement.add_guardian(self.pupil.id, data, self.date.text())
        if self.old.currentData() is None:
            raise UserError("У этого ребёнка нет родителей в базе: добавьте нового.",
                            field="old_guardian")
        return self.services.movement.replace_guardian(self.pupil.id, self.old.currentData(),
                                                       data, self.date.text())


class HireDialog(FormDialog):
    def __init__(self, services: Services, vocabulary: Vocabulary,
                 parent: QWidget | None = None):
        super().__init__("Новый сотрудник", parent, ok_text="Принять",
                         intro="В «Сделать в Сферуме» появится задача добавить сотрудника в "
                               f"чат «{STAFF_ROOM_NAME}».", form=FieldForm.from_ui("movement_hire"))
        self.services = services
        fields = self.form.fields
        self.full_name, self.position, self.roles, self.phone, self.email = (
            fields[name] for name in ("full_name", "position", "platform_roles", "phone",
                                      "email"))
        widen(self.full_name, 36)
        self.roles.set_vocabulary(vocabulary)
        self.date = date_field(fields["date"])

    def save(self) -> Change:
        return self.services.movement.hire(StaffInput(
            self.full_name.text(), self.position.text(), self.roles.roles(), self.phone.text(),
            self.email.text()), self.date.text())


class EraseDialog(FormDialog):
    """Who left more than N days ago; erasing asks once more, then is final."""

    def __init__(self, services: Services, parent: QWidget | None = None):
        super().__init__("Стереть данные выбывших", parent, ok_text="Стереть навсегда…",
                         intro="Фамилии, имена, телефоны и даты рождения выбывших давно "
                               "людей стираются из базы навсегда; остаются только "
                               "обезличенные количества.", form=FieldForm.from_ui("movement_erase"))
        self.services = services
        body = self.form.body
        self.days = self.form.fields["days"]
        self.days.setValue(DEFAULT_RETENTION_DAYS)
        self.people = body.findChild(QListWidget, "people")
        self.people.setMinimumHeight(self.people.fontMetrics().height() * 10)
        self.summary = body.findChild(QLabel, "summary")
        self.days.valueChanged.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        self.people.clear()
        try:
            rows = self.services.movement.retention_candidates(self.days.value())
        except UserError as error:
            self.summary.setText(error.message)
            return
        for row in rows:
            self.people.addItem(f"{row.full_name} — {row.role}, выбыл(а) "
                                f"{format_date(row.left_on)}")
        self.summary.setText(f"Будет стёрто: {len(rows)} чел." if rows else
                             "Некого стирать: никто не выбыл так давно.")
        self.ok_button.setEnabled(bool(rows))

    def save(self):
        count = self.people.count()
        if not dialogs.confirm(self, f"Стереть навсегда данные {count} чел.? Вернуть их "
                                     "будет нельзя.", yes="Стереть"):
            raise UserError("Стирание отменено: ничего не изменилось.")
        act = ask_act_path(self, self.services)
        if act is None:
            raise UserError("Стирание отменено: без акта об уничтожении данные не стираются.")
        done = self.services.destruction.erase_left(self.days.value(), act, overwrite=True)
        act_saved(self, done.act_path)
        result = done.erasure
        note = (f" Из более ранних резервных копий они тоже удалены (копий: "
                f"{result.scrubbed_backups})." if result.scrubbed_backups else "")
        return Change(f"Стёрто навсегда: {result.people} чел.{note} Акт № {done.act_number} "
                      f"сохранён: {done.act_path}", 0)

