"""«Кто вступил» from the platforms' member lists: matched as pasted names are, reviewed, and
the platform's user id kept so the next list matches exactly."""

from __future__ import annotations

import json

from cli_support import run as run_cli
from gui_support import click, use_settings_folder

from sferum_desk.services.invitations import MATCH_ALREADY, MATCH_AMBIGUOUS, MATCH_OK
from sferum_desk.ui import dialogs
from sferum_desk.ui.invitations import member_lists as member_list_import
from sferum_desk.ui.invitations.joined import JoinedNamesDialog

SFERUM_CSV = ("id,ФИО,Учебные заведения,Роли\n"
              "512345678,Иванова Анна,МБОУ СОШ № 1,Родитель\n"
              "612345679,Ким Ольга,МБОУ СОШ № 1,Родитель\n"
              "700000001,Незнакомова Жанна,МБОУ СОШ № 1,Родитель\n")


def max_json(*members) -> bytes:
    return json.dumps({"members": [
        {"user_id": uid, "first_name": first, "last_name": last, "is_bot": False,
         "last_activity_time": 1764500000000} for uid, first, last in members],
        "marker": None}, ensure_ascii=False).encode()


def statuses(review):
    return [(m.member.name, m.match.status, m.exact) for m in review.matches]


def test_csv_then_the_next_list_matches_by_id(roster, tmp_path):
    services, units = roster
    path = tmp_path / "output.csv"
    path.write_text(SFERUM_CSV, encoding="utf-8")
    review = services.member_lists.review_file(units["5А"], path)
    assert review.platform == "sferum"
    assert statuses(review) == [("Иванова Анна", MATCH_OK, False),
                                ("Ким Ольга", MATCH_OK, False),
                                ("Незнакомова Жанна", "unmatched", False)]
    sure = [m for m in review.matches if m.match.status == MATCH_OK]
    saved = services.member_lists.save(review.platform,
                                       [(m.member, m.match.person_id) for m in sure],
                                       [m.match.person_id for m in sure])
    assert (saved.joined, saved.accounts) == (2, 2)
    anna = sure[0].match.person_id

    # Next time she appears under a nickname: the kept id finds her exactly.
    path.write_text("id,ФИО,Роли\n512345678,Аня Солнышко,Родитель\n", encoding="utf-8")
    again = services.member_lists.review_file(units["5А"], path)
    assert statuses(again) == [("Аня Солнышко", MATCH_ALREADY, True)]
    assert again.matches[0].match.person_id == anna
    assert again.matches[0].match.candidates[0].full_name == "Иванова Анна Петровна"


def test_max_json_and_a_person_with_another_id(roster, tmp_path):
    services, units = roster
    first = tmp_path / "members.json"
    first.write_bytes(max_json((90001, "Анна", "Иванова")))
    review = services.member_lists.review_file(units["5А"], first)
    assert review.platform == "max" and statuses(review) == [
        ("Иванова Анна", MATCH_OK, False)]
    services.member_lists.save("max", [(review.matches[0].member,
                                        review.matches[0].match.person_id)], [])
    # Another MAX account with her name: not her for sure, so it waits for the user.
    first.write_bytes(max_json((90099, "Анна", "Иванова")))
    assert statuses(services.member_lists.review_file(units["5А"], first)) == [
        ("Иванова Анна", MATCH_AMBIGUOUS, False)]


def test_the_ids_go_with_the_person(roster, tmp_path, raw_sql):
    services, units = roster
    path = tmp_path / "m.json"
    path.write_bytes(max_json((90001, "Анна", "Иванова")))
    review = services.member_lists.review_file(units["5А"], path)
    pid = review.matches[0].match.person_id
    services.member_lists.save("max", [(review.matches[0].member, pid)], [pid])
    assert raw_sql("SELECT platform, user_id FROM platform_account") == [("max", "90001")]
    services.people.delete_person(pid)
    assert raw_sql("SELECT count(*) FROM platform_account")[0][0] == 0


def test_cli_joined_members_file(capsys, roster, db_path, tmp_path):
    services, _units = roster
    services.db.close()
    path = tmp_path / "output.csv"
    path.write_text(SFERUM_CSV, encoding="utf-8")
    code, out, err = run_cli(capsys, "--db", db_path, "joined", "--unit", "5А",
                             "--members-file", path, "--date", "01.10.2026")
    assert (code, err) == (0, "")
    assert "Отмечены вступившими: 2. Запомнены id платформы: 2." in out
    assert "Не найдены: 1." in out and "Незнакомова Жанна" in out
    code, out, _ = run_cli(capsys, "--db", db_path, "joined", "--unit", "5А",
                           "--members-file", path)
    assert "по id платформы 2" in out and "Уже были отмечены: 2." in out
    code, _, err = run_cli(capsys, "--db", db_path, "joined", "--unit", "5А",
                           "--members-file", tmp_path / "нет.json")
    assert code == 1 and "не найден" in err


def test_review_in_the_window_keeps_the_ids(qtbot, qapp, roster, tmp_path, monkeypatch):
    from sferum_desk.ui.app import make_application

    make_application()
    use_settings_folder(tmp_path / "settings")
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, text: errors.append(text))
    services, units = roster
    path = tmp_path / "members.json"
    path.write_bytes(max_json((90001, "Анна", "Иванова"), (90002, "Ольга", "Кмм")))
    monkeypatch.setattr(member_list_import, "ask_member_file", lambda _parent: path)
    dialog = JoinedNamesDialog(services, units["5А"], None, "5А")
    qtbot.addWidget(dialog)
    dialog.show()
    click(qtbot, dialog.member_file_button)
    assert not errors, errors
    assert [line.match.status for line in dialog.model.lines] == [MATCH_OK, MATCH_AMBIGUOUS]
    kim = dialog.model.lines[1].match.candidates[0]
    dialog.choose_row(1, kim.person_id)  # «Кто это»: Ким Ольга Борисовна
    assert dialog.save_button.text() == "Отметить вступившими: 2"
    with qtbot.waitSignal(dialog.saved):
        click(qtbot, dialog.save_button)
    path.write_bytes(max_json((90002, "Ольга", "К.")))
    again = services.member_lists.review_file(units["5А"], path)
    assert statuses(again) == [("К. Ольга", MATCH_ALREADY, True)]
    assert again.matches[0].match.person_id == kim.person_id
