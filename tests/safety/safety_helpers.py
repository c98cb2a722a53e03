"""Shared by the fault tests: a database's whole content, a killed CLI run, big rosters."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import os
import random
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

RUNNER = Path(__file__).with_name("fault_runner.py")
# The exit code of a process Popen.kill() ended: SIGKILL's -9, or TerminateProcess's 1 on Windows.
KILLED = 1 if sys.platform == "win32" else -9
LAST = ["Абрамов", "Белов", "Воронин", "Гаврилов", "Демидов", "Ершов", "Жуков", "Зайцев",
        "Игнатов", "Калинин", "Ларионов", "Мельников", "Никитин", "Осипов", "Панов", "Родионов",
        "Савин", "Тимофеев", "Ульянов", "Фролов", "Харитонов", "Цветков", "Чернов", "Шубин"]
FIRST = ["Артём", "Богдан", "Вадим", "Глеб", "Данила", "Елисей", "Захар", "Илья", "Кирилл",
         "Леонид", "Марк", "Никита", "Олег", "Платон", "Роман", "Савелий", "Тимур", "Фёдор"]
MIDDLE = ["Андреевич", "Борисович", "Викторович", "Глебович", "Денисович", "Егорович",
          "Ильич", "Кириллович", "Львович", "Маркович", "Олегович", "Павлович"]


def snapshot(path: Path) -> dict[str, object]:
    """Every table's rows (sorted) and the schema: "exactly what it held"."""
    with closing(sqlite3.connect(path)) as connection:
        schema = sorted(row for row in connection.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))
        tables = [row[1] for row in schema if row[0] == "table"]
        content: dict[str, object] = {"schema": schema}
        for table in tables:
            rows = connection.execute(f'SELECT * FROM "{table}"').fetchall()
            content[table] = sorted(rows, key=repr)
    return content


def integrity(path: Path) -> str:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


def counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as connection:
        return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("person", "student", "guardian", "membership", "unit")}


def pupils(count: int, seed: int = 9) -> list[tuple[str, dt.date]]:
    """`count` different pupils: (full name, birth date). The first 432 also differ in
    «Фамилия Имя» alone, as the platform's lists show them."""
    rng = random.Random(seed)
    pairs = list(itertools.product(LAST, FIRST))
    rng.shuffle(pairs)
    rows = []
    for number in range(count):
        last, first = pairs[number % len(pairs)]
        middle = MIDDLE[(number // len(pairs)) % len(MIDDLE)]
        rows.append((f"{last} {first} {middle}",
                     dt.date(2010, 1, 1) + dt.timedelta(days=number % 3000)))
    return rows


def write_roster(path: Path, count: int, unit: str | None = None, seed: int = 9) -> Path:
    """A roster workbook: pupils with their birth date, class, mother and her phone."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Ученики")
    sheet.append(["ФИО ребёнка", "Дата рождения", "Класс", "ФИО матери", "Телефон матери"])
    units = [f"{n}{letter}" for n in range(1, 12) for letter in "АБВ"]
    for number, (name, born) in enumerate(pupils(count, seed)):
        last = name.split()[0]
        sheet.append([name, born.strftime("%d.%m.%Y"), unit or rng.choice(units),
                      f"{last}а {rng.choice(['Анна', 'Мария', 'Ольга'])} Петровна",
                      f"+7916{number:07d}"])
    book.save(path)
    return path


@dataclass
class KilledRun:
    wal_bytes: int  # the journal's size when the process was killed
    returncode: int


def run_and_kill(cli_args: list[str], marker: Path, *runner_args: str,
                 timeout: float = 180.0) -> KilledRun:
    """Start `sferum-desk <cli_args>` in a subprocess paused at a point (see fault_runner),
    wait until it is there, then SIGKILL it: a power cut in the middle of the step."""
    marker.unlink(missing_ok=True)
    command = [sys.executable, str(RUNNER), "--marker", str(marker), *runner_args, "--",
               *cli_args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=dict(os.environ))
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if process.poll() is not None:
            out, err = process.communicate()
            raise AssertionError(f"the run ended before the pause ({process.returncode}): "
                                 f"{out.decode()} {err.decode()}")
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError("the run never reached the pause")
        time.sleep(0.05)
    db = Path(cli_args[cli_args.index("--db") + 1])
    wal = db.with_name(db.name + "-wal")
    wal_bytes = wal.stat().st_size if wal.exists() else 0
    process.kill()  # SIGKILL; TerminateProcess on Windows: no clean-up either way
    process.communicate()
    return KilledRun(wal_bytes, process.returncode)


class Holder:
    """Another process that holds something on the database until told to let go."""

    def __init__(self, code: str, path: Path):
        self.process = subprocess.Popen([sys.executable, "-c", code, str(path)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, encoding="utf-8")
        line = self.process.stdout.readline().strip()
        if line != "held":
            raise AssertionError(f"the holder failed: {line} {self.process.stderr.read()}")

    def release(self) -> None:
        """Let go politely (commit / unlock) and exit."""
        if self.process.poll() is None:
            self.process.communicate("\n", timeout=30)

    def kill(self) -> None:
        """Die without letting go: the OS must drop what it held."""
        if self.process.poll() is None:
            self.process.kill()  # SIGKILL; TerminateProcess on Windows
            self.process.communicate(timeout=30)


WRITE_LOCK = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")  # another program's write transaction
print("held", flush=True)
sys.stdin.readline()
connection.execute("COMMIT")
"""

GUI_LOCK = """
import sys
from pathlib import Path
from sferum_desk.db import file_lock
file_lock.hold(Path(sys.argv[1]))  # what an open Sferum Desk window holds
print("held", flush=True)
sys.stdin.readline()
file_lock.release(Path(sys.argv[1]))
"""


def hold_write_lock(path: Path) -> Holder:
    return Holder(WRITE_LOCK, path)


def hold_gui_lock(path: Path) -> Holder:
    return Holder(GUI_LOCK, path)


# ---- damage, as a bad sector, a half-copied file or a wrong file does it -------------------
PAGE = 4096


def overwrite_middle(path: Path) -> None:
    """Three whole pages in the middle of the file become noise (a bad sector)."""
    size = path.stat().st_size
    start = (size // PAGE // 2) * PAGE
    with path.open("r+b") as handle:
        handle.seek(start)
        handle.write(random.Random(7).randbytes(3 * PAGE))


def cut_in_half(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


def not_sqlite(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04" + random.Random(3).randbytes(20_000))


DAMAGE = {"overwritten": overwrite_middle, "cut": cut_in_half, "not-sqlite": not_sqlite}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def without_restore_note(content: dict) -> dict:
    """The restore writes one history row («database restored»); the rest must be equal."""
    content = dict(content)
    content["history_event"] = [row for row in content["history_event"]
                                if (row[2], row[4]) != ("database", "restored")]
    return content
