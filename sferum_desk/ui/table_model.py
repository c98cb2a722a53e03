"""One table model for every list in the app, described by column specs.

Rows are plain service dataclasses. For each row the model keeps the cells' text and one
folded search string, and per column a sort key, so that search-as-you-type and sorting stay
instant over tens of thousands of rows (#17):
- the texts of a row are made when it is painted; the search strings and sort keys when first
  needed, or while idle after the list has painted (`warm_up`, a few thousand rows a step);
- the rows and their texts stay in the service's order; a sort is a permutation computed by a
  Python `sorted` over ready keys (no C++ ↔ Python `lessThan` per comparison, no list copied);
- `SearchProxy` is a table model of its own, not a QSortFilterProxyModel: that one calls a
  Python `filterAcceptsRow` once per row on every keystroke, sort and reload, and announces
  the result range by range. The proxy filters the search strings in one list comprehension
  (narrowing from the last result while the user types on) and shows the new rows with one
  layout change.

A little over 500 lines: the model and its proxy read each other's lists (that is the speed),
so they stay in one module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from sferum_desk.domain.names import fold, sort_key

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the row object itself
WARM_UP_ROWS = 2_000  # rows per warm-up step: a few ms, so a keystroke never waits long
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
    """Read-only rows (objects with an `id`) shown through `Column` specs.

    Row numbers in the Qt API are display positions (after a sort); the lists inside are in
    the service's order, `_order` maps a position to an index in them."""

    def __init__(self, columns: Sequence[Column] = (),
                 extra_search: Callable[[Any], str] | None = None, parent=None):
        super().__init__(parent)
        self._columns: list[Column] = list(columns)
        self._extra_search = extra_search
        self._rows: list = []  # in the order the service gave them
        # Made on first need: a row's texts when it is painted, all of them for a sort or a
        # search (a tab makes them while idle, `warm_up`), so that a long list paints at once.
        self._texts: list[tuple[str, ...] | None] = []
        self._search: list[str] | None = None
        self._keys: dict[int, list] = {}  # column → sort key per row, computed on first sort
        self._order: list[int] = []  # display position → index in `_rows`
        self._positions: list[int] | None = None  # index in `_rows` → display position
        self._by_id: dict | None = None  # row id → index in `_rows`
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None
        self._warming: Iterator[bool] | None = None  # the warm-up under way (`warm_up`)

    # ---- content -------------------------------------------------------------
    def set_columns(self, columns: Sequence[Column]) -> None:
        """New headers (e.g. the kind's words changed); keeps the rows and their order."""
        self.beginResetModel()
        self._columns = list(columns)
        self._fill(self._rows)
        self.endResetModel()

    def set_rows(self, rows: Iterable) -> None:
        self.beginResetModel()
        self._fill(list(rows))
        self._set_order(list(range(len(self._rows))))
        if self._sorted_by is not None:
            self._set_order(self._sorted_order(*self._sorted_by))
        self.endResetModel()

    def _fill(self, rows: list) -> None:
        self._rows = rows
        self._keys = {}
        self._by_id = None
        self._warming = None
        self._texts = [None] * len(rows)
        self._search = None
        if len(self._order) != len(rows):
            self._set_order(list(range(len(rows))))

    def _row_texts(self, index: int) -> tuple[str, ...]:
        texts = self._texts[index]
        if texts is None:
            row = self._rows[index]
            texts = self._texts[index] = tuple([c.text(row) for c in self._columns])
        return texts

    def all_texts(self) -> list[tuple[str, ...]]:
        """Every row's cell texts, in the service's order."""
        if None in self._texts:
            text_of = [c.text for c in self._columns]
            self._texts = [texts if texts is not None else tuple([text(row) for text in text_of])
                           for row, texts in zip(self._rows, self._texts)]
        return self._texts

    def search_strings(self) -> list[str]:
        """Every row's folded search string, in the service's order."""
        if self._search is None:
            self._search = [self._search_of(row, texts)
                            for row, texts in zip(self._rows, self.all_texts())]
        return self._search

    def _search_of(self, row, texts: tuple[str, ...]) -> str:
        parts = [texts[i] for i, c in enumerate(self._columns) if c.searchable]
        if self._extra_search is not None:
            parts.append(self._extra_search(row))
        return fold(" ".join(parts))

    def _set_order(self, order: list[int]) -> None:
        self._order = order
        self._positions = None

    def replace_row(self, row) -> bool:
        """Show a changed row in place of the row with its id, without reloading the rest
        (#17: one edit in 10,000 rows). False — nothing changed here — when the row is not
        in the model, is of another kind, or would move (its key in the current order
        changed): then the caller reloads the whole list."""
        index = self._index_of_id(row.id)
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
        self._warming = None  # its half-made lists may hold the old row: start again
        self._texts[index] = None
        texts = self._row_texts(index)
        if self._search is not None:
            self._search[index] = self._search_of(row, texts)
        for column, keys in self._keys.items():
            keys[index] = self._columns[column].sort_key(row)
        position = self.position_of(index)
        self.dataChanged.emit(self.index(position, 0),
                              self.index(position, len(self._columns) - 1))
        return True

    def rows(self) -> list:
        """Every row, in the shown order."""
        rows = self._rows
        return [rows[i] for i in self._order]

    def row_at(self, row: int):
        return self._rows[self._order[row]]

    def search_text(self, row: int) -> str:
        return self.search_strings()[self._order[row]]

    def row_of_id(self, row_id) -> int:
        index = self._index_of_id(row_id)
        return self.position_of(index) if index >= 0 else -1

    def _index_of_id(self, row_id) -> int:
        if self._by_id is None:
            by_id: dict = {}
            for index, row in enumerate(self._rows):
                by_id.setdefault(row.id, index)
            self._by_id = by_id
        return self._by_id.get(row_id, -1)

    def position_of(self, index: int) -> int:
        """The display position of the row at `index` in the service's order."""
        if self._positions is None:
            positions = [0] * len(self._order)
            for position, i in enumerate(self._order):
                positions[i] = position
            self._positions = positions
        return self._positions[index]

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
        return self.cell(self._order[index.row()], index.column(), role)

    def cell(self, index: int, col: int, role: int):
        """What `data()` answers for the row at `index` in the service's order."""
        if role == DISPLAY:
            texts = self._texts[index]
            return (texts if texts is not None else self._row_texts(index))[col]
        if role in UNUSED_ROLES:  # asked for every painted cell: answered first
            return None
        if role == TOOLTIP:
            column = self._columns[col]
            return column.tooltip(self._rows[index]) if column.tooltip else None
        if role == ALIGNMENT and self._columns[col].align_right:
            return RIGHT
        if role == ROW_ROLE:
            return self._rows[index]
        if role == ID_ROLE:
            return self._rows[index].id
        if role == SORT_ROLE:
            return self._column_keys(col)[index]
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
        old_indexes = [self._order[i.row()] for i in old_persistent]
        self._set_order(self._sorted_order(column, order))
        self._sorted_by = (column, order)
        if old_persistent:
            self.changePersistentIndexList(
                old_persistent, [self.index(self.position_of(i), old.column())
                                 for old, i in zip(old_persistent, old_indexes)])
        self.layoutChanged.emit()

    def _column_keys(self, column: int) -> list:
        keys = self._keys.get(column)
        if keys is None:
            spec = self._columns[column]
            if spec.sort is None:  # the default key of the text already made
                keys = [sort_key(texts[column]) for texts in self.all_texts()]
            else:
                keys = [spec.sort(row) for row in self._rows]
            self._keys[column] = keys
        return keys

    def warm_up(self) -> bool:
        """One step (WARM_UP_ROWS rows) of what the first search and sorts need: the search
        strings, then each column's sort keys. A tab calls this while idle, so that the
        first keystroke and the first click on a header are as quick as the next, and no
        step keeps a keystroke waiting long. True while steps remain."""
        if self._warming is None:
            self._warming = self._warm_steps()
        if next(self._warming, False):
            return True
        self._warming = None
        return False

    def _warm_steps(self) -> Iterator[bool]:
        rows, count = self._rows, len(self._rows)
        chunks = [range(start, min(start + WARM_UP_ROWS, count))
                  for start in range(0, count, WARM_UP_ROWS)]
        if self._search is None:
            search: list[str] = []
            for chunk in chunks:
                search += [self._search_of(rows[i], self._row_texts(i)) for i in chunk]
                yield True
            if self._search is None:  # (a search may have made them meanwhile)
                self._search = search
        for column, spec in enumerate(self._columns):
            keys: list = []
            for chunk in chunks if column not in self._keys else ():
                keys += ([sort_key(self._row_texts(i)[column]) for i in chunk]
                         if spec.sort is None else [spec.sort(rows[i]) for i in chunk])
                yield True
            if column not in self._keys and len(keys) == count:
                self._keys[column] = keys

    def _sorted_order(self, column: int, order: Qt.SortOrder) -> list[int]:
        if column < 0:
            return list(range(len(self._rows)))
        # Ties keep the previous order (the service's alphabetical one at first).
        return sorted(self._order, key=self._column_keys(column).__getitem__,
                      reverse=order == Qt.SortOrder.DescendingOrder)


DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
# The roles a view asks of every cell it paints and that these rows never set.
UNUSED_ROLES = frozenset({
    Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.SizeHintRole,
    Qt.ItemDataRole.EditRole})
PLAIN_FLAGS = (Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
               | Qt.ItemFlag.ItemNeverHasChildren)


class SearchProxy(QAbstractTableModel):
    """The rows of a RowTableModel, in its order, that contain every word typed (each must
    occur in the row's search string) and pass an optional predicate. Sorting is the source
    model's. Keeps QSortFilterProxyModel's helpers used here: mapToSource, mapFromSource,
    sourceModel.

    `_shown` holds the visible rows as indexes in the source's service order: a sort of the
    source only reorders them, a reload recomputes them."""

    def __init__(self, source: RowTableModel, parent=None):
        super().__init__(parent)
        self._source = source
        self._words: list[str] = []
        self._hits: list[int] | None = None  # indexes whose search string has every word
        self._predicate: Callable[[Any], bool] | None = None
        self._passes: bytearray | None = None  # per index: the predicate's answer
        self._shown: list[int] = list(source._order)
        self._positions: list[int] | None = None  # index → proxy row, -1 when hidden
        # A subclass that answers more (ticks) is asked through its own data()/flags().
        self._plain = (type(source).data is RowTableModel.data
                       and type(source).flags is QAbstractTableModel.flags)
        source.modelAboutToBeReset.connect(self.beginResetModel)
        source.modelReset.connect(self._source_reset)
        source.layoutChanged.connect(self._source_reordered)
        source.dataChanged.connect(self._source_data_changed)
        source.headerDataChanged.connect(self.headerDataChanged)
        self._compute()

    # ---- filtering -----------------------------------------------------------------
    def set_query(self, text: str) -> None:
        words = fold(text).split()
        if words == self._words:
            return
        # Typing on narrows: rows without an old word cannot hold a longer one.
        narrows = bool(self._words) and self._hits is not None and all(
            any(old in new for new in words) for old in self._words)
        self._words = words
        self._hits = self._match(self._hits if narrows else None)
        self._show(self._filtered())

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        self._predicate = predicate
        self._passes = self._evaluate(predicate)
        self._show(self._filtered())

    def _match(self, candidates: list[int] | None) -> list[int] | None:
        if not self._words:
            return None
        search = self._source.search_strings()
        hits = candidates
        for word in self._words:
            hits = ([i for i, text in enumerate(search) if word in text] if hits is None
                    else [i for i in hits if word in search[i]])
        return hits

    def _evaluate(self, predicate) -> bytearray | None:
        if predicate is None:
            return None
        return bytearray(1 if predicate(row) else 0 for row in self._source._rows)

    def _compute(self) -> None:
        """Everything again (the source's rows changed)."""
        self._hits = self._match(None)
        self._passes = self._evaluate(self._predicate)
        self._shown = self._filtered()
        self._positions = None

    def _filtered(self) -> list[int]:
        """The visible indexes, in the source's order."""
        order = self._source._order
        if self._hits is None and self._passes is None:
            return order
        if self._hits is None:
            allowed = self._passes
        else:
            allowed = bytearray(len(self._source._rows))
            passes = self._passes
            for i in self._hits:
                if passes is None or passes[i]:
                    allowed[i] = 1
        return [i for i in order if allowed[i]]

    def _show(self, shown: list[int]) -> None:
        """One layout change to the new visible rows; the selection follows its rows."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_indexes = [self._shown[p.row()] for p in old]
        self._shown = shown
        self._positions = None
        if old:
            positions = self._proxy_positions()
            self.changePersistentIndexList(old, [
                self.index(positions[i], p.column()) if positions[i] >= 0 else QModelIndex()
                for p, i in zip(old, old_indexes)])
        self.layoutChanged.emit()

    def _proxy_positions(self) -> list[int]:
        if self._positions is None:
            positions = [-1] * len(self._source._rows)
            for row, i in enumerate(self._shown):
                positions[i] = row
            self._positions = positions
        return self._positions

    # ---- the source's signals ----------------------------------------------------------
    def _source_reset(self) -> None:
        self._compute()
        self.endResetModel()

    def _source_reordered(self, *_args) -> None:
        self._show(self._filtered())

    def _source_data_changed(self, top: QModelIndex, bottom: QModelIndex, roles=()) -> None:
        order = self._source._order
        indexes = [order[r] for r in range(top.row(), bottom.row() + 1)]
        if (self._words or self._predicate is not None) and (
                not roles or Qt.ItemDataRole.DisplayRole in roles):
            self._hits = self._match(None)  # the changed rows may match otherwise now
            if self._passes is not None:
                for i in indexes:
                    self._passes[i] = 1 if self._predicate(self._source._rows[i]) else 0
            shown = self._filtered()
            if shown != self._shown:
                self._show(shown)
                return
        positions = [p for p in map(self._proxy_positions().__getitem__, indexes) if p >= 0]
        if positions:
            self.dataChanged.emit(self.index(min(positions), top.column()),
                                  self.index(max(positions), bottom.column()), list(roles))

    # ---- rows ---------------------------------------------------------------------------
    def sourceModel(self) -> RowTableModel:
        return self._source

    def row_at(self, proxy_row: int):
        return self._source._rows[self._shown[proxy_row]]

    def proxy_row_of_id(self, row_id) -> int:
        index = self._source._index_of_id(row_id)
        return self._proxy_positions()[index] if index >= 0 else -1

    def visible_rows(self) -> list:
        rows = self._source._rows
        return [rows[i] for i in self._shown]

    def mapToSource(self, index: QModelIndex) -> QModelIndex:
        if not index.isValid():
            return QModelIndex()
        return self._source.index(self._source.position_of(self._shown[index.row()]),
                                  index.column())

    def mapFromSource(self, index: QModelIndex) -> QModelIndex:
        if not index.isValid():
            return QModelIndex()
        row = self._proxy_positions()[self._source._order[index.row()]]
        return self.index(row, index.column()) if row >= 0 else QModelIndex()

    # ---- Qt model API -------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._source._columns)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if self._plain:
            return self._source.cell(self._shown[index.row()], index.column(), role)
        return self._source.data(self.mapToSource(index), role)

    def flags(self, index: QModelIndex):
        if self._plain or not index.isValid():
            return PLAIN_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags
        return self._source.flags(self.mapToSource(index))

    def setData(self, index: QModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        return index.isValid() and self._source.setData(self.mapToSource(index), value, role)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            return self._source.headerData(section, orientation, role)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._source.sort(column, order)
