"""«Структура»: the units (classes or groups) and the staff room, with curators."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView

from sferum_desk.domain.enums import UnitKind
from sferum_desk.domain.kinds import OrgKind, Vocabulary
from sferum_desk.domain.units import unit_sort_key
from sferum_desk.services.dto import UnitRow
from sferum_desk.ui import dialogs
from sferum_desk.ui.signals import PEOPLE, STRUCTURE
from sferum_desk.ui.table_model import Column
from sferum_desk.ui.table_tab import TableTab
from sferum_desk.ui.unit_dialog import UnitDialog

STAFF_ROOM_TIP = "Учительская есть всегда: в ней все сотрудники организации"


def _pupils_text(unit: UnitRow) -> str:
    return "—" if unit.kind == UnitKind.STAFF_ROOM.value else str(unit.students)


class StructureTab(TableTab):
    areas = (STRUCTURE, PEOPLE)
    emits = STRUCTURE
    search_placeholder = "Поиск по названию или руководителю (Ctrl+F)"

    def __init__(self, services, signals, parent=None):
        self._kind = ""
        self._staff_names: dict[int, str] = {}
        super().__init__(services, signals, parent)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    @staticmethod
    def tab_title(vocabulary: Vocabulary) -> str:
        return "Структура"

    def button_texts(self, vocabulary: Vocabulary) -> tuple[str, str]:
        return "Создать…", f"Создать: {vocabulary.unit.lower()} (Ins)"

    def columns(self, vocabulary: Vocabulary) -> list[Column]:
        columns = [
            Column(vocabulary.unit, lambda u: u.name, sort=lambda u: unit_sort_key(u.name),
                   chars=22, tooltip=lambda u: STAFF_ROOM_TIP
                   if u.kind == UnitKind.STAFF_ROOM.value else ""),
            Column(vocabulary.curator, lambda u: u.curator, chars=34),
            Column(vocabulary.students, _pupils_text, sort=lambda u: u.students,
                   chars=13, align_right=True, searchable=False),
            Column("Учебный год", lambda u: u.academic_year, chars=12),
        ]
        if self._kind == OrgKind.SCHOOL.value:
            columns.append(Column("Учителя-предметники", self._teachers_text, chars=40))
        return columns

    def _teachers_text(self, unit: UnitRow) -> str:
        return ", ".join(self._staff_names.get(i, "") for i in unit.teacher_ids)

    def refresh(self) -> None:
        organization = self.services.organization.get()
        kind = organization.kind if organization else ""
        if kind != self._kind:
            self._kind = kind
            self.vocabulary = None  # the columns depend on the kind: rebuild them
        if self._kind == OrgKind.SCHOOL.value:
            self._staff_names = {s.id: s.full_name for s in self.services.people.list_staff()}
        super().refresh()

    def load_rows(self) -> list[UnitRow]:
        return self.services.structure.list_units()

    def _dialog(self, unit: UnitRow | None) -> None:
        dialog = UnitDialog(self.services, self.vocabulary, self._kind, unit, self)
        self.open_form(dialog)

    def add_row(self) -> None:
        self._dialog(None)

    def edit_row(self, row: UnitRow) -> None:
        self._dialog(row)

    def delete_rows(self, rows: list[UnitRow]) -> None:
        unit = rows[0]
        deletable = unit.kind != UnitKind.STAFF_ROOM.value and unit.students == 0
        # Ask only when the service can do it; otherwise its refusal says why at once.
        if deletable and not dialogs.confirm(
                self, f"Удалить «{unit.name}» из структуры? Сотрудники останутся в списке."):
            return
        self.run_delete(lambda: self.services.structure.delete_unit(unit.id))
