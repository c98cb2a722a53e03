"""Every CLI sub-command with hostile arguments (read from the parser itself, so a new
command is fuzzed too): exit 0, 1 or 2, never 3 (an unexpected error), never a traceback;
a refusal is one Russian sentence on stderr."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from fuzz_text import CYRILLIC, MAX_MESSAGE, assert_all_showable, hostile
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from safety_helpers import write_roster

from sferum_desk.cli import build_parser, main
from sferum_desk.services.dto import StaffInput

pytestmark = pytest.mark.sqlite_only
EXAMPLES = 200

PATH_LIKE = {"target", "attachment"}  # text arguments that are file paths in fact


def commands() -> dict[tuple[str, ...], argparse.ArgumentParser]:
    found: dict[tuple[str, ...], argparse.ArgumentParser] = {}

    def walk(parser: argparse.ArgumentParser, prefix: tuple[str, ...]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, (*prefix, name))
                return
        found[prefix] = parser

    walk(build_parser(), ())
    return found


COMMANDS = commands()


def is_path(action: argparse.Action) -> bool:
    return getattr(action.type, "__name__", "") in ("Path", "database_target") or \
        action.dest in PATH_LIKE


@st.composite
def argv(draw, folder: Path) -> list[str]:
    """A sub-command with hostile values; file arguments stay inside `folder`."""
    name = draw(st.sampled_from(sorted(COMMANDS)))
    parser = COMMANDS[name]
    args = list(name)
    for action in parser._actions:
        if action.dest == "help" or not (action.required or draw(st.booleans())):
            continue
        values = [draw(value_for(action, folder))
                  for _ in range(draw(st.integers(1, 3)) if action.nargs == "+" else 1)]
        if action.nargs == 0:
            values = []
        args += [action.option_strings[0], *values] if action.option_strings else values
    if draw(st.integers(0, 9)) == 0:
        args += draw(st.lists(hostile, max_size=3))  # stray words at the end
    return args


def value_for(action: argparse.Action, folder: Path):
    if is_path(action):
        return st.one_of(
            st.sampled_from([str(folder / "список.xlsx"), str(folder / "мусор.xlsx"),
                             str(folder / "имена.txt"), str(folder), str(folder / "нет" / "x"),
                             str(folder / "вывод.pdf"), str(folder / "вывод.xlsx"),
                             str(folder / "вывод.eml"), str(folder / "копия.sqlite3")]),
            hostile.map(lambda text: str(folder / ("f" + "".join(
                ch for ch in text[:40] if ch not in "/\\\x00.") + ".pdf"))))
    if action.choices:
        return st.one_of(st.sampled_from([str(c) for c in action.choices]), hostile)
    if action.type is int:
        return st.one_of(st.integers(-5, 10**6).map(str), hostile)
    return st.one_of(st.sampled_from(["5А", "1", "01.09.2026", "Иванова Анна",
                                      "https://sferum.ru/?invite=Gq7xR2mPzL4kTt9wQ1sDfE"]),
                     hostile)


@pytest.fixture
def folder(tmp_path, school):
    school.people.save_staff(StaffInput("Иванова Анна Петровна", "Учитель"))
    school.structure.create_unit("5А")
    write_roster(tmp_path / "список.xlsx", 8, "5А")
    (tmp_path / "мусор.xlsx").write_bytes(b"PK\x03\x04\x00garbage" * 50)
    (tmp_path / "имена.txt").write_text("Иванова Анна\n\u202eмусор\x00\n", encoding="utf-8")
    return tmp_path


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_every_command_with_hostile_arguments(folder, db_path, capsys, data):
    args = data.draw(argv(folder))
    try:
        code = main(["--db", str(db_path), *args])
    except SystemExit as exit_:  # --help and the like, from argparse itself
        code = exit_.code
    out, err = capsys.readouterr()
    event(f"exit {code}")
    assert code in (0, 1, 2), (args, err)
    assert "Traceback" not in out + err
    if code == 1:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and CYRILLIC.search(lines[0]), (args, err)
        assert len(lines[0]) <= MAX_MESSAGE
    if code == 2:
        assert "Ошибка в параметрах" in err or "usage" in (out + err)
    assert_all_showable(db_path)
