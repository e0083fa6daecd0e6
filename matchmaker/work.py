"""An operation count for the reader, so that tests can assert it stays linear in the input.

A file of a few kilobytes once froze the workers for seconds (a header scan
quadratic in its width). Clocks are noisy in tests, so the reader counts its
steps instead, coarsely: cells visited, header lookups, name-clash probes.
Counting is off (one context-variable read per call) unless a test or a
benchmark asks for it with :func:`counting`.

Examples
--------
>>> with counting() as work:
...     add(3)
...     add(2)
>>> work.steps
5
>>> add(1)  # outside counting(): nothing happens
"""

from __future__ import annotations

import contextlib
import contextvars
from dataclasses import dataclass

__all__ = ["Work", "add", "counting"]


@dataclass
class Work:
    """Steps counted inside one :func:`counting` block."""

    steps: int = 0


_CURRENT: contextvars.ContextVar[Work | None] = contextvars.ContextVar("matchmaker_work", default=None)


def add(steps: int) -> None:
    """Count ``steps`` in the enclosing :func:`counting` block, if any."""
    work = _CURRENT.get()
    if work is not None:
        work.steps += steps


@contextlib.contextmanager
def counting():
    """Count the steps of the code run inside the block; yields the :class:`Work`."""
    work = Work()
    token = _CURRENT.set(work)
    try:
        yield work
    finally:
        _CURRENT.reset(token)
