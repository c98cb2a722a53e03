"""A SQLite file's health, and putting a backup back in its place.

Everything here works on the file itself with the sqlite3 module, so that it also works when
the file is too damaged for the engine and the migrations to open. Nothing here ever writes
to a damaged file: it is probed read-only and, on restore, moved aside intact (with its WAL)
for whoever may try to rescue more from it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

from sferum_desk.db.backup import list_backups
from sferum_desk.db.os_failures import (  # noqa: F401 - os_failure_message kept for callers
    os_failure_message, read_only_mount, read_only_mount_message,
)
from sferum_desk.domain.errors import DatabaseDamaged, UserError

SIDE_FILES = ("-wal", "-shm")  # SQLite's companions of a file in WAL mode
REQUIRED_TABLES = {"alembic_version", "organization", "person", "unit"}
_STAMP = re.compile(r"-(\d{8}-\d{6})(?:-\d{6})?-(.+)$")

REASON_TITLES = {
    "before-import": "перед импортом",
    "before-undo-import": "перед отменой импорта",
    "before-migration": "перед обновлением программы",
    "before-delete": "перед удалением",
    "before-delete-act": "перед удалением документа",
    "before-new-year": "перед новым учебным годом",
    "before-erase": "перед стиранием данных",
    "before-mark-joined": "перед отметкой вступивших",
    "before-mark-signed": "перед отметкой ознакомления",
    "before-annul": "перед аннулированием ссылок",
    "before-mark-handed-out": "перед отметкой выдачи карточек",
    "before-restore": "перед восстановлением из копии",
    "before-repair": "перед исправлением базы",
    "manual": "сохранена вручную",
}


# ---- probing a file ------------------------------------------------------------------------
# The database file is only ever read through SQLite, never with open(): closing any handle
# of a file drops every POSIX lock this process holds on it, so a plain open()/close() next
# to a live connection would let another process checkpoint and delete the WAL index
# under it («disk I/O error», and worse). SQLite shares its locks between its connections.
NOT_A_DATABASE = "not a database"


def _read_only(path: Path, frozen: bool = False) -> sqlite3.Connection:
    """A connection that cannot change the file. A live database may get its -wal/-shm
    created; a `frozen` one (a backup, never written again) is read as it lies, leaving no
    side files behind."""
    frozen = frozen and not Path(f"{path}-wal").exists()  # a file with a journal is live
    options = "mode=ro&immutable=1" if frozen else "mode=ro"
    return sqlite3.connect(f"{path.resolve().as_uri()}?{options}", uri=True)


def file_problems(path: Path, thorough: bool = False, limit: int = 20,
                  frozen: bool = False) -> list[str]:
    """What SQLite finds wrong with the file ([] when it is sound).

    The quick check reads every page (about 50 ms for 30,000 people) and finds overwritten
    or missing pages; the thorough one also compares every index with its table.
    """
    query = f"PRAGMA {'integrity_check' if thorough else 'quick_check'}({int(limit)})"
    try:
        with closing(_read_only(path, frozen)) as connection:
            rows = [row[0] for row in connection.execute(query)]
    except sqlite3.OperationalError as exc:
        if _is_damage(exc):
            return [str(exc)]
        raise  # cannot be read at all: a permission or a drive problem, not damage
    except sqlite3.DatabaseError as exc:  # «database disk image is malformed», «not a database»
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def _is_damage(exc: Exception) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "malformed" in text or NOT_A_DATABASE in text or "corrupt" in text


def is_foreign_file(problems: list[str]) -> bool:
    """SQLite's verdict on a file that is no database at all (or lost its first page)."""
    return any(NOT_A_DATABASE in problem for problem in problems)


def damaged_message(path: Path) -> str:
    return (f"База данных «{path.name}» повреждена: восстановите её из резервной копии "
            "(«Файл → Восстановить из копии» или команда sferum-desk restore).")


def not_database_message(path: Path) -> str:
    return (f"Файл «{path.name}» не является базой Sferum Desk или повреждён: выберите другой "
            "файл или восстановите базу из резервной копии.")


def refuse_damaged(path: Path) -> None:
    """Raise DatabaseDamaged when an existing, non-empty file is not a sound SQLite file."""
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        problems = file_problems(path)
    except sqlite3.Error as exc:
        raise UserError(f"Не удалось прочитать базу данных «{path}»: проверьте, что диск "
                        "подключён и файл доступен.") from exc
    if is_foreign_file(problems):
        raise DatabaseDamaged(not_database_message(path), path)
    if problems:
        raise DatabaseDamaged(damaged_message(path), path)


# ---- whose file it is ----------------------------------------------------------------------
APPLICATION_ID = 0x53464453  # «SFDS» in the SQLite header: a file made by Sferum Desk


def ownership(path: Path) -> str:
    """«ours» (our application_id, or our tables in a file from before it was set), «empty»
    (nothing in it yet) or «foreign» (another program's database)."""
    if not path.exists() or path.stat().st_size == 0:
        return "empty"
    with closing(_read_only(path)) as connection:
        stamp = connection.execute("PRAGMA application_id").fetchone()[0]
        if stamp == APPLICATION_ID:
            return "ours"
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view', 'index', "
            "'trigger') AND name NOT LIKE 'sqlite_%'")}
    if stamp == 0 and not tables:
        return "empty"
    if stamp == 0 and REQUIRED_TABLES <= tables:
        return "ours"
    return "foreign"


def foreign_message(path: Path) -> str:
    return (f"Файл «{path.name}» — база данных другой программы: Sferum Desk не будет её "
            "изменять. Укажите файл базы Sferum Desk или имя нового файла.")


def refuse_foreign(path: Path) -> None:
    """Another program's SQLite file is never changed: not even our tables added to it."""
    try:
        verdict = ownership(path)
    except sqlite3.Error:
        return  # what cannot be read is refuse_damaged's to say
    if verdict == "foreign":
        raise UserError(foreign_message(path))


def stamp_ours(path: Path) -> None:
    """Mark the file as Sferum Desk's (its backups and copies carry the mark with them)."""
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute("PRAGMA busy_timeout=5000")
        if connection.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            connection.execute(f"PRAGMA application_id={APPLICATION_ID}")


# ---- a path SQLite can open ------------------------------------------------------------------
PATH_LIMIT = 512  # bytes: SQLite's longest path on Linux/macOS (its own journal name included)
NAME_LIMIT = 255  # bytes in one name: ext4, and NTFS counts UTF-16 units, fewer than bytes
LONGEST_SIDE = len(".restore-journal")  # the longest companion name beside the database
WINDOWS_MAX_PATH = 260  # UTF-16 units with the final NUL: MAX_PATH, unless long paths are on


def windows_path_limit() -> int | None:
    """MAX_PATH on Windows, where SQLite's CreateFileW and Path.resolve() fail past it (WinError
    206, not a «too long» errno) unless the system and the program both allow long paths."""
    if os.name != "nt":
        return None
    try:
        import ctypes

        enabled = ctypes.WinDLL("ntdll").RtlAreLongPathsEnabled  # Windows 10 1607+
        enabled.restype = ctypes.c_ubyte
        return None if enabled() else WINDOWS_MAX_PATH
    except (OSError, AttributeError):
        return WINDOWS_MAX_PATH


def refuse_long_path(path: Path) -> None:
    """A path SQLite cannot open, or whose companions (-journal, .lock) cannot exist, is said
    as such: not as a missing disk or a file without write rights."""
    full = os.path.abspath(path)
    parts = Path(full).parts
    windows_limit = windows_path_limit()
    too_long = (len(full.encode("utf-8")) + LONGEST_SIDE >= PATH_LIMIT
                or any(len(part.encode("utf-8")) > NAME_LIMIT for part in parts)
                or len(path.name.encode("utf-8")) + LONGEST_SIDE > NAME_LIMIT
                or (windows_limit is not None
                    and len(full.encode("utf-16-le")) // 2 + LONGEST_SIDE >= windows_limit))
    if too_long:
        raise UserError(f"Путь к базе данных «{path.name[:60]}…» слишком длинный: перенесите "
                        "базу в папку ближе к началу диска или сократите имена файла и папок.")


def refuse_unwritable(path: Path) -> None:
    """A database is written at once (and its folder gets the journal): say so at the start,
    not after the user typed a form."""
    folder = path.parent
    if not folder.is_dir():
        raise UserError(f"Папка «{folder}» недоступна: подключите диск или флешку с базой "
                        "данных или выберите другую папку.")
    if read_only_mount(folder):
        raise UserError(read_only_mount_message(folder))
    if path.exists() and not _may(path, os.W_OK):
        raise UserError(f"Файл базы данных «{path.name}» защищён от записи: снимите с него "
                        "атрибут «Только чтение» или скопируйте базу в другую папку.")
    if not _may(folder, os.W_OK | os.X_OK):
        raise UserError(f"В папку «{folder}» нельзя записывать: перенесите базу данных в "
                        "папку, доступную для записи (например, «Документы»).")


def _may(path: Path, mode: int) -> bool:
    """os.access with the rights the program runs with (where the system can tell)."""
    return os.access(path, mode, effective_ids=os.access in os.supports_effective_ids)


def refuse_missing(path: Path) -> None:
    """Before each transaction: a file on a pulled-out USB stick is gone from under us."""
    if not os.path.exists(path):  # False also when the drive refuses to answer
        raise UserError(unavailable_message(path))


def unavailable_message(path: Path) -> str:
    return (f"Файл базы данных «{path}» недоступен: подключите диск или флешку с базой и "
            "повторите.")


def sqlite_failure(exc: Exception, path: Path) -> UserError | None:
    """The Russian sentence for what SQLite said while working, if it is a file problem."""
    text = str(getattr(exc, "orig", exc)).lower()
    if _is_damage(exc):
        return DatabaseDamaged(damaged_message(path), path)
    if "readonly" in text or "read-only" in text:
        return UserError(f"Базу данных «{path.name}» нельзя изменить: файл или папка защищены "
                         "от записи — снимите защиту и повторите.")
    if "disk is full" in text:
        return UserError("На диске с базой данных не осталось места: освободите место и "
                         "повторите.")
    if "disk i/o error" in text or "unable to open" in text:
        return UserError(unavailable_message(path))
    return None


# ---- backups with their dates and counts ---------------------------------------------------
@dataclass(frozen=True)
class BackupInfo:
    """One backup, as the restore chooser shows it."""

    path: Path
    taken_at: dt.datetime
    reason: str  # «перед импортом»
    units: int | None  # classes/groups (the staff room not counted); None if unreadable
    people: int | None
    ok: bool  # it opens and has the tables of a Sferum Desk database

    @property
    def id(self) -> str:  # lists in the GUI key rows by `id`
        return str(self.path)


def backup_taken_at(path: Path) -> tuple[dt.datetime, str]:
    """The time and reason written in the name by `automatic_backup`, else the file time."""
    match = _STAMP.search(path.stem)
    if match:
        with suppress(ValueError):
            when = dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
            return when, REASON_TITLES.get(match.group(2), match.group(2))
    return dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0), ""


def database_counts(path: Path, frozen: bool = True) -> tuple[int, int]:
    """(units, people) in a Sferum Desk file; raises sqlite3.Error when it cannot be read."""
    with closing(_read_only(path, frozen)) as connection:
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not REQUIRED_TABLES <= tables:
            raise sqlite3.DatabaseError("not a Sferum Desk database")
        units = connection.execute(
            "SELECT count(*) FROM unit WHERE kind != 'staff_room'").fetchone()[0]
        people = connection.execute("SELECT count(*) FROM person").fetchone()[0]
    return units, people


def describe_backup(path: Path) -> BackupInfo:
    taken_at, reason = backup_taken_at(path)
    try:
        units, people = database_counts(path)
    except (sqlite3.Error, OSError):
        return BackupInfo(path, taken_at, reason, None, None, False)
    return BackupInfo(path, taken_at, reason, units, people, True)


def backups_of(database: Path, folder: Path) -> list[BackupInfo]:
    """The backups of this database, newest first."""
    if not folder.is_dir():
        return []
    infos = [describe_backup(path) for path in list_backups(folder, database.stem)
             if not path.name.endswith(".part")]
    return sorted(infos, key=lambda info: (info.taken_at, info.path.name), reverse=True)
