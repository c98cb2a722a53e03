"""Russian personal names (ФИО): splitting, normalising, comparing and sorting."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sferum_desk.domain.errors import UserError

_SPACES = re.compile(r"\s+")
_ALLOWED = re.compile(r"^[A-Za-zА-Яа-яЁё][A-Za-zА-Яа-яЁё'’\-.]*$")


@dataclass(frozen=True)
class FullName:
    last: str
    first: str
    patronymic: str = ""

    @property
    def full(self) -> str:
        return " ".join(p for p in (self.last, self.first, self.patronymic) if p)

    @property
    def short(self) -> str:
        """«Иванова А. П.» for signatures and slips."""
        initials = " ".join(f"{p[0]}." for p in (self.first, self.patronymic) if p)
        return f"{self.last} {initials}".strip()


def clean_text(value: object) -> str:
    """Collapse whitespace (incl. NBSP), drop control characters."""
    text = str(value or "")
    if text.isprintable() and unicodedata.is_normalized("NFC", text):
        # The common case, fast (a roster has tens of thousands of names): no control,
        # format or non-ASCII space characters, so only plain spaces need collapsing.
        return " ".join(text.split())
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return _SPACES.sub(" ", text).strip()


def _capitalise(word: str) -> str:
    # «ИВАНОВА-петрова» → «Иванова-Петрова», «И.И.» stays «И.И.»; keeps apostrophes.
    return _NAME_SEGMENT.sub(lambda m: m.group(0)[:1].upper() + m.group(0)[1:].lower(), word)


_NAME_SEGMENT = re.compile(r"[^\-.]+")


def _normalise_word(word: str) -> str:
    if word.isupper() or word.islower():
        return _capitalise(word)
    return word


PATRONYMIC_PARTICLES = frozenset({"оглы", "кызы", "гызы", "улы", "уулу", "угли", "кизи"})
NAME_PART_MAX = 100  # the columns' sizes (db/models.py Person): PostgreSQL enforces them
NAME_MAX = 300


def parse_full_name(text: object) -> FullName:
    """Split «Иванова Анна Петровна» into parts. Raises UserError for anything not a name."""
    cleaned = clean_text(text)
    if not cleaned:
        raise UserError("Укажите фамилию и имя.", field="full_name")
    words = cleaned.replace(",", " ").split()
    for word in words:
        if not _ALLOWED.match(word):
            raise UserError(f"«{word}» не похоже на часть ФИО: оставьте только буквы и дефис.",
                            field="full_name")
    if len(words) < 2:
        raise UserError("Укажите и фамилию, и имя через пробел.", field="full_name")
    words = [_normalise_word(w) for w in words]
    last, first, *rest = words
    # «Алиев Рашид Рауф оглы»: the Turkic particles of a patronymic stay lower case
    rest = [w.lower() if w.lower() in PATRONYMIC_PARTICLES else w for w in rest]
    name = FullName(last, first, " ".join(rest))
    if max(len(last), len(first), len(name.patronymic)) > NAME_PART_MAX or \
            len(name.full) > NAME_MAX:
        raise UserError("ФИО слишком длинное: не больше 100 букв в фамилии, имени и отчестве.",
                        field="full_name")
    return name


def name_from_parts(last: object, first: object, patronymic: object = "") -> FullName:
    """Build a name from three separate fields (three columns, three edit boxes)."""
    parts = [clean_text(p) for p in (last, first, patronymic)]
    joined = " ".join(p for p in parts if p)
    if not parts[0] or not parts[1]:
        # Someone typed the whole ФИО into the surname box: still accept it.
        return parse_full_name(joined)
    checked = parse_full_name(f"{parts[0]} {parts[1]}")
    patronymic_clean = parse_full_name(f"X Y {parts[2]}").patronymic if parts[2] else ""
    return FullName(checked.last, checked.first, patronymic_clean)


def fold(text: str) -> str:
    """A comparison key: case-insensitive, ё as е, single spaces."""
    return clean_text(text).lower().replace("ё", "е")


def name_key(name: FullName) -> str:
    return fold(name.full)


def sort_key(text: str) -> tuple[str, str]:
    """Russian alphabetical order: ё as е, with ё placed just after е on a tie."""
    folded = clean_text(text).lower()
    return folded.replace("ё", "е"), folded.replace("ё", "е\uffff")
