"""Member lists as the platforms give them: the «Сферум» members exporter's CSV and the MAX
bot API's JSON, read into plain members."""

import json

import pytest

from sferum_desk.domain.errors import UserError
from sferum_desk.importers.member_lists import MAX, SFERUM, read_member_list

# As sferumChatMembers writes output.csv (go-pretty's CSV: a header, commas, quotes when
# needed; the organisations run together, the roles as one text).
SFERUM_CSV = (
    'id,ФИО,Учебные заведения,Роли\n'
    '512345678,Иванова Анна,"МБОУ ""СОШ № 1"", г. Тула",Родитель\n'
    '612345679,Ким Ольга,МБОУ СОШ № 1,Родитель\n'
    ',Безыдная Ирина,МБОУ СОШ № 1,Родитель\n'
    '712345670,Петрова Ольга,МБОУ СОШ № 1,"Учитель, Классный руководитель"\n'
    '512345678,Иванова Анна,МБОУ СОШ № 1,Родитель\n'
)

MAX_PAGE = {
    "members": [
        {"user_id": 90001, "first_name": "Анна", "last_name": "Иванова", "username": None,
         "is_bot": False, "last_activity_time": 1764500000000, "is_owner": False,
         "is_admin": False, "join_time": 1764400000000, "last_access_time": 1764500000000},
        {"user_id": 90002, "first_name": "Ольга Ким", "last_name": None, "is_bot": False,
         "last_activity_time": 1764500000000},
        {"user_id": 90003, "first_name": "Школьный бот", "is_bot": True},
        {"user_id": 90004, "name": "Фёдорова Мария", "is_bot": False},
        {"first_name": "Без Идентификатора", "is_bot": False},
    ],
    "marker": None,
}


def test_sferum_exporter_csv():
    members = read_member_list(SFERUM_CSV.encode("utf-8"), "output.csv")
    assert members.platform == SFERUM
    assert [(m.user_id, m.name, m.role) for m in members.members] == [
        ("512345678", "Иванова Анна", "Родитель"), ("612345679", "Ким Ольга", "Родитель"),
        ("712345670", "Петрова Ольга", "Учитель, Классный руководитель")]
    assert members.members[0].organisation == 'МБОУ "СОШ № 1", г. Тула'
    assert members.skipped == ((4, "нет id"),)


def test_the_same_csv_saved_again_by_excel(tmp_path):
    text = SFERUM_CSV.replace(",", ";").replace('""СОШ № 1""; г. Тула', 'СОШ № 1')
    path = tmp_path / "участники.csv"
    path.write_bytes(text.encode("cp1251"))
    members = read_member_list(path)
    assert [m.name for m in members.members][:2] == ["Иванова Анна", "Ким Ольга"]


def test_max_bot_api_members():
    members = read_member_list(json.dumps(MAX_PAGE, ensure_ascii=False).encode(), "m.json")
    assert members.platform == MAX
    assert [(m.user_id, m.name) for m in members.members] == [
        ("90001", "Иванова Анна"), ("90002", "Ольга Ким"), ("90004", "Фёдорова Мария")]
    assert members.members[0].last_activity is not None
    assert members.skipped == ((5, "нет user_id"),)  # the bot is left out silently


def test_max_pages_and_a_bare_list():
    second = {"members": [{"user_id": 90005, "first_name": "Лев", "last_name": "Ким"},
                          MAX_PAGE["members"][0]], "marker": None}
    pages = json.dumps([MAX_PAGE, second]).encode()
    assert [m.user_id for m in read_member_list(pages).members] == [
        "90001", "90002", "90004", "90005"]
    bare = json.dumps(MAX_PAGE["members"][:2]).encode()
    assert len(read_member_list(bare).members) == 2


@pytest.mark.parametrize("data, words", [
    (b"{broken", "JSON"),
    (b'{"chats": []}', "members"),
    ("Иванова Анна\nКим Ольга\n".encode(), "id и ФИО"),
    (b"   ", "пуст"),
])
def test_what_is_not_a_member_list_is_one_sentence(data, words):
    with pytest.raises(UserError, match=words):
        read_member_list(data, "x")
