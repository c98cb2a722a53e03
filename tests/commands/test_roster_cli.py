"""`sferum-desk import / undo-import / export / template`: exit codes, JSON shape, output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "importers"))
import roster_files as rf  # noqa: E402

from cli_support import run  # noqa: E402

from sferum_desk.cli import main  # noqa: E402

ROWS = [["Список 1А"], ["ФИО", "Дата рождения", "Класс", "ФИО матери", "Телефон матери"],
        ["Иванов Иван", "04.03.2018", "1А", "Иванова Мария", "8 916 123-45-67"],
        ["Петров", "05.05.2018", "1А"],
        ["Сидорова Ая", "31.31.2018", "1А", "Сидорова Ия", "89161112233"]]


@pytest.fixture
def school_db(capsys, db_path):
    run(capsys, "--db", db_path, "init", "--kind", "school", "--name", "Школа № 1")
    return db_path


@pytest.fixture
def pupils_file(tmp_path):
    path = tmp_path / "1А.xlsx"
    path.write_bytes(rf.xlsx({"Лист1": ROWS}))
    return path


def test_dry_run_json_then_import_then_reimport(capsys, school_db, pupils_file):
    code, out, err = run(capsys, "--db", school_db, "import", pupils_file, "--as", "students",
                         "--dry-run", "--json")
    assert (code, err) == (0, "")
    summary = json.loads(out)
    assert {"created", "updated", "unchanged", "skipped", "warnings", "by_role",
            "units_created", "changes", "dry_run", "batch_id"} <= set(summary)
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (4, 0, 0)
    assert summary["dry_run"] is True and summary["batch_id"] is None
    assert summary["skipped"] == [{"sheet": "Лист1", "row": 4, "column": "ФИО",
                                   "reason": "ФИО «Петров»: укажите и фамилию, и имя через "
                                             "пробел. Строка пропущена."}]
    assert [(w["row"], w["column"]) for w in summary["warnings"]] == [(5, "Дата рождения")]
    assert summary["by_role"] == {"students": {"created": 2, "updated": 0, "unchanged": 0},
                                  "guardians": {"created": 2, "updated": 0, "unchanged": 0}}
    code, out, _ = run(capsys, "--db", school_db, "stats", "--json")
    assert json.loads(out)["students"] == 0

    code, out, _ = run(capsys, "--db", school_db, "import", pupils_file, "--as", "students")
    assert code == 0
    assert "created: 4" in out and "skipped: 1" in out and "Новые подразделения: 1А" in out
    assert "Пропущено: лист «Лист1», строка 4, столбец «ФИО»" in out
    code, out, _ = run(capsys, "--db", school_db, "import", pupils_file, "--as", "students",
                       "--json")
    again = json.loads(out)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 4)


def test_undo_import(capsys, school_db, pupils_file):
    run(capsys, "--db", school_db, "import", pupils_file, "--as", "students")
    code, out, _ = run(capsys, "--db", school_db, "undo-import")
    assert code == 0 and "«1А.xlsx»" in out and "отменён" in out
    code, out, _ = run(capsys, "--db", school_db, "stats", "--json")
    assert json.loads(out) == {"units": 1, "staff": 0, "students": 0, "guardians": 0}
    code, out, err = run(capsys, "--db", school_db, "undo-import")
    assert (code, out, err) == (1, "", "Нет импорта, который можно отменить.\n")


def test_bad_file_exits_1_with_one_russian_sentence(capsys, school_db, tmp_path):
    bad = tmp_path / "список.xlsx"
    bad.write_bytes(b"\x00garbage" * 100)
    code, out, err = run(capsys, "--db", school_db, "import", bad, "--as", "staff")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "не похож на таблицу" in err
    code, out, err = run(capsys, "--db", school_db, "import", tmp_path / "нет.xlsx", "--as",
                         "staff")
    assert code == 1 and "не найден" in err


def test_usage_errors_exit_2(school_db, pupils_file):
    with pytest.raises(SystemExit) as info:
        main(["--db", str(school_db), "import", str(pupils_file)])  # --as is required
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        main(["--db", str(school_db), "export", "cats", "--out", "x.xlsx"])
    assert info.value.code == 2


def test_staff_import_and_export(capsys, school_db, tmp_path):
    source = tmp_path / "staff.csv"
    source.write_bytes(rf.csv_bytes([["Ф.И.О.", "Должность", "телефон", "почта"],
                                     ["Гусев Ян Ильич", "Директор", "8 910 555 12 35", ""]],
                                    "cp1251", ";"))
    code, out, _ = run(capsys, "--db", school_db, "import", source, "--as", "staff", "--json")
    assert json.loads(out)["by_role"] == {"staff": {"created": 1, "updated": 0,
                                                    "unchanged": 0}}
    out_file = tmp_path / "сотрудники.xlsx"
    code, out, _ = run(capsys, "--db", school_db, "export", "staff", "--out", out_file)
    assert code == 0 and "1 чел." in out
    assert load_workbook(out_file).active["B4"].value == "Гусев Ян Ильич"


def test_export_students_and_template(capsys, school_db, pupils_file, tmp_path):
    run(capsys, "--db", school_db, "import", pupils_file, "--as", "students", "--unit", "1А")
    out_file = tmp_path / "ученики.xlsx"
    code, out, _ = run(capsys, "--db", school_db, "export", "students", "--out", out_file)
    assert code == 0 and "2 чел." in out
    sheet = load_workbook(out_file).active
    assert sheet.freeze_panes == "A4" and sheet["B4"].value == "Иванов Иван"
    template = tmp_path / "шаблон.xlsx"
    code, out, _ = run(capsys, "--db", school_db, "template", "students", "--out", template)
    assert code == 0 and template.exists()


def test_json_is_utf8_through_a_real_process(school_db, pupils_file):
    done = subprocess.run([sys.executable, "-m", "sferum_desk", "--db", str(school_db),
                           "import", str(pupils_file), "--as", "students", "--dry-run",
                           "--json"], capture_output=True, timeout=120)
    assert done.returncode == 0
    assert json.loads(done.stdout.decode("utf-8"))["units_created"] == ["1А"]


def test_dry_run_shows_every_uncertain_decision_text_and_json(capsys, school_db, tmp_path):
    """Issue 12: unit matches, continuation rows, not-people lines, hidden/struck rows,
    possible duplicates and column conflicts — in the text and under added JSON keys."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "importers"))
    import shape_files as sf

    rows = [["ФИО ребёнка", "Дата рождения", "Класс", "ФИО родителя", "Кем приходится",
             "Телефон", "Телефон"],
            ["Зайцев Егор", "03.03.2015", "4 «А» класс", "Зайцева Анна", "мать", "89031114455",
             "89031110000"],
            [None, None, None, "Зайцев Олег", "отец", "89031114466"],
            ["Зайцев Егор", "03.03.2015", "5Б", "Зайцева Ия", "мать", "89031114488"],
            ["Скрытов Ян", "02.02.2015", "4А"],
            [None, "Классный руководитель: Петрова А. А."]]
    path = tmp_path / "список.xlsx"
    path.write_bytes(sf.styled_xlsx({"Лист1": rows}, hidden_rows={"Лист1": [5]}))
    code, out, err = run(capsys, "--db", school_db, "import", path, "--as", "students",
                         "--dry-run", "--json")
    assert (code, err) == (0, "")
    summary = json.loads(out)
    assert summary["unit_matches"] == [
        {"in_file": "4 «А» класс", "unit": "4А", "new": True, "rows": 1, "candidates": []},
        {"in_file": "5Б", "unit": "5Б", "new": True, "rows": 1, "candidates": []}]
    assert summary["continuation_rows"] == [{"sheet": "Лист1", "row": 3, "child_row": 2,
                                             "guardian": "Зайцев Олег"}]
    assert [n["row"] for n in summary["not_people"]] == [6]
    assert summary["left_out_rows"] == [{"sheet": "Лист1", "row": 5, "why": "hidden",
                                         "text": "Скрытов Ян | 02.02.2015 | 4А"}]
    assert [(d["row"], d["action"]) for d in summary["possible_duplicates"]] == [
        (4, "kept_both")]
    assert [(c["column"], c["taken_by"]) for c in summary["column_conflicts"]] == [(7, 6)]
    assert summary["created"] == 2 + 3

    code, out, _ = run(capsys, "--db", school_db, "import", path, "--as", "students",
                       "--dry-run", "--include-hidden", "--unit-map", "4 «А» класс=4Б")
    assert code == 0 and "created: 6" in out
    assert "Подразделение: «4 «А» класс» → «4Б» (новое)" in out
    assert "Продолжение: лист «Лист1», строка 3: родитель Зайцев Олег добавлен к ученику " \
           "из строки 2" in out
    assert "Не человек: лист «Лист1», строка 6 пропущена" in out
    assert "Возможный дубликат: лист «Лист1», строка 4" in out
    code, _, err = run(capsys, "--db", school_db, "import", path, "--as", "students",
                       "--dry-run", "--unit-map", "без знака равенства")
    assert code == 1 and "--unit-map" in err
