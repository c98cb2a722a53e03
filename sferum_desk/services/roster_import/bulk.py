"""The cyclic garbage collector paused over an import's bulk work.

Reading, planning and writing a 10,000-pupil list makes some hundreds of thousands of objects
that live until the import ends (rows, records, plans) and next to no reference cycles. Each
full collection walks the whole heap for nothing: four of them were 15% of the import's CPU
time (measured: benchmarks/import_bench.py). Reference counting still frees everything as
before; the collector is only held back until the use case returns (then it runs again by
its own thresholds), so the 100,000-row peak memory stays as it was.
"""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable)
_lock = threading.Lock()
_inside = 0  # use cases running under `collector_paused` now (the wizard's worker, the window)
_enable_after = False  # whether the collector was on when the first of them began


def collector_paused(function: F) -> F:
    """Run `function` with the cyclic collector off; it is on again when the last such use
    case returns (unless it was off before the first began)."""
    @functools.wraps(function)
    def paused(*args, **kwargs):
        _enter()
        try:
            return function(*args, **kwargs)
        finally:
            _leave()
    return paused  # type: ignore[return-value]


def _enter() -> None:
    global _inside, _enable_after
    with _lock:
        if _inside == 0:
            _enable_after = gc.isenabled()
            gc.disable()
        _inside += 1


def _leave() -> None:
    global _inside
    with _lock:
        _inside -= 1
        if _inside == 0 and _enable_after:
            gc.enable()
