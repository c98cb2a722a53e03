"""A first import into an (almost) empty school builds the big tables' indexes after their
rows are in (writer._indexes_built_after): the schema after it is the schema before, the
indexes answer, and a cancelled or failed import leaves them as they were."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "importers"))
import roster_files as rf  # noqa: E402
from test_roster_import import inspect  # noqa: E402

from sferum_desk.services.roster_import import ImportCancelled  # noqa: E402
from sferum_desk.services.roster_import import writer  # noqa: E402

pytestmark = pytest.mark.sqlite_only

def _suffix(i: int) -> str:
    return chr(1072 + i % 32) + chr(1072 + i // 32)


ROWS = [["ФИО", "Класс", "ФИО матери", "Телефон матери"]] + [
    [f"Иванов Иван{_suffix(i)}", "2А", f"Иванова Мария{_suffix(i)}", f"8903{i:07d}"]
    for i in range(300)]


def indexes(services) -> list[tuple[str, str]]:
    with sqlite3.connect(services.db.path) as raw:
        return sorted(raw.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'"))


def uses_index(services, sql: str) -> bool:
    with sqlite3.connect(services.db.path) as raw:
        plan = " ".join(str(r) for r in raw.execute("EXPLAIN QUERY PLAN " + sql))
    return "INDEX" in plan


def test_indexes_are_the_same_after_a_bulk_import(school, monkeypatch):
    monkeypatch.setattr(writer, "BULK_INDEX_ROWS", 10)
    before = indexes(school)
    during = []
    students = writer._Writer._students

    def spy(self):
        raw = self.session.connection().connection.driver_connection
        during.append(raw.execute("SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                                  "AND tbl_name = 'person' AND sql IS NOT NULL").fetchone()[0])
        students(self)
    monkeypatch.setattr(writer._Writer, "_students", spy)
    plan = school.roster.apply(inspect(school, rf.xlsx({"Лист1": ROWS})))
    assert plan.students.created == 300 and plan.guardians.created == 300
    assert during == [0]  # dropped while the rows went in
    assert indexes(school) == before
    assert uses_index(school, "SELECT id FROM person WHERE name_key = 'x'")
    assert uses_index(school, "SELECT id FROM guardian_link WHERE student_id = 1")


def test_a_cancelled_bulk_import_keeps_the_indexes(school, monkeypatch):
    monkeypatch.setattr(writer, "BULK_INDEX_ROWS", 10)
    before = indexes(school)
    stages = []
    with pytest.raises(ImportCancelled):
        school.roster.apply(inspect(school, rf.xlsx({"Лист1": ROWS})),
                            progress=lambda done, total, stage: stages.append(stage),
                            cancelled=lambda: "Запись" in stages)
    assert indexes(school) == before
    assert school.people.list_students() == []
