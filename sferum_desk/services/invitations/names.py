"""«Список вступивших»: pasted or filed names matched to the people of a unit (rapidfuzz);
nothing is saved, the user reviews the matches."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from rapidfuzz import fuzz, process

from sferum_desk.domain.enums import Audience
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.kinds import Vocabulary
from sferum_desk.domain.links import audiences_for_unit, parse_audience
from sferum_desk.domain.names import fold
from sferum_desk.services.base import Service
from sferum_desk.services.invitations.common import _org_vocab, _unit, _units_sorted
from sferum_desk.services.invitations.coverage import _audience_status
from sferum_desk.services.invitations.rows import (
    MATCH_ALREADY,
    MATCH_AMBIGUOUS,
    MATCH_NONE,
    MATCH_OK,
    MAYBE_SCORE,
    SURE_SCORE,
    TIE_MARGIN,
    AudiencePerson,
    NameCandidate,
    NameMatch,
)
from sferum_desk.services.invitations.table_files import _split_cells, read_table


class NamesMixin(Service):
    def match_joined_names(self, unit_id: int | None, text: str,
                           audience: str | None = None) -> list[NameMatch]:
        """Match pasted names («Фамилия Имя», maybe with a role column) to the people of a
        unit (all units when None); nothing is saved."""
        rows = [_split_cells(line) for line in text.splitlines()]
        return self._match_rows(unit_id, rows, audience)

    def match_joined_file(self, unit_id: int | None, path: Path | str,
                          audience: str | None = None) -> list[NameMatch]:
        return self._match_rows(unit_id, read_table(path), audience)

    def _match_rows(self, unit_id: int | None, rows: list[list[str]],
                    audience: str | None) -> list[NameMatch]:
        with self.db.unit_of_work() as session:
            org, vocab = _org_vocab(session)
            units = [_unit(session, unit_id)] if unit_id is not None else _units_sorted(session)
            pool: list[tuple[AudiencePerson, str]] = []
            for unit in units:
                for aud in audiences_for_unit(org.kind, unit.kind):
                    if audience is None or aud.value == audience:
                        pool.extend((p, aud.value) for p in _audience_status(session, unit, aud))
        matcher = _NameMatcher(pool)
        result = []
        for line_no, cells in enumerate(rows, start=1):
            name, role = _name_and_role(cells, vocab)
            if name:
                result.append(matcher.match(line_no, " ".join(c for c in cells if c), name,
                                            role))
        if not result:
            raise UserError("Не нашлось ни одного имени: вставьте список вида «Фамилия Имя», "
                            "по одному на строке.")
        return result


# ---- joined names: helpers --------------------------------------------------------------
_NUMBERING = re.compile(r"^\s*\d+\s*[.)]?\s+")
_NOT_LETTERS = re.compile(r"[^a-zа-я\s-]+")
_HEADER_WORDS = {"фио", "ф.и.о.", "имя", "фамилия", "участник", "участники", "роль",
                 "фамилия имя", "имя фамилия", "name"}


def _name_and_role(cells: list[str], vocab: Vocabulary) -> tuple[str, Audience | None]:
    """The cell that holds a name and, if another cell names a role, that role."""
    name, role = "", None
    for cell in cells:
        text = _NUMBERING.sub("", cell)
        words = _NOT_LETTERS.sub(" ", fold(text)).split()
        if not words or fold(text) in _HEADER_WORDS:
            continue
        audience = parse_audience(text, vocab) if len(words) <= 2 else None
        if audience is not None and (name or len(words) == 1):
            role = role or audience
        elif not name and len(words) >= 2:
            name = " ".join(words)
    return name, role


class _NameMatcher:
    """rapidfuzz over «фамилия имя» and «фамилия имя отчество» of each person: word order,
    a missing patronymic, ё/е and small typos do not matter."""

    def __init__(self, pool: list[tuple[AudiencePerson, str]]):
        self.pool = pool
        self.keys: list[str] = []
        self.owners: list[int] = []
        for index, (person, _) in enumerate(pool):
            words = _NOT_LETTERS.sub(" ", fold(person.full_name)).split()
            for key in {" ".join(words[:2]), " ".join(words)}:
                self.keys.append(key)
                self.owners.append(index)

    def match(self, line_no: int, source: str, name: str, role: Audience | None) -> NameMatch:
        best: dict[int, float] = {}
        for _, score, key_index in process.extract(
                name, self.keys, scorer=fuzz.token_sort_ratio, limit=None,
                score_cutoff=MAYBE_SCORE - 15):
            owner = self.owners[key_index]
            best[owner] = max(best.get(owner, 0.0), score)
        if role is not None and any(self.pool[i][1] == role.value for i in best):
            best = {i: s for i, s in best.items() if self.pool[i][1] == role.value}
        ranked = sorted(best.items(), key=lambda item: -item[1])
        candidates = _dedupe_people(
            NameCandidate(self.pool[i][0].person_id, self.pool[i][0].full_name,
                          self.pool[i][0].detail, self.pool[i][1], round(score, 1))
            for i, score in ranked)
        return NameMatch(line_no, source, name, _match_status(candidates, self.pool),
                         tuple(c for c in candidates if c.score >= MAYBE_SCORE - 15)[:5])


def _dedupe_people(candidates: Iterable[NameCandidate]) -> list[NameCandidate]:
    """A parent of two classes is one person: keep their best line only."""
    seen, result = set(), []
    for candidate in candidates:
        if candidate.person_id not in seen:
            seen.add(candidate.person_id)
            result.append(candidate)
    return result


def _match_status(candidates: list[NameCandidate],
                  pool: list[tuple[AudiencePerson, str]]) -> str:
    if not candidates or candidates[0].score < MAYBE_SCORE:
        return MATCH_NONE
    top = candidates[0]
    tied = len(candidates) > 1 and candidates[1].score >= top.score - TIE_MARGIN
    if top.score < SURE_SCORE or tied:
        return MATCH_AMBIGUOUS
    joined = any(p.person_id == top.person_id and p.joined_on for p, _ in pool)
    return MATCH_ALREADY if joined else MATCH_OK
