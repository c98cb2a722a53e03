"""The organisation card: a short name never cut mid-word, the letterhead's new fields, and
migration 0003 mending the names the old rule cut."""

from __future__ import annotations

import pytest
from paper_checks import ORG_LONGEST, ORG_SCHOOL, ORG_SPECIAL
from sqlalchemy import create_engine, text

from sferum_desk.db import migrations
from sferum_desk.db.engine import open_database
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.org_names import abbreviate_org_name, cut_at_word
from sferum_desk.services import Services
from sferum_desk.services.dto import OrganizationData

LONG_200 = ORG_LONGEST  # 224 characters; its abbreviation fits the 200 of the column


@pytest.mark.parametrize("full, short", [
    (ORG_LONGEST, "МБДОУ «Центр развития ребёнка — детский сад № 27 «Дюймовочка»"),
    (ORG_SCHOOL, "ГБОУ СОШ № 98 Калининского района Санкт-Петербурга"),
    (ORG_SPECIAL, "ГБОУ Краснодарского края специальная (коррекционная) школа № 59"),
    ("муниципальное казённое учреждение дополнительного образования «Центр детского "
     "творчества»", "МКУ ДО «Центр детского творчества»"),
    ("Школа № 5 города Калуги", "Школа № 5 города Калуги"),  # no legal form: unchanged
])
def test_the_legal_form_is_abbreviated(full, short):
    assert abbreviate_org_name(full).startswith(short)


def test_a_cut_ends_at_a_whole_word():
    cut = cut_at_word(LONG_200, 200)
    assert len(cut) <= 200 and cut.endswith("…")
    assert LONG_200.startswith(cut[:-1]) and LONG_200[len(cut) - 1] == " "
    assert cut_at_word("Школа № 5", 200) == "Школа № 5"


def test_a_blank_short_name_becomes_the_abbreviation_never_cut_mid_word(services):
    assert len(LONG_200) > 200
    saved = services.organization.save(OrganizationData(kind="kindergarten",
                                                        full_name=LONG_200))
    assert saved.short_name == abbreviate_org_name(LONG_200)
    assert services.organization.get().short_name.endswith("«Солнышко»)")
    longer = OrganizationData(kind="kindergarten", full_name=LONG_200 + " имени Героя "
                              "Советского Союза Преображенского Константина Петровича")
    cut = services.organization.save(longer).short_name
    assert len(cut) <= 200 and cut.endswith("Советского Союза…")


def test_requisites_are_kept_and_checked(services):
    services.organization.save(OrganizationData(
        kind="school", full_name=ORG_SCHOOL, phone="8 (812) 417-25-02",
        email="School98@Spb.Edu.ru", inn="7804 12345 3", ogrn="1027802505279",
        place="Санкт-Петербург"))
    card = services.organization.get()
    assert (card.phone, card.email, card.place) == ("+78124172502", "school98@spb.edu.ru",
                                                    "Санкт-Петербург")
    assert (card.inn, card.ogrn) == ("7804123453", "1027802505279")
    for field, value in (("inn", "7804123450"), ("ogrn", "1027802505270"),
                         ("phone", "12"), ("email", "школа@")):
        card.version = None
        bad = OrganizationData(**{**card.__dict__, field: value})
        with pytest.raises(UserError) as info:
            services.organization.save(bad)
        assert info.value.field == field


def test_too_long_a_typed_short_name_is_refused(services):
    with pytest.raises(UserError) as info:
        services.organization.save(OrganizationData(kind="school", full_name=ORG_SCHOOL,
                                                    short_name="Школа " * 40))
    assert info.value.field == "short_name"


@pytest.mark.sqlite_only
def test_migration_0003_mends_a_cut_short_name_and_keeps_a_typed_one(tmp_path):
    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    migrations.upgrade(engine, "0001")
    with engine.begin() as connection:
        for row_id, full, short in ((1, LONG_200, LONG_200[:200]), (2, LONG_200, "МБДОУ № 27")):
            connection.execute(text(
                "INSERT INTO organization (id, kind, full_name, short_name, address, head_name,"
                " admin_name, admin_phone, admin_email, admin_order_number,"
                " vocabulary_overrides, settings, version) VALUES (:id, 'kindergarten', :full,"
                " :short, '', '', '', '', '', '', '{}', '{}', 1)"),
                {"id": row_id, "full": full, "short": short})
    engine.dispose()
    db = open_database(path)
    with db.engine.connect() as connection:
        rows = dict(connection.execute(text("SELECT id, short_name FROM organization")).all())
        columns = {r[1] for r in connection.execute(text("PRAGMA table_info(organization)"))}
    db.close()
    assert rows == {1: abbreviate_org_name(LONG_200), 2: "МБДОУ № 27"}
    assert {"phone", "email", "inn", "ogrn", "place"} <= columns


def test_the_card_round_trips_through_the_service(db_path):
    db = open_database(db_path)
    services = Services.over(db)
    services.organization.save(OrganizationData(kind="school", full_name="Школа № 5",
                                                inn="7707083893", place="г. Калуга"))
    card = services.organization.get()
    db.close()
    assert card.inn == "7707083893" and card.place == "г. Калуга" and card.phone == ""
