"""The people of one act: who signed and when, with ticks to mark many at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QVBoxLayout, QWidget

from sferum_desk.domain.dates import format_date
from sferum_desk.domain.errors import UserError
from sferum_desk.services import Services
from sferum_desk.services.acknowledgements import AckRow, ActRow
from sferum_desk.ui import dialogs
from sferum_desk.ui.acknowledgements.print_dialog import from_qdate, to_qdate
from sferum_desk.ui import file_dialogs as files
from sferum_desk.ui.table_model import Column, RowTableModel, SearchProxy, date_sort
from sferum_desk.ui.table_tab import apply_widths, setup_table_view
from sferum_desk.ui.ui_files import load_form

SHOW_ALL, SHOW_PENDING, SHOW_SIGNED = "all", "pending", "signed"


def state_text(row: AckRow) -> str:
    text = "ознакомлен(а)" if row.signed_on else "не ознакомлен(а)"
    return text + (", выбыл(а)" if row.left else "")


class CheckableRowModel(RowTableModel):
    """RowTableModel with a tick in the first column; ticks survive a reload by id."""

    ticks_changed = Signal()

    def __init__(self, columns=(), parent=None):
        super().__init__(columns, parent=parent)
        self.ticked: set[int] = set()

    def set_rows(self, rows) -> None:
        rows = list(rows)
        self.ticked &= {row.id for row in rows}
        super().set_rows(rows)
        self.ticks_changed.emit()

    def flags(self, index: QModelIndex):
        flags = super().flags(index)
        if index.isValid() and index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.CheckStateRole and index.isValid() and index.column() == 0:
            ticked = self.row_at(index.row()).id in self.ticked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index: QModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column():
            return False
        row_id = self.row_at(index.row()).id
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.ticked.add(row_id)
        else:
            self.ticked.discard(row_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.ticks_changed.emit()
        return True

    def set_ticked(self, ids) -> None:
        self.beginResetModel()
        self.ticked = set(ids) & {row.id for row in self.rows()}
        self.endResetModel()
        self.ticks_changed.emit()


class ActPeoplePanel(QWidget):
    """Below the register: the chosen act's list, the ticks and the marking buttons."""

    changed = Signal()  # something was marked: the register's counts must reload
    print_requested = Signal()
    export_requested = Signal()
    names_file_requested = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.act: ActRow | None = None
        self.model = CheckableRowModel()  # columns come after the view: see _build
        self.proxy = SearchProxy(self.model, self)
        self._build()
        self.show_act(None)

    # ---- layout --------------------------------------------------------------------
    def _columns(self, extra: str) -> list[Column]:
        return [
            Column("Ф.И.О.", lambda r: r.full_name, chars=38),
            Column(extra, lambda r: r.extra, chars=26),
            Column("Дата ознакомления", lambda r: format_date(r.signed_on),
                   sort=lambda r: date_sort(r.signed_on), chars=16, searchable=False),
            Column("Состояние", state_text, chars=24),
        ]

    def _build(self) -> None:
        """forms/act_people.ui; the paper and file actions sit on the caption row, so the
        window fits a 1024 px screen."""
        body = load_form("act_people", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(body)
        find = lambda name: body.findChild(QWidget, name)  # noqa: E731
        self.caption = find("act_caption")
        self.show_filter = find("show_filter")
        self.show_filter.addItem("Все", SHOW_ALL)
        self.show_filter.addItem("Не ознакомлены", SHOW_PENDING)
        self.show_filter.addItem("Ознакомлены", SHOW_SIGNED)
        self.show_filter.currentIndexChanged.connect(self._apply_filter)
        self.search = find("people_search")
        self.search.textChanged.connect(self.proxy.set_query)
        self.tick_all, self.untick = find("tick_all"), find("untick")
        self.tick_all.clicked.connect(self._tick_visible)
        self.untick.clicked.connect(lambda: self.model.set_ticked(()))
        self.view = setup_table_view(find("people_table"), self.proxy)
        # Only now: a view that enables sorting sorts its model once, and a model with
        # columns would remember that as the order to keep; the service's order is wanted.
        self.model.set_columns(self._columns("Должность"))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        apply_widths(self.view, self.model.columns())
        self.sign_date = find("sign_date")
        self.sign_date.setDate(to_qdate(dt.date.today()))
        for attribute, name, slot in (
                ("open_file_button", "open_attachment", self.open_attachment),
                ("mark_button", "mark_signed", self.mark_ticked),
                ("all_except_button", "mark_all_except", self.mark_all_except),
                ("unmark_button", "unmark", self.unmark_ticked),
                ("undo_button", "undo", self.undo),
                ("names_button", "names_file", self.names_file_requested.emit),
                ("print_button", "print_sheet", self.print_requested.emit),
                ("export_button", "export_status", self.export_requested.emit)):
            setattr(self, attribute, find(name))
            find(name).clicked.connect(lambda _checked=False, slot=slot: slot())
        self.model.ticks_changed.connect(self._update_buttons)

    # ---- content ----------------------------------------------------------------------
    def show_act(self, act: ActRow | None, extra_title: str = "Должность") -> None:
        same = self.act is not None and act is not None and self.act.id == act.id
        self.act = act
        if not same:
            self.model.ticked.clear()
        if self.model.columns()[1].title != extra_title:
            self.model.set_columns(self._columns(extra_title))
        rows = self.services.acknowledgements.people(act.id) if act else []
        self.model.set_rows(rows)
        self.caption.setText(self._caption_text(act))
        self._update_buttons()

    def _caption_text(self, act: ActRow | None) -> str:
        if act is None:
            return "Выберите акт в списке выше, чтобы увидеть, кто с ним ознакомлен."
        text = (f"<b>{act.reference}</b> — {act.audience_text}. Ознакомлены: "
                f"<b>{act.signed}</b> из {act.total}, осталось {act.pending}.")
        if act.deadline:
            late = " <span style='color:#c62828'>— срок прошёл</span>" if act.overdue else ""
            text += f" Срок: до {format_date(act.deadline)}{late}."
        if not act.is_current:
            text += " <i>Это прежняя редакция: её подписи — история, отмечать нельзя.</i>"
        return text

    def _apply_filter(self, *_args) -> None:
        mode = self.show_filter.currentData()
        if mode == SHOW_PENDING:
            self.proxy.set_predicate(lambda r: r.signed_on is None)
        elif mode == SHOW_SIGNED:
            self.proxy.set_predicate(lambda r: r.signed_on is not None)
        else:
            self.proxy.set_predicate(None)

    def _tick_visible(self) -> None:
        self.model.set_ticked(self.model.ticked | {r.id for r in self.proxy.visible_rows()})

    def _update_buttons(self, *_args) -> None:
        editable = self.act is not None and self.act.is_current
        for button in (self.mark_button, self.all_except_button, self.unmark_button,
                       self.names_button, self.tick_all, self.untick):
            button.setEnabled(editable)
        self.undo_button.setEnabled(editable and self.services.acknowledgements.can_undo(
            self.act.id))
        for button in (self.print_button, self.export_button):
            button.setEnabled(self.act is not None)
        self.open_file_button.setVisible(bool(self.act and self.act.attachment_path))
        count = len(self.model.ticked)
        self.mark_button.setText(f"Отметить ознакомленными ({count})" if count
                                 else "Отметить ознакомленными")

    def open_attachment(self) -> None:
        path = Path(self.act.attachment_path) if self.act else None
        if path is None or not path.is_file():
            dialogs.show_error(self, f"Файл «{path}» не найден: укажите его заново в карточке "
                                     "акта.")
            return
        files.open_path(path)

    # ---- marking ------------------------------------------------------------------------
    def chosen_ids(self) -> list[int]:
        """The ticked people, or the selected rows when nothing is ticked."""
        if self.model.ticked:
            return sorted(self.model.ticked)
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.proxy.row_at(r).id for r in rows]

    def sign_day(self):
        return from_qdate(self.sign_date.date())

    def _run(self, action) -> None:
        try:
            action()
        except UserError as error:
            dialogs.show_error(self, error.message)
            return
        self.model.ticked.clear()
        self.changed.emit()

    def mark_ticked(self) -> None:
        ids = self.chosen_ids()
        if not ids:
            dialogs.show_error(self, "Поставьте галочки тем, кто ознакомился, или выделите "
                                     "их в списке.")
            return
        self._run(lambda: self.services.acknowledgements.mark_signed(self.act.id, ids,
                                                                     self.sign_day()))

    def mark_all_except(self) -> None:
        excluded = set(self.model.ticked)
        left = [r for r in self.model.rows() if r.signed_on is None and r.id not in excluded]
        if not left:
            dialogs.show_error(self, "Отмечать некого: все, кроме отмеченных галочкой, уже "
                                     "ознакомлены.")
            return
        if not excluded and not dialogs.confirm(
                self, f"Ни у кого нет галочки: отметить ознакомленными всех {len(left)} "
                      "человек?", yes="Отметить всех"):
            return
        self._run(lambda: self.services.acknowledgements.mark_all_except(
            self.act.id, excluded, self.sign_day()))

    def unmark_ticked(self) -> None:
        ids = self.chosen_ids()
        if not ids:
            dialogs.show_error(self, "Поставьте галочки тем, у кого нужно снять отметку.")
            return
        self._run(lambda: self.services.acknowledgements.unmark(self.act.id, ids))

    def undo(self) -> None:
        self._run(lambda: self.services.acknowledgements.undo_last(self.act.id))
