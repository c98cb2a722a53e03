"""link add / list / annul, slips, joined: the «Приглашения» work without the GUI."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from sferum_desk.commands.output import print_json
from sferum_desk.domain.dates import format_date, parse_date
from sferum_desk.domain.enums import Audience
from sferum_desk.domain.errors import UserError

if TYPE_CHECKING:  # the services are imported by the handlers that run
    from sferum_desk.services import Services

AUDIENCES = [a.value for a in Audience]
LAYOUT_CHOICES = [1, 2, 4, 6, 8]


def register(sub: argparse._SubParsersAction) -> None:
    link = sub.add_parser("link", help="ссылки-приглашения: добавить, список, аннулировать")
    link_sub = link.add_subparsers(dest="link_command", metavar="ДЕЙСТВИЕ", required=True)

    add = link_sub.add_parser("add", help="сохранить ссылку для подразделения и аудитории")
    add.add_argument("--unit", required=True, help="название: 5А, Ромашка, Учительская")
    add.add_argument("--audience", required=True, choices=AUDIENCES)
    add.add_argument("--url", required=True, help="ссылка https://… из платформы")
    add.add_argument("--valid-until", default=None, help="действует до: ДД.ММ.ГГГГ")
    add.add_argument("--unknown-domain-ok", action="store_true",
                     help="принять ссылку с домена не из списка платформы")
    add.set_defaults(handler=cmd_link_add)

    listing = link_sub.add_parser("list", help="все ссылки и их состояние")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_link_list)

    annul = link_sub.add_parser("annul", help="аннулировать ссылки подразделения")
    annul.add_argument("--unit", required=True)
    annul.add_argument("--audience", required=True, choices=AUDIENCES)
    annul.add_argument("--reason", default="", help="причина (по умолчанию — вручную)")
    annul.set_defaults(handler=cmd_link_annul)

    slips = sub.add_parser("slips", help="напечатать карточки-приглашения с QR-кодом в PDF")
    slips.add_argument("--unit", required=True, action="append",
                       help="подразделение (можно указать несколько раз)")
    slips.add_argument("--audience", required=True, choices=AUDIENCES)
    kind = slips.add_mutually_exclusive_group(required=True)
    kind.add_argument("--named", action="store_true",
                      help="именные: по одной на каждого, кто ещё не вступил")
    kind.add_argument("--blank", type=int, metavar="N", help="N пустых карточек на подразделение")
    slips.add_argument("--per-page", type=int, default=8, choices=LAYOUT_CHOICES)
    slips.add_argument("--start", type=int, default=1, metavar="N",
                       help="начать с N-го места на листе (лист уже частично использован)")
    slips.add_argument("--poster", action="store_true", help="плакат: одна на лист, крупно")
    slips.add_argument("--family", action="store_true",
                       help="родителям: один лист на семью со ссылками всех классов детей")
    slips.add_argument("--include-declined", action="store_true",
                       help="именные и для тех, кто отказался от платформы")
    slips.add_argument("--out", required=True, type=Path, help="файл PDF")
    slips.set_defaults(handler=cmd_slips)

    handed = sub.add_parser("handed", help="отметить выданные карточки: партия, "
                                           "подразделение или отдельные люди")
    target = handed.add_mutually_exclusive_group(required=True)
    target.add_argument("--batch", help="номер напечатанной партии (список: sferum-desk "
                                        "batches)")
    target.add_argument("--unit", help="подразделение: все его напечатанные карточки")
    handed.add_argument("--audience", choices=AUDIENCES, default=None,
                        help="для --unit: чьи карточки (по умолчанию — родители, в "
                             "учительской — сотрудники)")
    handed.add_argument("--person-id", type=int, action="append", default=None,
                        metavar="ID", help="для --unit: только этим людям (можно несколько раз)")
    handed.add_argument("--date", default=None, help="дата выдачи (по умолчанию сегодня)")
    handed.add_argument("--undo", action="store_true",
                        help="снять отметку «выдана» (с --unit и --person-id)")
    handed.set_defaults(handler=cmd_handed)

    batches = sub.add_parser("batches", help="напечатанные партии карточек: сколько выдано")
    batches.add_argument("--json", action="store_true")
    batches.set_defaults(handler=cmd_batches)

    joined = sub.add_parser("joined", help="отметить вступивших по списку имён из платформы")
    joined.add_argument("--unit", required=True)
    source = joined.add_mutually_exclusive_group(required=True)
    source.add_argument("--names-file", type=Path,
                        help="txt, csv или xlsx: «Фамилия Имя» в строке, можно со столбцом роли")
    source.add_argument("--members-file", type=Path,
                        help="выгрузка участников чата: CSV «Сферума» (id, ФИО, …) или JSON "
                             "MAX (GET /chats/{chatId}/members); id платформы запоминаются")
    joined.add_argument("--audience", choices=AUDIENCES, default=None)
    joined.add_argument("--date", default=None, help="дата вступления (по умолчанию сегодня)")
    joined.set_defaults(handler=cmd_joined)


def cmd_link_add(services: Services, args) -> int:
    inv = services.invitations
    row = inv.add_link(inv.unit_id(args.unit), args.audience, args.url,
                       valid_until=args.valid_until,
                       allow_unknown_domain=args.unknown_domain_ok)
    until = f", действует до {format_date(row.valid_until)}" if row.valid_until else ""
    print(f"Ссылка сохранена: «{row.unit_name}», {row.audience_title.lower()}{until}.")
    return 0


def cmd_link_list(services: Services, args) -> int:
    rows = services.invitations.list_links()
    if args.json:
        print_json([{"id": r.id, "unit": r.unit_name, "audience": r.audience, "url": r.url,
                     "status": r.status,
                     "valid_until": r.valid_until.isoformat() if r.valid_until else None,
                     "created_at": r.created_at.isoformat(sep=" "),
                     "annulled_on": r.annulled_on.isoformat() if r.annulled_on else None,
                     "annul_reason": r.annul_reason, "slips": r.slips,
                     "replaced_on": r.replaced_on.isoformat() if r.replaced_on else None}
                    for r in rows])
    else:
        for r in rows:
            print(f"{r.unit_name}\t{r.audience_title}\t{r.status_title}\t{r.url}")
    return 0


def cmd_link_annul(services: Services, args) -> int:
    inv = services.invitations
    count = inv.annul_unit_links(inv.unit_id(args.unit), args.audience, args.reason)
    print(f"Аннулировано ссылок: {count}. Не забудьте аннулировать их и в платформе.")
    return 0


def cmd_slips(services: Services, args) -> int:
    from sferum_desk.services.invitations import SlipRequest

    inv = services.invitations
    unit_ids = [inv.unit_id(name) for name in args.unit]
    if args.blank is not None and args.blank < 1:
        raise UserError("Укажите в --blank, сколько пустых карточек нужно: от 1 до 500.")
    request = SlipRequest(unit_ids, args.audience, named=args.named,
                          blank_per_unit=args.blank or 0, per_page=args.per_page,
                          poster=args.poster, start_position=args.start,
                          include_declined=args.include_declined, family=args.family)
    result = inv.print_slips(request, args.out)
    skipped = f" Уже вступили, пропущены: {result.skipped_joined}." if result.skipped_joined \
        else ""
    if result.skipped_declined:
        skipped += f" Отказались от платформы, пропущены: {result.skipped_declined}."
    if result.units_without_link:
        skipped += (" Нет действующей ссылки, не попали на листы: "
                    f"{', '.join(result.units_without_link)}.")
    print(f"Карточек: {result.slips}, листов: {result.pages} — {result.path}.{skipped} "
          f"Партия: {result.batch}.")
    return 0


def cmd_handed(services: Services, args) -> int:
    inv = services.invitations
    on = parse_date(args.date, field="date")
    if args.batch is not None:
        if args.person_id or args.undo:
            raise UserError("С --batch отмечается вся партия: --person-id и --undo "
                            "указывают вместе с --unit.")
        if args.batch not in {b.batch for b in inv.list_batches()}:
            raise UserError(f"Партии «{args.batch}» нет: список партий — sferum-desk batches.")
        count = inv.set_batch_handed_out(args.batch, on=on)
    else:
        unit_id = inv.unit_id(args.unit)
        audience = args.audience or _default_audience(inv, unit_id)
        if args.person_id:
            count = inv.set_handed_out(unit_id, audience, args.person_id, not args.undo, on=on)
        elif args.undo:
            raise UserError("Укажите в --person-id, с чьих карточек снять отметку «выдана».")
        else:
            count = inv.set_unit_handed_out(unit_id, audience, on=on)
    print(f"{'Снята отметка «выдана»' if args.undo else 'Отмечены выданными'}: {count}.")
    return 0


def _default_audience(inv, unit_id: int) -> str:
    options = [o.audience for o in inv.audience_options([unit_id])]
    return options[0]


def cmd_batches(services: Services, args) -> int:
    rows = services.invitations.list_batches()
    if args.json:
        print_json([{"batch": b.batch, "printed_at": b.printed_at.isoformat(sep=" "),
                     "units": b.units, "audience": b.audience_title, "slips": b.slips,
                     "handed_out": b.handed_out} for b in rows])
    else:
        for b in rows:
            print(f"{b.batch}\t{b.printed_at:%d.%m.%Y %H:%M}\t{b.units}\t{b.audience_title}\t"
                  f"выдано {b.handed_out} из {b.slips}")
    return 0


def cmd_joined(services: Services, args) -> int:
    from sferum_desk.services.invitations import (
        MATCH_ALREADY, MATCH_AMBIGUOUS, MATCH_NONE, MATCH_OK,
    )


    if args.members_file is not None:
        return _joined_members(services, args)
    inv = services.invitations
    on = parse_date(args.date, field="date")
    unit_id = inv.unit_id(args.unit)
    matches = inv.match_joined_file(unit_id, args.names_file, args.audience)
    sure = [m for m in matches if m.status == MATCH_OK]
    count = inv.set_joined([m.person_id for m in sure], on=on, source="import",
                           unit_id=unit_id, audience=args.audience) if sure else 0
    print(f"Отмечены вступившими: {count}.")
    _report(matches, MATCH_ALREADY, "Уже были отмечены")
    _report(matches, MATCH_AMBIGUOUS, "Нужно проверить (отметьте в программе)")
    _report(matches, MATCH_NONE, "Не найдены")
    return 0


def _joined_members(services: Services, args) -> int:
    """The platform's member list: sure matches (by kept id or by name) are marked joined and
    their user ids kept; doubtful ones are listed for the window's review."""
    from sferum_desk.services.invitations import (
        MATCH_ALREADY, MATCH_AMBIGUOUS, MATCH_NONE, MATCH_OK,
    )

    on = parse_date(args.date, field="date")
    unit_id = services.invitations.unit_id(args.unit)
    review = services.member_lists.review_file(unit_id, args.members_file, args.audience)
    sure = [m for m in review.matches if m.match.status == MATCH_OK]
    kept = [m for m in review.matches if m.match.status in (MATCH_OK, MATCH_ALREADY)]
    saved = services.member_lists.save(review.platform,
                                       [(m.member, m.match.person_id) for m in kept],
                                       [m.match.person_id for m in sure], on,
                                       unit_id=unit_id, audience=args.audience)
    exact = sum(1 for m in review.matches if m.exact)
    print(f"Список участников {review.platform_title}: {len(review.matches)} чел., из них по "
          f"id платформы {exact}.")
    print(f"Отмечены вступившими: {saved.joined}. Запомнены id платформы: {saved.accounts}.")
    matches = [m.match for m in review.matches]
    _report(matches, MATCH_ALREADY, "Уже были отмечены")
    _report(matches, MATCH_AMBIGUOUS, "Нужно проверить (отметьте в программе)")
    _report(matches, MATCH_NONE, "Не найдены")
    if review.skipped:
        print(f"Пропущены строки без id или имени: {len(review.skipped)}.")
    return 0


def _report(matches, status: str, title: str) -> None:
    from sferum_desk.services.invitations import MATCH_AMBIGUOUS

    chosen = [m for m in matches if m.status == status]
    if not chosen:
        return
    print(f"{title}: {len(chosen)}.")
    for match in chosen:
        guess = f" → {match.candidates[0].full_name}?" if match.candidates and \
            status == MATCH_AMBIGUOUS else ""
        print(f"  строка {match.line_no}: {match.source}{guess}")
