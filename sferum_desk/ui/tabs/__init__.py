"""The main window's tabs.

Contract for every tab: a QWidget subclass built as `Tab(services, signals, parent=None)`
(`services`: sferum_desk.services.Services, `signals`: ui.signals.DataSignals), with
`tab_title(vocabulary) -> str` as a static method (the title may depend on the kind's
words) and `refresh()` that reloads its data. It listens to `signals.changed` and emits it
after each change it makes. The main window builds the tabs listed in TAB_CLASSES, in order.
"""

from sferum_desk.ui.acknowledgements.tab import AcknowledgementsTab
from sferum_desk.ui.invitations.tab import InvitationsTab
from sferum_desk.ui.movement.tab import MovementTab
from sferum_desk.ui.tabs.organization import OrganizationTab
from sferum_desk.ui.tabs.people import GuardiansTab, StaffTab, StudentsTab
from sferum_desk.ui.tabs.reports import ReportsTab
from sferum_desk.ui.tabs.structure import StructureTab

# Register a new tab by importing its class above and adding it here, in display order.
TAB_CLASSES: list[type] = [
    OrganizationTab,
    StructureTab,
    StaffTab,
    StudentsTab,
    GuardiansTab,
    AcknowledgementsTab,
    InvitationsTab,
    MovementTab,
    ReportsTab,
]
