"""A fine-tuning run in a background thread, controlled from other threads (the page's sessions,
the command line's Ctrl-C).

:meth:`TrainingJob.start` runs :class:`~.procedure.FineTuning` in a daemon thread. Other threads
only send requests (:meth:`pause`, :meth:`step`, :meth:`resume`, :meth:`stop`, :meth:`evaluate_now`:
see :mod:`.control`) and read :meth:`view`. The model is touched by the training thread only.

Faults: any exception while preparing or training ends the run as ``failed`` with a code and a
one-line message in ``status.json`` (the full traceback in ``error.log``); the metrics stay, and
what was learnt so far is saved as the last checkpoint when training had begun.
"""

from __future__ import annotations

import contextlib
import errno
import threading
import traceback
from collections.abc import Callable

from attnviz.nlp.errors import NlpError
from attnviz.nlp.training import runs
from attnviz.nlp.training.control import RunControl, RunStopped
from attnviz.nlp.training.progress import RunProgress, RunView
from attnviz.nlp.training.runs import FAILED, STOPPED, RunFolder
from attnviz.nlp.training.settings import TrainSettings
from attnviz.nlp.training.writer import RunWriter

MEMORY_LIMIT_HINT = "lower the maximum length or the batch size, or train fewer layers"
JobView = RunView  # what the page reads (kept under its old name for the views)


class TrainingJob:
    """A run: :meth:`start` it, control it from any thread, :meth:`wait` for it."""

    def __init__(
        self,
        settings: TrainSettings,
        folder: RunFolder,
        *,
        owner: str = "",
        on_done: Callable[[TrainingJob], None] | None = None,
        extra_callbacks: list | None = None,
        data=None,
        trainers=None,
    ):
        self.settings = settings
        self.folder = folder
        self.name = folder.name
        self.owner = owner
        self.control = RunControl()
        self.progress = RunProgress(
            folder.name,
            batch_size=int(settings.batch_size),
            eval_every=int(settings.eval_every),
            test_examples=int(settings.test_size),
        )
        self.writer = RunWriter(folder)
        self._on_done = on_done
        self._extra_callbacks = list(extra_callbacks or [])
        self._data = data
        self._trainers = trainers
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._done = threading.Event()

    # --- requests (any thread) ---------------------------------------------------------------

    def start(self) -> TrainingJob:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name=f"attnviz-train-{self.name}", daemon=True
                )
                self._thread.start()
        return self

    def pause(self) -> None:
        if self.active:
            self.control.pause()

    def resume(self) -> None:
        self.control.resume()

    def step(self, batches: int = 1) -> None:
        """Run ``batches`` more batches, then pause (probes are snapshotted after each of them)."""
        if self.active:
            self.control.step(batches)

    def stop(self, skip_evaluation: bool = False) -> None:
        """Stop after the current batch; the model is saved and evaluated on the test split, unless
        ``skip_evaluation``. Asking again is harmless."""
        self.control.stop(skip_evaluation)
        self.progress.touch()

    def evaluate_now(self) -> None:
        if self.state in (runs.RUNNING, runs.PAUSED, runs.PREPARING):
            self.control.request_evaluation()
            self.progress.touch()

    def cancel_queued(self) -> None:
        """Take a run that has not started off the queue (it ends as stopped, with nothing trained)."""
        with self._lock:
            started = self._thread is not None
        if started:
            self.stop()
            return
        self.control.stop()
        self._end(STOPPED)
        self._done.set()

    # --- reading -----------------------------------------------------------------------------

    @property
    def state(self) -> str:
        return self.progress.state

    @property
    def active(self) -> bool:
        return self.progress.state in runs.ACTIVE_STATES

    @property
    def version(self) -> int:
        return self.progress.version + self.control.state().version

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def view(self, with_metrics: bool = True) -> RunView:
        view = self.progress.view(with_metrics)
        requests = self.control.state()
        view.owner = self.owner
        view.version = view.version + requests.version
        view.stepping = requests.stepping
        view.stopping = requests.stopping
        view.evaluating = view.evaluating or requests.evaluation_requested
        return view

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the run has ended; True when it has. Waits on an event, never on
        ``Thread.join`` (on Python 3.11 a join interrupted by Ctrl-C forgets the thread is alive)."""
        with self._lock:
            if self._thread is None and not self._done.is_set():
                return not self.active
        if not self._done.wait(timeout):
            return False
        thread = self._thread
        if thread is not None:
            thread.join()  # the event is set as the thread's last act: this returns at once
        return True

    # --- the training thread -----------------------------------------------------------------

    def _run(self) -> None:
        from attnviz.nlp.training.procedure import FineTuning

        procedure = FineTuning(
            self.settings,
            self.writer,
            self.progress,
            self.control,
            data=self._data,
            trainers=self._trainers,
            extra_callbacks=self._extra_callbacks,
        )
        state = FAILED
        try:
            try:
                self.progress.set_state(runs.PREPARING)
                state = procedure.run()
            except RunStopped:  # stopped before anything trained
                state = STOPPED
                procedure.finish(state)
        except BaseException as error:  # noqa: BLE001 - every failure becomes a clear status
            state = FAILED
            self._fail(error, procedure)
        finally:
            try:
                self._end(state)
            finally:
                self._hand_back(procedure.trainer, healthy=state != FAILED)
                self._data = None
                if self._on_done is not None:
                    try:
                        self._on_done(self)
                    except Exception:  # noqa: BLE001 - the registry's bookkeeping must not hide the run's result
                        traceback.print_exc()
                self._done.set()

    def _fail(self, error: BaseException, procedure) -> None:
        code, message, details = describe_error(error)
        self.writer.error_log(traceback.format_exc(limit=20))
        self.progress.fail({"code": code, "message": message, "details": details, "step": self.progress.step})
        with contextlib.suppress(Exception):  # the original error is what matters
            procedure.keep_after_failure()

    def _end(self, state: str) -> None:
        self.progress.set_state(state)
        self.progress.set_phase("")
        with contextlib.suppress(OSError):  # a full disk: the run's state in memory is still right
            self.writer.status(self.progress.status(), finished=True)

    def _hand_back(self, trainer, healthy: bool) -> None:
        if trainer is None:
            return
        if healthy and self._trainers is not None:
            self._trainers.give_back(trainer)
        else:
            trainer.release()


def _plain(value):
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)


def describe_error(error: BaseException) -> tuple[str, str, dict]:
    """(code, one-line English message, details) for any failure of a run."""
    if isinstance(error, NlpError):
        return error.code, str(error), {k: _plain(v) for k, v in error.details.items()}
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    text = text[:300]
    name = type(error).__name__
    if isinstance(error, MemoryError) or name == "ResourceExhaustedError":
        return (
            "out_of_memory",
            f"Out of memory while training ({name}): {MEMORY_LIMIT_HINT}.",
            {"reason": text},
        )
    if name in ("InvalidArgumentError", "UnimplementedError", "FailedPreconditionError", "OutOfRangeError"):
        return "bad_batch", f"A batch could not be trained on: {text}", {"reason": text}
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return "disk_full", "The disk is full: the run stopped and its partial files were removed.", {}
    if isinstance(error, OSError):
        return "disk_error", f"Could not write the run's files: {text}", {"reason": text}
    return "training_error", f"Training stopped with an error ({name}): {text}", {"reason": f"{name}: {text}"}


def run_in_foreground(
    job: TrainingJob, on_update: Callable[[RunView], None] | None = None, poll_seconds: float = 0.5
) -> RunView:
    """Start ``job`` and wait for it, calling ``on_update`` whenever its state changes (the command
    line's progress bar). Ctrl-C stops the run cleanly (model saved, then evaluated); a second
    Ctrl-C skips the evaluation. Never returns while the training thread still runs."""
    job.start()
    seen = -1
    while True:
        try:
            finished = job.wait(poll_seconds)
            if on_update is not None and job.version != seen:
                seen = job.version
                on_update(job.view())
        except KeyboardInterrupt:
            job.stop(skip_evaluation=job.control.stopping)
            continue
        if finished:
            return job.view()
