import datetime as dt

import pytest
from mv_helpers import build_school

from sferum_desk.domain.platform import TaskKind


@pytest.fixture
def built(school):
    """The `school` services with 5А, 5Б, 9А, 11А of four pupils each."""
    return school, build_school(school)


@pytest.fixture
def tasks_of():
    """The open to-do list as (kind, person id, unit id) triples, in order."""
    def read(services, include_done: bool = False):
        return [(TaskKind(t.kind), t.person_id, t.unit_id)
                for t in services.platform.list_tasks(include_done=include_done)]
    return read


@pytest.fixture
def today():
    return dt.date.today()
