"""E-mail addresses and other small contact values."""

from __future__ import annotations

import re

from sferum_desk.domain.errors import UserError, echo

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]{2,}$")
MAX_EMAIL = 254  # RFC 5321
_AROUND = re.compile(r"\s*([@.])\s*")  # «ivanova @ mail . ru»: spaces typed around @ and dots


def normalise_email(value: object, field: str = "email") -> str:
    text = str(value or "").strip()
    if not text:
        return ""
    text = _AROUND.sub(r"\1", text)
    if not _EMAIL.match(text) or not text.isprintable() or len(text) > MAX_EMAIL:
        raise UserError(f"«{echo(text)}» не похоже на адрес электронной почты: нужен вид "
                        "name@example.ru.", field=field)
    return text.lower()
