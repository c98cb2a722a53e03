"""The CLI contract: exit codes, one Russian sentence on refusal, no file written."""

from __future__ import annotations

import json

import pytest
from inv_helpers import URL_5A, URL_5B, decode_pages, pdf_text

from cli_support import run

from sferum_desk.cli import main


@pytest.fixture
def db(roster, db_path):
    return db_path


def test_link_add_list_annul(capsys, db):
    code, out, _ = run(capsys, "--db", db, "link", "add", "--unit", "5а", "--audience",
                       "parents", "--url", URL_5A, "--valid-until", "31.12.2099")
    assert code == 0 and "«5А»" in out
    code, out, _ = run(capsys, "--db", db, "link", "list", "--json")
    [link] = json.loads(out)
    assert {k: link[k] for k in ("unit", "audience", "url", "status", "valid_until")} == {
        "unit": "5А", "audience": "parents", "url": URL_5A, "status": "active",
        "valid_until": "2099-12-31"}
    code, out, _ = run(capsys, "--db", db, "link", "annul", "--unit", "5А", "--audience",
                       "parents")
    assert code == 0
    code, out, _ = run(capsys, "--db", db, "link", "list", "--json")
    assert json.loads(out)[0]["status"] == "annulled"


@pytest.mark.parametrize("argv, words", [
    (["link", "add", "--unit", "7В", "--audience", "parents", "--url", URL_5A], "«7В» нет"),
    (["link", "add", "--unit", "5А", "--audience", "parents", "--url", "http://vk.me/x"],
     "https://"),
    (["link", "add", "--unit", "5А", "--audience", "parents", "--url", "https://x.example/1"],
     "подтвердите"),
    (["link", "annul", "--unit", "5А", "--audience", "parents"], "нет неаннулированных"),
])
def test_refusals_exit_1_with_one_sentence(capsys, db, argv, words):
    code, out, err = run(capsys, "--db", db, *argv)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and words in err


def test_unknown_domain_can_be_confirmed(capsys, db):
    code, _, _ = run(capsys, "--db", db, "link", "add", "--unit", "5А", "--audience",
                     "parents", "--url", "https://x.example/1", "--unknown-domain-ok")
    assert code == 0


def test_slips_named_and_blank(capsys, db, tmp_path):
    run(capsys, "--db", db, "link", "add", "--unit", "5А", "--audience", "parents",
        "--url", URL_5A)
    run(capsys, "--db", db, "link", "add", "--unit", "5Б", "--audience", "parents",
        "--url", URL_5B)
    out_file = tmp_path / "slips.pdf"
    code, out, err = run(capsys, "--db", db, "slips", "--unit", "5А", "--unit", "5Б",
                         "--audience", "parents", "--named", "--per-page", "4",
                         "--out", out_file)
    assert code == 0, err
    assert "Карточек: 6, листов: 2" in out
    pdf = out_file.read_bytes()
    assert "Фёдорова Мария Ильинична" in pdf_text(pdf)
    codes = sorted(t for page in decode_pages(pdf) for t, _ in page)
    assert codes == sorted([URL_5A] * 4 + [URL_5B] * 2)
    poster = tmp_path / "door.pdf"
    code, out, _ = run(capsys, "--db", db, "slips", "--unit", "5Б", "--audience", "parents",
                       "--blank", "1", "--poster", "--out", poster)
    assert code == 0 and [t for t, _ in decode_pages(poster.read_bytes(), 100)[0]] == [URL_5B]


def test_slips_refused_for_an_annulled_link_write_no_file(capsys, db, tmp_path):
    run(capsys, "--db", db, "link", "add", "--unit", "5А", "--audience", "parents",
        "--url", URL_5A)
    run(capsys, "--db", db, "link", "annul", "--unit", "5А", "--audience", "parents")
    out_file = tmp_path / "slips.pdf"
    for argv in (["--named"], ["--blank", "3"], ["--blank", "1", "--poster"]):
        code, out, err = run(capsys, "--db", db, "slips", "--unit", "5А", "--audience",
                             "parents", *argv, "--out", out_file)
        assert code == 1 and out == "" and "аннулирована" in err and err.count("\n") == 1
    code, _, err = run(capsys, "--db", db, "slips", "--unit", "9Я", "--audience", "parents",
                       "--named", "--out", out_file)
    assert code == 1 and "«9Я» нет" in err
    assert not list(tmp_path.glob("*.pdf*"))


def test_slips_usage_errors_exit_2(capsys, db, tmp_path):
    for argv in (["--named", "--blank", "2"], [], ["--named", "--per-page", "3"]):
        with pytest.raises(SystemExit) as info:
            main(["--db", str(db), "slips", "--unit", "5А", "--audience", "parents", *argv,
                  "--out", str(tmp_path / "x.pdf")])
        assert info.value.code == 2
    capsys.readouterr()


def test_joined_from_a_names_file(capsys, db, tmp_path):
    names = tmp_path / "members.txt"
    names.write_text("Иванова Анна\tРодитель\nКмм Ольга\nСидоров Пётр\n", encoding="utf-8")
    code, out, _ = run(capsys, "--db", db, "joined", "--unit", "5А", "--names-file", names,
                       "--date", "20.11.2025")
    assert code == 0
    assert "Отмечены вступившими: 1." in out
    assert "Нужно проверить" in out and "Ким Ольга Борисовна?" in out
    assert "Не найдены: 1." in out and "Сидоров Пётр" in out
    code, _, err = run(capsys, "--db", db, "joined", "--unit", "5А", "--names-file",
                       tmp_path / "none.txt")
    assert code == 1 and "не найден" in err


def test_handed_out_by_batch_by_unit_and_by_person(capsys, db, tmp_path):
    run(capsys, "--db", db, "link", "add", "--unit", "5А", "--audience", "parents",
        "--url", URL_5A)
    code, out, _ = run(capsys, "--db", db, "slips", "--unit", "5А", "--audience", "parents",
                       "--named", "--out", tmp_path / "a.pdf")
    assert code == 0 and "Партия:" in out
    [batch] = json.loads(run(capsys, "--db", db, "batches", "--json")[1])
    assert batch["handed_out"] == 0 and batch["slips"] > 2
    code, out, _ = run(capsys, "--db", db, "handed", "--batch", batch["batch"], "--date",
                       "05.10.2026")
    assert code == 0 and f"Отмечены выданными: {batch['slips']}." in out
    assert json.loads(run(capsys, "--db", db, "batches", "--json")[1])[0]["handed_out"] == \
        batch["slips"]
    parents = json.loads(run(capsys, "--db", db, "list", "guardians", "--json")[1])
    first = next(p["id"] for p in parents if any(c["unit"] == "5А" for c in p["children"]))
    code, out, _ = run(capsys, "--db", db, "handed", "--unit", "5А", "--person-id", first,
                       "--undo")
    assert code == 0 and "Снята отметка «выдана»: 1." in out
    code, out, _ = run(capsys, "--db", db, "handed", "--unit", "5А")
    assert code == 0 and "Отмечены выданными: 1." in out
    code, out, err = run(capsys, "--db", db, "handed", "--unit", "5А")
    assert code == 1 and "нет невыданных" in err
    code, _, err = run(capsys, "--db", db, "handed", "--batch", "nope")
    assert code == 1 and "sferum-desk batches" in err
