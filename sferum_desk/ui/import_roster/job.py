"""A roster import step (dry run or the import itself) in a worker thread.

The service call is the whole job; progress and cancel pass through plain callbacks, so the
service never sees Qt. Progress is left in `state`, which the wizard reads on a 100 ms timer:
no cross-thread signal per step, and the bar moves at a steady pace however fast the steps.
The outcome is read on `finished`, in the GUI thread, once the thread has stopped: closing
the wizard afterwards can never destroy a running thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QThread

from sferum_desk.domain.errors import UserError
from sferum_desk.services.roster_import import ImportCancelled


class ImportJob(QThread):

    def __init__(self, work: Callable[[Callable, Callable], object], parent=None):
        """`work(progress, cancelled)` runs in the thread and returns the result."""
        super().__init__(parent)
        self._work = work
        self._stop = threading.Event()
        self.result = None
        self.error = ""
        self.was_cancelled = False
        self.state: tuple[int, int, str] = (0, 100, "")  # done, total, stage

    def cancel(self) -> None:
        self._stop.set()

    def is_cancel_requested(self) -> bool:
        return self._stop.is_set()

    def run(self) -> None:
        try:
            self.result = self._work(self._progress, self._stop.is_set)
        except ImportCancelled:
            self.was_cancelled = True
        except UserError as error:
            self.error = error.message
        except Exception:  # noqa: BLE001 - a worker's failure is a sentence, never a dead window
            logging.getLogger(__name__).exception("import step failed")
            self.error = ("Файл слишком большой или повреждён: его не удалось прочитать; "
                          "сохраните в Excel только сам список и попробуйте снова.")

    def run_and_wait(self) -> None:
        """Start and wait for the end while the window keeps repainting (a local event
        loop): the reading runs in the worker, the caller carries on synchronously."""
        from PySide6.QtCore import QEventLoop

        loop = QEventLoop()
        self.finished.connect(loop.quit)
        self.start()
        if not self.isFinished():
            loop.exec()
        self.wait()

    def _progress(self, done: int, total: int, stage: str) -> None:
        self.state = (done, total, stage)  # one atomic assignment
