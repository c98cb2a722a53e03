"""transfer, leave, todo, new-year, erase-left, coverage, report: movement and the head's
figures without the GUI."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from sferum_desk.commands.output import print_json
from sferum_desk.domain.dates import format_date
from sferum_desk.domain.errors import UserError

if TYPE_CHECKING:  # the services are imported by the handlers that run
    from sferum_desk.domain.coverage import CoverageReport, Ratio, UnitCoverage
    from sferum_desk.services import Services


def register(sub: argparse._SubParsersAction) -> None:
    transfer = sub.add_parser("transfer", help="перевести обучающегося в другое подразделение")
    who = transfer.add_mutually_exclusive_group(required=True)
    who.add_argument("--student", help="ФИО обучающегося")
    who.add_argument("--id", type=int, help="номер человека (из list students --json)")
    transfer.add_argument("--to", required=True, help="куда: 6А, Ромашка")
    transfer.add_argument("--date", default=None, help="дата перевода (по умолчанию сегодня)")
    transfer.set_defaults(handler=cmd_transfer)

    leave = sub.add_parser("leave", help="оформить выбытие: обучающийся, сотрудник, родитель")
    who = leave.add_mutually_exclusive_group(required=True)
    who.add_argument("--person", help="ФИО")
    who.add_argument("--id", type=int, help="номер человека (из list … --json)")
    leave.add_argument("--date", default=None, help="дата выбытия (по умолчанию сегодня)")
    leave.set_defaults(handler=cmd_leave)

    todo = sub.add_parser("todo", help="список «Сделать в Сферуме»")
    todo_sub = todo.add_subparsers(dest="todo_command", metavar="ДЕЙСТВИЕ", required=True)
    listing = todo_sub.add_parser("list", help="что осталось сделать на платформе")
    listing.add_argument("--all", action="store_true", help="и уже сделанное")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_todo_list)
    done = todo_sub.add_parser("done", help="отметить задачу сделанной")
    done.add_argument("ids", type=int, nargs="+", metavar="ID")
    done.add_argument("--undo", action="store_true", help="снять отметку")
    done.set_defaults(handler=cmd_todo_done)
    export = todo_sub.add_parser("export", help="открытые задачи в PDF или Excel")
    export.add_argument("--out", required=True, type=Path, help="файл .pdf или .xlsx")
    export.set_defaults(handler=cmd_todo_export)

    year = sub.add_parser("new-year", help="новый учебный год: предпросмотр, --apply выполняет")
    year.add_argument("--final-grade", type=int, default=None,
                      help="выпускной класс/курс (школа — 11, колледж — 4)")
    year.add_argument("--rename", action="append", default=[], metavar="СТАРОЕ=НОВОЕ",
                      help="своё новое название (можно несколько раз)")
    year.add_argument("--graduate", action="append", default=[], metavar="НАЗВАНИЕ",
                      help="это подразделение выпускается (можно несколько раз)")
    year.add_argument("--apply", action="store_true", help="выполнить смену года")
    year.add_argument("--json", action="store_true")
    year.set_defaults(handler=cmd_new_year)

    erase = sub.add_parser("erase-left", help="стереть данные выбывших больше N дней назад")
    erase.add_argument("--days", type=int, required=True,
                       help="сколько дней назад выбыли (0 — все выбывшие, сегодняшние тоже)")
    erase.add_argument("--yes", action="store_true", help="стереть (без него — только список)")
    erase.add_argument("--act", metavar="FILE.pdf",
                       help="куда сохранить акт об уничтожении (по умолчанию — рядом с базой)")
    erase.set_defaults(handler=cmd_erase_left)

    coverage = sub.add_parser("coverage", help="охват платформой по подразделениям")
    coverage.add_argument("--json", action="store_true")
    coverage.set_defaults(handler=cmd_coverage)

    report = sub.add_parser("report", help="отчёт для руководителя: PDF или Excel")
    report.add_argument("--out", required=True, type=Path, help="файл .pdf или .xlsx")
    report.set_defaults(handler=cmd_report)


# ---- people by name -----------------------------------------------------------------
def _one_person(services: Services, name: str | None, person_id: int | None,
                flag: str, students_only: bool = False) -> int:
    """The id of the one person the name means; several namesakes are refused with ids."""
    if person_id is not None:
        return services.movement.describe(person_id).id
    matches = services.movement.find_people(name or "", students_only=students_only)
    current = [m for m in matches if m.left_on is None] or matches
    if not current:
        raise UserError(f"Человек «{name}» не найден: проверьте ФИО или укажите номер "
                        f"через --id.")
    if len(current) > 1:
        options = "; ".join(f"--id {m.id} — {m.full_name} ({m.description})" for m in current)
        raise UserError(f"ФИО «{name}» носят несколько человек, укажите нужного вместо "
                        f"{flag}: {options}.")
    return current[0].id


def cmd_transfer(services: Services, args) -> int:
    person_id = _one_person(services, args.student, args.id, "--student", students_only=True)
    unit_id = services.movement.unit_id(args.to)
    change = services.movement.transfer(person_id, unit_id, args.date)
    print(_change_text(change))
    return 0


def cmd_leave(services: Services, args) -> int:
    person_id = _one_person(services, args.person, args.id, "--person")
    change = services.movement.leave(person_id, args.date)
    print(_change_text(change))
    return 0


def _change_text(change) -> str:
    if not change.tasks_added:
        return change.summary
    return f"{change.summary} В «Сделать в Сферуме» добавлено задач: {change.tasks_added}."


# ---- to-do ----------------------------------------------------------------------------
def cmd_todo_list(services: Services, args) -> int:
    services.platform.reconcile_tasks()
    tasks = services.platform.list_tasks(include_done=args.all)
    if args.json:
        print_json([{"id": t.id, "kind": t.kind, "kind_title": t.kind_title,
                     "description": t.description, "person_id": t.person_id,
                     "unit_id": t.unit_id, "unit": t.unit,
                     "created_at": t.created_at.isoformat(),
                     "done_at": t.done_at.isoformat() if t.done_at else None} for t in tasks])
        return 0
    if not tasks:
        print("На платформе ничего делать не нужно.")
    for task in tasks:
        mark = "[x]" if task.done else "[ ]"
        print(f"{mark} {task.id}\t{task.kind_title}\t{task.description}")
    return 0


def cmd_todo_done(services: Services, args) -> int:
    for task_id in args.ids:
        task = services.platform.set_task_done(task_id, not args.undo)
        state = "снова открыта" if args.undo else "сделана"
        print(f"Задача {task.id} {state}: {task.description}")
    return 0


def cmd_todo_export(services: Services, args) -> int:
    path = services.platform.export_tasks(args.out)
    print(f"Список «Сделать в Сферуме» сохранён: {path}")
    return 0


# ---- new year and erasure ------------------------------------------------------------
def cmd_new_year(services: Services, args) -> int:
    from sferum_desk.services.movement import ACTION_TITLES, GRADUATE

    plan = services.movement.preview_new_year(args.final_grade)
    _edit_plan(plan, args.rename, args.graduate)
    if args.json and not args.apply:
        print_json(asdict(plan))
        return 0
    if not args.apply:
        print(f"Смена года {plan.current_year} → {plan.new_year} (предпросмотр, ничего не "
              "изменено; выполнить: --apply):")
        for unit in plan.units:
            after = "" if unit.action == GRADUATE else f" → {unit.new_name}"
            print(f"  {unit.name}{after}\t{ACTION_TITLES[unit.action]}\t"
                  f"{unit.students} чел.")
        for names in plan.merges().values():
            print(f"  Объединяются в одно: {', '.join(names)}")
        return 0
    change = services.movement.start_new_year(plan)
    print(_change_text(change))
    return 0


def _edit_plan(plan, renames: list[str], graduates: list[str]) -> None:
    from sferum_desk.domain.names import fold
    from sferum_desk.services.movement import GRADUATE

    by_name = {fold(u.name): u for u in plan.units}
    for pair in renames:
        old, sep, new = pair.partition("=")
        unit = by_name.get(fold(old))
        if not sep or unit is None or not new.strip():
            raise UserError(f"«{pair}» не подходит: нужен вид --rename «СТАРОЕ=НОВОЕ» с "
                            "названием из предпросмотра.")
        unit.new_name, unit.action = new.strip(), "promote"
    for name in graduates:
        unit = by_name.get(fold(name))
        if unit is None:
            raise UserError(f"«{name}» нет в предпросмотре: проверьте название.")
        unit.action = GRADUATE


def cmd_erase_left(services: Services, args) -> int:
    if not args.yes:
        people = services.movement.retention_candidates(args.days)  # --yes finds them itself
        if not people:
            print("Нет людей, выбывших больше 0 дн. назад (0 — все выбывшие, и сегодня тоже)."
                  if args.days == 0 else f"Нет людей, выбывших больше {args.days} дн. назад.")
        for row in people:
            print(f"{row.person_id}\t{row.full_name}\t{row.role}\tвыбыл(а) "
                  f"{format_date(row.left_on)}")
        if people:
            print(f"Будет стёрто: {len(people)} чел. Чтобы стереть навсегда, добавьте --yes.")
        return 0
    done = services.destruction.erase_left(args.days, args.act)
    result = done.erasure
    print(f"Стёрто навсегда: {result.people} чел. (обучающихся {result.students}, "
          f"сотрудников {result.staff}, родителей {result.guardians}); остались только "
          "обезличенные количества.")
    if result.scrubbed_backups:
        print(f"Из более ранних резервных копий они тоже удалены (копий: "
              f"{result.scrubbed_backups}).")
    print(f"Акт об уничтожении персональных данных № {done.act_number} сохранён: "
          f"{done.act_path}")
    return 0


# ---- coverage and the report ----------------------------------------------------------
def _ratio(ratio: Ratio | None) -> dict | None:
    if ratio is None:
        return None
    return {"joined": ratio.joined, "total": ratio.total, "percent": round(ratio.percent, 1)}


def _without_declined(ratio: Ratio | None) -> dict | None:
    """The same figure counted without those who declined (services/refusals)."""
    if ratio is None:
        return None
    return {"joined": ratio.joined, "total": ratio.counted, "declined": ratio.declined,
            "not_yet": ratio.not_yet, "percent": round(ratio.percent_without_declined, 1)}


def _line(line: UnitCoverage) -> dict:
    return {"unit_id": line.unit_id, "unit": line.name, "staff_room": line.is_staff_room,
            "staff": _ratio(line.staff), "students": _ratio(line.students),
            "parents": _ratio(line.parents), "families": _ratio(line.families),
            "slips_handed": line.slips_handed, "acks_pending": line.acks_pending,
            "slips_printed": line.slips_printed,
            "declined": line.main.declined,
            "without_declined": {key: _without_declined(ratio) for key, ratio in (
                ("staff", line.staff), ("students", line.students), ("parents", line.parents),
                ("families", line.families))}}


def coverage_json(report: CoverageReport) -> dict:
    return {"as_of": report.as_of.isoformat(), "academic_year": report.academic_year,
            "audiences": list(report.audiences),
            "units": [_line(u) for u in report.units], "total": _line(report.total),
            "growth": [{"week_start": p.week_start.isoformat(), "added": p.added,
                        "staff": p.staff, "students": p.students, "parents": p.parents,
                        "total": p.total} for p in report.growth]}


def _declined_text(ratio: Ratio) -> str:
    if not ratio.declined:
        return ""
    return (f", отказались {ratio.declined}, без них {ratio.joined} из {ratio.counted} "
            f"({ratio.percent_without_declined:.0f} %)")


def cmd_coverage(services: Services, args) -> int:
    from sferum_desk.services.coverage_rows import read_coverage  # no ORM: a light start

    report = read_coverage(services.db) or services.reports.coverage()
    if args.json:
        print_json(coverage_json(report))
        return 0
    from sferum_desk.domain.coverage import AUDIENCE_TITLES

    counted = ", ".join(AUDIENCE_TITLES[a].lower() for a in report.audiences)
    print(f"Охват на {format_date(report.as_of)} (учитываются: {counted})")
    for line in [*report.units, report.total]:
        parts = [f"{title}: {ratio.text()}" + _declined_text(ratio) for title, ratio in (
            ("сотрудники", line.staff), ("обучающиеся", line.students),
            ("родители", line.parents), ("семьи", line.families)) if ratio is not None]
        parts.append(f"карточки: напечатано {line.slips_printed}, выдано {line.slips_handed}")
        print(f"{line.name}\t" + "; ".join(parts))
    return 0


def cmd_report(services: Services, args) -> int:
    from sferum_desk.services.coverage_rows import export_report  # no ORM: a light start

    path = export_report(services.db, args.out,
                         lambda today, with_missing: services.reports.coverage(today, with_missing))
    print(f"Отчёт сохранён: {path}")
    return 0
