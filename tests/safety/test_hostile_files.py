"""Issue 14, «A file must not kill the program»: a tiny xlsx declaring a huge sheet, one that
unpacks to gigabytes, /dev/zero and a FIFO are refused with one sentence, exit 1.

The CLI runs in a subprocess with a memory limit and a timeout, so a check that fails can
neither hang nor exhaust the test run; no test allocates gigabytes.
"""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MEMORY_LIMIT = 1536 * 1024 * 1024
TOO_BIG = "Файл слишком большой или повреждён"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>')


def sheet_xml(cells: list[tuple[str, str]], dimension: str = "") -> str:
    rows: dict[int, list[str]] = {}
    for ref, text in cells:
        number = int("".join(ch for ch in ref if ch.isdigit()))
        rows.setdefault(number, []).append(
            f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>')
    body = "".join(f'<row r="{n}">{"".join(c)}</row>' for n, c in sorted(rows.items()))
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
            f'openxmlformats.org/spreadsheetml/2006/main">{dim}<sheetData>{body}</sheetData>'
            '</worksheet>')


def handmade_xlsx(sheet: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def declare_unpacked_size(data: bytes, part: str, size: int) -> bytes:
    """The zip's central directory says `part` unpacks to `size` bytes (a zip bomb's
    directory, without the gigabytes)."""
    out = bytearray(data)
    name = part.encode()
    at = out.find(b"PK\x01\x02")
    while at != -1:
        name_len = struct.unpack_from("<H", out, at + 28)[0]
        if bytes(out[at + 46:at + 46 + name_len]) == name:
            struct.pack_into("<I", out, at + 24, size)  # uncompressed size
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


def memory_limit(limit: int):
    """The subprocess's address space is capped where the system can (RLIMIT_AS, POSIX).
    Windows has no preexec_fn (subprocess refuses it): there the timeout alone bounds a
    check that fails, and the refusals are still asserted."""
    if os.name != "posix":
        return None

    def cap():
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return cap


def run_cli(db: Path, file: str | Path, timeout: float = 60) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "sferum_desk", "--db", str(db), "import",
                           str(file), "--as", "students", "--dry-run"],
                          capture_output=True, encoding="utf-8", timeout=timeout, env=env,
                          preexec_fn=memory_limit(MEMORY_LIMIT))


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "школа.sqlite3"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, "-m", "sferum_desk", "--db", str(path), "init", "--kind",
                    "school", "--name", "Школа"], check=True, capture_output=True, env=env,
                   timeout=120)
    return path


def assert_refused(result: subprocess.CompletedProcess, words: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    assert words in result.stderr
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_two_cells_a2_and_xfd1048576_are_refused_before_reading(db, tmp_path):
    path = tmp_path / "бомба.xlsx"
    path.write_bytes(handmade_xlsx(sheet_xml([("A2", "ФИО"), ("XFD1048576", "x")])))
    assert path.stat().st_size < 4096
    assert_refused(run_cli(db, path), TOO_BIG)


def test_a_declared_dimension_too_large_is_refused(db, tmp_path):
    path = tmp_path / "размер.xlsx"
    path.write_bytes(handmade_xlsx(sheet_xml([("A1", "ФИО"), ("A2", "Иванов Иван")],
                                             dimension="A1:ZZ1048576")))
    assert_refused(run_cli(db, path), TOO_BIG)


def test_a_sheet_that_would_unpack_to_gigabytes_is_refused(db, tmp_path):
    data = handmade_xlsx(sheet_xml([("A1", "ФИО"), ("A2", "Иванов Иван")]))
    path = tmp_path / "распаковка.xlsx"
    path.write_bytes(declare_unpacked_size(data, "xl/worksheets/sheet1.xml", 3 * 1024 ** 3))
    assert_refused(run_cli(db, path), TOO_BIG)


def test_a_normal_handmade_workbook_still_reads(db, tmp_path):
    path = tmp_path / "норма.xlsx"
    path.write_bytes(handmade_xlsx(sheet_xml([("A1", "ФИО"), ("A2", "Иванов Иван")])))
    result = run_cli(db, path)
    assert result.returncode == 0, result.stderr
    assert "created: 1" in result.stdout


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_dev_zero_is_refused(db):
    assert_refused(run_cli(db, "/dev/zero"), "не файл со списком")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_waiting_for_a_writer(db, tmp_path):
    fifo = tmp_path / "канал.xlsx"
    os.mkfifo(fifo)
    assert_refused(run_cli(db, fifo), "не файл со списком")


def test_the_reader_refuses_in_process_too():
    from sferum_desk.domain.errors import UserError
    from sferum_desk.importers import read_table_file

    data = handmade_xlsx(sheet_xml([("A1", "ФИО")], dimension="A1:XFD1048576"))
    with pytest.raises(UserError, match=TOO_BIG):
        read_table_file(data, "x.xlsx")


GUI_SCRIPT = r"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
from sferum_desk.db.engine import open_database
from sferum_desk.services import Services
from sferum_desk.services.dto import OrganizationData
from sferum_desk.ui.import_roster.wizard import ImportWizard, PAGE_FILE
app = QApplication([])
services = Services.over(open_database(sys.argv[1]))
services.organization.save(OrganizationData(kind="school", full_name="Школа"))
wizard = ImportWizard(services)
wizard.show()
wizard.path_edit.setText(sys.argv[2])
wizard.go_next()
print(wizard.pages.currentIndex() == PAGE_FILE, wizard.isVisible())
print(wizard.file_error.text())
"""


def test_the_wizard_says_the_sentence_and_stays_open(tmp_path):
    path = tmp_path / "бомба.xlsx"
    path.write_bytes(handmade_xlsx(sheet_xml([("A2", "ФИО"), ("XFD1048576", "x")])))

    # the script's own prints in UTF-8, as it is read (Windows would use its ANSI code page)
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen",
               PYTHONIOENCODING="utf-8")
    result = subprocess.run([sys.executable, "-c", GUI_SCRIPT, str(tmp_path / "g.sqlite3"),
                             str(path)], capture_output=True, encoding="utf-8", timeout=120,
                            env=env, preexec_fn=memory_limit(MEMORY_LIMIT * 2))
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "True True" and lines[1].startswith(TOO_BIG)
