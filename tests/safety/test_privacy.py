"""Nothing leaves the PC and nothing personal reaches the log: the suite runs with sockets
disabled (proved here), the program imports no network module, and after a full workflow
(import, print, mark joined, a refusal) the log holds no name, phone or birth date."""

from __future__ import annotations

import ast
import logging
import socket
from pathlib import Path

import pytest
from pytest_socket import SocketBlockedError
from safety_helpers import pupils, write_roster

import sferum_desk
from sferum_desk import logs
from sferum_desk.cli import main

NETWORK_MODULES = {"socket", "ssl", "http", "urllib.request", "ftplib", "smtplib", "poplib",
                   "imaplib", "telnetlib", "requests", "httpx", "aiohttp", "urllib3",
                   "websocket", "xmlrpc", "socketserver", "asyncio", "PySide6.QtNetwork",
                   "PySide6.QtWebEngineCore"}  # urllib.parse only parses text: allowed
ALLOWED = {"sferum_desk/db/file_lock.py": {"socket"}}  # gethostname() for the lock message


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_the_suite_runs_with_sockets_disabled():
    with pytest.raises(SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).connect(("127.0.0.1", 80))
    with pytest.raises(SocketBlockedError):
        socket.create_connection(("sferum.ru", 443), timeout=1)


def test_the_program_imports_no_network_module():
    root = Path(sferum_desk.__file__).parent
    found = []
    for path in root.rglob("*.py"):
        relative = path.relative_to(root.parent).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                network = {m for m in NETWORK_MODULES if name == m or name.startswith(m + ".")}
                if network - ALLOWED.get(relative, set()):
                    found.append(f"{relative}: {name}")
    assert found == []


def test_file_lock_uses_the_socket_module_only_for_the_computer_name():
    source = (Path(sferum_desk.__file__).parent / "db" / "file_lock.py").read_text("utf-8")
    assert source.count("socket.") == source.count("socket.gethostname()")


def personal_strings(roster_rows: int) -> list[str]:
    """What the workbook says about people, in the forms a log line could carry it."""
    secrets = []
    for number, (name, born) in enumerate(pupils(roster_rows)):
        last, first, _ = name.split()
        phone = f"{number:07d}"
        secrets += [name, f"{last} {first}", last, f"{last}а",  # the mother's surname too
                    born.strftime("%d.%m.%Y"), born.isoformat(),
                    f"+7916{phone}", f"8916{phone}", f"916{phone}",
                    f"916 {phone[:3]}-{phone[3:5]}-{phone[5:]}"]
    return sorted({s for s in secrets if len(s) >= 4})


def log_text() -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    path = logs.log_file()
    assert path is not None
    return "".join(p.read_text(encoding="utf-8", errors="replace")
                   for p in sorted(path.parent.glob(path.name + "*")))


@pytest.mark.sqlite_only
def test_log_after_a_full_workflow_holds_no_personal_data(school, db_path, tmp_path, capsys):
    rows = 40
    roster = write_roster(tmp_path / "Список 1А.xlsx", rows, unit="1А")
    db = str(db_path)
    url = "https://sferum.ru/?invite=Gq7xR2mPzL4kTt9wQ1sDfE"
    names = tmp_path / "вступили.txt"
    names.write_text("\n".join(" ".join(n.split()[:2]) for n, _ in pupils(rows)[:25]),
                     encoding="utf-8")
    first_pupil = pupils(rows)[0][0]
    steps = [
        (["import", str(roster), "--as", "students"], 0),
        (["link", "add", "--unit", "1А", "--audience", "students", "--url", url], 0),
        (["slips", "--unit", "1А", "--audience", "students", "--named", "--out",
          str(tmp_path / "карточки.pdf")], 0),
        (["joined", "--unit", "1А", "--names-file", str(names), "--audience", "students"], 0),
        (["export-person", "--id", "2", "--out", str(tmp_path / "сведения.pdf")], 0),
        (["transfer", "--student", first_pupil, "--to", "нет такого"], 1),  # a refusal
        (["leave", "--person", first_pupil, "--date", "31.02.2026"], 1),
    ]
    for args, expected in steps:
        assert main(["--db", db, *args]) == expected, (args, capsys.readouterr())
    capsys.readouterr()
    text = log_text()
    assert "import on a sqlite database" in text and "joined on a sqlite database" in text
    assert "transfer refused" in text
    leaked = [s for s in personal_strings(rows) if s in text]
    assert leaked == []
