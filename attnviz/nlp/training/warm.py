"""Trainers prepared before anyone presses start, and kept between runs.

Keras traces the training step the first time ``fit`` runs: 10-20 s on a 2-core CPU before the
first step appears. The page asks the pool to :meth:`~TrainerPool.prepare` a trainer for the
settings in the form while the teacher fills it in (in a background thread, only while no run
trains); a run whose settings match takes it and starts training at once. When a run ends its
trainer comes back (weights reset to the pretrained ones), so the next run with the same model and
settings starts at once too.

One trainer is kept at a time (a model and Adam's moments: 0.1-0.5 GB), the newest.
"""

from __future__ import annotations

import threading
import time
import traceback

from attnviz.nlp.training.settings import TrainSettings


class TrainerPool:
    def __init__(self, *, enabled: bool = True):
        self.enabled = enabled
        self._lock = threading.Condition()
        self._ready = None  # a Trainer nobody uses
        self._preparing = None  # the TrainerKey being prepared
        self._thread: threading.Thread | None = None
        self.last_error: str | None = None
        self.prepared_seconds: float | None = None

    # --- for runs --------------------------------------------------------------------------------

    def take(self, key, wait_seconds: float = 120.0):
        """The trainer for ``key`` if one is ready (waiting while it is being prepared), else None."""
        with self._lock:
            deadline = time.monotonic() + wait_seconds
            while self._preparing == key and time.monotonic() < deadline:
                self._lock.wait(0.5)
            if self._ready is not None and self._ready.key == key:
                trainer, self._ready = self._ready, None
                return trainer
        return None

    def give_back(self, trainer) -> None:
        """A run is done with ``trainer``: keep it (reset) for the next run, in place of any other."""
        if not self.enabled:
            trainer.release()
            return
        try:
            trainer.reset()
        except Exception:  # noqa: BLE001 - a trainer that cannot be reset is not kept
            trainer.release()
            return
        with self._lock:
            old, self._ready = self._ready, trainer
            self._lock.notify_all()
        if old is not None and old is not trainer:
            old.release()

    # --- for the page ----------------------------------------------------------------------------

    def ready_key(self):
        with self._lock:
            return self._ready.key if self._ready is not None else None

    def state(self, key) -> str:
        """ "ready", "preparing" or "" for ``key``."""
        with self._lock:
            if self._ready is not None and self._ready.key == key:
                return "ready"
            return "preparing" if self._preparing == key else ""

    def prepare(self, key, settings: TrainSettings, max_length: int, *, busy=lambda: False) -> bool:
        """Start preparing a trainer for ``key`` in the background, unless one is ready or being
        prepared, or ``busy()`` (a run is training: it would slow it down). True when started."""
        if not self.enabled or not key.model:
            return False
        with self._lock:
            if self._preparing is not None or (self._ready is not None and self._ready.key == key) or busy():
                return False
            self._preparing = key
            self._thread = threading.Thread(
                target=self._prepare,
                args=(key, settings, max_length),
                name="attnviz-prepare-trainer",
                daemon=True,
            )
            self._thread.start()
            return True

    def _prepare(self, key, settings: TrainSettings, max_length: int) -> None:
        from attnviz.nlp.training.model_setup import limit_tf_threads
        from attnviz.nlp.training.trainer import Trainer

        started = time.perf_counter()
        trainer = None
        try:
            limit_tf_threads()
            trainer = Trainer.build(key, settings)
            trainer.trace()
            trainer.warm_evaluation(max_length, with_probes=bool(settings.probes))
            self.prepared_seconds = time.perf_counter() - started
            self.last_error = None
        except Exception as error:  # noqa: BLE001 - the run will build its own trainer and say why
            self.last_error = f"{type(error).__name__}: {error}"
            traceback.print_exc()
            if trainer is not None:
                trainer.release()
            trainer = None
        with self._lock:
            self._preparing = None
            if trainer is not None:
                old, self._ready = self._ready, trainer
            else:
                old = None
            self._lock.notify_all()
        if old is not None:
            old.release()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait for a preparation in progress (tests, benchmarks)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def clear(self) -> None:
        with self._lock:
            old, self._ready = self._ready, None
        if old is not None:
            old.release()
