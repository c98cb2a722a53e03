"""Any table file → rows, by content; files that are not tables → one Russian sentence."""

from __future__ import annotations

import datetime as dt
import os
import random

import pytest
import roster_files as rf

from sferum_desk.domain.errors import UserError
from sferum_desk.importers import read_table_file
from sferum_desk.importers.reader import guess_delimiter, sniff_format

ROWS = [["ФИО", "Дата рождения", "Телефон"],
        ["Иванов Иван", dt.date(2015, 3, 4), 89161234567],
        ["Петрова Анна", "01.02.2014", "8 916 111 22 33"]]
TEXT_ROWS = [["ФИО", "Дата рождения", "Телефон"],
             ["Иванов Иван", "04.03.2015", "89161234567"],
             ["Петрова Анна", "01.02.2014", "8 916 111 22 33"]]


@pytest.mark.parametrize("maker, kind", [(rf.xlsx, "xlsx"), (rf.xls, "xls"), (rf.ods, "ods")])
def test_workbooks_read_with_dates_and_numbers(maker, kind):
    book = read_table_file(maker({"5А": ROWS}), f"list.{kind}")
    assert book.file_format == kind
    assert [s.name for s in book.sheets] == ["5А"]
    rows = book.sheets[0].rows
    assert rows[1][:3] == ["Иванов Иван", dt.date(2015, 3, 4), 89161234567.0]
    assert rows[2][1:3] == ["01.02.2014", "8 916 111 22 33"]


def test_xlsm_name_is_read_by_content():
    assert read_table_file(rf.xlsx({"Лист1": ROWS}), "macro.xlsm").file_format == "xlsx"


@pytest.mark.parametrize("encoding, delimiter, bom", [
    ("utf-8", ";", False), ("utf-8", ",", True), ("cp1251", ";", False),
    ("cp1251", ",", False), ("utf-16", "\t", False)])
def test_csv_encodings_and_delimiters(encoding, delimiter, bom):
    book = read_table_file(rf.csv_bytes(TEXT_ROWS, encoding, delimiter, bom), "Список.csv")
    assert book.file_format == "csv"
    assert book.sheets[0].rows == TEXT_ROWS


def test_csv_saved_with_an_xlsx_name_is_read_as_csv(tmp_path):
    path = tmp_path / "список.xlsx"
    path.write_bytes(rf.csv_bytes(TEXT_ROWS, "cp1251", ";"))
    book = read_table_file(path)
    assert book.file_format == "csv" and book.sheets[0].rows[1][0] == "Иванов Иван"


def test_delimiter_is_chosen_by_consistent_columns():
    text = "ФИО;Адрес\nИванов Иван;г. Калуга, ул. Садовая, д. 1\nПетров Пётр;г. Тула, д. 2\n"
    assert guess_delimiter(text) == ";"


def test_hidden_sheets_are_left_out_and_said_so():
    book = read_table_file(rf.xlsx({"5А": ROWS, "Справочник": [["мать"], ["отец"]]},
                                   hidden=("Справочник",)), "x.xlsx")
    assert [s.name for s in book.sheets] == ["5А"]
    assert book.notes == ["Скрытый лист «Справочник» не загружается."]


def _error(data: bytes, name: str = "список.xlsx") -> str:
    with pytest.raises(UserError) as caught:
        read_table_file(data, name)
    message = caught.value.message
    assert message.endswith(".") and "Traceback" not in message
    assert any("а" <= ch <= "я" for ch in message.lower())  # Russian
    return message


def test_garbage_bytes():
    data = random.Random(1).randbytes(20_000)
    assert "не похож на таблицу" in _error(data)


def test_truncated_workbook():
    data = rf.xlsx({"5А": ROWS * 50})
    assert "повреждён или скачан не до конца" in _error(data[: len(data) // 2])


def test_password_protected_workbook():
    assert "защищён паролем" in _error(rf.encrypted_xlsx({"5А": ROWS}))


def test_empty_workbook_and_empty_file():
    assert "нет ни одной заполненной строки" in _error(rf.xlsx({"Лист1": []}))
    assert "пуст" in _error(b"", "пусто.csv")


def test_web_page_saved_as_xls_and_a_word_file():
    assert "веб-страница" in _error(b"<html><table><tr><td>1</td></tr></table></html>", "a.xls")
    import io
    import zipfile
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert "не похож на таблицу" in _error(buffer.getvalue(), "a.docx")


def test_missing_file(tmp_path):
    with pytest.raises(UserError, match="не найден"):
        read_table_file(tmp_path / "нет.xlsx")


def test_sniffing_does_not_trust_the_extension():
    assert sniff_format(rf.xls({"a": ROWS})) == "xls"
    assert sniff_format(rf.ods({"a": ROWS})) == "ods"
    assert sniff_format(rf.encrypted_xlsx({"a": ROWS})) == "encrypted"
    assert sniff_format(os.urandom(10_000)) in ("unknown",)
