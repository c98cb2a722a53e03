"""init, stats, list, backup, org show / set: the foundation's commands."""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import asdict, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING

from sferum_desk.commands.output import print_json

from sferum_desk.domain.errors import UserError
from sferum_desk.domain.kinds import VOCABULARY_FIELD_TITLES, OrgKind, Vocabulary, vocabulary_for

if TYPE_CHECKING:
    from sferum_desk.services import Services


def register(sub: argparse._SubParsersAction) -> None:
    init = sub.add_parser("init", help="создать организацию в новой базе")
    init.add_argument("--kind", required=True, choices=[k.value for k in OrgKind])
    init.add_argument("--name", required=True, help="полное название")
    init.add_argument("--short-name", default="")
    init.set_defaults(handler=cmd_init)

    stats = sub.add_parser("stats", help="сколько подразделений и людей в базе")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(handler=cmd_stats)

    listing = sub.add_parser("list", help="вывести список")
    listing.add_argument("what", choices=["units", "staff", "students", "guardians"])
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_list)

    _register_org(sub)

    backup = sub.add_parser("backup", help="сохранить резервную копию базы")
    backup.add_argument("--to", type=Path, help="файл копии (по умолчанию — папка копий)")
    backup.set_defaults(handler=cmd_backup)


def cmd_init(services: Services, args) -> int:
    if services.organization.exists():
        raise UserError("В этой базе уже есть организация: откройте её или укажите другой "
                        "файл в --db.")
    from sferum_desk.services.dto import OrganizationData

    services.organization.save(OrganizationData(kind=args.kind, full_name=args.name,
                                                short_name=args.short_name))
    print(f"Создана организация «{args.name}» в {services.db.location}")
    return 0


def cmd_stats(services: Services, args) -> int:
    from sferum_desk.services.counts import stats as count_people  # no ORM: a light start

    stats = asdict(count_people(services.db))
    if args.json:
        print_json(stats)
    else:
        for key, value in stats.items():
            print(f"{key}: {value}")
    return 0


def cmd_list(services: Services, args) -> int:
    rows = LISTERS[args.what](services)
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            print("\t".join(str(v) for v in row.values() if not isinstance(v, list)))
    return 0


def _units(services: Services) -> list[dict]:
    return [{"id": u.id, "name": u.name, "kind": u.kind, "curator": u.curator,
             "students": u.students, "academic_year": u.academic_year}
            for u in services.structure.list_units()]


def _staff(services: Services) -> list[dict]:
    return [{"id": s.id, "full_name": s.full_name, "position": s.position, "phone": s.phone,
             "email": s.email, "platform_roles": list(s.platform_roles)}
            for s in services.people.list_staff()]


def _students(services: Services) -> list[dict]:
    return [{"id": s.id, "full_name": s.full_name,
             "birth_date": s.birth_date.isoformat() if s.birth_date else None,
             "unit": s.unit,
             "guardians": [{"full_name": g.full_name, "phone": g.phone,
                            "relation": g.relation} for g in s.guardians]}
            for s in services.people.list_students()]


def _guardians(services: Services) -> list[dict]:
    return [{"id": g.id, "full_name": g.full_name, "phone": g.phone, "email": g.email,
             "children": [{"full_name": c.full_name, "unit": c.unit} for c in g.children]}
            for g in services.people.list_guardians()]


LISTERS = {"units": _units, "staff": _staff, "students": _students, "guardians": _guardians}


def cmd_backup(services: Services, args) -> int:
    from sferum_desk.db.backup import backup_database

    if args.to and not services.db.is_sqlite:  # a server's data saved as a SQLite file
        from sferum_desk.db.transfer import copy_database

        copy_database(services.db, args.to)
        target = args.to
    elif args.to:
        target = backup_database(services.db.path, args.to)
    else:
        target = services.db.backup("manual")  # rotated with the automatic ones
        if target is None:
            raise UserError("В базе пока нечего сохранять: сначала создайте организацию.")
    print(f"Резервная копия сохранена: {target}")
    return 0


# ---- org show / set: the organisation's card -------------------------------------------------
# option → OrganizationData field; what a slip, an order and a registration letter print.
ORG_OPTIONS = {
    "--name": ("full_name", "полное название"),
    "--short-name": ("short_name", "краткое название (на карточках и в отчётах)"),
    "--address": ("address", "адрес"),
    "--head": ("head_name", "ФИО руководителя"),
    "--admin": ("admin_name", "ФИО администратора «Сферума»"),
    "--admin-phone": ("admin_phone", "мобильный телефон администратора"),
    "--admin-email": ("admin_email", "эл. почта администратора"),
    "--order-number": ("admin_order_number", "номер приказа о назначении администратора"),
    "--order-date": ("admin_order_date", "дата приказа: ДД.ММ.ГГГГ"),
    "--place": ("place", "место издания приказа (город, посёлок)"),
    "--phone": ("phone", "телефон организации (в бланке письма)"),
    "--email": ("email", "эл. почта организации (в бланке письма)"),
    "--inn": ("inn", "ИНН организации"),
    "--ogrn": ("ogrn", "ОГРН организации"),
}


def _register_org(sub: argparse._SubParsersAction) -> None:
    org = sub.add_parser("org", help="карточка организации: показать, изменить")
    org_sub = org.add_subparsers(dest="org_command", metavar="ДЕЙСТВИЕ", required=True)
    show = org_sub.add_parser("show", help="показать карточку организации")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_org_show)
    change = org_sub.add_parser("set", help="изменить поля карточки (остальные не меняются)")
    for option, (_field, help_text) in ORG_OPTIONS.items():
        change.add_argument(option, default=None, help=help_text)
    words = ", ".join(f"{key} ({title.lower()})" for key, title in VOCABULARY_FIELD_TITLES.items())
    change.add_argument("--word", action="append", default=[], metavar="ПОЛЕ=СЛОВО",
                        help=f"своё слово вместо слова по типу организации: {words}; "
                             "пустое значение возвращает слово по умолчанию")
    change.set_defaults(handler=cmd_org_set)


def _card(services: Services):
    card = services.organization.get()
    if card is None:
        raise UserError("В базе ещё нет организации: создайте её командой init.")
    return card


def org_json(card) -> dict:
    data = {f.name: getattr(card, f.name) for f in fields(card) if f.name != "version"}
    for key, value in data.items():
        if isinstance(value, dt.date):
            data[key] = value.isoformat()
    data["vocabulary"] = asdict(vocabulary_for(card.kind, card.vocabulary_overrides))
    return data


def cmd_org_show(services: Services, args) -> int:
    card = _card(services)
    data = org_json(card)
    if args.json:
        print_json(data)
        return 0
    for option, (field_name, title) in ORG_OPTIONS.items():
        print(f"{title.split(':')[0]}: {data[field_name] or '—'}")
    for key, word in data["vocabulary"].items():
        print(f"слово «{VOCABULARY_FIELD_TITLES.get(key, key)}»: {word}")
    return 0


def _word_overrides(current: dict[str, str], items: list[str]) -> dict[str, str]:
    words = dict(current)
    known = Vocabulary.field_names()
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or key not in known:
            raise UserError(f"«{item}» не подходит для --word: укажите ПОЛЕ=СЛОВО, где ПОЛЕ — "
                            f"одно из: {', '.join(known)}.")
        if value.strip():
            words[key] = value.strip()
        else:
            words.pop(key, None)
    return words


def cmd_org_set(services: Services, args) -> int:
    card = _card(services)
    changes = {field_name: getattr(args, option.lstrip("-").replace("-", "_"))
               for option, (field_name, _title) in ORG_OPTIONS.items()}
    changes = {key: value for key, value in changes.items() if value is not None}
    if args.word:
        changes["vocabulary_overrides"] = _word_overrides(card.vocabulary_overrides, args.word)
    if not changes:
        raise UserError("Укажите, что изменить: например, --head «Иванова Анна Петровна» или "
                        "--admin-phone +79161234567 (список: sferum-desk org set --help).")
    saved = services.organization.save(replace(card, **changes))
    print(f"Карточка организации «{saved.short_name or saved.full_name}» сохранена.")
    return 0
