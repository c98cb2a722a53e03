"""The package list: sferum_desk's own packages plus two top-level folders shipped inside it:
forms/ as sferum_desk/forms (the Qt Designer files ui/ui_files.py loads) and resources/ as
sferum_desk/resources (fonts, icon, user guide: sferum_desk/resources_path.py finds them).
Everything else is in pyproject.toml."""

from setuptools import find_packages, setup

MAPPED = {"sferum_desk.forms": "forms", "sferum_desk.resources": "resources"}

setup(packages=[*find_packages(include=["sferum_desk*"]), *MAPPED], package_dir=MAPPED)
