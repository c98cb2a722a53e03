"""Opening a database by file path or by URL; what differs on a PostgreSQL server."""

import pytest

from sferum_desk.db.engine import database_url, open_database
from sferum_desk.domain.errors import UserError
from sferum_desk.paths import database_target
from sferum_desk.services.dto import OrganizationData


def test_paths_and_urls_are_told_apart(tmp_path):
    assert database_target(str(tmp_path / "a.sqlite3")) == tmp_path / "a.sqlite3"
    assert database_target("postgresql://u@h/db") == "postgresql://u@h/db"
    assert database_url(tmp_path / "a.sqlite3").get_backend_name() == "sqlite"
    url = database_url("postgresql://secretary:secret@server/sferum")
    assert url.drivername == "postgresql+psycopg"  # the driver we ship, whatever was typed


def test_other_databases_are_refused_in_russian():
    with pytest.raises(UserError) as info:
        database_url("mysql://u@h/db")
    assert "SQLite" in info.value.message and "PostgreSQL" in info.value.message


def test_a_server_that_does_not_answer_is_one_sentence_without_the_password(tmp_path):
    url = f"postgresql+psycopg://secretary:secret@/sferum?host={tmp_path}"  # no server there
    with pytest.raises(UserError) as info:
        open_database(url)
    assert "Не удалось подключиться" in info.value.message
    assert "secret@" not in info.value.message and "***" in info.value.message


def test_settings_file_names_the_database(monkeypatch, tmp_path):
    from sferum_desk import paths

    monkeypatch.delenv("SFERUM_DESK_DB", raising=False)
    monkeypatch.setenv("SFERUM_DESK_HOME", str(tmp_path))
    assert paths.default_database() == tmp_path / "sferum-desk.sqlite3"
    paths.settings_file().write_text('{"database": "postgresql+psycopg://u@server/sferum"}',
                                     encoding="utf-8")
    assert paths.default_database() == "postgresql+psycopg://u@server/sferum"
    # Issue #18: a broken file is refused, no longer ignored for an empty local database.
    paths.settings_file().write_text("{broken", encoding="utf-8")
    with pytest.raises(UserError) as info:
        paths.default_database()
    assert "settings.json» не удалось прочитать" in info.value.message
    monkeypatch.setenv("SFERUM_DESK_DB", str(tmp_path / "other.sqlite3"))
    assert paths.default_database() == tmp_path / "other.sqlite3"


def test_settings_saved_by_notepad_with_a_bom_are_read(monkeypatch, tmp_path):
    # Issue #18: Notepad and PowerShell 5.1 write UTF-8 with a BOM; the file was ignored and
    # an empty local database opened instead of the school's server.
    from sferum_desk import paths

    monkeypatch.delenv("SFERUM_DESK_DB", raising=False)
    monkeypatch.setenv("SFERUM_DESK_HOME", str(tmp_path))
    paths.settings_file().write_bytes(
        b"\xef\xbb\xbf" + '{"database": "postgresql+psycopg://секретарь@server/sferum"}'.encode())
    assert paths.default_database() == "postgresql+psycopg://секретарь@server/sferum"


@pytest.mark.parametrize("content", [b"{broken", b'["a list"]', b'{"database": 5}',
                                     '{"database": "С:\\база.sqlite3"}'.encode("cp1251")])
def test_a_settings_file_that_cannot_be_read_stops_the_cli_with_one_sentence(
        monkeypatch, tmp_path, capsys, content):
    from sferum_desk import paths
    from sferum_desk.cli import main

    monkeypatch.delenv("SFERUM_DESK_DB", raising=False)
    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path)  # the log stays where it is
    paths.settings_file().write_bytes(content)
    assert main(["stats"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ("Файл настроек" in err or "В файле настроек" in err)
    assert not paths.default_database_path().exists()  # no empty database made instead


def test_the_window_refuses_a_broken_settings_file_too(monkeypatch, tmp_path):
    from sferum_desk import paths
    from sferum_desk.ui.app import open_services

    monkeypatch.delenv("SFERUM_DESK_DB", raising=False)
    monkeypatch.setenv("SFERUM_DESK_HOME", str(tmp_path))
    paths.settings_file().write_text("{broken", encoding="utf-8")
    with pytest.raises(UserError):  # run_gui shows it in a message box
        open_services(None, demo=False)
    assert not paths.default_database_path().exists()


@pytest.mark.postgres
def test_text_longer_than_its_column_is_a_russian_refusal_on_a_server(services):
    """SQLite keeps any length; PostgreSQL refuses, and the user gets a sentence."""
    with pytest.raises(UserError) as info:
        services.organization.save(OrganizationData(kind="school", full_name="Школа",
                                                    admin_order_number="№" * 60))
    assert "Слишком длинный текст" in info.value.message
    assert not services.organization.exists()


@pytest.mark.postgres
def test_a_server_database_has_no_file_and_backs_up_to_this_pc(school):
    assert school.db.path is None and not school.db.is_sqlite
    target = school.db.backup("manual")
    assert target.parent == school.db.backups_dir and target.name.endswith("-manual.sqlite3")
    assert target.read_bytes().startswith(b"SQLite format 3")
