"""What a bulk movement (the new year, the erasure) leaves in the database, as plain JSON
text that does not depend on the day the tests run: the rows it added to the history and the
to-do list, and the state of people, enrolments and units afterwards. The golden files beside
this module were written by the one-person-at-a-time code before it was made set-based (#17);
the set-based code must leave exactly the same."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

HERE = Path(__file__).parent


def marks(raw_sql) -> dict[str, int]:
    """The last ids before the operation: only rows after them are the operation's."""
    return {table: raw_sql(f"SELECT COALESCE(MAX(id), 0) FROM {table}")[0][0]
            for table in ("history_event", "platform_task")}


def snapshot(raw_sql, before: dict[str, int], start_year: int) -> str:
    events = [(entity, entity_id, action, _json(details))
              for entity, entity_id, action, details in raw_sql(
                  "SELECT entity, entity_id, action, details FROM history_event "
                  f"WHERE id > {before['history_event']} ORDER BY id")]
    tasks = raw_sql("SELECT kind, description, person_id, unit_id, done_at IS NULL "
                    f"FROM platform_task WHERE id > {before['platform_task']} ORDER BY id")
    state = {
        "events": events,
        "tasks": [[*t[:4], int(t[4])] for t in tasks],  # a boolean on a server, 0/1 in SQLite
        "people": [list(r) for r in raw_sql(
            "SELECT id, left_on, version FROM person ORDER BY id")],
        "enrolments": [list(r) for r in raw_sql(
            "SELECT student_id, unit_id, started_on, ended_on FROM enrolment "
            "ORDER BY student_id, started_on, unit_id")],
        "units": [list(r) for r in raw_sql(
            "SELECT id, name, academic_year_id FROM unit ORDER BY id")],
        "students": [list(r) for r in raw_sql("SELECT id, unit_id FROM student ORDER BY id")],
        "links": [list(r) for r in raw_sql(
            "SELECT guardian_id, student_id FROM guardian_link ORDER BY guardian_id, "
            "student_id")],
    }
    return relative(json.dumps(state, ensure_ascii=False, indent=0, sort_keys=True,
                               default=str), start_year)


def relative(text: str, start_year: int) -> str:
    """Today and the years around the current academic year as words, not numbers."""
    text = text.replace(dt.date.today().isoformat(), "<today>")
    for offset in (3, 2, 1, 0, -1):
        text = text.replace(str(start_year + offset), f"<Y{offset:+d}>")
    return text


def _json(details):
    """JSON text in SQLite, already a dict on a server."""
    return json.loads(details) if isinstance(details, str) else details


def golden(name: str) -> str:
    return (HERE / f"{name}.golden.json").read_text(encoding="utf-8")
