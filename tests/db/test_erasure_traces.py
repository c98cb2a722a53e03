"""The erasure check's one prefix-tree pattern over the file (db/erasure.traces) finds a
name exactly when one of the looked-for names is in the bytes, as plain `in` would."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from sferum_desk.db.erasure import VERIFIED_FORMS, looked_for, traces

LETTERS = st.sampled_from("Иваноа 7+")
NAMES = st.lists(st.text(LETTERS, min_size=1, max_size=7), min_size=1, max_size=10)


def found_plainly(data: bytes, forms: list[str]) -> bool:
    return any(f.encode("utf-8") in data for f in looked_for(forms)[:VERIFIED_FORMS])


@settings(max_examples=300, deadline=None)
@given(NAMES, st.lists(st.text(LETTERS, max_size=9), max_size=8))
def test_traces_find_what_plain_search_finds(tmp_path_factory, forms, pieces):
    path = tmp_path_factory.mktemp("t") / "db.sqlite3"
    data = b"\x00".join(p.encode("utf-8") for p in pieces)
    path.write_bytes(data)
    assert traces(path, forms) == found_plainly(data, forms)


def test_names_sharing_a_start_are_each_found(tmp_path):
    path = tmp_path / "db.sqlite3"
    forms = ["Иванова Анна", "Иванов Иван", "Иванов"]
    for text, found in (("x Иванов Иван y", True), ("Иванова Анна", True), ("Ивано", False),
                        ("Иванова Ан", True)):  # «Иванов» alone is looked for too
        path.write_bytes(text.encode("utf-8"))
        assert traces(path, forms) is found, text
    path.write_bytes("Иванова Ан".encode("utf-8"))
    assert traces(path, ["Иванова Анна", "Иванов Иван"]) is False


def test_the_journal_is_looked_at_too(tmp_path):
    path = tmp_path / "db.sqlite3"
    path.write_bytes(b"nothing")
    (tmp_path / "db.sqlite3-wal").write_bytes("Петрова Ольга".encode("utf-8"))
    assert traces(path, ["Петрова Ольга"]) is True
