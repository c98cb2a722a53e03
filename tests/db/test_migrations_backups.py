import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from sferum_desk.db import migrations
from sferum_desk.db.backup import backup_database, list_backups, rotate_backups
from sferum_desk.db.engine import open_database
from sferum_desk.db.models import Base
from sferum_desk.domain.errors import UserError
from sferum_desk.services import Services
from sferum_desk.services.dto import OrganizationData


def test_migrations_build_exactly_the_models(db_path):
    db = open_database(db_path)
    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    db.close()
    assert diff == []


@pytest.mark.sqlite_only
def test_foreign_keys_and_wal_are_on(db_path):
    db = open_database(db_path)
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    db.close()


def _organisation_in(db_path):
    db = open_database(db_path)
    Services.over(db).organization.save(OrganizationData(kind="school", full_name="Школа"))
    db.close()


@pytest.mark.sqlite_only
def test_file_from_a_newer_version_is_refused_untouched(db_path):
    _organisation_in(db_path)
    with sqlite3.connect(db_path) as raw:
        raw.execute("UPDATE alembic_version SET version_num='9999'")
    with pytest.raises(UserError) as info:
        open_database(db_path)
    assert "новой версией" in info.value.message
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == ("9999",)


@pytest.mark.sqlite_only
def test_pending_migration_takes_a_backup_first(db_path, monkeypatch):
    _organisation_in(db_path)
    seen = []

    def fake_upgrade(engine, revision="head"):
        seen.extend(list_backups(db_path.parent / "backups", db_path.stem))

    monkeypatch.setattr(migrations, "needs_upgrade", lambda engine: True)
    monkeypatch.setattr(migrations, "upgrade", fake_upgrade)
    open_database(db_path).close()
    assert len(seen) == 1 and "before-migration" in seen[0].name
    with sqlite3.connect(seen[0]) as copy:
        assert copy.execute("SELECT full_name FROM organization").fetchone() == ("Школа",)


@pytest.mark.sqlite_only
def test_new_file_gets_no_pointless_backup(db_path):
    open_database(db_path).close()
    assert not (db_path.parent / "backups").exists()


@pytest.mark.sqlite_only
def test_backup_copy_is_complete_and_verified(school, tmp_path):
    target = backup_database(school.db.path, tmp_path / "copy.sqlite3")
    with sqlite3.connect(target) as raw:
        assert raw.execute("SELECT count(*) FROM unit").fetchone() == (1,)


def test_rotation_keeps_last_ten_and_one_per_month(tmp_path):
    for month in range(1, 13):
        for day in range(1, 4):
            (tmp_path / f"db-2025{month:02d}{day:02d}-120000-000000-x.sqlite3").touch()
    rotate_backups(tmp_path, "db")
    kept = sorted(p.name[3:11] for p in tmp_path.iterdir())
    assert len(kept) == 10 + 8  # the newest ten span Sep–Dec; one more for each of Jan–Aug
    assert "20250103" in kept and "20250101" not in kept


@pytest.mark.sqlite_only
def test_backup_to_unwritable_place_is_a_russian_error(school, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(UserError) as info:
        backup_database(school.db.path, blocker / "sub" / "copy.sqlite3")
    assert "резервную копию" in info.value.message
    assert not list(tmp_path.glob("**/*.part"))


def test_opening_a_non_database_file_is_refused(tmp_path):
    bogus = tmp_path / "roster.sqlite3"
    bogus.write_bytes(b"PK\x03\x04 this is a zip")
    with pytest.raises(UserError):
        open_database(bogus)
    assert bogus.read_bytes().startswith(b"PK")


def test_opening_a_folder_is_refused(tmp_path):
    with pytest.raises(UserError):
        open_database(tmp_path)
