"""The CLI contract: transfer, leave, todo, new-year, erase-left, coverage, report."""

import json

import pytest

from cli_support import run as run_cli

from sferum_desk.services.dto import StaffInput


def run(capsys, db_path, *argv):
    return run_cli(capsys, "--db", db_path, *argv)


@pytest.fixture
def cli_school(built, db_path):
    """The built school, closed so that the CLI opens the same database on its own."""
    services, sch = built
    services.invitations.set_joined([sch.pupils["5А"][0], sch.mothers[sch.pupils["5А"][0]],
                                     sch.staff["9А"]])
    services.people.save_staff(StaffInput("Тёзкина Анна Ивановна", "Учитель"))
    services.people.save_staff(StaffInput("Тёзкина Анна Ивановна", "Психолог"))
    services.db.close()
    return sch


def test_transfer_by_name_then_todo_list_and_done(capsys, db_path, cli_school):
    sch = cli_school
    pupil = sch.pupils["5А"][0]
    code, out, err = run(capsys, db_path, "transfer", "--student", sch.names[pupil].lower(),
                         "--to", "5 б")
    assert (code, err) == (0, "")
    assert "переведён(а) из «5А» в «5Б»" in out and "добавлено задач: 2" in out
    code, out, _ = run(capsys, db_path, "todo", "list", "--json")
    tasks = json.loads(out)
    assert [(t["kind"], t["person_id"], t["unit"]) for t in tasks] == [
        ("move_chat", pupil, "5Б"), ("move_chat", sch.mothers[pupil], "5Б"),
        ("confirm_teacher", sch.staff["9А"], "")]
    code, out, _ = run(capsys, db_path, "todo", "done", tasks[0]["id"])
    assert code == 0 and "сделана" in out
    _, out, _ = run(capsys, db_path, "todo", "list", "--json")
    assert [t["id"] for t in json.loads(out)] == [tasks[1]["id"], tasks[2]["id"]]
    _, out, _ = run(capsys, db_path, "todo", "list", "--all", "--json")
    assert json.loads(out)[0]["done_at"] is not None
    code, out, err = run(capsys, db_path, "todo", "done", "999")
    assert code == 1 and out == "" and err.count("\n") == 1 and "Задачи № 999 нет" in err


def test_leave_with_namesakes_asks_for_an_id(capsys, db_path, cli_school):
    code, out, err = run(capsys, db_path, "leave", "--person", "Тёзкина Анна Ивановна")
    assert code == 1 and out == ""
    assert err.count("\n") == 1
    assert err.startswith("ФИО «Тёзкина Анна Ивановна» носят несколько человек")
    assert "--id" in err and "Психолог" in err and "Учитель" in err
    person_id = int(err.split("--id ")[1].split(" ")[0])
    code, out, err = run(capsys, db_path, "leave", "--id", person_id, "--date", "31.12.2026")
    assert code == 0 and "выбытие оформлено с 31.12.2026" in out


def test_transfer_looks_among_pupils_only(capsys, db_path, cli_school):
    sch = cli_school
    pupil = sch.pupils["5Б"][2]
    from sferum_desk.db.engine import open_database
    from sferum_desk.services import Services
    from sferum_desk.services.dto import StaffInput as Staff

    db = open_database(db_path)
    Services.over(db).people.save_staff(Staff(sch.names[pupil], "Лаборант"))  # a namesake
    db.close()
    code, out, err = run(capsys, db_path, "transfer", "--student", sch.names[pupil],
                         "--to", "9А")
    assert (code, err) == (0, "") and "в «9А»" in out


def test_leave_unknown_person_and_bad_date(capsys, db_path, cli_school):
    code, _out, err = run(capsys, db_path, "leave", "--person", "Никого Нет")
    assert code == 1 and "не найден" in err and err.count("\n") == 1
    code, _, err = run(capsys, db_path, "transfer", "--student", "Никого Нет", "--to", "5А")
    assert code == 1
    code, _, err = run(capsys, db_path, "transfer", "--id", cli_school.pupils["5А"][1],
                       "--to", "12Я")
    assert code == 1 and "Подразделения «12Я» нет" in err
    code, _, err = run(capsys, db_path, "leave", "--id", cli_school.pupils["5А"][1],
                       "--date", "32.13.2026")
    assert code == 1 and ("не похоже на дату" in err or "не бывает" in err)


def test_coverage_json_and_reports(capsys, db_path, cli_school, tmp_path):
    code, out, _ = run(capsys, db_path, "coverage", "--json")
    data = json.loads(out)
    assert code == 0 and data["audiences"] == ["staff", "students", "parents"]
    assert data["total"]["staff"] == {"joined": 1, "total": 7, "percent": 14.3}
    five_a = next(u for u in data["units"] if u["unit"] == "5А")
    assert five_a["students"] == {"joined": 1, "total": 4, "percent": 25.0}
    assert five_a["families"]["joined"] == 1
    for name in ("r.pdf", "r.xlsx"):
        code, out, err = run(capsys, db_path, "report", "--out", tmp_path / name)
        assert (code, err) == (0, "") and (tmp_path / name).stat().st_size > 1000
    code, out, err = run(capsys, db_path, "report", "--out", tmp_path / "r.txt")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert not (tmp_path / "r.txt").exists()
    code, out, err = run(capsys, db_path, "report", "--out", tmp_path / "нет" / "r.pdf")
    assert code == 1 and "Папки" in err


def test_new_year_preview_then_apply(capsys, db_path, cli_school):
    code, out, _ = run(capsys, db_path, "new-year", "--rename", "9А=10 Б", "--json")
    plan = json.loads(out)
    assert [(u["name"], u["action"], u["new_name"]) for u in plan["units"]] == [
        ("5А", "promote", "6А"), ("5Б", "promote", "6Б"), ("9А", "promote", "10 Б"),
        ("11А", "graduate", "11А")]
    code, out, _ = run(capsys, db_path, "new-year")
    assert code == 0 and "предпросмотр" in out and "Выпуск" in out
    code, out, _ = run(capsys, db_path, "new-year", "--apply")
    assert code == 0 and "Начат" in out
    _, out, _ = run(capsys, db_path, "list", "units", "--json")
    assert {"6А", "6Б", "10А"} <= {u["name"] for u in json.loads(out)}
    code, _, err = run(capsys, db_path, "new-year", "--rename", "нет")
    assert code == 1 and "СТАРОЕ=НОВОЕ" in err


def test_erase_left_preview_and_refusal(capsys, db_path, cli_school):
    code, out, _ = run(capsys, db_path, "erase-left", "--days", "0")
    assert code == 0 and "Нет людей" in out
    code, _, err = run(capsys, db_path, "erase-left", "--days", "0", "--yes")
    assert code == 1 and "стирать нечего" in err
