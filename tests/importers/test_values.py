"""Value parsers: exact answers for the usual spellings, and properties for any input —
they never crash (only a UserError) and never invent data."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sferum_desk.domain.errors import UserError
from sferum_desk.domain.names import _SPACES, clean_text, fold
from sferum_desk.domain.phones import normalise_phone
from sferum_desk.importers.values import (
    _fast_mobile, birth_date_value, first_phone, name_from_text, phone_value, unit_value,
)

TODAY = dt.date(2026, 9, 1)


@pytest.mark.parametrize("raw", ["89161234567", "8 916 123-45-67", "+7 (916) 123-45-67",
                                 "8-916-123-45-67", "9161234567", 89161234567.0,
                                 "7 916 1234567", "+79161234567", 9161234567])
def test_phone_spellings(raw):
    assert phone_value(raw) == "+79161234567"


def test_landline_and_bad_phones():
    assert phone_value("8 (4842) 57-00-00") == "+74842570000"
    for bad in ("123", "8 800", "телефон нет", "+7 930 000 00 00"):
        with pytest.raises(UserError):
            phone_value(bad)


def test_two_numbers_in_one_cell_keep_the_first():
    assert first_phone("8 916 111-22-33, 8 903 444-55-66") == ("+79161112233", True)
    assert first_phone("8 916 111-22-33") == ("+79161112233", False)


@pytest.mark.parametrize("raw, expected", [
    (dt.date(2015, 3, 4), dt.date(2015, 3, 4)), (dt.datetime(2015, 3, 4), dt.date(2015, 3, 4)),
    ("04.03.2015", dt.date(2015, 3, 4)), ("4.3.2015", dt.date(2015, 3, 4)),
    ("04.03.15", dt.date(2015, 3, 4)), ("04.03.85", dt.date(1985, 3, 4)),
    ("2015-03-04", dt.date(2015, 3, 4)), ("04.03.2015 0:00:00", dt.date(2015, 3, 4)),
    (42067.0, dt.date(2015, 3, 4)), ("", None), (None, None)])
def test_date_spellings(raw, expected):
    assert birth_date_value(raw, TODAY) == expected


@pytest.mark.parametrize("raw", ["2015", 2015, 2015.0, "31.02.2015", "завтра", "04.03.2030",
                                 True, 5])
def test_not_dates(raw):
    with pytest.raises(UserError):
        birth_date_value(raw, TODAY)


@pytest.mark.parametrize("raw, unit", [("5 а", "5А"), ("5а класс", "5А"), ("11-Б", "11Б"),
                                       ("Группа «Ромашка»", "Ромашка"), ("Солнышко", "Солнышко"),
                                       (11.0, "11")])
def test_unit_names(raw, unit):
    assert unit_value(raw) == unit


# ---- properties ---------------------------------------------------------------------------
CYRILLIC = st.characters(min_codepoint=0x0401, max_codepoint=0x0451)
NAMEISH = st.text(alphabet=st.one_of(CYRILLIC, st.sampled_from(" -.'\u00a0\tABCxyz0123,")),
                  max_size=40)
PHONEISH = st.text(alphabet=st.sampled_from("0123456789 +-().,;/и"), max_size=30)


def _slow_clean(value) -> str:
    text = unicodedata.normalize("NFC", str(value or ""))
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return _SPACES.sub(" ", text).strip()


@given(st.text(max_size=60))
def test_clean_text_fast_path_equals_the_full_one(text):
    assert clean_text(text) == _slow_clean(text)


@given(st.one_of(NAMEISH, st.text(max_size=30)))
@settings(max_examples=300)
def test_names_never_crash_and_never_invent(text):
    try:
        name = name_from_text(text)
    except UserError:
        return
    source_words = set(fold(text.replace(",", " ")).split())
    for part in (name.last, name.first, *name.patronymic.split()):
        assert fold(part) in source_words  # every part is a word the user typed
    assert name.last and name.first


@given(st.one_of(PHONEISH, st.integers(min_value=0, max_value=10**12),
                 st.floats(allow_nan=True), st.text(max_size=20)))
@settings(max_examples=300)
def test_phones_never_crash_and_never_invent(value):
    try:
        phone, _ = first_phone(value)
    except UserError:
        return
    if not phone:
        return
    assert re.fullmatch(r"\+\d{7,15}", phone)  # E.164: +252 100000 is Somalia's
    typed = re.sub(r"\D", "", str(int(value)) if isinstance(value, float) else str(value))
    assert phone[-10:] in typed  # the national number is digits the user typed


@given(PHONEISH)
@settings(max_examples=500)
def test_fast_mobile_path_agrees_with_the_domain_parser(text):
    fast = _fast_mobile(text.strip())
    if fast is not None:
        assert normalise_phone(text.strip()) == fast


@given(st.integers(min_value=9_000_000_000, max_value=9_999_999_999))
def test_every_russian_mobile_number_takes_the_same_answer(number):
    try:
        slow = normalise_phone(f"8{number}")
    except UserError:
        slow = None
    fast = _fast_mobile(f"8{number}")
    assert fast == slow


@given(st.one_of(st.text(max_size=25), st.integers(), st.floats(allow_nan=True),
                 st.dates(), st.datetimes(), st.booleans(), st.none()))
@settings(max_examples=300)
def test_dates_never_crash_and_never_invent(value):
    try:
        born = birth_date_value(value, TODAY)
    except UserError:
        return
    if born is None:
        assert value in (None, "") or (isinstance(value, str) and not value.strip())
        return
    assert dt.date(1900, 1, 1) <= born <= TODAY
    if isinstance(value, str):
        numbers = [int(n) for n in re.findall(r"\d+", value)]
        assert born.day in numbers and born.month in numbers
        assert born.year in numbers or born.year % 100 in numbers


def test_values_longer_than_their_columns():
    with pytest.raises(UserError, match="(?i)слишком длинн"):
        name_from_text("Иванов " + "И" * 101)
    assert len(unit_value("Ромашка" * 30)) == 100
