"""The timeout counts a task's own time: time its worker spent waiting for a processor (a busy
machine) does not count, time it spent blocked (a read, a sleep) does."""

from __future__ import annotations

import time

import pipeline.isolation
from pipeline.isolation import Limits, run_isolated

LIMITS = Limits(timeout=0.5)


def test_time_blocked_counts():
    (outcome,) = run_isolated(time.sleep, [("sleep", 1.0)], 1, LIMITS)
    assert (outcome.ok, outcome.error) == (False, "timed out after 0.5 s (--timeout)")
    assert outcome.seconds >= 0.5


def test_time_waiting_for_a_processor_does_not(monkeypatch):
    # As if the worker had waited for a processor all the time since it took the task: the
    # kernel's run delay grows with the clock.
    monkeypatch.setattr(pipeline.isolation, "_run_delay", lambda pid: time.monotonic())
    (outcome,) = run_isolated(time.sleep, [("sleep", 1.0)], 1, LIMITS)
    assert (outcome.ok, outcome.error) == (True, None)
