"""Every model the server holds for its pages (classifiers, readers, translators, generators,
fill-in models) under one memory budget: the least recently used are unloaded first to make room,
and a model that cannot fit even alone is refused with the numbers.

Sizes are estimates from the weights on disk (what a model holds once loaded, about the size of its
weights; loading briefly needs about twice); the budget is the one the fine-tuning page uses
(``ATTNVIZ_MEMORY_BUDGET_MB``), less what the app holds with nothing loaded.
"""

from __future__ import annotations

import gc
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path

from attnviz.nlp import memory
from attnviz.nlp.errors import NlpError

APP_BASE_MB = 700.0  # the server with TensorFlow imported: the load bench measured 860 MB with MiniLM (90 MB)
LOAD_PEAK_FACTOR = 2.0  # loading tf_model.h5 briefly holds the weights about twice


def weights_mb(folder: Path) -> float:
    """Size of the weights a folder loads (tf_model*.h5, else model*.safetensors)."""
    folder = Path(folder)
    for pattern in ("tf_model*.h5", "model*.safetensors"):
        files = list(folder.glob(pattern))
        if files:
            return sum(f.stat().st_size for f in files) / 2**20
    return 0.0


@dataclass
class _Held:
    value: object
    name: str
    size_mb: float


class ModelShelf:
    def __init__(self, budget_mb: Callable[[], float] = memory.budget_mb, base_mb: float = APP_BASE_MB):
        self._budget_mb, self._base_mb = budget_mb, base_mb
        self._lock = threading.RLock()
        self._held: OrderedDict[Hashable, _Held] = OrderedDict()

    def held(self) -> list[tuple[str, float]]:
        """(name, MB) of what is loaded, least recently used first."""
        with self._lock:
            return [(h.name, h.size_mb) for h in self._held.values()]

    def room_mb(self) -> float:
        return self._budget_mb() - self._base_mb

    def get(
        self, key: Hashable, load: Callable[[], object], *, name: str, size_mb: float
    ) -> tuple[object, list[str]]:
        """The model for ``key``, loading it (``load()``) when not held. Returns it and the names of
        the models unloaded to make room (shown to the user)."""
        with self._lock:
            if key in self._held:
                self._held.move_to_end(key)
                return self._held[key].value, []
            room = self.room_mb()
            if LOAD_PEAK_FACTOR * size_mb > room:
                raise NlpError(
                    "over_memory_budget",
                    f"Loading {name} needs about {LOAD_PEAK_FACTOR * size_mb:.0f} MB; the server keeps "
                    f"{room:.0f} MB for models within its {self._budget_mb():.0f} MB budget.",
                    need=f"{LOAD_PEAK_FACTOR * size_mb:.0f}",
                    used=f"{self._base_mb:.0f}",
                    budget=f"{self._budget_mb():.0f}",
                )
            evicted = []
            while (
                self._held and sum(h.size_mb for h in self._held.values()) + LOAD_PEAK_FACTOR * size_mb > room
            ):
                _, dropped = self._held.popitem(last=False)
                evicted.append(dropped.name)
            if evicted:
                gc.collect()  # sessions still drawing with a dropped model keep it until their run ends
            value = load()
            self._held[key] = _Held(value, name, size_mb)
            return value, evicted

    def drop_kind(self, kind: str, *, keep: Hashable = None) -> None:
        """Unload every model whose key is a tuple starting with ``kind`` (but ``keep``): the
        translation page holds one translator at a time."""
        with self._lock:
            for key in [k for k in self._held if isinstance(k, tuple) and k[:1] == (kind,) and k != keep]:
                del self._held[key]
