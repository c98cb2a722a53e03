"""Backups with the sqlite3 online-backup API, verified and rotated.

A backup is named `<stem>-<YYYYmmdd-HHMMSS-ffffff>-<reason>.sqlite3`, the stem shortened (with
a hash of the whole one) where a long database name would not leave room for the rest: a
file name is at most 255 bytes. Rotation keeps the newest ten and the newest one of each of
the twelve months before the newest copy; nothing older is kept for ever.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sqlite3
from contextlib import closing, suppress
from pathlib import Path

from sferum_desk.db.os_failures import os_failure_message
from sferum_desk.db.private import private_file, private_folder
from sferum_desk.domain.errors import UserError

KEEP_LAST = 10
KEEP_MONTHS = 12
NAME_LIMIT = 255  # bytes in one file name (ext4, NTFS in UTF-16 units: bytes are stricter)
_ROOM = 80  # «-<stamp>-<reason>.sqlite3.part» and a safety margin
_NAME = re.compile(r"-(\d{8})-\d{6}(?:-\d{6})?-[a-z][a-z-]*\.sqlite3$")


def backup_stem(database: Path | str) -> str:
    """The database's stem as backups of it begin, short enough for the whole name."""
    stem = Path(database).stem if isinstance(database, Path) else database
    if len(stem.encode("utf-8")) <= NAME_LIMIT - _ROOM:
        return stem
    digest = hashlib.sha1(stem.encode("utf-8")).hexdigest()[:8]
    short = stem.encode("utf-8")[:NAME_LIMIT - _ROOM - 9].decode("utf-8", errors="ignore")
    return f"{short}~{digest}"


def backup_database(source: Path, target: Path) -> Path:
    """Copy a live database consistently to `target` and check the copy.

    The copy is checked with quick_check: every page is read and its structure verified;
    the index-by-index comparison of integrity_check adds nothing for pages just written by
    SQLite itself, and costs seconds on a large school."""
    _refuse_target(source, target)
    partial = partial_of(target)
    try:
        private_folder(target.parent)
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src, \
                closing(sqlite3.connect(private_file(partial))) as dst:
            src.backup(dst)
            ok = dst.execute("PRAGMA quick_check").fetchone()[0]
        if ok != "ok":
            raise UserError("Резервная копия получилась повреждённой: проверьте диск и "
                            "повторите.")
        partial.replace(target)
    except (sqlite3.Error, OSError) as exc:
        remove_partial(partial)
        raise UserError(_failure_message(exc, target)) from exc
    return target


def _failure_message(exc: Exception, target: Path) -> str:
    """Say the cause the system gave: a full disk is not a folder without write rights."""
    return os_failure_message(exc, target.parent) or (
        f"Не удалось сохранить резервную копию в «{target.parent}»: проверьте, что папка "
        "доступна для записи.")


def partial_of(path: Path) -> Path:
    """Where a copy is written before it is whole and checked, then renamed to `path`."""
    return path.with_name(path.name + ".part")


def remove_partial(partial: Path | None) -> None:
    """The unfinished copy goes with its journal files (no `.part-journal` left behind)."""
    if partial is None:
        return
    for side in ("", "-journal", "-wal", "-shm"):
        with suppress(OSError):
            partial.with_name(partial.name + side).unlink(missing_ok=True)


def _refuse_target(source: Path, target: Path) -> None:
    if target.is_dir():
        raise UserError(f"«{target}» — это папка: укажите имя файла копии.")
    with suppress(OSError):
        if target.samefile(source):  # the copy would replace the open database under itself
            raise UserError("Укажите другой файл: копию нельзя сохранить поверх самой базы.")


def automatic_backup(database: Path, reason: str, folder: Path) -> Path | None:
    """Take a rotated backup before a risky step; nothing to copy for a new file."""
    if not database.exists() or database.stat().st_size == 0:
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    stem = backup_stem(database)
    target = folder / f"{stem}-{stamp}-{reason}.sqlite3"
    backup_database(database, target)
    rotate_backups(folder, stem)
    return target


def list_backups(folder: Path, stem: str) -> list[Path]:
    """The backups of the database with this stem, newest first: `school-2-…` is another
    database's backup, not one of `school`'s."""
    stem = backup_stem(stem)
    found = []
    for path in folder.glob(f"{glob_escape(stem)}-*.sqlite3"):
        rest = path.name[len(stem):]
        if _NAME.fullmatch(rest):
            found.append(path)
    return sorted(found, key=lambda p: p.name, reverse=True)


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def _month(path: Path, stem: str) -> str:
    return path.name[len(stem) + 1:len(stem) + 7]


def rotate_backups(folder: Path, stem: str, keep_last: int = KEEP_LAST,
                   keep_months: int = KEEP_MONTHS) -> None:
    """Keep the newest `keep_last` copies and the newest one of each month, back to
    `keep_months` months before the newest copy; delete the rest."""
    stem = backup_stem(stem)
    backups = list_backups(folder, stem)
    if not backups:
        return
    keep = set(backups[:keep_last])
    newest = _month(backups[0], stem)
    oldest_kept = _months_before(newest, keep_months - 1)
    seen_months: set[str] = set()
    for path in backups:  # newest first
        month = _month(path, stem)
        if month not in seen_months and month >= oldest_kept:
            seen_months.add(month)
            keep.add(path)
    for path in backups:
        if path not in keep:
            path.unlink(missing_ok=True)


def _months_before(month: str, count: int) -> str:
    """«202612» minus 11 months is «202601»."""
    year, number = int(month[:4]), int(month[4:6]) - count
    while number < 1:
        year, number = year - 1, number + 12
    return f"{year:04d}{number:02d}"
