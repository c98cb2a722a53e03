"""«Вставить много ссылок»: pasted lines or a table file matched to units and audiences,
previewed, then saved in one step."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy.orm import Session

from sferum_desk.db.models import Organization, Unit
from sferum_desk.domain.enums import Audience
from sferum_desk.domain.errors import UserError
from sferum_desk.domain.kinds import Vocabulary
from sferum_desk.domain.links import (
    audience_title,
    audiences_for_unit,
    check_link,
    find_url,
    parse_audience,
)
from sferum_desk.domain.names import clean_text, fold
from sferum_desk.services.base import Service
from sferum_desk.services.invitations.common import (
    _extra_domains,
    _org_vocab,
    _unit,
    _valid_audience,
)
from sferum_desk.services.invitations.links import _refuse_stored_url, _store_link, _valid_until
from sferum_desk.services.invitations.rows import PasteLine
from sferum_desk.services.invitations.table_files import read_table
from sferum_desk.services.structure import find_unit


class PasteMixin(Service):
    # ---- paste many ------------------------------------------------------------
    def preview_paste(self, text: str) -> list[PasteLine]:
        """Match each non-empty line («5А родители https://…») to a unit; nothing is saved."""
        lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1)
                 if clean_text(line)]
        return self._preview(lines)

    def preview_table_file(self, path: Path | str) -> list[PasteLine]:
        """A two- (or three-) column table: unit, [audience,] link; a header row is skipped."""
        rows = read_table(path)
        lines = [(n, " ".join(cells)) for n, cells in enumerate(rows, start=1)
                 if any(cells) and find_url(" ".join(cells))]
        if not lines:
            raise UserError("В файле нет ни одной ссылки https://: нужен столбец с "
                            "подразделением и столбец со ссылкой.")
        return self._preview(lines)

    def _preview(self, lines: list[tuple[int, str]]) -> list[PasteLine]:
        with self.db.unit_of_work() as session:
            org, vocab = _org_vocab(session)
            extra = _extra_domains(org)
            seen: set[str] = set()
            result = []
            for line_no, source in lines:
                line = _paste_line(session, org, vocab, extra, line_no, clean_text(source))
                if line.url and line.url in seen and not line.problem:
                    line = _with_problem(line, "эта ссылка уже есть выше в списке")
                seen.add(line.url)
                result.append(line)
            return result

    def save_paste(self, lines: Iterable[PasteLine], allow_unknown_domains: bool = False,
                   valid_until: object = None, today: dt.date | None = None) -> int:
        """Save the good lines of a preview in one transaction (each is checked again)."""
        today = today or dt.date.today()
        until = _valid_until(valid_until, today)
        good = [line for line in lines if line.ok]
        if not good:
            raise UserError("Нет ни одной строки, готовой к сохранению: исправьте строки, "
                            "отмеченные в списке.")
        with self.db.unit_of_work() as session:
            org, vocab = _org_vocab(session)
            for line in good:
                unit = _unit(session, line.unit_id)
                audience = _valid_audience(org, unit, line.audience, vocab)
                checked = check_link(line.url, _extra_domains(org))
                if not checked.known_domain and not allow_unknown_domains:
                    raise UserError(f"Адрес «{checked.host}» (строка {line.line_no}) не из "
                                    "списка доменов платформы: подтвердите его или уберите "
                                    "строку.")
                _store_link(session, unit, audience, checked.url, vocab, until, today,
                            source="paste")
        return len(good)


# ---- paste: helpers ------------------------------------------------------------------
_SEPARATORS = re.compile(r"[\t;|]+|\s[-–—:]\s|\s+")
_UNIT_WORDS = {"класс", "группа", "гр", "гр.", "кл", "кл.", "учебная"}


def _paste_line(session: Session, org: Organization, vocab: Vocabulary, extra: list[str],
                line_no: int, source: str) -> PasteLine:
    def line(problem: str, unit: Unit | None = None, audience: Audience | None = None,
             url: str = "", known: bool = True) -> PasteLine:
        return PasteLine(line_no, source, unit.id if unit else None, unit.name if unit else "",
                         audience.value if audience else None,
                         audience_title(audience, vocab) if audience else "", url, known,
                         problem)

    found = find_url(source)
    if found is None:
        return line("в строке нет ссылки https://…")
    raw_url, rest = found
    tokens = [t.strip(":,.-–—«»\"") for t in _SEPARATORS.split(rest)]
    tokens = [t for t in tokens if t]
    audience = None
    if tokens and (audience := parse_audience(tokens[-1], vocab)):
        tokens = tokens[:-1]
    elif tokens and (audience := parse_audience(tokens[0], vocab)):
        tokens = tokens[1:]
    unit = _find_unit_loosely(session, tokens, vocab)
    if unit is None:
        name = " ".join(tokens)
        return line(f"не найдено подразделение «{name}»" if name else
                    "не указано подразделение", audience=audience, url=raw_url)
    if audience is None:
        audience = audiences_for_unit(org.kind, unit.kind)[0]
    try:
        audience = _valid_audience(org, unit, audience, vocab)
        checked = check_link(raw_url, extra)
        _refuse_stored_url(session, checked.url, unit, audience, vocab)
    except UserError as error:
        return line(_lower_first(error.message), unit, audience, raw_url)
    return line("", unit, audience, checked.url, checked.known_domain)


def _find_unit_loosely(session: Session, tokens: list[str], vocab: Vocabulary) -> Unit | None:
    """The unit a pasted line names. Not a matcher of its own: it asks the one matcher
    (`find_unit`, domain/units.py) with the words as pasted, then once more without the unit
    words a line may carry that the matcher does not drop — «учебная» of «Учебная группа» and
    the organisation's own word for a unit («Кружок»: vocabulary overrides), which must not
    change how every other caller matches (tests/invitations/test_paste_unit_words.py)."""
    if not tokens:
        return None
    unit = find_unit(session, " ".join(tokens))
    if unit is None:
        words = _UNIT_WORDS | {fold(vocab.unit)}
        kept = [t for t in tokens if fold(t) not in words]
        if kept and kept != tokens:
            unit = find_unit(session, " ".join(kept))
    return unit


def _with_problem(line: PasteLine, problem: str) -> PasteLine:
    return PasteLine(line.line_no, line.source, line.unit_id, line.unit_name, line.audience,
                     line.audience_title, line.url, line.known_domain, problem)


def _lower_first(text: str) -> str:
    text = text.rstrip(".")
    if len(text) > 1 and text[1].isupper():  # an abbreviation stays as it is
        return text
    return text[:1].lower() + text[1:]
