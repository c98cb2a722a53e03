"""`sferum-desk --db SRC copy-to DEST`: SQLite ⇄ PostgreSQL, every table, checked by counts."""

import json

import pytest
from sqlalchemy import func, select

from cli_support import run

from sferum_desk.db.engine import open_database
from sferum_desk.db.models import Base, Document, Person
from sferum_desk.services import Services
from sferum_desk.services.demo import build_demo
from sferum_desk.services.dto import StaffInput


def table_counts(target) -> dict[str, int]:
    db = open_database(target)
    try:
        with db.engine.connect() as connection:
            return {t.name: connection.scalar(select(func.count()).select_from(t))
                    for t in Base.metadata.sorted_tables}
    finally:
        db.close()


def max_person_id(target) -> int:
    db = open_database(target)
    try:
        with db.engine.connect() as connection:
            return connection.scalar(select(func.max(Person.id)))
    finally:
        db.close()


def listing(capsys, target) -> list:
    return [json.loads(run(capsys, "--db", target, "list", what, "--json")[1])
            for what in ("units", "staff", "students", "guardians")]


@pytest.fixture
def demo_db(services, db_path):
    """The demo kindergarten plus a document that replaces a later one (a self-reference)."""
    build_demo(services)
    with services.db.unit_of_work() as session:
        older = Document(doc_type="Положение", title="Старое")
        newer = Document(doc_type="Положение", title="Новое")
        session.add_all([older, newer])
        session.flush()
        older.replaces_id = newer.id
    services.db.close()
    return db_path


def test_copy_to_a_new_file_and_back_keeps_every_row(capsys, demo_db, tmp_path):
    copy = tmp_path / "copy.sqlite3"
    code, out, err = run(capsys, "--db", demo_db, "copy-to", copy, "--json")
    assert code == 0, err
    counts = json.loads(out)
    assert counts == table_counts(demo_db) == table_counts(copy)
    assert counts["person"] > 50 and counts["document"] >= 2  # the demo's own and ours
    assert listing(capsys, copy) == listing(capsys, demo_db)
    assert not list(tmp_path.glob("*.part"))

    back = tmp_path / "back.sqlite3"
    assert run(capsys, "--db", copy, "copy-to", back)[0] == 0
    assert table_counts(back) == counts


def test_copy_continues_ids_after_the_copied_rows(capsys, demo_db, tmp_path):
    copy = tmp_path / "copy.sqlite3"
    run(capsys, "--db", demo_db, "copy-to", copy)
    last = max_person_id(copy)
    db = open_database(copy)
    added = Services.over(db).people.save_staff(StaffInput("Новикова Анна"))
    db.close()
    assert added.id == last + 1


def test_copy_into_a_database_with_data_is_refused_untouched(capsys, demo_db, tmp_path):
    copy = tmp_path / "copy.sqlite3"
    run(capsys, "--db", demo_db, "copy-to", copy)
    before = table_counts(copy)
    code, out, err = run(capsys, "--db", demo_db, "copy-to", copy)
    assert code == 1 and out == "" and "уже есть данные" in err and err.count("\n") == 1
    assert table_counts(copy) == before


def test_copy_to_itself_is_refused(capsys, demo_db):
    code, _, err = run(capsys, "--db", demo_db, "copy-to", demo_db)
    assert code == 1 and "саму в себя" in err


@pytest.mark.postgres
def test_sqlite_to_postgresql_and_back(capsys, fresh_postgres, tmp_path):
    local = tmp_path / "local.sqlite3"
    db = open_database(local)
    build_demo(Services.over(db))
    db.close()
    server = fresh_postgres()
    code, _, err = run(capsys, "--db", local, "copy-to", server)
    assert code == 0, err
    assert table_counts(server) == table_counts(local)
    assert listing(capsys, server) == listing(capsys, local)

    last = max_person_id(server)
    db = open_database(server)  # the server's id counters go on after the copied rows
    added = Services.over(db).people.save_staff(StaffInput("Новикова Анна"))
    db.close()
    assert added.id == last + 1

    back = tmp_path / "back.sqlite3"
    code, _, err = run(capsys, "--db", server, "copy-to", back)
    assert code == 0, err
    assert table_counts(back) == table_counts(server)


@pytest.mark.postgres
def test_backup_of_a_server_database_is_a_sqlite_file(capsys, fresh_postgres, tmp_path):
    server = fresh_postgres()
    assert run(capsys, "--db", server, "init", "--kind", "school", "--name", "Школа")[0] == 0
    target = tmp_path / "server-copy.sqlite3"
    code, out, _ = run(capsys, "--db", server, "backup", "--to", target)
    assert code == 0 and target.read_bytes().startswith(b"SQLite format 3")
    code, out, _ = run(capsys, "--db", server, "backup")
    assert code == 0 and "server" in out and out.strip().endswith("manual.sqlite3")
    assert table_counts(target)["organization"] == 1
