"""At most a few page runs compute at once.

Streamlit runs each visitor's script in its own thread, and Python runs one thread at a time: when
thirty students open a page together, thirty scripts share one core with the server's own event
loop, which then answers nothing (not even the health check a host uses to decide the app is
alive) and sends their pages late, all at the end. Here a run waits for one of ``ATTNVIZ_PAGE_RUNS``
slots before its page's code starts; the total work is the same, but students see their pages one
after the other from the start and the server keeps answering. A run never waits longer than
``MAX_WAIT_SECONDS``: a slow page (a model loading) delays the others by that much at most.

Measured (30 first visits to the playground at once, 2 cores; ``python -m attnviz bench --parts
load``): 1 slot: first render p50 0.96 s, p95 1.65 s, health check at most 0.03 s; 2 slots: p50
1.6 s, p95 1.64 s, health 0.11 s; no gate: p50 1.7 s, health 1.4 s.
"""

from __future__ import annotations

import gc
import os
import threading
from contextlib import contextmanager

DEFAULT_SLOTS = 1
MAX_WAIT_SECONDS = 2.0


def _slots() -> int:
    text = os.environ.get("ATTNVIZ_PAGE_RUNS", "").strip()
    return int(text) if text.isdigit() and int(text) > 0 else DEFAULT_SLOTS


_gate = threading.BoundedSemaphore(_slots())


@contextmanager
def page_run_slot(max_wait: float = MAX_WAIT_SECONDS):
    """Hold a slot while the page's code runs (or run without one after ``max_wait`` seconds)."""
    acquired = _gate.acquire(timeout=max_wait)
    try:
        yield acquired
    finally:
        if acquired:
            _gate.release()


# --- long texts on the model pages ---------------------------------------------------------------------

HEAVY_TOKENS = 128  # beyond this a heatmap request costs hundreds of MB (it grows with tokens²)
HEAVY_MAX_WAIT_SECONDS = 60.0
_heavy_gate = threading.BoundedSemaphore(1)


@contextmanager
def heavy_turn(max_wait: float | None = None):
    """One long-text request at a time in the whole server (its memory peak is then the bound):
    yields True once it is this request's turn, False when the wait ran out."""
    acquired = _heavy_gate.acquire(timeout=HEAVY_MAX_WAIT_SECONDS if max_wait is None else max_wait)
    try:
        if acquired:
            # The arrays of earlier long requests can survive their run in reference cycles (a
            # stopped or rerun script's traceback holds its frames) until Python's next full
            # collection, which may come much later: collect them before making new ones.
            gc.collect()
        yield acquired
    finally:
        if acquired:
            _heavy_gate.release()
