"""«Сотрудники», the pupils' tab (titled by the kind) and «Родители»."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout

from sferum_desk.domain.dates import format_date
from sferum_desk.domain.enums import UnitKind
from sferum_desk.domain.kinds import Vocabulary
from sferum_desk.domain.units import unit_sort_key
from sferum_desk.services.dto import GuardianInput, GuardianRow, StaffRow, StudentRow
from sferum_desk.ui import dialogs
from sferum_desk.ui.person_dialogs import (
    GuardianDialog, StaffDialog, StudentDialog, children_text,
)
from sferum_desk.ui.signals import PEOPLE, STRUCTURE
from sferum_desk.ui.table_model import Column, date_sort
from sferum_desk.ui.table_tab import TableTab
from sferum_desk.ui.words import phone_text, relation_short, roles_text, short_name

NO_UNDO = ("Пока программа открыта, удаление можно отменить: Ctrl+Z в этом списке (перед "
           "удалением программа сохраняет и резервную копию базы).")


def _digits(phone: str) -> str:
    """«+79161234567» → also findable as «89161234567» and «9161234567»."""
    return f"{phone} 8{phone[2:]}" if phone.startswith("+7") else phone


class PeopleTab(TableTab):
    """What the three people tabs share: deleting with a question first."""

    areas = (PEOPLE, STRUCTURE)
    emits = PEOPLE
    delete_note = ""

    def reload_row(self, row) -> bool:
        """An edited person shows in place: the list holds nothing else that depends on it."""
        return self.model.replace_row(row)

    def delete_rows(self, rows: list) -> None:
        if len(rows) == 1:
            question = f"Удалить все данные о человеке «{rows[0].full_name}»?"
        else:
            question = f"Удалить все данные о выбранных людях ({len(rows)} чел.)?"
        text = "\n\n".join(p for p in (question, self.delete_note, NO_UNDO) if p)
        if not dialogs.confirm(self, text):
            return
        ids = [row.id for row in rows]
        self.run_delete(lambda: self.services.people.delete_people_undoable(ids))


class StaffTab(PeopleTab):
    delete_note = "Сотрудник будет убран из всех списков, а подразделения останутся без него."

    @staticmethod
    def tab_title(vocabulary: Vocabulary) -> str:
        return "Сотрудники"

    def button_texts(self, vocabulary: Vocabulary) -> tuple[str, str]:
        return "Добавить…", "Добавить сотрудника (Ins)"

    def columns(self, vocabulary: Vocabulary) -> list[Column]:
        return [
            Column("ФИО", lambda s: s.full_name, chars=34),
            Column("Должность", lambda s: s.position, chars=28),
            Column("Роли на платформе", lambda s: roles_text(s.platform_roles, vocabulary),
                   chars=34),
            Column("Телефон", lambda s: phone_text(s.phone), chars=17),
            Column("Эл. почта", lambda s: s.email, chars=24),
        ]

    def extra_search(self, row: StaffRow) -> str:
        return _digits(row.phone)

    def load_rows(self) -> list[StaffRow]:
        return self.services.people.list_staff()

    def _dialog(self, staff: StaffRow | None) -> None:
        dialog = StaffDialog(self.services, self.vocabulary, staff, self)
        self.open_form(dialog)

    def add_row(self) -> None:
        self._dialog(None)

    def edit_row(self, row: StaffRow) -> None:
        self._dialog(row)


def _guardians_text(student: StudentRow) -> str:
    return "; ".join(f"{short_name(g.full_name)} ({relation_short(g.relation)})"
                     for g in student.guardians)


def _guardians_tooltip(student: StudentRow) -> str:
    return "\n".join(f"{g.full_name} — {relation_short(g.relation)}"
                     + (f", {phone_text(g.phone)}" if g.phone else "") for g in student.guardians)


def _guardian_phones(student: StudentRow) -> str:
    return ", ".join(phone_text(g.phone) for g in student.guardians if g.phone)


class StudentsTab(PeopleTab):
    delete_note = ("Вместе с ним удаляются и его родители, если других детей у них в списке "
                   "нет.")

    def __init__(self, services, signals, parent=None):
        self.unit_filter: QComboBox | None = None
        super().__init__(services, signals, parent)

    @staticmethod
    def tab_title(vocabulary: Vocabulary) -> str:
        return vocabulary.students

    def button_texts(self, vocabulary: Vocabulary) -> tuple[str, str]:
        return "Добавить…", f"Добавить: {vocabulary.student.lower()} (Ins)"

    def columns(self, vocabulary: Vocabulary) -> list[Column]:
        return [
            Column("ФИО", lambda s: s.full_name, chars=32),
            Column("Дата рождения", lambda s: format_date(s.birth_date),
                   sort=lambda s: date_sort(s.birth_date), chars=13),
            Column(vocabulary.unit, lambda s: s.unit, sort=lambda s: unit_sort_key(s.unit),
                   chars=15),
            Column("Родители (законные представители)", _guardians_text, chars=46,
                   tooltip=_guardians_tooltip),
            Column("Телефоны родителей", _guardian_phones, chars=34, tooltip=_guardians_tooltip),
        ]

    def extra_search(self, row: StudentRow) -> str:
        return " ".join(f"{g.full_name} {_digits(g.phone)} {g.email}" for g in row.guardians)

    def build_filters(self, bar: QHBoxLayout) -> None:
        self.unit_filter = QComboBox()
        self.unit_filter.setObjectName("unit_filter")
        self.unit_filter.setMinimumContentsLength(12)
        self.unit_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.unit_filter.currentIndexChanged.connect(self._apply_unit_filter)
        bar.addWidget(self.unit_filter)

    def _fill_unit_filter(self) -> None:
        combo = self.unit_filter
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(f"Все {self.vocabulary.units.lower()}", None)
        for unit in self.services.structure.list_units():
            if unit.kind == UnitKind.REGULAR.value:
                combo.addItem(f"{unit.name} ({unit.students})", unit.id)
        index = combo.findData(chosen)
        combo.setCurrentIndex(max(index, 0))
        combo.setToolTip(f"Показать только одну из групп: {self.vocabulary.unit.lower()}")
        combo.blockSignals(False)
        self._apply_unit_filter()

    def _apply_unit_filter(self, *_args) -> None:
        unit_id = self.unit_filter.currentData()
        self.proxy.set_predicate(None if unit_id is None
                                 else (lambda row: row.unit_id == unit_id))
        self._update_count()

    def refresh(self) -> None:
        super().refresh()
        self._fill_unit_filter()

    def reload_row(self, row: StudentRow) -> bool:
        """In place unless the pupil changed unit (the filter's counts change then)."""
        index = self.model.row_of_id(row.id)
        if index < 0 or self.model.row_at(index).unit_id != row.unit_id:
            return False
        return super().reload_row(row)

    def load_rows(self) -> list[StudentRow]:
        return self.services.people.list_students()

    def _dialog(self, student: StudentRow | None) -> None:
        dialog = StudentDialog(self.services, self.vocabulary, student,
                               unit_id=self.unit_filter.currentData(), parent=self)
        self.open_form(dialog)

    def add_row(self) -> None:
        self._dialog(None)

    def edit_row(self, row: StudentRow) -> None:
        self._dialog(row)


def _relations_text(guardian: GuardianRow) -> str:
    return ", ".join(dict.fromkeys(relation_short(c.relation) for c in guardian.children))


class GuardiansTab(PeopleTab):
    can_add = False  # a guardian is added in a pupil's card, next to the child
    search_placeholder = "Поиск по ФИО, телефону, ребёнку… (Ctrl+F)"
    delete_note = "Дети останутся в списке, но без этого родителя."

    @staticmethod
    def tab_title(vocabulary: Vocabulary) -> str:
        return "Родители"

    def columns(self, vocabulary: Vocabulary) -> list[Column]:
        return [
            Column("ФИО", lambda g: g.full_name, chars=34),
            Column("Телефон", lambda g: phone_text(g.phone), chars=17),
            Column("Эл. почта", lambda g: g.email, chars=22),
            Column("Кем приходится", _relations_text, chars=14),
            Column(f"Дети ({vocabulary.unit.lower()})", children_text, chars=50),
        ]

    def extra_search(self, row: GuardianRow) -> str:
        return _digits(row.phone)

    def load_rows(self) -> list[GuardianRow]:
        return self.services.people.list_guardians()

    def edit_row(self, row: GuardianRow) -> None:
        data = GuardianInput(full_name=row.full_name, phone=row.phone, email=row.email,
                             id=row.id)
        dialog = GuardianDialog(self.services, data, with_relation=False, version=row.version,
                                parent=self)
        self.open_form(dialog)
