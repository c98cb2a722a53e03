"""Putting a backup in the place of a database file, atomically, and finishing one cut short.

The steps, each safe to be killed after:
1. the backup is copied (sqlite3 backup API) and verified as `<db>.restoring`;
2. the current file (with its -wal) is copied aside intact, `…-before-restore-<time>`;
3. `<db>.restore-journal` names that copy: from here on the restore is finished, not undone;
4. the current file's -wal/-shm go (their content is in the copy aside, and a journal left
   beside the new file would be replayed into it), then ONE os.replace puts the new file on
   the live name, and the journal note is removed.
At every moment the live name holds a whole database: the old one or the restored one. On
the next start `finish_interrupted_restore` completes a restore noted in step 3 and throws
away the leftovers of one cut short before it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import sqlite3
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

from sferum_desk.db import file_lock
from sferum_desk.db.backup import backup_stem
from sferum_desk.db.recovery import (
    SIDE_FILES, _read_only, database_counts, file_problems, refuse_unwritable,
)
from sferum_desk.domain.errors import UserError

log = logging.getLogger(__name__)

RESTORING = ".restoring"
JOURNAL = ".restore-journal"
PART = ".part"
# Windows refuses to replace a file that another program has open (WinError 32).
SWAP_REFUSED = ("Не удалось заменить файл базы данных: закройте все окна Sferum Desk и другие "
                "программы, открывшие базу, и повторите.")


@dataclass(frozen=True)
class Restored:
    database: Path
    backup: Path
    kept_aside: Path | None  # the file that was in place (damaged or not), untouched


def verify_backup(backup: Path) -> tuple[int, int]:
    """A backup fit to restore: sound (full integrity check) and a Sferum Desk file."""
    if not backup.is_file():
        raise UserError(f"Резервной копии «{backup}» нет: выберите другой файл.")
    bad = UserError(f"Копия «{backup.name}» повреждена или не является копией Sferum Desk: "
                    "выберите другую копию.")
    try:
        if file_problems(backup, thorough=True, frozen=True):
            raise bad
        return database_counts(backup)
    except (sqlite3.Error, OSError) as exc:
        raise bad from exc


def aside_name(database: Path, label: str, now: dt.datetime | None = None) -> Path:
    """`школа-damaged-20260510-101500.sqlite3` beside the database; never an existing name."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    stem = backup_stem(database)  # a long name is shortened: the whole must fit in 255 bytes
    candidate = database.with_name(f"{stem}-{label}-{stamp}{database.suffix}")
    number = 1
    while any(Path(f"{candidate}{side}").exists() for side in ("", *SIDE_FILES, PART)):
        number += 1
        candidate = database.with_name(f"{stem}-{label}-{stamp}-{number}{database.suffix}")
    return candidate


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except ValueError:  # a name no file can have (a lone surrogate): verify_backup says so
        return False


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def restore_file(database: Path, backup: Path, label: str = "before-restore") -> Restored:
    """Put `backup` in the place of `database` (see the module's steps). Any failure before
    the swap leaves the current file where it was. The caller holds the file lock and has
    closed its own connections to the database."""
    database, backup = Path(database), Path(backup)
    if _same_file(database, backup):
        raise UserError("Нельзя восстановить базу из неё самой: выберите резервную копию.")
    finish_interrupted_restore(database)
    verify_backup(backup)
    refuse_unwritable(database)
    temporary = _side(database, RESTORING)
    _remove_with_sides(temporary)
    kept: Path | None = None
    try:
        _copy_with_backup_api(backup, temporary)
        if database.exists():
            kept = _copy_aside(database, label)
        _note(database, kept)
        _swap(database)
    except sqlite3.Error as exc:
        _undo(database, temporary)
        raise UserError("Не удалось восстановить базу из копии: проверьте, что на диске есть "
                        "место, и повторите.") from exc
    except OSError as exc:
        _undo(database, temporary)
        raise UserError(SWAP_REFUSED) from exc
    if file_problems(database):
        raise UserError("Восстановленная база не прошла проверку: выберите другую копию.")
    return Restored(database, backup, kept)


def finish_interrupted_restore(database: Path) -> str | None:
    """A restore cut short (a kill, a power cut): finish it when the copy aside was made
    («finished»), else throw its leftovers away («undone»); None when there was none. Left
    alone while another process holds the file lock (that restore is still running)."""
    temporary, journal = _side(database, RESTORING), _side(database, JOURNAL)
    if not (temporary.exists() or journal.exists()):
        return None
    if not file_lock.acquire(database):
        return None
    try:
        if journal.exists():
            if temporary.exists():
                try:
                    _swap(database)
                except OSError as exc:  # the old file stays whole; finished at a later start
                    raise UserError(SWAP_REFUSED) from exc
            journal.unlink(missing_ok=True)
            log.warning("an interrupted restore of %s was finished", database.name)
            return "finished"
        _remove_with_sides(temporary)
        log.warning("an interrupted restore of %s was undone", database.name)
        return "undone"
    finally:
        file_lock.release(database)


def _copy_with_backup_api(source: Path, target: Path) -> None:
    with closing(_read_only(source, frozen=True)) as src, \
            closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
        if dst.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("the copy failed its check")
        dst.execute("PRAGMA journal_mode=WAL")  # as the program keeps its files
        dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _remove_sides(target)  # a closed WAL file holds nothing: the new file stands alone


def _copy_aside(database: Path, label: str) -> Path:
    """The current file and its -wal byte for byte (a damaged one stays as it was, for
    whoever may rescue more from it), under a name that appears only when complete."""
    aside = aside_name(database, label)
    wal = _side(database, "-wal")
    if wal.exists() and wal.stat().st_size:
        shutil.copyfile(wal, _side(aside, "-wal"))
    partial = _side(aside, PART)
    shutil.copyfile(database, partial)
    _flush(partial)
    os.replace(partial, aside)
    return aside


def _note(database: Path, kept: Path | None) -> None:
    """From this note on, an interrupted restore is finished at the next start."""
    journal = _side(database, JOURNAL)
    journal.write_text(json.dumps({"kept_aside": kept.name if kept else None}),
                       encoding="utf-8")
    _flush(journal)


def _swap(database: Path) -> None:
    _remove_sides(database)  # the old file's journal must never meet the new file
    os.replace(_side(database, RESTORING), database)
    _side(database, JOURNAL).unlink(missing_ok=True)


def _undo(database: Path, temporary: Path) -> None:
    """After a failure this process saw: while the new file is still beside the live name
    (the swap never happened, e.g. Windows refused to replace a file another program has
    open), the old file is in place and whole, so the restore is thrown away, its note too:
    the user is told to retry, and no later start may finish it behind their back. The copy
    aside stays. A kill, not a failure, leaves the note for `finish_interrupted_restore`."""
    if temporary.exists():
        _side(database, JOURNAL).unlink(missing_ok=True)
        _remove_with_sides(temporary)


def _flush(path: Path) -> None:
    with suppress(OSError), open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _remove_sides(path: Path) -> None:
    for side in (*SIDE_FILES, "-journal"):
        with suppress(OSError):
            _side(path, side).unlink(missing_ok=True)


def _remove_with_sides(path: Path) -> None:
    with suppress(OSError):
        path.unlink(missing_ok=True)
    _remove_sides(path)
