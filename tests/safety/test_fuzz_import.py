"""The roster import under random workbooks: xlsx with random cells, merged cells, formulas,
error values (#REF!, #N/A), dates in 1900 and 2100, huge numbers; CSV in random encodings and
delimiters; random bytes. Never a traceback: a plan, an import, or one Russian sentence."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from fuzz_text import assert_all_showable, assert_russian_sentence, hostile
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from sferum_desk.domain.errors import UserError

pytestmark = pytest.mark.sqlite_only
EXAMPLES = 150
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])

HEADERS = ["ФИО", "ФИО ребёнка", "Фамилия", "Имя", "Отчество", "Дата рождения", "Класс",
           "Группа", "ФИО матери", "Телефон матери", "ФИО отца", "Телефон", "E-mail",
           "Должность", "№ п/п", "Примечание"]
WORDS = ["Иванова Анна Петровна", "Петров Иван", "ИВАНОВ иван", "5А", "1 Б", "+7 916 123-45-67",
         "89161234567", "01.09.2015", "31.02.2015", "мать", "Учитель", "", " ", "—"]
ERRORS = ["#REF!", "#N/A", "#DIV/0!", "#VALUE!", "#NAME?", "#NULL!", "#NUM!"]
FORMULAS = ["=A1+1", "=1/0", "=#REF!", "=SUM(A:A)", '=HYPERLINK("http://x","y")', "=B2&C2",
            "=NOW()", "=INDIRECT(\"Z999\")"]
DATES = [dt.date(1900, 1, 1), dt.date(1900, 2, 28), dt.date(1900, 3, 1), dt.date(2100, 12, 31),
         dt.datetime(1900, 1, 1, 0, 0), dt.datetime(2100, 12, 31, 23, 59, 59),
         dt.date(2016, 2, 29), dt.time(12, 30)]


def excel_text(text: str) -> str:
    """What openpyxl can write into a cell (no control characters, no lone surrogates)."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return "".join(ch for ch in text if not 0xD800 <= ord(ch) <= 0xDFFF)[:32767]


cell = st.one_of(
    st.none(), st.sampled_from(WORDS), st.sampled_from(HEADERS), st.sampled_from(ERRORS),
    st.sampled_from(FORMULAS), st.sampled_from(DATES), st.dates(), st.booleans(),
    st.integers(-10**20, 10**20), st.floats(allow_nan=False, allow_infinity=False),
    hostile.map(excel_text),
)
sheet_rows = st.lists(st.lists(cell, max_size=8), max_size=14)


@st.composite
def xlsx(draw) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for number in range(draw(st.integers(1, 3))):
        title = excel_text(draw(hostile))
        title = "".join(ch for ch in title if ch not in "[]:*?/\\'")[:31].strip() or "Лист"
        sheet = book.create_sheet(f"{number}{title}"[:31])
        rows = draw(sheet_rows)
        if draw(st.booleans()):  # a header the importer recognises, to get past it
            rows.insert(draw(st.integers(0, 3)), draw(st.lists(st.sampled_from(HEADERS),
                                                               min_size=1, max_size=8)))
        for row in rows:
            sheet.append(row)
        width = max((len(r) for r in rows), default=0)
        for _ in range(draw(st.integers(0, 3))):
            if not rows or not width:
                break
            top = draw(st.integers(1, len(rows)))
            left = draw(st.integers(1, width))
            bottom = draw(st.integers(top, len(rows) + 1))
            right = draw(st.integers(left, width + 1))
            try:
                sheet.merge_cells(start_row=top, start_column=left, end_row=bottom,
                                  end_column=right)
            except ValueError:
                pass  # overlapping merges: openpyxl refuses, so would Excel
        if number and draw(st.integers(0, 3)) == 0:  # the first sheet stays visible
            sheet.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@st.composite
def csv_file(draw) -> bytes:
    rows = draw(st.lists(st.lists(st.one_of(st.sampled_from(WORDS + HEADERS + ERRORS),
                                            hostile), max_size=7), max_size=14))
    if draw(st.booleans()):
        rows.insert(0, draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=7)))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=draw(st.sampled_from([";", ",", "\t", "|"]))).writerows(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1251", "utf-16"]))
    return buffer.getvalue().encode(encoding, errors="ignore" if encoding == "cp1251"
                                    else "surrogatepass")


files = st.one_of(xlsx(), xlsx(), csv_file(), st.binary(max_size=2000),
                  st.builds(lambda head, tail: head + tail,
                            st.sampled_from([b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
                                             b"\xef\xbb\xbf", b"<html>"]),
                            st.binary(max_size=500)))


@FUZZ
@given(data=files, kind=st.sampled_from(["students", "staff"]),
       name=st.sampled_from(["список.xlsx", "список.csv", "список.xls", "список"]),
       apply=st.booleans())
def test_random_workbooks_never_crash_the_import(school, db_path, data, kind, name, apply):
    roster = school.roster
    try:
        preview = roster.inspect(data, kind, source_name=name)
        plan = roster.plan(preview)
        event(f"planned: {plan.rows_read > 0 and 'rows' or 'no rows'}")
        if apply:
            roster.apply(preview)
            event("imported")
    except UserError as error:
        assert_russian_sentence(error)
        event("refused with a sentence")
    assert_all_showable(db_path)
