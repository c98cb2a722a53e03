"""The CLI fills the organisation's card; a mistyped --db creates nothing; --help in Russian."""

import json

import pytest
from cli_support import run


@pytest.fixture
def db(tmp_path, capsys):
    path = tmp_path / "school.sqlite3"
    assert run(capsys, "--db", path, "init", "--kind", "school", "--name", "МБОУ СОШ № 1")[0] == 0
    return path


def test_org_set_fills_the_card_and_show_prints_it(db, capsys):
    code, out, err = run(capsys, "--db", db, "org", "set", "--head", "Иванова Анна Петровна",
                         "--admin", "Петрова Мария Ивановна", "--admin-phone", "8 916 123-45-67",
                         "--admin-email", "admin@school.ru", "--address", "г. Тула, ул. Мира, 1",
                         "--order-number", "58-р", "--order-date", "01.09.2026",
                         "--word", "unit=Учебная группа", "--word", "head_title=И.о. директора")
    assert (code, err) == (0, "") and "сохранена" in out
    code, out, _ = run(capsys, "--db", db, "org", "show", "--json")
    card = json.loads(out)
    assert code == 0
    assert {k: card[k] for k in ("full_name", "head_name", "admin_name", "admin_phone",
                                 "admin_email", "address", "admin_order_number",
                                 "admin_order_date")} == {
        "full_name": "МБОУ СОШ № 1", "head_name": "Иванова Анна Петровна",
        "admin_name": "Петрова Мария Ивановна", "admin_phone": "+79161234567",
        "admin_email": "admin@school.ru", "address": "г. Тула, ул. Мира, 1",
        "admin_order_number": "58-р", "admin_order_date": "2026-09-01"}
    assert card["vocabulary"]["unit"] == "Учебная группа"
    assert card["vocabulary"]["head_title"] == "И.о. директора"
    assert card["vocabulary"]["students"] == "Ученики"  # the kind's word stays
    # one field changed, the rest kept; an empty word returns the kind's word
    assert run(capsys, "--db", db, "org", "set", "--word", "unit=")[0] == 0
    card = json.loads(run(capsys, "--db", db, "org", "show", "--json")[1])
    assert card["vocabulary"]["unit"] == "Класс" and card["head_name"] == "Иванова Анна Петровна"


def test_org_set_fills_the_letterhead_requisites(db, capsys):
    code, _, err = run(capsys, "--db", db, "org", "set", "--place", "г. Тула",
                       "--phone", "+7 4872 12-34-56", "--email", "school@tula.ru",
                       "--inn", "7707083893", "--ogrn", "1027700132195")
    assert (code, err) == (0, "")
    card = json.loads(run(capsys, "--db", db, "org", "show", "--json")[1])
    assert (card["place"], card["email"], card["inn"], card["ogrn"]) == (
        "г. Тула", "school@tula.ru", "7707083893", "1027700132195")
    assert card["phone"]
    code, out, err = run(capsys, "--db", db, "org", "set", "--inn", "1234567890")
    assert code == 1 and out == "" and "ИНН" in err and err.count("\n") == 1


def test_org_set_refuses_bad_values_in_one_sentence(db, capsys):
    for args in (["--order-date", "32.13.2026"], ["--admin-email", "нет"], ["--word", "x=y"],
                 []):
        code, out, err = run(capsys, "--db", db, "org", "set", *args)
        assert code == 1 and out == "" and err.count("\n") == 1, args


@pytest.mark.parametrize("argv", [["stats"], ["stats", "--json"], ["list", "units"],
                                  ["coverage", "--json"], ["org", "show"],
                                  ["report", "--out", "r.pdf"], ["link", "list"],
                                  ["backup"], ["check"]])
def test_a_missing_database_is_refused_and_nothing_is_created(tmp_path, capsys, argv):
    missing = tmp_path / "typo" / "folder" / "school.sqlite3"
    code, out, err = run(capsys, "--db", missing, *argv)
    assert code == 1 and out == ""
    assert err == (f"Файл базы данных «{missing}» не найден: проверьте путь или создайте базу "
                   "командой init.\n")
    assert not (tmp_path / "typo").exists()
    assert list(tmp_path.iterdir()) == []


def test_init_still_creates_a_new_database(tmp_path, capsys):
    path = tmp_path / "new" / "school.sqlite3"
    assert run(capsys, "--db", path, "init", "--kind", "school", "--name", "Школа")[0] == 0
    assert path.exists()


@pytest.mark.parametrize("argv", [["--help"], ["link", "add", "--help"], ["org", "set", "-h"]])
def test_help_scaffolding_is_russian(capsys, argv):
    with pytest.raises(SystemExit) as done:
        run(capsys, *argv)
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("использование: sferum-desk")
    assert "параметры:" in out and "показать эту справку и выйти" in out
    for english in ("usage:", "options:", "show this help", "positional arguments"):
        assert english not in out
