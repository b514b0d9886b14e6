"""Wrong teacher passwords slow the guesser down: after a few failures from one client, that
client waits, longer each time. The right password still works for everyone else at once."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

FREE_TRIES = 5  # wrong passwords allowed before the first wait
FIRST_WAIT_S = 30.0
MAX_WAIT_S = 15 * 60.0
FORGET_AFTER_S = 60 * 60.0  # a client that stayed quiet this long starts afresh


class LoginThrottle:
    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, tuple[int, float]] = {}  # client -> (wrong tries, time of the last)

    def wait_seconds(self, client: str) -> float:
        """How long ``client`` must wait before its next try (0: it may try now)."""
        with self._lock:
            count, last = self._failures.get(client, (0, 0.0))
            now = self._clock()
            if now - last > FORGET_AFTER_S:
                self._failures.pop(client, None)
                return 0.0
            if count < FREE_TRIES:
                return 0.0
            wait = min(MAX_WAIT_S, FIRST_WAIT_S * 2 ** (count - FREE_TRIES))
            return max(0.0, last + wait - now)

    def failed(self, client: str) -> None:
        with self._lock:
            count, _ = self._failures.get(client, (0, 0.0))
            self._failures[client] = (count + 1, self._clock())

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)
