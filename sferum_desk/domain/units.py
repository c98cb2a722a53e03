"""The one canonical key of a unit's name (class or group) and the one matcher on it.

A class is its number and letter: «1 «А» класс», «1-а», «1А», «Класс 1 А» are all «1а».
A group is its name without «группа», «гр.», «№ N», quotes, a bracketed note and case:
«Группа №3 "Солнышко"», «гр. Солнышко», «Солнышко (средняя)» are all «солнышко».
The import, the structure tab, moving pupils and the acknowledgement commands all find
units through `unit_key` / `match_units`, so one spelling finds the same unit everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sferum_desk.domain.names import clean_text, fold, sort_key

_QUOTES = "«»\"'“”„‟‘’`"
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_UNIT_WORDS = re.compile(r"(?<![а-яa-z])(класс|кл|группа|группы|гр|отряд)(?![а-яa-z])\.?")
_AGE_WORDS = re.compile(r"(?<![а-яa-z])(первая|вторая|1-?я|2-?я|младшая|средняя|старшая|"
                        r"подготовительная|подготовительная к школе|ясельная|разновозрастная)"
                        r"(?![а-яa-z])")
_NUMBER_SIGN = re.compile(r"№\s*\d+|\bn\s*\d+\b")
_CLASS = re.compile(r"^(\d{1,2})\s*[-–—.]?\s*([а-яa-z])$")
_PUNCT = re.compile(r"[\s\-–—.,:;!?]+")
_EDGE_PUNCT = " :;,.-–—"


def _strip_quotes(text: str) -> str:
    return "".join(" " if ch in _QUOTES else ch for ch in text)


def class_parts(name: object) -> tuple[int, str] | None:
    """(number, letter) of a class name such as «5 «А» класс», else None."""
    text = _strip_quotes(fold(str(name or "")))
    # «Класс: 3А», «КЛАСС 4в;»: the punctuation left beside the word goes with it
    text = clean_text(_UNIT_WORDS.sub(" ", text)).strip(_EDGE_PUNCT)
    match = _CLASS.match(text)
    if match is None:
        return None
    return int(match.group(1)), match.group(2)


def unit_display(name: object) -> str:
    """How a unit read from a file is named when it is created: «5А», «Солнышко»."""
    text = clean_text(name)
    if not text:
        return ""
    parts = class_parts(text)
    if parts is not None:
        return f"{parts[0]}{parts[1].upper()}"
    bare = _group_core(text, keep_case=True)
    if not any(ch.isalpha() for ch in bare):
        bare = text  # «Группа №3», «Группа 1»: the number alone is no name
    return bare[:100]


def _group_core(text: str, keep_case: bool = False) -> str:
    """The group's own name: words, numbers, quotes and bracketed notes taken away."""
    source = clean_text(text) if keep_case else fold(text)
    lowered = source.lower().replace("ё", "е")
    # work on the lowered text for the patterns, cut the same spans out of the source
    spans = [m.span() for pattern in (_BRACKETS, _UNIT_WORDS, _AGE_WORDS)
             for m in pattern.finditer(lowered)]
    quoted = re.search(r"[«\"“„']([^«»\"“”„']+)[»\"”']", source)
    if quoted and quoted.group(1).strip():
        core = quoted.group(1)  # «Группа №3 "Солнышко"»: the quoted part is the name
    else:
        chars = list(source)
        for start, end in spans:
            for i in range(start, end):
                chars[i] = " "
        core = "".join(chars)
        numbered = _NUMBER_SIGN.sub(" ", core.lower())
        if numbered.strip(" " + _QUOTES) and numbered != core.lower():
            core = _NUMBER_SIGN.sub(" ", core)
    core = clean_text(_strip_quotes(core)).strip(" -–—.,:;")
    return core


def unit_key(name: object) -> str:
    """The comparison key of a unit's name (see the module's docstring)."""
    text = clean_text(name)
    if not text:
        return ""
    parts = class_parts(text)
    if parts is not None:
        return f"{parts[0]}{parts[1]}"
    core = _group_core(text) or fold(text)
    return _PUNCT.sub("", fold(core).replace("№", "")) or fold(text)


@dataclass(frozen=True)
class UnitMatch:
    """The units whose key equals the wanted one; `exact` when the spelling is the same."""

    ids: tuple[int, ...]
    exact: int | None

    @property
    def best(self) -> int | None:
        """One unit only when there is no doubt: the same spelling, or a single candidate."""
        if self.exact is not None:
            return self.exact
        return self.ids[0] if len(self.ids) == 1 else None


def match_units(name: object, units: Iterable[tuple[int, str]]) -> UnitMatch:
    """Which of `units` ((id, name), …) the name means, by the canonical key."""
    wanted = unit_key(name)
    folded = fold(str(name or "")).replace(" ", "")
    ids, exact = [], None
    for unit_id, unit_name in units:
        if wanted and unit_key(unit_name) == wanted:
            ids.append(unit_id)
            if exact is None and fold(unit_name).replace(" ", "") == folded:
                exact = unit_id
    return UnitMatch(tuple(ids), exact)


def find_unit_id(name: object, units: Iterable[tuple[int, str]]) -> int | None:
    """The unit the name means, when there is exactly one (or one spelled the same)."""
    return match_units(name, units).best


def unit_sort_key(name: str) -> tuple:
    """«2А» before «10Б»: leading numbers compare as numbers."""
    digits = ""
    for ch in name:
        if not ch.isdecimal():  # «²» is a digit int() refuses
            break
        digits += ch
    return (int(digits) if digits else 10**6, sort_key(name[len(digits):].strip()))


# A class or a group named inside a sentence: «Список обучающихся 3 «Б» класса», «Класс: 5А»,
# «Список детей группы «Солнышко»», «Группа № 5 "Ромашка"».
_LETTER = r"[«\"“„']?\s*([а-я])\s*[»\"”']?"
_CLASS_BEFORE_WORD = re.compile(r"(?<![\d\w])(\d{1,2})\s*[-–—]?\s*" + _LETTER +
                                r"\s*(?:класс\w*|кл\.)")
_CLASS_AFTER_WORD = re.compile(r"(?<![а-я])класс\w*\s*[:№-]?\s*(\d{1,2})\s*[-–—]?\s*" +
                               _LETTER + r"(?![а-я\d])")
_CLASS_ANYWHERE = re.compile(r"(?<![\d\w])(\d{1,2})\s*[-–—]?\s*" + _LETTER + r"(?![а-я\d])")
_GROUP_QUOTED = re.compile(r"(?<![а-я])(?:групп\w*|гр\.)\s*(?:№\s*\d+\s*)?"
                           r"[«\"“„']([^«»\"“”„']+)[»\"”']")


def unit_in_title(text: object) -> str:
    """The one class («3Б») or group («Солнышко») a title line names, else "" (none, or
    more than one: «Список 1А и 1Б классов» is no single unit's list)."""
    folded = fold(str(text or ""))
    found = {f"{m.group(1)}{m.group(2)}" for pattern in (_CLASS_BEFORE_WORD, _CLASS_AFTER_WORD)
             for m in pattern.finditer(folded)}
    if found and len({f"{m.group(1)}{m.group(2)}"
                      for m in _CLASS_ANYWHERE.finditer(folded)} | found) > 1:
        return ""  # «Список 1А и 1Б классов»
    for match in _GROUP_QUOTED.finditer(folded):
        start, end = match.span(1)
        original = clean_text(text)  # the same length as `folded`: keep the name's case
        found.add(original[start:end].strip() if len(original) == len(folded)
                  else match.group(1).strip())
    if len(found) != 1:
        return ""
    unit = found.pop()
    return unit_display(unit) if class_parts(unit) is not None else unit.strip()


_GROUP_WORD = re.compile(r"(?<![а-яa-z])(группа|гр\.)(?![а-яa-z])")
_NOT_A_GROUP = re.compile(r"(?<![а-я])(продл\w*|здоровья|риска|крови|инвалидности|"
                          r"кратковременного|пребывания)(?![а-я])")


def section_unit(text: object) -> str:
    """The class or group a line of its own names over the rows below it («5А класс»,
    «Класс: 3А», «Группа «Пчёлки»», «Старшая группа № 5 "Ромашка"»), else "".
    A group needs its word and a name of its own: «Группа продлённого дня» is none."""
    raw = clean_text(text)
    if not raw:
        return ""
    if class_parts(raw) is not None:
        return raw
    folded = fold(raw)
    if not _GROUP_WORD.search(folded) or _NOT_A_GROUP.search(folded) or len(raw) > 60:
        return ""
    core = _group_core(raw, keep_case=True)
    if not any(ch.isalpha() for ch in core):  # «Группа № 5»: named by its number
        return raw if _NUMBER_SIGN.search(folded) else ""
    return raw if len(core.split()) <= 3 else ""
