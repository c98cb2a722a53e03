"""The cyclic garbage collector paused over work that makes many objects and no garbage.

Two such kinds of work:
* **Bulk use cases.** Reading, planning and writing a 10,000-pupil list makes some hundreds
  of thousands of objects that live until the import ends (rows, records, plans) and next to
  no reference cycles. Each full collection walks the whole heap for nothing: four of them
  were 15% of the import's CPU time (benchmarks/import_bench.py).
* **Loading modules.** SQLAlchemy, the models and the importers make tens of thousands of
  long-lived objects (classes, functions, tables) while they load; the collector ran some
  dozens of times over them, 0.1 s of the 0.6 s that `import` took to load its modules
  (#12).

Reference counting still frees everything as before; the collector is only held back until
the work ends (then it runs again by its own thresholds), so the 100,000-row peak memory stays
as it was. Nested and concurrent pauses (the wizard's worker beside the window) share one
count: the collector is on again when the last of them ends, unless it was off before.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

F = TypeVar("F", bound=Callable)
_lock = threading.Lock()
_inside = 0  # pauses running now
_enable_after = False  # whether the collector was on when the first of them began


@contextlib.contextmanager
def collector_paused_over() -> Iterator[None]:
    """The collector off for the `with` block."""
    _enter()
    try:
        yield
    finally:
        _leave()


def collector_paused(function: F) -> F:
    """Run `function` with the cyclic collector off (a bulk use case)."""
    @functools.wraps(function)
    def paused(*args, **kwargs):
        with collector_paused_over():
            return function(*args, **kwargs)
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
