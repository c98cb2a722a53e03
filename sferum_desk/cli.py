"""`sferum-desk`: no sub-command opens the GUI; sub-commands do the main jobs headless.

Exit codes: 0 done, 1 a refused request (one Russian sentence on stderr), 2 bad usage,
3 an unexpected error (one Russian sentence naming the log file, the traceback is in the log).
"""

from __future__ import annotations

import argparse
import gc
import re
import os
import sys
from contextlib import contextmanager

from sferum_desk import __version__
from sferum_desk.console import check_encoding, configure_streams, reader_gone
from sferum_desk.domain.errors import UserError

# Lazy imports, the one mechanism of the CLI's start (#17): this module imports only what
# `--version` and the parser need; the log (logging.handlers), the database layer and each
# command's services are imported inside the function that runs them (`_main`,
# `_run_command`, a handler in commands/). A command module imports at its top only the
# light domain modules its `register` needs for choices and help text: `--help` builds
# every sub-parser, and importing SQLAlchemy, Alembic, openpyxl, reportlab or Qt there
# fails tests/commands/test_cli_start.py.


# argparse's own messages, said in Russian (patterns tolerate wording of Python 3.10–3.13).
_USAGE_MESSAGES = [
    (re.compile(r"the following arguments are required: (.+)"), "не хватает параметров: {0}"),
    (re.compile(r"argument (\S+): invalid choice: '?([^']*?)'? \(choose from (.+)\)"),
     "у {0} нет значения «{1}», можно: {2}"),
    (re.compile(r"argument (\S+): invalid (?:int|float) value: '?([^']*?)'?$"),
     "{0} ждёт число, а не «{1}»"),
    (re.compile(r"argument (\S+): expected (?:one|at least one) argument"),
     "после {0} укажите значение"),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"),
     "{0} нельзя указывать вместе с {1}"),
    (re.compile(r"one of the arguments (.+) is required"), "укажите один из параметров: {0}"),
    (re.compile(r"unrecognized arguments: (.+)"), "лишние параметры: {0}"),
]


def russian_usage_message(message: str) -> str:
    for pattern, template in _USAGE_MESSAGES:
        if match := pattern.search(message):
            return template.format(*(group.replace("'", "") for group in match.groups()))
    return message


class _RussianFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups,
                          "использование: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with its scaffolding in Russian: «использование:», «параметры:», the help
    option (the messages of errors are translated in `error`)."""

    def __init__(self, *args, add_help: bool = True, **kwargs):
        kwargs.setdefault("formatter_class", _RussianFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "позиционные параметры"
        self._optionals.title = "параметры"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="показать эту справку и выйти")

    def error(self, message: str):  # argparse's own exit 2, with a hint in Russian
        self.print_usage(sys.stderr)
        sys.stderr.write(f"Ошибка в параметрах: {russian_usage_message(message)}. "
                         "Подсказка: sferum-desk --help\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    from sferum_desk.commands import COMMAND_MODULES
    from sferum_desk.paths import database_target

    parser = _Parser(prog="sferum-desk",
                     description="Sferum Desk — рабочее место администратора «Сферума».")
    parser.add_argument("--version", action="version", version=f"Sferum Desk {__version__}",
                        help="показать версию программы и выйти")
    parser.add_argument("--db", type=database_target,
                        help="файл базы данных (по умолчанию — в папке данных пользователя) "
                             "или адрес общей базы postgresql+psycopg://пользователь@сервер/база")
    parser.add_argument("--demo", action="store_true",
                        help="открыть демонстрационный детский сад во временном файле")
    parser.add_argument("--encoding", type=check_encoding, metavar="КОДИРОВКА",
                        help="кодировка вывода в канал или файл: utf-8 (по умолчанию), cp866 — "
                             "для старых программ консоли Windows (more, findstr), cp1251, "
                             "console — кодовая страница этой консоли; в саму консоль текст "
                             "выводится как есть, JSON — всегда в UTF-8")
    sub = parser.add_subparsers(dest="command", metavar="КОМАНДА", parser_class=_Parser)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    configure_streams()  # before parsing: argparse's own messages are printed too
    if (sys.argv[1:] if argv is None else argv) == ["--version"]:  # without building the parser
        print(f"Sferum Desk {__version__}")
        return 0
    args = build_parser().parse_args(argv)
    if args.encoding:
        configure_streams(args.encoding)
    with _private_files():
        code = _main(args)
    if argv is None:  # the program itself, about to end (a test's main([...]) goes on):
        gc.freeze()  # the interpreter's last full collection would walk every object (#12)
    return code


def _main(args) -> int:
    from sferum_desk.logs import log_exception, setup_logging

    setup_logging("gui" if args.command is None else f"command {args.command}")
    if args.command is None:
        from sferum_desk.ui.app import run_gui  # Qt is loaded only for the GUI

        return run_gui(db_path=args.db, demo=args.demo)
    try:
        return _run_command(args)
    except UserError as error:
        _log().info("%s refused: %s (field %s)", args.command, type(error).__name__, error.field)
        sys.stderr.write(error.message + "\n")
        return 1
    except Exception as error:  # noqa: BLE001 - a sentence and the log, never a bare traceback
        if reader_gone(error):  # «… | head», «… | more» stopped reading: the work is done
            _silence_stdout()
            return 0
        where = log_exception(*sys.exc_info(), where=args.command)
        sys.stderr.write("Непредвиденная ошибка: команда не выполнена"
                         + (f", подробности в файле «{where}».\n" if where else ".\n"))
        return 3


def _log():
    import logging  # with the log's setup, not at the start of `--version`

    return logging.getLogger(__name__)


@contextmanager
def _private_files():
    """The database, its backups, the log and the temporary files (children's names) are
    the user's alone while the program runs: 0600 in 0700 folders, not in the shared /tmp."""
    from sferum_desk.paths import data_dir
    from sferum_desk.services.output_files import private_temp_folder

    mask = os.umask(0o077) if os.name == "posix" else None
    try:
        try:
            folder = data_dir()
        except OSError:
            yield
            return
        with private_temp_folder(folder):
            yield
    finally:
        if mask is not None:
            os.umask(mask)


def _silence_stdout() -> None:
    """The reader of our output has gone; send the rest (and the flush at exit) nowhere."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass


# Commands that may be given a database file that does not exist yet: `init` creates it,
# `restore` puts a backup in place of a lost one.
_MAY_CREATE_DATABASE = {"init", "restore"}


def _refuse_missing_database(args) -> None:
    """A mistyped --db must not become an empty new database (and its folders) that looks
    like lost data: only `init` creates one."""
    from pathlib import Path

    from sferum_desk.db.recovery import refuse_long_path

    if not isinstance(args.db, Path):
        return
    # exists() itself fails on a path the system cannot hold, and so does the write lock's
    # resolve() on Windows (init too): said before either
    refuse_long_path(args.db)
    if args.command in _MAY_CREATE_DATABASE:
        return
    if not args.db.exists():
        raise UserError(f"Файл базы данных «{args.db}» не найден: проверьте путь или создайте "
                        "базу командой init.")


def _run_command(args) -> int:
    from sferum_desk.db.engine import open_database
    from sferum_desk.paths import default_database
    from sferum_desk.services import Services

    _refuse_missing_database(args)
    if getattr(args, "opens_database", False):  # check, restore: a damaged file is their job
        return args.handler(None, args)
    with _write_lock(args):
        db = open_database(args.db or default_database())
        _log().info("%s on a %s database", args.command, db.dialect)
        try:
            return args.handler(Services.over(db), args)
        finally:
            db.close()


def _write_lock(args):
    """A command that writes to a database file holds the window's lock while it runs."""
    from contextlib import nullcontext
    from pathlib import Path

    from sferum_desk.commands.locking import writes
    from sferum_desk.db import file_lock
    from sferum_desk.paths import default_database

    target = args.db or default_database()
    if not isinstance(target, Path) or not writes(args):
        return nullcontext()
    return file_lock.held_for_command(target, args.command)
