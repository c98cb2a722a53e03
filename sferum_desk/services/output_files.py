"""Writing a finished file: all or nothing, with a Russian sentence when the disk refuses.

Temporary files made on the way (openpyxl writes each sheet to one before zipping it) go to
a folder of this process inside the user's private data folder, not to the shared /tmp:
a killed export leaves no children's names readable by everyone, and the next start removes
what a killed process left (`private_temp_folder`).
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from sferum_desk.domain.errors import UserError

TEMP_FOLDER = "tmp"


def require_suffix(path: Path | str, suffix: str) -> Path:
    """Refuse a name that promises another format: an .xlsx saved as «отчёт.pdf» opens nowhere."""
    target = Path(path)
    if target.suffix.lower() != suffix:
        raise UserError(f"Имя файла должно оканчиваться на {suffix}.", field="out")
    return target


def write_atomically(path: Path | str, data: bytes) -> Path:
    """Write to a temporary file beside the target, then rename: never a half-written file."""
    return stage_file(path, data).publish()


class StagedFile:
    """A finished file written beside its target under a temporary name: `publish()` puts it
    in place, `discard()` removes it. A step that must not happen without its file (an
    erasure and its act) stages the file first and publishes it once the step succeeded."""

    def __init__(self, temp: str, target: Path):
        self.temp, self.target = temp, target

    def publish(self) -> Path:
        try:
            os.replace(self.temp, self.target)
        except OSError as exc:
            self.discard()
            raise UserError(f"Не удалось сохранить «{self.target.name}»: закройте файл, если "
                            "он открыт в другой программе, и повторите.") from exc
        return self.target

    def discard(self) -> None:
        _remove_quietly(self.temp)


def stage_file(path: Path | str, data: bytes, durable: bool = False) -> StagedFile:
    """Write `data` beside `path` under a temporary name (see StagedFile); `durable` waits
    until the disk holds it (before data it replaces is destroyed)."""
    target = Path(path).expanduser()
    try:
        str(target).encode("utf-8")
    except UnicodeEncodeError:
        raise UserError("В имени файла есть символы, которые нельзя записать на диск: "
                        "переименуйте файл.", field="out") from None
    if target.is_dir():
        raise UserError(f"«{target}» — это папка: укажите имя файла.")
    if not target.parent.is_dir():
        raise UserError(f"Папки «{target.parent}» нет: выберите существующую папку.")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=".~", suffix=target.suffix,
                                             dir=target.parent)
    except OSError as exc:
        raise UserError(_cause(exc, target) or f"В папку «{target.parent}» нельзя записать "
                        "файл: выберите другую папку.") from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
    except OSError as exc:
        _remove_quietly(temp_name)
        raise UserError(_cause(exc, target) or f"Не удалось сохранить «{target.name}»: "
                        "закройте файл, если он открыт в другой программе, и повторите.") \
            from exc
    return StagedFile(temp_name, target)


def _cause(exc: OSError, target: Path) -> str | None:
    """A full disk, a read-only disk or a too long name: said as such, not «закройте файл»."""
    from sferum_desk.db.recovery import os_failure_message

    message = os_failure_message(exc, target.parent)
    if message is None and exc.errno == errno.ENAMETOOLONG:
        message = f"Слишком длинное имя файла «{target.name}»: сократите его."
    return message


def _remove_quietly(name: str) -> None:
    try:
        os.remove(name)
    except OSError:
        pass


# ---- temporary files of this process ---------------------------------------------------------
@contextmanager
def private_temp_folder(data_folder: Path):
    """While the program runs, `tempfile` (and so openpyxl) writes into `<data>/tmp/<pid>`,
    the user's alone, removed at the end; the folders of processes that are gone (killed)
    are removed at the start. Without a usable data folder the system's one is kept."""
    from sferum_desk.db.private import private_folder

    root = data_folder / TEMP_FOLDER
    try:
        private_folder(root)
        _sweep(root)
        mine = private_folder(root / str(os.getpid()))
    except OSError:
        yield None
        return
    before = tempfile.tempdir
    tempfile.tempdir = str(mine)
    try:
        yield mine
    finally:
        tempfile.tempdir = before
        shutil.rmtree(mine, ignore_errors=True)


def _sweep(root: Path) -> None:
    for folder in root.iterdir():
        if folder.name.isdigit() and not _alive(int(folder.name)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return _alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


_QUERY_LIMITED_INFORMATION = 0x1000  # PROCESS_QUERY_LIMITED_INFORMATION
_STILL_ACTIVE = 259
_ACCESS_DENIED = 5


def _alive_windows(pid: int, kernel=None, last_error=None) -> bool:
    """A process that ended stays openable while anyone holds a handle to it (the program
    that started it, for one): its exit code, not OpenProcess alone, says it has gone. A
    process we may not open is someone else's, alive. `kernel` and `last_error` stand in
    for kernel32 in tests on any system."""
    import ctypes

    if kernel is None:
        kernel = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        last_error = ctypes.get_last_error  # type: ignore[attr-defined]
    handle = kernel.OpenProcess(_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        return last_error() == _ACCESS_DENIED
    try:
        code = ctypes.c_ulong()
        if not kernel.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True  # cannot tell: keep its folder
        return code.value == _STILL_ACTIVE
    finally:
        kernel.CloseHandle(handle)
