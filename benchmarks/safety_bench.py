"""What the safety net costs on a big school: 10,000 pupils with both parents (about 30,000
people, an 11 MB file).

    /work/venv/bin/python benchmarks/safety_bench.py [--pupils 10000] [--runs 5]

Prints medians of: the damage probe every open now does (PRAGMA quick_check), a whole open,
the full check (`sferum-desk check`), a verified backup, the list of backups with their
counts (12 backups), a restore, and one person's data as PDF.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))


def timed(runs: int, action) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    options = argparse.ArgumentParser()
    options.add_argument("--pupils", type=int, default=10_000)
    options.add_argument("--runs", type=int, default=5)
    args = options.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="sferum-safety-bench-"))
    os.environ.setdefault("SFERUM_DESK_HOME", str(folder / "home"))

    from import_bench import make_workbook

    from sferum_desk.db.engine import open_database
    from sferum_desk.db.recovery import file_problems
    from sferum_desk.services import Services
    from sferum_desk.services.dto import OrganizationData
    from sferum_desk.services.personal_data import PersonalDataService
    from sferum_desk.services.safety import backups_for, check_database, restore_database

    path = folder / "школа.sqlite3"
    book = folder / "roster.xlsx"
    make_workbook(book, args.pupils)
    db = open_database(path)
    services = Services.over(db)
    services.organization.save(OrganizationData(kind="school", full_name="Школа"))
    services.roster.apply(services.roster.inspect(book, "students"))
    people = services.people.stats()
    for _ in range(11):
        services.organization.backup_now()
    person = services.people.list_guardians()[0].id
    db.close()
    size = path.stat().st_size / 1e6
    print(f"database: {people.students + people.guardians + people.staff} people, "
          f"{size:.1f} MB")

    results = {
        "damage probe (quick_check)": timed(args.runs, lambda: file_problems(path)),
        "open_database (probe + migrations check)":
            timed(args.runs, lambda: open_database(path).close()),
        "full check (integrity_check, keys, orphans)":
            timed(args.runs, lambda: check_database(path)),
        "backups listed with counts (12)": timed(args.runs, lambda: backups_for(path)),
    }
    db = open_database(path)
    results["verified backup"] = timed(args.runs, lambda: db.backup("bench"))
    results["one person's data as PDF"] = timed(
        args.runs, lambda: PersonalDataService(db).export(person, folder / "p.pdf"))
    db.close()
    newest = backups_for(path)[0].path
    results["restore (verify, copy, swap, migrate)"] = timed(
        args.runs, lambda: restore_database(path, newest))
    for name, seconds in results.items():
        print(f"{name:48s} {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
