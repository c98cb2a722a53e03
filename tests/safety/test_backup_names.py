"""Backups belong to their own database, end some day, fit in a file name, and are private."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from sferum_desk.db.backup import backup_stem, list_backups, rotate_backups
from sferum_desk.db.engine import open_database
from sferum_desk.services import Services
from sferum_desk.services.dto import OrganizationData

pytestmark = pytest.mark.sqlite_only


def school_file(path: Path) -> Path:
    db = open_database(path)
    Services.over(db).organization.save(OrganizationData(kind="school", full_name="Школа"))
    db.close()
    return path


def test_backing_up_school_keeps_the_backups_of_school_2(tmp_path):
    """#18: pruning `school-*` deleted the backups of `school-2.sqlite3` in the same folder."""
    folder = tmp_path / "backups"
    folder.mkdir()
    other = folder / "school-2-20240105-120000-000000-manual.sqlite3"
    other.write_bytes(b"")
    for day in range(1, 16):
        (folder / f"school-202612{day:02d}-120000-000000-manual.sqlite3").write_bytes(b"")
    rotate_backups(folder, "school")
    assert other.exists()
    assert len(list_backups(folder, "school")) == 10
    assert list_backups(folder, "school-2") == [other]


def test_monthly_backups_are_not_kept_for_ever(tmp_path):
    for year in (2024, 2025, 2026):
        for month in range(1, 13):
            (tmp_path / f"db-{year}{month:02d}01-120000-000000-x.sqlite3").touch()
    rotate_backups(tmp_path, "db")
    months = sorted(p.name[3:9] for p in tmp_path.iterdir())
    assert months[0] == "202601" and len(months) == 12  # a year back from the newest copy


def test_a_228_byte_database_name_backs_up_and_lists(tmp_path, capsys):
    from sferum_desk.cli import main

    name = "Ш" * 110 + ".sqlite3"  # 228 bytes in UTF-8
    assert len(name.encode()) == 228
    db_path = school_file(tmp_path / name)
    assert main(["--db", str(db_path), "backup"]) == 0
    assert main(["--db", str(db_path), "backups", "--json"]) == 0
    copies = list((tmp_path / "backups").iterdir())
    assert len(copies) == 1 and len(copies[0].name.encode()) <= 255
    assert copies[0].name.startswith(backup_stem(db_path))
    assert main(["--db", str(db_path), "restore", "newest"]) == 0


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_database_backups_and_log_are_the_users_alone(tmp_path):
    home = tmp_path / "home"
    db_path = tmp_path / "новая" / "школа.sqlite3"
    env = dict(os.environ, SFERUM_DESK_HOME=str(home))
    for args in (["init", "--kind", "school", "--name", "Школа"], ["backup"]):
        done = subprocess.run([sys.executable, "-m", "sferum_desk", "--db", str(db_path), *args],
                              capture_output=True, encoding="utf-8", timeout=120, env=env)
        assert done.returncode == 0, done.stderr
    files = [db_path, *(db_path.parent / "backups").iterdir(), *(home / "logs").iterdir()]
    assert len(files) >= 3
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for folder in (db_path.parent, db_path.parent / "backups", home / "logs"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert not list((home / "tmp").iterdir())  # no temporary file outlives the process


def test_rotation_ignores_files_that_only_look_alike(tmp_path):
    keep = tmp_path / "db-notes.sqlite3"
    keep.touch()
    (tmp_path / f"db-{dt.date.today():%Y%m%d}-120000-000000-manual.sqlite3").touch()
    rotate_backups(tmp_path, "db", keep_last=0, keep_months=1)
    assert keep.exists()
