"""Create or edit a unit: its name, curator and (for a school class) subject teachers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QListWidget, QListWidgetItem, QWidget

from sferum_desk.domain.enums import UnitKind
from sferum_desk.domain.kinds import OrgKind, Vocabulary
from sferum_desk.services import Services
from sferum_desk.services.dto import StaffRow, UnitRow
from sferum_desk.ui.form_dialog import FormDialog
from sferum_desk.ui.forms import FieldForm, set_combo_data, widen

NAME_EXAMPLES = {OrgKind.SCHOOL.value: "например, 5А", OrgKind.KINDERGARTEN.value:
                 "например, Солнышко", OrgKind.COLLEGE.value: "например, ТМ-21",
                 OrgKind.ADDITIONAL.value: "например, Робототехника-1"}


def staff_combo(staff: list[StaffRow], empty: str = "— не назначен —",
                combo: QComboBox | None = None) -> QComboBox:
    combo = combo if combo is not None else QComboBox()
    combo.addItem(empty, None)
    for person in staff:
        label = f"{person.full_name} — {person.position}" if person.position else person.full_name
        combo.addItem(label, person.id)
    combo.setMaxVisibleItems(20)
    return combo


class UnitDialog(FormDialog):
    def __init__(self, services: Services, vocabulary: Vocabulary, kind: str,
                 unit: UnitRow | None = None, parent: QWidget | None = None):
        title = f"{vocabulary.unit}: " + (f"«{unit.name}»" if unit else "создание")
        super().__init__(title, parent, form=FieldForm.from_ui("unit"))
        self.services = services
        self.unit = unit
        staff = services.people.list_staff()
        fields = self.form.fields
        self.name = fields["name"]
        self.name.setPlaceholderText(NAME_EXAMPLES.get(kind, ""))
        widen(self.name, 30)
        self.curator = staff_combo(staff, combo=fields["curator"])
        self.form.set_label("curator", f"{vocabulary.curator}:")
        self.teachers: QListWidget | None = None
        if kind == OrgKind.SCHOOL.value and (unit is None or unit.kind == UnitKind.REGULAR.value):
            self.teachers = self._teacher_list(staff, fields["teachers"])
        else:  # subject teachers are a school's only
            self.form.hide_field("teachers")
        if unit is not None:
            self.name.setText(unit.name)
            set_combo_data(self.curator, unit.curator_id)
            if unit.kind == UnitKind.STAFF_ROOM.value:
                self.name.setReadOnly(True)
                self.name.setToolTip("Учительская есть в каждой организации: её название "
                                     "не меняется")
            if self.teachers is not None:
                self._check_teachers(set(unit.teacher_ids))

    def _teacher_list(self, staff: list[StaffRow], widget: QListWidget) -> QListWidget:
        for person in staff:
            item = QListWidgetItem(person.full_name)
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            widget.addItem(item)
        widget.setMinimumHeight(widget.fontMetrics().height() * 8)
        return widget

    def _check_teachers(self, ids: set[int]) -> None:
        for i in range(self.teachers.count()):
            item = self.teachers.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def teacher_ids(self) -> list[int] | None:
        if self.teachers is None:
            return None
        return [self.teachers.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.teachers.count())
                if self.teachers.item(i).checkState() == Qt.CheckState.Checked]

    def save(self) -> UnitRow:
        return self.services.structure.save_unit(
            self.name.text(), curator_id=self.curator.currentData(),
            teacher_ids=self.teacher_ids(), unit_id=self.unit.id if self.unit else None,
            expected_version=self.unit.version if self.unit else None)
