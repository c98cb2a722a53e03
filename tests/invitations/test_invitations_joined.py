"""Joined: marking people, and matching the platform's member list to our people."""

from __future__ import annotations

import pytest
from inv_helpers import TODAY

from sferum_desk.domain.errors import UserError
from sferum_desk.services.dto import GuardianInput, StudentInput
from sferum_desk.services.invitations import (
    MATCH_ALREADY,
    MATCH_AMBIGUOUS,
    MATCH_NONE,
    MATCH_OK,
)


def _by_name(matches):
    return {m.name: (m.status, [c.full_name for c in m.candidates][:2]) for m in matches}


def test_platform_names_match_despite_order_yo_typos_and_no_patronymic(linked):
    services, units = linked
    text = ("Участник\tРоль\n"
            "Иванова Анна\tРодитель\n"
            "Андрей Иванов\n"                # first name first
            "Соловьева Елена\n"               # е for ё
            "1. Ким Ольга Борисовна\n"        # numbered, full name
            "Кмм Ольга\n"                     # a typo
            "Сидоров Пётр\n")                 # nobody
    matches = services.invitations.match_joined_names(units["5А"], text)
    assert [m.status for m in matches] == [MATCH_OK, MATCH_OK, MATCH_OK, MATCH_OK,
                                           MATCH_AMBIGUOUS, MATCH_NONE]
    chosen = [m.candidates[0].full_name if m.candidates else None for m in matches]
    assert chosen[:5] == ["Иванова Анна Петровна", "Иванов Андрей Сергеевич",
                          "Соловьёва Елена Викторовна", "Ким Ольга Борисовна",
                          "Ким Ольга Борисовна"]
    assert matches[4].person_id is None  # a guess waits for the user's «да»
    assert matches[0].person_id == matches[0].candidates[0].person_id


def test_namesakes_are_ambiguous_unless_a_role_column_decides(linked):
    services, units = linked
    # A daughter named like her mother, in the same class.
    services.people.save_student(StudentInput("Иванова Анна Андреевна", None, units["5А"],
                                              [GuardianInput("Иванова Анна Петровна",
                                                             "mother")]))
    plain = services.invitations.match_joined_names(units["5А"], "Иванова Анна")
    assert plain[0].status == MATCH_AMBIGUOUS
    assert {c.audience for c in plain[0].candidates[:2]} == {"parents", "students"}
    with_role = services.invitations.match_joined_names(units["5А"], "Иванова Анна; Ученик")
    assert with_role[0].status == MATCH_OK
    assert with_role[0].candidates[0].full_name == "Иванова Анна Андреевна"


def test_already_joined_people_are_flagged(linked):
    services, units = linked
    people = services.invitations.audience_people(units["5А"], "parents")
    services.invitations.set_joined([people[0].person_id], on=TODAY)
    [match] = services.invitations.match_joined_names(units["5А"], people[0].full_name)
    assert match.status == MATCH_ALREADY


def test_confirming_matches_saves_membership_with_date(linked):
    services, units = linked
    inv = services.invitations
    matches = inv.match_joined_names(units["5А"], "Иванова Анна\nКим Ольга")
    assert inv.set_joined([m.person_id for m in matches], on=TODAY, source="import") == 2
    joined = {p.full_name: p.joined_on for p in inv.audience_people(units["5А"], "parents")
              if p.joined_on}
    assert joined == {"Иванова Анна Петровна": TODAY, "Ким Ольга Борисовна": TODAY}
    assert inv.set_joined([matches[0].person_id], joined=False) == 1


def test_names_from_a_file(linked, tmp_path):
    from openpyxl import Workbook

    services, units = linked
    book = Workbook()
    book.active.append(["Имя", "Роль"])
    book.active.append(["Фёдорова Мария", "Родитель"])
    path = tmp_path / "members.xlsx"
    book.save(path)
    matches = services.invitations.match_joined_file(units["5Б"], path)
    assert _by_name(matches) == {"федорова мария": (MATCH_OK, ["Фёдорова Мария Ильинична"])}
    (tmp_path / "names.txt").write_text("Орлов Олег\n", encoding="cp1251")
    matches = services.invitations.match_joined_file(units["5Б"], tmp_path / "names.txt")
    assert matches[0].status == MATCH_OK


def test_no_names_is_a_clear_refusal(linked, tmp_path):
    services, units = linked
    with pytest.raises(UserError, match="Фамилия Имя"):
        services.invitations.match_joined_names(units["5А"], "Роль\n\n")
    with pytest.raises(UserError, match="не найден"):
        services.invitations.match_joined_file(units["5А"], tmp_path / "nope.txt")


def test_mark_all_joined_in_a_unit(linked):
    services, units = linked
    inv = services.invitations
    assert inv.mark_all_joined(units["staff"], "staff", on=TODAY) == 3
    [cover] = [c for c in inv.coverage(TODAY) if c.audience == "staff"]
    assert (cover.size, cover.joined, cover.percent, cover.complete) == (3, 3, 100.0, True)
