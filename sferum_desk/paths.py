"""Where the app keeps its files: one data folder per user (platformdirs)."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path, user_log_path

APP_NAME = "SferumDesk"
APP_AUTHOR = "SferumDesk"
RESOURCES = Path(__file__).resolve().parent / "resources"


def data_dir() -> Path:
    return user_data_path(APP_NAME, APP_AUTHOR, ensure_exists=True)


def default_database_path() -> Path:
    return data_dir() / "sferum-desk.sqlite3"


def backups_dir_for(database: Path) -> Path:
    """Backups live beside the database they copy, so a USB-stick database keeps its own."""
    return database.parent / "backups"


def exports_dir() -> Path:
    path = data_dir() / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def logs_dir() -> Path:
    return user_log_path(APP_NAME, APP_AUTHOR, ensure_exists=True)
