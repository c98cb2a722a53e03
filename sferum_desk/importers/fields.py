"""The fields a roster column can hold, and recognising them from Russian column titles.

A title is read as a *subject* (the pupil, the mother, the father, a guardian) plus an
*attribute* (name, phone, e-mail, birth date…): «Телефон матери» is mother + phone,
«ФИО ребёнка» is pupil + name, «Законный представитель» alone is guardian + name. A title
with an attribute but no subject («Телефон» right after «ФИО матери») belongs to the
subject of the nearest name column on its left.
"""

from __future__ import annotations

import re

from sferum_desk.domain.names import fold

STUDENTS = "students"
STAFF = "staff"
IMPORT_KINDS = (STUDENTS, STAFF)

# Parents on a pupil's row: relation → field prefix. A row may carry up to four guardians:
# «Родитель 1», «Родитель 2» … blocks (or a second «Мать» block) take the next free slot.
GUARDIAN_SLOTS = ("guardian", "guardian2", "guardian3", "guardian4")
PARENTS = ("mother", "father") + GUARDIAN_SLOTS

PERSON_FIELDS = ("full_name", "last_name", "first_name", "patronymic", "birth_date", "phone",
                 "email")
STUDENT_FIELDS = PERSON_FIELDS + ("unit", "unit_letter") + tuple(
    f"{p}_{a}" for p in PARENTS for a in ("name", "phone", "email")) + ("guardian_relation",) \
    + tuple(f"{slot}_relation" for slot in GUARDIAN_SLOTS[1:])
STAFF_FIELDS = PERSON_FIELDS + ("position",)

NAME_FIELDS = ("full_name", "last_name")  # a sheet needs one of these to be a list of people

_TITLES = {
    "full_name": "ФИО",
    "last_name": "Фамилия",
    "first_name": "Имя",
    "patronymic": "Отчество",
    "birth_date": "Дата рождения",
    "phone": "Телефон",
    "email": "Эл. почта",
    "unit": "{unit}",
    "unit_letter": "Буква класса",
    "position": "Должность",
    "mother_name": "ФИО матери",
    "mother_phone": "Телефон матери",
    "mother_email": "Эл. почта матери",
    "father_name": "ФИО отца",
    "father_phone": "Телефон отца",
    "father_email": "Эл. почта отца",
    "guardian_name": "ФИО законного представителя",
    "guardian_phone": "Телефон законного представителя",
    "guardian_email": "Эл. почта законного представителя",
    "guardian_relation": "Кем приходится (мать, отец, опекун)",
}
for _n, _slot in enumerate(GUARDIAN_SLOTS[1:], start=2):
    _TITLES.update({f"{_slot}_name": f"ФИО законного представителя {_n}",
                    f"{_slot}_phone": f"Телефон законного представителя {_n}",
                    f"{_slot}_email": f"Эл. почта законного представителя {_n}",
                    f"{_slot}_relation": f"Кем приходится представитель {_n}"})
IGNORE_TITLE = "— не загружать —"


def fields_for(kind: str) -> tuple[str, ...]:
    return STAFF_FIELDS if kind == STAFF else STUDENT_FIELDS


def field_title(field: str | None, unit_word: str = "Класс", student_word: str = "") -> str:
    """The Russian title of a field for the mapping page and the template."""
    if field is None:
        return IGNORE_TITLE
    title = _TITLES[field].format(unit=unit_word)
    if student_word and field in ("full_name", "birth_date"):
        title = f"{title} ({student_word.lower()})"
    return title


# ---- reading a title -----------------------------------------------------------------
_PUNCT = re.compile(r"[.,;:/\\()\[\]{}«»\"'_*?!–—\-]+")
_SUBJECTS = [  # (regex on the folded title, subject); checked in order
    (re.compile(r"\b(мать|матери|мама|мамы|матерь)\b"), "mother"),
    (re.compile(r"\b(отец|отца|папа|папы)\b"), "father"),
    (re.compile(r"\b(законн\w*|представител\w*|родител\w*|опекун\w*|попечител\w*)\b"),
     "guardian"),
]
_SELF_WORDS = re.compile(r"\b(ребенка|ребенок|ученика|ученик|учащегося|учащийся|обучающегося|"
                         r"обучающийся|воспитанника|воспитанник|студента|студент|сотрудника|"
                         r"сотрудник|работника|работник|педагога|педагог|учителя|учитель|"
                         r"детей|ребенка|дети)\b")
_NAME = re.compile(r"(\bф ?и ?о\b|\bфамилия имя\b|\bполное имя\b)")


def normalise_title(value: object) -> str:
    """«Ф.И.О. (полностью)» → «ф и о полностью»; «E-mail» → «e mail»."""
    text = fold(str(value or "")).replace("№", " № ")
    return " ".join(_PUNCT.sub(" ", text).split())


def read_title(value: object) -> tuple[str | None, str | None]:
    """(subject, attribute) of a column title; subject None = the row's own person."""
    title = normalise_title(value)
    if not title:
        return None, None
    subject = next((s for pattern, s in _SUBJECTS if pattern.search(title)), None)
    attribute = _attribute(title, subject)
    return subject, attribute


_GUARDIAN_TITLE = re.compile(r"\b(опекун\w*|попечител\w*)\b")


def relation_of_title(value: object) -> str:
    """Who a guardian's block title says they are: «Мать» mother, «Отец» father, «Опекун»
    or «Попечитель» guardian; «Родитель 2», «Законный представитель» other."""
    subject = read_title(value)[0]
    if subject in ("mother", "father"):
        return subject
    return "guardian" if _GUARDIAN_TITLE.search(normalise_title(value)) else "other"


def _attribute(title: str, subject: str | None) -> str | None:
    words = title.split()
    joined = "".join(words)
    if re.search(r"\b(кем приходится|степень родства|родство|статус родителя)\b", title):
        return "relation"
    if re.search(r"\b(почтов\w*|индекс)\b", title):
        return None  # a postal address, not e-mail
    if "email" in joined or "mail" in words or re.search(r"\bэл\w* ?(адрес|почт)", title) \
            or re.search(r"\b(почта|e почта)\b", title):
        return "email"
    if re.search(r"\b(тел\w*|моб\w*|сотов\w*|контактн\w* номер|номер телефона)\b", title):
        if _NAME.search(title) or "фио" in joined:
            return "name"  # «Законный представитель (ФИО, телефон)»: the name cell's reader
        return "phone"     # takes the number out of it (guardian_cells)
    if re.search(r"\b(классн\w*|руководител\w*|куратор\w*|воспитател\w*|здоровья|крови)\b",
                 title):
        return None  # «Классный руководитель», «Группа здоровья»: not the pupil's class
    if re.search(r"\b(дата рождения|д ?р|рожд\w*)\b", title):
        return "birth_date"
    if re.match(r"(литер|букв)\w*\b", title):
        return "unit_letter"  # «Литера», «Буква класса»; «Класс (литера)» is the class
    if re.search(r"\b(класс|группа|кл|гр|подразделение|литера|параллель|отряд)\b", title):
        return "unit"
    if re.search(r"\bдолжн\w*\b", title):
        return "position"
    named = _NAME.search(title) or "фио" in joined
    parts = [_NAME_PARTS[w] for w in words if w in _NAME_PARTS]
    if named and len(parts) == 1:
        return parts[0]  # «ФИО ребёнка» merged above «Фамилия | Имя | Отчество»
    if named or ("фамилия" in words and "имя" in words):
        return "name"
    if "фамилия" in words or "фамилии" in words:
        return "last_name"
    if "отчество" in words:
        return "patronymic"
    if "имя" in words:
        return "first_name"
    if words[0] in ("№", "n", "nn", "пп", "номер", "#") or title in ("п п", "№ п п"):
        return "number"
    if (_SELF_WORDS.search(title) or subject is not None) and _only_who(words):
        return "name"  # «Ученик», «Мать», «Законный представитель» alone
    return None  # «Возраст детей», «Место работы матери»: about the person, not the name


_NAME_PARTS = {"фамилия": "last_name", "имя": "first_name", "отчество": "patronymic"}
_FILLER = {"1", "2", "3", "4", "№", "n", "полностью", "список", "данные", "законный",
           "законного", "законные", "представитель", "представителя", "представители"}


def _only_who(words: list[str]) -> bool:
    """The title names only whose column it is («Законный представитель 2», «Ученик»)."""
    for word in words:
        if word in _FILLER or _SELF_WORDS.fullmatch(word):
            continue
        if any(pattern.fullmatch(word) for pattern, _ in _SUBJECTS):
            continue
        return False
    return True


def auto_fields(titles: list[object], kind: str) -> list[str | None]:
    """The field of each column, from its title and its neighbours on the left."""
    return _drop_repeats(read_fields(titles, kind))


def read_fields(titles: list[object], kind: str) -> list[str | None]:
    """What each column's title says, before a field taken twice is given to one column.

    A guardian's name column opens a *slot* (mother, father, guardian, guardian2…). A second
    name for a slot already opened («Родитель 2» after «Родитель 1», a second «Мать») opens
    the next free guardian slot. A contact or «Кем приходится» goes to the slot of its own
    block: the name column whose title shares most of its words at the start («Родитель 2
    Телефон» and «Родитель 2 ФИО», from one merged «Родитель 2») or at the end («Телефон
    родителя 2»), wherever in the block it stands; else to the name column on its left.
    """
    allowed = set(fields_for(kind))
    read = [read_title(raw) for raw in titles]
    words = [normalise_title(raw).split() for raw in titles]
    bases: dict[str, str] = {}  # slot → the subject its title named (mother, guardian…)
    name_slots = {i: _open_slot(subject, bases) for i, (subject, attribute) in enumerate(read)
                  if kind != STAFF and subject is not None and attribute == "name"}
    result: list[str | None] = []
    current: int | None = None  # the guardian name column we passed last
    for index, (subject, attribute) in enumerate(read):
        field = None
        if attribute is not None and attribute != "number":
            if attribute in ("name", "last_name") and subject is None:
                current = None
            who = subject
            if index in name_slots:
                who = name_slots[index]
                current = index
            elif kind != STAFF and subject is not None:
                who = _block_slot(index, subject, words, name_slots, bases, current)
            elif attribute in ("phone", "email", "relation") and current is not None:
                who = name_slots[current]
            field = _field_for(who, attribute, kind)
        result.append(field if field in allowed else None)
    return result


def _block_slot(index: int, subject: str, words: list[list[str]], name_slots: dict[int, str],
                bases: dict[str, str], current: int | None) -> str:
    """The slot of a contact column that names its subject (see `read_fields`)."""
    def likeness(column: int) -> int:
        return max(_common(words[index], words[column]),
                   _common(words[index][::-1], words[column][::-1]))

    same = [c for c, slot in name_slots.items() if bases[slot] == subject]
    left = current if current is not None and bases[name_slots[current]] == subject else None
    best = max(same, key=lambda c: (likeness(c), -abs(c - index)), default=None)
    if best is not None and likeness(best) > (likeness(left) if left is not None else 0):
        return name_slots[best]
    return name_slots[left] if left is not None else subject


def _common(a: list[str], b: list[str]) -> int:
    count = 0
    for x, y in zip(a, b):
        if x != y:
            break
        count += 1
    return count


def _open_slot(subject: str, bases: dict[str, str]) -> str:
    """The slot a new guardian name column of `subject` takes."""
    free = [subject] if subject in ("mother", "father") else []
    free += [slot for slot in GUARDIAN_SLOTS if slot not in bases]
    slot = next((s for s in free if s not in bases), subject)
    bases.setdefault(slot, subject)
    return slot


def _field_for(subject: str | None, attribute: str, kind: str) -> str | None:
    if attribute == "relation":
        return f"{subject}_relation" if subject in GUARDIAN_SLOTS else "guardian_relation"
    if kind == STAFF or subject is None:
        return "full_name" if attribute == "name" else attribute
    if attribute in ("name", "last_name", "first_name", "patronymic"):
        return f"{subject}_name"
    if attribute in ("phone", "email"):
        return f"{subject}_{attribute}"
    return None  # a parent's birth date, a parent's class: not needed


def _drop_repeats(fields: list[str | None]) -> list[str | None]:
    """A field is taken by its first column; a second «Телефон» would only overwrite it."""
    seen: set[str] = set()
    result = []
    for field in fields:
        if field is not None and field in seen:
            result.append(None)
        else:
            result.append(field)
            if field is not None:
                seen.add(field)
    return result


def unloaded_columns(titles: list[object], fields: list[str | None],
                     kind: str) -> list[tuple[int, str, int]]:
    """Columns whose title says a field that another column already takes in `fields`:
    (column, field, the column that takes it). Never dropped silently: shown and reported."""
    said = read_fields(titles, kind)
    taken = {f: i for i, f in enumerate(fields) if f is not None}
    return [(i, f, taken[f]) for i, f in enumerate(said)
            if f is not None and i < len(fields) and fields[i] is None and f in taken
            and taken[f] != i]


def mapping_score(fields: list[str | None]) -> int:
    return sum(1 for f in fields if f is not None)


def has_name(fields: list[str | None]) -> bool:
    return any(f in NAME_FIELDS for f in fields)
