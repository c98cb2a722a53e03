"""Restore is atomic and exclusive: a kill at any step leaves a whole database on the live
name (the old one or the restored one, the next start finishes or undoes the rest), and a
restore is refused while a CLI command writes to the file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from safety_helpers import RUNNER, integrity, write_roster
from test_concurrent_writers import BUSY, PLANNED, Paused

from sferum_desk.cli import main
from sferum_desk.db.restore import finish_interrupted_restore
from sferum_desk.services.dto import StaffInput

pytestmark = pytest.mark.sqlite_only  # Popen.kill is TerminateProcess on Windows


def people(path: Path) -> int:
    done = subprocess.run([sys.executable, "-m", "sferum_desk", "--db", str(path), "stats",
                           "--json"], capture_output=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    stats = json.loads(done.stdout)
    return stats["staff"]


@pytest.fixture
def backed_up(school, db_path):
    """A backup holding 1 staff member; the live file holds 3."""
    school.people.save_staff(StaffInput("Сидорова Вера Павловна", "Учитель"))
    backup = school.organization.backup_now()
    for name in ("Лебедева Ольга Ивановна", "Орлова Анна Петровна"):
        school.people.save_staff(StaffInput(name, "Учитель"))
    school.db.close()
    return db_path, backup


def killed_restore(db_path: Path, backup: Path, nth: int, marker: Path) -> bool:
    """Run `restore` and kill it right after its nth os.replace; False if it ended first."""
    marker.unlink(missing_ok=True)
    process = subprocess.Popen(
        [sys.executable, str(RUNNER), "--marker", str(marker), "--pause-after", "os:replace",
         "--nth", str(nth), "--", "--db", str(db_path), "restore", str(backup)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ))
    deadline = time.monotonic() + 120
    while not marker.exists():
        if process.poll() is not None:
            out, err = process.communicate()
            assert process.returncode == 0, err.decode()
            return False
        assert time.monotonic() < deadline, "the restore never reached the pause"
        time.sleep(0.02)
    process.kill()
    process.communicate(timeout=60)
    return True


@pytest.mark.parametrize("nth", [1, 2, 3])
def test_a_kill_at_any_step_of_restore_leaves_a_whole_database(backed_up, tmp_path, nth):
    db_path, backup = backed_up
    killed_restore(db_path, backup, nth, tmp_path / "paused")
    staff = people(db_path)  # the next start: a whole database, never a new empty one
    assert staff in (1, 3)
    assert integrity(db_path) == "ok"
    leftovers = [p.name for p in db_path.parent.iterdir()
                 if p.name.endswith((".restoring", ".restore-journal", ".part"))]
    assert leftovers == []
    asides = list(db_path.parent.glob("*-before-restore-*.sqlite3"))
    if staff == 1:  # restored: the file that was in place is kept whole beside it
        assert len(asides) == 1 and integrity(asides[0]) == "ok"


def test_an_interrupted_restore_noted_as_past_its_copy_is_finished(backed_up):
    db_path, backup = backed_up
    temporary = db_path.with_name(db_path.name + ".restoring")
    temporary.write_bytes(backup.read_bytes())
    db_path.with_name(db_path.name + ".restore-journal").write_text("{}", encoding="utf-8")
    assert finish_interrupted_restore(db_path) == "finished"
    assert people(db_path) == 1 and not temporary.exists()


def test_restore_is_refused_while_a_cli_import_writes(backed_up, tmp_path):
    db_path, backup = backed_up
    roster = write_roster(tmp_path / "список.xlsx", 30, unit="5А")
    importing = Paused(tmp_path, PLANNED, "--db", str(db_path), "import", str(roster), "--as",
                       "students")
    try:
        refused = subprocess.run([sys.executable, "-m", "sferum_desk", "--db", str(db_path),
                                  "restore", str(backup)], capture_output=True, encoding="utf-8",
                                 timeout=120)
        code, _, err = importing.go()
    finally:
        importing.kill()
    assert refused.returncode == 1 and refused.stderr.startswith(BUSY), refused.stderr
    assert code == 0, err
    assert main(["--db", str(db_path), "restore", str(backup)]) == 0  # then it goes through
    assert people(db_path) == 1
