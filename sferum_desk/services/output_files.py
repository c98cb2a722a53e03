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
        os.replace(temp_name, target)
    except OSError as exc:
        _remove_quietly(temp_name)
        raise UserError(f"Не удалось сохранить «{target.name}»: закройте файл, если он открыт "
                        "в другой программе, и повторите.") from exc
    return target


def _remove_quietly(name: str) -> None:
    try:
        os.remove(name)
    except OSError:
        pass
