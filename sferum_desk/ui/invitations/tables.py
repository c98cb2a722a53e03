"""The tables of the «Приглашения» tab: the people of one unit and audience (ticks,
«выдана», «вступил»), the columns of the read-only tables and the pages that hold them.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from sferum_desk.domain.dates import format_date
from sferum_desk.domain.kinds import Vocabulary
from sferum_desk.domain.names import sort_key
from sferum_desk.domain.units import unit_sort_key
from sferum_desk.services.invitations import (
    DECLINED,
    HANDED_OUT,
    JOINED,
    NO_SLIP,
    PRINTED,
    AudiencePerson,
)
from sferum_desk.ui.table_model import (
    Column,
    RowTableModel,
    SearchProxy,
    TitledTableModel,
    date_sort,
)
from sferum_desk.ui.table_tab import apply_widths, make_table_view
from sferum_desk.ui.word_filter import WordFilterProxy

STATUS_COLOURS = {JOINED: QColor("#1b7f3b"), HANDED_OUT: QColor("#a15c00"),
                  DECLINED: QColor("#6b6b6b")}
STATUS_ORDER = [NO_SLIP, PRINTED, HANDED_OUT, DECLINED, JOINED]


# ---- the people of one unit and audience -----------------------------------------------------
class PeopleModel(TitledTableModel):
    """✓ (ticked for an action) | ФИО | кто | карточка | выдана | вступил.

    Ticking «выдана» or «вступил» asks the tab to save it (the model keeps no state of its
    own apart from the ticks)."""

    TICK, NAME, DETAIL, STATUS, HANDED, JOINED_COL = range(6)
    handed_toggled = Signal(int, bool)  # person id, ticked
    joined_toggled = Signal(int, bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.people: list[AudiencePerson] = []
        self.ticked: set[int] = set()
        self.headers = ["✓", "ФИО", "", "Карточка", "Выдана", "Вступил"]

    def set_people(self, people: list[AudiencePerson], detail_title: str) -> None:
        self.beginResetModel()
        self.people = people
        self.ticked &= {p.person_id for p in people}
        self.headers[self.DETAIL] = detail_title
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.people)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        person, col = self.people[index.row()], index.column()
        if role == Qt.ItemDataRole.CheckStateRole:
            checked = {self.TICK: person.person_id in self.ticked,
                       self.HANDED: person.handed_out_on is not None,
                       self.JOINED_COL: person.joined_on is not None}.get(col)
            if checked is None:
                return None
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and col == self.STATUS:
            return STATUS_COLOURS.get(person.status)
        if role == Qt.ItemDataRole.UserRole:  # sort keys
            return self._sort_key(person, col)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return {self.NAME: person.full_name, self.DETAIL: person.detail,
                self.STATUS: person.status + (f" ({person.slips})" if person.slips > 1 else ""),
                self.HANDED: format_date(person.handed_out_on),
                self.JOINED_COL: format_date(person.joined_on)}.get(col, "")

    def _sort_key(self, person: AudiencePerson, col: int):
        if col == self.HANDED:
            return date_sort(person.handed_out_on).isoformat()
        if col == self.JOINED_COL:
            return date_sort(person.joined_on).isoformat()
        if col == self.TICK:
            return int(person.person_id in self.ticked)
        if col == self.STATUS:
            return STATUS_ORDER.index(person.status)
        return sort_key(person.detail if col == self.DETAIL else person.full_name)[0]

    def flags(self, index: QModelIndex):
        flags = super().flags(index)
        person = self.people[index.row()]
        if index.column() in (self.TICK, self.JOINED_COL) or (
                index.column() == self.HANDED and person.slips):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole:
            return False
        person = self.people[index.row()]
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        if index.column() == self.TICK:
            (self.ticked.add if checked else self.ticked.discard)(person.person_id)
            self.dataChanged.emit(index, index)
        elif index.column() == self.HANDED:
            self.handed_toggled.emit(person.person_id, checked)
        elif index.column() == self.JOINED_COL:
            self.joined_toggled.emit(person.person_id, checked)
        else:
            return False
        return True

    def tick_all(self, ticked: bool) -> None:
        self.ticked = {p.person_id for p in self.people} if ticked else set()
        if self.people:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.people) - 1, 0))


class PeopleProxy(WordFilterProxy):
    """Search by name or detail with ё as е; sort by the model's keys."""

    def row_text(self, source_row: int) -> str:
        person = self.sourceModel().people[source_row]
        return f"{person.full_name} {person.detail}"


# ---- columns of the read-only tables ------------------------------------------------------------
def _place_columns(vocabulary: Vocabulary, place_of, unit_chars: int,
                   audience_chars: int) -> list[Column]:
    """The unit (under the organisation's word for it, in the units' natural order) and whom
    the link is for, of the row's `place_of(row)`: a coverage row or a link."""
    return [Column(vocabulary.unit, lambda r: place_of(r).unit_name,
                   sort=lambda r: unit_sort_key(place_of(r).unit_name), chars=unit_chars),
            Column("Кому", lambda r: place_of(r).audience_title, chars=audience_chars)]


def _count_column(title: str, count_of, chars: int) -> Column:
    """A number, right-aligned, sorted as a number and left out of the search."""
    return Column(title, lambda r: str(count_of(r)), sort=count_of, chars=chars,
                  align_right=True, searchable=False)


def coverage_columns(vocabulary: Vocabulary) -> list[Column]:
    return [
        *_place_columns(vocabulary, lambda c: c, unit_chars=12, audience_chars=9),
        Column("Ссылка", lambda c: c.link_status_title, chars=9),
        _count_column("Людей", lambda c: c.size, chars=6),
        _count_column("Выдано", lambda c: c.handed_out, chars=7),
        _count_column("Вступили", lambda c: c.joined, chars=8),
        Column("%", lambda c: f"{c.percent:.0f} %" if c.size else "—",
               sort=lambda c: c.percent, chars=6, align_right=True, searchable=False),
    ]


def link_columns(vocabulary: Vocabulary) -> list[Column]:
    return [
        *_place_columns(vocabulary, lambda r: r, unit_chars=14, audience_chars=12),
        Column("Состояние", lambda r: r.status_title, chars=13),
        Column("Ссылка", lambda r: r.url, chars=44),
        Column("Действует до", lambda r: format_date(r.valid_until),
               sort=lambda r: date_sort(r.valid_until), chars=12),
        Column("Добавлена", lambda r: f"{r.created_at:%d.%m.%Y}", sort=lambda r: r.created_at,
               chars=11),
        _count_column("Карточек", lambda r: r.slips, chars=8),
        Column("Аннулирована", lambda r: " ".join(
            p for p in (format_date(r.annulled_on), r.annul_reason) if p), chars=30),
    ]


def annul_columns(vocabulary: Vocabulary) -> list[Column]:
    return [
        *_place_columns(vocabulary, lambda c: c.link, unit_chars=14, audience_chars=12),
        Column("Почему", lambda c: c.reason_text, chars=34),
        Column("Ссылка", lambda c: c.link.url, chars=44),
    ]


def batch_columns(_vocabulary: Vocabulary) -> list[Column]:
    return [
        Column("Напечатана", lambda b: f"{b.printed_at:%d.%m.%Y %H:%M}",
               sort=lambda b: b.printed_at, chars=16),
        Column("Подразделения", lambda b: b.units, chars=30),
        Column("Кому", lambda b: b.audience_title, chars=12),
        _count_column("Карточек", lambda b: b.slips, chars=8),
        _count_column("Выдано", lambda b: b.handed_out, chars=8),
    ]


class _Table:
    """A read-only RowTableModel + SearchProxy + view, rebuilt when the words change."""

    def __init__(self, make_columns, parent: QWidget, name: str):
        self.make_columns = make_columns
        self.model = RowTableModel(parent=parent)
        self.proxy = SearchProxy(self.model, parent)
        self.view = make_table_view(self.proxy, parent)
        self.view.setObjectName(name)

    def set_vocabulary(self, vocabulary: Vocabulary) -> None:
        self.model.set_columns(self.make_columns(vocabulary))
        apply_widths(self.view, self.model.columns())

    def set_rows(self, rows) -> None:
        keep = [row.id for row in self.selected()]
        self.model.set_rows(rows)
        selection = self.view.selectionModel()
        for row_id in keep:
            row = self.proxy.proxy_row_of_id(row_id)
            if row >= 0:
                selection.select(self.proxy.index(row, 0),
                                 QItemSelectionModel.SelectionFlag.Select
                                 | QItemSelectionModel.SelectionFlag.Rows)
                selection.setCurrentIndex(self.proxy.index(row, 0),
                                          QItemSelectionModel.SelectionFlag.NoUpdate)

    def selected(self) -> list:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.proxy.row_at(r) for r in rows]

    def select_first(self) -> None:
        if self.proxy.rowCount():
            self.view.selectRow(0)


def _button(text: str, name: str, slot, tip: str = "") -> QPushButton:
    button = QPushButton(text, objectName=name)
    button.clicked.connect(slot)
    if tip:
        button.setToolTip(tip)
    return button


def _table_page(buttons: list[QPushButton], table: _Table, note: str = "") -> QWidget:
    """A page of the tab: an optional note, a row of buttons, then the table."""
    page = QWidget()
    layout = QVBoxLayout(page)
    if note:
        label = QLabel(note)
        label.setWordWrap(True)
        layout.addWidget(label)
    layout.addLayout(_button_bar(*buttons))
    layout.addWidget(table.view)
    return page


def _button_bar(*widgets: QWidget) -> QHBoxLayout:
    """A row of buttons (and their fields) kept to the left."""
    bar = QHBoxLayout()
    for widget in widgets:
        bar.addWidget(widget)
    bar.addStretch(1)
    return bar
