"""An export killed midway leaves no /tmp/openpyxl.* (children's names readable by everyone):
the temporary sheets live in the user's own folder, and the next start removes them."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time

import pytest
from safety_helpers import RUNNER, write_roster

from sferum_desk.cli import main

pytestmark = pytest.mark.sqlite_only  # Popen.kill is TerminateProcess on Windows


def test_a_killed_export_leaves_no_names_in_the_shared_temporary_folder(school, db_path,
                                                                         tmp_path):
    roster = write_roster(tmp_path / "список.xlsx", 200, seed=5)
    assert main(["--db", str(db_path), "import", str(roster), "--as", "students"]) == 0
    shared_tmp, home = tmp_path / "system-tmp", tmp_path / "home"
    shared_tmp.mkdir()
    env = dict(os.environ, TMPDIR=str(shared_tmp), TEMP=str(shared_tmp), TMP=str(shared_tmp),
               SFERUM_DESK_HOME=str(home))  # TEMP and TMP: the system's on Windows
    marker = tmp_path / "paused"
    process = subprocess.Popen(
        [sys.executable, str(RUNNER), "--marker", str(marker), "--pause-after",
         "openpyxl.worksheet._writer:create_temporary_file", "--", "--db", str(db_path),
         "export", "students", "--out", str(tmp_path / "ученики.xlsx")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 180
    while not marker.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    private = home / "tmp" / str(process.pid)
    assert any(private.iterdir())  # the sheet being written is there, for the user alone
    if os.name == "posix":  # Windows: the user's profile folder is private by its ACL
        assert stat.S_IMODE(private.stat().st_mode) == 0o700
    process.kill()
    process.communicate(timeout=60)
    assert list(shared_tmp.iterdir()) == []  # nothing in the shared temporary folder
    done = subprocess.run([sys.executable, "-m", "sferum_desk", "--db", str(db_path), "stats"],
                          capture_output=True, encoding="utf-8", timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert not private.exists()  # the next start removed what the killed one left
    assert not (tmp_path / "ученики.xlsx").exists()


class FakeKernel32:
    """OpenProcess / GetExitCodeProcess / CloseHandle of one process, as Windows answers."""

    def __init__(self, opens: bool, exit_code: int = 259, answers: bool = True):
        self.opens, self.exit_code, self.answers = opens, exit_code, answers
        self.closed: list[int] = []

    def OpenProcess(self, access, inherit, pid):  # noqa: N802 - the Windows names
        return 42 if self.opens else 0

    def GetExitCodeProcess(self, handle, code):  # noqa: N802
        code._obj.value = self.exit_code
        return int(self.answers)

    def CloseHandle(self, handle):  # noqa: N802
        self.closed.append(handle)


@pytest.mark.parametrize("kernel, last_error, alive", [
    (FakeKernel32(opens=True, exit_code=259), 0, True),  # STILL_ACTIVE: running
    (FakeKernel32(opens=True, exit_code=1), 0, False),  # killed, a handle still held to it
    (FakeKernel32(opens=True, answers=False), 0, True),  # cannot tell: its folder stays
    (FakeKernel32(opens=False), 87, False),  # ERROR_INVALID_PARAMETER: no such process
    (FakeKernel32(opens=False), 5, True),  # ERROR_ACCESS_DENIED: someone else's, running
], ids=["running", "killed-but-held", "no-answer", "gone", "not-ours"])
def test_a_windows_process_that_ended_is_not_alive_while_a_handle_holds_it(kernel, last_error,
                                                                          alive):
    """The wine run: the next start kept a killed export's folder, for OpenProcess still
    opens an ended process while its parent holds a handle; the exit code tells."""
    from sferum_desk.services.output_files import _alive_windows

    assert _alive_windows(4242, kernel, lambda: last_error) is alive
    assert kernel.closed == ([42] if kernel.opens else [])
