"""Backups with the sqlite3 online-backup API, verified and rotated."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import suppress
from pathlib import Path

from sferum_desk.domain.errors import UserError

KEEP_LAST = 10


def backup_database(source: Path, target: Path) -> Path:
    """Copy a live database consistently to `target` and check the copy."""
    _refuse_target(source, target)
    partial = target.with_name(target.name + ".part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                ok = dst.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                dst.close()
        finally:
            src.close()
        if ok != "ok":
            raise UserError("Резервная копия получилась повреждённой: проверьте диск и "
                            "повторите.")
        partial.replace(target)
    except (sqlite3.Error, OSError) as exc:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
        raise UserError(f"Не удалось сохранить резервную копию в «{target.parent}»: "
                        "проверьте, что папка доступна для записи.") from exc
    return target


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
    target = folder / f"{database.stem}-{stamp}-{reason}.sqlite3"
    backup_database(database, target)
    rotate_backups(folder, database.stem)
    return target


def list_backups(folder: Path, stem: str) -> list[Path]:
    return sorted(folder.glob(f"{stem}-*.sqlite3"), key=lambda p: p.name, reverse=True)


def rotate_backups(folder: Path, stem: str, keep_last: int = KEEP_LAST) -> None:
    """Keep the newest `keep_last` copies and the newest one of each month."""
    backups = list_backups(folder, stem)
    keep = set(backups[:keep_last])
    seen_months: set[str] = set()
    for path in backups:  # newest first
        month = path.name[len(stem) + 1:len(stem) + 7]
        if month not in seen_months:
            seen_months.add(month)
            keep.add(path)
    for path in backups:
        if path not in keep:
            path.unlink(missing_ok=True)
