"""Keeping the data safe: the health check, the backups to restore from, and the restore.

`check_database`, `backups_for` and `restore_database` work on a file path and need no
opened database (a damaged file cannot be opened): the CLI and the GUI's start-up recovery
use them. `SafetyService` does the same for the database the app has open.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sferum_desk.db import file_lock
from sferum_desk.db.engine import open_database
from sferum_desk.db.recovery import BackupInfo, backups_of, file_problems, is_foreign_file
from sferum_desk.db.restore import Restored, restore_file
from sferum_desk.domain.errors import DatabaseDamaged, UserError
from sferum_desk.domain.kinds import vocabulary_for
from sferum_desk.paths import backups_dir_for
from sferum_desk.services.base import Service, record

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    """One thing the check found: one Russian sentence saying what is wrong and what to do."""

    severity: str  # error | warning
    text: str
    count: int = 1


# ---- on a file ---------------------------------------------------------------------------
def check_database(target: Path | str, thorough: bool = False) -> list[Finding]:
    """The whole check of a file (or a server): [] when all is well.

    The file is read page by page (quick_check: an overwritten, cut or foreign page); with
    `thorough` every index is also compared with its table (integrity_check, several times
    slower on a large school). A damaged SQLite file gets only the integrity finding: what
    else it holds cannot be trusted until it is restored.
    """
    if isinstance(target, Path):
        if not target.is_file():
            raise UserError(f"Файла базы данных «{target}» нет: проверьте путь.")
        damage = _file_damage(target, thorough)
        if damage:
            return damage
    db = open_database(target, probed=isinstance(target, Path))
    try:
        return SafetyService(db).check(thorough=False)  # the file was just checked
    finally:
        db.close()


def _file_damage(path: Path, thorough: bool = True) -> list[Finding]:
    try:
        problems = file_problems(path, thorough=thorough)
    except sqlite3.Error as exc:
        raise UserError(f"Не удалось прочитать файл «{path}»: проверьте, что диск подключён "
                        "и файл доступен.") from exc
    if not problems:
        return []
    if is_foreign_file(problems):
        return [Finding(ERROR, f"Файл «{path.name}» не является базой Sferum Desk: выберите "
                               "другой файл или восстановите базу из резервной копии.")]
    return [Finding(ERROR, f"Файл базы повреждён (ошибок: {len(problems)}): восстановите базу "
                           "из резервной копии командой sferum-desk restore или в меню "
                           "«Файл → Восстановить из копии».", len(problems))]


def backups_for(database: Path) -> list[BackupInfo]:
    """The backups of a database file, newest first, with their dates and counts."""
    return backups_of(database, backups_dir_for(database))


def restore_database(database: Path, backup: Path) -> Restored:
    """Put a backup in place of the file (closed by the caller) and bring it up to date.

    The file that was there is kept aside untouched: `…-damaged-<time>` when it is damaged,
    `…-before-restore-<time>` otherwise.
    """
    database = Path(database)
    label = "before-restore"
    if database.exists() and _damaged(database):
        label = "damaged"
    with file_lock.exclusive(database):  # never from under a window that has it open
        restored = restore_file(database, Path(backup), label)
    db = open_database(database)  # an older backup is migrated (after a copy of its own)
    try:
        with db.unit_of_work() as session:
            record(session, "database", None, "restored", kept_aside=bool(restored.kept_aside))
    finally:
        db.close()
    return restored


def lock_database(target: Path | str) -> Callable[[], None]:
    """One GUI per database file: hold its lock (UserError naming who has it open) and
    return what releases it. A server database is shared by design: nothing to hold."""
    if not isinstance(target, Path):
        return lambda: None
    file_lock.hold(target)
    return lambda: file_lock.release(target)


def _damaged(path: Path) -> bool:
    try:
        return bool(file_problems(path))
    except sqlite3.Error:
        return False  # unreadable is not damaged: the rename will say what is wrong


# ---- on the open database ---------------------------------------------------------------------
class SafetyService(Service):
    def check(self, thorough: bool = True) -> list[Finding]:
        """Integrity, foreign keys, orphan rows, people without a unit."""
        if self.db.path is not None and thorough:
            damage = _file_damage(self.db.path)
            if damage:
                return damage
        try:
            with self.db.reading() as read:  # plain SQL: `check` starts without the ORM (#17)
                return _foreign_key_findings(self.db, read) + _orphan_findings(read)
        except DatabaseDamaged:
            return _file_damage(self.db.path) if self.db.path else []

    def repair(self) -> int:
        """Remove the records of people without any role (invisible in every list), after a
        backup; returns how many. Other findings need a person's judgement or a restore."""
        from sqlalchemy import select

        from sferum_desk.db.models import Person

        self.db.backup("before-repair")
        with self.db.unit_of_work() as session:
            people = list(session.scalars(select(Person).where(_roleless())))
            for person in people:
                session.delete(person)
            record(session, "database", None, "repaired", roleless_people=len(people))
        return len(people)

    def backups(self) -> list[BackupInfo]:
        if self.db.path is None:
            return []
        return backups_for(self.db.path)

    def restore(self, backup: Path | str) -> Restored:
        """Restore the open file from a backup. The engine's connections are closed first;
        the caller reopens the database (the GUI rebuilds its window)."""
        if self.db.path is None:
            raise UserError("Восстановление из копии работает для файла базы: общую базу на "
                            "сервере восстанавливает её администратор (или команда copy-to).")
        self.db.close()
        return restore_database(self.db.path, Path(backup))


# One NOT IN over the three role tables rather than three lookups per person: the check
# counts them with the SQL below, the repair deletes them with the same condition.
_ROLELESS_SQL = ("person.id NOT IN (SELECT person_id FROM staff UNION ALL SELECT person_id "
                 "FROM student UNION ALL SELECT person_id FROM guardian)")


def _roleless():
    from sqlalchemy import text

    return text(_ROLELESS_SQL)


def _foreign_key_findings(db, read: Callable[[str], list[tuple]]) -> list[Finding]:
    """Rows that point at rows that are gone (only possible after an outside edit or a
    damaged file: the app keeps foreign keys on)."""
    if not db.is_sqlite:
        return []  # a server enforces its keys itself
    broken = Counter(row[0] for row in read("PRAGMA foreign_key_check"))
    return [Finding(ERROR, f"В таблице «{table}» строк со ссылками на несуществующие записи: "
                           f"{count} — восстановите базу из резервной копии, сделанной до "
                           "появления ошибки.", count)
            for table, count in sorted(broken.items())]


def _orphan_findings(read: Callable[[str], list[tuple]]) -> list[Finding]:
    org = read("SELECT kind, vocabulary_overrides FROM organization LIMIT 1")
    if not org:
        return [Finding(WARNING, "В базе нет карточки организации: откройте программу и "
                                 "заполните её.")]
    kind, overrides = org[0]
    if isinstance(overrides, str):  # SQLite keeps JSON as text, a server hands a dict
        overrides = json.loads(overrides)
    words = vocabulary_for(kind, overrides or {})
    roleless, no_unit, childless = read(
        f"SELECT (SELECT count(*) FROM person WHERE {_ROLELESS_SQL}), "
        "(SELECT count(*) FROM student s JOIN person p ON p.id = s.person_id "
        " WHERE s.unit_id IS NULL AND p.left_on IS NULL), "
        "(SELECT count(*) FROM guardian g JOIN person p ON p.id = g.person_id "
        " WHERE p.left_on IS NULL AND NOT EXISTS "
        "  (SELECT 1 FROM guardian_link l WHERE l.guardian_id = g.id))")[0]
    findings = []
    if roleless:
        findings.append(Finding(ERROR, f"Записей о людях без роли (не сотрудник, не "
                                       f"{words.student.lower()}, не родитель): {roleless} — их "
                                       "не видно в списках; восстановите базу из резервной "
                                       "копии или удалите их командой sferum-desk check "
                                       "--repair.", roleless))
    if no_unit:
        findings.append(Finding(WARNING, f"В списке «{words.students}» без указанного "
                                         f"подразделения ({words.unit.lower()}): {no_unit} — "
                                         f"откройте вкладку «{words.students}» и заполните "
                                         "это поле или отметьте выбытие.", no_unit))
    if childless:
        findings.append(Finding(WARNING, f"Родителей, не связанных ни с одним ребёнком: "
                                         f"{childless} — откройте вкладку «Родители» и "
                                         "привяжите их к детям или удалите.", childless))
    return findings
