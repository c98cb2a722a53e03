"""Screen words and formats: the fast phone format equals phonenumbers' own."""

from __future__ import annotations

import random

from sferum_desk.domain.kinds import vocabulary_for
from sferum_desk.domain.phones import display_phone
from sferum_desk.ui.words import phone_text, role_title, short_name


def test_the_fast_mobile_format_is_the_phonenumbers_format():
    rng = random.Random(3)
    numbers = [f"+79{rng.randrange(10**9):09d}" for _ in range(300)]
    numbers += ["+74842123456", "+375291234567", "+79161234567", ""]
    for number in numbers:
        assert phone_text(number) == display_phone(number), number


def test_short_names_and_the_kinds_role_words():
    assert short_name("Иванова Анна Петровна") == "Иванова А. П."
    assert short_name("Ким Ли") == "Ким Л."
    assert short_name("Мононим") == "Мононим"
    assert role_title("teacher", vocabulary_for("kindergarten")) == "Педагогический работник"
    assert role_title("curator", vocabulary_for("school")) == "Классный руководитель"
    assert role_title("adviser", vocabulary_for("school")) == "Советник по воспитанию"
