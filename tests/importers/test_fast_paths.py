"""The import's fast paths give exactly what the plain ones give (issue 12, speed).

Each shortcut is compared with the straightforward code it replaced, on cells of every kind;
the chunked writer is compared with one big write on a list longer than a chunk.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import shape_files as sf  # noqa: E402

from sferum_desk.domain.errors import UserError  # noqa: E402
from sferum_desk.domain.names import clean_text  # noqa: E402
from sferum_desk.domain.phones import normalise_phone  # noqa: E402
from sferum_desk.importers import values  # noqa: E402
from sferum_desk.importers.reader import _read_bytes, read_table_file  # noqa: E402
from sferum_desk.services.roster_import import writer as roster_writer  # noqa: E402

CELLS = ["", " ", "\u00a0", "\t\n", "Иванов  Иван", " Петрова\u00a0Анна ", "a\x07b", None, 0,
         0.0, 1.5, 89161234567.0, 89161234567, True, False, dt.date(2015, 3, 4),
         dt.datetime(2015, 3, 4), dt.datetime(2015, 3, 4, 10, 30), "0", "—"]
PHONES = ["89161234567", "8 (916) 123-45-67", "+7 916 123 45 67", "9161234567",
          "+7-916-123-45-67", " 8916-123-45-67 ", "84951234567", "+74951234567",
          "8916123456", "12345", "8916 123 45 67, 8903 111 22 33", "89161234567; 89031112233",
          "89161234567 или 89031112233", "89161234567 и 89031112233", "8916/1234567",
          "доб. 123", "+1 202 555 0100", "", "  ", 89161234567.0, 89161234567, None,
          "8\u00a0916\u00a0123\u00a045\u00a067", "8916123456\n"]


def test_row_values_is_the_blank_filter():
    assert values.row_values(CELLS) == [c for c in CELLS if not values.is_blank(c)]


@pytest.mark.parametrize("cell", CELLS)
def test_display_value_of_text_is_clean_text(cell):
    if isinstance(cell, str):
        assert values.display_value(cell) == clean_text(cell)
        assert values.display_value(cell) == values.display_value(cell)  # cached: same again


def _plain_phone(cell) -> str:
    """phone_value as it was: the domain's parser for every value."""
    if values.is_blank(cell):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return normalise_phone(str(cell).strip())


def _plain_first_phone(cell) -> tuple[str, bool]:
    if isinstance(cell, str):
        parts = [p for p in values._PHONE_SPLIT.split(cell) if values._NON_DIGITS.sub("", p)]
        if len(parts) > 1 and all(len(values._NON_DIGITS.sub("", p)) >= 10 for p in parts):
            return _plain_phone(parts[0]), True
    return _plain_phone(cell), False


def _outcome(function, cell):
    try:
        return function(cell)
    except UserError as error:
        return ("refused", error.message)


@pytest.mark.parametrize("cell", PHONES)
def test_first_phone_fast_path_answers_as_the_parser(cell):
    assert _outcome(values.first_phone, cell) == _outcome(_plain_first_phone, cell)
    assert _outcome(values.phone_value, cell) == _outcome(_plain_phone, cell)


def test_file_bytes_are_read_whole(tmp_path):
    for size in (1, 4096, 300_000):
        path = tmp_path / f"f{size}.bin"
        data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
        path.write_bytes(data)
        assert _read_bytes(path) == data


def test_hidden_and_struck_rows_found_with_merged_cells_and_continuations():
    rows = [list(r) for r in sf.CONTINUATION] + [["Скрытов Ян", "01.01.2015", "4А", "Скрытова Ия",
                                                  "мать", "89031116600"],
                                                 ["Зачёркнутова Ия", "02.02.2015", "4А", None,
                                                  None, None]]
    data = sf.styled_xlsx({"4А": rows}, merges={"4А": sf.CONTINUATION_MERGES},
                          hidden_rows={"4А": [7]}, struck_rows={"4А": [8]})
    marks = read_table_file(data, "x.xlsx").sheets[0].marks
    assert (marks.hidden_rows, marks.struck_rows) == ({7}, {8})


# ---- the writer: chunk by chunk == all at once -------------------------------------------
def _list(pupils: int) -> list[list[object]]:
    rows = [["ФИО ребёнка", "Дата рождения", "Класс", "ФИО матери", "Телефон матери",
             "ФИО отца", "Телефон отца"]]
    for n in range(pupils):
        rows.append([f"Ребёнков{'абвгдежз'[n % 8]} Ян{'абвгд'[n % 5]}", f"0{1 + n % 9}.03.2015",
                     f"{1 + n % 3}А", f"Мамина Ия{'абвгдежз'[n % 8]}", f"8916123{n % 7:04d}",
                     f"Папин Ян{'абвгдежз'[n % 8]}", ""])
    # a second child of the first mother, and a continuation row
    rows.append(["Младшая Ия", "01.01.2019", "1А", rows[1][3], rows[1][4], None, None])
    rows.append([None, None, None, None, None, "Отцов Ян", "89031119999"])
    return rows


def _content(services) -> list:
    db = services.db
    with db.unit_of_work() as session:
        from sqlalchemy import text

        return [list(session.execute(text(sql))) for sql in (
            "SELECT id, last_name, first_name, patronymic, name_key, birth_date, phone, email,"
            " left_on, import_batch_id, version FROM person ORDER BY id",
            "SELECT id, person_id, unit_id FROM student ORDER BY id",
            "SELECT id, student_id, unit_id, started_on, ended_on FROM enrolment ORDER BY id",
            "SELECT id, person_id FROM guardian ORDER BY id",
            "SELECT id, guardian_id, student_id, relation FROM guardian_link ORDER BY id",
            "SELECT id, name FROM unit ORDER BY id")]


def _import(services, data: bytes):
    preview = services.roster.inspect(data, "students", "list.xlsx")
    return services.roster.apply(preview)


def test_chunked_writes_store_what_one_write_stores(school, tmp_path, monkeypatch):
    data = sf.styled_xlsx({"Ученики": _list(23)})
    whole = _import(school, data)
    expected = _content(school)
    school.roster.undo_last()
    assert _content(school)[0] == []  # nobody left

    monkeypatch.setattr(roster_writer, "CHUNK", 4)
    progress = []
    preview = school.roster.inspect(data, "students", "list.xlsx")
    chunked = school.roster.apply(preview, progress=lambda d, t, s: progress.append(d))
    assert (chunked.created, chunked.updated) == (whole.created, whole.updated) == (56, 0)
    got = _content(school)
    # the same rows with the same ids; only the batch is the next one
    assert [tuple(r[:9]) + tuple(r[10:]) for r in got[0]] == \
        [tuple(r[:9]) + tuple(r[10:]) for r in expected[0]]
    assert got[1:] == expected[1:]
    # 24 pupils; 23 mothers, 8 fathers (no phone: one per name), the continuation's father;
    # 23 × 2 links, the sister's to her mother and to the father joined from the next row
    assert [len(t) for t in got[:5]] == [56, 24, 24, 32, 48]
    assert progress == sorted(progress) and progress[-1] == 100
    again = _import(school, data)  # an unchanged file again: nothing to write
    assert (again.created, again.updated, again.batch_id) == (0, 0, None)
    school.roster.undo_last()
    assert _content(school)[0] == []


def test_staff_chunked_with_their_platform_roles(school, monkeypatch):
    monkeypatch.setattr(roster_writer, "CHUNK", 2)
    rows = [["ФИО", "Должность", "Телефон"]] + [
        [f"Сидоров{'абвгд'[n]} Ян", "учитель", f"8916000000{n}"] for n in range(5)]
    preview = school.roster.inspect(sf.styled_xlsx({"Сотрудники": rows}), "staff", "s.xlsx")
    assert school.roster.apply(preview).staff.created == 5
    staff = {s.full_name: s for s in school.people.list_staff()}
    assert len([n for n in staff if n.startswith("Сидоров")]) == 5


def test_a_one_shot_preview_lets_its_rows_go_and_plans_the_same(school):
    data = sf.styled_xlsx({"4А": sf.CONTINUATION}, merges={"4А": sf.CONTINUATION_MERGES})
    kept = school.roster.plan(school.roster.inspect(data, "students", "list.xlsx"))
    once = school.roster.inspect(data, "students", "list.xlsx")
    once.read_once = True
    plan = school.roster.apply(once)
    assert {**plan.as_dict(), "dry_run": True, "batch_id": None} == kept.as_dict()
    assert [s.sheet.rows for s in once.layout.sheets] == [[]]
    with pytest.raises(RuntimeError):  # a second use would read no rows: refused
        school.roster.plan(once)
