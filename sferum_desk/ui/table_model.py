"""One table model for every list in the app, described by column specs.

Rows are plain service dataclasses. For each row the model precomputes the cells' text and one
folded search string, and per column (lazily) a sort key, so that search-as-you-type and
sorting stay instant over tens of thousands of rows: the proxy filters against a ready string
and sorting is a Python `sorted` over ready keys instead of a C++ ↔ Python `lessThan` per
comparison.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt

from sferum_desk.domain.names import fold, sort_key

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the row object itself
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # the column's sort key (dates as dates, ё after е)
ID_ROLE = Qt.ItemDataRole.UserRole + 3  # row.id


@dataclass(frozen=True)
class Column:
    """How one column shows, sorts and searches a row."""

    title: str
    text: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None  # default: Russian alphabetical order of `text`
    chars: int = 16  # initial width, in average characters
    align_right: bool = False
    searchable: bool = True
    tooltip: Callable[[Any], str] | None = None

    def sort_key(self, row) -> Any:
        return self.sort(row) if self.sort is not None else sort_key(self.text(row))


def date_sort(value: dt.date | None) -> dt.date:
    """Rows without a date go first in ascending order."""
    return value or dt.date.min


class TitledTableModel(QAbstractTableModel):
    """Base of the hand-made models with fixed column titles: `headers` gives the columns
    and their titles; subclasses give rowCount() and data()."""

    headers: Sequence[str] = ()

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None


class RowTableModel(QAbstractTableModel):
    """Read-only rows (objects with an `id`) shown through `Column` specs."""

    def __init__(self, columns: Sequence[Column] = (),
                 extra_search: Callable[[Any], str] | None = None, parent=None):
        super().__init__(parent)
        self._columns: list[Column] = list(columns)
        self._extra_search = extra_search
        self._rows: list = []
        self._original: list = []  # the rows in the order the service gave them
        self._texts: list[tuple[str, ...]] = []
        self._search: list[str] = []
        self._keys: dict[int, list] = {}  # column → sort key per row, computed on first sort
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None

    # ---- content -------------------------------------------------------------
    def set_columns(self, columns: Sequence[Column]) -> None:
        """New headers (e.g. the kind's words changed); keeps the rows."""
        self.beginResetModel()
        self._columns = list(columns)
        self._fill(self._rows)
        self.endResetModel()

    def set_rows(self, rows: Iterable) -> None:
        self.beginResetModel()
        self._fill(list(rows))
        if self._sorted_by is not None:
            self._reorder(*self._sorted_by)
        self.endResetModel()

    def _fill(self, rows: list) -> None:
        self._rows = rows
        self._original = rows
        self._keys = {}
        self._texts = [tuple(c.text(r) for c in self._columns) for r in rows]
        searchable = [i for i, c in enumerate(self._columns) if c.searchable]
        extra = self._extra_search
        self._search = [
            fold(" ".join([texts[i] for i in searchable] + ([extra(row)] if extra else [])))
            for row, texts in zip(rows, self._texts)]

    def replace_row(self, row) -> bool:
        """Show a changed row in place of the row with its id, without reloading the rest
        (#17: one edit in 10,000 rows). False — nothing changed here — when the row is not
        in the model, is of another kind, or would move (its key in the current order
        changed): then the caller reloads the whole list."""
        index = self.row_of_id(row.id)
        if index < 0 or type(self._rows[index]) is not type(row):
            return False
        old = self._rows[index]
        # The service's order (column -1, the start) is by the first column, the names.
        order_column = max(self._sorted_by[0] if self._sorted_by else 0, 0)
        if self._columns and (
                self._columns[order_column].sort_key(old)
                != self._columns[order_column].sort_key(row)):
            return False
        self._rows[index] = row
        if self._original is not self._rows:
            self._original[self._original.index(old)] = row
        texts = self._texts[index] = tuple(c.text(row) for c in self._columns)
        searchable = [texts[i] for i, c in enumerate(self._columns) if c.searchable]
        extra = [self._extra_search(row)] if self._extra_search else []
        self._search[index] = fold(" ".join(searchable + extra))
        for column, keys in self._keys.items():
            keys[index] = self._columns[column].sort_key(row)
        self.dataChanged.emit(self.index(index, 0), self.index(index, len(self._columns) - 1))
        return True

    def rows(self) -> list:
        return list(self._rows)

    def row_at(self, row: int):
        return self._rows[row]

    def search_text(self, row: int) -> str:
        return self._search[row]

    def row_of_id(self, row_id) -> int:
        for index, row in enumerate(self._rows):
            if row.id == row_id:
                return index
        return -1

    def columns(self) -> list[Column]:
        return list(self._columns)

    # ---- Qt model API --------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[row][col]
        if role == Qt.ItemDataRole.ToolTipRole:
            column = self._columns[col]
            return column.tooltip(self._rows[row]) if column.tooltip else None
        if role == Qt.ItemDataRole.TextAlignmentRole and self._columns[col].align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ROW_ROLE:
            return self._rows[row]
        if role == ID_ROLE:
            return self._rows[row].id
        if role == SORT_ROLE:
            return self._column_keys(col)[row]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].title
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column's keys; column -1 restores the service's order (Qt's convention)."""
        if column >= len(self._columns):
            return
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        old_rows = [self._rows[i.row()] for i in old_persistent]
        self._reorder(column, order)
        self._sorted_by = (column, order)
        new_position = {id(row): i for i, row in enumerate(self._rows)}
        self.changePersistentIndexList(
            old_persistent,
            [self.index(new_position[id(row)], old.column())
             for old, row in zip(old_persistent, old_rows)])
        self.layoutChanged.emit()

    def _column_keys(self, column: int) -> list:
        keys = self._keys.get(column)
        if keys is None:
            spec = self._columns[column]
            keys = self._keys[column] = [spec.sort_key(row) for row in self._rows]
        return keys

    def _reorder(self, column: int, order: Qt.SortOrder) -> None:
        if column >= len(self._columns):
            return
        if column < 0:
            position = {id(row): i for i, row in enumerate(self._original)}
            order_ = sorted(range(len(self._rows)), key=lambda i: position[id(self._rows[i])])
        else:
            keys = self._column_keys(column)
            # Ties keep the previous order (the service's alphabetical one at first).
            order_ = sorted(range(len(self._rows)), key=keys.__getitem__,
                            reverse=order == Qt.SortOrder.DescendingOrder)
        self._rows = [self._rows[i] for i in order_]
        self._texts = [self._texts[i] for i in order_]
        self._search = [self._search[i] for i in order_]
        self._keys = {c: [k[i] for i in order_] for c, k in self._keys.items()}


class SearchProxy(QSortFilterProxyModel):
    """Filters by every word typed (each must occur in the row's search string) and by an
    optional predicate; sorting is delegated to the source model's precomputed keys."""

    def __init__(self, source: RowTableModel, parent=None):
        super().__init__(parent)
        self._source = source
        self._words: list[str] = []
        self._predicate: Callable[[Any], bool] | None = None
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)

    def set_query(self, text: str) -> None:
        words = fold(text).split()
        if words != self._words:
            self._change_filter(lambda: setattr(self, "_words", words))

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        self._change_filter(lambda: setattr(self, "_predicate", predicate))

    def _change_filter(self, change: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+; invalidateRowsFilter is deprecated
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        if self._words:
            text = self._source._search[source_row]
            if not all(word in text for word in self._words):
                return False
        if self._predicate is not None:
            return self._predicate(self._source._rows[source_row])
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._source.sort(column, order)

    def row_at(self, proxy_row: int):
        return self._source.row_at(self.mapToSource(self.index(proxy_row, 0)).row())

    def proxy_row_of_id(self, row_id) -> int:
        source_row = self._source.row_of_id(row_id)
        if source_row < 0:
            return -1
        return self.mapFromSource(self._source.index(source_row, 0)).row()

    def visible_rows(self) -> list:
        return [self.row_at(i) for i in range(self.rowCount())]

