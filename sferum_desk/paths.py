"""Where the app keeps its files: one data folder per user (platformdirs).

SFERUM_DESK_HOME, when set, puts the whole data folder (with its logs) elsewhere: a portable
copy on a USB stick, or a test run that must not touch the user's real folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from platformdirs import user_data_path, user_log_path

from sferum_desk.domain.errors import UserError
from sferum_desk.resources_path import RESOURCES  # noqa: F401 - kept for callers

APP_NAME = "SferumDesk"
APP_AUTHOR = "SferumDesk"


def _home() -> Path | None:
    home = os.environ.get("SFERUM_DESK_HOME", "").strip()
    if not home:
        return None
    path = Path(home).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    return _home() or user_data_path(APP_NAME, APP_AUTHOR, ensure_exists=True)


def default_database_path() -> Path:
    return data_dir() / "sferum-desk.sqlite3"


def settings_file() -> Path:
    """Per-PC settings an IT teacher may edit by hand, e.g. `{"database": "postgresql+psycopg:
    //secretary@server/sferum"}` so every PC of the school opens the shared database."""
    return data_dir() / "settings.json"


def default_database() -> Path | str:
    """What to open without `--db`: SFERUM_DESK_DB, else `database` in settings.json (a file
    path or a server URL), else the file in the data folder."""
    chosen = os.environ.get("SFERUM_DESK_DB", "").strip() or _setting("database")
    return database_target(chosen) if chosen else default_database_path()


def database_target(text: str) -> Path | str:
    """A file path, or a server URL kept as text (`postgresql+psycopg://…`)."""
    return text if "://" in text else Path(text).expanduser()


def _setting(key: str) -> str:
    """A text setting from settings.json, "" when the file or the key is not there. Notepad
    and PowerShell 5.1 save UTF-8 with a BOM: read with utf-8-sig. A file that is there but
    cannot be read is refused, never ignored: it may name the shared server database, and
    opening an empty local one instead would look like lost data."""
    path = settings_file()
    try:
        settings = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        return ""
    except (OSError, ValueError):  # unreadable, not UTF-8, not JSON
        raise UserError(f"Файл настроек «{path}» не удалось прочитать: сохраните его в "
                        "UTF-8 в виде JSON, например {\"database\": \"…\"}, или удалите, "
                        "чтобы открылась база в папке данных.") from None
    value = settings.get(key, "") if isinstance(settings, dict) else None
    if not isinstance(value, str):
        raise UserError(f"В файле настроек «{path}» значение «{key}» должно быть строкой в "
                        "кавычках: исправьте его или удалите файл, чтобы открылась база в "
                        "папке данных.")
    return value.strip()


def backups_dir_for(database: Path) -> Path:
    """Backups live beside the database they copy, so a USB-stick database keeps its own."""
    return database.parent / "backups"


def exports_dir() -> Path:
    path = data_dir() / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def server_backups_dir() -> Path:
    """Copies of a PostgreSQL database, saved as SQLite files on this PC."""
    return data_dir() / "backups" / "server"


def logs_dir() -> Path:
    home = _home()
    if home is None:
        return user_log_path(APP_NAME, APP_AUTHOR, ensure_exists=True)
    path = home / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path
