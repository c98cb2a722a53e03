"""Slips: every layout decodes to its link, names and link are real text, and only active
links ever reach paper."""

from __future__ import annotations

import datetime as dt

import pytest
from inv_helpers import (
    CLASS_5A,
    TODAY,
    URL_5A,
    URL_5B,
    URL_STAFF,
    decode_pages,
    font_descriptors_embedded,
    pdf_text,
)
from sqlalchemy import func, select

from sferum_desk.db.models import Slip
from sferum_desk.domain.errors import UserError
from sferum_desk.printing.slips import (
    LAYOUTS,
    SlipData,
    SlipsCancelled,
    SlipSheet,
    render_slips,
    steps_for,
)
from sferum_desk.services.invitations import (
    HANDED_OUT, JOINED, NO_SLIP, PRINTED, STALE, SlipRequest,
)

SHEET = SlipSheet("МБОУ «СОШ № 1»", "Петрова Ольга Игоревна", "+7 916 123-45-67",
                  dt.date(2025, 11, 25))
URLS = [URL_5A, URL_5B, URL_STAFF]
NAMES = ["Иванова Анна Петровна", "Соловьёва Елена Викторовна", "Ким Ольга Борисовна",
         "Константинопольская-Преображенская Василиса Александровна", "Фёдоров Пётр",
         "Ёлкина Ирина Львовна", "Орлов Олег Николаевич", "Семёнов Пётр Ильич",
         "Зайцева Мария Ильинична", "Яковлев Юрий"]


def _slips(count: int) -> list[SlipData]:
    return [SlipData(URLS[i % 3], "Класс 5А", "parents", "Родители", NAMES[i % len(NAMES)],
                     "ребёнок: Иванов Максим") for i in range(count)]


def _slip_count(services) -> int:
    with services.db.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(Slip))


@pytest.mark.parametrize("per_page", sorted(LAYOUTS))
def test_every_qr_decodes_to_its_link_at_every_layout(per_page):
    slips = _slips(per_page + 1)  # a full page and one more
    pdf = render_slips(slips, SHEET, per_page=per_page)
    pages = decode_pages(pdf)
    assert len(pages) == 2
    expected = [[s.url for s in slips[:per_page]], [slips[-1].url]]
    assert [sorted(text for text, _ in page) for page in pages] == [sorted(e) for e in expected]
    assert min(size for page in pages for _, size in page) >= 24  # mm: scans from paper
    text = pdf_text(pdf)
    for slip in slips:
        assert slip.person_name in text
    assert URL_5A in text and "а не на телефоне ребёнка" in text


def test_the_poster_is_one_big_slip_per_page():
    slips = [SlipData(URL_5B, "Группа «Ромашка»", "parents", "Родители"),
             SlipData(URL_STAFF, "Учительская", "staff", "Сотрудники")]
    pdf = render_slips(slips, SHEET, poster=True)
    pages = decode_pages(pdf, dpi=100)
    assert [[text for text, _ in page] for page in pages] == [[URL_5B], [URL_STAFF]]
    assert pages[0][0][1] > 80  # mm
    text = pdf_text(pdf)
    assert "Вступайте в «Сферум»" in text and URL_5B in text and "Группа «Ромашка»" in text


def test_start_position_skips_used_cells():
    pdf = render_slips(_slips(3), SHEET, per_page=4, start_position=3)
    pages = decode_pages(pdf)
    assert [len(page) for page in pages] == [2, 1]


def test_fonts_are_embedded_and_no_helvetica():
    pdf = render_slips(_slips(2), SHEET, per_page=2)
    fonts = font_descriptors_embedded(pdf)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert b"Helvetica" not in pdf


def test_qr_is_a_vector_drawn_once_per_link():
    pdf = render_slips(_slips(9), SHEET, per_page=8)
    assert b"/Subtype /Image" not in pdf  # no raster anywhere
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdf))
    forms = set()
    for page in reader.pages:
        for name, xobject in page["/Resources"]["/XObject"].items():
            if ".qr" in name:  # the repeated text is drawn once as forms too (#17)
                forms.add(xobject.idnum)
    assert len(forms) == 3  # three links, three forms shared by both pages


def test_steps_tell_parents_to_use_their_own_phone():
    assert "на своём телефоне, а не на телефоне ребёнка" in steps_for("parents")[1]
    assert "ребёнка" not in " ".join(steps_for("staff"))


# ---- through the service ------------------------------------------------------------------
def test_named_slips_for_a_class_record_a_slip_per_parent(linked, tmp_path):
    services, units = linked
    out = tmp_path / "5А.pdf"
    result = services.invitations.print_slips(
        SlipRequest([units["5А"]], "parents", per_page=4), out, today=TODAY)
    parents = [p for _, ps in CLASS_5A for p in ps]
    assert (result.slips, result.pages, result.skipped_joined) == (4, 1, 0)
    pdf = out.read_bytes()
    text = pdf_text(pdf)
    for name in parents:
        assert name in text
    assert "ребёнок: Иванов Максим" in text and "МБОУ «СОШ № 1»" in text
    assert "+7 916 123-45-67" in text and "25.11.2025" in text and "Класс 5А" in text
    assert [t for page in decode_pages(pdf) for t, _ in page] == [URL_5A] * 4
    people = services.invitations.audience_people(units["5А"], "parents")
    assert {p.status for p in people} == {PRINTED}
    assert _slip_count(services) == 4
    assert [b.slips for b in services.invitations.list_batches()] == [4]


def test_staff_and_two_units_in_one_run(linked, tmp_path):
    services, units = linked
    services.invitations.print_slips(SlipRequest([units["staff"]], "staff", per_page=8),
                                     tmp_path / "staff.pdf", today=TODAY)
    text = pdf_text((tmp_path / "staff.pdf").read_bytes())
    assert "Ёлкина Ирина Львовна" in text and "Педагог-психолог" in text
    result = services.invitations.print_slips(
        SlipRequest([units["5А"], units["5Б"]], "parents", named=False, blank_per_unit=3,
                    per_page=6), tmp_path / "blank.pdf", today=TODAY)
    assert result.slips == 6
    codes = [t for page in decode_pages((tmp_path / "blank.pdf").read_bytes()) for t, _ in page]
    assert sorted(codes) == sorted([URL_5A] * 3 + [URL_5B] * 3)
    assert "Кому:" in pdf_text((tmp_path / "blank.pdf").read_bytes())


def test_subset_and_start_position(linked, tmp_path):
    services, units = linked
    people = services.invitations.audience_people(units["5А"], "parents")
    chosen = [people[0].person_id, people[2].person_id]
    result = services.invitations.print_slips(
        SlipRequest([units["5А"]], "parents", per_page=2, start_position=2,
                    person_ids=chosen), tmp_path / "two.pdf", today=TODAY)
    assert (result.slips, result.pages) == (2, 2)
    text = pdf_text((tmp_path / "two.pdf").read_bytes())
    assert people[0].full_name in text and people[2].full_name in text
    assert people[1].full_name not in text


def test_reprint_goes_only_to_those_not_joined(linked, tmp_path):
    services, units = linked
    inv = services.invitations
    inv.print_slips(SlipRequest([units["5А"]], "parents"), tmp_path / "a.pdf", today=TODAY)
    people = inv.audience_people(units["5А"], "parents")
    joined = people[:2]
    inv.set_joined([p.person_id for p in joined], on=TODAY)
    result = inv.print_slips(SlipRequest([units["5А"]], "parents"), tmp_path / "b.pdf",
                             today=TODAY)
    assert (result.slips, result.skipped_joined) == (2, 2)
    text = pdf_text((tmp_path / "b.pdf").read_bytes())
    assert all(p.full_name not in text for p in joined)
    inv.mark_all_joined(units["5А"], "parents", on=TODAY)
    with pytest.raises(UserError, match="уже вступили"):
        inv.print_slips(SlipRequest([units["5А"]], "parents"), tmp_path / "c.pdf", today=TODAY)
    assert not (tmp_path / "c.pdf").exists()


@pytest.mark.parametrize("how", ["annulled", "expired", "none"])
@pytest.mark.parametrize("named", [True, False])
@pytest.mark.parametrize("poster", [False, True])
def test_an_annulled_or_expired_link_is_never_printed(roster, tmp_path, how, named, poster):
    services, units = roster
    inv = services.invitations
    if how != "none":
        inv.add_link(units["5А"], "parents", URL_5A, valid_until="30.11.2025", today=TODAY)
    inv.add_link(units["5Б"], "parents", URL_5B, today=TODAY)
    day = TODAY
    if how == "annulled":
        inv.annul_unit_links(units["5А"], "parents", "тест", on=TODAY)
    elif how == "expired":
        day = dt.date(2025, 12, 1)
    out = tmp_path / "x.pdf"
    request = SlipRequest([units["5Б"], units["5А"]], "parents", named=named,
                          blank_per_unit=2, poster=poster)
    with pytest.raises(UserError, match="5А"):
        inv.print_slips(request, out, today=day)
    assert not out.exists() and not list(tmp_path.glob("*.pdf*"))
    assert _slip_count(services) == 0


def test_a_replaced_link_is_never_printed_even_when_the_newest_is_annulled(linked, tmp_path):
    """Issue #13 changed this: a new link replaces the old one (the platform killed it), so
    annulling the newest leaves nothing to print rather than reviving the old link."""
    services, units = linked
    inv = services.invitations
    inv.add_link(units["5А"], "parents", "https://sferum.ru/?invite=NEW", today=TODAY)
    newest = next(r for r in inv.list_links(TODAY) if r.url.endswith("NEW"))
    inv.annul_links([newest.id], "ошибка", on=TODAY)
    with pytest.raises(UserError, match="аннулирована"):
        inv.print_slips(SlipRequest([units["5А"]], "parents", named=False, blank_per_unit=1,
                                    per_page=1), tmp_path / "p.pdf", today=TODAY)
    assert not (tmp_path / "p.pdf").exists()


def test_a_new_link_replaces_the_old_and_its_slips_are_stale(linked, tmp_path):
    services, units = linked
    inv = services.invitations
    inv.print_slips(SlipRequest([units["5А"]], "parents"), tmp_path / "old.pdf", today=TODAY)
    people = inv.audience_people(units["5А"], "parents")
    inv.set_handed_out(units["5А"], "parents", [people[0].person_id], on=TODAY)
    inv.add_link(units["5А"], "parents", "https://sferum.ru/?invite=NEW", today=TODAY)
    rows = {r.url: r for r in inv.list_links(TODAY) if r.unit_name == "5А"}
    assert rows[URL_5A].status == "replaced" and rows[URL_5A].replaced_on == TODAY
    assert rows[URL_5A].status_title == f"заменена {TODAY:%d.%m.%Y}"
    assert rows["https://sferum.ru/?invite=NEW"].status == "active"
    assert [c.link.url for c in inv.links_to_annul(TODAY)] == [URL_5A]
    assert {p.status for p in inv.audience_people(units["5А"], "parents")} == {STALE}
    inv.print_slips(SlipRequest([units["5А"]], "parents"), tmp_path / "new.pdf", today=TODAY)
    assert decode_pages((tmp_path / "new.pdf").read_bytes())[0][0][0].endswith("NEW")
    assert STALE not in {p.status for p in inv.audience_people(units["5А"], "parents")}


def test_cancel_leaves_no_file_and_no_slips(linked, tmp_path):
    services, units = linked
    calls = []

    def progress(done, total):
        calls.append((done, total))
        return False

    out = tmp_path / "x.pdf"
    with pytest.raises(SlipsCancelled):
        services.invitations.print_slips(
            SlipRequest([units["5А"], units["5Б"]], "parents", per_page=1), out,
            progress=progress, today=TODAY)
    assert calls == [(1, 6)]
    assert not out.exists() and _slip_count(services) == 0


def test_handed_out_per_person_and_per_batch(linked, tmp_path):
    services, units = linked
    inv = services.invitations
    result = inv.print_slips(SlipRequest([units["5А"]], "parents"), tmp_path / "a.pdf",
                             today=TODAY)
    people = inv.audience_people(units["5А"], "parents")
    inv.set_handed_out(units["5А"], "parents", [people[0].person_id], on=TODAY)
    statuses = [p.status for p in inv.audience_people(units["5А"], "parents")]
    assert statuses == [HANDED_OUT, PRINTED, PRINTED, PRINTED]
    assert inv.set_batch_handed_out(result.batch, on=TODAY) == 3
    inv.set_joined([people[1].person_id], on=TODAY)
    statuses = [p.status for p in inv.audience_people(units["5А"], "parents")]
    assert statuses == [HANDED_OUT, JOINED, HANDED_OUT, HANDED_OUT]
    inv.set_handed_out(units["5А"], "parents", [people[0].person_id], handed=False)
    assert inv.audience_people(units["5А"], "parents")[0].status == PRINTED
    others = inv.audience_people(units["5Б"], "parents")
    assert {p.status for p in others} == {NO_SLIP}
    with pytest.raises(UserError, match="не печатали"):
        inv.set_handed_out(units["5Б"], "parents", [others[0].person_id])
    [cover] = [c for c in inv.coverage(TODAY) if c.unit_name == "5А"]
    assert (cover.size, cover.printed, cover.handed_out, cover.joined, cover.percent) == (
        4, 4, 3, 1, 25.0)


def test_bad_requests_are_refused_without_a_file(linked, tmp_path):
    services, units = linked
    out = tmp_path / "x.pdf"
    for request, words in [
            (SlipRequest([], "parents"), "хотя бы одно"),
            (SlipRequest([units["5А"]], "parents", per_page=3), "1, 2, 4, 6 или 8"),
            (SlipRequest([units["5А"]], "parents", per_page=4, start_position=5), "от 1 до 4"),
            (SlipRequest([units["5А"]], "parents", named=False, blank_per_unit=0), "пустых"),
            (SlipRequest([units["5А"]], "staff"), "можно выбрать только")]:
        with pytest.raises(UserError, match=words):
            services.invitations.print_slips(request, out, today=TODAY)
    assert not out.exists()
