"""The shape every list tab shares: buttons, a search box, a sortable table, a row count.

Subclasses say which columns to show, how to load rows and what add / edit / delete do; the
base does the table, the search-as-you-type, keyboard shortcuts (Ins, Del, Enter, Ctrl+F),
keeping the selection across refreshes, and refreshing on `DataSignals.changed`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMainWindow,
    QPushButton, QTableView, QVBoxLayout, QWidget,
)

from sferum_desk.domain.errors import UserError
from sferum_desk.domain.kinds import Vocabulary
from sferum_desk.ui import dialogs, table_menu
from sferum_desk.ui.signals import ALL, DataSignals, RefreshOnChange
from sferum_desk.ui.table_model import Column, RowTableModel, SearchProxy
from sferum_desk.ui.ui_files import register_widget


WARM_UP_AFTER_PAINT_MS = 100  # see `TableTab._warm_up`


def run_safely(parent: QWidget, action: Callable[[], object]) -> bool:
    """Run a service call; a refusal becomes a message box. True when it went through."""
    try:
        action()
    except UserError as error:
        dialogs.show_error(parent, error.message)
        return False
    return True


def open_dialog(owner: QWidget, dialog: QDialog) -> QDialog:
    """Open window-modal without blocking, so the event loop (and tests) keep running."""
    owner.active_dialog = dialog
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.finished.connect(lambda *_: setattr(owner, "active_dialog", None))
    dialog.open()
    return dialog


@register_widget
class TableView(QTableView):
    """The table a Designer form names (a promoted QTableView); `setup_table_view` gives it
    its model and the shared look and menu."""


def make_table_view(model: SearchProxy, parent: QWidget | None = None) -> QTableView:
    return setup_table_view(TableView(parent), model)


def setup_table_view(view: QTableView, model: SearchProxy) -> QTableView:
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    # No sort indicator: rows keep the service's order until a header is clicked.
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft
                                                | Qt.AlignmentFlag.AlignVCenter)
    table_menu.install(view)
    return view


def apply_widths(view: QTableView, columns: list[Column]) -> int:
    """Set the columns' initial widths; returns their total, in pixels."""
    unit = view.fontMetrics().averageCharWidth()
    total = 0
    for index, column in enumerate(columns):
        width = unit * column.chars + 16
        view.setColumnWidth(index, width)
        total += width
    return total


def show_status(widget: QWidget, text: str, ms: int = 15000) -> None:
    """A line in the main window's status bar (nothing when the widget has none)."""
    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, ms)


class TableTab(RefreshOnChange, QWidget):
    """Base of the list tabs (see the tab contract in `ui/tabs/__init__.py`)."""

    emits: str = ALL  # the area this tab's own changes touch
    _saved_in_place = False  # this tab's own edit is already shown: its signal reloads nothing
    search_placeholder = "Поиск: начните вводить ФИО, телефон… (Ctrl+F)"
    can_add = True

    def __init__(self, services, signals: DataSignals, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.signals = signals
        self.vocabulary: Vocabulary | None = None
        self.active_dialog: QDialog | None = None
        self.deleted: list = []  # this session's deletes (`undo.Deleted`), newest last
        self.model = RowTableModel(extra_search=self.extra_search)
        self.proxy = SearchProxy(self.model, self)
        self._build()
        signals.changed.connect(self._on_changed)
        self.refresh()

    # ---- what subclasses provide --------------------------------------------
    def columns(self, vocabulary: Vocabulary) -> list[Column]:
        raise NotImplementedError

    def load_rows(self) -> list:
        raise NotImplementedError

    def add_row(self) -> None:
        """Open the dialog that creates a row."""

    def edit_row(self, row) -> None:
        """Open the dialog that edits `row`."""

    def delete_rows(self, rows: list) -> None:
        """Ask, then delete."""

    can_print = False  # True where `print_selected` makes a paper of the chosen rows

    def print_selected(self) -> None:
        """«Печать…» in the right-click menu."""

    def button_texts(self, vocabulary: Vocabulary) -> tuple[str, str]:
        """(text, tooltip) of the «add» button."""
        return "Добавить…", "Добавить запись (Ins)"

    def extra_search(self, row) -> str:
        """More text the search box should find in a row (e.g. phone digits)."""
        return ""

    def build_filters(self, bar: QHBoxLayout) -> None:
        """Add filter widgets next to the search box."""

    def on_vocabulary(self, vocabulary: Vocabulary) -> None:
        """The kind's words changed: retitle what the columns do not cover."""

    # ---- layout ----------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.add_button = QPushButton("Добавить…")
        self.add_button.setObjectName("add_button")
        self.add_button.clicked.connect(self.add_row)
        self.add_button.setVisible(self.can_add)
        self.edit_button = QPushButton("Изменить…")
        self.edit_button.setObjectName("edit_button")
        self.edit_button.setToolTip("Открыть выбранную запись (Enter или двойной щелчок)")
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button = QPushButton("Удалить")
        self.delete_button.setObjectName("delete_button")
        self.delete_button.setToolTip("Удалить выбранные записи (Del)")
        self.delete_button.clicked.connect(self.delete_selected)
        for button in (self.add_button, self.edit_button, self.delete_button):
            bar.addWidget(button)
        bar.addSpacing(12)
        self.build_filters(bar)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.search_placeholder)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(self.search.fontMetrics().averageCharWidth() * 16)
        self.search.textChanged.connect(self._on_search)
        self.search.returnPressed.connect(self._focus_first_row)
        bar.addWidget(self.search, 1)
        self.count_label = QLabel()
        self.count_label.setObjectName("count_label")
        self.count_label.setMinimumWidth(self.count_label.fontMetrics().averageCharWidth() * 13)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar.addWidget(self.count_label)
        layout.addLayout(bar)

        self.view = make_table_view(self.proxy, self)
        self.view.setObjectName("table")
        self.view.doubleClicked.connect(lambda _index: self.edit_current())
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        table_menu.set_row_actions(self.view, edit=self.edit_current,
                                   delete=self.delete_selected,
                                   print_=self.print_selected if self.can_print else None,
                                   undo=self.undo_delete, undo_ready=lambda: bool(self.deleted))
        layout.addWidget(self.view, 1)

        self._shortcut(Qt.Key.Key_Insert, self.add_row, self,
                       Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._shortcut(QKeySequence.StandardKey.Find, self.focus_search, self,
                       Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._shortcut(key, self.edit_current, self.view, Qt.ShortcutContext.WidgetShortcut)
        self._shortcut(QKeySequence.StandardKey.Delete, self.delete_selected, self.view,
                       Qt.ShortcutContext.WidgetShortcut)
        # In the search box Ctrl+Z undoes typing: the line edit takes the key first.
        self._shortcut(QKeySequence.StandardKey.Undo, self.undo_delete, self,
                       Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for signal in (self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.modelReset,
                       self.proxy.layoutChanged):
            signal.connect(self._update_count)

    def _shortcut(self, key, slot, widget: QWidget, context: Qt.ShortcutContext) -> None:
        shortcut = QShortcut(QKeySequence(key), widget)
        shortcut.setContext(context)
        shortcut.activated.connect(slot)

    # ---- data --------------------------------------------------------------------
    def refresh(self) -> None:
        self._stale = False
        vocabulary = self.services.organization.vocabulary()
        if vocabulary != self.vocabulary or not self.model.columns():
            self.vocabulary = vocabulary
            self.model.set_columns(self.columns(vocabulary))
            apply_widths(self.view, self.model.columns())
            text, tooltip = self.button_texts(vocabulary)
            self.add_button.setText(text)
            self.add_button.setToolTip(tooltip)
            self.on_vocabulary(vocabulary)
        keep = self.selected_ids()
        current = self.current_row()
        self.model.set_rows(self.load_rows())
        self.select_ids(keep, current.id if current is not None else None)
        self._update_count()
        self._update_buttons()
        # Once the list has painted: see `_warm_up`.
        self.view.viewport().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint and watched is self.view.viewport():
            watched.removeEventFilter(self)
            # A moment after this paint (not in the same round of events, nor before it).
            QTimer.singleShot(WARM_UP_AFTER_PAINT_MS, self, self._warm_up)
        return super().eventFilter(watched, event)

    def _warm_up(self) -> None:
        """The search strings, then the columns' sort keys, a few ms per idle moment, so
        that typing and a click on a header only filter or sort (#17); the list itself
        paints before any of them is made."""
        if self.model.warm_up():
            QTimer.singleShot(0, self, self._warm_up)

    # ---- selection -----------------------------------------------------------------
    def selected_rows(self) -> list:
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return [self.proxy.row_at(r) for r in rows]

    def selected_ids(self) -> list:
        return [row.id for row in self.selected_rows()]

    def current_row(self):
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        selected = self.view.selectionModel().isRowSelected(index.row(), index.parent())
        return self.proxy.row_at(index.row()) if selected else None

    def select_ids(self, ids, current_id=None) -> None:
        selection = self.view.selectionModel()
        selection.clearSelection()
        flags = (QItemSelectionModel.SelectionFlag.Select
                 | QItemSelectionModel.SelectionFlag.Rows)
        for row_id in ids:
            row = self.proxy.proxy_row_of_id(row_id)
            if row >= 0:
                selection.select(self.proxy.index(row, 0), flags)
        target = current_id if current_id is not None else (ids[0] if ids else None)
        row = self.proxy.proxy_row_of_id(target) if target is not None else -1
        if row >= 0:
            selection.setCurrentIndex(self.proxy.index(row, 0),
                                      QItemSelectionModel.SelectionFlag.NoUpdate)
            self.view.scrollTo(self.proxy.index(row, 0))

    def select_id(self, row_id) -> None:
        self.select_ids([row_id], row_id)

    # ---- actions -----------------------------------------------------------------------
    def edit_current(self) -> None:
        row = self.current_row()
        if row is None:
            rows = self.selected_rows()
            row = rows[0] if rows else None
        if row is not None:
            self.edit_row(row)

    def delete_selected(self) -> None:
        rows = self.selected_rows()
        if rows:
            self.delete_rows(rows)

    def run_delete(self, action: Callable[[], object]) -> bool:
        """Run a service delete that answers with `undo.Deleted`; Ctrl+Z can then put it
        back during the session. True when the delete went through."""
        answers: list = []
        if not run_safely(self, lambda: answers.append(action())):
            return False
        self.deleted.append(answers[0])
        self.signals.changed.emit(self.emits)
        if not self.isVisible():
            self.refresh()
        show_status(self, f"Удалено записей: {answers[0].count}. Вернуть — Ctrl+Z.")
        return True

    def undo_delete(self) -> None:
        """Ctrl+Z: the newest delete of this tab comes back, selected."""
        if not self.deleted:
            return
        deleted = self.deleted.pop()
        if not run_safely(self, lambda: self.services.undo.restore(deleted)):
            return
        self.signals.changed.emit(self.emits)
        if not self.isVisible():
            self.refresh()
        self.select_ids(list(deleted.ids))
        show_status(self, f"Возвращено записей: {deleted.count}.")

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _focus_first_row(self) -> None:
        if self.proxy.rowCount():
            self.view.setFocus()
            self.view.selectRow(0)

    def _on_search(self, text: str) -> None:
        self.proxy.set_query(text)
        self._update_count()

    def _update_count(self, *_args) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(f"Всего: {total}" if shown == total
                                 else f"Найдено: {shown} из {total}")

    def _update_buttons(self, *_args) -> None:
        has_selection = self.view.selectionModel().hasSelection()
        self.edit_button.setEnabled(has_selection)
        self.delete_button.setEnabled(has_selection)

    def open_form(self, dialog) -> None:
        """Open an add / edit dialog (a FormDialog) over this tab, non-blocking."""
        dialog.saved.connect(self.after_save)
        dialog.conflict.connect(self.refresh)
        open_dialog(self, dialog)

    def after_save(self, row) -> None:
        """A dialog saved `row`: tell every view, then select it here. An edited row of this
        shown list is put in place alone instead of reloading them all (#17)."""
        self._saved_in_place = row is not None and self.isVisible() and self.reload_row(row)
        try:
            self.signals.changed.emit(self.emits)
        finally:
            self._saved_in_place = False
        if not self.isVisible():
            self.refresh()
        if row is not None:
            self.select_id(row.id)

    def reload_row(self, row) -> bool:
        """Show one saved row in place; False when the whole list must reload instead (the
        default: a tab whose other parts depend on the row opts in by overriding this)."""
        return False

    def _on_changed(self, area: str) -> None:
        if not self._saved_in_place:
            super()._on_changed(area)
