import pytest
from hypothesis import given, strategies as st

from sferum_desk.domain.errors import UserError
from sferum_desk.domain.names import (
    FullName, clean_text, fold, name_from_parts, parse_full_name, sort_key,
)


def test_splits_three_parts_and_fixes_case():
    assert parse_full_name("  ИВАНОВА   анна\u00a0петровна ") == FullName("Иванова", "Анна",
                                                                         "Петровна")


def test_double_surname_and_two_word_patronymic():
    name = parse_full_name("Петрова-Водкина Мария Ахмед кызы")
    assert name == FullName("Петрова-Водкина", "Мария", "Ахмед кызы")  # issue 12: «кызы» lower


def test_keeps_mixed_case_as_typed():
    assert parse_full_name("МакДональд Джон").last == "МакДональд"


@pytest.mark.parametrize("bad", ["", "   ", "Иванов", "Иванов 123", "Иванов @@"])
def test_refuses_non_names_with_russian_message(bad):
    with pytest.raises(UserError) as info:
        parse_full_name(bad)
    assert info.value.field == "full_name"
    assert any("а" <= ch <= "я" for ch in info.value.message)


def test_three_fields_and_whole_name_typed_into_surname():
    assert name_from_parts("Сидоров", "Пётр", "") == FullName("Сидоров", "Пётр", "")
    assert name_from_parts("Сидоров Пётр Ильич", "", "") == FullName("Сидоров", "Пётр", "Ильич")


def test_short_form_for_signatures():
    assert FullName("Иванова", "Анна", "Петровна").short == "Иванова А. П."


def test_fold_treats_yo_as_ye_and_ignores_case_and_spaces():
    assert fold(" СЕМЁНОВ  иван ") == fold("семенов Иван") == "семенов иван"


def test_russian_order_sorts_yo_as_ye_not_after_ya():
    names = ["Жуков", "Ёлкин", "Елисеев", "Яковлев", "Ёжиков", "Ежов"]
    assert sorted(names, key=sort_key) == ["Ёжиков", "Ежов", "Елисеев", "Ёлкин", "Жуков",
                                           "Яковлев"]


def test_yo_follows_ye_on_a_tie():
    assert sorted(["Семёнов", "Семенов", "Семенова"], key=sort_key) == [
        "Семенов", "Семёнов", "Семенова"]


@given(st.text())
def test_parser_never_crashes_and_never_invents_letters(text):
    try:
        name = parse_full_name(text)
    except UserError:
        return
    letters_in = sorted(ch.lower() for ch in clean_text(text) if ch.isalpha())
    letters_out = sorted(ch.lower() for ch in name.full if ch.isalpha())
    assert letters_in == letters_out
