"""What the fuzz tests found, pinned down so it stays fixed."""

from __future__ import annotations

import pytest

from sferum_desk.cli import main
from sferum_desk.domain.contacts import normalise_email
from sferum_desk.domain.errors import UserError
from sferum_desk.importers.reader import read_csv_rows
from sferum_desk.services.dto import StaffInput


def test_a_csv_with_an_unclosed_quote_is_a_sentence():
    data = ('ФИО;Класс\n"Иванова Анна;5А\n' + "я" * 200_000).encode("utf-8")
    with pytest.raises(UserError, match="незакрытая кавычка"):
        read_csv_rows(data)


def test_superscript_digits_in_a_unit_name(school):
    school.structure.create_unit("²А")  # str.isdigit() says yes, int() says no
    school.structure.create_unit("10Б")
    assert [u.name for u in school.structure.list_units()][-2:] == ["10Б", "²А"]


def test_a_names_file_that_is_not_text(school, db_path, tmp_path, capsys):
    from sferum_desk.services.acknowledgements import ActInput

    school.people.save_staff(StaffInput("Иванова Анна Петровна"))
    act = school.acknowledgements.add_act(ActInput("Положение", "О чатах"))
    names = tmp_path / "имена.txt"
    names.write_bytes(b"\x98\x98\x81\xff")  # neither UTF-8 nor Windows-1251
    assert main(["--db", str(db_path), "signed", "--act", str(act.id), "--names-file",
                 str(names)]) == 1
    assert "не текстовый список" in capsys.readouterr().err


def test_erase_after_a_million_days(school, db_path, capsys):
    assert main(["--db", str(db_path), "erase-left", "--days", "1000000", "--yes"]) == 1
    assert "стирать нечего" in capsys.readouterr().err


@pytest.mark.parametrize("text", ["mama\u202e@school.ru", "mama\x00@school.ru",
                                  "\U000e0001a@b.ru", "a@b.ru" * 100])
def test_e_mails_with_invisible_characters_are_refused(text):
    with pytest.raises(UserError) as info:
        normalise_email(text)
    assert info.value.message.isprintable() and len(info.value.message) < 200


def test_a_message_never_carries_a_page_of_input():
    error = UserError(f"«{'Щ' * 20_000}\u202e\x00» не похоже на имя: оставьте только буквы.")
    assert len(error.message) < 300 and error.message.isprintable()
    assert error.message.endswith("» не похоже на имя: оставьте только буквы.")
    path = "/media/флешка/Документы/Школа № 1/" + "база" * 20 + ".sqlite3"
    assert path in UserError(f"Файл «{path}» недоступен: подключите диск.").message


def test_a_person_named_by_a_page_of_text_is_not_found(school, db_path, capsys):
    """Over 50 000 bytes SQLite refuses a LIKE pattern: such a «name» is simply no one's."""
    school.people.save_staff(StaffInput("Иванова Анна Петровна"))  # a row to compare with
    assert main(["--db", str(db_path), "leave", "--person", "ё🏫" * 8334]) == 1
    assert "не найден" in capsys.readouterr().err


@pytest.mark.sqlite_only  # `restore` works on a database file; a server's is the admin's
def test_restore_from_a_name_no_file_can_have(school, db_path, tmp_path, capsys):
    """A lone surrogate in the backup's name: resolve() raised UnicodeEncodeError (exit 3)."""
    assert main(["--db", str(db_path), "restore", str(tmp_path / "f\ud800.pdf")]) == 1
    assert "Резервной копии" in capsys.readouterr().err


@pytest.mark.sqlite_only  # a file target; a server URL is never a file name
def test_copy_to_a_name_no_file_can_have(school, db_path, tmp_path, capsys):
    """A lone surrogate in copy-to's target: sqlite3.connect raised UnicodeEncodeError (exit 3)."""
    assert main(["--db", str(db_path), "copy-to", str(tmp_path / "f\udcff.sqlite3")]) == 1
    assert "нельзя записать на диск" in capsys.readouterr().err
