"""«Новый учебный год»: a preview of what happens to each unit, editable, applied in one step.

Classes move up (5А → 6А) and the final year leaves; a kindergarten's groups keep, change or
merge their names as the user types them (two units given one name are merged).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QLabel, QSpinBox, QStyledItemDelegate, QTableView,
    QWidget,
)

from sferum_desk.domain.errors import UserError
from sferum_desk.domain.kinds import Vocabulary
from sferum_desk.services import Services
from sferum_desk.services.movement import ACTION_TITLES, GRADUATE, KEEP, PROMOTE, NewYearPlan
from sferum_desk.ui import dialogs
from sferum_desk.ui.designed import child, load_into, ok_cancel_buttons
from sferum_desk.ui.table_model import TitledTableModel
from sferum_desk.ui.geometry import FitOnShow

ACTIONS = [PROMOTE, KEEP, GRADUATE]


class PlanModel(TitledTableModel):
    """Сейчас | Человек | Что будет | Новое название | Почему — the last three editable."""

    NAME, COUNT, ACTION, NEW_NAME, REASON = range(5)
    headers = ("Сейчас", "Человек", "Что будет", "Новое название", "Почему так")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.plan: NewYearPlan | None = None

    def set_plan(self, plan: NewYearPlan) -> None:
        self.beginResetModel()
        self.plan = plan
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() or self.plan is None else len(self.plan.units)

    def flags(self, index: QModelIndex):
        flags = super().flags(index)
        if index.column() == self.ACTION or (
                index.column() == self.NEW_NAME
                and self.plan.units[index.row()].action != GRADUATE):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        unit = self.plan.units[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.EditRole:
            return unit.action if col == self.ACTION else unit.new_name
        if role == Qt.ItemDataRole.ForegroundRole and col == self.NEW_NAME \
                and unit.action == GRADUATE:
            return self._muted()
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return {self.NAME: unit.name, self.COUNT: str(unit.students),
                self.ACTION: ACTION_TITLES[unit.action],
                self.NEW_NAME: "— (выбывают)" if unit.action == GRADUATE else unit.new_name,
                self.REASON: unit.reason}[col]

    @staticmethod
    def _muted():
        from PySide6.QtGui import QColor

        return QColor("#777777")

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        unit = self.plan.units[index.row()]
        if index.column() == self.ACTION and value in ACTIONS:
            unit.action = value
            if value == KEEP:
                unit.new_name = unit.name
        elif index.column() == self.NEW_NAME:
            unit.new_name = str(value).strip() or unit.name
            if unit.action == KEEP and unit.new_name != unit.name:
                unit.action = PROMOTE
        else:
            return False
        unit.reason = "изменено вами"
        self.dataChanged.emit(self.index(index.row(), 0),
                              self.index(index.row(), self.columnCount() - 1))
        return True


class ActionDelegate(QStyledItemDelegate):
    """The «Что будет» column is a drop-down of the three actions."""

    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        for action in ACTIONS:
            combo.addItem(ACTION_TITLES[action], action)
        return combo

    def setEditorData(self, editor: QComboBox, index) -> None:
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QComboBox, model, index) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class NewYearDialog(FitOnShow, QDialog):
    saved = Signal(object)  # the service's Change

    def __init__(self, services: Services, vocabulary: Vocabulary,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.setWindowTitle("Новый учебный год")
        self.resize(820, 520)
        body = load_into(self, "new_year")  # forms/new_year.ui
        self.heading = child(body, QLabel, "heading")
        child(body, QLabel, "final_grade_label").setText(
            f"Выпускной ({vocabulary.unit.lower()} с номером):")
        self.final_grade = child(body, QSpinBox, "final_grade")
        self.model = PlanModel(self)
        self.view = child(body, QTableView, "plan")
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(PlanModel.ACTION, ActionDelegate(self.view))
        self.merges = child(body, QLabel, "merges")
        buttons = child(body, QDialogButtonBox, "buttons")
        self.ok_button = ok_cancel_buttons(buttons, "Начать новый учебный год", "ok_button",
                                           self.accept, self.reject)
        self.model.dataChanged.connect(self._show_merges)
        self.load(None)
        self.final_grade.valueChanged.connect(lambda value: self.load(value or None))

    def load(self, final_grade: int | None) -> None:
        plan = self.services.movement.preview_new_year(final_grade)
        self.final_grade.blockSignals(True)
        self.final_grade.setValue(plan.final_grade or 0)
        self.final_grade.blockSignals(False)
        self.heading.setText(
            f"Переход {plan.current_year} → {plan.new_year} с {plan.starts_on:%d.%m.%Y}. "
            "Проверьте каждую строку: действие и новое название можно изменить. Перед "
            "сменой года сохраняется резервная копия.")
        self.model.set_plan(plan)
        unit = self.view.fontMetrics().averageCharWidth()
        for column, chars in enumerate((18, 8, 22, 22)):
            self.view.setColumnWidth(column, unit * chars + 16)
        self._show_merges()

    def _show_merges(self, *_args) -> None:
        merges = self.model.plan.merges() if self.model.plan else {}
        self.merges.setText("\n".join(f"Объединятся в одно подразделение: {', '.join(names)}."
                                      for names in merges.values()))

    def accept(self) -> None:
        plan = self.model.plan
        leaving = sum(u.students for u in plan.units if u.action == GRADUATE)
        if not dialogs.confirm(self, f"Начать {plan.new_year} учебный год? Выбудут "
                                     f"{leaving} чел. из выпускных.", yes="Начать"):
            return
        try:
            change = self.services.movement.start_new_year(plan)
        except UserError as error:
            dialogs.show_error(self, error.message)
            return
        self.saved.emit(change)
        super().accept()
