"""`sferum-desk`: no sub-command opens the GUI; sub-commands do the main jobs headless.

Exit codes: 0 done, 1 a refused request (one Russian sentence on stderr), 2 bad usage,
3 an unexpected error (one Russian sentence naming the log file, the traceback is in the log).
"""

from __future__ import annotations

import argparse
import re
import logging
import os
import sys

from sferum_desk import __version__

# The rest is imported when needed (build_parser, main): `--version` starts in a few
# hundredths of a second, and each command imports only what it runs (#17).


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


class _Parser(argparse.ArgumentParser):
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
    parser.add_argument("--version", action="version", version=f"Sferum Desk {__version__}")
    parser.add_argument("--db", type=database_target,
                        help="файл базы данных (по умолчанию — в папке данных пользователя) "
                             "или адрес общей базы postgresql+psycopg://пользователь@сервер/база")
    parser.add_argument("--demo", action="store_true",
                        help="открыть демонстрационный детский сад во временном файле")
    sub = parser.add_subparsers(dest="command", metavar="КОМАНДА", parser_class=_Parser)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


log = logging.getLogger(__name__)


def _reconfigure_streams() -> None:
    # A windowed Windows build has no console: its streams are None, and output goes nowhere.
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the process
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8", errors="replace")
        except (AttributeError, ValueError):
            pass


def main(argv: list[str] | None = None) -> int:
    _reconfigure_streams()
    if (sys.argv[1:] if argv is None else argv) == ["--version"]:  # without building the parser
        print(f"Sferum Desk {__version__}")
        return 0
    from sferum_desk.domain.errors import UserError
    from sferum_desk.logs import log_exception, setup_logging

    args = build_parser().parse_args(argv)
    setup_logging("gui" if args.command is None else f"command {args.command}")
    if args.command is None:
        from sferum_desk.ui.app import run_gui  # Qt is loaded only for the GUI

        return run_gui(db_path=args.db, demo=args.demo)
    try:
        return _run_command(args)
    except UserError as error:
        log.info("%s refused: %s (field %s)", args.command, type(error).__name__, error.field)
        sys.stderr.write(error.message + "\n")
        return 1
    except BrokenPipeError:  # «… | head» stopped reading: the work itself is done
        _silence_stdout()
        return 0
    except Exception:  # noqa: BLE001 - a sentence and the log, never a bare traceback
        where = log_exception(*sys.exc_info(), where=args.command)
        sys.stderr.write("Непредвиденная ошибка: команда не выполнена"
                         + (f", подробности в файле «{where}».\n" if where else ".\n"))
        return 3


def _silence_stdout() -> None:
    """The reader of our output has gone; send the rest (and the flush at exit) nowhere."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass


def _run_command(args) -> int:
    from sferum_desk.db.engine import open_database
    from sferum_desk.paths import default_database
    from sferum_desk.services import Services

    if getattr(args, "opens_database", False):  # check, restore: a damaged file is their job
        return args.handler(None, args)
    db = open_database(args.db or default_database())
    log.info("%s on a %s database", args.command, db.dialect)
    try:
        return args.handler(Services.over(db), args)
    finally:
        db.close()
