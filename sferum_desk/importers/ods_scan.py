"""What an .ods file's XML tells and calamine does not: hidden and struck-through rows.

The same marks `xlsx_scan` reads from an .xlsx, so that a list saved by LibreOffice is
imported as the secretary sees it too. content.xml is streamed (iterparse, each row let go
once read); a row repeated many times counts once per repeat only when it holds values.
"""

from __future__ import annotations

import zipfile
from xml.etree import ElementTree

from sferum_desk.importers.xlsx_scan import SheetMarks

_NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
}


def _q(prefix: str, name: str) -> str:
    return f"{{{_NS[prefix]}}}{name}"


TABLE, ROW, COLUMN = _q("table", "table"), _q("table", "table-row"), _q("table", "table-column")
CELL, COVERED = _q("table", "table-cell"), _q("table", "covered-table-cell")
STYLE, TEXT_PROPERTIES = _q("style", "style"), _q("style", "text-properties")
NAME, STYLE_NAME = _q("table", "name"), _q("table", "style-name")
DEFAULT_CELL_STYLE = _q("table", "default-cell-style-name")
ROWS_REPEATED = _q("table", "number-rows-repeated")
COLUMNS_REPEATED = _q("table", "number-columns-repeated")
VISIBILITY = _q("table", "visibility")
VALUE_TYPE = _q("office", "value-type")
STYLE_OWN_NAME, FAMILY = _q("style", "name"), _q("style", "family")
PARENT = _q("style", "parent-style-name")
LINE_THROUGH = _q("style", "text-line-through-style")
MAX_REPEATED_MARKS = 10_000  # a valued row repeated more often is no office list


def scan_ods(archive: zipfile.ZipFile) -> dict[str, SheetMarks]:
    """Sheet name → its hidden and struck-through rows (1-based)."""
    styles: dict[str, tuple[bool | None, str]] = {}  # name → (struck?, parent)
    if "styles.xml" in archive.namelist():
        with archive.open("styles.xml") as part:
            for _, element in ElementTree.iterparse(part):
                if element.tag == STYLE:
                    _remember_style(element, styles)
    with archive.open("content.xml") as part:
        return _SheetsScan(styles).run(part)


def _remember_style(element: ElementTree.Element, styles: dict) -> None:
    if element.get(FAMILY) != "table-cell":
        return
    struck = None
    for props in element.iter(TEXT_PROPERTIES):
        line = props.get(LINE_THROUGH)
        if line is not None:
            struck = line != "none"
    styles[element.get(STYLE_OWN_NAME, "")] = (struck, element.get(PARENT, ""))


def _is_struck(name: str, styles: dict, depth: int = 0) -> bool:
    struck, parent = styles.get(name, (None, ""))
    if struck is not None or not parent or depth > 8:
        return bool(struck)
    return _is_struck(parent, styles, depth + 1)


class _SheetsScan:
    def __init__(self, styles: dict):
        self.styles = styles
        self.struck_names: dict[str, bool] = {}
        self.marks: dict[str, SheetMarks] = {}
        self.sheet = SheetMarks()
        self.row = 0
        self.columns: list[tuple[int, str]] = []  # (repeat, default cell style)
        self._start_row(None)

    def run(self, part) -> dict[str, SheetMarks]:
        for event, element in ElementTree.iterparse(part, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == TABLE:
                    self.sheet = self.marks.setdefault(element.get(NAME, ""), SheetMarks())
                    self.row, self.columns = 0, []
                elif tag == ROW:
                    self._start_row(element)
                continue
            if tag in (CELL, COVERED):
                self._cell(element)
            elif tag == ROW:
                self._end_row()
                element.clear()
            elif tag == COLUMN:
                self.columns.append((int(element.get(COLUMNS_REPEATED, "1")),
                                     element.get(DEFAULT_CELL_STYLE, "")))
            elif tag == STYLE:
                _remember_style(element, self.styles)
        return self.marks

    def _start_row(self, element: ElementTree.Element | None) -> None:
        get = element.get if element is not None else (lambda _k, d=None: d)
        self.repeat = int(get(ROWS_REPEATED, "1"))
        self.hidden = get(VISIBILITY, "visible") in ("collapse", "filter")
        self.row_style = get(DEFAULT_CELL_STYLE, "")
        self.column = self.valued = self.struck = 0

    def _cell(self, element: ElementTree.Element) -> None:
        repeat = int(element.get(COLUMNS_REPEATED, "1"))
        if len(element) or element.get(VALUE_TYPE):  # a text:p or a typed value
            style = element.get(STYLE_NAME) or self.row_style or self._column_style()
            self.valued += repeat
            if style and self._struck(style):
                self.struck += repeat
        self.column += repeat

    def _column_style(self) -> str:
        start = 0
        for repeat, style in self.columns:
            if self.column < start + repeat:
                return style
            start += repeat
        return ""

    def _struck(self, style: str) -> bool:
        known = self.struck_names.get(style)
        if known is None:
            known = self.struck_names[style] = _is_struck(style, self.styles)
        return known

    def _end_row(self) -> None:
        if self.valued and self.repeat <= MAX_REPEATED_MARKS:
            rows = range(self.row + 1, self.row + self.repeat + 1)
            if self.hidden:
                self.sheet.hidden_rows.update(rows)
            if self.struck * 2 > self.valued:  # most values: the «№» cell is often plain
                self.sheet.struck_rows.update(rows)
        self.row += self.repeat
