"""Phone numbers: anything a Russian secretary types → E.164 (+79161234567)."""

from __future__ import annotations

import re

from sferum_desk.domain.errors import UserError

_DIGITS = re.compile(r"\d")


def normalise_phone(value: object, field: str = "phone") -> str:
    """Return E.164, or "" for an empty value. Raises UserError for a non-phone."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number typed into a numeric Excel cell
    text = str(value).strip()
    if not text:
        return ""
    digits = "".join(_DIGITS.findall(text))
    if len(digits) == 10 and digits[0] == "9":
        text = "+7" + digits  # 9161234567: a mobile typed without the country code
    elif len(digits) == 11 and digits[0] == "8" and not text.lstrip().startswith("+"):
        text = "+7" + digits[1:]
    import phonenumbers  # here: 15 ms at every start of commands that never parse one (#17)

    try:
        parsed = phonenumbers.parse(text, "RU")
    except phonenumbers.NumberParseException:
        raise UserError(f"«{text}» не похоже на номер телефона: укажите его, например, "
                        "так: +7 916 123-45-67.", field=field) from None
    if not phonenumbers.is_valid_number(parsed):
        raise UserError(f"Номер «{text}» не существует: проверьте количество цифр и код "
                        "оператора.", field=field)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


_RU_MOBILE = re.compile(r"\+79\d{9}")


def display_phone(e164: str) -> str:
    """+79161234567 → +7 916 123-45-67 for the screen and paper."""
    if not e164:
        return ""
    if _RU_MOBILE.fullmatch(e164):  # most numbers: no parsing (10k-row exports, #17)
        return f"+7 {e164[2:5]} {e164[5:8]}-{e164[8:10]}-{e164[10:]}"
    import phonenumbers

    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
