"""Where each sheet's header is, what its columns mean, and which sheets share a shape.

Sheets whose headers read the same share one *shape*: the user maps a shape once in the
wizard, and the mapping is remembered for the next file of that shape.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from sferum_desk.domain.names import fold
from sferum_desk.domain.units import class_parts
from sferum_desk.importers.fields import (
    auto_fields, has_name, mapping_score, normalise_title, read_title,
)
from sferum_desk.importers.reader import RawSheet, RawWorkbook
from sferum_desk.importers.values import (
    column_numbers, display_value, is_blank, looks_like_a_note, plausible_name,
)

HEADER_SEARCH_ROWS = 40
PREVIEW_ROWS = 8


@dataclass
class SheetLayout:
    sheet: RawSheet
    header_row: int  # 0-based index of the (upper) header row
    data_start: int  # 0-based index of the first row below the header
    titles: list[str]  # one per column, "" for a column without a title
    key: str  # the shape's key

    @property
    def name(self) -> str:
        return self.sheet.name


@dataclass
class Shape:
    """Sheets whose headers read alike, with the automatic mapping of their columns."""

    key: str
    titles: list[str]
    auto: list[str | None]
    sheets: list[str] = field(default_factory=list)
    samples: list[str] = field(default_factory=list)  # first value below each column
    preview: list[list[str]] = field(default_factory=list)  # first data rows as text
    header_row_number: int = 0  # 1-based, on the first sheet of the shape


@dataclass
class Layout:
    kind: str
    sheets: list[SheetLayout]
    shapes: list[Shape]
    skipped_sheets: list[str]  # sheets with no name column
    sheets_are_units: bool  # one sheet per class: the sheet's name is the unit


def text_of(cell: object) -> str:
    return cell.strip() if isinstance(cell, str) else ""


def find_header(rows: list[list[object]], kind: str) -> tuple[int, int, list[str]] | None:
    """(header row, first data row, titles) of the best header in the first rows, if any.

    A header spread over two rows («Мать» merged above «ФИО» and «Телефон») is read as one.
    """
    best: tuple[int, int, int, list[str]] | None = None  # (score, row, data_start, titles)
    for index in range(min(len(rows), HEADER_SEARCH_ROWS)):
        titles = [text_of(c) for c in rows[index]]
        if sum(1 for t in titles if t) == 0:
            continue
        candidates = [(titles, index + 1)]
        if sum(1 for t in titles if t) >= 2:
            candidates += _stacked_headers(rows, index, kind)
        for cand_titles, data_start in candidates:
            fields = auto_fields(cand_titles, kind)
            if not has_name(fields) or not _names_below(rows, data_start, fields):
                continue
            score = mapping_score(fields)
            if best is None or score > best[0]:
                best = (score, index, data_start, cand_titles)
    if best is None:
        return None
    return best[1], best[2], best[3]


def _stacked_headers(rows: list[list[object]], index: int, kind: str
                     ) -> list[tuple[list[str], int]]:
    """The header read over two or three rows from `index` («Сведения о родителях» over
    «Мать | Отец» over «ФИО | Телефон»), each depth only if it says more than the rows
    below it alone."""
    result = []
    combined = [text_of(c) for c in rows[index]]
    for depth in (1, 2):
        below = index + depth
        if below >= len(rows) or not _looks_like_subheader(rows[below]):
            break
        lower = combine_header_rows(rows[index + 1], rows[below]) if depth == 2 else \
            [text_of(c) for c in rows[below]]
        combined = combine_header_rows(combined, rows[below])
        if mapping_score(auto_fields(combined, kind)) > mapping_score(auto_fields(lower, kind)):
            result.append((combined, below + 1))
    return result


NAME_SAMPLE = 40


def _names_below(rows: list[list[object]], data_start: int, fields: list[str | None]) -> bool:
    """A real name column holds names: of its first values, at least half read as ФИО.
    (A summary's «Возраст детей» above «3-4 года» is no name column.)"""
    whole = "full_name" in fields
    column = fields.index("full_name" if whole else "last_name")
    seen = good = 0
    title = fold(display_value(rows[data_start - 1][column])) if data_start and column < len(
        rows[data_start - 1]) else ""
    for row in rows[data_start:data_start + 400]:
        cell = row[column] if column < len(row) else ""
        if is_blank(cell) or _not_a_name_line(row, cell, title):
            continue
        seen += 1
        good += plausible_name(cell, whole)
        if seen >= NAME_SAMPLE:
            break
    return seen == 0 or good * 2 >= seen


def _not_a_name_line(row: list[object], cell: object, title: str) -> bool:
    """Lines the reader passes over anyway: notes, repeated headers, column numbers, totals."""
    values = [c for c in row if not is_blank(c)]
    if column_numbers(values) or fold(display_value(values[0])).startswith(("итого", "всего")):
        return True
    text = display_value(cell)
    return fold(text) == title or looks_like_a_note(text)


def _looks_like_subheader(row: list[object]) -> bool:
    """Second header row: only short titles (ФИО, Телефон…), no dates or numbers."""
    titles = [c for c in row if c not in ("", None)]
    if len(titles) < 2 or any(not isinstance(c, str) for c in titles):
        return False
    return sum(1 for t in titles if read_title(t)[1] not in (None, "number")) >= 2


def combine_header_rows(upper: list[object], lower: list[object]) -> list[str]:
    """«Мать» over «ФИО | Телефон» → «Мать ФИО | Мать Телефон»; merged cells leave the upper
    title in the first column only, so it is carried right over the columns below it."""
    width = max(len(upper), len(lower))
    up = [text_of(c) for c in upper] + [""] * (width - len(upper))
    low = [text_of(c) for c in lower] + [""] * (width - len(lower))
    result, carried = [], ""
    for top, bottom in zip(up, low):
        if top:
            carried = top if bottom else ""
            result.append(f"{top} {bottom}".strip())
        elif bottom:
            result.append(f"{carried} {bottom}".strip())
        else:
            carried = ""
            result.append("")
    return result


def shape_key(kind: str, titles: list[str]) -> str:
    normalised = [normalise_title(t) for t in titles]
    while normalised and not normalised[-1]:
        normalised.pop()
    text = kind + "\x1e" + "\x1f".join(normalised)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


_DEFAULT_SHEET = re.compile(r"^(лист|sheet|list|таблица|page|страница|данные|data)\s*\d*$")
def looks_like_class(name: str) -> bool:
    return class_parts(name) is not None


def analyse(book: RawWorkbook, kind: str) -> Layout:
    """Find each sheet's header; group sheets by shape."""
    sheets, skipped = [], []
    for sheet in book.sheets:
        found = find_header(sheet.rows, kind)
        if found is None:
            skipped.append(sheet.name)
            continue
        header_row, data_start, titles = found
        sheets.append(SheetLayout(sheet, header_row, data_start, titles,
                                  shape_key(kind, titles)))
    shapes: dict[str, Shape] = {}
    for layout in sheets:
        shape = shapes.get(layout.key)
        if shape is None:
            shape = shapes[layout.key] = Shape(
                layout.key, layout.titles, auto_fields(layout.titles, kind),
                header_row_number=layout.header_row + 1)
            _fill_samples(shape, layout)
        shape.sheets.append(layout.name)
    named = [s for s in sheets if not _DEFAULT_SHEET.match(fold(s.name))]
    units = len(sheets) > 1 and len(named) == len(sheets) or (
        len(sheets) == 1 and bool(named) and looks_like_class(named[0].name))
    return Layout(kind, sheets, list(shapes.values()), skipped, units)


def _fill_samples(shape: Shape, layout: SheetLayout) -> None:
    width = len(shape.titles)
    samples = [""] * width
    preview = []
    for row in layout.sheet.rows[layout.data_start:]:
        texts = [display_value(c) for c in row[:width]] + [""] * (width - len(row))
        if not any(texts):
            continue
        if len(preview) < PREVIEW_ROWS:
            preview.append(texts)
        for i, text in enumerate(texts):
            if text and not samples[i]:
                samples[i] = text
        if len(preview) >= PREVIEW_ROWS and all(samples):
            break
    shape.samples, shape.preview = samples, preview
