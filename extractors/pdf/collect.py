"""Building a page without the cycle collector.

A page is thousands of small objects with no cycles among them; the collector, set off every few
hundred allocations, would walk the growing heap again and again for nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    collecting = gc.isenabled()
    if collecting:
        gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
