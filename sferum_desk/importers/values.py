"""Cell values → clean values, fast: a roster of 10,000 pupils has 30,000 names and phones.

The domain parsers stay the single source of truth; here they are cached per distinct raw
value, and the common Russian mobile number takes a shortcut that gives the same answer.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import phonenumbers

from sferum_desk.domain.contacts import normalise_email
from sferum_desk.domain.dates import format_date, parse_birth_date
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.names import (
    FullName, clean_text, fold, name_from_parts, name_key, parse_full_name,
)
from sferum_desk.domain.phones import normalise_phone
from sferum_desk.domain.units import unit_display

CACHE = 1 << 16
ROW_CACHE = 1 << 10  # values asked for again within one row (a name's text): few to keep
_TIME_TAIL = re.compile(r"\s+\d{1,2}:\d{2}(:\d{2})?$")  # «04.03.2015 0:00:00» from a CSV
_PHONE_CHARS = re.compile(r"^\+?[\d\s\-().]+$")
_NON_DIGITS = re.compile(r"\D")
_PHONE_SPLIT = re.compile(r"[,;/\n]|\s+и\s+|\s+или\s+")
# Excel serial day numbers of 1927..2100; a bare 2015 is a year, not a date in 1905.
SERIAL_RANGE = (10_000, 73_000)


def display_value(cell: object) -> str:
    """A cell as the user sees it in Excel (for previews and messages)."""
    if isinstance(cell, str):  # the common cell first
        return _clean_text(cell)
    if cell is None or cell == "":
        return ""
    if isinstance(cell, dt.datetime):
        return format_date(cell.date()) if not cell.time() else cell.strftime("%d.%m.%Y %H:%M")
    if isinstance(cell, dt.date):
        return format_date(cell)
    if isinstance(cell, bool):
        return "Да" if cell else "Нет"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else str(cell).replace(".", ",")
    return clean_text(cell)


@lru_cache(maxsize=ROW_CACHE)
def _clean_text(text: str) -> str:
    """domain.names.clean_text, once per distinct text (a name is read two or three times
    per row: the note test, the name, the message)."""
    return clean_text(text)


def is_blank(cell: object) -> bool:
    return cell is None or cell == "" or (isinstance(cell, str) and not cell.strip())


def row_values(row: list[object]) -> list[object]:
    """The row's cells that are not blank (`is_blank`), in one pass."""
    return [c for c in row if (c.strip() if isinstance(c, str) else c is not None)]


# ---- names -----------------------------------------------------------------------------
NAME_PART_MAX = 100  # the database's column size for each part of a name


@lru_cache(maxsize=CACHE)
def name_from_text(text: str) -> FullName:
    return _fits(parse_full_name(text))


_NAME_MARKS = re.compile(r"[*¹²³⁴†#]+(?=\s|$)")  # footnote marks: «Иванов Иван*»
_NAME_BRACKETS = re.compile(r"\s*[(\[][^()\[\]]*[)\]]")
_SIMPLE_NAME = re.compile(r"^[^*¹²³⁴†#(\[,]*$")


@lru_cache(maxsize=CACHE)
def name_and_note(text: str) -> tuple[str, str]:
    """A name cell's name and the note written into it: «Петров Пётр (ОВЗ)», «Сидорова Анна,
    выбыла», «Иванов Иван*» → the name, and «(ОВЗ)», «выбыла», «*» to report (never kept in
    the name, never lost without a word). «Иванова, Анна» is a name with a comma."""
    if _SIMPLE_NAME.match(text):  # the common cell: nothing to take out
        return text, ""
    notes = [m.group().strip() for m in _NAME_BRACKETS.finditer(text)]
    rest = _NAME_BRACKETS.sub(" ", text)
    notes += _NAME_MARKS.findall(rest)
    rest = _NAME_MARKS.sub("", rest)
    head, comma, tail = rest.partition(",")
    if comma and len(head.split()) >= 2 and tail.strip():
        notes.append(tail.strip())
        rest = head
    return " ".join(rest.replace(",", " ").split()), " ".join(notes)


@lru_cache(maxsize=CACHE)
def name_from_columns(last: str, first: str, patronymic: str) -> FullName:
    return _fits(name_from_parts(last, first, patronymic))


def _fits(name: FullName) -> FullName:
    if max(len(name.last), len(name.first), len(name.patronymic)) > NAME_PART_MAX:
        raise UserError("Слишком длинная часть ФИО (больше 100 знаков): проверьте ячейку.")
    if name.patronymic.count(" ") > 1:  # «Рауф кызы» is the longest patronymic there is
        raise UserError("Похоже на несколько ФИО в одной ячейке: запишите каждого человека "
                        "в свою ячейку или строку.")
    return name


@lru_cache(maxsize=CACHE)
def key_of(name: FullName) -> str:
    """The folded comparison key of a name (domain.names.name_key), cached."""
    return name_key(name)


# ---- phones ----------------------------------------------------------------------------
def phone_value(cell: object) -> str:
    """E.164 or "" (empty); raises UserError for a value that is not a phone."""
    if isinstance(cell, str):  # the common cell first
        text = cell.strip()
        return _phone_text(text) if text else ""
    if is_blank(cell):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return _phone_text(str(cell).strip())


@lru_cache(maxsize=ROW_CACHE)  # phones rarely repeat: a big cache only holds memory
def _phone_text(text: str) -> str:
    fast = _fast_mobile(text)
    if fast is not None:
        return fast
    return normalise_phone(text)


def _fast_mobile(text: str) -> str | None:
    """+7 9xx… in any usual spelling, when it is plainly a Russian mobile number.

    Such a number is valid exactly when it matches the numbering plan's mobile pattern (no
    other number type starts with 9), so the answer equals `normalise_phone`'s without
    parsing; anything else takes the slow path.
    """
    if not _PHONE_CHARS.match(text):
        return None
    digits = _NON_DIGITS.sub("", text)
    plus = text.startswith("+")
    if len(digits) == 11 and ((digits[0] == "7") or (digits[0] == "8" and not plus)):
        national = digits[1:]
    elif len(digits) == 10 and not plus:
        national = digits
    else:
        return None
    if national[0] != "9" or not _RU_MOBILE.fullmatch(national):
        return None
    return "+7" + national


def _mobile_pattern() -> re.Pattern:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region("RU")
    return re.compile(metadata.mobile.national_number_pattern)


_RU_MOBILE = _mobile_pattern()


def first_phone(cell: object) -> tuple[str, bool]:
    """(E.164, whether more numbers were in the cell). «8916…, 8903…» keeps the first."""
    if isinstance(cell, str):
        if "\n" not in cell and _PHONE_CHARS.match(cell):  # one plain number: no split
            text = cell.strip()
            return (_phone_text(text) if text else ""), False
        parts = phone_parts(cell)
        if parts:
            return phone_value(parts[0]), True
    return phone_value(cell), False


def phone_parts(cell: object) -> list[str]:
    """The numbers of a cell that holds several («8916…, 8903…», one per line), each of
    ten digits or more; [] for a cell of one number or of anything else."""
    if not isinstance(cell, str):
        return []
    parts = [p for p in _PHONE_SPLIT.split(cell) if _NON_DIGITS.sub("", p)]
    if len(parts) > 1 and all(len(_NON_DIGITS.sub("", p)) >= 10 for p in parts):
        return parts
    return []


# ---- dates -----------------------------------------------------------------------------
def birth_date_value(cell: object, today: dt.date | None = None) -> dt.date | None:
    """A birth date or None (empty); raises UserError for anything that is not one."""
    if isinstance(cell, str):  # the common cell first
        text = cell.strip()
        return _date_text(text, today) if text else None
    if is_blank(cell):
        return None
    if isinstance(cell, bool):
        raise UserError(f"«{display_value(cell)}» не похоже на дату: нужен вид ДД.ММ.ГГГГ.")
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        if not SERIAL_RANGE[0] <= cell < SERIAL_RANGE[1]:
            raise UserError(f"«{display_value(cell)}» не похоже на дату: нужен вид "
                            "ДД.ММ.ГГГГ.")
        return parse_birth_date(float(cell), today=today)
    if isinstance(cell, (dt.date, dt.datetime)):
        return _date_object(cell, today)
    return _date_text(str(cell).strip(), today)


@lru_cache(maxsize=CACHE)
def _date_object(cell: dt.date, today: dt.date | None) -> dt.date | None:
    return parse_birth_date(cell, today=today)


@lru_cache(maxsize=CACHE)
def _date_text(text: str, today: dt.date | None) -> dt.date | None:
    return parse_birth_date(_TIME_TAIL.sub("", text), today=today)


# ---- other values ---------------------------------------------------------------------
def email_value(cell: object) -> str:
    return "" if is_blank(cell) else normalise_email(display_value(cell))


def text_value(cell: object, limit: int = 200) -> str:
    """Plain text (a position, a note) cut to what the database column holds."""
    return "" if is_blank(cell) else display_value(cell)[:limit]


def unit_value(cell: object) -> str:
    """«5 а класс» → «5А»; «Группа «Ромашка»» → «Ромашка»: domain.units' display name."""
    return unit_display(text_value(cell))


RELATIONS = {"mother": ("мать", "мама", "матерь"), "father": ("отец", "папа"),
             "guardian": ("опекун", "попечитель", "опекунша")}


def relation_value(cell: object) -> str:
    """«Мама» → mother; anything unknown is «other» (законный представитель)."""
    words = fold(text_value(cell))
    for relation, starts in RELATIONS.items():
        if words.startswith(starts):
            return relation
    return "other"


# Words of notes, signatures and titles that no Russian ФИО holds.
_NOTE_WORDS = re.compile(
    r"(?<![а-я])(список\w*|составил\w*|составлен\w*|руководител\w*|подпис\w*|итого|всего|"
    r"директор|директора|заведующ\w*|ответственн\w*|исполнител\w*|примечани\w*|класс|"
    r"классн\w*|учител\w*|воспитател\w*|дата|утвержд\w*|приложение|страница|"
    r"обучающ\w*|учащ\w*|воспитанник\w*|родител\w*|телефон\w*|фио)(?![а-я])")
NOTE_TEXT = re.compile(r"[:_]{1}|" + _NOTE_WORDS.pattern)


@lru_cache(maxsize=CACHE)
def looks_like_a_note(text: str) -> bool:
    folded = fold(text)
    if ":" in folded or "__" in folded or "…" in folded:
        return True
    if len(folded.split()) > 5:
        return True
    return bool(_NOTE_WORDS.search(folded))


def plausible_name(cell: object, whole: bool = True) -> bool:
    """Whether a cell reads as a person's ФИО (`whole`) or a surname: the test of a real
    name column («Возраст детей» above «3-4 года» is none)."""
    text = display_value(cell)
    if not text or looks_like_a_note(text):
        return False
    if not whole:
        return all(ch.isalpha() or ch in "-' " for ch in text)
    try:
        name_from_text(text)
    except UserError:
        return False
    return True


def column_numbers(values: list[object]) -> bool:
    """«1 | 2 | 3 | 4 …» under the header: the columns' numbers, not a person."""
    if len(values) < 3:
        return False
    for value in values:  # the common row (a number, then a name) leaves at once
        if isinstance(value, str) and not value.strip().rstrip(".").isdigit():
            return False
    numbers = []
    for value in values:
        text = display_value(value).rstrip(".")
        if not text.isdigit():
            return False
        numbers.append(int(text))
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))
