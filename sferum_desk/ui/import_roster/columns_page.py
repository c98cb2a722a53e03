"""The import wizard's page 2, the columns: each file column with a sample value and the
field it goes to (one field, one column), a preview of the first rows, the unit for rows that
name none. Mixed into `ImportWizard` (wizard.py), whose attributes it uses."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QScrollArea, QTableView, QWidget

from sferum_desk.importers import STUDENTS, field_title, fields_for
from sferum_desk.importers.fields import unloaded_columns
from sferum_desk.importers.layout import Shape
from sferum_desk.ui.designed import chain_tabs, child, load_page
from sferum_desk.ui.import_roster.tables import PreviewModel

MUTED = "color: #5f6368;"


def _escape(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ColumnsPage:
    """Page 2 of `ImportWizard`: the columns."""

    def _columns_page(self) -> QWidget:
        page = load_page("import_mapping", self)
        self.shape_box = child(page, QComboBox, "shape_box")
        self.shape_box.currentIndexChanged.connect(lambda _: self._show_shape())
        self.shape_row = child(page, QWidget, "shape_row")
        self.header_info = child(page, QLabel, "header_info")
        self.mapping_area = child(page, QScrollArea, "mapping_area")
        self.preview_model = PreviewModel(self)
        self.preview_view = child(page, QTableView, "preview_view")
        self.preview_view.setModel(self.preview_model)
        self.unit_row = child(page, QWidget, "unit_row")
        self.default_unit = child(page, QComboBox, "default_unit")
        child(page, QLabel, "default_unit_caption").setText(
            f"{self.vocabulary.unit} для строк, где он не указан:")
        self.conflicts_label = child(page, QLabel, "conflicts_label")
        self.columns_error = child(page, QLabel, "error_columns")
        return page

    def _fill_columns_page(self) -> None:
        preview = self.preview
        self.shape_box.blockSignals(True)
        self.shape_box.clear()
        for shape in preview.layout.shapes:
            names = ", ".join(f"«{n}»" for n in shape.sheets[:6])
            more = f" и ещё {len(shape.sheets) - 6}" if len(shape.sheets) > 6 else ""
            self.shape_box.addItem(names + more, shape.key)
        self.shape_box.blockSignals(False)
        self.shape_row.setVisible(len(preview.layout.shapes) > 1)
        self.unit_row.setVisible(preview.kind == STUDENTS)
        self.default_unit.clear()
        self.default_unit.addItem("")
        for unit in self.services.structure.list_units():
            if unit.kind == "regular":
                self.default_unit.addItem(unit.name)
        self._show_shape()

    def current_shape(self) -> Shape:
        key = self.shape_box.currentData()
        return next(s for s in self.preview.layout.shapes if s.key == key)

    def _show_shape(self) -> None:
        if self.preview is None or self.shape_box.count() == 0:
            return
        shape = self.current_shape()
        fields = self.preview.mappings[shape.key]
        where = f"Заголовок найден в строке {shape.header_row_number} листа «{shape.sheets[0]}»."
        if shape.key in self.preview.remembered:
            where += " Соответствие столбцов взято из прошлого импорта такого же файла."
        self.header_info.setText(where + " Проверьте, куда пойдёт каждый столбец; "
                                         "«не загружать» — столбец пропускается.")
        form_host = QWidget()
        form = QFormLayout(form_host)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.field_boxes = []
        choices = [None, *fields_for(self.preview.kind)]
        for column, title in enumerate(shape.titles):
            box = QComboBox()
            box.setObjectName(f"field_{column + 1}")
            for field in choices:
                # "" stands for «не загружать»: a None item data upsets PySide6's refcounts
                box.addItem(self._field_title(field), field or "")
            box.setCurrentIndex(choices.index(fields[column]) if fields[column] in choices
                                else 0)
            box.currentIndexChanged.connect(
                lambda _, c=column, b=box: self._field_changed(c, b.currentData() or None))
            sample = shape.samples[column] if column < len(shape.samples) else ""
            label = QLabel(f"<b>{_escape(title) or f'Столбец {column + 1}'}</b>"
                           + (f"<br><span style='{MUTED}'>пример: {_escape(sample)}</span>"
                              if sample else ""))
            label.setToolTip(sample)
            form.addRow(label, box)
            self.field_boxes.append(box)
        self.mapping_area.setWidget(form_host)
        chain_tabs(self.shape_box, *self.field_boxes)  # made now: after the sheets' box
        self._refresh_preview()
        self._show_conflicts()

    def _field_title(self, field: str | None) -> str:
        return field_title(field, self.vocabulary.unit,
                           self.vocabulary.student if self.preview.kind == STUDENTS else "")

    def _field_changed(self, column: int, field: str | None) -> None:
        """One field, one column: choosing a field taken elsewhere frees the other column."""
        shape = self.current_shape()
        fields = self.preview.mappings[shape.key]
        if field is not None:
            for other, taken in enumerate(fields):
                if taken == field and other != column:
                    fields[other] = None
                    box = self.field_boxes[other]
                    box.blockSignals(True)
                    box.setCurrentIndex(0)
                    box.blockSignals(False)
        fields[column] = field
        self.columns_error.hide()
        self._refresh_preview()
        self._show_conflicts()

    def _show_conflicts(self) -> None:
        """Columns that read as a field another column takes: never left out unsaid."""
        shape = self.current_shape()
        fields = self.preview.mappings[shape.key]
        lines = [f"Столбец {c + 1} «{_escape(shape.titles[c])}» не загружается: поле "
                 f"«{self._field_title(f)}» берётся из столбца {t + 1} "
                 f"«{_escape(shape.titles[t])}». Если нужен он, выберите поле здесь."
                 for c, f, t in unloaded_columns(shape.titles, fields, self.preview.kind)]
        self.conflicts_label.setText("<br>".join(lines))
        self.conflicts_label.setVisible(bool(lines))

    def _refresh_preview(self) -> None:
        shape = self.current_shape()
        fields = self.preview.mappings[shape.key]
        headers = [f"{title or '—'}\n→ {self._field_title(field)}"
                   for title, field in zip(shape.titles, fields)]
        self.preview_model.set_content(headers, shape.preview)
        self.preview_view.resizeColumnsToContents()

