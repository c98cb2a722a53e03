"""An organisation's state registration numbers (ИНН, ОГРН): checked with python-stdnum."""

from __future__ import annotations

import re

from sferum_desk.domain.errors import UserError

_NOT_DIGIT = re.compile(r"\D")


def normalise_inn(value: object, field: str = "inn") -> str:
    """ИНН of an organisation (10 digits) or of a person (12), check digits verified."""
    return _checked_number(value, "inn", f"ИНН «{value}» неверен: проверьте цифры (у "
                           "организации их 10).", field)


def normalise_ogrn(value: object, field: str = "ogrn") -> str:
    """ОГРН (13 digits) or ОГРНИП (15), check digit verified."""
    return _checked_number(value, "ogrn", f"ОГРН «{value}» неверен: проверьте цифры (у "
                           "организации их 13).", field)


def _checked_number(value: object, kind: str, refusal: str, field: str) -> str:
    """The digits of `value` validated by stdnum.ru.<kind>; empty stays empty."""
    digits = _NOT_DIGIT.sub("", str(value or ""))
    if not digits:
        return ""
    from stdnum.exceptions import ValidationError  # only when there is a number to check
    from stdnum.ru import inn, ogrn  # named here, so that PyInstaller bundles them

    try:
        return {"inn": inn, "ogrn": ogrn}[kind].validate(digits)
    except ValidationError:
        raise UserError(refusal, field=field) from None
