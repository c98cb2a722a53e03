"""Whose refusal counts, written once: a person's own refusal, or their child's family's (a
family's refusal is kept on the pupil and reaches every parent of the pupil), unless they are
marked as joined after all (they changed their mind).

Plain SQL and plain rows, no ORM: the reports service reads it through a session
(services/refusals.declined_dates) and the command-line coverage through `Database.reading()`
(services/coverage_rows), so both count the same people.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable

OWN_REFUSALS = "SELECT person_id, declined_on FROM refusal"
FAMILY_REFUSALS = ("SELECT g.person_id, r.declined_on FROM guardian g "
                   "JOIN guardian_link gl ON gl.guardian_id = g.id "
                   "JOIN student s ON s.id = gl.student_id "
                   "JOIN refusal r ON r.person_id = s.person_id")
MEMBERS = "SELECT person_id FROM membership"


def refusals_that_count(own: Iterable[tuple[int, dt.date]],
                        families: Iterable[tuple[int, dt.date]],
                        joined: Collection[int]) -> dict[int, dt.date]:
    """Person → the day they (or their family) declined; their own day first."""
    result = dict(own)
    for parent, day in families:
        result.setdefault(parent, day)
    return {pid: day for pid, day in result.items() if pid not in joined}
