"""Local acts and signatures: `act add|list|export|summary`, `sheet`, `signed`, `pending`,
and the registration papers: `registration order|letter|email|status`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from sferum_desk.commands.output import print_json
from sferum_desk.domain.dates import parse_date
from sferum_desk.domain.enums import Audience
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.names import fold
from sferum_desk.domain.platform import REGISTRATION_STATUSES as STATUSES

if TYPE_CHECKING:  # the services are imported by the handlers that run
    from sferum_desk.services import Services
    from sferum_desk.services.acknowledgements import ActRow


def register(sub: argparse._SubParsersAction) -> None:
    act = sub.add_parser("act", help="локальные акты: добавить, список, выгрузить")
    act_sub = act.add_subparsers(dest="act_command", metavar="ДЕЙСТВИЕ", required=True)

    add = act_sub.add_parser("add", help="зарегистрировать акт и составить список ознакомления")
    add.add_argument("--type", required=True, help="вид: Положение, Порядок, Приказ…")
    add.add_argument("--title", required=True, help="название акта")
    add.add_argument("--number", default="", help="номер, как в документе: «236-а»")
    add.add_argument("--date", default=None, help="дата акта, ДД.ММ.ГГГГ")
    add.add_argument("--audience", required=True,
                     choices=[a.value for a in (Audience.STAFF, Audience.PARENTS,
                                                Audience.STUDENTS)],
                     help="кто знакомится: сотрудники, родители или обучающиеся")
    add.add_argument("--unit", nargs="+", action="extend", default=[], metavar="NAME",
                     help="только эти классы/группы (для родителей и обучающихся)")
    add.add_argument("--staff", nargs="+", action="extend", default=[], metavar="ФИО",
                     help="только эти сотрудники (полные ФИО)")
    add.add_argument("--deadline", default=None, help="срок ознакомления, ДД.ММ.ГГГГ")
    add.add_argument("--replaces", type=int, default=None, metavar="ID",
                     help="новая редакция акта ID: новый круг подписей")
    add.add_argument("--attachment", default="", help="файл самого акта")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=cmd_act_add)

    listing = act_sub.add_parser("list", help="реестр актов")
    listing.add_argument("--current", action="store_true", help="без прежних редакций")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_act_list)

    export = act_sub.add_parser("export", help="состояние ознакомления с актом в Excel")
    export.add_argument("--act", type=int, required=True, metavar="ID")
    export.add_argument("--out", type=Path, required=True, help="файл .xlsx")
    export.set_defaults(handler=cmd_act_export)

    summary = act_sub.add_parser("summary", help="сводная таблица акты × люди в Excel")
    summary.add_argument("--out", type=Path, required=True, help="файл .xlsx")
    summary.set_defaults(handler=cmd_act_summary)

    sheet = sub.add_parser("sheet", help="лист ознакомления с актом (PDF)")
    sheet.add_argument("--act", type=int, required=True, metavar="ID")
    sheet.add_argument("--pending-only", action="store_true", help="только не ознакомленные")
    sheet.add_argument("--extra-column", action="store_true",
                       help="столбец «Должность» (сотрудники) или класс/группа")
    sheet.add_argument("--date", default=None, help="впечатать эту дату в столбец «Дата»")
    sheet.add_argument("--out", type=Path, required=True, help="файл .pdf")
    sheet.set_defaults(handler=cmd_sheet)

    signed = sub.add_parser("signed", help="отметить ознакомленных по списку ФИО из файла")
    signed.add_argument("--act", type=int, required=True, metavar="ID")
    signed.add_argument("--names-file", type=Path, required=True,
                        help="текстовый файл: по одному ФИО на строку")
    signed.add_argument("--date", default=None, help="дата ознакомления (по умолчанию сегодня)")
    signed.set_defaults(handler=cmd_signed)

    pending = sub.add_parser("pending", help="кто ещё не ознакомлен с актом")
    pending.add_argument("--act", type=int, required=True, metavar="ID")
    pending.add_argument("--json", action="store_true")
    pending.set_defaults(handler=cmd_pending)

    reg = sub.add_parser("registration", help="регистрация организации на платформе")
    reg_sub = reg.add_subparsers(dest="registration_command", metavar="ДЕЙСТВИЕ",
                                 required=True)
    for name, what in (("order", "приказ о назначении администратора (PDF)"),
                       ("letter", "письмо в поддержку на бланке организации (PDF)"),
                       ("email", "письмо «СФЕРУМ:Регистрация организации» (.eml)")):
        paper = reg_sub.add_parser(name, help=what)
        paper.add_argument("--out", type=Path, required=True)
        paper.set_defaults(handler=cmd_registration_paper, paper=name)
    status = reg_sub.add_parser("status", help="состояние заявки; --set меняет его")
    status.add_argument("--set", choices=list(STATUSES), default=None)
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=cmd_registration_status)


def act_json(act: ActRow) -> dict:
    return {"id": act.id, "type": act.doc_type, "title": act.title, "number": act.number,
            "date": act.issued_on.isoformat() if act.issued_on else None,
            "audience": act.audience_kind, "audience_text": act.audience_text,
            "total": act.total, "signed": act.signed, "pending": act.pending,
            "deadline": act.deadline.isoformat() if act.deadline else None,
            "overdue": act.overdue, "replaces_id": act.replaces_id,
            "superseded_by": act.superseded_by, "current": act.is_current,
            "attachment": act.attachment_path}


def _unit_ids(services: Services, names: list[str]) -> list[int]:
    from sferum_desk.domain.units import find_unit_id

    # the later of two same-named units wins, as it always did here
    units = [(u.id, u.name) for u in reversed(services.structure.list_units())]
    ids = []
    for name in names:
        unit_id = find_unit_id(name, units)
        if unit_id is None:
            word = services.organization.vocabulary().unit.lower()
            raise UserError(f"Нет подразделения ({word}) «{name}»: проверьте название "
                            "командой «list units».")
        ids.append(unit_id)
    return ids


def _staff_ids(services: Services, names: list[str]) -> list[int]:
    staff: dict[str, list[int]] = {}
    for row in services.people.list_staff():
        staff.setdefault(fold(row.full_name), []).append(row.id)
    ids = []
    for name in names:
        found = staff.get(fold(name), [])
        if len(found) != 1:
            raise UserError(f"Сотрудник «{name}» {'не найден' if not found else 'не один'}: "
                            "укажите полное ФИО, как в списке сотрудников.")
        ids.append(found[0])
    return ids


def cmd_act_add(services: Services, args) -> int:
    from sferum_desk.services.acknowledgements import ActInput, AudienceInput

    if args.audience == Audience.STAFF.value and args.unit:
        raise UserError("--unit выбирает классы или группы для родителей и обучающихся; "
                        "для сотрудников укажите --staff.")
    if args.audience != Audience.STAFF.value and args.staff:
        raise UserError("--staff выбирает сотрудников; для родителей и обучающихся укажите "
                        "--unit.")
    chosen_units = _unit_ids(services, args.unit)
    chosen_staff = _staff_ids(services, args.staff)
    audience = AudienceInput(kind=args.audience, everyone=not (chosen_units or chosen_staff),
                             unit_ids=chosen_units, person_ids=chosen_staff)
    data = ActInput(doc_type=args.type, title=args.title, number=args.number,
                    issued_on=args.date, audience=audience, deadline=args.deadline,
                    attachment_path=args.attachment)
    acks = services.acknowledgements
    act = acks.new_edition(args.replaces, data) if args.replaces else acks.add_act(data)
    if args.json:
        print_json(act_json(act))
    else:
        print(f"Акт {act.id} зарегистрирован: {act.reference}. Должны ознакомиться: "
              f"{act.total} чел.")
    return 0


def cmd_act_list(services: Services, args) -> int:
    acts = services.acknowledgements.list_acts(include_history=not args.current)
    if args.json:
        print_json([act_json(a) for a in acts])
        return 0
    for act in acts:
        mark = "" if act.is_current else " (прежняя редакция)"
        late = " — срок прошёл" if act.overdue else ""
        print(f"{act.id}\t{act.reference}{mark}\t{act.audience_text}\t"
              f"ознакомлены {act.signed} из {act.total}{late}")
    return 0


def cmd_act_export(services: Services, args) -> int:
    path = services.acknowledgements.export_status(args.act, args.out)
    print(f"Сохранено: {path}")
    return 0


def cmd_act_summary(services: Services, args) -> int:
    path = services.acknowledgements.export_summary(args.out)
    print(f"Сохранено: {path}")
    return 0


def cmd_sheet(services: Services, args) -> int:
    from sferum_desk.services.acknowledgements import SheetOptions

    fixed = parse_date(args.date, field="date")
    options = SheetOptions(pending_only=args.pending_only, extra_column=args.extra_column,
                           date_mode="fixed" if fixed else "empty", fixed_date=fixed)
    data = services.acknowledgements.sheet_data(args.act, options)
    path = services.acknowledgements.write_sheet(data, args.out)
    print(f"Лист ознакомления ({len(data.rows)} чел.) сохранён: {path}")
    return 0


def cmd_signed(services: Services, args) -> int:
    changed = services.acknowledgements.mark_signed_from_file(args.act, args.names_file,
                                                              args.date)
    row = services.acknowledgements.get_row(args.act)
    print(f"Отмечено ознакомленных: {changed}. Всего ознакомлены {row.signed} из {row.total}, "
          f"осталось {row.pending}.")
    return 0


def cmd_pending(services: Services, args) -> int:
    people = services.acknowledgements.pending(args.act)
    if args.json:
        print_json([{"person_id": p.person_id, "full_name": p.full_name, "extra": p.extra}
                    for p in people])
    else:
        for person in people:
            print(f"{person.full_name}\t{person.extra}".rstrip())
    return 0


def cmd_registration_paper(services: Services, args) -> int:
    reg = services.registration
    saver = {"order": reg.save_order, "letter": reg.save_letter, "email": reg.save_email}
    path = saver[args.paper](args.out)
    print(f"Сохранено: {path}")
    return 0


def cmd_registration_status(services: Services, args) -> int:
    status = (services.registration.set_status(args.set) if args.set
              else services.registration.status())
    if args.json:
        print_json({"status": status.status, "title": status.title,
                    "changed_on": status.changed_on.isoformat() if status.changed_on
                    else None})
    else:
        when = f" ({status.changed_on:%d.%m.%Y})" if status.changed_on else ""
        print(status.title + when)
    return 0
