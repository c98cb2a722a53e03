"""import, undo-import, export, template: rosters in and out of Excel."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from sferum_desk.commands.output import print_json
from sferum_desk.domain.errors import UserError

if TYPE_CHECKING:
    from sferum_desk.services import Services
    from sferum_desk.services.roster_import import ImportPlan

KIND_WORDS = {"students": "ученики с родителями", "staff": "сотрудники"}


def register(sub: argparse._SubParsersAction) -> None:
    imp = sub.add_parser("import", help="загрузить список из Excel, ODS или CSV")
    imp.add_argument("file", type=Path, help="файл со списком")
    imp.add_argument("--as", dest="kind", required=True, choices=list(KIND_WORDS),
                     help="что в файле: students — ученики с родителями, staff — сотрудники")
    imp.add_argument("--dry-run", action="store_true",
                     help="только показать, что будет добавлено и изменено")
    imp.add_argument("--unit", default="",
                     help="класс/группа для строк, где он не указан")
    imp.add_argument("--json", action="store_true")
    imp.add_argument("--include-hidden", action="store_true",
                     help="загрузить и строки, скрытые или зачёркнутые в файле")
    imp.add_argument("--unit-map", action="append", default=[], metavar="«В ФАЙЛЕ=КЛАСС»",
                     help="какой класс/группа означает название из файла, например "
                          "«гр. Солнышко=Солнышко» (можно повторять)")
    imp.set_defaults(handler=cmd_import)

    undo = sub.add_parser("undo-import", help="отменить последний импорт")
    undo.set_defaults(handler=cmd_undo_import)

    export = sub.add_parser("export", help="выгрузить список в Excel")
    export.add_argument("what", choices=list(KIND_WORDS))
    export.add_argument("--out", type=Path, required=True, help="файл .xlsx")
    export.set_defaults(handler=cmd_export)

    template = sub.add_parser("template", help="сохранить шаблон списка для импорта")
    template.add_argument("what", choices=list(KIND_WORDS))
    template.add_argument("--out", type=Path, required=True, help="файл .xlsx")
    template.set_defaults(handler=cmd_template)


def cmd_import(services: Services, args) -> int:
    preview = services.roster.inspect(args.file, args.kind)
    preview.default_unit = args.unit
    preview.include_hidden = args.include_hidden
    preview.unit_choices = _unit_map(args.unit_map)
    preview.read_once = True  # one plan or apply: the rows are let go once read
    if args.dry_run:
        plan = services.roster.plan(preview)
    else:
        plan = services.roster.apply(preview)
    if args.json:
        print_json(plan.as_dict())
    else:
        print(summary_text(plan))
    return 0


def _unit_map(pairs: list[str]) -> dict[str, str]:
    result = {}
    for pair in pairs:
        in_file, sep, unit = pair.partition("=")
        if not sep or not in_file.strip() or not unit.strip():
            raise UserError(f"«{pair}» не понято: укажите --unit-map «название в файле=класс», "
                            "например «гр. Солнышко=Солнышко».")
        result[in_file.strip()] = unit.strip()
    return result


def summary_text(plan: ImportPlan) -> str:
    head = "Пробный прогон, база не изменена." if plan.dry_run else "Импорт выполнен."
    lines = [f"{head} Файл: {plan.source_name} ({KIND_WORDS[plan.kind]})",
             f"created: {plan.created}", f"updated: {plan.updated}",
             f"unchanged: {plan.unchanged}", f"skipped: {len(plan.skipped)}"]
    for name, counts in plan._named_roles():
        lines.append(f"  {name}: created {counts.created}, updated {counts.updated}, "
                     f"unchanged {counts.unchanged}")
    if plan.units_created:
        lines.append("Новые подразделения: " + ", ".join(plan.units_created))
    for change in plan.changes:
        lines.append(f"Изменено: лист «{change.sheet}», строка {change.row}: {change.person} — "
                     f"{change.what}")
    for issue in plan.problems:
        column = f", столбец «{issue.column}»" if issue.column else ""
        lines.append(f"{'Пропущено' if issue.skipped else 'Внимание'}: лист «{issue.sheet}», "
                     f"строка {issue.row}{column}: {issue.message}")
    lines.extend(decision_lines(plan))
    lines.extend(plan.notes)
    return "\n".join(lines)


def _left_out(note) -> str:
    why = "скрыта" if note.kind == "hidden" else "зачёркнута"
    return (f"Не загружена: лист «{note.sheet}», строка {note.row} {why} в файле: "
            f"«{note.text}»")


# The reader's row notes, a line each: (the kinds, the line)
NOTE_LINES = (
    (("title_unit",), lambda n: f"Подразделение из заголовка: лист «{n.sheet}», строка "
                                f"{n.row}: «{n.text}» → «{n.unit}» для всех строк листа "
                                "(другое — --unit)"),
    (("split",), lambda n: f"Несколько человек в ячейке: лист «{n.sheet}», строка {n.row}: "
                           f"записаны все — {n.text}"),
    (("continuation",), lambda n: f"Продолжение: лист «{n.sheet}», строка {n.row}: родитель "
                                  f"{n.text} добавлен к ученику из строки {n.to_row}"),
    (("not_a_person",), lambda n: f"Не человек: лист «{n.sheet}», строка {n.row} пропущена: "
                                  f"«{n.text}»"),
    (("hidden", "struck"), _left_out),
)


def decision_lines(plan: ImportPlan) -> list[str]:
    """Every decision that is not certain, one line each (the wizard shows the same)."""
    lines = []
    for match in plan.unit_matches:
        if match.in_file != match.unit or match.candidates:
            doubt = (f" (подходят: {', '.join(match.candidates)}; поправьте --unit-map)"
                     if match.candidates else "")
            lines.append(f"Подразделение: «{match.in_file}» → «{match.unit}»"
                         f"{' (новое)' if match.new else ''}{doubt}")
    for merge in plan.merges:
        what = ("объединён с" if merge.action == "merged" else
                f"оставлены оба ({merge.reason}); похож на")
        lines.append(f"Возможный дубликат: лист «{merge.sheet}», строка {merge.row}: "
                     f"{merge.incoming} — {what} {merge.existing}")
    for kinds, line in NOTE_LINES:
        lines += [line(note) for note in plan.notes_of(*kinds)]
    return lines


def cmd_undo_import(services: Services, args) -> int:
    info = services.roster.undo_last()
    print(f"Импорт «{info.source_name}» от {info.created_at:%d.%m.%Y %H:%M} отменён.")
    return 0


def cmd_export(services: Services, args) -> int:
    if args.what == "staff":
        count = services.roster.export_staff(args.out)
    else:
        count = services.roster.export_students(args.out)
    print(f"Сохранено: {args.out} ({count} чел.)")
    return 0


def cmd_template(services: Services, args) -> int:
    services.roster.save_template(args.out, args.what)
    print(f"Шаблон сохранён: {args.out}")
    return 0
