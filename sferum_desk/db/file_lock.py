"""«This database is open in Sferum Desk»: an operating-system lock on `<database>.lock`.

The GUI holds it while a file is open, so a second copy of the program on the same file is
refused with a clear message, and `restore` never swaps a file from under a running window.
A CLI command that writes holds it for its run (`held_for_command`): two imports, an import
and a transfer, or a restore and an import never run at once; the later one waits a little,
then says the database is busy.
The lock is the OS's (fcntl.flock on Linux/macOS, msvcrt.locking on Windows, also honoured
by a Windows file server), so it disappears with the process that held it — a crash or a
power cut leaves no stale lock behind, only a small file that the next start reuses. The
file holds the process id and the computer's name, for the message.
"""

from __future__ import annotations

import os
import socket
import sys
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sferum_desk.domain.errors import UserError

LOCK_SUFFIX = ".lock"
_WINDOWS_OFFSET = 1 << 30  # Windows locks a byte range: lock one far past the text we read
WINDOW = "window"
COMMAND_WAIT_SECONDS = 5.0  # a command waits this long for another one to finish
_POLL_SECONDS = 0.1


@dataclass
class _Held:
    handle: IO[bytes]
    count: int


_held: dict[str, _Held] = {}  # per process: the GUI reopening its own file must not block


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + LOCK_SUFFIX)


def _key(database: Path) -> str:
    return os.path.normcase(str(database.resolve()))


def _try_os_lock(handle: IO[bytes]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(_WINDOWS_OFFSET)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _os_unlock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(_WINDOWS_OFFSET)
        with suppress(OSError):
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    with suppress(OSError):
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def holder(database: Path) -> tuple[int | None, str]:
    """(process id, computer name) written by whoever holds the lock, if readable."""
    try:
        words = lock_path(database).read_text(encoding="utf-8", errors="replace").split("\n")
        return int(words[0]), words[1].strip()
    except (OSError, ValueError, IndexError):
        return None, ""


def _holder_role(database: Path) -> str:
    """«window», or the name of the command that holds the lock (the 4th line)."""
    try:
        words = lock_path(database).read_text(encoding="utf-8", errors="replace").split("\n")
    except OSError:
        return WINDOW
    return words[3].strip() if len(words) > 3 and words[3].strip() else WINDOW


def busy_message(database: Path) -> str:
    pid, host = holder(database)
    role = _holder_role(database)
    if role != WINDOW:
        where = f" на компьютере «{host}»" if host and host != socket.gethostname() else ""
        return (f"База данных занята другой программой: команда «{role}» Sferum Desk"
                f"{where}{f' (процесс {pid})' if pid else ''} ещё работает с ней — подождите, "
                "пока она закончит, и повторите.")
    if host and host != socket.gethostname():
        return (f"База «{database.name}» уже открыта в Sferum Desk на компьютере «{host}»: "
                "закройте программу там и повторите.")
    return (f"База «{database.name}» уже открыта в другом окне Sferum Desk на этом компьютере"
            f"{f' (процесс {pid})' if pid else ''}: переключитесь на него или закройте его и "
            "повторите.")


def acquire(database: Path, role: str = WINDOW) -> bool:
    """Take the lock for this process (again, if it already has it). False when another
    process holds it; True also when the folder does not let us create the lock file (the
    database itself then refuses to open with its own message)."""
    key = _key(database)
    if key in _held:
        _held[key].count += 1
        return True
    try:
        handle = open(lock_path(database), "a+b")  # noqa: SIM115 - held until release
    except OSError:
        return True
    if not _try_os_lock(handle):
        handle.close()
        return False
    with suppress(OSError):
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n{socket.gethostname()}\nSferum Desk\n{role}\n".encode())
        handle.flush()
    _held[key] = _Held(handle, 1)
    return True


def release(database: Path) -> None:
    key = _key(database)
    held = _held.get(key)
    if held is None:
        return
    held.count -= 1
    if held.count > 0:
        return
    del _held[key]
    with suppress(OSError):
        held.handle.seek(0)
        held.handle.truncate()  # no stale process id for the next reader
    _os_unlock(held.handle)
    held.handle.close()


def hold(database: Path) -> None:
    """Acquire or raise UserError with the one sentence saying who has the file open."""
    if not acquire(database):
        raise UserError(busy_message(database))


@contextmanager
def exclusive(database: Path):
    """For a step that replaces the file (restore): nobody else may have it open in the GUI."""
    hold(database)
    try:
        yield
    finally:
        release(database)


@contextmanager
def held_for_command(database: Path, command: str, wait: float = COMMAND_WAIT_SECONDS):
    """A CLI command that writes holds the window's lock for its run. Another command
    holding it is waited for `wait` seconds; then the one sentence saying who has it."""
    deadline = time.monotonic() + wait
    while not acquire(database, command):
        if time.monotonic() >= deadline:
            raise UserError(busy_message(database))
        time.sleep(_POLL_SECONDS)
    try:
        yield
    finally:
        release(database)
