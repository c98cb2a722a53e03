"""Two writers on one SQLite file at once, as real processes: the later one waits a little and
says «База данных занята другой программой …» (exit 1), the first one finishes, nothing is
half written and no «Непредвиденная ошибка» (UNIQUE on person.id) ever comes out."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from safety_helpers import RUNNER, counts, integrity, write_roster

from sferum_desk.cli import main

pytestmark = pytest.mark.sqlite_only  # Popen.kill is TerminateProcess on Windows

BUSY = "База данных занята другой программой"
PLANNED = "sferum_desk.services.roster_import:_Planner.run"  # ids worked out, nothing written


class Paused:
    """`sferum-desk <args>` stopped right after `point`, until `go()`; then it runs on."""

    def __init__(self, tmp_path: Path, point: str, *cli_args: str):
        self.marker, self.release = tmp_path / "paused", tmp_path / "go-on"
        for path in (self.marker, self.release):
            path.unlink(missing_ok=True)
        self.process = subprocess.Popen(
            [sys.executable, str(RUNNER), "--marker", str(self.marker), "--pause-after", point,
             "--until", str(self.release), "--", *cli_args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, encoding="utf-8", env=dict(os.environ))
        deadline = time.monotonic() + 180
        while not self.marker.exists():
            if self.process.poll() is not None:
                raise AssertionError(f"ended before the pause: {self.process.communicate()}")
            if time.monotonic() > deadline:
                self.process.kill()
                raise AssertionError("never reached the pause")
            time.sleep(0.05)

    def go(self) -> tuple[int, str, str]:
        self.release.write_text("go", encoding="utf-8")
        out, err = self.process.communicate(timeout=180)
        return self.process.returncode, out, err

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate(timeout=60)


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sferum_desk", *args], capture_output=True,
                          encoding="utf-8", timeout=180, env=dict(os.environ))


@pytest.fixture
def filled(school, db_path, tmp_path):
    """A school with 60 pupils in 5А; the test's own processes do the rest."""
    roster = write_roster(tmp_path / "первый.xlsx", 60, unit="5А", seed=1)
    assert main(["--db", str(db_path), "import", str(roster), "--as", "students"]) == 0
    school.db.close()
    return db_path


def test_two_imports_at_once(filled, tmp_path):
    db = str(filled)
    one = write_roster(tmp_path / "второй.xlsx", 40, unit="6Б", seed=2)
    two = write_roster(tmp_path / "третий.xlsx", 30, unit="7В", seed=3)
    first = Paused(tmp_path, PLANNED, "--db", db, "import", str(one), "--as", "students")
    try:
        second = cli("--db", db, "import", str(two), "--as", "students")
        code, _, err = first.go()
    finally:
        first.kill()
    assert code == 0, err
    assert second.returncode == 1, second.stderr
    assert second.stderr.startswith(BUSY) and second.stderr.count("\n") == 1
    assert integrity(filled) == "ok"
    assert counts(filled)["student"] == 100  # the first import, whole; the second, nothing
    again = cli("--db", db, "import", str(two), "--as", "students")  # the retry goes through
    assert again.returncode == 0, again.stderr
    assert counts(filled)["student"] == 130


def test_a_transfer_during_an_import(filled, tmp_path):
    db = str(filled)
    roster = write_roster(tmp_path / "второй.xlsx", 40, unit="6Б", seed=2)
    first = Paused(tmp_path, PLANNED, "--db", db, "import", str(roster), "--as", "students")
    try:
        moved = cli("--db", db, "transfer", "--id", "1", "--to", "6Б")
        code, _, err = first.go()
    finally:
        first.kill()
    assert code == 0, err
    assert moved.returncode == 1 and moved.stderr.startswith(BUSY), moved.stderr
    assert cli("--db", db, "transfer", "--id", "1", "--to", "6Б").returncode == 0
    assert integrity(filled) == "ok"


ANOTHER_PC = """
import sys
sys.stdout.reconfigure(encoding="utf-8")  # Windows writes a pipe in its ANSI code page
from pathlib import Path
from sferum_desk.db.engine import open_database
from sferum_desk.domain.errors import UserError
from sferum_desk.services import Services
from sferum_desk.services.dto import StaffInput
services = Services.over(open_database(Path(sys.argv[1])))
try:
    services.people.save_staff(StaffInput("Лебедева Ольга Ивановна", "Учитель"))
    print("saved")
except UserError as error:
    print(error.message)
"""


def test_another_program_writing_through_sqlite_during_an_import(filled, tmp_path):
    """Not through the file lock (another PC on a shared folder, or a window): SQLite's own
    write lock, taken when the import's transaction begins, keeps the ids it worked out."""
    roster = write_roster(tmp_path / "второй.xlsx", 40, unit="6Б", seed=2)
    first = Paused(tmp_path, PLANNED, "--db", str(filled), "import", str(roster), "--as",
                   "students")
    try:
        other = subprocess.run([sys.executable, "-c", ANOTHER_PC, str(filled)],
                               capture_output=True, encoding="utf-8", timeout=180)
        code, _, err = first.go()
    finally:
        first.kill()
    assert code == 0, err  # on main: «Непредвиденная ошибка» (UNIQUE on person.id), exit 3
    assert other.stdout.startswith(BUSY), other.stdout + other.stderr
    assert counts(filled)["student"] == 100 and integrity(filled) == "ok"
