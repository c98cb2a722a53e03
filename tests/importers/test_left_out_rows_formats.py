"""Issue 12: rows hidden or struck through are left out of an .xls and an .ods list too, not
only of an .xlsx (calamine tells none of them; importers/xls_scan.py and ods_scan.py read
the marks from the files themselves). Fixtures written by xlwt and odfpy here, and, where
LibreOffice is installed, the same list as LibreOffice saves it."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import roster_files as rf  # noqa: E402
import shape_files as sf  # noqa: E402
from test_shapes import run  # noqa: E402

from sferum_desk.importers.ods_scan import scan_ods  # noqa: E402
from sferum_desk.importers.xls_scan import scan_xls  # noqa: E402

ROWS = [["№", "ФИО", "Дата рождения", "Класс"], [1, "Видов Ян", "01.01.2016", "3А"],
        [2, "Скрытов Ян", "02.02.2016", "3А"], [3, "Зачёркнутова Ия", "03.03.2016", "3А"],
        [4, "Попов Ян", "04.04.2016", "3А"]]
HIDDEN, STRUCK = 3, 4  # 1-based, as the office numbers them


def xls_with_marks() -> bytes:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("3А")
    struck = xlwt.easyxf("font: struck_out on")
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            # the «№» cell left plain: most of the row's values are struck
            style = struck if r + 1 == STRUCK and c else xlwt.Style.default_style
            sheet.write(r, c, value, style)
    sheet.row(HIDDEN - 1).hidden = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ods_with_marks() -> bytes:
    return rf.ods({"3А": ROWS}, hidden=(HIDDEN,), struck=(STRUCK,))


def saved_by_libreoffice(tmp_path: Path, ext: str) -> bytes:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed here")
    source = tmp_path / "список.xlsx"
    source.write_bytes(sf.styled_xlsx({"3А": ROWS}, hidden_rows={"3А": [HIDDEN]},
                                      struck_rows={"3А": [STRUCK]}))
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", ext, "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    return (tmp_path / f"список.{ext}").read_bytes()


def _left_out(school, data: bytes, ext: str) -> list[tuple[int, str]]:
    dry = run(school, data, name=f"список.{ext}", dry=True)
    assert dry.students.created == 2
    return [(n["row"], n["why"]) for n in dry.as_dict()["left_out_rows"]]


@pytest.mark.parametrize("ext, maker", [("xls", xls_with_marks), ("ods", ods_with_marks)])
def test_hidden_and_struck_rows_are_left_out_and_listed(school, ext, maker):
    assert _left_out(school, maker(), ext) == [(HIDDEN, "hidden"), (STRUCK, "struck")]
    plan = run(school, maker(), name=f"список.{ext}", include_hidden=True)
    assert plan.students.created == 4


@pytest.mark.parametrize("ext", ["xls", "ods"])
def test_as_libreoffice_saves_them(school, tmp_path, ext):
    data = saved_by_libreoffice(tmp_path, ext)
    assert _left_out(school, data, ext) == [(HIDDEN, "hidden"), (STRUCK, "struck")]


def test_scanners_tell_nothing_of_a_plain_list_and_survive_damage():
    import zipfile

    plain_xls = rf.xls({"3А": ROWS})
    assert {k: (v.hidden_rows, v.struck_rows) for k, v in scan_xls(plain_xls).items()} == {
        "3А": (set(), set())}
    assert scan_xls(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600) == {}
    with zipfile.ZipFile(io.BytesIO(rf.ods({"3А": ROWS}))) as archive:
        assert {k: (v.hidden_rows, v.struck_rows)
                for k, v in scan_ods(archive).items()} == {"3А": (set(), set())}
