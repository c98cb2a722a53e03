import datetime as dt

import pytest
from hypothesis import given, strategies as st

from sferum_desk.domain.contacts import normalise_email
from sferum_desk.domain.dates import format_date, parse_birth_date, parse_date
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.phones import display_phone, normalise_phone


@pytest.mark.parametrize("typed", [
    "89161234567", "8 (916) 123-45-67", "+7 (916) 123-45-67", "8-916-123-45-67",
    "9161234567", "+79161234567", 89161234567, 89161234567.0, "7 916 123 45 67",
])
def test_every_russian_format_becomes_e164(typed):
    assert normalise_phone(typed) == "+79161234567"


def test_landline_with_city_code():
    assert normalise_phone("8 (4842) 56-78-90") == "+74842567890"


@pytest.mark.parametrize("bad", ["12345", "телефон", "8916123456789", "+7 000 000 00 00"])
def test_non_phones_are_refused_in_russian(bad):
    with pytest.raises(UserError) as info:
        normalise_phone(bad)
    assert info.value.field == "phone"


def test_empty_phone_is_empty():
    assert normalise_phone("  ") == "" and normalise_phone(None) == ""


def test_display_phone():
    assert display_phone("+79161234567") == "+7 916 123-45-67"


@given(st.one_of(st.text(), st.integers(), st.floats(allow_nan=True)))
def test_phone_parser_never_crashes_and_only_returns_e164(value):
    try:
        result = normalise_phone(value)
    except UserError:
        return
    assert result == "" or (result.startswith("+") and result[1:].isdigit())


@pytest.mark.parametrize("typed, expected", [
    ("01.09.2026", dt.date(2026, 9, 1)), ("1.9.2026", dt.date(2026, 9, 1)),
    ("01.09.26", dt.date(2026, 9, 1)), ("2026-09-01", dt.date(2026, 9, 1)),
    (46266, dt.date(2026, 9, 1)), (dt.datetime(2026, 9, 1, 0, 0), dt.date(2026, 9, 1)),
    ("01.09.2026 г.", dt.date(2026, 9, 1)), ("", None), (None, None),
])
def test_dates_as_typed(typed, expected):
    assert parse_date(typed, today=dt.date(2026, 11, 25)) == expected


def test_two_digit_birth_year_is_never_in_the_future():
    assert parse_date("03.04.85", today=dt.date(2026, 11, 25)) == dt.date(1985, 4, 3)


@pytest.mark.parametrize("bad", ["31.02.2020", "завтра", "2020", "13.13.2013"])
def test_non_dates_are_refused(bad):
    with pytest.raises(UserError):
        parse_date(bad)


def test_birth_date_in_future_is_refused():
    with pytest.raises(UserError) as info:
        parse_birth_date("01.01.2099", today=dt.date(2026, 11, 25))
    assert info.value.field == "birth_date"


def test_format_date():
    assert format_date(dt.date(2026, 9, 1)) == "01.09.2026" and format_date(None) == ""


@given(st.one_of(st.text(), st.integers(), st.floats(allow_nan=True)))
def test_date_parser_never_crashes(value):
    try:
        parse_date(value)
    except UserError:
        pass


def test_email():
    assert normalise_email(" Ivanova@Mail.RU ") == "ivanova@mail.ru"
    with pytest.raises(UserError):
        normalise_email("ivanova@")


def test_display_of_russian_mobiles_matches_phonenumbers():
    import phonenumbers

    from sferum_desk.domain.phones import display_phone

    for number in ("+79161234567", "+79001112233", "+79999999999", "+79501234500"):
        expected = phonenumbers.format_number(phonenumbers.parse(number, None),
                                              phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        assert display_phone(number) == expected
    assert display_phone("+74951234567") == "+7 495 123-45-67"
