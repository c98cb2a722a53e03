import datetime as dt

import pytest
from ack_helpers import STAFF, expected_order, set_left, staff_act, staff_id

from sferum_desk.domain.errors import UserError
from sferum_desk.services.acknowledgements import AudienceInput, BodyInput, sync_pending
from sferum_desk.services.dto import StaffInput

TODAY = dt.date.today()


def test_act_for_all_staff_makes_everyone_pending_in_alphabetical_order(staffed):
    act = staffed.acknowledgements.add_act(staff_act())
    assert (act.total, act.signed, act.pending) == (8, 0, 8)
    assert act.audience_text == "Все сотрудники"
    people = staffed.acknowledgements.people(act.id)
    assert [p.full_name for p in people] == expected_order(n for n, _ in STAFF)
    # ё after е: Сапелкина before Сапёлкина, Ёлкина among the Е's (after Бондаренко)
    names = [p.full_name for p in people]
    assert names.index("Сапелкина Анна Ивановна") < names.index("Сапёлкина Марина Леонидовна")
    assert names.index("Ёлкина Ольга Петровна") < names.index("Исмагилова Роман Тимергазимович")
    assert people[0].extra == "Заместитель директора"


def test_act_fields_round_trip(staffed):
    data = staff_act(place="г. Арсеньев", order_number="236-а", order_date="17.10.2024",
                     approver_post="И.о. заведующего", approver_name="Гилязиева Н. А.",
                     replaces="Положение от 01.09.2020 № 12",
                     bodies=[BodyInput("Совет учреждения", "Согласовано", "4", "16.10.2024"),
                             BodyInput("педагогический совет", "Согласовано", "2",
                                       "16.10.2024")],
                     deadline="01.11.2024")
    act = staffed.acknowledgements.add_act(data)
    card = staffed.acknowledgements.get_act(act.id)
    assert card.number == "236-а" and card.issued_on == dt.date(2024, 10, 17)
    assert [b.name for b in card.bodies] == ["Совет учреждения", "педагогический совет"]
    assert card.bodies[0].protocol_date == dt.date(2024, 10, 16)
    assert card.approver_post == "И.о. заведующего" and card.deadline == dt.date(2024, 11, 1)
    assert act.reference == ("Положение об использовании платформы «Сферум» участниками "
                             "образовательных отношений № 236-а от 17.10.2024")


def test_invalid_acts_are_refused(staffed, kindergarten_words=None):
    svc = staffed.acknowledgements
    with pytest.raises(UserError, match="название"):
        svc.add_act(staff_act(title=" "))
    with pytest.raises(UserError, match="не больше двух"):
        svc.add_act(staff_act(bodies=[BodyInput("А"), BodyInput("Б"), BodyInput("В")]))
    with pytest.raises(UserError) as info:
        svc.add_act(staff_act(issued_on="31.02.2024"))
    assert info.value.field == "issued_on"
    with pytest.raises(UserError, match="Отметьте сотрудников"):
        svc.add_act(staff_act(audience=AudienceInput("staff", everyone=False)))
    with pytest.raises(UserError, match="не найден"):
        svc.add_act(staff_act(attachment_path="/no/such/file.pdf"))
    assert svc.list_acts() == []


def test_kindergarten_pupils_do_not_sign(kindergarten):
    with pytest.raises(UserError, match="выберите родителей"):
        kindergarten.acknowledgements.add_act(staff_act(audience=AudienceInput("students")))


def test_chosen_staff_only(staffed):
    chosen = [staff_id(staffed, "Хенкель Лариса Александровна"),
              staff_id(staffed, "Яковлева Оксана Николаевна")]
    act = staffed.acknowledgements.add_act(
        staff_act(audience=AudienceInput("staff", everyone=False, person_ids=chosen)))
    assert act.total == 2 and act.audience_text == "Сотрудники: 2 чел."
    staffed.people.save_staff(StaffInput("Новикова Алла Андреевна", "Учитель"))
    staffed.acknowledgements.sync_pending()
    assert staffed.acknowledgements.get_row(act.id).total == 2  # a newcomer is not chosen


def test_parents_and_pupils_of_chosen_units(with_classes):
    svc, a, _b = with_classes
    parents = svc.acknowledgements.add_act(staff_act(
        audience=AudienceInput("parents", everyone=False, unit_ids=[a.id])))
    rows = svc.acknowledgements.people(parents.id)
    assert [(r.full_name, r.extra) for r in rows] == [
        ("Зайцев Илья Олегович", "1А"), ("Орлова Вера Павловна", "1А")]
    assert parents.audience_text == "Родители: 1А"
    pupils = svc.acknowledgements.add_act(staff_act(
        audience=AudienceInput("students", everyone=True)))
    assert {r.full_name: r.extra for r in svc.acknowledgements.people(pupils.id)} == {
        "Борисова Ада": "2Б", "Зайцев Егор": "1А", "Орлов Пётр": "1А", "Орлова Ника": "2Б"}
    assert pupils.audience_text == "Ученики: все классы"


def test_mark_signed_all_except_and_undo(staffed):
    svc = staffed.acknowledgements
    act = svc.add_act(staff_act())
    ids = [p.person_id for p in svc.people(act.id)]
    day = TODAY - dt.timedelta(days=3)
    assert svc.mark_signed(act.id, ids[:2], day) == 2
    assert {p.person_id: p.signed_on for p in svc.people(act.id)}[ids[0]] == day
    assert svc.mark_all_except(act.id, ids[2:4]) == 4  # default date: today
    pending = svc.pending(act.id)
    assert [p.person_id for p in pending] == ids[2:4]
    signed_today = [p for p in svc.people(act.id) if p.signed_on == TODAY]
    assert len(signed_today) == 4
    assert svc.undo_last(act.id) == 4
    assert len(svc.pending(act.id)) == 6
    assert svc.undo_last(act.id) == 2
    assert len(svc.pending(act.id)) == 8
    assert not svc.can_undo(act.id)
    with pytest.raises(UserError, match="Отменять нечего"):
        svc.undo_last(act.id)


def test_unmark_and_future_dates_refused(staffed):
    svc = staffed.acknowledgements
    act = svc.add_act(staff_act())
    first = svc.people(act.id)[0].person_id
    with pytest.raises(UserError, match="ещё не наступила"):
        svc.mark_signed(act.id, [first], TODAY + dt.timedelta(days=1))
    svc.mark_signed(act.id, [first])
    assert svc.unmark(act.id, [first]) == 1
    assert svc.get_row(act.id).pending == 8


def test_new_edition_starts_a_new_round_and_keeps_history(staffed):
    svc = staffed.acknowledgements
    old = svc.add_act(staff_act())
    ids = [p.person_id for p in svc.people(old.id)]
    svc.mark_signed(old.id, ids[:5])
    new = svc.new_edition(old.id, staff_act(number="301", issued_on="01.09.2025"))
    assert new.replaces_id == old.id and (new.signed, new.pending) == (0, 8)
    assert svc.get_act(new.id).replaces.startswith("Положение об использовании")
    history = svc.get_row(old.id)
    assert history.superseded_by == new.id and not history.is_current and history.signed == 5
    assert [a.id for a in svc.list_acts(include_history=False)] == [new.id]
    with pytest.raises(UserError, match="прежняя редакция"):
        svc.mark_signed(old.id, ids[5:])
    with pytest.raises(UserError, match="прежняя редакция"):
        svc.new_edition(old.id, staff_act())
    # the person's pending list names only the current edition
    pending = svc.pending_for_person(ids[0])
    assert [a.id for a in pending.acts] == [new.id]
    assert pending.sentence == ("не ознакомлен(а) с: Положение об использовании платформы "
                                "«Сферум» участниками образовательных отношений № 301 от "
                                "01.09.2025")


def test_newcomer_joins_pending_and_leaver_drops_off(staffed):
    svc = staffed.acknowledgements
    act = svc.add_act(staff_act())
    ids = [p.person_id for p in svc.people(act.id)]
    svc.mark_signed(act.id, [ids[0]])
    staffed.people.save_staff(StaffInput("Новикова Алла Андреевна", "Учитель"))
    assert svc.sync_pending() == 0  # the people service already added her
    assert "Новикова Алла Андреевна" in [p.full_name for p in svc.pending(act.id)]
    # one who signed and one who did not both leave
    set_left(staffed, ids[0], TODAY)
    set_left(staffed, ids[1], TODAY)
    assert ids[1] not in [p.person_id for p in svc.pending(act.id)]  # even before a sync
    assert svc.sync_pending() == 1  # the pending row of the leaver is removed
    people = {p.person_id: p for p in svc.people(act.id)}
    assert people[ids[0]].left and people[ids[0]].signed_on == TODAY  # kept on signed list
    assert ids[1] not in people
    assert svc.get_row(act.id).total == 8


def test_someone_leaving_in_the_future_is_still_here(staffed):
    svc = staffed.acknowledgements
    act = svc.add_act(staff_act())
    pid = svc.people(act.id)[0].person_id
    set_left(staffed, pid, TODAY + dt.timedelta(days=30))
    assert svc.sync_pending() == 0
    assert pid in [p.person_id for p in svc.pending(act.id)]


def test_sync_pending_inside_a_transaction(staffed):
    act = staffed.acknowledgements.add_act(staff_act())
    with staffed.db.unit_of_work() as session:
        assert sync_pending(session) == 0
    assert staffed.acknowledgements.get_row(act.id).pending == 8


def test_changed_audience_keeps_signatures(with_classes):
    svc, a, b = with_classes
    acks = svc.acknowledgements
    act = acks.add_act(staff_act(audience=AudienceInput("parents", False, [a.id])))
    zaitsev = next(p.person_id for p in acks.people(act.id) if p.full_name.startswith("Зайцев"))
    acks.mark_signed(act.id, [zaitsev])
    row = acks.update_act(act.id, staff_act(audience=AudienceInput("parents", False, [b.id])))
    names = {p.full_name: p.signed_on for p in acks.people(act.id)}
    assert names == {"Зайцев Илья Олегович": TODAY, "Борисова Юлия Юрьевна": None,
                     "Орлова Вера Павловна": None}
    assert (row.signed, row.pending) == (1, 2)


def test_overdue_list(staffed):
    svc = staffed.acknowledgements
    late = svc.add_act(staff_act(deadline="20.10.2024"))
    svc.add_act(staff_act(title="о пропускном режиме", deadline=TODAY + dt.timedelta(days=9)))
    done = svc.add_act(staff_act(title="об охране труда", deadline="20.10.2024"))
    svc.mark_all_except(done.id, [])
    assert [a.id for a in svc.overdue()] == [late.id]


def test_signed_by_names_file(staffed, tmp_path):
    svc = staffed.acknowledgements
    act = svc.add_act(staff_act())
    names = tmp_path / "signed.txt"
    names.write_text("1. САПЁЛКИНА марина леонидовна\n2)\tЯковлева О.Н.\tучитель\n\n"
                     "Хенкель  Лариса Александровна\n", encoding="utf-8")
    assert svc.mark_signed_from_file(act.id, names, "01.11.2024") == 3
    signed = {p.full_name for p in svc.people(act.id) if p.signed_on == dt.date(2024, 11, 1)}
    assert signed == {"Сапёлкина Марина Леонидовна", "Яковлева Оксана Николаевна",
                      "Хенкель Лариса Александровна"}


def test_signed_by_names_refuses_unknown_names_and_changes_nothing(staffed, tmp_path):
    svc = staffed.acknowledgements
    act = svc.add_act(staff_act())
    names = tmp_path / "signed.txt"
    names.write_text("Хенкель Лариса Александровна\nНеизвестная Мария Ивановна\n",
                     encoding="cp1251")
    with pytest.raises(UserError, match="Неизвестная Мария Ивановна"):
        svc.mark_signed_from_file(act.id, names)
    assert svc.get_row(act.id).signed == 0


def test_delete_act(staffed):
    svc = staffed.acknowledgements
    act = svc.add_act(staff_act())
    svc.delete_act(act.id)
    assert svc.list_acts() == []


def test_pending_by_person(with_classes):
    svc, a, _b = with_classes
    acks = svc.acknowledgements
    staff = acks.add_act(staff_act())
    parents = acks.add_act(staff_act(doc_type="Порядок", title="о чатах", number="3",
                                     audience=AudienceInput("parents", False, [a.id])))
    acks.mark_all_except(staff.id, [])
    by_person = acks.pending_by_person()
    assert [p.full_name for p in by_person] == ["Зайцев Илья Олегович", "Орлова Вера Павловна"]
    assert [a.id for a in by_person[0].acts] == [parents.id]
    assert by_person[0].sentence == "не ознакомлен(а) с: Порядок о чатах № 3 от 17.10.2024"


def test_a_deleted_act_comes_back_with_its_signatures(staffed):
    svc = staffed.acknowledgements
    act = svc.add_act(staff_act())
    svc.mark_all_except(act.id, [])
    before = svc.get_row(act.id)
    deleted = svc.delete_act(act.id)
    assert svc.list_acts() == []
    staffed.undo.restore(deleted)
    again = svc.get_row(act.id)
    assert (again.title, again.signed, again.total) == (before.title, before.signed,
                                                        before.total) and again.signed > 0
