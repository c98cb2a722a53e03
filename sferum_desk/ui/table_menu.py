"""The right-click menu every table shares: «Изменить…», «Удалить», «Печать…», «Копировать»
(and «Вернуть удалённое» after a delete that can be undone).

`make_table_view` installs it on each table; the owner of a table says what editing,
deleting and printing its rows mean (`set_row_actions`); an action it does not offer is
shown disabled, so the menu looks the same everywhere. «Копировать» puts the selected rows
on the clipboard as tab-separated text (it pastes into Excel as cells).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu, QTableView

_ACTIONS = "_row_actions"


def install(view: QTableView) -> None:
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    view.customContextMenuRequested.connect(lambda pos: show_menu(view, pos))


def set_row_actions(view: QTableView, edit: Callable[[], None] | None = None,
                    delete: Callable[[], None] | None = None,
                    print_: Callable[[], None] | None = None,
                    undo: Callable[[], None] | None = None,
                    undo_ready: Callable[[], bool] | None = None) -> None:
    """`undo` puts back the last delete (offered while `undo_ready()` says there is one)."""
    setattr(view, _ACTIONS, {"edit": edit, "delete": delete, "print": print_, "undo": undo,
                             "undo_ready": undo_ready})


def build_menu(view: QTableView) -> QMenu:
    actions = getattr(view, _ACTIONS, {})
    menu = QMenu(view)
    selected = view.selectionModel() is not None and view.selectionModel().hasSelection()
    for key, text, keys in (("edit", "Изменить…", "Return"), ("delete", "Удалить", "Del"),
                            ("print", "Печать…", "")):
        action = menu.addAction(text)
        action.setObjectName(f"menu_{key}")
        if keys:
            action.setShortcut(QKeySequence(keys))
        slot = actions.get(key)
        action.setEnabled(slot is not None and selected)
        if slot is not None:
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
    undo, ready = actions.get("undo"), actions.get("undo_ready")
    if undo is not None and ready is not None and ready():  # only after a delete
        back = menu.addAction("Вернуть удалённое")
        back.setObjectName("menu_undo")
        back.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        back.triggered.connect(lambda _checked=False: undo())
    menu.addSeparator()
    copy = menu.addAction("Копировать")
    copy.setObjectName("menu_copy")
    copy.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
    copy.setEnabled(selected)
    copy.triggered.connect(lambda _checked=False: copy_rows(view))
    return menu


def show_menu(view: QTableView, pos: QPoint) -> None:
    index = view.indexAt(pos)
    if index.isValid() and not view.selectionModel().isRowSelected(index.row(), index.parent()):
        view.selectRow(index.row())  # the row under the mouse is the one acted on
    menu = build_menu(view)
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    menu.popup(view.viewport().mapToGlobal(pos))


def selected_text(view: QTableView) -> str:
    model = view.model()
    rows = sorted({index.row() for index in view.selectionModel().selectedRows()})
    columns = [c for c in range(model.columnCount()) if not view.isColumnHidden(c)]
    return "\n".join("\t".join(str(model.index(r, c).data() or "") for c in columns)
                     for r in rows)


def copy_rows(view: QTableView) -> None:
    text = selected_text(view)
    if text:
        QGuiApplication.clipboard().setText(text)
