"""decline, undecline, refusals: who chose not to join the platform, without the GUI."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from sferum_desk.commands.movement import _one_person
from sferum_desk.commands.output import print_json
from sferum_desk.domain.dates import format_date
from sferum_desk.domain.platform import REFUSAL_CHANNELS as CHANNELS

if TYPE_CHECKING:
    from sferum_desk.services import Services


def _who(parser: argparse.ArgumentParser) -> None:
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--person", help="ФИО сотрудника, родителя или обучающегося (семья)")
    who.add_argument("--id", type=int, help="номер человека (из list … --json)")


def register(sub: argparse._SubParsersAction) -> None:
    decline = sub.add_parser("decline", help="записать отказ от платформы: родитель, семья "
                                             "(по обучающемуся) или сотрудник")
    _who(decline)
    decline.add_argument("--channel", required=True,
                         help="как связываться вместо «Сферума»: " + ", ".join(CHANNELS))
    decline.add_argument("--date", default=None, help="дата отказа (по умолчанию сегодня)")
    decline.set_defaults(handler=cmd_decline)

    undecline = sub.add_parser("undecline", help="снять отметку об отказе")
    _who(undecline)
    undecline.set_defaults(handler=cmd_undecline)

    listing = sub.add_parser("refusals", help="кто отказался от платформы")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_refusals)


def cmd_decline(services: Services, args) -> int:
    person_id = _one_person(services, args.person, args.id, "--person")
    row = services.refusals.decline(person_id, args.channel, args.date)
    whose = "семьи обучающегося " if row.role == "семья" else ""
    print(f"Записан отказ {whose}{row.full_name} от {format_date(row.declined_on)}; связь: "
          f"{row.channel}.")
    return 0


def cmd_undecline(services: Services, args) -> int:
    person_id = _one_person(services, args.person, args.id, "--person")
    row = services.refusals.undecline(person_id)
    print(f"Отметка об отказе снята: {row.full_name}.")
    return 0


def cmd_refusals(services: Services, args) -> int:
    rows = services.refusals.list_refusals()
    if args.json:
        print_json([{"person_id": r.person_id, "full_name": r.full_name, "role": r.role,
                     "detail": r.detail, "declined_on": r.declined_on.isoformat(),
                     "channel": r.channel} for r in rows])
        return 0
    if not rows:
        print("Отказов нет.")
    for r in rows:
        detail = f" ({r.detail})" if r.detail else ""
        print(f"{r.person_id}\t{r.full_name}\t{r.role}{detail}\t"
              f"{format_date(r.declined_on)}\t{r.channel}")
    return 0
