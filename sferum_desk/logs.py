"""The app's log: one rotating file in the logs folder, set up once by `cli.main` for the GUI
and the CLI alike.

It records what happened (starts, commands, refusals, unexpected errors with their
traceback), never whom it happened to: no names, phones, e-mails or birth dates. Services
log ids only; the database engine hides SQL parameters; and, as a safety net, the formatter
blanks anything in «quotes» (where our messages put names), phone numbers, e-mails, dates and
PostgreSQL's DETAIL lines (which quote the row's values).
"""

from __future__ import annotations

import logging
import os
import re
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from sferum_desk import __version__

LOG_FILE_NAME = "sferum-desk.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5  # sferum-desk.log.1 … .5: at most 6 MB of logs
RETRY_BYTES = 100_000  # a rotation refused (the file is open elsewhere) is retried this later
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_REDACTIONS = [
    (re.compile(r"^DETAIL:.*$", re.MULTILINE), "DETAIL: …"),  # PostgreSQL quotes row values
    (re.compile(r"«[^»\n]*»"), "«…»"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "<e-mail>"),
    (re.compile(r"(?<![\w.])\+?\d[\d ()\-]{8,}\d(?![\w.])"), "<phone>"),
    (re.compile(r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b"), "<date>"),
    (re.compile(r"\b(?:19|20)\d\d-\d\d-\d\d(?![\d:])"), "<date>"),
]

_handler: logging.Handler | None = None


def redact(text: str) -> str:
    """Blank what could identify a person in a log line."""
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class PrivateFormatter(logging.Formatter):
    """The usual format with personal data blanked, tracebacks included; the time stamp
    at the start of the line is kept."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        stamp, rest = line[:23], line[23:]
        return stamp + redact(rest)


class SharedRotatingFileHandler(RotatingFileHandler):
    """RotatingFileHandler for a log that several processes write (the window and CLI
    commands). Windows refuses to rename a file another process has open (PermissionError,
    WinError 32): the stock handler then reported «Logging error» for every record and never
    rotated. Here a refused rotation keeps writing to the current file and is tried again
    RETRY_BYTES later, when the other process may have let go."""

    def __init__(self, filename, **kwargs):
        super().__init__(filename, **kwargs)
        self._retry_at = 0  # the file size before which no new rotation is tried

    def shouldRollover(self, record) -> bool:
        if self._retry_at and self._size() < self._retry_at:
            return False
        return bool(super().shouldRollover(record))

    def doRollover(self) -> None:
        try:
            super().doRollover()
        except OSError:
            if self.stream is None:  # the stock rollover closed it before the rename
                self.stream = self._open()
            self._retry_at = self._size() + RETRY_BYTES
        else:
            self._retry_at = 0

    def _size(self) -> int:
        if self.stream is not None:
            return self.stream.tell()
        try:
            return os.path.getsize(self.baseFilename)
        except OSError:
            return 0


def log_file() -> Path | None:
    """The current log file, or None when logging to a file could not be set up."""
    if isinstance(_handler, RotatingFileHandler):
        return Path(_handler.baseFilename)
    return None


def setup_logging(mode: str) -> Path | None:
    """Log to a rotating file in `paths.logs_dir()` (once per process). A log folder that
    cannot be written must not stop the program: it then runs without a log."""
    global _handler
    if _handler is not None:
        return log_file()
    from sferum_desk.paths import logs_dir

    try:
        handler = SharedRotatingFileHandler(logs_dir() / LOG_FILE_NAME, maxBytes=MAX_BYTES,
                                            backupCount=BACKUP_COUNT, encoding="utf-8",
                                            delay=True)
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(PrivateFormatter(FORMAT))
    handler.setLevel(logging.INFO)
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    _handler = handler
    logging.getLogger("sferum_desk").info(
        "start %s, Sferum Desk %s, Python %s, %s", mode, __version__,
        sys.version.split()[0], sys.platform)
    return log_file()


def log_exception(exc_type, exc, tb, where: str = "") -> Path | None:
    """An unexpected error with its traceback (no SQL parameters, no personal data)."""
    logging.getLogger("sferum_desk").error("unexpected error%s", f" in {where}" if where else "",
                                           exc_info=(exc_type, exc, tb))
    return log_file()
