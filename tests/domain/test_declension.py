"""Names in the case the sentence needs; the nominative whenever the gender is not certain."""

import pytest

from sferum_desk.domain.declension import (
    Case,
    decline_full_name,
    gender_of,
    is_declinable,
    past_tense_ending,
)


@pytest.mark.parametrize("name, case, expected", [
    ("Ефимова Алёна Викторовна", Case.ACCUSATIVE, "Ефимову Алёну Викторовну"),
    ("Королёва Фёкла Семёновна", Case.ACCUSATIVE, "Королёву Фёклу Семёновну"),
    ("Семёнов Пётр Ильич", Case.ACCUSATIVE, "Семёнова Петра Ильича"),
    ("Зайцева Мария Ильинична", Case.DATIVE, "Зайцевой Марии Ильиничне"),
    ("Константинопольская-Преображенская Василиса Александровна", Case.ACCUSATIVE,
     "Константинопольскую-Преображенскую Василису Александровну"),
    ("Черных Анна Ивановна", Case.GENITIVE, "Черных Анны Ивановны"),
    ("Мамедов Эльдар Рашид оглы", Case.ACCUSATIVE, "Мамедова Эльдара Рашид оглы"),
])
def test_declined_by_the_library(name, case, expected):
    assert decline_full_name(name, case) == expected


@pytest.mark.parametrize("name", ["Ким Лев", "Ким Саша", "Смирнова Женя", "Смит Джон Ivanovich",
                                  "Иванова"])
def test_no_certain_gender_keeps_the_nominative(name):
    # never from the surname or the first name: «Ким Саша» may be anyone
    assert decline_full_name(name, Case.ACCUSATIVE) == name
    assert not is_declinable(name)
    assert past_tense_ending(name) == "(а)"


def test_gender_only_from_the_patronymic():
    assert gender_of("Викторовна") == "female" and gender_of("Ильинична") == "female"
    assert gender_of("Петрович") == "male" and gender_of("Ильич") == "male"
    assert gender_of("Рашид кызы") == "female" and gender_of("Рашид оглы") == "male"
    assert gender_of("") == "" and gender_of("Джонсон") == ""
    assert past_tense_ending("Ёлкина Ольга Петровна") == "а"
