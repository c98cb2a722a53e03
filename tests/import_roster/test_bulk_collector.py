"""The import pauses the cyclic garbage collector over its bulk work (for speed) and always
hands it back: after a good import, a dry run, a refused file and an import inside another."""

from __future__ import annotations

import gc
import os
import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "importers"))
import roster_files as rf  # noqa: E402

from sferum_desk.domain.errors import UserError  # noqa: E402
from sferum_desk.collector import collector_paused  # noqa: E402


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_off_during_an_import_and_on_after_it(school, collector_on):
    seen = []
    data = rf.xlsx(rf.messy_class_list(), merges=rf.CLASS_LIST_MERGES)
    preview = school.roster.inspect(data, "students", "список.xlsx")
    school.roster.apply(preview, progress=lambda *_: seen.append(gc.isenabled()))
    assert seen and not any(seen)
    assert gc.isenabled()
    school.roster.plan(school.roster.inspect(data, "students", "список.xlsx"))
    assert gc.isenabled()


def test_a_refused_file_hands_the_collector_back(school, collector_on):
    with pytest.raises(UserError):
        school.roster.inspect(b"not a table at all \x00\x01", "students", "x.xlsx")
    assert gc.isenabled()


def test_a_collector_off_before_stays_off(collector_on):
    gc.disable()
    collector_paused(lambda: None)()
    assert not gc.isenabled()


def test_the_collector_is_back_only_when_the_last_use_case_returns(collector_on):
    inside, release, states = threading.Event(), threading.Event(), []

    @collector_paused
    def slow():
        inside.set()
        release.wait(10)

    worker = threading.Thread(target=slow)
    worker.start()
    inside.wait(10)
    collector_paused(lambda: states.append(gc.isenabled()))()
    states.append(gc.isenabled())  # the worker's import still runs
    release.set()
    worker.join(10)
    assert states == [False, False] and gc.isenabled()


PROGRAM_END = """
import gc, sys
from sferum_desk.cli import main
sys.argv = ["sferum-desk", "--db", sys.argv[1], "init", "--kind", "school", "--name", "Школа"]
code = main()
print(code, gc.get_freeze_count() > 0)
"""


def test_the_program_skips_the_last_full_collection_a_test_calling_main_does_not(tmp_path):
    """At the program's end the objects are frozen (the interpreter's final collection would
    walk them all, 0.14 s after an import); main([...]) called by a test freezes nothing."""
    import subprocess

    from sferum_desk.cli import main

    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    result = subprocess.run([sys.executable, "-c", PROGRAM_END, str(tmp_path / "a.sqlite3")],
                            capture_output=True, encoding="utf-8", env=env, timeout=120)
    assert result.stdout.split()[-2:] == ["0", "True"], result.stderr
    frozen = gc.get_freeze_count()
    assert main(["--db", str(tmp_path / "b.sqlite3"), "init", "--kind", "school", "--name",
                 "Школа"]) == 0
    assert gc.get_freeze_count() == frozen


def test_loading_a_service_module_pauses_the_collector_and_hands_it_back(
        tmp_path, monkeypatch, collector_on):
    """SQLAlchemy and the models load with the collector off (#12: its dozens of runs over
    their long-lived objects were a sixth of `import`'s module loading)."""
    import importlib

    from sferum_desk.db.engine import open_database
    from sferum_desk.services import Services

    real_import, seen = importlib.import_module, []

    def import_module(name, *args):
        seen.append((name, gc.isenabled()))
        return real_import(name, *args)

    monkeypatch.setattr(importlib, "import_module", import_module)
    db = open_database(tmp_path / "a.sqlite3")
    services = Services.over(db)
    assert services.people is services.people  # made once
    assert seen == [("sferum_desk.services.people", False)]
    assert gc.isenabled()
    states = []
    monkeypatch.setattr("sferum_desk.db.engine.make_engine",
                        lambda url: states.append(gc.isenabled()) or "engine")
    again = open_database(tmp_path / "a.sqlite3")  # a current file: the engine on first use
    assert again.engine == "engine" and states == [False] and gc.isenabled()
