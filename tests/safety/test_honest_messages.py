"""Messages that name the real cause: a full disk is a full disk (not a folder without
rights, a too long text or an open file), a read-only disk is a read-only disk, a huge CSV
cell is not an unclosed quote, a too long path is a too long path; nothing half written is
left behind (.part, .part-journal, .part-wal)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from safety_helpers import write_roster

from sferum_desk.cli import main

pytestmark = pytest.mark.sqlite_only
FULL = "не осталось места"


def _mount(folder: Path, options: str) -> bool:
    folder.mkdir(exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                          capture_output=True)
    return done.returncode == 0


@pytest.fixture
def full_disk(tmp_path):
    """A 2 MB disk with 16 KB left on it (needs root: skipped otherwise)."""
    folder = tmp_path / "флешка"
    if sys.platform != "linux" or os.geteuid() != 0 or not _mount(folder, "size=2m"):
        pytest.skip("mounting a small disk needs root on Linux")
    try:
        with open(folder / "заполнено", "wb") as filler:
            try:
                filler.write(b"\0" * (2 * 1024 * 1024))
            except OSError:
                pass
        os.truncate(folder / "заполнено", max(0, (folder / "заполнено").stat().st_size - 16384))
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@pytest.fixture
def big_school(school, db_path, tmp_path):
    roster = write_roster(tmp_path / "список.xlsx", 300, seed=4)
    assert main(["--db", str(db_path), "import", str(roster), "--as", "students"]) == 0
    return db_path


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name != "заполнено"]


def test_backup_to_a_full_disk_says_the_disk_is_full(big_school, full_disk, capsys):
    assert main(["--db", str(big_school), "backup", "--to", str(full_disk / "копия.sqlite3")]) == 1
    err = capsys.readouterr().err
    assert FULL in err and "доступна для записи" not in err
    assert leftovers(full_disk) == []


def test_copy_to_a_full_disk_says_the_disk_is_full(big_school, full_disk, capsys):
    assert main(["--db", str(big_school), "copy-to", str(full_disk / "копия.sqlite3")]) == 1
    err = capsys.readouterr().err
    assert FULL in err and "длинный текст" not in err
    assert leftovers(full_disk) == []  # no .part, .part-journal, .part-wal


def test_a_pdf_onto_a_full_disk_says_the_disk_is_full(big_school, full_disk, capsys):
    assert main(["--db", str(big_school), "report", "--out", str(full_disk / "отчёт.pdf")]) == 1
    err = capsys.readouterr().err
    assert FULL in err and "закройте файл" not in err
    assert leftovers(full_disk) == []


def test_a_read_only_disk_is_called_a_read_only_disk(tmp_path, capsys):
    folder = tmp_path / "карта"
    if sys.platform != "linux" or os.geteuid() != 0 or not _mount(folder, "size=4m"):
        pytest.skip("mounting a disk needs root on Linux")
    try:
        db_path = folder / "школа.sqlite3"
        assert main(["--db", str(db_path), "init", "--kind", "school", "--name", "Школа"]) == 0
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        assert main(["--db", str(db_path), "leave", "--id", "1"]) == 1
        err = capsys.readouterr().err
        assert "доступен только для чтения" in err and "атрибут" not in err
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_a_10_mb_csv_cell_is_not_an_unclosed_quote(school, db_path, tmp_path, capsys):
    roster = tmp_path / "список.csv"
    roster.write_text("ФИО ребёнка;Класс\nИванов Иван Иванович;" + "5А" * 5_000_000 + "\n",
                      encoding="utf-8")
    assert main(["--db", str(db_path), "import", str(roster), "--as", "students"]) == 1
    err = capsys.readouterr().err
    assert "кавычка" not in err and "длиннее" in err


def test_a_557_byte_path_is_called_too_long(tmp_path, capsys):
    folder = tmp_path
    while len(str(folder).encode()) < 540:
        folder = folder / ("п" * 60)
    folder.mkdir(parents=True)
    db_path = folder / "школа.sqlite3"
    assert len(str(db_path).encode()) >= 557
    assert main(["--db", str(db_path), "init", "--kind", "school", "--name", "Школа"]) == 1
    err = capsys.readouterr().err
    assert "слишком длинный" in err and "доступен для записи" not in err
    assert main(["--db", str(tmp_path / ("ш" * 200) / "б.sqlite3"), "stats"]) == 1
    assert "слишком длинный" in capsys.readouterr().err


def test_a_path_past_windows_max_path_is_called_too_long_there(tmp_path, capsys, monkeypatch):
    """Windows without long paths opens nothing of MAX_PATH or more (and its resolve() fails
    with WinError 206, which is no «too long» errno): said before the lock or any folder."""
    from sferum_desk.db import recovery

    monkeypatch.setattr(recovery, "windows_path_limit", lambda: recovery.WINDOWS_MAX_PATH)
    folder = tmp_path
    while len(str(folder)) < recovery.WINDOWS_MAX_PATH:
        folder = folder / ("a" * 50)
    db_path = folder / "school.sqlite3"
    assert len(str(db_path).encode()) + recovery.LONGEST_SIDE < recovery.PATH_LIMIT
    assert main(["--db", str(db_path), "init", "--kind", "school", "--name", "Школа"]) == 1
    assert "слишком длинный" in capsys.readouterr().err
    assert not db_path.parent.exists()
