"""The dry run's uncertain decisions, on the wizard's last page (issue 12).

* How each class/group written in the file was matched («гр. Солнышко → Солнышко»); the
  user types another unit name in the table to correct it, and the dry run is redone.
* Rows the reader decided about: lines that are not people, a parent's row joined to the
  child above, a cell of several parents, the unit a sheet's title names, rows hidden or
  struck through in the file (one tick brings them in).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QTableView, QTableWidget, QTableWidgetItem, QWidget

from sferum_desk.services.roster_import import ImportPlan, ImportPreview
from sferum_desk.ui.designed import child, load_into
from sferum_desk.ui.table_model import Column, RowTableModel
from sferum_desk.ui.table_tab import apply_widths


@dataclass(frozen=True)
class Decision:
    sheet: str
    row: int
    what: str
    outcome: str


DECISION_COLUMNS = [
    Column("Лист", lambda d: d.sheet, chars=10),
    Column("Строка", lambda d: str(d.row) if d.row else "", sort=lambda d: (d.sheet, d.row),
           chars=6, align_right=True),
    Column("Что в файле", lambda d: d.what, chars=44),
    Column("Решение", lambda d: d.outcome, chars=26),
]


def decisions_of(plan: ImportPlan) -> list[Decision]:
    result = []
    for c in plan.column_conflicts:
        result.append(Decision(c.sheet, 0, f"столбец {c.column} «{c.title}»",
                               f"не загружается: это поле из столбца {c.taken_by}"))
    for n in plan.row_notes:
        if n.kind == "not_a_person":
            result.append(Decision(n.sheet, n.row, n.text, "не человек: строка пропущена"))
        elif n.kind == "split":
            result.append(Decision(n.sheet, n.row, f"в одной ячейке: {n.text}",
                                   "записаны как разные люди"))
        elif n.kind == "title_unit":
            result.append(Decision(n.sheet, n.row, n.text,
                                   f"все строки листа: «{n.unit}» (заголовок)"))
        elif n.kind == "continuation":
            result.append(Decision(n.sheet, n.row, f"родитель {n.text}",
                                   f"добавлен к ученику из строки {n.to_row}"))
        else:
            why = "скрыта" if n.kind == "hidden" else "зачёркнута"
            result.append(Decision(n.sheet, n.row, n.text, f"{why} в файле: не загружается"))
    return result


class ReviewPanel(QWidget):
    """Emits `replan` after the user changed a decision (a unit, the hidden rows)."""

    replan = Signal()

    def __init__(self, unit_word: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.preview: ImportPreview | None = None
        body = load_into(self, "import_review")  # forms/import_review.ui
        self.units_title = child(body, QLabel, "units_title")
        self.units_title.setText(f"Куда пойдут строки ({unit_word.lower()} по названию из "
                                 "файла). Если подразделение выбрано неверно, впишите "
                                 "нужное в третий столбец:")
        self.units_table = child(body, QTableWidget, "units_table")
        self.units_table.itemChanged.connect(self._unit_edited)
        self.decisions_title = child(body, QLabel, "decisions_title")
        self.decisions_model = RowTableModel(DECISION_COLUMNS, parent=self)
        self.decisions_view = child(body, QTableView, "decisions_view")
        self.decisions_view.setModel(self.decisions_model)
        apply_widths(self.decisions_view, DECISION_COLUMNS)  # «Что в файле» is read whole
        self.include_hidden = child(body, QCheckBox, "include_hidden")
        self.include_hidden.toggled.connect(self._hidden_toggled)

    def tab_widgets(self) -> tuple[QWidget, ...]:
        """The panel's inputs in the order of its form, for the page around it."""
        return self.units_table, self.decisions_view, self.include_hidden

    def show_plan(self, plan: ImportPlan | None, preview: ImportPreview) -> None:
        self.preview = preview
        if plan is None:
            for widget in (self.units_title, self.units_table, self.decisions_title,
                           self.decisions_view, self.include_hidden):
                widget.hide()
            return
        self._fill_units(plan)
        decisions = decisions_of(plan)
        self.decisions_model.set_rows(decisions)
        for widget in (self.decisions_title, self.decisions_view):
            widget.setVisible(bool(decisions))
        left_out = len(plan.notes_of("hidden", "struck"))
        self.include_hidden.blockSignals(True)
        self.include_hidden.setChecked(preview.include_hidden)
        self.include_hidden.blockSignals(False)
        if left_out:
            self.include_hidden.setText(f"Загрузить и строки, скрытые или зачёркнутые в файле "
                                        f"({left_out})")
        self.include_hidden.setVisible(bool(left_out) or preview.include_hidden)

    def _fill_units(self, plan: ImportPlan) -> None:
        table = self.units_table
        table.blockSignals(True)
        table.setRowCount(len(plan.unit_matches))
        for row, match in enumerate(plan.unit_matches):
            outcome = ("несколько подходят: " + ", ".join(match.candidates) if match.candidates
                       else "будет создано" if match.new else "уже есть")
            for column, text in enumerate((match.in_file, str(match.rows), match.unit,
                                           outcome)):
                item = QTableWidgetItem(text)
                if column != 2:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                table.setItem(row, column, item)
        table.resizeColumnsToContents()
        table.blockSignals(False)
        shown = any(m.in_file != m.unit or m.new or m.candidates for m in plan.unit_matches)
        self.units_title.setVisible(shown)
        table.setVisible(shown)

    def _unit_edited(self, item: QTableWidgetItem) -> None:
        if item.column() != 2 or self.preview is None:
            return
        in_file = self.units_table.item(item.row(), 0).text()
        wanted = item.text().strip()
        if wanted:
            self.preview.unit_choices[in_file] = wanted
        else:
            self.preview.unit_choices.pop(in_file, None)
        # after the editor has closed: redoing the dry run rebuilds this table
        QTimer.singleShot(0, self.replan.emit)

    def _hidden_toggled(self, checked: bool) -> None:
        if self.preview is not None:
            self.preview.include_hidden = checked
            QTimer.singleShot(0, self.replan.emit)
