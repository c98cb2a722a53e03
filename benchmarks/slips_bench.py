"""1,000 named invitation slips, 8 per A4 page: time and file size (targets: < 3 s, < 3 MB).

Three measurements, median of three runs each, wall and CPU:
- render: the PDF drawn from plain data (the printing/slips package alone);
- service: the whole «print» use case over a database of 40 classes × 25 parents
  (reading the people, drawing, recording 1,000 slips, writing the file);
- peer: the same slips' text alone on a bare reportlab canvas, 8 to a page, no QR (the
  floor `benchmarks/real_school.py` sets beside the named-slips row), in the same run.

Run: /work/venv/bin/python benchmarks/slips_bench.py [--count 10000]
(#17's row: 10,000 named slips in at most 5 s.)
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sferum_desk.printing.slips import SlipData, SlipSheet, render_slips

COUNT, PER_PAGE, CLASSES = 1000, 8, 40
if "--count" in sys.argv:
    COUNT = int(sys.argv[sys.argv.index("--count") + 1])
    CLASSES = max(1, COUNT // 25)
SURNAMES = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов",
            "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев",
            "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлов"]
FIRST = ["Анна", "Мария", "Ольга", "Елена", "Андрей", "Сергей", "Алексей", "Пётр", "Юлия"]
PATRONYMIC = ["Петровна", "Игоревна", "Сергеевич", "Андреевич", "Олеговна", "Ильич"]


def _names(rng: random.Random, count: int) -> list[str]:
    return [f"{rng.choice(SURNAMES)} {rng.choice(FIRST)} {rng.choice(PATRONYMIC)}"
            for _ in range(count)]


CPU: dict[str, float] = {}  # the median CPU time of each measurement, beside its wall time


def _median_time(job, runs: int = 3, label: str = "") -> tuple[float, object]:
    """The median wall time (and, in CPU[label], the median CPU time: the figure that
    counts on a loaded machine)."""
    times, cpu, result = [], [], None
    for _ in range(runs):
        start, cpu_start = time.perf_counter(), time.process_time()
        result = job()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
    CPU[label] = statistics.median(cpu)
    return statistics.median(times), result


def bench_render() -> tuple[float, int]:
    rng = random.Random(1)
    names = _names(rng, COUNT)
    slips = [SlipData(f"https://sferum.ru/?invite=Class{i // 25:02d}Xq7R2mPzL4kT",
                      f"Класс {i // 25 + 1}А", "parents", "Родители", name,
                      f"ребёнок: {name.split()[0]} Максим") for i, name in enumerate(names)]
    sheet = SlipSheet("МБОУ «СОШ № 1»", "Петрова Ольга Игоревна", "+7 916 123-45-67",
                      dt.date(2025, 11, 25))
    seconds, pdf = _median_time(lambda: render_slips(slips, sheet, per_page=PER_PAGE),
                                label="render")
    return seconds, len(pdf)


def bench_peer(folder: Path) -> float:
    """The slips' four lines of text, drawn with drawString and nothing else."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from sferum_desk.printing.fonts import SERIF, register_fonts

    register_fonts()
    names = _names(random.Random(1), COUNT)
    width, height = A4

    def job() -> None:
        canvas = Canvas(str(folder / "peer.pdf"), pagesize=A4)
        for index, name in enumerate(names):
            if index and index % PER_PAGE == 0:
                canvas.showPage()
            x = (index % 2) * width / 2 + 20
            y = height - ((index % 8) // 2 + 1) * height / 4 + 20
            canvas.setFont(SERIF, 11)
            canvas.drawString(x, y + 150, "МБОУ «СОШ № 1»: приглашение в «Сферум»")
            canvas.drawString(x, y + 130, name)
            canvas.drawString(x, y + 110, f"Класс {index // 25 + 1}А, чат родителей")
            canvas.setFont(SERIF, 8)
            canvas.drawString(x, y + 20, "Отсканируйте QR-код камерой телефона")
        canvas.save()
    seconds, _ = _median_time(job, label="peer")
    return seconds


def bench_service(folder: Path) -> tuple[float, int]:
    from sferum_desk.db.engine import open_database
    from sferum_desk.services import Services
    from sferum_desk.services.dto import GuardianInput, OrganizationData, StudentInput
    from sferum_desk.services.invitations import SlipRequest

    db = open_database(folder / "bench.sqlite3")
    services = Services.over(db)
    services.organization.save(OrganizationData(kind="school", full_name="МБОУ «СОШ № 1»",
                                                admin_name="Петрова Ольга Игоревна",
                                                admin_phone="+79161234567"))
    rng = random.Random(2)
    unit_ids = []
    for number in range(CLASSES):
        unit = services.structure.create_unit(f"{number // 4 + 1}{'АБВГ'[number % 4]}")
        unit_ids.append(unit.id)
        services.invitations.add_link(unit.id, "parents",
                                      f"https://sferum.ru/?invite=Bench{number:02d}Q1sDfE")
        for index, name in enumerate(_names(rng, COUNT // CLASSES)):
            phone = f"+7916{number:03d}{index:04d}"  # one parent per pupil, never shared
            services.people.save_student(StudentInput(
                f"{name.split()[0]} Максим", None, unit.id,
                [GuardianInput(name, "mother", phone)]))
    out = folder / "slips.pdf"

    def job():
        return services.invitations.print_slips(SlipRequest(unit_ids, "parents",
                                                            per_page=PER_PAGE), out)
    seconds, result = _median_time(job, label="service")
    assert result.slips == COUNT, result
    size = out.stat().st_size
    db.close()
    return seconds, size


def main() -> int:
    seconds, size = bench_render()
    print(f"render : {COUNT} slips, {PER_PAGE}/page: {seconds:.2f} s (cpu {CPU['render']:.2f} s), "
          f"{size / 1e6:.2f} MB")
    with tempfile.TemporaryDirectory() as folder:
        seconds_all, size_all = bench_service(Path(folder))
    print(f"service: {COUNT} slips, {PER_PAGE}/page: {seconds_all:.2f} s "
          f"(cpu {CPU['service']:.2f} s), "
          f"{size_all / 1e6:.2f} MB (read people, draw, record slips, write file)")
    with tempfile.TemporaryDirectory() as folder:
        peer = bench_peer(Path(folder))
    print(f"peer   : {COUNT} slips' text alone: {peer:.2f} s (cpu {CPU['peer']:.2f} s); "
          f"service / peer: ×{seconds_all / peer:.1f} wall, "
          f"×{CPU['service'] / CPU['peer']:.1f} cpu")
    limit_s, limit_mb = (3, 3) if COUNT <= 1000 else (5 * COUNT / 10000, 3 * COUNT / 1000)
    ok = max(seconds, seconds_all) < limit_s and max(size, size_all) < limit_mb * 1e6
    print(f"targets (< {limit_s:g} s, < {limit_mb:g} MB):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
