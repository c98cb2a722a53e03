"""Writing a finished file: all or nothing, with a Russian sentence when the disk refuses."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sferum_desk.domain.errors import UserError


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
    if target.is_dir():
        raise UserError(f"«{target}» — это папка: укажите имя файла.")
    if not target.parent.is_dir():
        raise UserError(f"Папки «{target.parent}» нет: выберите существующую папку.")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=".~", suffix=target.suffix,
                                             dir=target.parent)
    except OSError as exc:
        raise UserError(f"В папку «{target.parent}» нельзя записать файл: выберите другую "
                        "папку.") from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
    except OSError as exc:
        _remove_quietly(temp_name)
        raise UserError(f"Не удалось сохранить «{target.name}»: закройте файл, если он открыт "
                        "в другой программе, и повторите.") from exc
    return StagedFile(temp_name, target)


def _remove_quietly(name: str) -> None:
    try:
        os.remove(name)
    except OSError:
        pass
