"""The head's coverage report: one or two A4 pages in the official style.

Page 1: the organisation, the title and date, the overall figures, a vector bar chart of
each unit's share joined and the growth week by week. Page 2: the figures per unit and the
head's signature line. Charts are reportlab.graphics drawings (vectors, embedded font).
"""
# ruff: noqa: E402

from __future__ import annotations

from reportlab import rl_config

# reportlab.graphics validates every attribute set on a shape or widget (its "shapeChecking",
# a help while writing a chart): 600 labels of a large school's chart made that a third of
# the report's drawing. The charts here are fixed code, covered by the tests; the switch is
# read when reportlab.graphics is imported, so it is set before that import (hence E402).
rl_config.shapeChecking = 0

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Spacer, Table

from sferum_desk.domain.coverage import (
    AUDIENCE_TITLES, PARENTS, STUDENTS, CoverageReport, Ratio, UnitCoverage,
)
from sferum_desk.domain.org_names import cut_at_word
from sferum_desk.printing.fonts import SERIF, SERIF_BOLD
from sferum_desk.printing.official import (
    TABLE_SIZE, TEXT_WIDTH, ProgressCallback, build_pdf, long_date, signature_block, styles,
    text,
)
from sferum_desk.printing.wrapping import wrapped_paragraph

BAR_COLOUR = colors.HexColor("#3b5b8c")
TOTAL_COLOUR = colors.HexColor("#1f2f4a")
GRID_COLOUR = colors.HexColor("#b8bfca")
LIGHT_FILL = colors.HexColor("#eef1f5")
CHART_FONT = 9  # chart labels: smaller than body text, still legible on paper
BAR_CHART_MAX = 78 * mm
ONE_COLUMN_BARS = 14
GROWTH_HEIGHT = 32 * mm
MAX_WEEK_LABELS = 12
CELL_PADDING = 8  # points, left and right together


def _percent(ratio: Ratio | None) -> str:
    return "—" if ratio is None or not ratio.total else f"{ratio.percent:.0f} %"


def _cell(ratio: Ratio | None) -> str:
    """«12/20 (60 %)» for a table cell; a dash when there is nobody to count."""
    if ratio is None or not ratio.total:
        return "—"
    return f"{ratio.joined}/{ratio.total} ({ratio.percent:.0f} %)"


# ---- page 1 ---------------------------------------------------------------------------
def _heading(report: CoverageReport) -> list:
    st = styles()
    counted = ", ".join(_audience_word(report, a).lower() for a in report.audiences)
    return [
        Paragraph(text(report.organization), st["org"]),
        Spacer(1, 4 * mm),
        Paragraph("Отчёт о подключении участников образовательных отношений<br/>"
                  "к платформе «Сферум»", st["title"]),
        Paragraph(f"по состоянию на {text(long_date(report.as_of))}, "
                  f"{text(report.academic_year)} учебный год", st["center"]),
        Spacer(1, 4 * mm),
        Paragraph(f"Учитываются: {text(counted)}. Присоединившимся считается человек, "
                  "отмеченный администратором платформы как вступивший в организацию.",
                  st["small_left"]),
        Spacer(1, 3 * mm),
    ]


def _audience_word(report: CoverageReport, audience: str) -> str:
    if audience == STUDENTS:
        return report.students_word
    if audience == PARENTS:
        return "Родители (законные представители)"
    return AUDIENCE_TITLES[audience]


def _summary_table(report: CoverageReport) -> Table:
    st = styles()
    small = st["small"]
    left = st["small_left"]
    total = report.total
    rows = [[Paragraph("<b>Показатель</b>", left), Paragraph("<b>Всего</b>", small),
             Paragraph("<b>Присоединились</b>", small), Paragraph("<b>Доля</b>", small)]]

    def add(title: str, ratio: Ratio | None) -> None:
        if ratio is not None:
            rows.append([Paragraph(text(title), left), str(ratio.total), str(ratio.joined),
                         _percent(ratio)])

    add("Сотрудники", total.staff)
    add(report.students_word, total.students)
    add("Родители (законные представители), все", total.parents)
    add(f"{report.students_word}, у которых присоединился хотя бы один родитель",
        total.families)
    counts_from = len(rows)
    rows.append([Paragraph("Напечатано карточек-приглашений", left), str(total.slips_printed),
                 "", ""])
    rows.append(_declined_row(total, left))
    rows.append([Paragraph("Выдано карточек-приглашений", left), str(total.slips_handed), "",
                 ""])
    rows.append([Paragraph("Ожидаются подписи в листах ознакомления", left),
                 str(total.acks_pending), "", ""])
    widths = [TEXT_WIDTH * 0.55, TEXT_WIDTH * 0.11, TEXT_WIDTH * 0.22, TEXT_WIDTH * 0.12]
    table = Table(rows, colWidths=widths, repeatRows=1)
    spans = [("SPAN", (1, r), (-1, r)) for r in range(counts_from, len(rows))]
    table.setStyle(_grid_style() + spans + [("ALIGN", (1, 1), (-1, -1), "CENTER")])
    return table


def _declined_row(total: UnitCoverage, style) -> list:
    """Refusals (services/refusals): how many chose another channel, and coverage without
    them."""
    main = total.main
    without = (f"без них присоединились {main.joined} из {main.counted} "
               f"({main.percent_without_declined:.0f} %)" if main.declined else "")
    return [Paragraph("Отказались от платформы (связь другим способом)", style),
            Paragraph(text(f"{main.declined}" + (f"; {without}" if without else "")),
                      styles()["small"]), "", ""]


def _grid_style() -> list:
    return [
        ("FONT", (0, 0), (-1, -1), SERIF, TABLE_SIZE),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING / 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING / 2),
    ]


def _caption(title: str) -> Paragraph:
    st = styles()
    return Paragraph(f"<b>{text(title)}</b>", st["small_left"])


def _drawing(height: float) -> Drawing:
    """A drawing whose default font is ours: no non-embedded Helvetica in the file."""
    drawing = Drawing(TEXT_WIDTH, height)
    drawing.initialFontName = SERIF
    drawing.initialFontSize = CHART_FONT
    return drawing


def _bar_chart(report: CoverageReport) -> Drawing:
    """One horizontal bar per unit (and the total): the share of its counted people joined.

    Many units (a school's 33 classes) are laid out in two columns so that every label
    stays legible and the chart still fits on the first page.
    """
    lines = [u for u in report.units if u.main.total] + [report.total]
    columns = 2 if len(lines) > ONE_COLUMN_BARS else 1
    per_column = -(-len(lines) // columns)
    bar_step = min(6.5 * mm, BAR_CHART_MAX / per_column)
    plot_height = bar_step * per_column
    drawing = _drawing(plot_height + 9 * mm)
    width = TEXT_WIDTH / columns
    for index in range(columns):
        part = lines[index * per_column:(index + 1) * per_column]
        drawing.add(_bars(part, report.total, index * width, width, plot_height, bar_step,
                          per_column))
    return drawing


def _bars(lines: list[UnitCoverage], total: UnitCoverage, x: float, width: float,
          plot_height: float, bar_step: float, slots: int) -> HorizontalBarChart:
    label_width = 22 * mm if width < TEXT_WIDTH else 32 * mm
    values = [round(u.main.percent, 1) for u in lines]
    names = [_short_name(u.name) for u in lines]
    padding = slots - len(lines)  # keep both columns' bars on the same rows
    chart = HorizontalBarChart()
    chart.x, chart.y = x + label_width, 7 * mm
    chart.width, chart.height = width - label_width - 12 * mm, plot_height
    chart.data = [[None] * padding + list(reversed(values))]  # the first unit on top
    chart.categoryAxis.categoryNames = [""] * padding + list(reversed(names))
    chart.categoryAxis.labels.fontName = SERIF
    chart.categoryAxis.labels.fontSize = CHART_FONT
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.categoryAxis.strokeColor = colors.black
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 25
    chart.valueAxis.labels.fontName = SERIF
    chart.valueAxis.labels.fontSize = CHART_FONT
    chart.valueAxis.labelTextFormat = "%d %%"
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID_COLOUR
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.barWidth = bar_step * 0.64
    chart.groupSpacing = bar_step * 0.36
    chart.bars[0].fillColor = BAR_COLOUR
    chart.bars[0].strokeColor = None
    if lines and lines[-1] is total:  # the total is the last line, drawn at the bottom
        chart.bars[(0, padding)].fillColor = TOTAL_COLOUR
    chart.barLabelFormat = "%.0f %%"
    chart.barLabels.fontName = SERIF
    chart.barLabels.fontSize = CHART_FONT
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    return chart


def _short_name(name: str) -> str:
    """A chart label: cut at a whole word, never inside one."""
    return cut_at_word(name, 18)


def _growth_chart(report: CoverageReport) -> Drawing:
    """Cumulative number joined at the end of each week: bars, a few dates on the axis."""
    points = report.growth
    drawing = _drawing(GROWTH_HEIGHT)
    chart = VerticalBarChart()
    chart.x, chart.y = 16 * mm, 9 * mm
    chart.width, chart.height = TEXT_WIDTH - 22 * mm, GROWTH_HEIGHT - 16 * mm
    chart.data = [[p.total for p in points]]
    every = max(1, -(-len(points) // MAX_WEEK_LABELS))
    chart.categoryAxis.categoryNames = [
        p.week_start.strftime("%d.%m") if i % every == 0 or i == len(points) - 1 else ""
        for i, p in enumerate(points)]
    chart.categoryAxis.labels.fontName = SERIF
    chart.categoryAxis.labels.fontSize = CHART_FONT
    chart.categoryAxis.labels.dy = -2
    top = max([p.total for p in points] + [1])
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, _nice_top(top)
    chart.valueAxis.valueStep = _nice_top(top) / 4
    chart.valueAxis.labels.fontName = SERIF
    chart.valueAxis.labels.fontSize = CHART_FONT
    chart.valueAxis.labelTextFormat = "%d"
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID_COLOUR
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.bars[0].fillColor = BAR_COLOUR
    chart.bars[0].strokeColor = None
    chart.barSpacing = 1
    drawing.add(chart)
    drawing.add(String(16 * mm, GROWTH_HEIGHT - 3 * mm, "чел.", fontName=SERIF,
                       fontSize=CHART_FONT, textAnchor="middle"))
    return drawing


def _nice_top(value: int) -> int:
    """An axis top divisible into four round steps."""
    for step in (1, 2, 3, 5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200, 250, 300, 400,
                 500, 750, 1000, 1500, 2000, 2500, 5000):
        if value <= step * 4:
            return step * 4
    return value


# ---- page 2 ---------------------------------------------------------------------------
def _columns(report: CoverageReport) -> list[tuple[str, object, float]]:
    """(header, value of a line, relative width); ratio columns for counted audiences only."""
    cols: list[tuple[str, object, float]] = [(report.unit_word, lambda u: u.name, 1.0)]
    if report.counts(STUDENTS):
        cols.append((report.students_word, lambda u: _cell(u.students), 1.3))
    if report.counts(PARENTS):
        cols.append(("Родители, все", lambda u: _cell(u.parents), 1.3))
        cols.append(("Семьи: хотя бы один родитель", lambda u: _cell(u.families), 1.3))
    cols.append(("Карточки выданы", lambda u: str(u.slips_handed), 0.9))
    cols.append(("Ждут подписи", lambda u: str(u.acks_pending), 0.9))
    return cols


def _units_table(report: CoverageReport) -> Table:
    """Units with their figures; the staff room's staff figure spans the ratio columns."""
    st = styles()
    cols = _columns(report)
    share = sum(c[2] for c in cols)
    widths = [TEXT_WIDTH * c[2] / share for c in cols]
    ratio_cols = len(cols) - 3
    rows = [[wrapped_paragraph(c[0], st["small"], width, bold=True, padding=CELL_PADDING)
             for c, width in zip(cols, widths)]]
    spans = []
    for line in [*report.units, report.total]:
        if line.is_staff_room:
            row = [_unit_cell(line.name, False, widths[0])]
            row += [f"сотрудники: {_cell(line.staff)}"] + [""] * (ratio_cols - 1)
            row += [str(line.slips_handed), str(line.acks_pending)]
            if ratio_cols > 1:
                spans.append(("SPAN", (1, len(rows)), (ratio_cols, len(rows))))
        else:
            row = [_unit_cell(line.name, line is report.total, widths[0])]
            row += [c[1](line) for c in cols[1:]]
        rows.append(row)
    if ratio_cols == 0:  # only staff count: the table has nothing but the staff room
        rows = [r[:1] + r[-2:] for r in rows]
    table = Table(rows, colWidths=widths if ratio_cols else None, repeatRows=1)
    table.setStyle(_grid_style() + spans + [
        ("TOPPADDING", (0, 1), (-1, -1), 0.5),  # 35 classes must fit on one page
        ("BOTTOMPADDING", (0, 1), (-1, -1), 1.5),
        ("ALIGN", (1, 1), (-1, -1), "CENTER"),
        ("FONT", (0, -1), (-1, -1), SERIF_BOLD, TABLE_SIZE),
        ("BACKGROUND", (0, -1), (-1, -1), LIGHT_FILL),
    ])
    return table


def _unit_cell(value: str, total: bool, width: float):
    return wrapped_paragraph(value, styles()["small_left"], width, bold=total,
                             padding=CELL_PADDING)


def _signature(report: CoverageReport) -> list:
    return [Spacer(1, 4 * mm), signature_block(report.head_title, report.head_name)]


def render_coverage_pdf(report: CoverageReport, progress: ProgressCallback | None = None) \
        -> bytes:
    """The report as PDF bytes (1–2 pages for up to about 35 units)."""
    story: list = [*_heading(report), _summary_table(report), Spacer(1, 5 * mm)]
    if any(u.main.total for u in report.units):
        chart = _bar_chart(report)
        story += [CondPageBreak(chart.height + 12 * mm),
                  _caption("Доля присоединившихся по подразделениям (тёмная полоса — "
                           "в целом по организации)"),
                  Spacer(1, 1 * mm), chart, Spacer(1, 3 * mm)]
    if report.growth:
        story += [CondPageBreak(GROWTH_HEIGHT + 6 * mm),
                  _caption("Рост числа присоединившихся по неделям (нарастающим итогом)"),
                  Spacer(1, 1 * mm), _growth_chart(report)]
    story += [CondPageBreak(60 * mm), Spacer(1, 4 * mm),
              _caption("Показатели по подразделениям (присоединились / всего, доля)"),
              Spacer(1, 2 * mm), _units_table(report), *_signature(report)]
    return build_pdf(story, title="Отчёт о подключении к платформе «Сферум»",
                     author=report.organization, progress=progress, expected_pages=2)

