"""One object that tells every view that data changed, so views refresh on a signal."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

# Areas a change can touch; a view refreshes when its area (or "all") is emitted.
ORGANIZATION = "organization"
STRUCTURE = "structure"
PEOPLE = "people"
INVITATIONS = "invitations"
ACKNOWLEDGEMENTS = "acknowledgements"
ALL = "all"


class DataSignals(QObject):
    changed = Signal(str)  # one of the area names above
