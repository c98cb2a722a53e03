"""copy-to: move the whole database between a SQLite file and a PostgreSQL server."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from sferum_desk.commands.output import print_json
from sferum_desk.paths import database_target

if TYPE_CHECKING:
    from sferum_desk.services import Services


def register(sub: argparse._SubParsersAction) -> None:
    copy = sub.add_parser(
        "copy-to", help="скопировать всю базу в новый файл или в пустую базу PostgreSQL",
        description="Копирует все таблицы базы из --db в ЦЕЛЬ одной транзакцией и сверяет число "
                    "строк. ЦЕЛЬ — новый файл .sqlite3 или пустая база "
                    "postgresql+psycopg://пользователь@сервер/база.")
    copy.add_argument("target", type=database_target, metavar="ЦЕЛЬ")
    copy.add_argument("--json", action="store_true", help="число строк по таблицам в JSON")
    copy.set_defaults(handler=cmd_copy_to)


def cmd_copy_to(services: Services, args) -> int:
    from sferum_desk.db.engine import describe_target
    from sferum_desk.db.transfer import copy_database

    counts = copy_database(services.db, args.target)
    if args.json:
        print_json(counts)
    else:
        print(f"Скопировано строк: {sum(counts.values())} (таблиц: {len(counts)}) в "
              f"{describe_target(args.target)}")
    return 0
