"""check, backups, restore, export-person: keeping the data safe without the GUI.

`check`, `backups` and `restore` open the file themselves (`opens_database`): a damaged file
cannot be opened the usual way, and that is exactly when they are needed.
Exit codes: 0 all is well / done, 1 something found or refused.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from sferum_desk.commands.output import print_json
from sferum_desk.domain.errors import UserError
from sferum_desk.paths import default_database

if TYPE_CHECKING:
    from sferum_desk.services import Services


def register(sub: argparse._SubParsersAction) -> None:
    check = sub.add_parser(
        "check", help="проверить базу: целостность, ссылки, записи без роли и без класса",
        description="Проверяет файл базы постранично (PRAGMA quick_check, с --thorough — "
                    "integrity_check), ссылки между таблицами, "
                    "записи о людях без роли и обучающихся без подразделения. Код выхода 0 — "
                    "всё в порядке, 1 — найдены ошибки (по одной фразе на каждую).")
    check.add_argument("--thorough", action="store_true",
                       help="сверить ещё и каждый индекс с таблицей (integrity_check; "
                            "на большой базе в несколько раз дольше)")
    check.add_argument("--repair", action="store_true",
                       help="удалить записи о людях без роли (после резервной копии)")
    check.add_argument("--json", action="store_true")
    check.set_defaults(handler=cmd_check, opens_database=True)

    backups = sub.add_parser("backups", help="список резервных копий с датами и числом людей")
    backups.add_argument("--json", action="store_true")
    backups.set_defaults(handler=cmd_backups, opens_database=True)

    restore = sub.add_parser(
        "restore", help="восстановить базу из резервной копии",
        description="Проверяет копию, откладывает текущий файл в сторону (…-before-restore-… "
                    "или …-damaged-…, он не перезаписывается) и ставит копию на его место.")
    restore.add_argument("backup", type=Path, metavar="КОПИЯ",
                         help="файл копии (см. sferum-desk backups) или newest — самая свежая "
                              "исправная")
    restore.set_defaults(handler=cmd_restore, opens_database=True)

    person = sub.add_parser(
        "export-person", help="выгрузить всё, что программа хранит об одном человеке",
        description="Сведения о персональных данных одного человека (152-ФЗ, ст. 14) в PDF "
                    "или Excel — по расширению файла.")
    person.add_argument("--id", type=int, required=True, help="номер человека (id) из списка")
    person.add_argument("--out", type=Path, required=True, help="файл .pdf или .xlsx")
    person.set_defaults(handler=cmd_export_person)


def _database_file(args) -> Path:
    target = args.db or default_database()
    if not isinstance(target, Path):
        raise UserError("Эта команда работает с файлом базы: общую базу на сервере проверяет "
                        "и восстанавливает её администратор.")
    return target


def cmd_check(_services: None, args) -> int:
    from sferum_desk.services.safety import check_database

    target = args.db or default_database()
    findings = check_database(target, args.thorough)
    if args.repair and any("--repair" in f.text for f in findings):
        from contextlib import nullcontext

        from sferum_desk.db import file_lock
        from sferum_desk.db.engine import open_database
        from sferum_desk.services.safety import SafetyService

        held = file_lock.held_for_command(target, "check --repair") \
            if isinstance(target, Path) else nullcontext()
        with held:  # a repair writes: never beside a window or another command's writes
            db = open_database(target)
            try:
                removed = SafetyService(db).repair()
            finally:
                db.close()
        print(f"Удалено записей о людях без роли: {removed}.")
        findings = check_database(target, args.thorough)
    if args.json:
        print_json([{"severity": f.severity, "text": f.text, "count": f.count}
                    for f in findings])
    elif findings:
        for finding in findings:
            print(finding.text)
    else:
        print("База в порядке: ошибок не найдено.")
    return 1 if findings else 0


def cmd_backups(_services: None, args) -> int:
    from sferum_desk.services.safety import backups_for

    infos = backups_for(_database_file(args))
    if args.json:
        print_json([{"path": str(i.path), "taken_at": i.taken_at.isoformat(), "reason": i.reason,
                     "units": i.units, "people": i.people, "ok": i.ok} for i in infos])
        return 0
    if not infos:
        print("Резервных копий этой базы пока нет.")
    for info in infos:
        state = (f"подразделений: {info.units}, людей: {info.people}" if info.ok
                 else "копия повреждена")
        reason = f", {info.reason}" if info.reason else ""
        print(f"{info.taken_at:%d.%m.%Y %H:%M}{reason} — {state} — {info.path}")
    return 0


def cmd_restore(_services: None, args) -> int:
    from sferum_desk.services.safety import backups_for, restore_database

    database = _database_file(args)
    backup = args.backup
    if str(backup) == "newest":
        good = [info for info in backups_for(database) if info.ok]
        if not good:
            raise UserError("Исправных резервных копий этой базы нет: укажите файл копии.")
        backup = good[0].path
    restored = restore_database(database, backup)
    aside = f" Прежний файл сохранён как «{restored.kept_aside.name}»." \
        if restored.kept_aside else ""
    print(f"База восстановлена из копии «{Path(backup).name}».{aside}")
    return 0


def cmd_export_person(services: Services, args) -> int:
    from sferum_desk.services.personal_data import PersonalDataService

    out = PersonalDataService(services.db).export(args.id, args.out)
    print(f"Сведения сохранены: {out}")
    return 0
