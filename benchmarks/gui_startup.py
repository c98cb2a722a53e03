"""Time from process start to the first paint of the main window with the demo data.

    python benchmarks/gui_startup.py [--runs 3]

Each run is a fresh `python -m sferum_desk --demo` process (driven through `cli.main`) that
quits right after the main window has painted once. Settings and logs go to a temporary
folder. Runs offscreen unless DISPLAY is set (e.g. under `xvfb-run -a`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

# `import sferum_desk.ui` first, as `python -m sferum_desk` starts: it loads the data layer
# before Qt (PySide's import hook would otherwise read every later module's source).
DRIVER = r"""
import sys, time
import sferum_desk.ui
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not hasattr(self, "done"):
            self.done = time.time()
            print(f"PAINTED {self.done!r} {time.process_time()!r}", flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False

spy = FirstPaint()

from sferum_desk.ui.main_window import MainWindow
original_init = MainWindow.__init__
def init(self, *args, **kwargs):
    original_init(self, *args, **kwargs)
    self.installEventFilter(spy)
MainWindow.__init__ = init

from sferum_desk.cli import main
sys.exit(main(["--demo"]))
"""


def one_run(env: dict) -> tuple[float, float]:
    """(wall, CPU) seconds from process start to the first paint."""
    started = time.time()
    result = subprocess.run([sys.executable, "-c", DRIVER], env=env, capture_output=True,
                            text=True, timeout=120)
    for line in result.stdout.splitlines():
        if line.startswith("PAINTED "):
            _, painted, cpu = line.split()
            return float(painted) - started, float(cpu)
    raise RuntimeError(f"no paint seen: {result.stderr[-2000:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="sferum-desk-startup-")
    env = dict(os.environ, XDG_CONFIG_HOME=home, XDG_DATA_HOME=home, XDG_STATE_HOME=home,
               XDG_CACHE_HOME=home)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    runs = [one_run(env) for _ in range(args.runs)]
    times = [wall for wall, _cpu in runs]
    platform = env.get("QT_QPA_PLATFORM") or "xcb"
    print(f"start → first paint of the main window with demo data ({platform}): "
          f"median {statistics.median(times):.2f} s (CPU "
          f"{statistics.median(cpu for _wall, cpu in runs):.2f} s), runs "
          + ", ".join(f"{t:.2f}" for t in times))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
