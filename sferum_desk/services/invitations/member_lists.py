"""«Кто вступил» from the member lists the platforms give (importers/member_lists.py).

Each member is matched to the people of the unit as a pasted name is (the invitations
service's name matcher, and its review); a member whose platform user id was kept from an
earlier list matches that person exactly. Saving marks the ticked people joined and keeps
the user id of every member the user confirmed, so the next list matches exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import delete, select

from sferum_desk.db.models import Membership, Person, PlatformAccount
from sferum_desk.domain.errors import UserError
from sferum_desk.importers.member_lists import (
    PLATFORM_TITLES, Member, MemberList, read_member_list,
)
from sferum_desk.services.base import Service, record
from sferum_desk.services.invitations.rows import (
    MATCH_ALREADY, MATCH_AMBIGUOUS, MATCH_OK, NameCandidate, NameMatch,
)
from sferum_desk.services.invitations.service import InvitationService
from sferum_desk.services.people import display_name

EXACT_DETAIL = "по id на платформе"


@dataclass(frozen=True)
class MemberMatch:
    member: Member
    match: NameMatch
    exact: bool  # matched by the platform user id kept from an earlier list


@dataclass(frozen=True)
class MemberListReview:
    platform: str
    platform_title: str
    matches: tuple[MemberMatch, ...]
    skipped: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class MembersSaved:
    joined: int
    accounts: int  # user ids kept (new or re-pointed)


def _line_text(member: Member) -> str:
    """The member as a pasted line for the name matcher: the name, then the role."""
    name = member.name.replace("\t", " ")
    return f"{name}\t{member.role.replace(chr(9), ' ')}" if member.role else name


class MemberListService(Service):
    def __init__(self, db, invitations: InvitationService | None = None):
        super().__init__(db)
        self.invitations = invitations or InvitationService(db)

    def review_file(self, unit_id: int | None, path: Path | str,
                    audience: str | None = None) -> MemberListReview:
        """Read a chat's member list (CSV of «Сферум», JSON of MAX) and match it; nothing is
        saved."""
        return self.review(unit_id, read_member_list(path), audience)

    def review(self, unit_id: int | None, members: MemberList,
               audience: str | None = None) -> MemberListReview:
        if not members.members:
            raise UserError("В списке не нашлось ни одного участника с id и именем: "
                            "проверьте, что это выгрузка участников чата.")
        by_name = {m.line_no: m for m in self.invitations.match_joined_names(
            unit_id, "\n".join(_line_text(m) for m in members.members), audience)}
        known, joined, ids_of = self._accounts(members)
        result = []
        for index, member in enumerate(members.members, start=1):
            match = by_name.get(index) or NameMatch(index, member.name, member.name,
                                                    "unmatched")
            person = known.get(member.user_id)
            if person is not None:
                candidate = NameCandidate(person[0], person[1], EXACT_DETAIL, "", 100.0)
                status = MATCH_ALREADY if person[0] in joined else MATCH_OK
                result.append(MemberMatch(member, replace(
                    match, status=status, candidates=(candidate,)), True))
                continue
            chosen = match.person_id
            if chosen is not None and ids_of.get(chosen, member.user_id) != member.user_id:
                # Our person already has another id on this platform: a namesake, maybe.
                match = replace(match, status=MATCH_AMBIGUOUS)
            result.append(MemberMatch(member, match, False))
        return MemberListReview(members.platform, PLATFORM_TITLES[members.platform],
                                tuple(result), members.skipped)

    def _accounts(self, members: MemberList
                  ) -> tuple[dict[str, tuple[int, str]], set[int], dict[int, str]]:
        """(user id → (person, name) of current people), who of them joined, and person →
        their user id on this platform."""
        ids = [m.user_id for m in members.members]
        with self.db.unit_of_work() as session:
            known: dict[str, tuple[int, str]] = {}
            for account, person in session.execute(
                    select(PlatformAccount, Person).join(Person,
                                                         Person.id == PlatformAccount.person_id)
                    .where(PlatformAccount.platform == members.platform,
                           PlatformAccount.user_id.in_(ids))):
                if person.left_on is None:
                    known[account.user_id] = (person.id, display_name(person))
            joined = set(session.scalars(select(Membership.person_id).where(
                Membership.person_id.in_([p for p, _ in known.values()]))))
            ids_of = {pid: uid for pid, uid in session.execute(
                select(PlatformAccount.person_id, PlatformAccount.user_id)
                .where(PlatformAccount.platform == members.platform))}
        return known, joined, ids_of

    def save(self, platform: str, confirmed: Iterable[tuple[Member, int]],
             join_ids: Iterable[int], on: dt.date | None = None,
             unit_id: int | None = None, audience: str | None = None) -> MembersSaved:
        """Keep the user id of each confirmed (member, person), then mark `join_ids` joined.

        The ids go first: if marking fails, the next list still matches exactly.
        """
        accounts = self.keep_user_ids(platform, confirmed)
        ids = list(dict.fromkeys(join_ids))
        joined = self.invitations.set_joined(ids, on=on, source="import", unit_id=unit_id,
                                             audience=audience) if ids else 0
        return MembersSaved(joined, accounts)

    def keep_user_ids(self, platform: str, confirmed: Iterable[tuple[Member, int]]) -> int:
        pairs = {member.user_id: person_id for member, person_id in confirmed
                 if member.platform == platform}
        if not pairs:
            return 0
        changed = 0
        with self.db.unit_of_work() as session:
            current = {a.user_id: a for a in session.scalars(
                select(PlatformAccount).where(PlatformAccount.platform == platform,
                                              PlatformAccount.user_id.in_(list(pairs))))}
            for user_id, person_id in pairs.items():
                account = current.get(user_id)
                if account is not None and account.person_id == person_id:
                    continue
                # One id per person and platform: a new account replaces the old one.
                session.execute(delete(PlatformAccount).where(
                    PlatformAccount.platform == platform,
                    PlatformAccount.person_id == person_id,
                    PlatformAccount.user_id != user_id))
                if account is None:
                    session.add(PlatformAccount(person_id=person_id, platform=platform,
                                                user_id=user_id))
                else:
                    account.person_id = person_id  # the user said it is this person
                changed += 1
            record(session, "platform_account", None, "kept", platform=platform,
                   count=changed)
        return changed
