"""A small model trained live in the background for a page (the translation page's dates translator,
the induction-head decoder): one at a time per job, controlled like a fine-tuning run (pause,
step N, resume, stop: :class:`attnviz.nlp.training.control.RunControl`), with its progress safe to
read from any thread, and its result written to a temporary folder, then renamed.

A subclass writes :meth:`LiveJob.train_and_save`; it calls :meth:`begin` before the first batch,
:meth:`after_step` after each one (which says whether to stop) and :meth:`add_check` with any
measurement it wants the page to show.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from attnviz.nlp.training.control import STOP, RunControl, RunStopped

IDLE, TRAINING, DONE, FAILED = "idle", "training", "done", "failed"


@dataclass
class LiveProgress:
    state: str = IDLE
    step: int = 0
    total: int = 0
    losses: list[float] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)  # {"step", "seconds", ...what the job measures}
    error: str = ""
    started: float = 0.0
    paused: bool = False  # waiting between two batches (pause, or a step budget spent)
    stopped_early: bool = False  # stopped before its last step (what it learned is kept)


class LiveJob:
    """One background training; subclasses say what is trained and saved."""

    thread_name = "live-training"

    def __init__(self, home: Path, *, steps: int, on_done: Callable[[], None] | None = None):
        self.home, self.steps = Path(home), int(steps)
        self.on_done = on_done  # e.g. the fine-tuning queue's wake(): runs waited for this one
        self._lock = threading.Lock()
        self._progress = LiveProgress(total=self.steps)
        self._thread: threading.Thread | None = None
        self.control = RunControl()

    # --- requests from the page (any thread) -------------------------------------------------------

    def start(self, *, paused: bool = False) -> None:
        """Train in the background (``paused``: wait before the first batch, for step-by-step)."""
        with self._lock:
            if self._progress.state == TRAINING:
                return
            self._progress = LiveProgress(state=TRAINING, total=self.steps, started=time.monotonic())
            self.control = RunControl(paused=paused)
        self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)
        self._thread.start()

    def pause(self) -> None:
        self.control.pause()

    def resume(self) -> None:
        self.control.resume()

    def step(self, batches: int) -> None:
        self.control.step(batches)

    def stop(self) -> None:
        """Stop after the current batch; what it learned so far is saved."""
        self.control.stop()

    def progress(self) -> LiveProgress:
        with self._lock:
            p = self._progress
            return replace(p, losses=list(p.losses), checks=list(p.checks))

    def training(self) -> bool:
        with self._lock:
            return self._progress.state == TRAINING

    def wait(self, timeout: float | None = None) -> bool:
        """True once the training thread has ended (or none was started)."""
        if self._thread is not None:
            self._thread.join(timeout)
            return not self._thread.is_alive()
        return True

    # --- for the subclass's training thread --------------------------------------------------------

    def train_and_save(self) -> None:
        raise NotImplementedError

    def begin(self) -> None:
        """Before the first batch: wait while paused; a stop here leaves with nothing kept."""
        if self.control.between_batches(after_batch=False, on_pause=self._paused) == STOP:
            raise RunStopped

    def after_step(self, step: int, loss: float) -> bool:
        """Record a batch's loss and serve the requests; True when training must stop now (a stop,
        or the last step)."""
        with self._lock:
            self._progress.step, self._progress.losses = step, self._progress.losses + [loss]
        last = step >= self.steps
        stop = self.control.between_batches(after_batch=True, last_batch=last, on_pause=self._paused) == STOP
        if stop:
            with self._lock:
                self._progress.stopped_early = not last
        return stop or last

    def add_check(self, step: int, **measured) -> None:
        check = {"step": step, "seconds": round(time.monotonic() - self._progress.started, 1), **measured}
        with self._lock:
            self._progress.checks = self._progress.checks + [check]

    def write_metrics(self, folder: Path, **extra) -> None:
        progress = self.progress()
        metrics = {
            "losses": progress.losses,
            "checks": progress.checks,
            "steps": progress.step,
            "planned_steps": self.steps,
            **extra,
        }
        (Path(folder) / "metrics.json").write_text(json.dumps(metrics))

    def _paused(self, waiting: bool) -> None:
        with self._lock:
            self._progress.paused = waiting

    def _run(self) -> None:
        try:
            self.train_and_save()
            with self._lock:
                self._progress.state = DONE
        except RunStopped:
            with self._lock:
                self._progress.state = IDLE
        except Exception as error:  # noqa: BLE001 - shown on the page as a sentence
            with self._lock:
                self._progress.state = FAILED
                self._progress.error = f"{type(error).__name__}: {error}"
        finally:
            if self.on_done is not None:
                self.on_done()


def read_metrics(folder: Path, numbers: tuple[str, ...] = ()) -> dict:
    """metrics.json as :meth:`LiveJob.write_metrics` wrote it, a damaged part left out ({} when
    unreadable): only the checks with an integer step and a number under each of ``numbers`` stay."""
    try:
        data = json.loads((Path(folder) / "metrics.json").read_text())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    checks = data.get("checks")
    data["checks"] = [
        c
        for c in (checks if isinstance(checks, list) else [])
        if isinstance(c, dict)
        and isinstance(c.get("step"), int)
        and all(isinstance(c.get(name), (int, float)) for name in numbers)
    ]
    return data


def replace_folder(target: Path, write: Callable[[Path], None]) -> None:
    """``write`` into a temporary folder beside ``target``, then put it in ``target``'s place: a
    page never reads a half-written result."""
    temp = target.with_name(f".{target.name}.saving")
    shutil.rmtree(temp, ignore_errors=True)
    temp.mkdir(parents=True)
    write(temp)
    shutil.rmtree(target, ignore_errors=True)
    temp.rename(target)
