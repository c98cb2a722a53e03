"""The dry run's planner over a snapshot of the people already in the database (see the
package's docstring); the guardians are planned in planner_guardians."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sferum_desk.db.models import (
    Enrolment, Guardian, GuardianLink, NotDuplicatePair, Person, Staff, Student, Unit,
)
from sferum_desk.domain.dates import format_date
from sferum_desk.domain.names import FullName, fold, name_key
from sferum_desk.domain.units import match_units, unit_display, unit_key
from sferum_desk.importers import STAFF, PersonRecord, RowIssue, extract
from sferum_desk.importers.fields import field_title, unloaded_columns
from sferum_desk.importers.values import key_of
from sferum_desk.services.organization import current_year
from sferum_desk.services.roster_import.identity import (
    NO_CHANGES, _compatible_patronymic, _date_conflict, _describe, _Existing, _existing_name,
    _fill_gaps, _GuardianPlan, _Incoming, _record_conflict, _short_key, _student_compatible,
    _student_conflict, _where, person_identity, staff_identity, student_identity_of,
)
from sferum_desk.services.roster_import.plan import (
    ChangeNote, ColumnConflict, ImportPlan, ImportPreview, MergeNote, Progress, UnitChoice,
)
from sferum_desk.services.roster_import.planner_guardians import _GuardianPlanning

ID_TABLES = (Person, Student, Guardian, Staff, Unit, Enrolment, GuardianLink)


class _Planner(_GuardianPlanning):
    def __init__(self, session: Session, preview: ImportPreview, progress: Progress | None):
        self.session = session
        self.preview = preview
        self.kind = preview.kind
        self.progress = progress or (lambda done, total, stage: None)
        self.plan = ImportPlan(preview.kind, preview.source_name, notes=list(preview.notes))
        self.today = dt.date.today()
        self.batch_id: int | None = None
        self.incoming: list[_Incoming] = []
        self.year_id: int | None = None
        self.guardians: list[_GuardianPlan] = []
        self.links_new: list[tuple[int, int, str]] = []  # guardian id, student id, relation
        self.relation_updates: list[tuple[int, str, str]] = []  # link id, before, after
        self.units_new: list[tuple[int, str]] = []
        self._ids = {model: (session.scalar(select(func.max(model.id))) or 0)
                     for model in ID_TABLES}
        self.not_duplicate = {(a, b) for a, b in session.execute(
            select(NotDuplicatePair.key_a, NotDuplicatePair.key_b))}

    def next_id(self, model) -> int:
        self._ids[model] += 1
        return self._ids[model]

    def next_ids(self, model, count: int) -> int:
        """The first of `count` consecutive new ids."""
        first = self._ids[model] + 1
        self._ids[model] += count
        return first

    def never_merge(self, a: str, b: str) -> bool:
        return tuple(sorted((a, b))) in self.not_duplicate

    # ---- run ----------------------------------------------------------------------------------
    def run(self) -> ImportPlan:
        if self.preview.rows_released:
            raise RuntimeError("a read_once preview was planned twice: inspect the file again")
        self.progress(0, 100, "Чтение строк")
        extraction = extract(self.preview.layout, self.preview.mappings,
                             self.preview.default_unit,
                             lambda done, total: self.progress(int(40 * done / total), 100,
                                                               "Чтение строк"),
                             include_hidden=self.preview.include_hidden)
        if self.preview.read_once:
            _release_rows(self.preview)
        self.plan.rows_read = extraction.rows_read
        self.plan.problems = list(extraction.issues)
        self.plan.row_notes = list(extraction.notes)
        self.plan.column_conflicts = column_conflicts(self.preview)
        self._say_left_out()
        self.progress(40, 100, "Поиск совпадений")
        records = self._merge_repeats(extraction.people)
        self.incoming = records
        if self.kind == STAFF:
            self._plan_staff(records)
        else:
            self._plan_students(records)
        self.plan.problems.sort(key=lambda p: (self._sheet_order(p.sheet), p.row))
        self.progress(50, 100, "Поиск совпадений")
        return self.plan

    def _say_left_out(self) -> None:
        plan = self.plan
        left_out = plan.notes_of("hidden", "struck")
        if left_out:
            plan.notes.append(f"Не загружаются {len(left_out)} строк(и), скрытые или "
                              "зачёркнутые в файле: чтобы загрузить и их, отметьте «Загрузить "
                              "скрытые и зачёркнутые строки» (--include-hidden).")
        for conflict in plan.column_conflicts:
            plan.notes.append(
                f"Столбец {conflict.column} «{conflict.title}» (лист «{conflict.sheet}») не "
                f"загружается: поле «{field_title(conflict.field)}» уже берётся из столбца "
                f"{conflict.taken_by} «{conflict.taken_by_title}»; если нужен он, выберите "
                "его на шаге столбцов.")

    def _sheet_order(self, sheet: str) -> int:
        names = [s.name for s in self.preview.layout.sheets]
        return names.index(sheet) if sheet in names else len(names)

    def _merge_repeats(self, people: list[PersonRecord]) -> list[_Incoming]:
        """The same person on two rows is one person, the later row filling the gaps — when
        the evidence agrees. The same ФИО and birth date in another class with other
        parents are two children: both kept and listed as a possible duplicate."""
        by_key: dict[tuple, _Incoming] = {}
        result = []
        for person in people:
            key = key_of(person.name)
            identity = (key,) if self.kind == STAFF else (key, person.birth_date)
            first = by_key.get(identity)
            conflict = "" if first is None or self.kind == STAFF else \
                _record_conflict(first.record, person)
            if first is None or conflict:
                item = _Incoming(person, key)
                result.append(item)
                if first is None:
                    by_key[identity] = item
                else:
                    self.plan.merges.append(MergeNote(
                        person.sheet, person.row,
                        _describe(person.name.full, person.birth_date, person.unit),
                        f"{_where(first.record, person)}: " + _describe(
                            first.record.name.full, first.record.birth_date,
                            first.record.unit),
                        "", "", action="kept_both", reason=conflict))
                continue
            self.plan.problems.append(RowIssue(
                person.sheet, person.row, "",
                f"{person.name.full}: тот же человек, что и в {_where(first.record, person)}, "
                "— объединено.", True))
            _fill_gaps(first.record, person)
        return result

    # ---- students -----------------------------------------------------------------------------
    def _plan_students(self, incoming: list[_Incoming]) -> None:
        students = self._existing_students()
        self._resolve_units(incoming)
        self._match(incoming, students, student_identity_of, _student_compatible,
                    _student_conflict)
        for item in incoming:
            if item.target is None:
                item.person_id = self.next_id(Person)
                item.role_id = self.next_id(Student)
            else:
                item.person_id, item.role_id = item.target.person_id, item.target.role_id
                self._person_changes(item)
        self._plan_guardians(incoming)
        for item in incoming:
            counts = self.plan.students
            if item.target is None:
                counts.created += 1
            elif item.changes or item.unit_id != item.target.unit_id and item.unit_id \
                    or item.new_links:
                counts.updated += 1
                self._note_change(item)
            else:
                counts.unchanged += 1
        without_unit = sum(1 for i in incoming if i.unit_id is None and i.target is None)
        if without_unit:
            self.plan.notes.append(f"{without_unit} чел. без класса/группы: укажите его в "
                                   "столбце или выберите для всех строк.")

    def _existing_students(self) -> list[_Existing]:
        rows = self.session.execute(
            select(Person.id, Student.id, Person.last_name, Person.first_name,
                   Person.patronymic, Person.name_key, Person.birth_date, Person.phone,
                   Person.email, Student.unit_id, Person.version)
            .join(Student, Student.person_id == Person.id))
        guardians: dict[int, set[str]] = defaultdict(set)
        for student_id, last, first in self.session.execute(
                select(GuardianLink.student_id, Person.last_name, Person.first_name)
                .join(Guardian, Guardian.id == GuardianLink.guardian_id)
                .join(Person, Person.id == Guardian.person_id)):
            guardians[student_id].add(_short_key(last, first))
        return [_Existing(*r[:9], unit_id=r[9], version=r[10],
                          guardians=frozenset(guardians.get(r[1], ()))) for r in rows]

    def _resolve_units(self, incoming: list[_Incoming]) -> None:
        """Units by the canonical key (domain.units): «гр. Солнышко» is «Солнышко»; the
        user's choice for a spelling wins; missing units are created. Each match is listed."""
        year_id = current_year(self.session).id
        current, others = [], []
        for unit_id, name, year in self.session.execute(
                select(Unit.id, Unit.name, Unit.academic_year_id).order_by(Unit.id)):
            # every unit of the year, the staff room too: a new one must never repeat a name
            (current if year == year_id else others).append((unit_id, name))
        names = dict(current + others)
        chosen: dict[str, tuple[int, str, bool, tuple[str, ...]]] = {}
        counts: dict[str, int] = defaultdict(int)
        created: dict[str, int] = {}  # key → id of a unit this import creates
        for item in incoming:
            raw = item.record.unit
            if not raw:
                continue
            counts[raw] += 1
            if raw not in chosen:
                chosen[raw] = self._unit_for(raw, current, others, names, created)
            item.unit_id, item.unit_name = chosen[raw][0], chosen[raw][1]
        self.plan.unit_matches = [UnitChoice(raw, name, new, counts[raw], candidates)
                                  for raw, (_, name, new, candidates) in chosen.items()]
        self.year_id = year_id

    def _unit_for(self, raw: str, current: list, others: list, names: dict,
                  created: dict) -> tuple[int, str, bool, tuple[str, ...]]:
        wanted = self.preview.unit_choices.get(raw) or raw
        for units in (current, others):
            match = match_units(wanted, units)
            if match.ids:
                unit_id = match.best if match.best is not None else match.ids[0]
                doubt = tuple(names[i] for i in match.ids) if match.best is None else ()
                return unit_id, names[unit_id], False, doubt
        key = unit_key(wanted)
        if key in created:
            unit_id = created[key]
            return unit_id, dict(self.units_new)[unit_id], True, ()
        name = unit_display(wanted)
        unit_id = created[key] = self.next_id(Unit)
        self.units_new.append((unit_id, name))
        self.plan.units_created.append(name)
        return unit_id, name, True, ()

    def _match(self, incoming: list[_Incoming], existing: list[_Existing],
               identity: Callable[[_Incoming], str],
               compatible: Callable[[_Incoming, _Existing], bool],
               conflict: Callable[[_Incoming, _Existing], str] | None = None) -> None:
        """Exact matches first (folded name, and birth date for pupils) unless the evidence
        disagrees, then one loose match by surname + first name when nothing contradicts it.
        Disagreeing evidence keeps both people and lists them as possible duplicates."""
        if not existing:  # the first import: nobody to match or to keep apart
            return
        conflict = conflict or (lambda item, person: "")
        exact: dict[tuple, list[_Existing]] = defaultdict(list)
        loose: dict[str, list[_Existing]] = defaultdict(list)
        for person in existing:
            exact[self._exact_key(person.key, person.birth_date)].append(person)
            loose[_short_key(person.last, person.first)].append(person)
        claimed: set[int] = set()
        doubted: set[int] = set()  # incoming items already listed as kept apart
        for item in incoming:
            free = [p for p in exact.get(self._exact_key(item.key, item.record.birth_date), ())
                    if p.person_id not in claimed]
            agreeing = [p for p in free if not conflict(item, p)]
            if agreeing:
                person = min(agreeing, key=lambda p: p.unit_id != item.unit_id)
                item.target = person
                claimed.add(person.person_id)
            elif free and not self.never_merge(identity(item), person_identity(free[0].person_id)):
                self._kept_apart(item, free[0], conflict(item, free[0]), identity)
                doubted.add(id(item))
        for item in incoming:
            if item.target is not None or id(item) in doubted:
                continue
            name = item.record.name
            same = [p for p in loose.get(_short_key(name.last, name.first), ())
                    if p.person_id not in claimed
                    and _compatible_patronymic(name.patronymic, p.patronymic)
                    and not self.never_merge(identity(item), person_identity(p.person_id))]
            candidates = [p for p in same if compatible(item, p) and not conflict(item, p)]
            if len(candidates) == 1:
                person = item.target = candidates[0]
                claimed.add(person.person_id)
                self.plan.merges.append(MergeNote(
                    item.record.sheet, item.record.row,
                    _describe(name.full, item.record.birth_date, item.unit_name),
                    _describe(_existing_name(person), person.birth_date),
                    identity(item), person_identity(person.person_id)))
            elif same and not candidates:
                why = conflict(item, same[0]) or _date_conflict(item, same[0])
                self._kept_apart(item, same[0], why, identity)

    def _kept_apart(self, item: _Incoming, person: _Existing, why: str,
                    identity: Callable[[_Incoming], str]) -> None:
        rec = item.record
        self.plan.merges.append(MergeNote(
            rec.sheet, rec.row, _describe(rec.name.full, rec.birth_date, item.unit_name),
            _describe(_existing_name(person), person.birth_date),
            identity(item), person_identity(person.person_id), action="kept_both",
            reason=why or "данные не совпадают"))

    def _exact_key(self, key: str, born: dt.date | None) -> tuple:
        return (key,) if self.kind == STAFF else (key, born)

    def _person_changes(self, item: _Incoming) -> None:
        """Only values the file gives and the database has otherwise are changed."""
        rec, old = item.record, item.target
        if item.changes is NO_CHANGES:
            item.changes, item.notes = {}, []
        # a file without the patronymic the database has is no change of name
        wanted = FullName(rec.name.last, rec.name.first, rec.name.patronymic or old.patronymic)
        if fold(wanted.full) != fold(_existing_name(old)):
            item.changes.update(last_name=rec.name.last, first_name=rec.name.first,
                                patronymic=rec.name.patronymic or old.patronymic,
                                name_key=name_key(FullName(rec.name.last, rec.name.first,
                                                           rec.name.patronymic or
                                                           old.patronymic)))
            item.notes.append("ФИО")
        if rec.birth_date and rec.birth_date != old.birth_date:
            item.changes["birth_date"] = rec.birth_date
            item.notes.append(f"дата рождения {format_date(old.birth_date) or '—'} → "
                              f"{format_date(rec.birth_date)}")
        for column, title in (("phone", "телефон"), ("email", "эл. почта")):
            value = getattr(rec, column)
            if value and value != getattr(old, column):
                item.changes[column] = value
                item.notes.append(title)

    def _note_change(self, item: _Incoming) -> None:
        notes = list(item.notes)
        if item.unit_id and item.unit_id != item.target.unit_id:
            notes.append(f"{'переведён в' if item.target.unit_id else 'указан'} "
                         f"«{item.unit_name}»")
        if item.new_links:
            notes.append("добавлен родитель" if item.new_links == 1 else
                         f"добавлены родители ({item.new_links})")
        self.plan.changes.append(ChangeNote(item.record.sheet, item.record.row,
                                            item.record.name.full, "; ".join(notes)))

    # ---- staff --------------------------------------------------------------------------------
    def _plan_staff(self, incoming: list[_Incoming]) -> None:
        rows = self.session.execute(
            select(Person.id, Staff.id, Person.last_name, Person.first_name,
                   Person.patronymic, Person.name_key, Person.birth_date, Person.phone,
                   Person.email, Staff.position, Person.version)
            .join(Staff, Staff.person_id == Person.id))
        existing = [_Existing(*r[:9], position=r[9], version=r[10]) for r in rows]
        self._match(incoming, existing, lambda item: staff_identity(item.key),
                    lambda item, cand: _compatible_patronymic(item.record.name.patronymic,
                                                              cand.patronymic))
        others = self._other_people_with_phones()
        counts = self.plan.staff
        for item in incoming:
            if item.target is None:
                other = others.get((item.key, item.record.phone)) if item.record.phone else None
                if other is not None:
                    item.target, item.role_added = other, True
                    item.person_id, item.role_id = other.person_id, self.next_id(Staff)
                    self._person_changes(item)
                else:
                    item.person_id, item.role_id = self.next_id(Person), self.next_id(Staff)
                counts.created += 1
                continue
            item.person_id, item.role_id = item.target.person_id, item.target.role_id
            self._person_changes(item)
            position = item.record.position
            if position and position != item.target.position:
                item.changes["_position"] = position
                item.notes.append(f"должность «{item.target.position or '—'}» → «{position}»")
            if item.changes:
                counts.updated += 1
                self.plan.changes.append(ChangeNote(item.record.sheet, item.record.row,
                                                    item.record.name.full,
                                                    "; ".join(item.notes)))
            else:
                counts.unchanged += 1



def _release_rows(preview: ImportPreview) -> None:
    for sheet_layout in preview.layout.sheets:
        sheet_layout.sheet.rows = []
    preview.rows_released = True


def column_conflicts(preview: ImportPreview) -> list[ColumnConflict]:
    """Columns whose title says a field another column takes: never dropped unsaid."""
    result = []
    for shape in preview.layout.shapes:
        fields = preview.mappings.get(shape.key) or []
        for column, field_name, taken in unloaded_columns(shape.titles, fields, preview.kind):
            result.append(ColumnConflict(shape.sheets[0] if shape.sheets else "", column + 1,
                                         shape.titles[column], field_name, taken + 1,
                                         shape.titles[taken]))
    return result


