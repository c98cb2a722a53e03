"""Add / edit dialogs for staff, pupils and guardians.

Phones are typed in any form and shown formatted; the services store them in E.164.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QCompleter, QGridLayout, QPushButton,
    QVBoxLayout, QWidget,
)

from sferum_desk.domain.dates import format_date
from sferum_desk.domain.enums import PlatformRole, Relation, UnitKind
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.kinds import Vocabulary
from sferum_desk.services import Services
from sferum_desk.services.dto import (
    GuardianInput, GuardianRow, StaffInput, StaffRow, StudentInput, StudentRow,
)
from sferum_desk.ui.form_dialog import FormDialog
from sferum_desk.ui.forms import FieldForm, set_combo_data, widen
from sferum_desk.ui.table_model import Column, RowTableModel, SearchProxy
from sferum_desk.ui.table_tab import apply_widths, open_dialog, setup_table_view
from sferum_desk.ui.ui_files import load_form, register_widget
from sferum_desk.ui.words import phone_text, relation_short, role_title

NAME_PLACEHOLDER = "Фамилия Имя Отчество"
COMMON_POSITIONS = ["Учитель", "Воспитатель", "Классный руководитель", "Заместитель директора",
                    "Педагог-психолог", "Учитель-логопед", "Социальный педагог",
                    "Педагог-организатор", "Советник директора по воспитанию",
                    "Педагог дополнительного образования", "Преподаватель", "Мастер п/о",
                    "Старший воспитатель", "Музыкальный руководитель", "Секретарь",
                    "Делопроизводитель"]


def relation_combo() -> QComboBox:
    combo = QComboBox()
    fill_relations(combo)
    return combo


def fill_relations(combo: QComboBox) -> None:
    for relation in Relation:
        combo.addItem(relation.title, relation.value)


# ---- staff -------------------------------------------------------------------------
@register_widget
class RolesBox(QWidget):
    """One checkbox per platform role, titled with the organisation's words (a custom
    widget of forms/staff.ui: built with its parent alone, then given the words)."""

    def __init__(self, vocabulary: Vocabulary | QWidget | None = None,
                 parent: QWidget | None = None):
        if isinstance(vocabulary, QWidget):  # QUiLoader passes the parent only
            vocabulary, parent = None, vocabulary
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for index, role in enumerate(PlatformRole):
            box = QCheckBox()
            box.setObjectName(f"role_{role.value}")
            self.boxes[role.value] = box
            grid.addWidget(box, index // 2, index % 2)
        if vocabulary is not None:
            self.set_vocabulary(vocabulary)

    def set_vocabulary(self, vocabulary: Vocabulary) -> None:
        for role, box in self.boxes.items():
            box.setText(role_title(role, vocabulary))

    def roles(self) -> list[str]:
        return [role for role, box in self.boxes.items() if box.isChecked()]

    def set_roles(self, roles) -> None:
        for role, box in self.boxes.items():
            box.setChecked(role in roles)


class StaffDialog(FormDialog):
    def __init__(self, services: Services, vocabulary: Vocabulary, staff: StaffRow | None = None,
                 parent: QWidget | None = None):
        super().__init__("Сотрудник: " + (staff.full_name if staff else "новый"), parent,
                         form=FieldForm.from_ui("staff"))
        self.services = services
        self.staff = staff
        fields = self.form.fields
        self.full_name, self.position, self.roles, self.phone, self.email = (
            fields[name] for name in ("full_name", "position", "platform_roles", "phone",
                                      "email"))
        widen(self.full_name, 40)
        self.position.setCompleter(self._position_completer())
        self.roles.set_vocabulary(vocabulary)
        if staff is not None:
            self.full_name.setText(staff.full_name)
            self.position.setText(staff.position)
            self.roles.set_roles(staff.platform_roles)
            self.phone.setText(phone_text(staff.phone))
            self.email.setText(staff.email)

    def _position_completer(self) -> QCompleter:
        known = {s.position for s in self.services.people.list_staff() if s.position}
        completer = QCompleter(sorted(known | set(COMMON_POSITIONS)), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        return completer

    def save(self) -> StaffRow:
        data = StaffInput(full_name=self.full_name.text(), position=self.position.text(),
                          platform_roles=self.roles.roles(), phone=self.phone.text(),
                          email=self.email.text())
        if self.staff is None:
            return self.services.people.save_staff(data)
        return self.services.people.save_staff(data, self.staff.id,
                                               expected_version=self.staff.version)


# ---- guardians -------------------------------------------------------------------------
class GuardianDialog(FormDialog):
    """A guardian's name and contacts. In a pupil's card (`with_relation`) it only checks
    the input and hands it back; from the «Родители» tab it saves the guardian."""

    def __init__(self, services: Services, guardian: GuardianInput | None = None,
                 with_relation: bool = True, version: int | None = None,
                 parent: QWidget | None = None):
        title = "Родитель (законный представитель)"
        form = FieldForm.from_ui("guardian", aliases={"guardian_phone": ("phone",),
                                                      "guardian_email": ("email",)})
        super().__init__(title + (f": {guardian.full_name}" if guardian else ""), parent,
                         ok_text="Готово" if with_relation else "Сохранить", form=form)
        self.services = services
        self.guardian = guardian
        self.with_relation = with_relation
        self.version = version  # as loaded, for the «Родители» tab's edit
        self.full_name = form.fields["full_name"]
        widen(self.full_name, 40)
        self.relation = form.fields["relation"]
        fill_relations(self.relation)
        if not with_relation:
            form.hide_field("relation")
        self.phone, self.email = form.fields["guardian_phone"], form.fields["guardian_email"]
        if guardian is not None:
            self.full_name.setText(guardian.full_name)
            set_combo_data(self.relation, guardian.relation)
            self.phone.setText(phone_text(guardian.phone))
            self.email.setText(guardian.email)
        # In a pupil's card, an existing guardian's edit reaches all their children.
        form.widget("guardian_note").setVisible(
            guardian is not None and guardian.id is not None and with_relation)

    def value(self) -> GuardianInput:
        return GuardianInput(full_name=self.full_name.text(),
                             relation=self.relation.currentData() or Relation.OTHER.value,
                             phone=self.phone.text(), email=self.email.text(),
                             id=self.guardian.id if self.guardian else None)

    def save(self):
        if self.with_relation:
            return self.services.people.check_guardian(self.value())
        return self.services.people.save_guardian(self.value(), self.guardian.id,
                                                  expected_version=self.version)


def children_text(guardian: GuardianRow) -> str:
    return "; ".join(f"{c.full_name} ({c.unit})" if c.unit else c.full_name
                     for c in guardian.children)


class GuardianPickerDialog(FormDialog):
    """Choose a guardian already in the database, so siblings share their parent; the
    relation follows the one they have to their other children when those agree."""

    ask_on_close = False  # a search and a choice: nothing typed to lose

    def __init__(self, services: Services, exclude: set[int], parent: QWidget | None = None):
        super().__init__("Выбрать родителя из базы", parent, ok_text="Выбрать",
                         form=FieldForm.from_ui("guardian_picker"))
        self.services = services
        self.search = self.form.fields["search"]
        widen(self.search, 50)
        self.model = RowTableModel(
            [Column("ФИО", lambda g: g.full_name, chars=34),
             Column("Телефон", lambda g: phone_text(g.phone), chars=18),
             Column("Дети", children_text, chars=40)],
            extra_search=lambda g: g.phone)
        self.model.set_rows(g for g in services.people.list_guardians() if g.id not in exclude)
        self.proxy = SearchProxy(self.model, self)
        self.view = setup_table_view(self.form.widget("table"), self.proxy)
        self.view.setSelectionMode(self.view.SelectionMode.SingleSelection)
        apply_widths(self.view, self.model.columns())
        self.view.setMinimumSize(self.view.fontMetrics().averageCharWidth() * 100,
                                 self.view.fontMetrics().height() * 14)
        self.view.doubleClicked.connect(lambda _index: self.accept())
        self.search.textChanged.connect(self.proxy.set_query)
        self.relation = self.form.fields["relation"]
        fill_relations(self.relation)
        self.relation.setCurrentIndex(-1)
        self.view.selectionModel().selectionChanged.connect(self._take_relation)

    def _take_relation(self, *_args) -> None:
        """A father of a sibling stays a father; differing relations: the user chooses."""
        row = self.chosen()
        known = {child.relation for child in row.children} if row is not None else set()
        if len(known) == 1:
            set_combo_data(self.relation, known.pop())
        else:
            self.relation.setCurrentIndex(-1)

    def chosen(self) -> GuardianRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.proxy.row_at(rows[0].row()) if rows else None

    def save(self) -> GuardianInput:
        row = self.chosen()
        if row is None:
            raise UserError("Выберите родителя в списке.", field="search")
        if self.relation.currentData() is None:
            raise UserError("Выберите, кем этот родитель приходится ребёнку.", field="relation")
        return GuardianInput(full_name=row.full_name, relation=self.relation.currentData(),
                             phone=row.phone, email=row.email, id=row.id)


# ---- pupils ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class GuardianDraft:
    """A guardian in an unsaved pupil card; `id` is a local key for the table."""

    id: int
    data: GuardianInput


class GuardiansEditor(QWidget):
    """The list of a pupil's guardians with add / choose / edit / remove."""

    def __init__(self, services: Services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.active_dialog = None
        self._keys = itertools.count(1)
        self.model = RowTableModel([
            Column("ФИО", lambda d: d.data.full_name, chars=30),
            Column("Кем приходится", lambda d: relation_short(d.data.relation), chars=14),
            Column("Телефон", lambda d: phone_text(d.data.phone), chars=17),
            Column("Эл. почта", lambda d: d.data.email, chars=18),
        ])
        self.proxy = SearchProxy(self.model, self)
        body = load_form("guardians_editor", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(body)
        self.view = setup_table_view(body.findChild(QWidget, "guardians_table"), self.proxy)
        self.view.setSortingEnabled(False)
        self.view.setSelectionMode(self.view.SelectionMode.SingleSelection)
        width = apply_widths(self.view, self.model.columns())
        self.view.setMinimumSize(width + 4, self.view.fontMetrics().height() * 8)
        self.view.doubleClicked.connect(lambda _index: self.edit())
        for name, slot in (("add_guardian", self.add), ("pick_guardian", self.pick),
                           ("edit_guardian", self.edit), ("remove_guardian", self.remove)):
            body.findChild(QPushButton, name).clicked.connect(slot)
        self.removed: list[tuple[int, GuardianDraft]] = []  # for Ctrl+Z, newest last
        undo = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self)
        undo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo.activated.connect(self.undo_remove)

    def set_guardians(self, guardians) -> None:
        self.model.set_rows(GuardianDraft(next(self._keys), g) for g in guardians)

    def guardians(self) -> list[GuardianInput]:
        return [draft.data for draft in self.model.rows()]

    def current(self) -> GuardianDraft | None:
        rows = self.view.selectionModel().selectedRows()
        return self.proxy.row_at(rows[0].row()) if rows else None

    def _put(self, data: GuardianInput, replacing: GuardianDraft | None = None) -> None:
        rows = self.model.rows()
        if replacing is None:
            rows.append(GuardianDraft(next(self._keys), data))
        else:
            rows = [replace(r, data=data) if r.id == replacing.id else r for r in rows]
        self.model.set_rows(rows)

    def add(self) -> None:
        dialog = GuardianDialog(self.services, parent=self)
        dialog.saved.connect(lambda data: self._put(data))
        self._open(dialog)

    def pick(self) -> None:
        linked = {g.id for g in self.guardians() if g.id is not None}
        dialog = GuardianPickerDialog(self.services, linked, parent=self)
        dialog.saved.connect(lambda data: self._put(data))
        self._open(dialog)

    def edit(self) -> None:
        draft = self.current()
        if draft is None:
            return
        dialog = GuardianDialog(self.services, draft.data, parent=self)
        dialog.saved.connect(lambda data: self._put(data, draft))
        self._open(dialog)

    def _open(self, dialog) -> None:
        """After the dialog the cursor is back on the list, so Enter saves the card."""
        dialog.finished.connect(lambda *_: self.view.setFocus(Qt.FocusReason.OtherFocusReason))
        open_dialog(self, dialog)

    def remove(self) -> None:
        draft = self.current()
        if draft is not None:
            rows = self.model.rows()
            self.removed.append((rows.index(draft), draft))
            self.model.set_rows(r for r in rows if r.id != draft.id)

    def undo_remove(self) -> None:
        """Ctrl+Z: the guardian removed last comes back where they were."""
        if not self.removed:
            return
        position, draft = self.removed.pop()
        rows = self.model.rows()
        rows.insert(min(position, len(rows)), draft)
        self.model.set_rows(rows)


def fill_units(combo: QComboBox, services: Services, vocabulary: Vocabulary) -> QComboBox:
    combo.addItem("— не выбрано —", None)
    for unit in services.structure.list_units():
        if unit.kind == UnitKind.REGULAR.value:
            combo.addItem(unit.name, unit.id)
    combo.setToolTip(f"{vocabulary.unit}, где сейчас учится или воспитывается")
    return combo


class StudentDialog(FormDialog):
    """forms/student.ui; the guardians' list is a code widget in its `guardians_place`."""

    def __init__(self, services: Services, vocabulary: Vocabulary,
                 student: StudentRow | None = None, unit_id: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(f"{vocabulary.student}: " + (student.full_name if student else "новый"),
                         parent, form=FieldForm.from_ui("student"))
        self.services = services
        self.student = student
        form = self.form
        self.full_name, self.birth_date, self.unit = (
            form.fields[name] for name in ("full_name", "birth_date", "unit"))
        widen(self.full_name, 40)
        widen(self.birth_date, 18, at_most=True)
        fill_units(self.unit, services, vocabulary)
        form.set_label("unit", f"{vocabulary.unit}:")
        self.guardians = GuardiansEditor(services, self)
        form.widget("guardians_place").layout().addWidget(self.guardians)
        set_combo_data(self.unit, student.unit_id if student else unit_id)
        if student is not None:
            self.full_name.setText(student.full_name)
            self.birth_date.setText(format_date(student.birth_date))
            self.guardians.set_guardians(
                GuardianInput(full_name=g.full_name, relation=g.relation, phone=g.phone,
                              email=g.email, id=g.id) for g in student.guardians)

    def extra_state(self) -> tuple:
        return tuple(self.guardians.guardians())

    def save(self) -> StudentRow:
        data = StudentInput(full_name=self.full_name.text(), birth_date=self.birth_date.text(),
                            unit_id=self.unit.currentData(),
                            guardians=self.guardians.guardians())
        if self.student is None:
            return self.services.people.save_student(data)
        return self.services.people.save_student(data, self.student.id,
                                                 expected_version=self.student.version)
