"""Regression: PySide6 6.12.0 drops a reference to `True` on every signal emit, so a
long session (or the test run's shutdown) aborts with «bool_dealloc». pyproject.toml
excludes that release; this test catches the bug in any release we move to."""

import gc
import sys

import pytest

from sferum_desk.ui.signals import PEOPLE, DataSignals


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="True is immortal from Python 3.12")
def test_emitting_signals_keeps_the_reference_count_of_true(qapp):
    signals = DataSignals()
    seen = []
    signals.changed.connect(seen.append)
    gc.disable()
    try:
        before = sys.getrefcount(True)
        for _ in range(500):
            signals.changed.emit(PEOPLE)
        after = sys.getrefcount(True)
    finally:
        gc.enable()
    assert len(seen) == 500
    assert before - after < 50  # the broken binding loses exactly one per emit: 500
