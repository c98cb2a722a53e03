"""The planner's guardian half: each row's parents matched to the child's own guardians,
then by name and phone, then to a staff member who is also a parent; links and relations."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from sferum_desk.db.models import Guardian, GuardianLink, Person, Staff
from sferum_desk.domain.enums import Relation
from sferum_desk.importers import STUDENTS
from sferum_desk.importers.values import key_of
from sferum_desk.services.roster_import.identity import (
    _compatible_patronymic, _Existing, _existing_name, _guardian_changes, _GuardianPlan,
    _Incoming, _short_key,
)
from sferum_desk.services.roster_import.plan import MergeNote


class _GuardianPlanning:
    """Mixed into `_Planner`: the guardians of the pupils it planned."""

    def _plan_guardians(self, incoming: list[_Incoming]) -> None:
        existing = self._existing_guardians()
        by_key: dict[tuple[str, str], _Existing] = {}
        for person in existing:
            by_key.setdefault((person.key, person.phone), person)
        by_id = {p.role_id: p for p in existing}
        links: dict[int, dict[int, tuple[int, str]]] = defaultdict(dict)  # student → guardian
        for link_id, guardian_id, student_id, relation in self.session.execute(
                select(GuardianLink.id, GuardianLink.guardian_id, GuardianLink.student_id,
                       GuardianLink.relation)):
            links[student_id][guardian_id] = (link_id, relation)
        others = self._other_people_with_phones()
        planned: dict[tuple[str, str], _GuardianPlan] = {}
        planned_by_existing: dict[int, _GuardianPlan] = {}
        new_pupil_links: set[tuple[int, int]] = set()  # (pupil, guardian): no dict per pupil
        first_rows: dict[int, object] = {}  # a new guardian → the row that brought them
        for item in incoming:
            own = links.get(item.role_id, {}) if item.target is not None else {}
            for g in item.record.guardians:
                key = (key_of(g.name), g.phone)
                gp = planned.get(key)
                if gp is None:
                    match = (own and self._guardian_of_child(g, own, by_id)) or \
                        by_key.get(key)
                    if match is not None:
                        gp = planned_by_existing.get(match.role_id)
                        if gp is None:
                            gp = planned_by_existing[match.role_id] = _GuardianPlan(
                                match.person_id, match.role_id, g.name, g.phone, g.email,
                                existing=match)
                            self.guardians.append(gp)
                        _guardian_changes(gp, g)
                    else:
                        gp = self._new_guardian(g, others.get(key), key[0])
                        first_rows[gp.guardian_id] = item.record
                    planned[key] = gp
                else:
                    _guardian_changes(gp, g)
                if item.target is None:  # a new pupil: only this import's links to look at
                    if (item.role_id, gp.guardian_id) in new_pupil_links:
                        continue
                    new_pupil_links.add((item.role_id, gp.guardian_id))
                    link = None
                else:
                    link = links.get(item.role_id, {}).get(gp.guardian_id)
                if link is None:
                    if item.target is not None:
                        links[item.role_id][gp.guardian_id] = (0, g.relation)
                    self.links_new.append((gp.guardian_id, item.role_id, g.relation))
                    if gp.existing is not None:
                        gp.new_links += 1
                    if item.target is not None:
                        item.new_links += 1
                elif link[0] and g.relation != Relation.OTHER.value and link[1] != g.relation:
                    self.relation_updates.append((link[0], link[1], g.relation))
                    gp.changes.setdefault("_relation", True)
        self._list_namesakes(existing, first_rows)
        for gp in self.guardians:
            counts = self.plan.guardians
            if gp.existing is None or gp.role_added:
                counts.created += 1
            elif gp.changes or gp.new_links:
                counts.updated += 1
            else:
                counts.unchanged += 1

    def _list_namesakes(self, existing: list[_Existing], first_rows: dict) -> None:
        """A new guardian with the name of another (in the file or the database) where only
        one of them has a phone: the same mother of two pupils, or two women of one name?
        The name alone never decides: both are kept, and shown. (Two different numbers say
        two people: not listed, or a list of common names would drown the rest.)"""
        new = [(gp, gp.key or key_of(gp.name), first_rows[gp.guardian_id])
               for gp in self.guardians if gp.guardian_id in first_rows]
        with_phone, without = set(), set()
        for person in existing:
            (with_phone if person.phone else without).add(person.key)
        for gp, key, _ in new:
            (with_phone if gp.phone else without).add(key)
        doubtful = with_phone & without  # a set pass first: 20,000 parents, a few namesakes
        if not doubtful:
            return
        by_name: dict[str, list[tuple[str, str, str]]] = defaultdict(list)  # key → seen
        for person in existing:
            if person.key in doubtful:
                by_name[person.key].append((person.phone, _existing_name(person), "уже в базе"))
        for gp, key, record in new:
            if key not in doubtful:
                continue
            for phone, name, where in by_name[key]:
                if bool(phone) != bool(gp.phone):
                    self.plan.merges.append(MergeNote(
                        record.sheet, record.row, _with_phone(gp.name.full, gp.phone),
                        f"{_with_phone(name, phone)} ({where})", f"guardian:{key}|{gp.phone}",
                        f"guardian:{key}|{phone}", action="kept_both",
                        reason="родитель с тем же ФИО, телефон только у одного"))
                    break
            by_name[key].append((gp.phone, gp.name.full, f"строка {record.row}"))

    def _guardian_of_child(self, g, own: dict, by_id: dict) -> _Existing | None:
        """The child's own guardian with this name: their phone may have changed, the file
        may leave out the patronymic."""
        loose = []
        for guardian_id in own:
            person = by_id.get(guardian_id)
            if person is None:
                continue
            if person.key == key_of(g.name):
                return person
            if _short_key(person.last, person.first) == _short_key(g.name.last, g.name.first) \
                    and _compatible_patronymic(g.name.patronymic, person.patronymic):
                loose.append(person)
        return loose[0] if len(loose) == 1 else None

    def _new_guardian(self, g, person: _Existing | None, key: str) -> _GuardianPlan:
        if person is not None:  # a staff member who is also a parent: one person
            gp = _GuardianPlan(person.person_id, self.next_id(Guardian), g.name, g.phone,
                               g.email, existing=person, role_added=True)
        else:
            gp = _GuardianPlan(self.next_id(Person), self.next_id(Guardian), g.name, g.phone,
                               g.email, key=key)
        self.guardians.append(gp)
        return gp

    def _existing_guardians(self) -> list[_Existing]:
        rows = self.session.execute(
            select(Person.id, Guardian.id, Person.last_name, Person.first_name,
                   Person.patronymic, Person.name_key, Person.birth_date, Person.phone,
                   Person.email, Person.version)
            .join(Guardian, Guardian.person_id == Person.id))
        return [_Existing(*r[:9], version=r[9]) for r in rows]

    def _other_people_with_phones(self) -> dict[tuple[str, str], _Existing]:
        """People with a phone who lack the role being imported (a teacher who is a mum)."""
        role = Guardian if self.kind == STUDENTS else Staff
        rows = self.session.execute(
            select(Person.id, Person.last_name, Person.first_name, Person.patronymic,
                   Person.name_key, Person.birth_date, Person.phone, Person.email,
                   Person.version)
            .outerjoin(role, role.person_id == Person.id)
            .where(role.id.is_(None), Person.phone != ""))
        result = {}
        for pid, last, first, patr, key, born, phone, email, version in rows:
            result.setdefault((key, phone), _Existing(pid, 0, last, first, patr, key, born,
                                                      phone, email, version=version))
        return result


def _with_phone(name: str, phone: str) -> str:
    return f"{name}, {phone}" if phone else f"{name}, без телефона"
