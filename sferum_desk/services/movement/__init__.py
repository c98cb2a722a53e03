"""Movement of people with history: transfers, departures, guardians replaced, new staff,
the new academic year in one step, and erasing the data of people who left long ago.

Every change also puts on the to-do list («Сделать в Сферуме») what the administrator must
now do by hand on the platform. Only people marked as joined get per-person tasks: the
platform knows nobody else.

The package, by area: rows (plain data), common (shared checks), tasks (the to-do),
changes (transfers, departures, guardians, staff), history, new_year, retention, and
service (MovementService composed of them). The names callers import are re-exported here.
"""

from sferum_desk.services.movement.retention import ERASED_COUNTS_KEY, PERSONAL_TABLES
from sferum_desk.services.movement.rows import (
    ACTION_TITLES, GRADUATE, KEEP, PROMOTE, Change, ErasureResult, HistoryRow, LeftPerson,
    NewYearPlan, PersonHistory, PersonMatch, PersonRow, UnitPlan,
)
from sferum_desk.services.movement.service import LONGEST_NAME, MovementService
from sferum_desk.services.movement.tasks import task_name

__all__ = [
    "ACTION_TITLES", "ERASED_COUNTS_KEY", "GRADUATE", "KEEP", "LONGEST_NAME", "PERSONAL_TABLES",
    "PROMOTE", "Change", "ErasureResult", "HistoryRow", "LeftPerson", "MovementService",
    "NewYearPlan", "PersonHistory", "PersonMatch", "PersonRow", "UnitPlan", "task_name",
]
