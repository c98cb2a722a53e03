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


class RefreshOnChange:
    """Mixin for tabs (put before QWidget): reload when `signals.changed` names one of
    `areas` (or ALL). A hidden tab only marks itself stale and reloads when shown, so hidden
    tabs cost nothing. The tab sets `self._stale = False` in `refresh()` and connects
    `signals.changed` to `self._on_changed`."""

    areas: tuple[str, ...] = ()  # DataSignals areas that make this tab reload
    _stale = False

    def _on_changed(self, area: str) -> None:
        if area not in self.areas and area != ALL:
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)
