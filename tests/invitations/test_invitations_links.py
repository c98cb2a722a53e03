"""Links: what is accepted, refused, expired, annulled and suggested for annulment."""

from __future__ import annotations

import datetime as dt

import pytest
from inv_helpers import TODAY, URL_5A, URL_5B

from sferum_desk.domain.errors import UserError
from sferum_desk.domain.kinds import vocabulary_for
from sferum_desk.domain.links import (
    audience_title,
    audiences_for_unit,
    check_link,
    host_in_domains,
    normalise_url,
    parse_audience,
)
from sferum_desk.services.dto import GuardianInput, StudentInput


# ---- domain ------------------------------------------------------------------------------
@pytest.mark.parametrize("url", ["https://sferum.ru/?invite=abc", "https://vk.me/join/x",
                                 "https://web.max.ru/join/abc", "https://m.vk.com/join/a",
                                 "  https://SFERUM.ru/?invite=abc.  "])
def test_known_domains_and_subdomains_are_accepted(url):
    assert check_link(url).known_domain


@pytest.mark.parametrize("url", ["https://evilvk.com/join", "https://vk.com.example.org/x",
                                 "https://example.org/sferum.ru"])
def test_lookalike_domains_are_unknown(url):
    assert not check_link(url).known_domain


def test_user_domain_extends_the_list():
    assert check_link("https://chat.school.example/x", ["school.example"]).known_domain
    assert host_in_domains("a.b.max.ru", ("max.ru",))


@pytest.mark.parametrize("text, words", [
    ("http://sferum.ru/?invite=a", "https://"), ("sferum.ru/?invite=a", "https://"),
    ("ftp://sferum.ru/a", "https://"), ("", "Вставьте"),
    ("https://sferum ru/x", "пробелов")])
def test_bad_urls_are_refused_in_russian(text, words):
    with pytest.raises(UserError) as error:
        normalise_url(text)
    assert words in error.value.message


def test_audiences_by_kind():
    assert [a.value for a in audiences_for_unit("kindergarten", "regular")] == ["parents"]
    assert [a.value for a in audiences_for_unit("school", "regular")] == ["parents",
                                                                          "students"]
    assert [a.value for a in audiences_for_unit("school", "staff_room")] == ["staff"]
    assert audience_title("students", vocabulary_for("college")) == "Студенты"
    assert audience_title("students", vocabulary_for("school")) == "Ученики"


@pytest.mark.parametrize("word, audience", [("родители", "parents"), ("Родителей", "parents"),
                                            ("parents", "parents"), ("сотрудники", "staff"),
                                            ("Учителя", "staff"), ("ученики", "students"),
                                            ("воспитанники", "students"), ("5А", None)])
def test_audience_words(word, audience):
    found = parse_audience(word, vocabulary_for("school"))
    assert (found.value if found else None) == audience


# ---- service: adding ---------------------------------------------------------------------
def test_add_and_list_a_link(roster):
    services, units = roster
    row = services.invitations.add_link(units["5А"], "parents", URL_5A,
                                        valid_until="31.12.2025", today=TODAY)
    assert (row.unit_name, row.audience, row.status, row.valid_until) == (
        "5А", "parents", "active", dt.date(2025, 12, 31))
    assert [r.url for r in services.invitations.list_links(TODAY)] == [URL_5A]


def test_a_url_stored_for_another_unit_is_refused(linked):
    services, units = linked
    with pytest.raises(UserError, match="уже сохранена для «5А»"):
        services.invitations.add_link(units["5Б"], "parents", URL_5A, today=TODAY)


def test_unknown_domain_needs_confirmation(roster):
    services, units = roster
    url = "https://school.example/join/1"
    assert not services.invitations.check_url(url).known_domain
    with pytest.raises(UserError, match="подтвердите"):
        services.invitations.add_link(units["5А"], "parents", url, today=TODAY)
    row = services.invitations.add_link(units["5А"], "parents", url, today=TODAY,
                                        allow_unknown_domain=True)
    assert row.url == url
    services.invitations.set_extra_domains(["https://Example.ORG/", "max.ru"])
    assert services.invitations.extra_domains() == ["example.org"]
    assert services.invitations.check_url("https://a.example.org/x").known_domain


def test_wrong_audiences_are_refused(roster):
    services, units = roster
    with pytest.raises(UserError, match="только сотрудников"):
        services.invitations.add_link(units["staff"], "parents", URL_5A, today=TODAY)
    with pytest.raises(UserError, match="«Родители»"):
        services.invitations.add_link(units["5А"], "staff", URL_5A, today=TODAY)


@pytest.fixture
def kindergarten_roster(tmp_path):
    from sferum_desk.db.engine import open_database
    from sferum_desk.services import Services
    from sferum_desk.services.dto import OrganizationData

    db = open_database(tmp_path / "kg.sqlite3")
    services = Services.over(db)
    services.organization.save(OrganizationData(kind="kindergarten", full_name="Детский сад"))
    yield services
    db.close()


def test_a_kindergarten_group_has_no_pupils_link(kindergarten_roster):
    services = kindergarten_roster
    group = services.structure.create_unit("Ромашка")
    with pytest.raises(UserError, match="нет чата воспитанников"):
        services.invitations.add_link(group.id, "students", URL_5A, today=TODAY)
    options = services.invitations.audience_options()
    assert [(o.unit_name, o.audience) for o in options] == [("Учительская", "staff"),
                                                            ("Ромашка", "parents")]


def test_valid_until_in_the_past_is_refused(roster):
    services, units = roster
    with pytest.raises(UserError, match="уже прошла"):
        services.invitations.add_link(units["5А"], "parents", URL_5A, valid_until="01.01.2025",
                                      today=TODAY)


# ---- statuses and annulment ----------------------------------------------------------------
def test_expiry_is_a_status_by_date(roster):
    services, units = roster
    services.invitations.add_link(units["5А"], "parents", URL_5A, valid_until="30.11.2025",
                                  today=TODAY)
    assert services.invitations.list_links(TODAY)[0].status == "active"
    later = dt.date(2025, 12, 1)
    assert services.invitations.list_links(later)[0].status == "expired"
    [candidate] = services.invitations.links_to_annul(later)
    assert candidate.reasons == ("срок действия истёк 30.11.2025",)


def test_annul_records_date_and_reason(linked):
    services, units = linked
    assert services.invitations.annul_unit_links(units["5А"], "parents", "утечка",
                                                 on=TODAY) == 1
    row = next(r for r in services.invitations.list_links(TODAY) if r.unit_name == "5А")
    assert (row.status, row.annulled_on, row.annul_reason) == ("annulled", TODAY, "утечка")
    with pytest.raises(UserError, match="нет неаннулированных"):
        services.invitations.annul_unit_links(units["5А"], "parents")
    with pytest.raises(UserError, match="аннулирована"):  # the same URL cannot come back
        services.invitations.add_link(units["5А"], "parents", URL_5A, today=TODAY)


def test_links_to_annul_complete_replaced_and_annul_in_one_step(linked, tmp_path):
    services, units = linked
    inv = services.invitations
    people = inv.audience_people(units["5Б"], "parents")
    inv.set_joined([p.person_id for p in people], on=TODAY)
    inv.add_link(units["5А"], "parents", "https://sferum.ru/?invite=NEWER", today=TODAY)
    candidates = {(c.link.unit_name, c.link.url): c.reasons for c in inv.links_to_annul(TODAY)}
    assert candidates == {("5Б", URL_5B): ("все вступили",),
                          ("5А", URL_5A): ("заменена новой ссылкой",)}
    export = inv.export_links_to_annul(tmp_path / "annul.xlsx", TODAY)
    from openpyxl import load_workbook

    cells = [c.value for row in load_workbook(export).active.iter_rows() for c in row]
    assert URL_5A in cells and URL_5B in cells and "все вступили" in cells
    assert inv.annul_suggested(TODAY) == 2
    assert inv.links_to_annul(TODAY) == []
    with pytest.raises(UserError, match="нечего"):
        inv.export_links_to_annul(tmp_path / "empty.xlsx", TODAY)
    statuses = {r.url: r.status for r in inv.list_links(TODAY)}
    assert statuses[URL_5A] == statuses[URL_5B] == "annulled"
    assert statuses["https://sferum.ru/?invite=NEWER"] == "active"


def test_a_new_pupil_makes_a_complete_unit_incomplete(linked):
    services, units = linked
    inv = services.invitations
    inv.mark_all_joined(units["5Б"], "parents", on=TODAY)
    assert [c.link.unit_name for c in inv.links_to_annul(TODAY)] == ["5Б"]
    services.people.save_student(StudentInput("Новиков Илья", None, units["5Б"],
                                              [GuardianInput("Новикова Дарья", "mother")]))
    assert inv.links_to_annul(TODAY) == []


def test_a_link_longer_than_any_invitation_is_refused(linked):
    """Issue #14: 5,000 characters were accepted, then no QR code could hold them."""
    services, units = linked
    for size in (501, 5_000, 120_000):
        url = "https://sferum.ru/?invite=" + "a" * size
        with pytest.raises(UserError, match="слишком длинная"):
            services.invitations.add_link(units["5А"], "parents", url, today=TODAY)
        [line] = services.invitations.preview_paste(f"5А родители {url}")
        assert "слишком длинная" in line.problem
    assert services.invitations.check_url("https://sferum.ru/?invite=" + "a" * 150).url
