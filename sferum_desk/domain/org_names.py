"""Organisation names: the abbreviation of the legal form an office writes
(«Муниципальное бюджетное дошкольное образовательное учреждение» → «МБДОУ»), and a short
name that is never cut in the middle of a word."""

from __future__ import annotations

import re

SHORT_NAME_MAX = 200  # the column's size (db/models.py Organization.short_name)

# Words of a legal form, each giving its initial («бюджетное» → «Б»). Matched folded (ё → е).
_FORM_WORDS = {
    "муниципальное", "муниципальный", "муниципальная", "государственное", "государственный",
    "государственная", "федеральное", "федеральный", "областное", "областной", "краевое",
    "краевой", "окружное", "городское", "районное", "частное", "негосударственное",
    "некоммерческое", "автономное", "автономная", "бюджетное", "бюджетная", "казенное",
    "казенная", "дошкольное", "общеобразовательное", "общеобразовательная", "образовательное",
    "образовательная", "профессиональное", "профессиональная", "учреждение", "организация",
    "средняя", "основная", "начальная", "школа",
}
_GROUP_ENDS = {"учреждение", "организация"}  # «ГБОУ СОШ»: the school's type is a new group
# Genitive tails after «учреждение»: written as a separate abbreviation («МКУ ДО»).
_TAILS = (("дополнительного образования", "ДО"),
          ("дополнительного профессионального образования", "ДПО"),
          ("высшего образования", "ВО"))
_WORD = re.compile(r"\S+")


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


def abbreviate_org_name(full_name: str) -> str:
    """The legal form at the start of the name as its initials, the rest as it is.

    «Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № 5»» →
    «МБДОУ «Детский сад № 5»». A name that does not start with two or more such words is
    returned unchanged: nothing is guessed.
    """
    words = _WORD.findall(full_name)
    count = 0
    while count < len(words) and _fold(words[count]) in _FORM_WORDS:
        count += 1
    if count < 2:
        return " ".join(words)  # «Школа № 5»: a name, not a legal form
    letters = ""
    for index, word in enumerate(words[:count]):
        if index and _fold(words[index - 1]) in _GROUP_ENDS:
            letters += " "
        letters += word[0].upper()
    rest = words[count:]
    for tail, initials in _TAILS:
        size = len(tail.split())
        if " ".join(_fold(w) for w in rest[:size]) == tail:
            letters += " " + initials
            rest = rest[size:]
            break
    return " ".join([letters, *rest])


def cut_at_word(text: str, limit: int) -> str:
    """At most `limit` characters, ending at a whole word with «…» when anything is left out."""
    if len(text) <= limit:
        return text
    head = text[:limit - 1]
    if " " in head:
        head = head[:head.rindex(" ")]
    return head.rstrip(" ,;:—-") + "…"


def default_short_name(full_name: str) -> str:
    """The short name when the card leaves it empty: the abbreviation, never cut mid-word."""
    return cut_at_word(abbreviate_org_name(full_name), SHORT_NAME_MAX)


_SETTLEMENT = re.compile(r"(?<![\w.])(г|с|пгт|пос|п|рп|ст|д|х)\.\s*"
                         r"([А-ЯЁ][\w\-]*(?:[ -][А-ЯЁ][\w\-]*)?)")


def place_of_issue(place: str, address: str) -> str:
    """The card's place of issue; left empty, the one settlement the address names
    («г. Арсеньев»). Two settlements or none: nothing (the order goes without it)."""
    if place.strip():
        return place.strip()
    found = {f"{kind}. {name}" for kind, name in _SETTLEMENT.findall(address or "")}
    return found.pop() if len(found) == 1 else ""
