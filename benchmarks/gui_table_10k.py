"""The pupils' table with 10,000 rows: load, search as you type, sort (offscreen).

    python benchmarks/gui_table_10k.py
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _rows(count: int):
    from sferum_desk.services.dto import GuardianBrief, StudentRow

    rng = random.Random(1)
    surnames = ["Ёлкин", "Елисеев", "Жуков", "Иванов", "Семёнов", "Петров", "Соколов"]
    names = ["Лев", "Иван", "Пётр", "Артём", "Олег", "Ян", "Мария", "Алёна"]
    rows = []
    for pid in range(1, count + 1):
        guardians = tuple(GuardianBrief(count * 2 + pid * 2 + k, f"{rng.choice(surnames)}а "
                                        f"{rng.choice(names)} Ивановна", "mother",
                                        f"+7916{rng.randrange(10**7):07d}") for k in range(2))
        rows.append(StudentRow(pid, f"{rng.choice(surnames)} {rng.choice(names)} Петрович",
                               dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3000)),
                               pid % 40, f"{pid % 11 + 1}{'АБВГ'[pid % 4]}", guardians))
    return rows


def main() -> int:
    from PySide6.QtCore import Qt

    from sferum_desk.db.engine import open_database
    from sferum_desk.services import Services
    from sferum_desk.services.dto import OrganizationData
    from sferum_desk.ui.app import make_application
    from sferum_desk.ui.signals import DataSignals
    from sferum_desk.ui.tabs.people import StudentsTab

    app = make_application()
    services = Services.over(open_database(Path(tempfile.mkdtemp()) / "bench.sqlite3"))
    services.organization.save(OrganizationData(kind="school", full_name="Школа"))
    tab = StudentsTab(services, DataSignals())
    tab.resize(1280, 720)
    tab.show()
    rows = _rows(10_000)

    started = time.perf_counter()
    tab.model.set_rows(rows)
    app.processEvents()
    load = time.perf_counter() - started

    keystrokes = []
    for text in ("е", "ел", "елк", "елки", "елкин", "елкин п", "елкин пе"):
        started = time.perf_counter()
        tab.search.setText(text)
        app.processEvents()
        keystrokes.append(time.perf_counter() - started)
    found = tab.proxy.rowCount()
    tab.search.clear()

    sorts = {}
    for column, order in ((0, Qt.SortOrder.AscendingOrder), (1, Qt.SortOrder.AscendingOrder),
                          (2, Qt.SortOrder.DescendingOrder), (0, Qt.SortOrder.DescendingOrder)):
        started = time.perf_counter()
        tab.view.sortByColumn(column, order)
        app.processEvents()
        sorts[f"col{column}{'↑' if order == Qt.SortOrder.AscendingOrder else '↓'}"] = (
            time.perf_counter() - started)

    print(f"10,000 pupils: load into the model {load * 1000:.0f} ms; search per keystroke "
          f"median {statistics.median(keystrokes) * 1000:.0f} ms, max "
          f"{max(keystrokes) * 1000:.0f} ms ({found} found); sort "
          + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in sorts.items()))
    services.db.close()
    tab.deleteLater()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
