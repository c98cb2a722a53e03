"""Migration 0005 (#17): indexes only; a 0004 database gains them with every row kept, and
downgrading drops exactly them."""

from alembic import command
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.pool import NullPool

from sferum_desk.db import migrations
from sferum_desk.db.engine import database_url, open_database
from sferum_desk.services import Services
from sferum_desk.services.dto import GuardianInput, OrganizationData, StaffInput, StudentInput

NEW = {("enrolment", "ix_enrolment_unit_id"), ("person", "ix_person_left_on"),
       ("person", "ix_person_import_batch_id"), ("platform_task", "ix_platform_task_person_id"),
       ("platform_task", "ix_platform_task_unit_id"), ("unit", "ix_unit_curator_id"),
       ("unit_teacher", "ix_unit_teacher_staff_id"), ("document", "ix_document_replaces_id"),
       ("history_event", "ix_history_event_entity")}
TABLES = sorted({table for table, _ in NEW} | {"student", "guardian_link"})


def _indexes(engine) -> set[tuple[str, str]]:
    found = inspect(engine)
    return {(table, index["name"]) for table in TABLES for index in found.get_indexes(table)}


def _counts(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                for t in TABLES}


def test_0004_database_gains_the_indexes_and_keeps_its_rows(db_path):
    db = open_database(db_path)
    services = Services.over(db)
    services.organization.save(OrganizationData(kind="school", full_name="МБОУ «СОШ № 5»"))
    unit_id = services.structure.create_unit("5А").id
    services.people.save_student(StudentInput(
        "Иванов Пётр Сергеевич", "01.02.2015", unit_id,
        [GuardianInput("Иванова Анна Петровна", "mother", "+79161234567")]))
    services.people.save_staff(StaffInput("Смирнова Ольга Ивановна", "Учитель"))
    db.close()

    engine = create_engine(database_url(db_path), poolclass=NullPool)  # as Alembic's CLI
    try:
        before = _counts(engine)
        assert NEW <= _indexes(engine)
        command.downgrade(migrations.alembic_config(engine), "0004")
        assert migrations.current_revision(engine) == "0004"
        assert not NEW & _indexes(engine)
        assert _counts(engine) == before
    finally:
        engine.dispose()

    db = open_database(db_path)  # the program upgrades the 0004 file itself
    try:
        assert migrations.current_revision(db.engine) == "0005"
        assert NEW <= _indexes(db.engine)
        assert _counts(db.engine) == before
        assert Services.over(db).people.stats().students == 1
    finally:
        db.close()
