"""The wheel carries resources/ as `sferum_desk/resources/...` (with forms/ and the locator),
and the program run from the unpacked wheel, away from the source tree, finds them: its
version, a new database and a PDF with the embedded Liberation fonts.

Built offline with the environment's setuptools (the `test` extra brings one that builds
wheels), from a copy of the tree so that no build/ or egg-info lands in the checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

import sferum_desk

ROOT = Path(sferum_desk.__file__).resolve().parent.parent
SOURCES = ("setup.py", "pyproject.toml", "README.md", "sferum_desk", "forms", "resources")
PDF_FONTS = ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
             "LiberationSerif-Italic.ttf", "LiberationSerif-BoldItalic.ttf",
             "LiberationMono-Regular.ttf")


pytestmark = pytest.mark.not_under_wine("a pip build in a subprocess takes minutes under "
                                         "wine; the wheel is pure Python, proved elsewhere")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    tree = work / "tree"
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tree / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            tree.mkdir(exist_ok=True)
            shutil.copy2(source, tree / name)
    run = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-index",
                          "--no-build-isolation", "-q", "-w", str(work / "out"), str(tree)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    (built,) = (work / "out").glob("sferum_desk-*.whl")
    return built


def _shipped(folder: str) -> set[str]:
    return {path.relative_to(ROOT).as_posix() for path in (ROOT / folder).rglob("*")
            if path.is_file() and "__pycache__" not in path.parts}


def test_the_wheel_carries_every_resource_under_the_package(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for font in (*PDF_FONTS, "LiberationSans-Regular.ttf", "LICENSE-Liberation.txt"):
        assert f"sferum_desk/resources/fonts/{font}" in names, font
    assert "sferum_desk/resources/icons/sferum-desk.png" in names
    assert "sferum_desk/resources/help/guide.html" in names
    assert {f"sferum_desk/{name}" for name in _shipped("resources")} <= names  # all of them
    assert {f"sferum_desk/{name}" for name in _shipped("forms")} <= names
    assert "sferum_desk/resources_path.py" in names
    assert not any(name.startswith(("resources/", "forms/")) for name in names)


def _run(site: Path, home: Path, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(site), "SFERUM_DESK_HOME": str(home)}
    run = subprocess.run([sys.executable, *args], cwd=home, env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout


def test_the_unpacked_wheel_finds_its_resources_away_from_the_source_tree(wheel, tmp_path):
    site, home = tmp_path / "site", tmp_path / "home"
    zipfile.ZipFile(wheel).extractall(site)
    home.mkdir()
    found = _run(site, home, "-c", "from sferum_desk.resources_path import RESOURCES; "
                                   "print(RESOURCES)").strip()
    assert Path(found) == site / "sferum_desk" / "resources"
    assert "Sferum Desk" in _run(site, home, "-m", "sferum_desk", "--version")
    db, pdf = home / "school.sqlite3", home / "report.pdf"
    _run(site, home, "-m", "sferum_desk", "--db", str(db), "init", "--kind", "kindergarten",
         "--name", "Детский сад № 5")
    _run(site, home, "-m", "sferum_desk", "--db", str(db), "report", "--out", str(pdf))
    fonts = {}
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object().get("/FontDescriptor")
            fonts[str(font.get_object()["/BaseFont"])] = "/FontFile2" in descriptor.get_object()
    assert any("LiberationSerif" in name for name in fonts) and all(fonts.values()), fonts
