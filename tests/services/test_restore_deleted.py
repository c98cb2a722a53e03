"""A delete in a table can be put back during the session: `undo.restore` re-creates the
deleted records with their own ids and every link they had, in one transaction."""

from __future__ import annotations

import pytest

from sferum_desk.domain.errors import UserError
from sferum_desk.services.dto import GuardianInput, StaffInput, StudentInput


def _family(services):
    unit = services.structure.save_unit("Ромашка").id
    mother = GuardianInput(full_name="Ёлкина Мария", relation="mother", phone="+79160000001")
    father = GuardianInput(full_name="Ёлкин Пётр", relation="father", phone="+79160000002")
    pupil = services.people.save_student(StudentInput("Ёлкин Лев", birth_date="05.03.2019",
                                                      unit_id=unit, guardians=[mother, father]))
    return unit, pupil


def _picture(services):
    """What the lists show: pupils with unit and guardians (with relations), guardians."""
    pupils = [(s.id, s.full_name, s.unit_id, s.birth_date,
               tuple((g.id, g.full_name, g.relation, g.phone) for g in s.guardians))
              for s in services.people.list_students()]
    guardians = [(g.id, g.full_name, tuple(c.full_name for c in g.children))
                 for g in services.people.list_guardians()]
    return pupils, guardians


def test_a_deleted_pupil_comes_back_with_unit_and_guardians(kindergarten):
    _unit, pupil = _family(kindergarten)
    kindergarten.people.save_student(StudentInput("Жуков Иван", unit_id=_unit))
    before = _picture(kindergarten)
    deleted = kindergarten.people.delete_people_undoable([pupil.id])
    assert deleted.count == 3 and deleted.ids == (pupil.id,)  # the lonely parents went too
    assert len(kindergarten.people.list_guardians()) == 0
    assert kindergarten.undo.restore(deleted) == 3
    assert _picture(kindergarten) == before


def test_a_deleted_curator_is_the_units_curator_again(school):
    teacher = school.people.save_staff(StaffInput(full_name="Петрова Анна Ивановна",
                                                  position="Учитель"))
    unit = school.structure.save_unit("5А", curator_id=teacher.id, teacher_ids=[teacher.id])
    deleted = school.people.delete_people_undoable([teacher.id])
    assert school.structure.get(unit.id).curator_id is None
    school.undo.restore(deleted)
    again = school.structure.get(unit.id)
    assert (again.curator_id, again.teacher_ids) == (teacher.id, (teacher.id,))
    assert [s.full_name for s in school.people.list_staff()] == ["Петрова Анна Ивановна"]


def test_a_deleted_unit_comes_back(school):
    unit = school.structure.save_unit("7В")
    school.undo.restore(school.structure.delete_unit(unit.id))
    assert "7В" in [u.name for u in school.structure.list_units()]


def test_a_restore_that_would_clash_is_refused_in_one_sentence(kindergarten):
    _unit, pupil = _family(kindergarten)
    deleted = kindergarten.people.delete_people_undoable([pupil.id])
    kindergarten.undo.restore(deleted)
    with pytest.raises(UserError) as refused:  # the rows are back: a second restore clashes
        kindergarten.undo.restore(deleted)
    assert "не вернуть" in refused.value.message
    assert len(kindergarten.people.list_students()) == 1
