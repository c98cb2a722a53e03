"""Every window fits a school laptop: 1366×768 with a 40 px taskbar leaves 1366×728.

The probe runs in its own process with an offscreen screen of exactly that available area,
opens the main window and every dialog over a demo database, and reports their frames and
buttons; each frame must lie on the screen and each button inside its frame.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

AVAILABLE = (1366, 728)
PROBE = Path(__file__).with_name("screen_probe.py")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("screen")
    config = folder / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "laptop", "x": 0, "y": 0, "width": AVAILABLE[0], "height": AVAILABLE[1],
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    # The config by a name relative to the probe's folder: Qt splits the platform's options at
    # every colon, and a drive letter's (C:) made Qt abort on Windows. The probe's report
    # in UTF-8, as it is read (Windows would print in its ANSI code page).
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config.name}",
               SFERUM_DESK_HOME=str(folder / "home"), PYTHONIOENCODING="utf-8",
               PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, str(PROBE)], env=env, capture_output=True,
                          text=True, encoding="utf-8", cwd=folder)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _inside(inner, outer) -> bool:
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return ox <= x and oy <= y and x + w <= ox + ow and y + h <= oy + oh


def test_the_probe_saw_the_laptop_screen_and_every_dialog(report):
    assert report["screen"] == [0, 0, *AVAILABLE]
    for name in ("main window", "staff", "pupil", "guardian", "unit", "act add",
                 "first start", "hire", "new year", "restore", "about", "link", "slips",
                 "sheet", "import wizard"):
        assert name in report


def test_every_window_fits_the_available_area_with_its_buttons_visible(report):
    screen = report["screen"]
    too_big = {name: seen["frame"] for name, seen in report.items()
               if name != "screen" and not _inside(seen["frame"], screen)}
    assert too_big == {}
    hidden = {name: [text for text, where in seen["buttons"] if not _inside(where, screen)]
              for name, seen in report.items() if name != "screen"}
    assert {name: texts for name, texts in hidden.items() if texts} == {}


def test_the_main_window_starts_maximised_on_a_small_screen(report):
    assert report["main window"]["frame"] == report["screen"]
