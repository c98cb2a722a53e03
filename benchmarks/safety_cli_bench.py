"""#17's safety rows through the public CLI, on a school of 10,000 pupils with both parents
(30,000 people), beside their floors in the same run.

    PYTHONPATH=$PWD /work/venv/bin/python benchmarks/safety_cli_bench.py [--pupils 10000]
        [--runs 3] [--erase 2800]

Rows: `backup`, `check`, `copy-to` (floors: the sqlite3 backup API and VACUUM INTO in this
process) and `erase-left` of `--erase` people (pupils who left with their parents; each run
on a fresh copy of the file). Wall time of the whole command, process start included.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))


def cli(db: Path, *args: str) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "sferum_desk", "--db", str(db), *args],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{args}: {done.stderr}")
    return seconds


def median(runs: int, action, prepare=lambda: None) -> float:
    times = []
    for _ in range(runs):
        prepare()
        times.append(action())
    return statistics.median(times)


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def build(folder: Path, pupils: int) -> Path:
    from import_bench import make_workbook

    from sferum_desk.db.engine import open_database
    from sferum_desk.services import Services
    from sferum_desk.services.dto import OrganizationData

    path = folder / "школа.sqlite3"
    book = folder / "roster.xlsx"
    make_workbook(book, pupils)
    db = open_database(path)
    services = Services.over(db)
    services.organization.save(OrganizationData(kind="school", full_name="Школа"))
    services.roster.apply(services.roster.inspect(book, "students"))
    db.close()
    return path


def mark_left(path: Path, people: int) -> None:
    """Pupils and their parents, `people` in all, left 400 days ago."""
    with closing(sqlite3.connect(path)) as raw, raw:
        pupils = raw.execute("SELECT s.id, s.person_id FROM student s ORDER BY s.id").fetchall()
        chosen: list[int] = []
        for student_id, person_id in pupils:
            if len(chosen) >= people:
                break
            parents = [row[0] for row in raw.execute(
                "SELECT g.person_id FROM guardian_link l JOIN guardian g ON g.id = l.guardian_id "
                "WHERE l.student_id = ?", (student_id,))]
            chosen += [person_id, *parents]
        chosen = chosen[:people]
        raw.executemany("UPDATE person SET left_on = date('now', '-400 days') WHERE id = ?",
                        [(pid,) for pid in chosen])


def main() -> None:
    options = argparse.ArgumentParser()
    options.add_argument("--pupils", type=int, default=10_000)
    options.add_argument("--runs", type=int, default=3)
    options.add_argument("--erase", type=int, default=2800)
    args = options.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="sferum-safety-cli-bench-"))
    os.environ["SFERUM_DESK_HOME"] = str(folder / "home")
    path = build(folder, args.pupils)
    with closing(sqlite3.connect(path)) as raw:
        people = raw.execute("SELECT count(*) FROM person").fetchone()[0]
    print(f"database: {people} people, {path.stat().st_size / 1e6:.1f} MB")
    start_only = median(args.runs, lambda: cli(path, "--version"))
    copy = folder / "копия.sqlite3"

    def fresh_copy_target():
        copy.unlink(missing_ok=True)

    def floor_backup():
        with closing(sqlite3.connect(path)) as src, closing(sqlite3.connect(copy)) as dst:
            src.backup(dst)

    def floor_vacuum_into():
        with closing(sqlite3.connect(path)) as src:
            src.execute("VACUUM INTO ?", (str(copy),))

    erasing = folder / "стирание.sqlite3"
    marked = folder / "помечены.sqlite3"
    shutil.copyfile(path, marked)
    mark_left(marked, args.erase)

    def fresh_erasing():
        shutil.rmtree(folder / "backups", ignore_errors=True)
        shutil.copyfile(marked, erasing)

    rows = [
        ("process start (--version)", start_only, None),
        ("backup", median(args.runs, lambda: cli(path, "backup")),
         median(args.runs, lambda: timed(floor_backup), fresh_copy_target)),
        ("check", median(args.runs, lambda: cli(path, "check")), None),
        ("copy-to", median(args.runs, lambda: cli(path, "copy-to", str(copy)),
                           fresh_copy_target),
         median(args.runs, lambda: timed(floor_vacuum_into), fresh_copy_target)),
        (f"erase-left ({args.erase} people)",
         median(args.runs, lambda: cli(erasing, "erase-left", "--days", "30", "--yes"),
                fresh_erasing), None),
    ]
    for name, ours, floor in rows:
        peer = f"   floor {floor:6.2f} s   ratio {ours / floor:5.1f}" if floor else ""
        print(f"{name:32s} {ours:6.2f} s{peer}")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
