"""A 1,000-person familiarisation list: time to PDF (target: under 2 s).

Two measurements, median of three runs each:
- render: the PDF drawn from plain data (printing/familiarisation.py alone), with and
  without the optional «Должность» column;
- service: the whole «print the list» use case over a database of 1,000 staff (reading the
  act's people, sorting, drawing, writing the file atomically).

Run: /work/venv/bin/python benchmarks/sheet_bench.py [--count 10000]
(#17's row: `sheet` for 10,000 people in at most 2 s.)
"""

from __future__ import annotations

import datetime as dt
import io
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sferum_desk.db.engine import open_database
from sferum_desk.db.models import Person, Staff
from sferum_desk.domain.names import FullName, name_key
from sferum_desk.printing.familiarisation import SheetData, SheetRow, render_sheet
from sferum_desk.services import Services
from sferum_desk.services.acknowledgements import ActInput, AudienceInput, SheetOptions
from sferum_desk.services.dto import OrganizationData

PEOPLE = 1000
if "--count" in sys.argv:
    PEOPLE = int(sys.argv[sys.argv.index("--count") + 1])
RUNS = 3
SURNAMES = ["Иванова", "Смирнова", "Кузнецова", "Попова", "Васильева", "Петрова", "Соколова",
            "Фёдорова", "Морозова", "Волкова", "Алексеева", "Лебедева", "Семёнова", "Ёлкина",
            "Константинопольская", "Яковлева", "Сапёлкина", "Хенкель", "Андрюшенко"]
FIRST = ["Анна", "Мария", "Алёна", "Ольга", "Татьяна", "Наталья", "Ксения", "Дарья"]
PATRONYMIC = ["Ивановна", "Петровна", "Сергеевна", "Алексеевна", "Вячеславовна", "Юрьевна"]
POSITIONS = ["Учитель", "Учитель начальных классов", "Педагог-психолог",
             "Заместитель директора по учебно-воспитательной работе", "Библиотекарь"]


def names(count: int) -> list[FullName]:
    rng = random.Random(6)
    return [FullName(rng.choice(SURNAMES), rng.choice(FIRST), rng.choice(PATRONYMIC))
            for _ in range(count)]


def median_time(action) -> tuple[float, float, object]:
    """The median wall and CPU times (CPU is the figure that counts on a loaded machine)."""
    times, cpu, result = [], [], None
    for _ in range(RUNS):
        start, cpu_start = time.perf_counter(), time.process_time()
        result = action()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
    return statistics.median(times), statistics.median(cpu), result


def pages(pdf: bytes) -> int:
    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def bench_render() -> None:
    people = names(PEOPLE)
    rows = [SheetRow(n.full, POSITIONS[i % len(POSITIONS)]) for i, n in enumerate(people)]
    for label, extra in (("render, 4 columns", ""), ("render, + «Должность»", "Должность")):
        data = SheetData("МБОУ «СОШ № 1»", "Положение", "об использовании платформы «Сферум»",
                         "236-а", dt.date(2024, 10, 17), rows, extra)
        render_sheet(data)  # warm up: font registration, imports
        seconds, cpu, pdf = median_time(lambda data=data: render_sheet(data))
        print(f"{label:<30} {seconds:6.3f} s (cpu {cpu:.3f} s)  {pages(pdf)} pages  "
              f"{len(pdf) / 1024:.0f} KB")


def bench_service(folder: Path) -> None:
    db = open_database(folder / "bench.sqlite3")
    services = Services.over(db)
    services.organization.save(OrganizationData(kind="school", full_name="МБОУ «СОШ № 1»"))
    with db.unit_of_work() as session:
        for index, name in enumerate(names(PEOPLE)):
            person = Person(last_name=name.last, first_name=name.first,
                            patronymic=name.patronymic, name_key=name_key(name))
            person.staff = Staff(position=POSITIONS[index % len(POSITIONS)])
            session.add(person)
    act = services.acknowledgements.add_act(ActInput(
        doc_type="Положение", title="об использовании платформы «Сферум»", number="236-а",
        issued_on="17.10.2024", audience=AudienceInput("staff")))
    out = folder / "sheet.pdf"
    options = SheetOptions(extra_column=True)
    seconds, cpu, _ = median_time(
        lambda: services.acknowledgements.save_sheet(act.id, out, options))
    print(f"{'service, read + render + save':<30} {seconds:6.3f} s (cpu {cpu:.3f} s)  "
          f"{pages(out.read_bytes())} pages  ({act.total} people)")
    db.close()


def main() -> int:
    print(f"Familiarisation list of {PEOPLE} people, median of {RUNS} runs "
          f"(Python {sys.version.split()[0]})")
    bench_render()
    with tempfile.TemporaryDirectory() as folder:
        bench_service(Path(folder))
    print("target: under 2 s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
