"""A read-only file or folder, a missing folder, a drive pulled out while the program works:
a clear sentence at the moment it matters, and nothing half written."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from safety_helpers import snapshot, write_roster

from sferum_desk.db.engine import open_database
from sferum_desk.domain.errors import UserError
from sferum_desk.services import Services
from sferum_desk.services.dto import OrganizationData, StaffInput
from sferum_desk.services.personal_data import PersonalDataService

pytestmark = [pytest.mark.sqlite_only,
              pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")]

NOBODY = 65534


@contextmanager
def as_ordinary_user():
    """Permissions do not bind root: when the tests run as root, the block runs with the
    effective user `nobody`, so a read-only file is read-only for the program, as on a
    secretary's PC."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


@pytest.fixture
def folder():
    """A folder every user may enter (pytest's own are private to root)."""
    path = Path(tempfile.mkdtemp(prefix="sferum-ro-"))
    path.chmod(0o777)
    yield path
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            os.chmod(os.path.join(root, name), 0o777)
    shutil.rmtree(path, ignore_errors=True)


def make_school(path: Path) -> None:
    db = open_database(path)
    services = Services.over(db)
    services.organization.save(OrganizationData(kind="school", full_name="МБОУ «СОШ № 2»"))
    services.people.save_staff(StaffInput("Кравец Ольга Романовна", "Учитель"))
    db.close()


def listing(path: Path) -> list[tuple[str, int]]:
    return sorted((str(p.relative_to(path)), p.stat().st_size) for p in path.rglob("*"))


def test_read_only_database_file(folder):
    path = folder / "школа.sqlite3"
    make_school(path)
    path.chmod(0o444)
    before, files = snapshot(path), listing(folder)
    with as_ordinary_user(), pytest.raises(UserError) as info:
        open_database(path)
    assert info.value.message == ("Файл базы данных «школа.sqlite3» защищён от записи: снимите "
                                  "с него атрибут «Только чтение» или скопируйте базу в другую "
                                  "папку.")
    assert listing(folder) == files and snapshot(path) == before


def test_read_only_folder(folder):
    inner = folder / "общая"
    inner.mkdir()
    path = inner / "школа.sqlite3"
    make_school(path)
    path.chmod(0o666)  # the file may be written, the folder may not (no room for the journal)
    inner.chmod(0o755)
    before, files = snapshot(path), listing(folder)
    with as_ordinary_user(), pytest.raises(UserError) as info:
        open_database(path)
    assert "нельзя записывать: перенесите базу данных" in info.value.message
    assert listing(folder) == files and snapshot(path) == before


def test_backup_folder_read_only_stops_the_import_before_it_starts(folder):
    path = folder / "школа.sqlite3"
    make_school(path)
    for item in (folder, path):
        item.chmod(0o777)
    (folder / "backups").mkdir(mode=0o755)
    roster = write_roster(folder / "список.xlsx", 20)
    before = snapshot(path)
    with as_ordinary_user():
        db = open_database(path)
        services = Services.over(db)
        with pytest.raises(UserError) as info:
            services.roster.apply(services.roster.inspect(roster, "students"))
        db.close()
    assert "Не удалось сохранить резервную копию" in info.value.message
    assert snapshot(path) == before
    assert list((folder / "backups").iterdir()) == []


def test_export_into_a_read_only_folder_leaves_no_file(folder):
    path = folder / "школа.sqlite3"
    make_school(path)
    locked = folder / "только-чтение"
    locked.mkdir(mode=0o755)
    db = open_database(path)
    services = Services.over(db)
    person = services.people.list_staff()[0].id
    PersonalDataService(db).export(person, folder / "прогрев.pdf")  # lazy imports done as root
    with as_ordinary_user():
        with pytest.raises(UserError, match="нельзя записать файл"):
            PersonalDataService(db).export(person, locked / "сведения.pdf")
        with pytest.raises(UserError, match="нельзя записать файл"):  # one helper, one sentence
            services.roster.export_staff(locked / "сотрудники.xlsx")
    db.close()
    assert list(locked.iterdir()) == []


def test_drive_pulled_out_while_working_then_back(tmp_path):
    drive = tmp_path / "флешка"
    drive.mkdir()
    path = drive / "школа.sqlite3"
    make_school(path)
    db = open_database(path)
    services = Services.over(db)
    pulled = tmp_path / "вынута"
    drive.rename(pulled)  # the USB stick is gone: its folder with it
    with pytest.raises(UserError) as info:
        services.people.save_staff(StaffInput("Новикова Ева Андреевна"))
    assert info.value.message == (f"Файл базы данных «{path}» недоступен: подключите диск или "
                                  "флешку с базой и повторите.")
    with pytest.raises(UserError, match="недоступен"):  # an export reads the database first
        PersonalDataService(db).export(1, tmp_path / "сведения.pdf")
    before = snapshot(pulled / "школа.sqlite3")
    assert before["person"] and len(before["person"]) == 1
    pulled.rename(drive)  # plugged back in: the same edit goes through
    services.people.save_staff(StaffInput("Новикова Ева Андреевна"))
    assert len(services.people.list_staff()) == 2
    with pytest.raises(UserError, match="Папки «.*» нет: выберите существующую папку"):
        PersonalDataService(db).export(1, pulled / "сведения.pdf")  # an export's stick is gone
    db.close()


def test_opening_on_a_drive_that_is_not_there(tmp_path):
    blocker = tmp_path / "E"
    blocker.write_text("not a folder")  # like a drive letter that is not plugged in
    with pytest.raises(UserError, match="подключите диск или флешку"):
        open_database(blocker / "школа" / "база.sqlite3")
