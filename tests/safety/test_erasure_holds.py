"""Erasure erases: not only the rows, but the bytes in the file, its journal and the backups,
even when another program reads the file or the process is killed after the commit."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from safety_helpers import RUNNER, Holder

from sferum_desk.cli import main
from sferum_desk.db.erasure import marker_path
from sferum_desk.services.dto import GuardianInput, StudentInput

pytestmark = pytest.mark.sqlite_only  # Popen.kill is TerminateProcess on Windows

NAMES = ("Стираемый Евлампий Аристархович", "Стираемая Аглая", "+79169998877",
         "СтираемыйЕвлампийАристархович")  # the last: as the row itself stores the name


def traces(path: Path) -> list[str]:
    found = []
    for file in (path, path.with_name(path.name + "-wal")):
        if file.exists():
            data = file.read_bytes()
            found += [name for name in NAMES if name.encode("utf-8") in data]
    return found


def backups_with_traces(db_path: Path) -> list[str]:
    folder = db_path.parent / "backups"
    return [p.name for p in folder.iterdir() if p.is_file() and traces(p)] \
        if folder.exists() else []


@pytest.fixture
def left_today(school, db_path):
    """A pupil and his mother who left today, and a backup taken while they were there."""
    unit = school.structure.create_unit("5А")
    pupil = school.people.save_student(StudentInput(
        NAMES[0], "03.04.2015", unit.id,
        [GuardianInput("Стираемая Аглая Феоктистовна", "mother", NAMES[2])])).id
    school.people.save_student(StudentInput("Оставшийся Пётр Ильич", "01.02.2015", unit.id))
    school.organization.backup_now()  # an older backup that holds them
    school.movement.leave(pupil)  # his mother, with no other child here, leaves with him
    school.db.close()
    return db_path


@pytest.fixture
def left_long_ago(left_today):
    """The same two, gone 400 days ago: erased by `--days 30`."""
    with closing(sqlite3.connect(left_today)) as raw, raw:
        raw.execute("UPDATE person SET left_on = date('now', '-400 days') "
                    "WHERE left_on IS NOT NULL")
    return left_today


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sferum_desk", *args], capture_output=True,
                          encoding="utf-8", timeout=180, env=dict(os.environ))


def test_erase_left_days_0_counts_the_people_who_left_today(left_today, capsys):
    assert main(["--db", str(left_today), "erase-left", "--days", "0"]) == 0
    assert NAMES[0] in capsys.readouterr().out
    assert main(["--db", str(left_today), "erase-left", "--days", "0", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Стёрто навсегда: 2 чел." in out
    assert "резервных копий они тоже удалены (копий: 1)" in out  # and it says so
    assert traces(left_today) == []
    assert backups_with_traces(left_today) == []  # the older backup was rewritten
    assert main(["--db", str(left_today), "backups", "--json"]) == 0  # and still lists


READER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN")
connection.execute("SELECT count(*) FROM person").fetchone()  # a read snapshot held open
print("held", flush=True)
sys.stdin.readline()
connection.execute("COMMIT")
"""


def test_another_program_reading_is_no_false_success(left_long_ago):
    left_today = left_long_ago
    reader = Holder(READER, left_today)
    try:
        done = cli("--db", str(left_today), "erase-left", "--days", "30", "--yes")
    finally:
        reader.release()
    assert done.returncode == 1, done.stdout + done.stderr
    assert "завершится при следующем запуске" in done.stderr
    assert done.stderr.count("\n") == 1
    assert marker_path(left_today).exists()
    assert cli("--db", str(left_today), "stats").returncode == 0  # the next start finishes it
    assert not marker_path(left_today).exists()
    assert traces(left_today) == [] and backups_with_traces(left_today) == []
    wal = left_today.with_name(left_today.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_a_kill_after_the_commit_leaves_no_backup_holding_them(left_long_ago, tmp_path):
    left_today = left_long_ago
    marker = tmp_path / "paused"
    process = subprocess.Popen(
        [sys.executable, str(RUNNER), "--marker", str(marker), "--pause-after",
         "sqlalchemy.engine.base:Engine.dispose", "--", "--db", str(left_today), "erase-left",
         "--days", "30", "--yes"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=dict(os.environ))
    deadline = time.monotonic() + 180
    while not marker.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    process.kill()  # right after the commit, before the file and the backups are cleaned
    process.communicate(timeout=60)
    assert cli("--db", str(left_today), "stats").returncode == 0  # the next start
    assert backups_with_traces(left_today) == []
    assert not list((left_today.parent / "backups").glob("*before-erase*"))
    assert traces(left_today) == []
    again = cli("--db", str(left_today), "erase-left", "--days", "30", "--yes")
    assert again.returncode == 1 and "стирать нечего" in again.stderr
