"""The appointment order, the registration letter, the .eml draft and the status."""

import email
import io
from email import policy

import pypdf
import pytest

from sferum_desk.domain.errors import UserError
from sferum_desk.services.dto import OrganizationData, StaffInput


@pytest.fixture
def card(services):
    services.organization.save(OrganizationData(
        kind="kindergarten", full_name="МДОБУ «Детский сад № 27 «Дюймовочка»",
        short_name="МДОБУ д/с № 27", address="692337, Приморский край, г. Арсеньев, ул. "
        "Ленинская, д. 1", head_name="Гилязиева Наиля Ахатовна",
        admin_name="Ёлкина Ольга Петровна", admin_phone="89165554433",
        admin_email="elkina@ds27.ru", admin_order_number="58-р",
        admin_order_date="20.06.2023"))
    services.people.save_staff(StaffInput("Ёлкина Ольга Петровна", "Старший воспитатель"))
    return services


def text_of(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            assert "/FontFile2" in font.get_object()["/FontDescriptor"].get_object()
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(value: str) -> str:
    return " ".join(value.split())


def test_order_names_the_administrator_and_has_the_heads_signature(card):
    text = flat(text_of(card.registration.order_pdf()))
    assert "П Р И К А З" in text and "№ 58-р" in text and "«20» июня 2023 г." in text
    assert "О назначении администратора" in text
    # #16: the name in the accusative the sentence needs (the gender from the patronymic)
    assert "Назначить администратором платформы Ёлкину Ольгу Петровну (старший воспитатель)" \
        in text
    assert "Заведующий" in text and "Н.А. Гилязиева" in text
    assert "С приказом ознакомлена" in text and "О.П. Ёлкина" in text


def test_letter_on_letterhead_with_login_phone_and_stamp_place(card):
    text = flat(text_of(card.registration.letter_pdf()))
    assert text.startswith("МДОБУ «Детский сад № 27 «Дюймовочка»")
    assert "г. Арсеньев" in text and "info@sferum.ru" in text
    assert "+7 916 555-44-33" in text and "elkina@ds27.ru" in text
    assert "Ёлкина Ольга Петровна" in text and "приказом № 58-р от 20.06.2023" in text
    assert "организацию: МДОБУ «Детский сад № 27 «Дюймовочка»." in text
    assert "М.П." in text and "Н.А. Гилязиева" in text


def test_eml_is_a_draft_with_the_letter_and_the_order(card, tmp_path):
    path = card.registration.save_email(tmp_path / "registration.eml")
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert message["Subject"] == "СФЕРУМ:Регистрация организации"
    assert message["To"] == "info@sferum.ru" and message["X-Unsent"] == "1"
    assert message["From"] == "elkina@ds27.ru"
    body = message.get_body(("plain",)).get_content()
    assert "Ёлкина Ольга Петровна" in body and "+7 916 555-44-33" in body
    files = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
    assert set(files) == {"Письмо о регистрации организации.pdf",
                          "Приказ о назначении администратора.pdf"}
    assert all(content.startswith(b"%PDF") for content in files.values())
    assert b"\r\n" in path.read_bytes()
    assert card.registration.status().status == "prepared"


def test_status_history(card):
    assert card.registration.status().title == "Заявка ещё не подготовлена"
    card.registration.set_status("sent", "21.06.2023")
    status = card.registration.set_status("registered", "30.06.2023")
    assert status.title == "Организация зарегистрирована"
    assert [s for s, _ in card.registration.status().history] == ["sent", "registered"]
    with pytest.raises(UserError):
        card.registration.set_status("lost")


def test_missing_card_fields_are_named_and_nothing_written(services, tmp_path):
    services.organization.save(OrganizationData(kind="school", full_name="МБОУ «СОШ № 1»"))
    with pytest.raises(UserError, match="ФИО руководителя, ФИО администратора, мобильный"):
        services.registration.save_email(tmp_path / "x.eml")
    assert not (tmp_path / "x.eml").exists()
    assert services.registration.status().status == ""
