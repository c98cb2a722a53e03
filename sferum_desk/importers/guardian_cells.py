"""A parent's name cell that holds more than a name.

Offices write «Иванова Анна Петровна\\nИванов Олег Ильич» (both parents in one cell),
«Жукова Анна, 89035550202; Жуков Олег, 89035550303», «Егорова Нина (мама) 89035550101».
Read as one name, the first is a person of six words and the others are refused. Here such
a cell is split into the people it names, each with the contacts and the relation word
written beside it. Only what the cell says for certain is taken: a part that is neither a
name nor a contact makes the whole cell doubtful (`None`), and the caller reports it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sferum_desk.domain.names import PATRONYMIC_PARTICLES, fold

# A cell that is a plain name («Иванова Анна Петровна») has none of these: the usual cell
# leaves `split_guardian_cell` at once.
_MORE_THAN_A_NAME = re.compile(r"[\n;,()@\d]")
_PARTS = re.compile(r"\s*(?:\n|;|,)\s*")
_EMAIL = re.compile(r"[\w.+\-]+\s*@\s*[\w\-]+(?:\s*\.\s*[\w\-]+)+")
_PHONE = re.compile(r"\+?\d[\d\s\-().]{8,}\d")
_DIGITS = re.compile(r"\d")
_BRACKETS = re.compile(r"\(([^()]*)\)")
# Who the person is to the child, as offices write it beside the name.
_RELATION_WORDS = {
    "мама": "mother", "мать": "mother", "папа": "father", "отец": "father",
    "опекун": "guardian", "опекунша": "guardian", "попечитель": "guardian",
    "бабушка": "other", "дедушка": "other", "тетя": "other", "дядя": "other",
    "брат": "other", "сестра": "other", "отчим": "other", "мачеха": "other",
}
_PATRONYMIC_ENDS = ("ич", "вна", "ична")  # Ильич, Петровна, Ильинична
MAX_NAME_WORDS = 4  # «Алиева Лейла Рауф кызы»; more is two people or not a name


@dataclass(frozen=True, slots=True)
class CellPerson:
    name: str  # the name's words, for the name parser
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    relation: str = ""  # mother | father | guardian | other, when the cell says it


def has_more_than_a_name(text: str) -> bool:
    """Whether the cell may hold contacts, a relation or several people (a fast test)."""
    return bool(_MORE_THAN_A_NAME.search(text)) or (
        text.count(" ") >= MAX_NAME_WORDS and len(text.split()) > MAX_NAME_WORDS)


def split_guardian_cell(text: str) -> list[CellPerson] | None:
    """The people a parent's cell names, in order; None when a part of it is neither a
    name nor a contact (the caller reports the cell and stores nobody from it)."""
    people: list[CellPerson] = []
    loose_phones: list[str] = []  # contacts before any name: the first person's
    loose_emails: list[str] = []
    for part in _PARTS.split(text.strip()):
        if not part:
            continue
        emails = [e.replace(" ", "") for e in _EMAIL.findall(part)]
        part = _EMAIL.sub(" ", part)
        phones = [p.strip() for p in _PHONE.findall(part)]
        if any(len(_DIGITS.findall(p)) < 10 for p in phones):
            return None  # «12.03.1985»: a date or a short number, not a phone for certain
        part = _PHONE.sub(" ", part)
        relation, words = _relation_and_words(part)
        if relation is None:
            return None
        if not words:
            if people:
                people[-1] = _with(people[-1], phones, emails, relation)
            else:
                loose_phones += phones
                loose_emails += emails
            continue
        names = _names_in(words)
        if names is None:
            if len(words) == 1 and people and not people[-1].phones and \
                    len(people[-1].name.split()) < 3:
                # «Жукова, Анна Петровна» is rare but «Жукова Анна, Петровна» rarer: join
                people[-1] = _with(CellPerson(f"{people[-1].name} {words[0]}",
                                              people[-1].phones, people[-1].emails,
                                              people[-1].relation), phones, emails, relation)
                continue
            return None
        for index, name in enumerate(names):
            last = index == len(names) - 1
            people.append(CellPerson(name, tuple(phones) if last else (),
                                     tuple(emails) if last else (), relation if last else ""))
    if not people:
        return None
    if loose_phones or loose_emails:
        people[0] = _with(people[0], loose_phones, loose_emails, "")
    return people


def _with(person: CellPerson, phones: list[str], emails: list[str],
          relation: str) -> CellPerson:
    return CellPerson(person.name, person.phones + tuple(phones),
                      person.emails + tuple(emails), person.relation or relation)


def _relation_and_words(part: str) -> tuple[str | None, list[str]]:
    """The relation the part names («(мама)», «бабушка») and the words left for a name;
    relation None when a bracket holds something else («(по доверенности)»)."""
    relation = ""
    for inside in _BRACKETS.findall(part):
        said = _RELATION_WORDS.get(fold(inside).strip(" .-"))
        if said is None:
            return None, []
        relation = relation or said
    words = _BRACKETS.sub(" ", part).replace("-", " - ").split()
    words = " ".join(words).replace(" - ", "-").split()  # «Петрова - Водкина» stays one word
    kept = []
    for word in words:
        said = _RELATION_WORDS.get(fold(word).strip(" .:-"))
        if said is not None:
            relation = relation or said
        elif word.strip(" .:-–—"):
            kept.append(word.strip(" :–—"))
    return relation, kept


def _names_in(words: list[str]) -> list[str] | None:
    """One name («Иванова Анна Петровна»), two written on one line with their patronymics
    («Иванова Анна Петровна Иванов Олег Ильич»), or None: not a name for certain."""
    if len(words) < 2 or any(not word[0].isalpha() for word in words):
        return None
    if len(words) <= MAX_NAME_WORDS:
        return [" ".join(words)]
    names, start, index = [], 0, 2
    while index < len(words):  # a patronymic is a name's third word or later
        if index - start >= 2 and _is_patronymic(words[index]):
            stop = index + 1
            if stop < len(words) and fold(words[stop]) in PATRONYMIC_PARTICLES:
                stop += 1
            names.append(" ".join(words[start:stop]))
            start = index = stop
            continue
        index += 1
    if start != len(words) or any(len(n.split()) > MAX_NAME_WORDS for n in names):
        return None
    return names


def _is_patronymic(word: str) -> bool:
    return fold(word).endswith(_PATRONYMIC_ENDS)
