"""Erasing the people who left, set-based: a few statements for thousands of people.

The rows go with one DELETE of the people (the database cascades to their roles, links,
enrolments, slips, memberships, acknowledgements and tasks); «not a duplicate» marks keyed
by their names and the names inside task texts and import records are scrubbed in one pass
over those tables. The file-level work (compaction, the journal, the backups) is
db/erasure.py's.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import bindparam, case, delete, exists, func, or_, select, update
from sqlalchemy.orm import Session

from sferum_desk.db.erasure import (
    VERIFIED_FORMS, ErasedPeople, digest, looked_for, name_forms, scrubber,
)
from sferum_desk.db.models import (
    ImportBatch, NotDuplicatePair, Person, PlatformTask, Staff, Student,
)

CHUNK = 500
GRAM = 3  # letters per piece when looking for the forms a text may hold
SCRUBBED_COLUMNS = ("summary", "undo_data", "source_name")  # of ImportBatch
ROLE_TITLES = {"students": "обучающийся", "staff": "сотрудник", "guardians": "родитель"}


def left_before(session: Session, limit: dt.date, inclusive: bool) -> list[tuple]:
    """(id, ФИО, role key, left_on) of everyone who left before `limit` (or on it)."""
    left = Person.left_on <= limit if inclusive else Person.left_on < limit
    rows = session.execute(
        select(Person.id, Person.last_name, Person.first_name, Person.patronymic,
               Person.left_on,
               exists().where(Student.person_id == Person.id),
               exists().where(Staff.person_id == Person.id))
        .where(Person.left_on.is_not(None), left))
    return [(pid, " ".join(p for p in (last, first, middle) if p),
             "students" if pupil else "staff" if staff else "guardians", left_on)
            for pid, last, first, middle, left_on, pupil, staff in rows]


def erase_people(session: Session, ids: list[int]) -> tuple[dict[str, int], ErasedPeople]:
    """Delete these people and every trace of their names; returns the counts by role and
    who they were (for the file-level steps)."""
    erased = ErasedPeople()
    counts = {"students": 0, "staff": 0, "guardians": 0}
    keys: list[str] = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        rows = session.execute(
            select(Person.id, Person.name_key, Person.last_name, Person.first_name,
                   Person.patronymic, Person.phone,
                   exists().where(Student.person_id == Person.id),
                   exists().where(Staff.person_id == Person.id))
            .where(Person.id.in_(chunk)))
        for pid, key, last, first, middle, phone, pupil, staff in rows:
            counts["students" if pupil else "staff" if staff else "guardians"] += 1
            erased.ids.append(pid)
            erased.digests.append(digest(key))
            erased.forms += name_forms(last, first, middle, phone)
            if key:
                keys.append(key)
        session.execute(delete(Person).where(Person.id.in_(chunk))
                        .execution_options(synchronize_session=False))
    _forget_pairs(session, keys)
    _scrub_texts(session, erased.forms)
    session.expire_all()
    erased.forms = _not_of_others(session, erased.forms)
    return counts, erased


def _not_of_others(session: Session, forms: list[str]) -> list[str]:
    """The forms the file is checked for afterwards (db/erasure.traces): the longest few
    that no remaining person shares (a namesake, a family's one phone). Only the people
    who hold one of the forms in question are read, found by the database: a few hundred,
    not the school's 30,000 through `name_forms` (#17)."""
    ranked = looked_for(forms)
    chosen: list[str] = []
    start = 0
    while len(chosen) < VERIFIED_FORMS and start < len(ranked):
        # Wide: most of the longest forms are namesakes' in a large school, and each
        # look costs a pass over the people (#17: 530 forms for the first 64 unshared).
        window = ranked[start:start + 16 * VERIFIED_FORMS]
        shared = _held_by_others(session, window)
        chosen += [f for f in window if f not in shared][:VERIFIED_FORMS - len(chosen)]
        start += len(window)
    return chosen


def _held_by_others(session: Session, forms: list[str]) -> set[str]:
    """The forms (`name_forms`) of the people whose name or phone may be one of `forms`.
    The SQL builds the same texts from the columns (stored cleaned: no outer spaces) to
    find the rows; `name_forms` on those rows decides."""
    def part(column):
        return func.coalesce(column, "")

    def spaced(column):  # " part", or nothing for an empty part
        return case((part(column) != "", " " + part(column)), else_="")

    last, first, middle = Person.last_name, Person.first_name, Person.patronymic
    candidates = bindparam("forms", expanding=True)
    # No name form is longer than the three parts and two spaces: the cheap test first.
    size = func.length(part(last)) + func.length(part(first)) + func.length(part(middle)) + 2
    named = size >= min(len(f) for f in forms)
    full = func.substr(spaced(last) + spaced(first) + spaced(middle), 2)
    two = func.trim(part(last) + " " + part(first))
    stored = part(last) + part(first) + part(middle)
    held = or_(named & or_(full.in_(candidates), two.in_(candidates), stored.in_(candidates)),
               Person.phone.in_(candidates))
    others: set[str] = set()
    for row in session.execute(select(last, first, middle, Person.phone).where(held),
                               {"forms": forms}):
        others.update(name_forms(*row))
    return others


def _forget_pairs(session: Session, keys: list[str]) -> None:
    """«Not a duplicate» marks are keyed by folded names: they go with the people."""
    if not keys:
        return
    pairs = session.execute(select(NotDuplicatePair.id, NotDuplicatePair.key_a,
                                   NotDuplicatePair.key_b)).all()
    gone = [pid for pid, a, b in pairs
            if any(k in (a or "") or k in (b or "") for k in keys)]
    if gone:
        session.execute(delete(NotDuplicatePair).where(NotDuplicatePair.id.in_(gone)))


def _scrub_texts(session: Session, forms: list[str]) -> None:
    """Names and phones inside task texts and import records become «[удалено]»."""
    if not forms:
        return
    tasks = session.execute(select(PlatformTask.id, PlatformTask.description)).all()
    batches = list(session.scalars(select(ImportBatch)))
    texts = [text for _, text in tasks if isinstance(text, str)]
    for batch in batches:
        for column in SCRUBBED_COLUMNS:
            texts += _strings(getattr(batch, column))
    # Only the forms that can be in these texts go into the one pattern: compiling it for
    # 2,800 leavers' 11,000 forms took 1 s, for texts that name a few of them (#17).
    forms = _forms_in(forms, texts)
    if not forms:
        return
    scrub = scrubber(forms)
    changed = [{"_id": tid, "text": new} for tid, text in tasks
               if (new := scrub(text)) != text]
    if changed:
        table = PlatformTask.__table__
        session.connection().execute(
            update(table).where(table.c.id == bindparam("_id"))
            .values(description=bindparam("text")), changed)
    for batch in batches:
        for column in SCRUBBED_COLUMNS:
            value = getattr(batch, column)
            cleaned = scrub(value)
            if cleaned != value:
                setattr(batch, column, cleaned)


def _strings(value) -> list[str]:
    """The texts the scrubber rewrites in a value: strings, in lists and dict values."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    return []


def _forms_in(forms: list[str], texts: list[str]) -> list[str]:
    """The forms that may occur in the texts: every piece of GRAM letters of a form that
    occurs is among the texts' pieces (a form shorter than that is kept). The pattern of
    these forms rewrites the texts exactly as the pattern of all would."""
    if not texts:
        return []
    pieces = {text[i:i + GRAM] for text in texts for i in range(len(text) - GRAM + 1)}
    return [form for form in forms
            if len(form) < GRAM or (form[-GRAM:] in pieces and all(
                form[i:i + GRAM] in pieces for i in range(0, len(form) - GRAM + 1, GRAM)))]
