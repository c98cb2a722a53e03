"""The platform's member list file in «Список вступивших»: open a CSV export of a «Сферум»
chat or a JSON list of a MAX chat, show it in the same review, keep the confirmed user ids."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from sferum_desk.services.invitations import MATCH_ALREADY
from sferum_desk.services.invitations.member_lists import MemberListReview
from sferum_desk.ui import file_dialogs

FILE_FILTER = "Участники чата (*.csv *.json *.txt *.xlsx)"


def ask_member_file(parent: QWidget | None) -> Path | None:
    return file_dialogs.ask_open_path(parent, file_dialogs.IMPORT, "Участники чата",
                                      FILE_FILTER)


def save_review(services, review: MemberListReview, lines, on, unit_id=None,
                audience=None) -> int:
    """Keep the ids of the members the review ties to one of ours (ticked, or already
    joined), and mark the ticked ones joined; returns how many were marked."""
    confirmed = [(m.member, line.person_id) for m, line in zip(review.matches, lines)
                 if line.person_id is not None and (line.ticked or
                                                    line.match.status == MATCH_ALREADY)]
    join = [line.person_id for line in lines if line.ticked and line.person_id]
    return services.member_lists.save(review.platform, confirmed, join, on, unit_id=unit_id,
                                      audience=audience).joined
