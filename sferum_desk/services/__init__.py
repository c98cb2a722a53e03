"""Use cases, one service per area; the GUI and the CLI are handed a `Services`."""

from __future__ import annotations

from dataclasses import dataclass

from sferum_desk.db.engine import Database
from sferum_desk.services.acknowledgements import AcknowledgementService
from sferum_desk.services.destruction import DestructionService
from sferum_desk.services.invitations import InvitationService
from sferum_desk.services.member_lists import MemberListService
from sferum_desk.services.movement import MovementService
from sferum_desk.services.organization import OrganizationService
from sferum_desk.services.people import PeopleService
from sferum_desk.services.platform import PlatformService
from sferum_desk.services.refusals import RefusalService
from sferum_desk.services.registration import RegistrationService
from sferum_desk.services.reports import ReportsService
from sferum_desk.services.roster_import import RosterService
from sferum_desk.services.structure import StructureService


@dataclass
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

    @classmethod
    def over(cls, db: Database) -> Services:
        movement, invitations = MovementService(db), InvitationService(db)
        return cls(db=db, organization=OrganizationService(db), structure=StructureService(db),
                   people=PeopleService(db), acknowledgements=AcknowledgementService(db),
                   registration=RegistrationService(db), roster=RosterService(db),
                   invitations=invitations, movement=movement,
                   platform=PlatformService(db), reports=ReportsService(db),
                   destruction=DestructionService(db, movement),
                   refusals=RefusalService(db),
                   member_lists=MemberListService(db, invitations))
