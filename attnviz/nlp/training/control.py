"""What the people watching a run ask of it, and what the training thread does about it.

Requests come from any thread (the page's sessions, the command line's Ctrl-C): pause, resume,
step N batches, stop, skip the final evaluation, evaluate now. The training thread calls
:meth:`RunControl.between_batches` before the first batch and after every batch; that is the only
place where a request takes effect, so the model is only ever touched by the training thread.

Plain Python (no TensorFlow): the whole state machine is tested in milliseconds with a stand-in
training loop (tests/training/test_control.py).

    before the first batch   after a batch                     while paused
    ----------------------   -------------------------------   -----------------------------------
    stop -> leave (nothing   stepping: one batch fewer left;   wait; "evaluate now" is served at
    trained), pause -> wait  none left -> pause. stop ->       once; resume / step / stop wake it
                             leave after this batch
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

#: What :meth:`RunControl.between_batches` tells the training loop.
GO, STOP = "go", "stop"


class RunStopped(Exception):
    """Raised to leave a run before anything trained (a stop asked while it was preparing)."""


@dataclass(frozen=True)
class ControlState:
    """The requests as they stand, copied under the lock (for views and status files)."""

    paused: bool
    stepping: bool  # a step budget is being spent (the run pauses again when it is)
    stopping: bool
    skip_evaluation: bool
    evaluation_requested: bool
    version: int  # grows with every request: a view that saw version v is stale after it


class RunControl:
    """The control state of one run, shared by the requesting threads and the training thread."""

    def __init__(self, *, paused: bool = False):
        self._cond = threading.Condition()
        self._paused = paused
        self._budget: int | None = None  # batches left before pausing again
        self._stop = False
        self._skip_evaluation = False
        self._evaluation_requested = False
        self._version = 0

    # --- requests (any thread) --------------------------------------------------------------------

    def pause(self) -> None:
        with self._cond:
            self._paused, self._budget = True, None
            self._changed()

    def resume(self) -> None:
        with self._cond:
            self._paused, self._budget = False, None
            self._changed()

    def step(self, batches: int = 1) -> None:
        """Run ``batches`` more batches, then pause again."""
        with self._cond:
            self._budget = max(1, int(batches))
            self._paused = False
            self._changed()

    def stop(self, skip_evaluation: bool = False) -> None:
        """Stop after the current batch. Asking twice changes nothing (a double click never throws
        the final evaluation away); skipping the evaluation is a request of its own."""
        with self._cond:
            self._stop = True
            self._skip_evaluation = self._skip_evaluation or bool(skip_evaluation)
            self._changed()

    def request_evaluation(self) -> None:
        with self._cond:
            self._evaluation_requested = True
            self._changed()

    # --- what the training thread reads -------------------------------------------------------------

    @property
    def stopping(self) -> bool:
        with self._cond:
            return self._stop

    @property
    def skip_evaluation(self) -> bool:
        with self._cond:
            return self._skip_evaluation

    def state(self) -> ControlState:
        with self._cond:
            return ControlState(
                self._paused,
                self._budget is not None,
                self._stop,
                self._skip_evaluation,
                self._evaluation_requested,
                self._version,
            )

    def between_batches(
        self,
        *,
        after_batch: bool,
        last_batch: bool = False,
        evaluate: Callable[[], None] | None = None,
        on_pause: Callable[[bool], None] | None = None,
        poll_seconds: float = 0.5,
    ) -> str:
        """Called by the training thread before the first batch (``after_batch=False``) and after
        every batch. Spends the step budget, serves "evaluate now" (``evaluate()``, called without
        the lock), and blocks while paused, telling ``on_pause(True)`` when it starts waiting and
        ``on_pause(False)`` when it goes on. Returns :data:`STOP` or :data:`GO`.

        After the last batch it never pauses (training ends there anyway)."""
        waiting = False
        with self._cond:
            if after_batch and self._budget is not None:
                self._budget -= 1
                if self._budget <= 0:
                    self._budget, self._paused = None, True
            while True:
                if self._stop or (after_batch and last_batch):
                    action = STOP if self._stop else GO
                    break
                if self._evaluation_requested and evaluate is not None:
                    self._evaluation_requested = False
                    self._cond.release()
                    try:
                        evaluate()
                    finally:
                        self._cond.acquire()
                    continue
                if self._paused:
                    if not waiting and on_pause is not None:
                        waiting = True
                        self._cond.release()
                        try:
                            on_pause(True)
                        finally:
                            self._cond.acquire()
                        continue  # a request may have come in while the callback ran
                    waiting = True
                    self._cond.wait(poll_seconds)
                    continue
                action = GO
                break
        if waiting and on_pause is not None:
            on_pause(False)
        return action

    def _changed(self) -> None:
        self._version += 1
        self._cond.notify_all()
