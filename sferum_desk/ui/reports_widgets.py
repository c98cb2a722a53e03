"""Parts of the «Отчёты» tab: the coverage table with a bar per unit, and the weekly growth
chart, both painted by Qt from the service's plain figures."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QRectF, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QStyle, QStyledItemDelegate, QWidget

from sferum_desk.domain.coverage import (
    PARENTS, STAFF, STUDENTS, CoverageReport, Ratio, UnitCoverage, WeekPoint,
)
from sferum_desk.domain.units import unit_sort_key

BAR_COLOUR = QColor("#3b6fb6")
TOTAL_COLOUR = QColor("#1f3f6e")
TRACK_COLOUR = QColor("#e3e8ef")
PERCENT_ROLE = Qt.ItemDataRole.UserRole + 10  # a 0–100 share for the bar delegate
SORT_ROLE = Qt.ItemDataRole.UserRole + 11
HEADER_TIPS = {
    "Охват": "Доля присоединившихся среди всех учитываемых в подразделении",
    "Семьи с родителем": "Дети, у которых присоединился хотя бы один родитель",
    "Карточки": "Выдано карточек-приглашений",
    "Ждут подписи": "Подписи в листах ознакомления, которых ещё нет",
    "Отказались": "Отказались от платформы: школа связывается с ними другим способом",
}


def _ratio_text(ratio: Ratio | None, without_declined: bool = False) -> str:
    if ratio is None or not ratio.total:
        return "—"
    if without_declined:
        return f"{ratio.joined} из {ratio.counted} ({ratio.percent_without_declined:.0f} %)"
    return f"{ratio.joined} из {ratio.total} ({ratio.percent:.0f} %)"


def _percent(ratio: Ratio, without_declined: bool) -> float:
    return ratio.percent_without_declined if without_declined else ratio.percent


class CoverageModel(QAbstractTableModel):
    """One row per unit plus «Итого»; columns for the counted audiences only."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.lines: list[UnitCoverage] = []
        self.total: UnitCoverage | None = None
        self.columns: list[tuple[str, Callable[[UnitCoverage], object]]] = []
        self.without_declined = False  # coverage counted without those who declined

    def set_report(self, report: CoverageReport, without_declined: bool = False) -> None:
        self.beginResetModel()
        self.lines = [*report.units, report.total]
        self.total = report.total
        self.without_declined = without_declined
        cols: list[tuple[str, Callable[[UnitCoverage], object]]] = [
            (report.unit_word, lambda u: u.name),
            ("Охват", lambda u: u.main)]
        if report.counts(STAFF):
            cols.append(("Сотрудники", lambda u: u.staff))
        if report.counts(STUDENTS):
            cols.append((report.students_word, lambda u: u.students))
        if report.counts(PARENTS):
            cols.append(("Родители, все", lambda u: u.parents))
            cols.append(("Семьи с родителем", lambda u: u.families))
        if report.total.main.declined:
            cols.append(("Отказались", lambda u: u.main.declined))
        cols.append(("Карточки", lambda u: u.slips_handed))
        cols.append(("Ждут подписи", lambda u: u.acks_pending))
        self.columns = cols
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(self.columns[section][0])
        return None

    def line(self, row: int) -> UnitCoverage:
        return self.lines[row]

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        value = self.columns[index.column()][1](line)
        is_total = line is self.total
        if role == SORT_ROLE:
            if index.column() == 0:
                return unit_sort_key(line.name)
            return _percent(value, self.without_declined) if isinstance(value, Ratio) \
                else value
        if role == PERCENT_ROLE and isinstance(value, Ratio) and index.column() == 1:
            return _percent(value, self.without_declined) if value.total else None
        if role == Qt.ItemDataRole.FontRole and is_total:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 1:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0 and not is_total:
            return "Щёлкните, чтобы увидеть, кто ещё не присоединился"
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(self.columns[index.column()][0])
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if isinstance(value, Ratio) or value is None:
            return _ratio_text(value, self.without_declined)
        return str(value)


class CoverageProxy(QSortFilterProxyModel):
    """Sorts by the chosen column; «Итого» stays the last line in either order."""

    def __init__(self, source: CoverageModel, parent=None):
        super().__init__(parent)
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left: QModelIndex, right: QModelIndex) -> bool:
        model: CoverageModel = self.sourceModel()
        ascending = self.sortOrder() == Qt.SortOrder.AscendingOrder
        if model.line(left.row()) is model.total:
            return not ascending
        if model.line(right.row()) is model.total:
            return ascending
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            return a is None and b is not None
        return a < b


class BarDelegate(QStyledItemDelegate):
    """Paints the share joined as a bar with the percentage on it."""

    def paint(self, painter: QPainter, option, index) -> None:
        percent = index.data(PERCENT_ROLE)
        if percent is None:
            super().paint(painter, option, index)
            return
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(option.rect, option.palette.highlight())
        bold = index.data(Qt.ItemDataRole.FontRole) is not None
        font = QFont(option.font)
        font.setBold(bold)
        painter.setFont(font)
        label_width = painter.fontMetrics().horizontalAdvance("100 %") + 8
        track = QRectF(option.rect.adjusted(4, 6, -label_width - 4, -6))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(TRACK_COLOUR)
        painter.drawRoundedRect(track, 3, 3)
        filled = QRectF(track)
        filled.setWidth(track.width() * max(0.0, min(percent, 100.0)) / 100)
        painter.setBrush(TOTAL_COLOUR if bold else BAR_COLOUR)
        if filled.width() > 0:
            painter.drawRoundedRect(filled, 3, 3)
        painter.setPen(option.palette.highlightedText().color() if selected
                       else option.palette.text().color())
        text_box = QRectF(track.right() + 4, option.rect.top(), label_width,
                          option.rect.height())
        painter.drawText(text_box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         f"{percent:.0f} %")
        painter.restore()


def nice_top(value: int) -> int:
    """An axis top that splits into four round steps, a little above the highest bar."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000):
        if value < step * 4:
            return step * 4
    return max(value, 1)


class GrowthChart(QWidget):
    """Cumulative number joined at the end of each week, as bars with a few dates."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.points: tuple[WeekPoint, ...] = ()
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_points(self, points: tuple[WeekPoint, ...]) -> None:
        self.points = points
        self.setToolTip("\n".join(f"неделя с {p.week_start:%d.%m}: всего {p.total} "
                                  f"(+{p.added})" for p in points[-12:]))
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_colour = self.palette().color(QPalette.ColorRole.WindowText)
        metrics = painter.fontMetrics()
        if not self.points:
            painter.setPen(text_colour)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             "Пока никто не отмечен как присоединившийся.")
            return
        left, bottom = metrics.horizontalAdvance("0000") + 10, metrics.height() + 6
        plot = QRectF(left, 8, self.width() - left - 8, self.height() - bottom - 12)
        top = nice_top(max(p.total for p in self.points))
        painter.setPen(QColor("#c5ccd6"))
        for step in range(5):  # gridlines with their values
            y = plot.bottom() - plot.height() * step / 4
            painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            painter.setPen(text_colour)
            painter.drawText(QRectF(0, y - metrics.height() / 2, left - 6, metrics.height()),
                             Qt.AlignmentFlag.AlignRight, f"{round(top * step / 4)}")
            painter.setPen(QColor("#c5ccd6"))
        slot = plot.width() / len(self.points)
        every = max(1, int(metrics.horizontalAdvance("00.00  ") // max(slot, 1)) + 1)
        painter.setPen(Qt.PenStyle.NoPen)
        for index, point in enumerate(self.points):
            height = plot.height() * point.total / top
            bar = QRectF(plot.left() + index * slot + slot * 0.15, plot.bottom() - height,
                         slot * 0.7, height)
            painter.setBrush(BAR_COLOUR)
            painter.drawRect(bar)
            if index % every == 0 or index == len(self.points) - 1:
                painter.setPen(text_colour)
                painter.drawText(QRectF(bar.center().x() - 30, plot.bottom() + 4, 60,
                                        metrics.height()), Qt.AlignmentFlag.AlignHCenter,
                                 point.week_start.strftime("%d.%m"))
                painter.setPen(Qt.PenStyle.NoPen)
