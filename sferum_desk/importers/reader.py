"""Any table file → plain rows. The format is chosen by content, never by the extension.

xlsx/xlsm/xls/ods go through python-calamine (fast, reads all three); text goes through the
csv module after guessing the encoding (UTF-8, UTF-16 or Windows-1251) and the delimiter.
"""

from __future__ import annotations

import csv
import io
import os
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import python_calamine

from sferum_desk.domain.errors import UserError
from sferum_desk.importers.ods_scan import scan_ods
from sferum_desk.importers.xls_scan import scan_xls
from sferum_desk.importers.xlsx_scan import TOO_BIG, SheetMarks, check_zip_sizes, scan_xlsx

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and encrypted .xlsx containers
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
MAX_FILE_BYTES = 200 * 1024 * 1024

SAVE_AGAIN = "откройте его в Excel и сохраните как «Книга Excel (.xlsx)» или CSV"


@dataclass
class RawSheet:
    """One sheet's cells as read: str, float, int, bool, date/datetime; "" for an empty cell.

    `rows[i]` is the file's row number i + 1 (empty rows above the data are kept).
    """

    name: str
    rows: list[list[object]]
    marks: SheetMarks = field(default_factory=SheetMarks)  # hidden / struck rows (xlsx)


@dataclass
class RawWorkbook:
    file_format: str  # "xlsx" | "xls" | "ods" | "csv"
    sheets: list[RawSheet]
    source_name: str = ""
    notes: list[str] = field(default_factory=list)  # e.g. hidden sheets that were left out


def source_bytes(source: Path | str | bytes, source_name: str, wanted: str
                 ) -> tuple[bytes, str]:
    """The bytes of a file (or the bytes given) and the name to show; an empty one is refused
    with «выберите `wanted`»."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        source_name = source_name or path.name
        data = _read_bytes(path)
    else:
        data = bytes(source)
    if not data.strip():
        raise UserError(f"Файл «{source_name}» пуст: выберите {wanted}.")
    return data, source_name


def read_table_file(source: Path | str | bytes, source_name: str = "") -> RawWorkbook:
    """Read a file (or its bytes) into rows; a file that is not a table raises UserError."""
    data, source_name = source_bytes(source, source_name, "файл со списком")
    book = _read_by_content(data, source_name)
    book.source_name = source_name
    book.sheets = [s for s in book.sheets if _has_values(s.rows)]
    if not book.sheets:
        raise UserError(f"В файле «{source_name}» нет ни одной заполненной строки: выберите "
                        "файл со списком.")
    return book


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, read in a bounded way; only a regular file is read (a device such
    as /dev/zero or a FIFO would never end or never start)."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            raise UserError(f"«{path.name}» — не файл со списком, а устройство или канал: "
                            "выберите обычный файл Excel, ODS или CSV.")
        if info.st_size > MAX_FILE_BYTES:
            raise UserError(f"Файл «{path.name}» слишком большой для списка: выберите файл "
                            "меньше 200 МБ.")
        with open(path, "rb") as handle:
            # the size it has (a buffer of 200 MB for every file would be asked otherwise),
            # then whatever it grew by, up to the limit
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += handle.read(MAX_FILE_BYTES + 1 - len(data))
        if len(data) > MAX_FILE_BYTES:  # it grew while we looked
            raise UserError(TOO_BIG.format(why="он больше 200 МБ"))
        return data
    except FileNotFoundError:
        raise UserError(f"Файл «{path}» не найден: проверьте путь.") from None
    except IsADirectoryError:
        raise UserError(f"«{path}» — это папка: выберите файл со списком.") from None
    except PermissionError:
        raise UserError(f"Нет доступа к файлу «{path.name}»: закройте его в Excel и "
                        "повторите.") from None
    except OSError:
        raise UserError(f"Не удалось прочитать файл «{path.name}»: проверьте, что он "
                        "доступен.") from None


def sniff_format(data: bytes) -> str:
    """'xlsx', 'ods', 'xls', 'encrypted', 'csv', 'html' or 'unknown' — by content."""
    if data.startswith(ZIP_MAGICS):
        return _zip_kind(data)
    if data.startswith(OLE_MAGIC):
        return "encrypted" if ENCRYPTED_MARK in data else "xls"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")):
        return "html"
    if head.startswith(b"%pdf"):
        return "unknown"
    return "csv" if decode_text(data) is not None else "unknown"


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
                return "xlsx"
            if "content.xml" in names and "mimetype" in names:
                mimetype = archive.read("mimetype")
                return "ods" if b"spreadsheet" in mimetype else "unknown"
    except (zipfile.BadZipFile, OSError, EOFError, KeyError):
        return "broken"
    return "unknown"


def _read_by_content(data: bytes, name: str) -> RawWorkbook:
    kind = sniff_format(data)
    if kind in ("xlsx", "xls", "ods"):
        return _read_workbook(data, kind, name)
    if kind == "csv":
        return RawWorkbook("csv", [RawSheet(Path(name).stem or "CSV", read_csv_rows(data))])
    if kind == "encrypted":
        raise UserError(f"Файл «{name}» защищён паролем: откройте его в Excel, снимите пароль "
                        "(Файл → Сведения → Защитить книгу) и сохраните заново.")
    if kind == "broken":
        raise UserError(f"Файл «{name}» повреждён или скачан не до конца: {SAVE_AGAIN}.")
    if kind == "html":
        raise UserError(f"Файл «{name}» — веб-страница, а не таблица Excel: {SAVE_AGAIN}.")
    raise UserError(f"Файл «{name}» не похож на таблицу: выберите файл Excel (.xlsx, .xls), "
                    "OpenDocument (.ods) или CSV.")


def _read_workbook(data: bytes, kind: str, name: str) -> RawWorkbook:
    marks = _check_size(data, kind, name)
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets, notes = [], []
        for meta in book.sheets_metadata:
            if str(meta.typ).endswith("ChartSheet"):
                continue
            if not str(meta.visible).endswith(".Visible"):
                notes.append(f"Скрытый лист «{meta.name}» не загружается.")
                continue
            sheet = book.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            sheets.append(RawSheet(meta.name, rows if isinstance(rows, list) else list(rows),
                                   marks.get(meta.name) or SheetMarks()))
    except python_calamine.PasswordError:
        raise UserError(f"Файл «{name}» защищён паролем: откройте его в Excel, снимите пароль "
                        "и сохраните заново.") from None
    except (python_calamine.CalamineError, ValueError, OSError, RuntimeError):
        # calamine's Zip/Xml/format errors: a truncated or damaged file
        raise UserError(f"Файл «{name}» повреждён или скачан не до конца: {SAVE_AGAIN}."
                        ) from None
    except MemoryError:
        raise UserError(TOO_BIG.format(why="на его чтение не хватило памяти")) from None
    return RawWorkbook(kind if kind != "xlsx" else "xlsx", sheets, notes=notes)


def _check_size(data: bytes, kind: str, name: str) -> dict[str, SheetMarks]:
    """Refuse a workbook too large to read before the reader lays it out in memory; for
    xlsx, ods and xls also learn its hidden and struck-through rows."""
    if kind == "xls":
        return scan_xls(data)
    if kind not in ("xlsx", "ods"):
        return {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if kind == "ods":
                check_zip_sizes(archive)
                return scan_ods(archive)
            return scan_xlsx(archive)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError,
            KeyError, ElementTree.ParseError):
        raise UserError(f"Файл «{name}» повреждён или скачан не до конца: {SAVE_AGAIN}."
                        ) from None


# ---- text files --------------------------------------------------------------------
def decode_text(data: bytes) -> str | None:
    """The file as text (UTF-8/UTF-16 with BOM, UTF-8, else Windows-1251), or None for
    binary garbage."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    elif b"\x00" in data[:65536]:
        return None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1251")
            except UnicodeDecodeError:
                return None
    return text if _looks_like_text(text) else None


def _looks_like_text(text: str) -> bool:
    sample = text[:65536]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\r\n")
    return controls <= len(sample) / 200


def read_csv_rows(data: bytes) -> list[list[object]]:
    text = decode_text(data)
    if text is None:
        raise UserError("Файл не похож на таблицу: выберите файл Excel или CSV.")
    delimiter = guess_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [[cell for cell in row] for row in reader]
    except csv.Error as exc:
        if "field larger than field limit" in str(exc) and _huge_cell(text, delimiter):
            raise UserError("В файле CSV есть ячейка длиннее 131 072 знаков — в списке людей "
                            f"таких не бывает: проверьте, тот ли это файл, или {SAVE_AGAIN}.") \
                from None
        # an unclosed quote swallowed the rest of the file into one cell
        raise UserError("Файл CSV не удалось разобрать на строки и столбцы (вероятно, "
                        f"незакрытая кавычка): {SAVE_AGAIN}.") from None


def _huge_cell(text: str, delimiter: str) -> bool:
    """A cell of over 128 K characters with every quote closed, even with quotes taken as
    plain text (else an unclosed quote swallowed the rest of the file)."""
    if text.count('"') % 2:
        return False
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter,
                            quoting=csv.QUOTE_NONE):
            pass
    except csv.Error:
        return True
    return False


def guess_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most equal-width rows."""
    lines = [line for line in text.splitlines()[:60] if line.strip()]
    best, best_score = ";", (0, 0)
    for delimiter in (";", "\t", ",", "|"):
        try:
            widths = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        wide = [w for w in widths if w > 1]
        if not wide:
            continue
        mode = max(set(wide), key=wide.count)
        score = (sum(1 for w in wide if w == mode), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _has_values(rows: list[list[object]]) -> bool:
    return any(cell not in ("", None) and str(cell).strip() for row in rows for cell in row)
