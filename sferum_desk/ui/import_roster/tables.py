"""The import wizard's tables: the first rows of the file (the columns page) and the
columns of the dry run's lists (problems by row, changes, possible duplicates)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from sferum_desk.ui.table_model import Column


class PreviewModel(QAbstractTableModel):
    """The first rows of the file, headed by each column's title and the field it goes to."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[list[str]] = []
        self._headers: list[str] = []

    def set_content(self, headers: list[str], rows: list[list[str]]) -> None:
        self.beginResetModel()
        self._headers, self._rows = headers, rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            row = self._rows[index.row()]
            return row[index.column()] if index.column() < len(row) else ""
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return str(section + 1)


def where_columns() -> list[Column]:
    """«Лист» and «Строка» of a row that has `sheet` and `row`: the first two of every table."""
    return [
        Column("Лист", lambda r: r.sheet, chars=10),
        Column("Строка", lambda r: str(r.row), sort=lambda r: (r.sheet, r.row), chars=6,
               align_right=True),
    ]


PROBLEM_COLUMNS = [
    *where_columns(),
    Column("Столбец", lambda p: p.column, chars=16),
    Column("Что не так", lambda p: p.message, chars=50),
    Column("Итог", lambda p: "строка пропущена" if p.skipped else "значение не записано",
           chars=16),
]
CHANGE_COLUMNS = [
    *where_columns(),
    Column("Кто", lambda c: c.person, chars=28),
    Column("Что изменится", lambda c: c.what, chars=40),
]
MERGE_COLUMNS = [
    *where_columns(),
    Column("В файле", lambda m: m.incoming, chars=32),
    Column("Похож на", lambda m: m.existing, chars=32),
    Column("Итог", lambda m: "будет обновлён" if m.action == "merged" else
           f"оставлены оба: {m.reason}", chars=30),
]
