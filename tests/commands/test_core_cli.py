import json
import subprocess
import sys

import pytest

from cli_support import run

from sferum_desk.cli import main
from sferum_desk.services.dto import GuardianInput, StaffInput, StudentInput


def test_init_stats_list_roundtrip(capsys, db_path):
    code, out, _ = run(capsys, "--db", db_path, "init", "--kind", "school", "--name", "Школа № 1")
    assert code == 0 and "Школа № 1" in out
    code, out, _ = run(capsys, "--db", db_path, "stats", "--json")
    assert json.loads(out) == {"units": 1, "staff": 0, "students": 0, "guardians": 0}
    code, out, _ = run(capsys, "--db", db_path, "list", "units", "--json")
    units = json.loads(out)
    assert units[0]["name"] == "Учительская" and {"name", "kind", "curator", "students"} <= set(
        units[0])


def test_second_init_is_refused_with_one_russian_sentence(capsys, db_path):
    run(capsys, "--db", db_path, "init", "--kind", "school", "--name", "Школа")
    code, out, err = run(capsys, "--db", db_path, "init", "--kind", "school", "--name", "Другая")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "уже есть организация" in err


def test_bad_usage_exits_2(capsys, db_path):
    with pytest.raises(SystemExit) as info:
        main(["--db", str(db_path), "list", "cats"])
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        main(["--db", str(db_path), "init", "--kind", "zoo", "--name", "x"])
    assert info.value.code == 2


def test_list_shapes(capsys, school, db_path):
    teacher = school.people.save_staff(StaffInput("Иванова Анна Петровна", "Учитель",
                                                  phone="89161234567", email="a@b.ru"))
    unit = school.structure.create_unit("5А", teacher.id)
    school.people.save_student(StudentInput("Петров Пётр", "01.02.2015", unit.id,
                                            [GuardianInput("Петрова Мария", "mother",
                                                           "89031112233")]))
    school.db.close()
    _, out, _ = run(capsys, "--db", db_path, "list", "students", "--json")
    assert json.loads(out) == [{
        "id": json.loads(out)[0]["id"], "full_name": "Петров Пётр", "birth_date": "2015-02-01",
        "unit": "5А", "guardians": [{"full_name": "Петрова Мария", "phone": "+79031112233",
                                     "relation": "mother"}]}]
    _, out, _ = run(capsys, "--db", db_path, "list", "guardians", "--json")
    guardian = json.loads(out)[0]
    assert guardian["full_name"] == "Петрова Мария" and guardian["phone"] == "+79031112233"
    assert guardian["children"] == [{"full_name": "Петров Пётр", "unit": "5А"}]
    _, out, _ = run(capsys, "--db", db_path, "list", "staff", "--json")
    staff = json.loads(out)[0]
    assert (staff["full_name"], staff["position"], staff["phone"], staff["email"]) == (
        "Иванова Анна Петровна", "Учитель", "+79161234567", "a@b.ru")
    _, out, _ = run(capsys, "--db", db_path, "list", "units", "--json")
    assert {"name": "5А", "curator": "Иванова Анна Петровна", "students": 1}.items() <= \
        json.loads(out)[1].items()


@pytest.mark.sqlite_only
def test_backup_to_file_and_to_rotating_folder(capsys, school, db_path, tmp_path):
    target = tmp_path / "copy.sqlite3"
    code, out, _ = run(capsys, "--db", db_path, "backup", "--to", target)
    assert code == 0 and target.exists()
    code, out, _ = run(capsys, "--db", db_path, "backup")
    assert code == 0 and any((db_path.parent / "backups").glob("*manual*"))


@pytest.mark.sqlite_only
def test_backup_onto_the_database_itself_or_a_folder_is_refused(capsys, school, db_path,
                                                               tmp_path):
    # Review finding: «backup --to» the open database replaced it under itself, and a folder
    # was reported as a folder that cannot be written.
    before = db_path.read_bytes()
    code, out, err = run(capsys, "--db", db_path, "backup", "--to", db_path)
    assert (code, out) == (1, "")
    assert err == "Укажите другой файл: копию нельзя сохранить поверх самой базы.\n"
    assert db_path.read_bytes() == before
    folder = tmp_path / "копии"
    folder.mkdir()
    code, out, err = run(capsys, "--db", db_path, "backup", "--to", folder)
    assert (code, out) == (1, "")
    assert err == f"«{folder}» — это папка: укажите имя файла копии.\n"
    assert list(folder.iterdir()) == [] and not list(tmp_path.glob("*.part"))


def test_database_that_is_not_ours_is_one_sentence(capsys, tmp_path):
    bogus = tmp_path / "x.sqlite3"
    bogus.write_text("hello")
    code, _, err = run(capsys, "--db", bogus, "stats", "--json")
    assert code == 1 and "не является базой" in err


def test_entry_point_runs_as_a_module(db_path):
    result = subprocess.run([sys.executable, "-m", "sferum_desk", "--db", str(db_path), "init",
                             "--kind", "kindergarten", "--name", "Детский сад"],
                            capture_output=True, timeout=60)
    assert result.returncode == 0
    result = subprocess.run([sys.executable, "-m", "sferum_desk", "--version"],
                            capture_output=True, timeout=60)
    assert result.returncode == 0 and b"Sferum Desk" in result.stdout


def test_simple_commands_load_no_paper_or_window_libraries(school, db_path):
    # Review finding: every command loaded reportlab and openpyxl (~0.1 s) through the services.
    probe = ("import sys\nfrom sferum_desk.cli import main\n"
             f"main(['--db', {str(db_path)!r}, 'stats'])\n"
             "print(sorted({m.split('.')[0] for m in sys.modules} & "
             "{'reportlab', 'openpyxl', 'PySide6', 'segno', 'qrcode', 'pyphen', "
             "'pytrovich'}))")
    school.db.close()
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True,
                          encoding="utf-8", check=True)
    assert done.stdout.splitlines()[-1] == "[]"


def test_a_reader_that_stops_early_is_not_an_unexpected_error(school, db_path):
    # Review finding: «sferum-desk import … | head» reported «Непредвиденная ошибка: команда
    # не выполнена» (exit 3) after the import was done, because the pipe was closed.
    school.db.close()
    child = subprocess.Popen([sys.executable, "-m", "sferum_desk", "--db", str(db_path),
                              "list", "units", "--json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child.stdout.close()  # before the child can print anything
    err = child.stderr.read().decode("utf-8")
    assert child.wait() == 0 and err == ""


@pytest.mark.parametrize("argv, expected", [
    (["list", "cats"], "у what нет значения «cats», можно: units, staff, students, guardians"),
    (["init", "--kind", "school"], "не хватает параметров: --name"),
    (["erase-left", "--days", "abc"], "--days ждёт число, а не «abc»"),
    (["stats", "--bogus"], "лишние параметры: --bogus"),
    (["sheet", "--act"], "после --act укажите значение"),
])
def test_usage_errors_are_said_in_russian(capsys, db_path, argv, expected):
    with pytest.raises(SystemExit) as info:
        main(["--db", str(db_path), *argv])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert expected in err and "invalid" not in err and "required" not in err
