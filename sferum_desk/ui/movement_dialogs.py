"""Dialogs of the «Движение» tab: transfer, departure, guardian replaced or added, a new
employee, and erasing the data of people who left long ago.

Each is a FormDialog: «ОК» runs one service call; a refusal stays in the form next to its
field; `saved` carries the service's `Change` (its summary is shown in the status line).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QLabel, QListWidget, QSpinBox, QWidget

from sferum_desk.domain.dates import format_date
from sferum_desk.domain.enums import UnitKind
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.kinds import STAFF_ROOM_NAME, Vocabulary
from sferum_desk.services import Services
from sferum_desk.services.dto import GuardianInput, StaffInput
from sferum_desk.services.movement import Change, PersonRow
from sferum_desk.ui import dialogs
from sferum_desk.ui.destruction_act_dialog import act_saved, ask_act_path
from sferum_desk.ui.form_dialog import FormDialog
from sferum_desk.ui.forms import (
    DATE_PLACEHOLDER, EMAIL_PLACEHOLDER, PHONE_PLACEHOLDER, line_edit,
)
from sferum_desk.ui.person_dialogs import NAME_PLACEHOLDER, RolesBox, relation_combo

DEFAULT_RETENTION_DAYS = 365


def date_edit(day: dt.date | None = None):
    """A date typed as people do (ДД.ММ.ГГГГ), today by default; the service parses it."""
    edit = line_edit(DATE_PLACEHOLDER, min_chars=12)
    edit.setText(format_date(day or dt.date.today()))
    return edit


class TransferDialog(FormDialog):
    def __init__(self, services: Services, vocabulary: Vocabulary, person: PersonRow,
                 parent: QWidget | None = None):
        super().__init__(f"Перевод: {person.full_name}", parent, ok_text="Перевести",
                         intro=f"Сейчас: {person.unit or 'без подразделения'}. История "
                               "сохранится, а в «Сделать в Сферуме» появится, кого перевести "
                               "в другой чат.")
        self.services, self.person = services, person
        self.unit = self.form.add_field("unit", f"{vocabulary.unit}:", QComboBox())
        for unit in services.structure.list_units():
            if unit.kind != UnitKind.STAFF_ROOM.value and unit.name != person.unit \
                    and "(" not in unit.name:  # «11А (выпуск 2026)» stays in its year
                self.unit.addItem(unit.name, unit.id)
        self.date = self.form.add_field("date", "Дата перевода:", date_edit())

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
                               "Что удалить на платформе, появится в «Сделать в Сферуме».")
        self.services, self.person = services, person
        self.date = self.form.add_field("date", "Дата выбытия:", date_edit())

    def save(self) -> Change:
        return self.services.movement.leave(self.person.id, self.date.text())


class GuardianChangeDialog(FormDialog):
    """Replace one of a pupil's guardians, or add one (`replace=False`)."""

    def __init__(self, services: Services, pupil: PersonRow, replace: bool = True,
                 parent: QWidget | None = None):
        title = "Замена родителя" if replace else "Новый родитель"
        super().__init__(f"{title}: {pupil.full_name}", parent,
                         ok_text="Заменить" if replace else "Добавить")
        self.services, self.pupil, self.replace = services, pupil, replace
        form = self.form
        self.old = None
        if replace:
            self.old = form.add_field("old_guardian", "Кого заменить:", QComboBox())
            for guardian in services.people.get_student(pupil.id).guardians:
                self.old.addItem(guardian.full_name, guardian.id)
        self.full_name = form.add_field("full_name", "Новый родитель (ФИО):",
                                        line_edit(NAME_PLACEHOLDER, min_chars=36))
        self.relation = form.add_field("relation", "Кем приходится:", relation_combo())
        self.phone = form.add_field("guardian_phone", "Телефон:", line_edit(PHONE_PLACEHOLDER))
        self.email = form.add_field("guardian_email", "Электронная почта:",
                                    line_edit(EMAIL_PLACEHOLDER))
        self.date = form.add_field("date", "С какого числа:", date_edit())

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
                               f"чат «{STAFF_ROOM_NAME}».")
        self.services = services
        form = self.form
        self.full_name = form.add_field("full_name", "ФИО:", line_edit(NAME_PLACEHOLDER,
                                                                      min_chars=36))
        self.position = form.add_field("position", "Должность:", line_edit("например, Учитель"))
        self.roles = form.add_field("platform_roles", "Роли на платформе:", RolesBox(vocabulary))
        self.phone = form.add_field("phone", "Телефон:", line_edit(PHONE_PLACEHOLDER))
        self.email = form.add_field("email", "Электронная почта:", line_edit(EMAIL_PLACEHOLDER))
        self.date = form.add_field("date", "Дата приёма:", date_edit())

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
                               "обезличенные количества.")
        self.services = services
        self.days = self.form.add_field("days", "Выбыли больше чем (дней) назад:", QSpinBox())
        self.days.setRange(0, 3650)
        self.days.setValue(DEFAULT_RETENTION_DAYS)
        self.people = QListWidget()
        self.people.setObjectName("people")
        self.people.setMinimumHeight(self.people.fontMetrics().height() * 10)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.form.add_widget(self.people)
        self.form.add_widget(self.summary)
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

