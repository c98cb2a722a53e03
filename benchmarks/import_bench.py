"""Roster import speed: 10,000 pupils with both parents on each row (about 30,000 people).

    /work/venv/bin/python benchmarks/import_bench.py [--pupils 10000] [--runs 3]

Measures, each run in a fresh process and a fresh database, end to end (read the file,
normalise, de-duplicate, write, commit):
  * ours     — RosterService.inspect + apply (calamine, cached parsers, Core bulk inserts);
  * baseline — openpyxl read-only + the domain parsers + row-by-row ORM inserts, guardians
               found or created through the ORM (`people.find_or_create_guardian`);
  * baseline-memo — the same, but parents de-duplicated in a dict (no query per parent).
Prints the medians, the speed-up and each run's peak memory (ru_maxrss of the process).
Targets (issue 4): ours < 2 s, ≥ 5× faster than the baseline, memory < 300 MB.

Side by side (issue 12), the lead's one command (about 3 minutes on an idle PC):

    /work/venv/bin/python benchmarks/import_bench.py --side-only

  * 10,000 pupils with two parents each: the WHOLE `sferum-desk import` CLI process (start,
    read, plan, write, commit) against a process doing only openpyxl's bare read-only read of
    the same file, `--runs` (5) pairs, the order alternating, after one untimed warm-up of
    each (byte-code caches in a private PYTHONPYCACHEPREFIX, as an installed program has
    them; the file in the page cache). Prints the medians of wall and CPU seconds of each,
    the ratio openpyxl / ours (>= 1: the whole import is faster than openpyxl merely
    reading the file) and the median of the paired ratios. CPU seconds (the child's own
    rusage) are the fair figure on a shared, loaded machine.
  * `--big` (100,000) pupils: one import and one openpyxl read, wall, CPU and the import
    process's own peak memory (ru_maxrss from wait4). `--big 0` skips it.

Targets: ratio >= 1 and <= 1.5 s for 10,000 pupils on an idle PC; 100,000 within 300 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SURNAMES = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов",
            "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев",
            "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлов"]
BOYS = ["Александр", "Максим", "Артём", "Михаил", "Иван", "Дмитрий", "Матвей", "Лев"]
GIRLS = ["Анна", "София", "Мария", "Алиса", "Ева", "Виктория", "Полина", "Дарья"]
MEN = ["Андрей", "Сергей", "Алексей", "Евгений", "Павел", "Олег", "Николай", "Юрий"]
PATRONYMIC_M = ["Андреевич", "Сергеевич", "Алексеевич", "Павлович", "Олегович", "Юрьевич"]
PATRONYMIC_F = ["Андреевна", "Сергеевна", "Алексеевна", "Павловна", "Олеговна", "Юрьевна"]
PHONE_STYLES = ["8{a}{b}{c}{d}", "+7 ({a}) {b}-{c}-{d}", "8-{a}-{b}-{c}-{d}", "7{a}{b}{c}{d}"]


def make_workbook(path: Path, pupils: int, seed: int = 4) -> None:
    """One sheet, a title row, the header, `pupils` rows with mother and father."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Ученики")
    sheet.append(["Список обучающихся на 01.09.2026"])
    sheet.append(["№ п/п", "ФИО ребёнка", "Дата рождения", "Класс", "ФИО матери",
                  "Телефон матери", "ФИО отца", "Телефон отца"])
    units = [f"{n}{letter}" for n in range(1, 12) for letter in "АБВГ"]
    used = set()
    for number in range(1, pupils + 1):
        surname = rng.choice(SURNAMES)
        girl = rng.random() < 0.5
        while True:  # unique pupils: the benchmark counts 3 people per row
            child = f"{surname}{'а' if girl else ''} {rng.choice(GIRLS if girl else BOYS)} " \
                    f"{rng.choice(PATRONYMIC_F if girl else PATRONYMIC_M)}"
            born = (2009 + rng.randint(0, 10), rng.randint(1, 12), rng.randint(1, 28))
            if (child, born) not in used:
                used.add((child, born))
                break
        mother = f"{surname}а {rng.choice(GIRLS)} {rng.choice(PATRONYMIC_F)}"
        father = f"{surname} {rng.choice(MEN)} {rng.choice(PATRONYMIC_M)}"
        # dates typed as text on most rows, real Excel dates on every third
        birth = f"{born[2]:02d}.{born[1]:02d}.{born[0]}" if number % 3 else dt.date(*born)
        sheet.append([number, child, birth, rng.choice(units), mother, _phone(rng), father,
                      _phone(rng) if number % 5 else int(_phone(rng, plain=True))])
    book.save(path)


def _phone(rng: random.Random, plain: bool = False) -> str:
    a = rng.choice(["903", "905", "910", "915", "916", "920", "925", "926", "977", "985"])
    b, c, d = f"{rng.randint(0, 999):03d}", f"{rng.randint(0, 99):02d}", \
        f"{rng.randint(0, 99):02d}"
    style = "8{a}{b}{c}{d}" if plain else rng.choice(PHONE_STYLES)
    return style.format(a=a, b=b, c=c, d=d)


# ---- one run, in its own process --------------------------------------------------------------
def _fresh_services(folder: Path):
    from sferum_desk.db.engine import open_database
    from sferum_desk.services import Services
    from sferum_desk.services.dto import OrganizationData

    db = open_database(folder / "bench.sqlite3")
    services = Services.over(db)
    services.organization.save(OrganizationData(kind="school", full_name="Школа"))
    return services


def run_ours(file: Path, folder: Path) -> dict:
    services = _fresh_services(folder)
    start = time.perf_counter()
    preview = services.roster.inspect(file, "students")
    plan = services.roster.apply(preview)
    elapsed = time.perf_counter() - start
    stats = services.people.stats()
    return {"seconds": elapsed, "created": plan.created, "students": stats.students,
            "guardians": stats.guardians}


def run_baseline(file: Path, folder: Path, lookup_in_memory: bool = False) -> dict:
    from openpyxl import load_workbook

    from sferum_desk.db.models import Enrolment, Person, Student
    from sferum_desk.domain.dates import parse_birth_date
    from sferum_desk.domain.names import parse_full_name
    from sferum_desk.domain.phones import normalise_phone
    from sferum_desk.services.dto import GuardianInput
    from sferum_desk.services.organization import current_year
    from sferum_desk.services.people import find_or_create_guardian, set_name
    from sferum_desk.db.models import Guardian, GuardianLink, Unit

    services = _fresh_services(folder)
    start = time.perf_counter()
    book = load_workbook(file, read_only=True, data_only=True)
    rows = list(book.active.iter_rows(min_row=3, values_only=True))
    with services.db.unit_of_work() as session:
        year = current_year(session)
        units: dict[str, int] = {}
        known: dict[tuple[str, str], Guardian] = {}
        for _, child, born, unit, mother, mphone, father, fphone in rows:
            if unit not in units:
                row = Unit(name=unit, academic_year_id=year.id)
                session.add(row)
                session.flush()
                units[unit] = row.id
            person = Person(birth_date=parse_birth_date(born))
            set_name(person, parse_full_name(child))
            person.student = Student(unit_id=units[unit])
            session.add(person)
            session.flush()
            session.add(Enrolment(student_id=person.student.id, unit_id=units[unit],
                                  started_on=dt.date.today()))
            for relation, name, phone in (("mother", mother, mphone),
                                          ("father", father, fphone)):
                data = GuardianInput(full_name=parse_full_name(name).full, relation=relation,
                                     phone=normalise_phone(phone))
                if lookup_in_memory:  # the stronger baseline: no query per parent
                    guardian = known.get((data.full_name, data.phone))
                    if guardian is None:
                        guardian = known[(data.full_name, data.phone)] = Guardian()
                        guardian.person = Person(phone=data.phone)
                        set_name(guardian.person, parse_full_name(data.full_name))
                        session.add(guardian)
                        session.flush()
                else:
                    guardian = find_or_create_guardian(session, data)
                session.add(GuardianLink(guardian_id=guardian.id,
                                         student_id=person.student.id, relation=relation))
    elapsed = time.perf_counter() - start
    stats = services.people.stats()
    return {"seconds": elapsed, "students": stats.students, "guardians": stats.guardians}


def _child(variant: str, file: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        runner = {"ours": run_ours, "baseline": run_baseline,
                  "baseline-memo": lambda f, d: run_baseline(f, d, lookup_in_memory=True)}
        result = runner[variant](Path(file), Path(folder))
    result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def _spawn(variant: str, file: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", variant, str(file)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


OPENPYXL_READ = """
import sys
from openpyxl import load_workbook
book = load_workbook(sys.argv[1], read_only=True, data_only=True)
rows = sum(1 for _ in book.active.iter_rows(values_only=True))
print(rows)
"""


def _child_env(folder: Path) -> dict:
    """Both processes run with byte-code caches, as an installed program does: a private
    cache folder (PYTHONPYCACHEPREFIX), written by an untimed warm-up run, even where the
    shell sets PYTHONDONTWRITEBYTECODE (then every start would compile our modules anew)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    return env


def _timed(argv: list[str], env: dict) -> dict:
    """Wall and CPU seconds and peak memory (ru_maxrss) of one child process, its own."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{argv[:4]} failed: {errors.read().decode(errors='replace')[-500:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "rss_mb": usage.ru_maxrss / 1024}


class _Pair:
    """The whole import CLI and openpyxl's bare read of one file, in one folder."""

    def __init__(self, file: Path, folder: Path):
        self.file, self.folder = file, folder
        self.env = _child_env(folder)
        self.fresh = folder / "fresh.sqlite3"
        if not self.fresh.exists():
            subprocess.run([sys.executable, "-m", "sferum_desk", "--db", str(self.fresh),
                            "init", "--kind", "school", "--name", "Школа"], check=True,
                           capture_output=True, env=self.env)
        self.runs = 0

    def ours(self) -> dict:
        self.runs += 1
        db = self.folder / f"run{self.runs}.sqlite3"
        db.write_bytes(self.fresh.read_bytes())
        try:
            return _timed([sys.executable, "-m", "sferum_desk", "--db", str(db), "import",
                           str(self.file), "--as", "students"], self.env)
        finally:
            for path in self.folder.glob(f"run{self.runs}.sqlite3*"):
                path.unlink()

    def openpyxl(self) -> dict:
        return _timed([sys.executable, "-c", OPENPYXL_READ, str(self.file)], self.env)


def side_by_side(file: Path, folder: Path, runs: int) -> None:
    """Paired runs, the order alternating (the first of a pair may meet a colder cache)."""
    pair = _Pair(file, folder)
    pair.ours(), pair.openpyxl()  # warm-up: byte-code caches, the file in the page cache
    ours, bare = [], []
    for number in range(runs):
        if number % 2:
            bare.append(pair.openpyxl())
            ours.append(pair.ours())
        else:
            ours.append(pair.ours())
            bare.append(pair.openpyxl())
    for what in ("wall", "cpu"):
        mine = statistics.median(r[what] for r in ours)
        theirs = statistics.median(r[what] for r in bare)
        paired = statistics.median(b[what] / o[what] for o, b in zip(ours, bare))
        print(f"{what:4}: whole import CLI {mine:.2f} s, openpyxl bare read {theirs:.2f} s, "
              f"ratio {theirs / mine:.2f} (median of paired ratios {paired:.2f}; runs ours "
              f"{[round(r[what], 2) for r in ours]}, openpyxl "
              f"{[round(r[what], 2) for r in bare]})")


def big_run(pupils: int, folder: Path) -> None:
    """One import of a big list in its own process: its peak memory (ru_maxrss)."""
    file = folder / f"pupils-{pupils}.xlsx"
    make_workbook(file, pupils)
    pair = _Pair(file, folder)
    pair.openpyxl()  # warm-up
    mine, theirs = pair.ours(), pair.openpyxl()
    print(f"{pupils} pupils ({file.stat().st_size / 1024 / 1024:.1f} MB): whole import CLI "
          f"{mine['wall']:.1f} s (cpu {mine['cpu']:.1f} s), openpyxl bare read "
          f"{theirs['wall']:.1f} s (cpu {theirs['cpu']:.1f} s), ratio wall "
          f"{theirs['wall'] / mine['wall']:.2f}, cpu {theirs['cpu'] / mine['cpu']:.2f}; "
          f"peak memory of the import process {mine['rss_mb']:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline-runs", type=int, default=1)
    parser.add_argument("--child", nargs=2, metavar=("VARIANT", "FILE"))
    parser.add_argument("--side-only", action="store_true",
                        help="only the whole-CLI vs openpyxl side-by-side")
    parser.add_argument("--big", type=int, default=100_000,
                        help="pupils of the list whose peak memory is measured (0: skip)")
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "pupils.xlsx"
        make_workbook(file, args.pupils)
        print(f"workbook: {args.pupils} pupils, {file.stat().st_size / 1024:.0f} KB")
        side_by_side(file, Path(folder), args.runs)
        print("targets: ratio >= 1 and <= 1.5 s (idle PC) for 10,000 pupils")
        if args.big:
            big_run(args.big, Path(folder))
            print("target: 100,000 pupils within 300 MB")
        if args.side_only:
            return
        ours = [_spawn("ours", file) for _ in range(args.runs)]
        base = [_spawn("baseline", file) for _ in range(args.baseline_runs)]
        memo = [_spawn("baseline-memo", file) for _ in range(args.baseline_runs)]
    ours_s = statistics.median(r["seconds"] for r in ours)
    base_s = statistics.median(r["seconds"] for r in base)
    print(f"ours:     median {ours_s:.2f} s  runs {[round(r['seconds'], 2) for r in ours]}  "
          f"peak RSS {max(r['max_rss_mb'] for r in ours):.0f} MB  "
          f"students {ours[0]['students']}, guardians {ours[0]['guardians']}")
    print(f"baseline: median {base_s:.2f} s  runs {[round(r['seconds'], 2) for r in base]}  "
          f"peak RSS {max(r['max_rss_mb'] for r in base):.0f} MB  "
          f"students {base[0]['students']}, guardians {base[0]['guardians']}")
    memo_s = statistics.median(r["seconds"] for r in memo)
    print(f"baseline, parents looked up in a dict instead of queried: median {memo_s:.2f} s  "
          f"peak RSS {max(r['max_rss_mb'] for r in memo):.0f} MB")
    print(f"speed-up: {base_s / ours_s:.1f}x over the baseline, {memo_s / ours_s:.1f}x over the "
          "dict baseline  (targets: ours < 2 s, >= 5x, < 300 MB)")


if __name__ == "__main__":
    main()
