"""The main window's tabs.

Contract for every tab: a QWidget subclass built as `Tab(services, signals, parent=None)`
(`services`: sferum_desk.services.Services, `signals`: ui.signals.DataSignals), with
`tab_title(vocabulary) -> str` as a static method (the title may depend on the kind's
words) and `refresh()` that reloads its data. It listens to `signals.changed` and emits it
after each change it makes. The main window builds the tabs listed in TAB_CLASSES, in order.

A tab whose module is heavy to import (the papers pull reportlab in) is listed as a `LazyTab`:
its module is imported when the tab is first shown, not at start (#17: the window in a
second). Its name here stays importable (`from sferum_desk.ui.tabs import InvitationsTab`).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from sferum_desk.domain.kinds import Vocabulary
from sferum_desk.ui.tabs.organization import OrganizationTab
from sferum_desk.ui.tabs.people import GuardiansTab, StaffTab, StudentsTab
from sferum_desk.ui.tabs.structure import StructureTab


@dataclass(frozen=True)
class LazyTab:
    """A tab class named by its module, imported on first use. `title` is the tab's fixed
    title, shown before the module is imported (a test checks it equals the class's
    `tab_title`, so the two cannot drift apart)."""

    module: str
    name: str
    title: str

    def load(self) -> type:
        return getattr(importlib.import_module(self.module), self.name)

    def tab_title(self, vocabulary: Vocabulary) -> str:
        return self.title


def tab_class(entry: type | LazyTab) -> type:
    """The class of a TAB_CLASSES entry (imports a lazy tab's module)."""
    return entry.load() if isinstance(entry, LazyTab) else entry


def tab_name(entry: type | LazyTab) -> str:
    """The class name of an entry, without importing it (saved as the last shown tab)."""
    return entry.name if isinstance(entry, LazyTab) else entry.__name__


_LAZY = {
    "AcknowledgementsTab": LazyTab("sferum_desk.ui.acknowledgements.tab", "AcknowledgementsTab",
                                   "Ознакомление"),
    "InvitationsTab": LazyTab("sferum_desk.ui.invitations.tab", "InvitationsTab",
                              "Приглашения"),
    "MovementTab": LazyTab("sferum_desk.ui.movement.tab", "MovementTab", "Движение"),
    "ReportsTab": LazyTab("sferum_desk.ui.tabs.reports", "ReportsTab", "Отчёты"),
}

# Register a new tab by importing its class above (or naming it in _LAZY) and adding it here,
# in display order.
TAB_CLASSES: list[type | LazyTab] = [
    OrganizationTab,
    StructureTab,
    StaffTab,
    StudentsTab,
    GuardiansTab,
    _LAZY["AcknowledgementsTab"],
    _LAZY["InvitationsTab"],
    _LAZY["MovementTab"],
    _LAZY["ReportsTab"],
]


def __getattr__(name: str):
    """`from sferum_desk.ui.tabs import ReportsTab` keeps working: the module loads then."""
    if name in _LAZY:
        return _LAZY[name].load()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
