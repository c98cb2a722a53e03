"""How many units and people are here today: the status bar asks after every edit, `stats`
asks alone. One query of plain SQL through `Database.reading()`, so that `stats` on a file
starts without SQLAlchemy's ORM or the models (they were most of its second, #17).

Everyone is counted who has a row and has not left: a leaver's `person.left_on` is a day
up to today (few rows, found through its index). Dates are stored as ISO text in SQLite and
as DATE on a server; the ISO literal compares right in both.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sferum_desk.services.dto import Stats

if TYPE_CHECKING:
    from sferum_desk.db.engine import Database

_PEOPLE_TABLES = ("staff", "student", "guardian")  # the Stats fields staff, students, guardians


def _present(table: str, today: str) -> str:
    return (f"(SELECT count(*) FROM {table}) - (SELECT count(*) FROM {table} JOIN person p "
            f"ON p.id = {table}.person_id WHERE p.left_on <= '{today}')")


def counts_sql(today: dt.date) -> str:
    day = today.isoformat()  # a date we made, never user text
    present = ", ".join(_present(table, day) for table in _PEOPLE_TABLES)
    return f"SELECT (SELECT count(*) FROM unit), {present}"


def stats(db: Database, today: dt.date | None = None) -> Stats:
    with db.reading() as read:
        units, staff, students, guardians = read(counts_sql(today or dt.date.today()))[0]
    return Stats(units=units, staff=staff, students=students, guardians=guardians)
