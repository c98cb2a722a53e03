"""The CLI's standard streams: which encoding they write, and a reader that has gone.

A console shows what we write in its own terms: Python writes a Windows console in UTF-16
(the console's code page does not matter); a legacy console stream is written in the
console's code page. A pipe or a file gets UTF-8, or what `--encoding` names (cp866 for the
old console tools such as `more` and `findstr`, `console` for the console's own code page).
JSON (commands/output.py) is always UTF-8.

The platform and the console are parameters, so the Windows paths run in tests on Linux.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
import sys
from typing import Callable

CONSOLE = "console"  # --encoding console: the code page of the console we run in


def windows_console_code_page() -> int:
    """The console's output code page (866 on a Russian Windows), 0 without a console."""
    try:
        import ctypes

        return int(ctypes.windll.kernel32.GetConsoleOutputCP())  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return 0


def check_encoding(name: str) -> str:
    """For argparse: a codec Python knows, or `console`."""
    import argparse

    if name.lower() == CONSOLE:
        return CONSOLE
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise argparse.ArgumentTypeError(
            f"кодировка «{name}» неизвестна, укажите, например, utf-8, cp866, cp1251 или "
            "console") from None


def _is_console(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _writes_unicode_to_console(stream) -> bool:
    """Python's own Windows console stream (it writes UTF-16, whatever the code page)."""
    raw = getattr(getattr(stream, "buffer", None), "raw", None)
    return type(raw).__name__ == "_WindowsConsoleIO"


def stream_encoding(stream, requested: str | None = None, platform: str | None = None,
                    code_page: Callable[[], int] = windows_console_code_page) -> str | None:
    """The encoding `stream` should write, or None to leave it as it is."""
    platform = platform or sys.platform
    if _is_console(stream):
        if platform != "win32":
            return "utf-8"
        if _writes_unicode_to_console(stream):
            return None
        page = code_page()
        return f"cp{page}" if page else None
    if requested == CONSOLE:
        page = code_page() if platform == "win32" else 0
        return f"cp{page}" if page else "utf-8"
    return requested or "utf-8"


def configure_streams(requested: str | None = None, platform: str | None = None,
                      code_page: Callable[[], int] = windows_console_code_page) -> None:
    """Give the process usable stdout/stderr in the right encodings. A windowed Windows build
    has no console: its streams are None, and the output goes nowhere."""
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the process
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):
        encoding = stream_encoding(stream, requested, platform, code_page)
        try:
            if encoding is None:
                stream.reconfigure(errors="replace")
            else:
                stream.reconfigure(encoding=encoding, errors="replace")
        except (AttributeError, ValueError, LookupError):
            pass


def _is_pipe(stream) -> bool:
    try:
        return stat.S_ISFIFO(os.fstat(stream.fileno()).st_mode)
    except (AttributeError, ValueError, OSError):
        return False


def reader_gone(error: BaseException, platform: str | None = None,
                stdout_is_pipe: Callable[[], bool] | None = None) -> bool:
    """Did a write fail because the program reading our output stopped early (`| head`,
    `| more`)? Elsewhere that is EPIPE (BrokenPipeError); Windows says EINVAL (errno 22)
    instead. An EINVAL about a file (a bad name in --out) names the file, so it is not one."""
    if isinstance(error, BrokenPipeError):
        return True
    if (platform or sys.platform) != "win32" or not isinstance(error, OSError):
        return False
    if error.errno != errno.EINVAL or error.filename is not None:
        return False
    return (stdout_is_pipe or (lambda: _is_pipe(sys.stdout)))()
