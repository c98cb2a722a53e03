"""Dates as people type them: 01.09.2026, 1.9.2026, 01.09.26, «12 марта 2015 г.», ISO,
Excel serials."""

from __future__ import annotations

import datetime as dt
import re

from sferum_desk.domain.errors import UserError

_DMY = re.compile(r"^(\d{1,2})[./\-](\d{1,2})[./\-](\d{2}|\d{4})(?:\s*г\.?)?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# «12 марта 2015 г.», «1 сентября 2026 года», «12 мар. 2015»: the month in words
_MONTHS = {word: number for number, words in enumerate((
    "январь января янв", "февраль февраля фев", "март марта мар", "апрель апреля апр",
    "май мая", "июнь июня июн", "июль июля июл", "август августа авг",
    "сентябрь сентября сен сент", "октябрь октября окт", "ноябрь ноября ноя нояб",
    "декабрь декабря дек"), start=1) for word in words.split()}
_WORDS_DATE = re.compile(r"^(\d{1,2})\s+([а-яё]+)\.?\s+(\d{4})(?:\s*(?:г|год|года)\.?)?$")


def _month_of(word: str) -> int | None:
    return _MONTHS.get(word.lower().replace("ё", "е"))


def _two_digit_year(year: int, today: dt.date) -> int:
    # 01.09.15 is 2015, but a birth date 03.04.85 is 1985: never a future year.
    full = 2000 + year
    return full if full <= today.year else 1900 + year


def parse_date(value: object, field: str = "date", today: dt.date | None = None) -> dt.date | None:
    """Return a date, None for an empty value; raise UserError for anything else."""
    today = today or dt.date.today()
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel serial day numbers up to 9999-12-31
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise UserError(f"«{value}» не похоже на дату: нужен вид ДД.ММ.ГГГГ.", field=field)
    text = str(value).strip()
    if not text:
        return None
    day = month = year = None
    if m := _DMY.match(text):
        day, month, year = (int(g) for g in m.groups())
        if len(m.group(3)) == 2:
            year = _two_digit_year(year, today)
    elif m := _ISO.match(text):
        year, month, day = (int(g) for g in m.groups())
    elif (m := _WORDS_DATE.match(text.lower())) and _month_of(m.group(2)):
        day, month, year = int(m.group(1)), _month_of(m.group(2)), int(m.group(3))
    if year is None:
        raise UserError(f"«{text}» не похоже на дату: нужен вид ДД.ММ.ГГГГ.", field=field)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise UserError(f"Даты «{text}» не бывает: проверьте день и месяц.", field=field) from None


def parse_past_date(value: object, field: str, what: str,
                    today: dt.date | None = None) -> dt.date | None:
    """A date of something already done (an order, an act): a future one is refused."""
    today = today or dt.date.today()
    day = parse_date(value, field=field, today=today)
    if day is not None and day > today:
        raise UserError(f"{what} {day:%d.%m.%Y} ещё не наступила: укажите дату, когда "
                        "документ уже подписан.", field=field)
    return day


def format_date(value: dt.date | None) -> str:
    """«01.09.2026». Not strftime: that is several times slower, and a list formats 10,000
    dates (#17)."""
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}" if value else ""


def parse_birth_date(value: object, today: dt.date | None = None) -> dt.date | None:
    today = today or dt.date.today()
    born = parse_date(value, field="birth_date", today=today)
    if born and not (dt.date(1900, 1, 1) <= born <= today):
        raise UserError(f"Дата рождения {format_date(born)} невозможна: проверьте год.",
                        field="birth_date")
    return born
