"""resources/ at the top of the repository, found through one locator wherever the program
runs: the installed package, the PyInstaller bundle, the source tree."""

from __future__ import annotations

import ast
from pathlib import Path

import sferum_desk
from sferum_desk import resources_path
from sferum_desk.printing.fonts import FONTS_DIR, register_fonts
from sferum_desk.resources_path import RESOURCES, locate, resource

ROOT = Path(sferum_desk.__file__).resolve().parent.parent


def test_the_source_tree_reads_the_top_level_folder():
    assert RESOURCES == ROOT / "resources"
    assert not (ROOT / "sferum_desk" / "resources").exists()
    assert resource("help", "guide.html").is_file()
    assert FONTS_DIR == RESOURCES / "fonts" and (FONTS_DIR / "LICENSE-Liberation.txt").is_file()
    assert register_fonts() == "SferumSerif"  # reportlab loads the TTFs from there


def _package(tmp_path: Path, *, in_package: bool, beside: bool, checkout: bool) -> Path:
    package = tmp_path / "site" / "sferum_desk"
    package.mkdir(parents=True)
    if in_package:
        (package / "resources").mkdir()
    if beside:
        (package.parent / "resources").mkdir()
    if checkout:
        (package.parent / "pyproject.toml").write_text("[project]\n")
    return package


def test_the_installed_package_data_comes_first(tmp_path):
    package = _package(tmp_path, in_package=True, beside=True, checkout=True)
    assert locate(package) == package / "resources"


def test_a_stray_resources_folder_beside_an_installed_package_is_never_taken(tmp_path):
    package = _package(tmp_path, in_package=False, beside=True, checkout=False)
    assert locate(package) == package / "resources"  # missing: reported at the package path


def test_the_source_tree_is_used_only_when_it_is_the_checkout(tmp_path):
    package = _package(tmp_path, in_package=False, beside=True, checkout=True)
    assert locate(package) == package.parent / "resources"


def test_the_bundle_root_is_looked_at(tmp_path):
    package = _package(tmp_path, in_package=False, beside=False, checkout=False)
    bundle = tmp_path / "bundle" / "_internal"
    (bundle / "sferum_desk" / "resources").mkdir(parents=True)
    assert locate(package, str(bundle)) == bundle / "sferum_desk" / "resources"


def _string_constants(path: Path) -> list[str]:
    """The module's string literals, docstrings and other bare strings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bare = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
            and isinstance(node.value, str) and id(node) not in bare]


def test_no_module_but_the_locator_spells_the_folder():
    """One locator: any other module naming "resources" as a path part would be a second."""
    locator = Path(resources_path.__file__).resolve()
    others = [path.relative_to(ROOT).as_posix()
              for path in sorted((ROOT / "sferum_desk").rglob("*.py")) if path != locator
              and any(text == "resources" or "resources/" in text
                      for text in _string_constants(path))]
    assert others == []


def _smoke_line(qtbot, monkeypatch, capsys, kindergarten) -> tuple[list[int], str]:
    from PySide6.QtWidgets import QApplication

    from sferum_desk.ui import smoke
    from sferum_desk.ui.main_window import MainWindow

    monkeypatch.setenv(smoke.ENV, "50")
    window = MainWindow(kindergarten)
    qtbot.addWidget(window)
    window.show()
    quits: list[int] = []
    monkeypatch.setattr(smoke, "quit_app", lambda app, code: quits.append(code))
    smoke.install_quit_timer(QApplication.instance())
    qtbot.waitUntil(lambda: bool(quits))
    return quits, capsys.readouterr().out


def test_the_build_smoke_line_counts_the_resources(qtbot, monkeypatch, capsys, kindergarten):
    quits, line = _smoke_line(qtbot, monkeypatch, capsys, kindergarten)
    shipped = sum(1 for path in RESOURCES.rglob("*") if path.is_file())
    assert quits == [0] and f"; resources: {shipped}" in line


def test_the_build_smoke_line_fails_on_a_missing_resource(qtbot, monkeypatch, capsys,
                                                          kindergarten, tmp_path):
    from sferum_desk.ui import help as help_module

    monkeypatch.setattr(help_module, "GUIDE", tmp_path / "guide.html")  # a build without it
    quits, line = _smoke_line(qtbot, monkeypatch, capsys, kindergarten)
    assert quits == [5] and f"SMOKE resource missing: {tmp_path / 'guide.html'}" in line
