"""An organisation's state registration numbers (ИНН, ОГРН): checked with python-stdnum."""

from __future__ import annotations

import re

from sferum_desk.domain.errors import UserError

_NOT_DIGIT = re.compile(r"\D")


def normalise_inn(value: object, field: str = "inn") -> str:
    """ИНН of an organisation (10 digits) or of a person (12), check digits verified."""
    digits = _NOT_DIGIT.sub("", str(value or ""))
    if not digits:
        return ""
    from stdnum.exceptions import ValidationError  # only when there is a number to check
    from stdnum.ru import inn

    try:
        return inn.validate(digits)
    except ValidationError:
        raise UserError(f"ИНН «{value}» неверен: проверьте цифры (у организации их 10).",
                        field=field) from None


def normalise_ogrn(value: object, field: str = "ogrn") -> str:
    """ОГРН (13 digits) or ОГРНИП (15), check digit verified."""
    digits = _NOT_DIGIT.sub("", str(value or ""))
    if not digits:
        return ""
    from stdnum.exceptions import ValidationError  # only when there is a number to check
    from stdnum.ru import ogrn

    try:
        return ogrn.validate(digits)
    except ValidationError:
        raise UserError(f"ОГРН «{value}» неверен: проверьте цифры (у организации их 13).",
                        field=field) from None
