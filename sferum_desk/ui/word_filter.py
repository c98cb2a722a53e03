"""The search of the app's small lists (one unit's people, the to-do list): every typed word,
with ё as е, must be in the row's text; rows sort by the model's UserRole keys.

A QSortFilterProxyModel is fine at these sizes (hundreds of rows); the big lists of people use
`table_model.SearchProxy`, which stays fast over tens of thousands (#17).
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt

from sferum_desk.domain.names import fold


class WordFilterProxy(QSortFilterProxyModel):
    """Subclasses say what text a source row is searched in (`row_text`)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.words: list[str] = []
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def set_query(self, text: str) -> None:
        words = fold(text).split()
        if words == self.words:  # a space typed, ё for е: the same search
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+
            self.beginFilterChange()
            self.words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.words = words
            self.invalidateRowsFilter()

    def row_text(self, source_row: int) -> str:
        raise NotImplementedError

    def filterAcceptsRow(self, source_row: int, _parent) -> bool:
        if not self.words:
            return True
        text = fold(self.row_text(source_row))
        return all(word in text for word in self.words)
