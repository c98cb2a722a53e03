"""«Список вступивших»: paste (or open) the platform's member list, review how each name
matched, fix the doubtful ones, then mark the ticked people as joined on a date."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QDate,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sferum_desk.services.invitations import (
    MATCH_ALREADY,
    MATCH_AMBIGUOUS,
    MATCH_NONE,
    MATCH_OK,
    NameMatch,
)
from sferum_desk.ui.invitations import member_lists as member_list_import
from sferum_desk.ui.invitations.links import ask_open_table
from sferum_desk.ui.table_model import TitledTableModel
from sferum_desk.ui.table_tab import run_safely
from sferum_desk.ui.designed import ok_cancel_buttons
from sferum_desk.ui.geometry import FitOnShow
from sferum_desk.ui.ui_files import load_form

STATUS_TEXT = {MATCH_OK: "✓ найден", MATCH_ALREADY: "уже отмечен",
               MATCH_AMBIGUOUS: "? проверьте", MATCH_NONE: "✗ не найден"}


@dataclass
class _Line:
    match: NameMatch
    person_id: int | None  # the user's choice
    ticked: bool


class MatchModel(TitledTableModel):
    """✓ | из списка | кто это | совпадение | статус. The tick decides what is saved."""

    headers = ("✓", "Из списка платформы", "Кто это у нас", "Совпадение", "Итог")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.lines: list[_Line] = []

    def set_matches(self, matches: list[NameMatch]) -> None:
        self.beginResetModel()
        self.lines = [_Line(m, m.person_id, m.status == MATCH_OK) for m in matches]
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.lines)

    def _chosen(self, line: _Line):
        return next((c for c in line.match.candidates if c.person_id == line.person_id), None)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        line, col = self.lines[index.row()], index.column()
        if col == 0 and role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if line.ticked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and col == 2:
            return "\n".join(f"{c.full_name} ({c.detail}) — {c.score:.0f} %"
                             for c in line.match.candidates) or None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        chosen = self._chosen(line)
        if col == 1:
            return line.match.source
        if col == 2:
            if chosen is None:
                return "—"
            return f"{chosen.full_name} ({chosen.detail})" if chosen.detail else \
                chosen.full_name
        if col == 3:
            return f"{chosen.score:.0f} %" if chosen else ""
        if col == 4:
            return STATUS_TEXT[line.match.status]
        return None

    def flags(self, index: QModelIndex):
        flags = super().flags(index)
        if index.column() == 0 and self.lines[index.row()].person_id is not None:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if index.column() == 0 and role == Qt.ItemDataRole.CheckStateRole:
            line = self.lines[index.row()]
            line.ticked = Qt.CheckState(value) == Qt.CheckState.Checked and \
                line.person_id is not None
            self.dataChanged.emit(index, index)
            return True
        return False

    def choose(self, row: int, person_id: int | None) -> None:
        line = self.lines[row]
        line.person_id = person_id
        line.ticked = person_id is not None
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def chosen_ids(self) -> list[int]:
        return [line.person_id for line in self.lines if line.ticked and line.person_id]


class JoinedNamesDialog(FitOnShow, QDialog):
    saved = Signal(int)

    def __init__(self, services, unit_id: int | None, audience: str | None, title: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Вступившие по списку платформы — {title}")
        self.resize(900, 640)
        self.services, self.unit_id, self.audience = services, unit_id, audience
        layout = QVBoxLayout(self)
        body = load_form("joined_names", self)  # forms/joined_names.ui
        layout.addWidget(body)
        self.text = body.findChild(QPlainTextEdit, "names_text")
        self.match_button = body.findChild(QPushButton, "match_button")
        self.match_button.clicked.connect(self.match)
        self.file_button = body.findChild(QPushButton, "file_button")
        self.file_button.clicked.connect(self.from_file)
        self.member_file_button = body.findChild(QPushButton, "member_file_button")
        self.member_file_button.clicked.connect(self.from_member_file)
        self.review = None  # a platform member list under review (its user ids are kept)
        self.model = MatchModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.view = body.findChild(QTableView, "matches")
        self.view.setModel(self.proxy)
        self.view.selectionModel().currentRowChanged.connect(self._on_row)
        self.candidates = body.findChild(QComboBox, "candidates")
        self.candidates.activated.connect(self._on_choice)
        self.summary = body.findChild(QLabel, "summary")
        self.date = body.findChild(QDateEdit, "date")
        self.date.setDate(QDate.currentDate())
        buttons = body.findChild(QDialogButtonBox, "buttons")
        self.save_button = ok_cancel_buttons(buttons, "Отметить вступившими", "save_button",
                                             self.save, self.reject)
        self.save_button.setEnabled(False)
        self.model.dataChanged.connect(lambda *_: self._update())

    def match(self) -> None:
        run_safely(self, lambda: self._show(self.services.invitations.match_joined_names(
            self.unit_id, self.text.toPlainText(), self.audience)))

    def from_file(self) -> None:
        path = ask_open_table(self)
        if path is not None:
            run_safely(self, lambda: self._show(self.services.invitations.match_joined_file(
                self.unit_id, path, self.audience)))

    def from_member_file(self) -> None:
        path = member_list_import.ask_member_file(self)
        if path is None:
            return

        def job():
            review = self.services.member_lists.review_file(self.unit_id, path, self.audience)
            self._show([m.match for m in review.matches])
            self.review = review
        run_safely(self, job)

    def _show(self, matches: list[NameMatch]) -> None:
        self.review = None
        self.model.set_matches(matches)
        self.view.resizeColumnsToContents()
        self._update()

    def _on_row(self, current: QModelIndex, _previous=None) -> None:
        self.candidates.clear()
        if not current.isValid():
            return
        line = self.model.lines[self.proxy.mapToSource(current).row()]
        self.candidates.addItem("— никто из наших —", None)
        for candidate in line.match.candidates:
            detail = f" ({candidate.detail})" if candidate.detail else ""
            self.candidates.addItem(f"{candidate.full_name}{detail} — {candidate.score:.0f} %",
                                    candidate.person_id)
        self.candidates.setCurrentIndex(max(0, self.candidates.findData(line.person_id)))

    def _on_choice(self, index: int) -> None:
        current = self.view.currentIndex()
        if current.isValid():
            self.model.choose(self.proxy.mapToSource(current).row(),
                              self.candidates.itemData(index))

    def choose_row(self, row: int, person_id: int | None) -> None:
        """What selecting a row and picking a name in «Кто это» does."""
        self.view.selectRow(row)
        self.candidates.setCurrentIndex(self.candidates.findData(person_id))
        self._on_choice(self.candidates.currentIndex())

    def _update(self) -> None:
        lines = self.model.lines
        count = {s: sum(1 for line in lines if line.match.status == s) for s in STATUS_TEXT}
        ticked = len(self.model.chosen_ids())
        self.summary.setText(
            f"Найдены: {count[MATCH_OK]}, уже отмечены: {count[MATCH_ALREADY]}, проверьте: "
            f"{count[MATCH_AMBIGUOUS]}, не найдены: {count[MATCH_NONE]}. Для сомнительных "
            "выберите человека в поле «Кто это». Будут отмечены только строки с галочкой.")
        self.save_button.setText(f"Отметить вступившими: {ticked}")
        self.save_button.setEnabled(ticked > 0)

    def save(self) -> None:
        ids = self.model.chosen_ids()

        def job():
            if self.review is not None:
                self.saved.emit(member_list_import.save_review(
                    self.services, self.review, self.model.lines, self.date.date().toPython(),
                    unit_id=self.unit_id, audience=self.audience))
                return
            self.saved.emit(self.services.invitations.set_joined(
                ids, on=self.date.date().toPython(), source="import", unit_id=self.unit_id,
                audience=self.audience))
        if run_safely(self, job):
            self.accept()
