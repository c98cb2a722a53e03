"""The one locator of the program's files: top-level `resources/` (fonts with their licence,
the window icon, the user guide with its screenshots).

They are read from wherever the program runs:
- installed (wheel, `pip install`): the package data `sferum_desk/resources`, mapped from
  `resources/` by setup.py's package_dir;
- the PyInstaller bundle: the same path inside it (packaging/sferum_desk.spec, `datas`);
- the source tree (`PYTHONPATH=$PWD`, as the tests run): `resources/` beside the package.

Every reader of a resource asks `resource(...)` (or `RESOURCES`): nothing else spells the path.
Stdlib only, so that anything may import it (`--help` loads no library).
"""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
FOLDER = "resources"


def candidates(package: Path = PACKAGE, bundle: str | None = None) -> list[Path]:
    """Where the folder may be, first found wins: beside the modules (installed or bundled),
    the bundle's root (sys._MEIPASS), then the source tree's top level — only when that is
    really this project's checkout, so a stray `site-packages/resources` is never taken."""
    found = [package / FOLDER]
    if bundle:
        found.append(Path(bundle) / package.name / FOLDER)
    if (package.parent / "pyproject.toml").is_file():
        found.append(package.parent / FOLDER)
    return found


def locate(package: Path = PACKAGE, bundle: str | None = None) -> Path:
    """The resources folder; the first candidate when none exists, so that a missing file is
    reported with the path of the installed package."""
    places = candidates(package, bundle)
    return next((place for place in places if place.is_dir()), places[0])


RESOURCES = locate(bundle=getattr(sys, "_MEIPASS", None))


def resource(*parts: str) -> Path:
    """A file or folder under resources/, e.g. `resource("fonts", "LiberationSerif-Bold.ttf")`."""
    return RESOURCES.joinpath(*parts)
