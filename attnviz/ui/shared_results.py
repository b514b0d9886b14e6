"""A few computed results kept for every session of the server (thirty students opening the same
example compute it once), the most recently used kept when full. Thread-safe: sessions run in
threads of their own."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable


class SharedResults:
    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable):
        """The kept result, or None."""
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: Hashable, value: object) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
