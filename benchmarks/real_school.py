"""Every job of a large school (10,000 pupils, 20,000 parents) timed as the user meets it:
each command as a whole `python -m sferum_desk …` process, the window from process start to
its first paint, and beside each one a simple peer (the floor) in the same run.

    /work/venv/bin/python benchmarks/real_school.py [--runs 3] [--rows WORD,WORD] [--raw out.json]

`--rows` (or `--only`, repeatable) keeps the rows whose title holds one of the words, e.g.
`--rows stats,xlsx,window` or `--rows "tab reload,search,sort"` for the in-window figures.
Beside wall time the table gives the CPU seconds (user + system) of ours and of the peer, and
the ratio of both: on a machine loaded by others the CPU ratio is the steadier one.

Runs are paired (ours, peer, ours, peer, …) so that a machine that slows down mid-run moves
both; the table shows medians and the median of the per-pair ratios. Commands that change the
database (new-year --apply, erase-left --yes, slips, copy-to, backup) get a fresh copy of the
built school before every run, outside the timing. The window runs offscreen unless DISPLAY
is set (e.g. under `xvfb-run -a`).

Only the public CLI and the window's entry points are used, so the script keeps working while
the code inside changes. `benchmarks/school_10k.py` builds the database (a few seconds).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable

# ---- peers and drivers, each run as its own process (python -c) ---------------------------
PEER_COUNTS = """
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(json.dumps({t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("unit", "staff", "student", "guardian")}))
"""

PEER_GROUP_BY = """
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute('''SELECT s.unit_id, count(*), count(m.id) FROM student s
                     LEFT JOIN membership m ON m.person_id = s.person_id GROUP BY s.unit_id''')
print(json.dumps(rows.fetchall()))
"""

PEER_XLSX = """
import sqlite3, sys
from openpyxl import Workbook
db = sqlite3.connect(sys.argv[1])
book = Workbook(write_only=True)
sheet = book.create_sheet("Обучающиеся")
sheet.append(["ФИО", "Дата рождения", "Класс", "Родители"])
for row in db.execute('''SELECT p.last_name || ' ' || p.first_name || ' ' || p.patronymic,
                                p.birth_date, u.name, group_concat(g.last_name, '; ')
                         FROM student s JOIN person p ON p.id = s.person_id
                         LEFT JOIN unit u ON u.id = s.unit_id
                         LEFT JOIN guardian_link l ON l.student_id = s.id
                         LEFT JOIN guardian gg ON gg.id = l.guardian_id
                         LEFT JOIN person g ON g.id = gg.person_id
                         WHERE p.left_on IS NULL GROUP BY s.id'''):
    sheet.append(list(row))
book.save(sys.argv[2])
"""

_FONT = """
from pathlib import Path
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from sferum_desk.resources_path import resource
FONTS = resource("fonts")
pdfmetrics.registerFont(TTFont("Sans", str(FONTS / "LiberationSans-Regular.ttf")))
"""

PEER_PLATYPUS_REPORT = _FONT + """
import sqlite3, sys
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle
db = sqlite3.connect(sys.argv[1])
rows = [["Класс", "Обучающихся", "Вступили"]] + [list(map(str, r)) for r in db.execute(
    '''SELECT u.name, count(s.id), count(m.id) FROM unit u LEFT JOIN student s ON s.unit_id = u.id
       LEFT JOIN membership m ON m.person_id = s.person_id GROUP BY u.id''')]
table = Table(rows, repeatRows=1)
table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "Sans", 9),
                           ("GRID", (0, 0), (-1, -1), 0.5, "black")]))
SimpleDocTemplate(sys.argv[2], pagesize=A4).build([table])
"""

PEER_PLATYPUS_SHEET = _FONT + """
import sqlite3, sys
from reportlab.lib.pagesizes import A4
from reportlab.platypus import PageBreak, SimpleDocTemplate, Table, TableStyle
db = sqlite3.connect(sys.argv[1])
names = [r[0] for r in db.execute('''SELECT p.last_name || ' ' || p.first_name || ' ' ||
    p.patronymic FROM student s JOIN person p ON p.id = s.person_id WHERE p.left_on IS NULL
    ORDER BY 1''')]
style = TableStyle([("FONT", (0, 0), (-1, -1), "Sans", 9),
                    ("GRID", (0, 0), (-1, -1), 0.5, "black")])
story, per_page = [], 38
for start in range(0, len(names), per_page):  # one Table per page
    page = names[start:start + per_page]
    rows = [["№", "ФИО", "Дата", "Подпись"]] + [[str(start + i + 1), n, "", ""]
                                                for i, n in enumerate(page)]
    story += [Table(rows, colWidths=[30, 260, 80, 120], style=style), PageBreak()]
SimpleDocTemplate(sys.argv[2], pagesize=A4).build(story)
"""

PEER_SLIP_TEXT = _FONT + """
import sqlite3, sys
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
db = sqlite3.connect(sys.argv[1])
rows = db.execute('''SELECT p.last_name || ' ' || p.first_name || ' ' || p.patronymic, u.name
    FROM guardian_link l JOIN guardian g ON g.id = l.guardian_id JOIN person p ON p.id = g.person_id
    JOIN student s ON s.id = l.student_id JOIN unit u ON u.id = s.unit_id
    WHERE l.relation = 'mother' AND p.left_on IS NULL''').fetchall()
canvas = Canvas(sys.argv[2], pagesize=A4)
width, height = A4
for index, (name, unit) in enumerate(rows):  # the slips' text alone, 8 to a page, no QR
    if index and index % 8 == 0:
        canvas.showPage()
    x, y = (index % 2) * width / 2 + 20, height - ((index % 8) // 2 + 1) * height / 4 + 20
    canvas.setFont("Sans", 11)
    canvas.drawString(x, y + 150, "МБОУ «СОШ № 17»: приглашение в «Сферум»")
    canvas.drawString(x, y + 130, name)
    canvas.drawString(x, y + 110, f"Класс {unit}, чат родителей")
    canvas.setFont("Sans", 8)
    canvas.drawString(x, y + 20, "Отсканируйте QR-код камерой телефона")
canvas.save()
"""

PEER_BACKUP = """
import sqlite3, sys
source, target = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
source.backup(target)
target.close()
"""

PEER_VACUUM_INTO = """
import sqlite3, sys
sqlite3.connect(sys.argv[1]).execute("VACUUM INTO ?", (sys.argv[2],))
"""

PEER_INTEGRITY = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute("PRAGMA integrity_check").fetchone()[0])
print(db.execute("PRAGMA foreign_key_check").fetchall())
"""

# A window with a QStandardItemModel of the pupils behind a QSortFilterProxyModel: the floor
# of «start to first painted window» (and, without rows, of an empty window).
PEER_WINDOW = """
import sqlite3, sys, time
from PySide6.QtCore import QEvent, QObject, QSortFilterProxyModel, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication(sys.argv[:1])
window = QMainWindow()
if sys.argv[2] == "rows":
    db = sqlite3.connect(sys.argv[1])
    model = QStandardItemModel()
    for row in db.execute('''SELECT p.last_name || ' ' || p.first_name || ' ' || p.patronymic,
            p.birth_date, u.name FROM student s JOIN person p ON p.id = s.person_id
            LEFT JOIN unit u ON u.id = s.unit_id WHERE p.left_on IS NULL'''):
        model.appendRow([QStandardItem(str(v)) for v in row])
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    window.setCentralWidget(view)
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not hasattr(self, "done"):
            self.done = True
            print(f"PAINTED {time.time()!r}", flush=True)
            QTimer.singleShot(0, app.quit)
        return False
spy = FirstPaint()
window.installEventFilter(spy)
window.resize(1280, 780)
window.show()
app.exec()
"""

# The real window: `python -m sferum_desk --db FILE` as the user starts it, with an event
# filter that reports the main window's first paint and quits.
OUR_WINDOW = """
import sys, time
import sferum_desk.ui  # first, as `python -m sferum_desk` does: the data layer before Qt
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not hasattr(self, "done"):
            self.done = True
            print(f"PAINTED {time.time()!r}", flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False
spy = FirstPaint()
from PySide6.QtWidgets import QMainWindow
original_show = QMainWindow.show
def show(self):
    self.installEventFilter(spy)
    original_show(self)
QMainWindow.show = show
from sferum_desk.cli import main
sys.exit(main(["--db", sys.argv[1]]))
"""

# Inside the real window: search as you type, sort, and the reload after one edit.
IN_WINDOW = """
import json, statistics, sys, time
from pathlib import Path
from PySide6.QtCore import Qt
from sferum_desk.services.dto import GuardianInput, StudentInput
from sferum_desk.ui.app import make_application, open_services
from sferum_desk.ui.main_window import MainWindow
from sferum_desk.ui.tabs.people import GuardiansTab, StudentsTab
app = make_application()
services, close = open_services(Path(sys.argv[1]), False)
window = MainWindow(services)
window.resize(1280, 780)
window.show()
app.processEvents()
def timed(action):
    started = time.perf_counter()
    action()
    app.processEvents()
    return time.perf_counter() - started
def show(cls):
    tab = window.tab(cls)
    window.tabs.setCurrentWidget(tab)
    app.processEvents()
    return tab
out = {}
pupils = show(StudentsTab)
some = pupils.proxy.row_at(pupils.proxy.rowCount() // 3)
query = some.full_name.lower()[:12]
typed = [query[:n] for n in range(1, len(query) + 1)]
typed += typed[-2::-1]  # then backspace
out["search"] = [timed(lambda t=t: pupils.search.setText(t)) for t in typed]
pupils.search.clear()
app.processEvents()
out["sort"] = [timed(lambda c=c, o=o: pupils.view.sortByColumn(c, o))
               for c in range(pupils.model.columnCount())
               for o in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder)]
out["reload_pupils"] = []
for k in range(5):
    row = pupils.proxy.row_at(10 + k)
    def edit(row=row, k=k):
        saved = services.people.save_student(StudentInput(
            full_name=row.full_name, birth_date=f"0{k + 1}.03.2015", unit_id=row.unit_id,
            guardians=[GuardianInput(full_name=g.full_name, relation=g.relation, phone=g.phone,
                                     email=g.email, id=g.id) for g in row.guardians]),
            row.id, expected_version=row.version)
        pupils.after_save(saved)
    out["reload_pupils"].append(timed(edit))
parents = show(GuardiansTab)
out["reload_parents"] = []
for k in range(5):
    row = parents.proxy.row_at(10 + k)
    def edit(row=row, k=k):
        saved = services.people.save_guardian(GuardianInput(
            full_name=row.full_name, phone=f"+7916555{k:04d}", email=row.email, id=row.id),
            row.id, expected_version=row.version)
        parents.after_save(saved)
    out["reload_parents"].append(timed(edit))
print("METRICS " + json.dumps(out), flush=True)
window.close()
close()
"""

PEER_IN_WINDOW = """
import json, sqlite3, sys, time
from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView, QVBoxLayout, QWidget
app = QApplication(sys.argv[:1])
db = sqlite3.connect(sys.argv[1])
model = QStandardItemModel()
names = []
for row in db.execute('''SELECT p.last_name || ' ' || p.first_name || ' ' || p.patronymic,
        p.birth_date, u.name, p.phone FROM student s JOIN person p ON p.id = s.person_id
        LEFT JOIN unit u ON u.id = s.unit_id WHERE p.left_on IS NULL'''):
    model.appendRow([QStandardItem(str(v)) for v in row] + [QStandardItem("")])
    names.append(row[0])
proxy = QSortFilterProxyModel()
proxy.setSourceModel(model)
proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
proxy.setFilterKeyColumn(-1)
widget = QWidget()
layout = QVBoxLayout(widget)
search = QLineEdit()
search.textChanged.connect(proxy.setFilterFixedString)
view = QTableView()
view.setModel(proxy)
view.setSortingEnabled(True)
layout.addWidget(search)
layout.addWidget(view)
widget.resize(1280, 780)
widget.show()
app.processEvents()
def timed(action):
    started = time.perf_counter()
    action()
    app.processEvents()
    return time.perf_counter() - started
query = names[len(names) // 3].lower()[:12]
typed = [query[:n] for n in range(1, len(query) + 1)]
typed += typed[-2::-1]  # then backspace
out = {"search": [timed(lambda t=t: search.setText(t)) for t in typed]}
search.clear()
app.processEvents()
out["sort"] = [timed(lambda c=c, o=o: view.sortByColumn(c, o)) for c in range(model.columnCount())
               for o in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder)]
print("METRICS " + json.dumps(out), flush=True)
"""


# ---- running -----------------------------------------------------------------------------
@dataclass
class Job:
    """One command line; `measure` turns (wall seconds, stdout) into the figure."""
    argv: Callable[[Path], list[str]]  # given the run's folder
    prepare: Callable[[Path], None] | None = None  # untimed, before each run
    measure: Callable[[float, float, str], float] | None = None  # (start, wall, stdout)


@dataclass
class Row:
    title: str
    goal: float | None  # seconds
    ours: Job | None  # None: a floor shown for itself (its peer column)
    peer: Job | None = None
    peer_title: str = ""
    times: list[float] = field(default_factory=list)
    peer_times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # ours: user + system seconds of the process
    peer_cpu: list[float] = field(default_factory=list)


# The rows measured inside one window process (after the command rows).
WINDOW_ROWS = ("tab reload after one edit: pupils", "tab reload after one edit: parents",
               "search per keystroke, inside the window (median)",
               "sort, inside the window (median)")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def painted(start: float, _wall: float, stdout: str) -> float:
    for line in stdout.splitlines():
        if line.startswith("PAINTED "):
            return float(line.split()[1]) - start
    raise RuntimeError("the window never painted:\n" + stdout[-2000:])


class School:
    """The built database and the folders each run works in."""

    def __init__(self, folder: Path, pupils: int):
        self.folder = folder
        self.built = folder / "school.sqlite3"
        self.env = dict(os.environ)
        self.env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(HERE.parent), self.env.get("PYTHONPATH", "")) if p)
        self.env["SFERUM_DESK_HOME"] = str(folder / "home")
        # Compiled once, as an installed program is: no source compiled again on every run.
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
        if not self.env.get("DISPLAY"):
            self.env["QT_QPA_PLATFORM"] = "offscreen"
        started = time.perf_counter()
        result = subprocess.run([PY, str(HERE / "school_10k.py"), str(self.built),
                                 "--pupils", str(pupils)], env=self.env, capture_output=True,
                                text=True)
        if result.returncode:
            raise SystemExit(result.stderr)
        self.build_seconds = time.perf_counter() - started
        print(result.stdout.strip(), flush=True)
        self.db = folder / "run.sqlite3"  # what read-only commands use
        self.fresh()

    def fresh(self, *_args) -> None:
        """A pristine copy of the school for a command that changes it."""
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.db}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.built, self.db)
        for stale in (self.folder / "out").glob("*") if (self.folder / "out").exists() else ():
            stale.unlink()
        (self.folder / "out").mkdir(exist_ok=True)
        shutil.rmtree(self.folder / "config", ignore_errors=True)

    def cli(self, *args: str) -> list[str]:
        return [PY, "-m", "sferum_desk", "--db", str(self.db), *args]

    def py(self, code: str, *args: str) -> list[str]:
        return [PY, "-c", code, *args]

    def run(self, job: Job) -> float:
        if job.prepare:
            job.prepare(self.folder)
        env = dict(self.env, XDG_CONFIG_HOME=str(self.folder / "config"))
        start = time.time()
        began = time.perf_counter()
        cpu_before = _children_cpu()
        result = subprocess.run(job.argv(self.folder), env=env, capture_output=True, text=True,
                                timeout=600)
        wall = time.perf_counter() - began
        self.last_cpu = _children_cpu() - cpu_before
        if result.returncode not in (0, 1) or (result.returncode == 1 and not job.measure):
            raise RuntimeError(f"{job.argv(self.folder)[:6]} exit {result.returncode}: "
                               f"{result.stderr[-1500:]}")
        return job.measure(start, wall, result.stdout) if job.measure else wall


def window_metrics(school: School, runs: int) -> tuple[dict, dict]:
    """In-window figures (ours and the proxy peer), each a list over `runs` processes."""
    ours: dict[str, list[float]] = {}
    peer: dict[str, list[float]] = {}
    for _ in range(runs):
        for code, into in ((IN_WINDOW, ours), (PEER_IN_WINDOW, peer)):
            school.fresh()
            env = dict(school.env, XDG_CONFIG_HOME=str(school.folder / "config"))
            result = subprocess.run(school.py(code, str(school.db)), env=env,
                                    capture_output=True, text=True, timeout=600)
            line = next((x for x in result.stdout.splitlines() if x.startswith("METRICS ")),
                        None)
            if line is None:
                raise RuntimeError("in-window run failed:\n" + result.stderr[-3000:])
            for key, values in json.loads(line[8:]).items():
                into.setdefault(key, []).append(statistics.median(values))
    return ours, peer


def rows(school: School) -> list[Row]:
    out = school.folder / "out"
    units = [f"{grade}{letter}" for grade in range(1, 12)
             for letter in "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ"]
    unit_args = [a for u in units for a in ("--unit", u)]
    fresh = school.fresh

    def last_tab_pupils(folder: Path) -> None:
        fresh()
        conf = folder / "config" / "SferumDesk"
        conf.mkdir(parents=True, exist_ok=True)
        (conf / "Sferum Desk.conf").write_text("[main_window]\nlast_tab=StudentsTab\n")

    empty_window = Job(lambda f: school.py(PEER_WINDOW, str(school.db), "empty"),
                       measure=painted)
    return [
        Row("start to first painted window", 1.0,
            Job(lambda f: school.py(OUR_WINDOW, str(school.db)), fresh, painted),
            Job(lambda f: school.py(PEER_WINDOW, str(school.db), "rows"), measure=painted),
            "QStandardItemModel + proxy"),
        Row("empty window (the floor of any window)", None, None, empty_window,
            "empty QMainWindow"),
        Row("start to first painted window, last tab «pupils»", 1.0,
            Job(lambda f: school.py(OUR_WINDOW, str(school.db)), last_tab_pupils, painted),
            Job(lambda f: school.py(PEER_WINDOW, str(school.db), "rows"), measure=painted),
            "QStandardItemModel + proxy"),
        Row("--version", 0.15, Job(lambda f: school.cli("--version")),
            Job(lambda f: school.py("pass")), "python -c pass"),
        Row("--help", 0.15, Job(lambda f: school.cli("--help")),
            Job(lambda f: school.py("pass")), "python -c pass"),
        Row("stats --json", 0.3, Job(lambda f: school.cli("stats", "--json")),
            Job(lambda f: school.py(PEER_COUNTS, str(school.db))), "sqlite3 counts"),
        Row("new-year (preview) --json", 1.5, Job(lambda f: school.cli("new-year", "--json"))),
        Row("new-year --apply", 1.5, Job(lambda f: school.cli("new-year", "--apply"), fresh)),
        Row("erase-left --days 365 --yes (2,800 people)", 1.5,
            Job(lambda f: school.cli("erase-left", "--days", "365", "--yes"), fresh)),
        Row("report --out x.xlsx", 2.0,
            Job(lambda f: school.cli("report", "--out", str(out / "r.xlsx")), fresh),
            Job(lambda f: school.py(PEER_XLSX, str(school.db), str(out / "p.xlsx"))),
            "sqlite3 + openpyxl"),
        Row("export students --out x.xlsx", 2.0,
            Job(lambda f: school.cli("export", "students", "--out", str(out / "e.xlsx")), fresh),
            Job(lambda f: school.py(PEER_XLSX, str(school.db), str(out / "p.xlsx"))),
            "sqlite3 + openpyxl"),
        Row("report --out x.pdf", 0.8,
            Job(lambda f: school.cli("report", "--out", str(out / "r.pdf")), fresh),
            Job(lambda f: school.py(PEER_PLATYPUS_REPORT, str(school.db), str(out / "p.pdf"))),
            "platypus"),
        Row("coverage --json", 0.4, Job(lambda f: school.cli("coverage", "--json")),
            Job(lambda f: school.py(PEER_GROUP_BY, str(school.db))), "one GROUP BY"),
        # Equal work: ours prints the 10,000 mothers (the fathers joined their classes' chats,
        # see school_10k.py), the peer draws the same mothers' text.
        Row("slips --named (10,000 parents)", 5.0,
            Job(lambda f: school.cli("slips", *unit_args, "--audience", "parents", "--named",
                                     "--out", str(out / "s.pdf")), fresh),
            Job(lambda f: school.py(PEER_SLIP_TEXT, str(school.db), str(out / "p.pdf"))),
            "text alone"),
        Row("sheet for 10,000 people", 2.0,
            Job(lambda f: school.cli("sheet", "--act", "1", "--out", str(out / "a.pdf"))),
            Job(lambda f: school.py(PEER_PLATYPUS_SHEET, str(school.db), str(out / "p.pdf"))),
            "one platypus Table per page"),
        Row("backup --to x", 0.3,
            Job(lambda f: school.cli("backup", "--to", str(out / "b.sqlite3")), fresh),
            Job(lambda f: school.py(PEER_BACKUP, str(school.db), str(out / "p.sqlite3")), fresh),
            "sqlite3 backup API"),
        Row("check", 0.4, Job(lambda f: school.cli("check")),
            Job(lambda f: school.py(PEER_INTEGRITY, str(school.db))), "integrity_check"),
        Row("copy-to x.sqlite3", 0.6,
            Job(lambda f: school.cli("copy-to", str(out / "c.sqlite3")), fresh),
            Job(lambda f: school.py(PEER_VACUUM_INTO, str(school.db), str(out / "p.sqlite3")),
                fresh), "VACUUM INTO"),
    ]


def _figure(values: list[float]) -> str:
    if not values:
        return "—"
    value = statistics.median(values)
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _ratio(row: Row, cpu: bool = False) -> str:
    ours, peer = (row.cpu, row.peer_cpu) if cpu else (row.times, row.peer_times)
    if not peer or not ours:
        return "—"
    return f"×{statistics.median(a / b for a, b in zip(ours, peer) if b):.1f}"


def print_table(table: list[Row]) -> None:
    head = (f"| {'job (10k pupils)':<50} | {'today':>9} | {'cpu':>9} | {'peer':>9} | "
            f"{'peer cpu':>9} | {'peer is':<28} | {'goal':>7} | {'ratio':>6} | "
            f"{'cpu ratio':>9} | {'goal met':<8} |")
    print(head)
    print("|" + "|".join("-" * (len(c)) for c in head.split("|")[1:-1]) + "|")
    for row in table:
        goal = (_figure([row.goal]) if row.goal is not None else "—")
        met = "" if row.goal is None or not row.times else (
            "yes" if statistics.median(row.times) <= row.goal else "no")
        print(f"| {row.title:<50} | {_figure(row.times):>9} | {_figure(row.cpu):>9} | "
              f"{_figure(row.peer_times):>9} | {_figure(row.peer_cpu):>9} | "
              f"{row.peer_title:<28} | {goal:>7} | {_ratio(row):>6} | "
              f"{_ratio(row, cpu=True):>9} | {met:<8} |", flush=True)


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--runs", type=int, default=3)
    options.add_argument("--window-runs", type=int, default=None,
                         help="runs of the rows that start the window (default: --runs)")
    options.add_argument("--pupils", type=int, default=10_000)
    options.add_argument("--rows", "--only", dest="only", action="append", default=[],
                         help="only the rows whose title holds one of these words, comma-"
                              "separated (repeatable), e.g. --rows stats,xlsx,window")
    options.add_argument("--raw", type=Path, help="write every run's figure to this JSON file")
    args = options.parse_args()
    args.window_runs = args.window_runs or args.runs
    args.only = [w.strip() for words in args.only for w in words.split(",") if w.strip()]
    load_before = os.getloadavg()
    folder = Path(tempfile.mkdtemp(prefix="sferum-real-school-"))
    try:
        school = School(folder, args.pupils)
        table = [r for r in rows(school)
                 if not args.only or any(w in r.title for w in args.only)]
        for row in table:
            runs = args.window_runs if "window" in row.title else args.runs
            for job in (row.ours, row.peer):  # a warm-up of each, not counted
                if job is not None:
                    school.run(job)
            for _ in range(runs):
                if row.ours is not None:
                    row.times.append(school.run(row.ours))
                    row.cpu.append(school.last_cpu)
                if row.peer is not None:
                    row.peer_times.append(school.run(row.peer))
                    row.peer_cpu.append(school.last_cpu)
            print(f"  {row.title}: {_figure(row.times)} (peer {_figure(row.peer_times)})",
                  file=sys.stderr, flush=True)
        if not args.only or any(w in title for w in args.only for title in WINDOW_ROWS):
            ours, peer = window_metrics(school, args.window_runs)
            table += [
                Row("tab reload after one edit: pupils", 0.1, None,
                    times=ours["reload_pupils"]),
                Row("tab reload after one edit: parents", 0.1, None,
                    times=ours["reload_parents"]),
                Row("search per keystroke, inside the window (median)", 0.02, None,
                    peer_title="QSortFilterProxyModel", times=ours["search"],
                    peer_times=peer["search"]),
                Row("sort, inside the window (median)", 0.04, None,
                    peer_title="QSortFilterProxyModel", times=ours["sort"],
                    peer_times=peer["sort"]),
            ]
            table = [r for r in table
                     if not args.only or any(w in r.title for w in args.only)]
        print(f"\n{args.pupils} pupils, {args.runs} paired runs each; built in "
              f"{school.build_seconds:.1f} s; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
              f"; window on {school.env.get('QT_QPA_PLATFORM') or 'xcb'}; load average "
              f"{load_before[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the end "
              f"({os.cpu_count()} CPUs)\n")
        print_table(table)
        if args.raw:
            args.raw.write_text(json.dumps(
                {r.title: {"ours": r.times, "ours_cpu": r.cpu, "peer": r.peer_times,
                           "peer_cpu": r.peer_cpu, "goal": r.goal, "peer_is": r.peer_title}
                 for r in table},
                ensure_ascii=False, indent=1), encoding="utf-8")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
