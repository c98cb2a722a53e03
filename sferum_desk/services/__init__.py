"""Use cases, one service per area; the GUI and the CLI are handed a `Services`.

Each service is made (and its module imported) on first use: a command that needs one area
does not pay for importing all the others at start.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from sferum_desk.collector import collector_paused_over

if TYPE_CHECKING:
    from sferum_desk.db.engine import Database
    from sferum_desk.services.acknowledgements import AcknowledgementService
    from sferum_desk.services.destruction import DestructionService
    from sferum_desk.services.invitations import InvitationService
    from sferum_desk.services.invitations.member_lists import MemberListService
    from sferum_desk.services.movement import MovementService
    from sferum_desk.services.organization import OrganizationService
    from sferum_desk.services.people import PeopleService
    from sferum_desk.services.platform import PlatformService
    from sferum_desk.services.refusals import RefusalService
    from sferum_desk.services.registration import RegistrationService
    from sferum_desk.services.reports import ReportsService
    from sferum_desk.services.roster_import import RosterService
    from sferum_desk.services.structure import StructureService
    from sferum_desk.services.undo import UndoService

# attribute -> (module, class): add a new service here.
SERVICE_CLASSES = {
    "organization": ("sferum_desk.services.organization", "OrganizationService"),
    "structure": ("sferum_desk.services.structure", "StructureService"),
    "people": ("sferum_desk.services.people", "PeopleService"),
    "acknowledgements": ("sferum_desk.services.acknowledgements", "AcknowledgementService"),
    "registration": ("sferum_desk.services.registration", "RegistrationService"),
    "roster": ("sferum_desk.services.roster_import", "RosterService"),
    "invitations": ("sferum_desk.services.invitations", "InvitationService"),
    "movement": ("sferum_desk.services.movement", "MovementService"),
    "platform": ("sferum_desk.services.platform", "PlatformService"),
    "reports": ("sferum_desk.services.reports", "ReportsService"),
    "destruction": ("sferum_desk.services.destruction", "DestructionService"),
    "refusals": ("sferum_desk.services.refusals", "RefusalService"),
    "member_lists": ("sferum_desk.services.invitations.member_lists", "MemberListService"),
    "undo": ("sferum_desk.services.undo", "UndoService"),
}


class Services:
    db: Database
    organization: OrganizationService
    structure: StructureService
    people: PeopleService
    acknowledgements: AcknowledgementService
    registration: RegistrationService
    roster: RosterService
    invitations: InvitationService
    movement: MovementService
    platform: PlatformService
    reports: ReportsService
    destruction: DestructionService
    refusals: RefusalService
    member_lists: MemberListService
    undo: UndoService

    def __init__(self, db: Database):
        self.db = db

    @classmethod
    def over(cls, db: Database) -> Services:
        return cls(db)

    def __getattr__(self, name: str):
        """The first use of a service makes it; later uses find it as a plain attribute."""
        if name not in SERVICE_CLASSES:
            raise AttributeError(name)
        module, class_name = SERVICE_CLASSES[name]
        with collector_paused_over():  # loading SQLAlchemy and the models makes no garbage
            service = getattr(importlib.import_module(module), class_name)(self.db)
        setattr(self, name, service)
        return service
