"""The package list: sferum_desk's own packages plus the top-level forms/ folder, shipped as
sferum_desk/forms (the Qt Designer files ui/ui_files.py loads). Everything else is in
pyproject.toml."""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["sferum_desk*"]), "sferum_desk.forms"],
      package_dir={"sferum_desk.forms": "forms"})
