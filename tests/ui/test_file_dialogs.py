"""File names the save dialogs suggest: safe on Windows, with the date."""

from __future__ import annotations

import datetime as dt

import pytest

from sferum_desk.ui.file_dialogs import safe_file_name, suggested_name


@pytest.mark.parametrize(("text", "safe"), [
    ('Лист / \\ : * ? " < > | конец', "Лист конец"),
    ("Приказ № 12/3-о.", "Приказ № 123-о"),
    ("Отчёт. ", "Отчёт"),
    ("Отчёт . . ", "Отчёт"),
    ("CON.pdf", "_CON.pdf"),
    ("a\tb\nc", "abc"),
    ("???", "файл"),
])
def test_characters_windows_refuses_are_removed(text, safe):
    assert safe_file_name(text) == safe


def test_a_suggested_name_carries_the_parts_and_the_date():
    day = dt.date(2026, 12, 2)
    assert suggested_name("Листовки", "1А", suffix=".pdf", day=day) == \
        "Листовки 1А 2026-12-02.pdf"
    assert suggested_name("Лист ознакомления", "Правила", "", suffix=".pdf", day=day) == \
        "Лист ознакомления Правила 2026-12-02.pdf"
    assert suggested_name("Карточки", "5/А:", "родители?", suffix=".pdf", day=day) == \
        "Карточки 5А родители 2026-12-02.pdf"
