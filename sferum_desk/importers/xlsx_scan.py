"""What the xlsx XML tells and calamine does not: a sheet's real size, hidden and
struck-through rows.

Run on the zip before calamine reads it, in a bounded way (the zip directory's sizes, then
each sheet streamed in chunks): a 2 KB file whose cells are A2 and XFD1048576, or one that
unpacks to gigabytes, is refused here instead of making the reader allocate it.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from operator import itemgetter
from posixpath import dirname, join, normpath

from sferum_desk.domain.errors import UserError

MAX_UNPACKED_BYTES = 400 * 1024 * 1024  # all parts together; a 100,000-row list is ~40 MB
MAX_COLUMNS = 1024
MAX_CELLS = 6_000_000  # rows × columns the reader would lay out (from A1)
CHUNK = 1 << 20
TOO_BIG = "Файл слишком большой или повреждён: {why}; сохраните в Excel только сам список."

_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*>')
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_REL = re.compile(rb'<(?:\w+:)?Relationship\b[^>]*>')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*\bref="([A-Z]*)(\d*)(?::([A-Z]*)(\d*))?"')
_ROW = re.compile(rb'<(?:\w+:)?row\b([^>]*)>')
# The size bounds' two patterns start with a literal (the regex engine then skips ahead in
# C: four times faster on 800,000 cells). `r="A1"` outside a cell (a hyperlink's `ref`) is
# a cell address too, so it can only make the bound stricter, never looser.
_ROW_NUMBER = re.compile(rb'row\b[^>]*?\sr="(\d*)"')  # <row …>, <x:row …>; as _ATTR reads «r»
_CELL_REF = re.compile(rb'r="([A-Z]{1,4})(\d{1,8})"')
_STYLED_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="[A-Z]{1,4}(\d{1,8})"[^>]*?\bs="(\d+)"'
                          rb'[^>]*?(/?)>')
_FONTS = re.compile(rb'<(?:\w+:)?fonts\b.*?</(?:\w+:)?fonts>', re.S)
_FONT = re.compile(rb'<(?:\w+:)?font\b(?:[^>]*/>|.*?</(?:\w+:)?font>)', re.S)
_STRIKE = re.compile(rb'<(?:\w+:)?strike\b(?![^>]*val="(?:0|false)")')
_CELL_XFS = re.compile(rb'<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs>', re.S)
_XF = re.compile(rb'<(?:\w+:)?xf\b([^>]*)>')


@dataclass
class SheetMarks:
    hidden_rows: set[int] = field(default_factory=set)  # 1-based
    struck_rows: set[int] = field(default_factory=set)  # rows whose every value is struck


def column_number(letters: bytes | str) -> int:
    number = 0
    for ch in letters if isinstance(letters, str) else letters.decode():
        number = number * 26 + (ord(ch) - 64)
    return number


def check_zip_sizes(archive: zipfile.ZipFile) -> None:
    """The zip directory's uncompressed sizes, before anything is unpacked."""
    total = sum(info.file_size for info in archive.infolist())
    if total > MAX_UNPACKED_BYTES:
        raise UserError(TOO_BIG.format(
            why=f"в распакованном виде он занял бы {total // (1024 * 1024)} МБ"))


def scan_xlsx(archive: zipfile.ZipFile) -> dict[str, SheetMarks]:
    """Sheet name → its hidden and struck-through rows; refuses a sheet too large to read."""
    check_zip_sizes(archive)
    struck_styles = _struck_styles(archive)
    marks = {}
    for name, path in _sheet_paths(archive).items():
        marks[name] = _scan_sheet(archive, path, name, struck_styles)
    return marks


def _read_part(archive: zipfile.ZipFile, path: str, limit: int = 64 * 1024 * 1024) -> bytes:
    try:
        with archive.open(path) as part:
            return part.read(limit)
    except KeyError:
        return b""


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    workbook = _read_part(archive, "xl/workbook.xml")
    rels = _read_part(archive, "xl/_rels/workbook.xml.rels")
    targets = {}
    for tag in _REL.findall(rels):
        attrs = dict(_ATTR.findall(tag))
        target = attrs.get(b"Target", b"").decode("utf-8", "replace")
        if target.startswith("/"):
            path = target.lstrip("/")
        else:
            path = normpath(join(dirname("xl/workbook.xml"), target))
        targets[attrs.get(b"Id", b"")] = path
    result = {}
    for tag in _SHEET.findall(workbook):
        attrs = dict(_ATTR.findall(tag))
        rid = next((v for k, v in attrs.items() if k.endswith(b":id")), b"")
        name = _unescape(attrs.get(b"name", b"").decode("utf-8", "replace"))
        if rid in targets:
            result[name] = targets[rid]
    return result


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def _struck_styles(archive: zipfile.ZipFile) -> set[bytes]:
    """Indices (as written in `s="…"`) of the cell formats whose font is struck through."""
    styles = _read_part(archive, "xl/styles.xml")
    fonts_block = _FONTS.search(styles)
    if fonts_block is None:
        return set()
    struck_fonts = {str(i).encode() for i, font in enumerate(_FONT.findall(fonts_block.group()))
                    if _STRIKE.search(font)}
    if not struck_fonts:
        return set()
    xfs_block = _CELL_XFS.search(styles)
    if xfs_block is None:
        return set()
    result = set()
    for index, attrs in enumerate(_XF.findall(xfs_block.group())):
        font = dict(_ATTR.findall(attrs)).get(b"fontId", b"0")
        if font in struck_fonts:
            result.add(str(index).encode())
    return result


class _SheetScan:
    def __init__(self, name: str, struck_styles: set[bytes]):
        self.name = name
        self.struck_styles = struck_styles
        self.max_row = 0
        self.columns: set[bytes] = set()
        self.marks = SheetMarks()
        self.struck_cells: dict[int, int] = {}
        self.valued_cells: dict[int, int] = {}

    def feed(self, text: bytes) -> None:
        # C-level passes over the chunk: a 100,000-row sheet has 800,000 cells
        if b"hidden" in text:
            for attrs in _ROW.findall(text):
                row_attrs = dict(_ATTR.findall(attrs))
                if row_attrs.get(b"hidden") in (b"1", b"true"):
                    self.marks.hidden_rows.add(int(row_attrs.get(b"r", b"0") or 0))
        numbers = _ROW_NUMBER.findall(text)
        if numbers:
            self.max_row = max(self.max_row, max(map(int, filter(None, numbers)), default=0))
        refs = _CELL_REF.findall(text)
        if refs:
            self.columns.update(map(itemgetter(0), refs))
            self.max_row = max(self.max_row, max(map(int, map(itemgetter(1), refs))))
        if self.struck_styles:
            for number, style, empty in _STYLED_CELL.findall(text):
                if empty:  # a formatted empty cell says nothing about the row
                    continue
                if style in self.struck_styles:
                    row = int(number)
                    self.struck_cells[row] = self.struck_cells.get(row, 0) + 1
        self.check()

    def count_values(self, text: bytes) -> None:
        """Rows with struck cells: how many valued cells they have (all struck = row struck)."""
        for number in re.findall(rb'<(?:\w+:)?c\b[^>]*?\br="[A-Z]{1,4}(\d{1,8})"[^>]*?[^/]>',
                                 text):
            row = int(number)
            if row in self.struck_cells:
                self.valued_cells[row] = self.valued_cells.get(row, 0) + 1

    def check(self) -> None:
        width = max((column_number(c) for c in self.columns), default=0)
        if width > MAX_COLUMNS:
            raise UserError(TOO_BIG.format(
                why=f"на листе «{self.name}» заполнен столбец № {width}"))
        if self.max_row * max(width, 1) > MAX_CELLS:
            raise UserError(TOO_BIG.format(
                why=f"на листе «{self.name}» {self.max_row} строк по {width} столбцов"))


def _scan_sheet(archive: zipfile.ZipFile, path: str, name: str,
                struck_styles: set[bytes]) -> SheetMarks:
    scan = _SheetScan(name, struck_styles)
    try:
        part = archive.open(path)
    except KeyError:
        return scan.marks
    tail = b""
    with part:
        head = part.read(4096)
        _check_dimension(head, name)
        buffer = head
        while True:
            chunk = part.read(CHUNK)
            buffer = tail + buffer + chunk
            cut = buffer.rfind(b">") + 1  # never split a tag between two chunks
            text, tail = buffer[:cut], buffer[cut:]
            scan.feed(text)
            if scan.struck_cells:
                scan.count_values(text)
            buffer = b""
            if not chunk:
                break
            if len(tail) > CHUNK:  # a "tag" longer than a megabyte: not a sheet
                raise UserError(TOO_BIG.format(why=f"лист «{name}» не читается"))
    # struck through: most of the row's values (the «№» cell is often left plain)
    scan.marks.struck_rows = {row for row, count in scan.struck_cells.items()
                              if count * 2 > scan.valued_cells.get(row, count)}
    return scan.marks


def _check_dimension(head: bytes, name: str) -> None:
    """The declared size (`<dimension ref="A1:H10001"/>`), when the sheet says it."""
    match = _DIMENSION.search(head)
    if match is None:
        return
    last_col = match.group(3) or match.group(1)
    last_row = match.group(4) or match.group(2)
    width = column_number(last_col) if last_col else 1
    rows = int(last_row) if last_row else 1
    if width > MAX_COLUMNS or rows * width > MAX_CELLS:
        raise UserError(TOO_BIG.format(
            why=f"лист «{name}» объявлен размером {rows} строк на {width} столбцов"))
