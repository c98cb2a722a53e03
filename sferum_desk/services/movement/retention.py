"""Erasing for good the data of people who left long ago (the file-level work is
db/erasure.py's, the rows services/erasure.py's)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from sferum_desk.db.erasure import ErasureNotFinished, note_pending, scrub_backups
from sferum_desk.db.erasure import finish as finish_erasure
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.names import sort_key
from sferum_desk.services.base import Service, record
from sferum_desk.services.erasure import ROLE_TITLES, erase_people, left_before
from sferum_desk.services.movement.rows import ErasureResult, LeftPerson
from sferum_desk.services.organization import get_org

# Tables that hold personal data or text about people: rewritten after an erasure.
PERSONAL_TABLES = ("person", "staff", "student", "guardian", "guardian_link", "enrolment",
                   "membership", "slip", "acknowledgement", "platform_task", "import_batch",
                   "not_duplicate_pair", "history_event", "refusal", "platform_account")
ERASED_COUNTS_KEY = "erased_counts"  # Organization.settings: anonymous totals of erased people


class RetentionMixin(Service):
    # ---- retention --------------------------------------------------------------------
    def retention_candidates(self, days: int, today: dt.date | None = None) -> list[LeftPerson]:
        """People who left more than `days` days ago: their data may now be erased.
        `days=0` means everyone who has left, today's leavers included."""
        if days < 0:
            raise UserError("Срок хранения не может быть отрицательным: укажите число дней.",
                            field="days")
        today = today or dt.date.today()
        try:
            limit = today - dt.timedelta(days=days)
        except OverflowError:  # a million days: before anyone could have left
            limit = dt.date.min
        with self.db.unit_of_work() as session:
            rows = [LeftPerson(pid, name, ROLE_TITLES[role], left_on) for pid, name, role, left_on
                    in left_before(session, limit, inclusive=days == 0)]
        return sorted(rows, key=lambda r: (r.left_on, sort_key(r.full_name)))

    def erase_left(self, days: int, today: dt.date | None = None,
                   prepare: Callable[[Session, list[LeftPerson]], None] | None = None
                   ) -> ErasureResult:
        """Erase for good the people who left more than `days` days ago.

        Only anonymous counts stay (Organization.settings["erased_counts"]). The file is then
        rebuilt (VACUUM), the journal emptied and both checked to hold no byte of the names;
        the safety backup taken first is removed, and the older backups that still hold
        these people are rewritten without them (db/erasure.py). What cannot be finished
        now (another program reading the file) is said, and finished at the next start.
        `prepare(session, candidates)` runs in the erasure's transaction while the names are
        still there (the destruction act, services/destruction.py).
        """
        candidates = self.retention_candidates(days, today)
        if not candidates:
            raise UserError(_nothing_to_erase(days))
        safety = self.db.backup("before-erase")
        with self.db.unit_of_work() as session:
            if prepare is not None:
                prepare(session, candidates)
            counts, erased = erase_people(session, [row.person_id for row in candidates])
            _add_erased_counts(session, counts)
            record(session, "retention", None, "erased", days=days, **counts)
            if self.db.path is not None:  # committed together with the erasure
                note_pending(self.db.path, safety, erased)
        scrubbed = self._finish_erasure(safety, erased)
        return ErasureResult(len(candidates), counts["students"], counts["staff"],
                             counts["guardians"], 0, scrubbed)

    def erased_counts(self) -> dict[str, int]:
        with self.db.unit_of_work() as session:
            settings = get_org(session).settings or {}
            return {k: int(v) for k, v in (settings.get(ERASED_COUNTS_KEY) or {}).items()}

    def _finish_erasure(self, safety, erased) -> int:
        """Rewrite the storage so deleted rows leave no bytes behind.

        SQLite: db/erasure.finish (compaction, the journal, the backups), verified.
        PostgreSQL: VACUUM FULL rewrites the tables that held people (the server's own
        write-ahead log is recycled by the server); the safety copy is then removed and the
        server's SQLite copies on this PC are scrubbed the same way.
        """
        if self.db.path is not None:
            self.db.engine.dispose()  # no pooled connection may hold an old snapshot
            try:
                return finish_erasure(self.db.path, self.db.backups_dir, erased.forms)
            except sqlite3.Error as exc:
                raise ErasureNotFinished(_erasure_retry()) from exc
        try:
            with self.db.engine.connect().execution_options(
                    isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("VACUUM FULL " + ", ".join(PERSONAL_TABLES))
        except SQLAlchemyError as exc:
            raise UserError(_erasure_retry()) from exc
        if safety is not None:
            safety.unlink(missing_ok=True)
        from sferum_desk.db.transfer import backup_stem  # the server's copies on this PC

        return scrub_backups(self.db.backups_dir, backup_stem(self.db),
                             list(zip(erased.ids, erased.digests)))


def _nothing_to_erase(days: int) -> str:
    if days == 0:
        return "Нет выбывших людей: стирать нечего."
    return f"Нет людей, выбывших больше {days} дн. назад: стирать нечего."


def _erasure_retry() -> str:
    return ("Данные стёрты, но место в базе не удалось очистить: закройте другие копии "
            "программы и повторите стирание.")


def _add_erased_counts(session: Session, counts: dict[str, int]) -> None:
    org = get_org(session)
    settings = dict(org.settings or {})
    erased = dict(settings.get(ERASED_COUNTS_KEY) or {})
    for key, value in counts.items():
        erased[key] = int(erased.get(key, 0)) + value
    settings[ERASED_COUNTS_KEY] = erased
    org.settings = settings
