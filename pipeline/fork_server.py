"""The fork server the workers are forked from (pipeline.isolation), started as early as a
program likes: it imports its modules on a core of its own while the program goes on with its
start. Only the standard library is imported here, so that starting it costs the caller nothing.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any


def start(modules: Sequence[str]) -> None:
    """Start the fork server now, with ``modules`` imported in it: the first worker then forks
    at once. A server already running is left as it is."""
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload(list(modules))
    with main_module_left_out():
        forkserver.ensure_running()


@contextmanager
def main_module_left_out(*functions: Callable[..., Any] | None) -> Iterator[None]:
    """Start a worker without importing the program's main module in it.

    'spawn' imports the parent's main module again in each worker, and a fork server started
    with modules to preload imports it too, in case what the worker runs was defined there.
    Where every function the worker runs lives in an importable module, the main module (a
    command line, a benchmark, a test runner) would only cost its imports; it is hidden while a
    worker or the server starts.
    """
    main = sys.modules.get("__main__")
    if main is None or any(f is not None and f.__module__ == "__main__" for f in functions):
        yield
        return
    saved = {
        name: main.__dict__[name] for name in ("__file__", "__spec__") if name in main.__dict__
    }
    main.__dict__.pop("__file__", None)
    main.__spec__ = None
    try:
        yield
    finally:
        main.__dict__.update(saved)
