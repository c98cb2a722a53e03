"""Hostile text in every field a user types: random text, huge strings, control characters,
right-to-left marks, emoji, lone surrogates. Nothing crashes; every refusal is a UserError
with one Russian sentence; nothing is stored that a list, a form or a page cannot show."""

from __future__ import annotations

import pytest
from fuzz_text import assert_all_showable, assert_russian_sentence, hostile
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sferum_desk.domain.enums import PlatformRole, Relation
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.kinds import OrgKind, Vocabulary
from sferum_desk.services.acknowledgements import ActInput
from sferum_desk.services.dto import GuardianInput, OrganizationData, StaffInput, StudentInput

pytestmark = pytest.mark.sqlite_only
EXAMPLES = 150
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

NAMES = st.sampled_from(["Иванова Анна Петровна", "Ким Лев", "Мамедов Рашид Эльдар оглы",
                         "Петров-Водкин Кузьма", "ёжикова ёлка"])
# A field is hostile, or a sane value with hostile text around it (to reach the code after
# the first check), or — often enough for the rest of the form to be stored — just sane.
name = st.one_of(NAMES, NAMES, hostile, st.builds("{} {}".format, NAMES, hostile),
                 st.builds("{}{}".format, hostile, NAMES))
phone = st.one_of(st.just(""), st.just("8 916 123-45-67"), hostile,
                  st.builds("{}{}".format, st.sampled_from(["+7 916 ", "8916"]), hostile))
email = st.one_of(st.just(""), st.just("Mama@Example.ru"), hostile,
                  st.builds("{}@{}.ru".format, hostile, hostile))
role = st.one_of(st.sampled_from([r.value for r in PlatformRole]),
                st.sampled_from([r.value for r in PlatformRole]), hostile)


def attempt(call) -> object:
    """Run a service call: success, or a UserError that is one Russian sentence."""
    try:
        result = call()
    except UserError as error:
        assert_russian_sentence(error)
        event("refused with a sentence")
        return None
    event("accepted")
    return result


@FUZZ
@given(kind=st.one_of(st.sampled_from([k.value for k in OrgKind]), hostile),
       texts=st.fixed_dictionaries({f: name for f in (
           "full_name", "short_name", "address", "head_name", "admin_name",
           "admin_order_number")}),
       phone=phone, email=email, order_date=hostile,
       words=st.dictionaries(st.sampled_from(Vocabulary.field_names()), hostile, max_size=3))
def test_organisation_card(services, db_path, kind, texts, phone, email, order_date, words):
    attempt(lambda: services.organization.save(OrganizationData(
        kind=kind, admin_phone=phone, admin_email=email, admin_order_date=order_date,
        vocabulary_overrides=words, **texts)))
    attempt(services.organization.vocabulary)
    assert_all_showable(db_path)


@FUZZ
@given(unit=name, other=name)
def test_unit_names(school, db_path, unit, other):
    created = attempt(lambda: school.structure.create_unit(unit))
    if created is not None:
        attempt(lambda: school.structure.update_unit(created.id, other, None))
    assert_all_showable(db_path)


@FUZZ
@given(full_name=name, position=st.one_of(st.just("Учитель"), hostile),
       roles=st.lists(role, max_size=3), phone=phone,
       email=email)
def test_staff_form(school, db_path, full_name, position, roles, phone, email):
    attempt(lambda: school.people.save_staff(StaffInput(full_name, position, roles, phone,
                                                        email)))
    assert_all_showable(db_path)


@FUZZ
@given(pupil=name, born=st.one_of(hostile, st.sampled_from(["01.09.2015", "31.02.2016",
                                                           "1900-01-01", "2100-12-31"])),
       parent=name, relation=st.one_of(st.sampled_from([r.value for r in Relation]), hostile),
       phone=phone, email=email, other=name)
def test_pupil_and_guardian_forms(school, db_path, pupil, born, parent, relation, phone, email,
                                  other):
    unit = school.structure.list_units()[-1].id
    saved = attempt(lambda: school.people.save_student(StudentInput(
        pupil, born, unit, [GuardianInput(parent, relation, phone, email)])))
    if saved is not None and saved.guardians:
        guardian = saved.guardians[0]
        attempt(lambda: school.people.save_guardian(
            GuardianInput(other, relation, phone, email), guardian.id))
    assert_all_showable(db_path)


@FUZZ
@given(url=st.one_of(hostile, st.builds("https://sferum.ru/?invite={}".format, hostile)),
       pasted=hostile, title=hostile, number=hostile, issued=hostile, search=hostile)
def test_links_lists_and_acts(school, db_path, url, pasted, title, number, issued, search):
    unit = school.structure.list_units()[-1].id
    attempt(lambda: school.invitations.add_link(unit, "parents", url))
    attempt(lambda: school.invitations.preview_paste(pasted))
    attempt(lambda: school.invitations.match_joined_names(None, pasted))
    attempt(lambda: school.acknowledgements.add_act(ActInput("Положение", title, number,
                                                             issued)))
    attempt(lambda: school.movement.find_people(search))
    assert_all_showable(db_path)
