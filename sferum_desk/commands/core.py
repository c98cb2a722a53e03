"""init, stats, list, backup: the foundation's commands."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from sferum_desk.commands.output import print_json

from sferum_desk.domain.errors import UserError
from sferum_desk.domain.kinds import OrgKind
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
    stats = asdict(services.people.stats())
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
