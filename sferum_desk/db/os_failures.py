"""The Russian sentence for the cause the system gave when a write failed: a full disk, a
read-only one, a name too long. It imports nothing of ours, so that backup.py, recovery.py,
engine.py and the services may all say it (recovery.py re-exports it for its callers).
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path


def read_only_mount(folder: Path) -> bool:
    """The whole disk is mounted read-only (a locked SD card, a CD, a read-only share)."""
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False


def _nearly_full(folder: Path) -> bool:
    """SQLite reports some writes onto a full disk as a mere «disk I/O error»."""
    try:
        return shutil.disk_usage(folder).free < 1024 * 1024
    except OSError:
        return False


def read_only_mount_message(folder: Path) -> str:
    return (f"Диск с папкой «{folder}» доступен только для чтения (флешка или карта памяти "
            "с защитой от записи, сетевая папка без права записи): снимите защиту или "
            "перенесите базу на другой диск.")


def os_failure_message(exc: BaseException, folder: Path) -> str | None:
    """The Russian sentence for the system's cause of a failed write, when it names one."""
    code = exc.errno if isinstance(exc, OSError) else None
    text = str(getattr(exc, "orig", exc)).lower()
    if code == errno.ENOSPC or "disk is full" in text or (
            ("i/o error" in text or code == errno.EIO) and _nearly_full(folder)):
        return (f"На диске с папкой «{folder}» не осталось места: освободите место или "
                "выберите другой диск и повторите.")
    if code == errno.EROFS or "read-only file system" in text or read_only_mount(folder):
        return read_only_mount_message(folder)
    if code == errno.ENAMETOOLONG:
        return (f"Слишком длинное имя файла или путь в папке «{folder}»: выберите папку "
                "ближе к началу диска или имя покороче.")
    return None
