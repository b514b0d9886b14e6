"""Where a run stands, as the people watching it see it: state, phase, step, metrics, clock, ETA.

The training thread writes it; page sessions and the command line read :meth:`RunProgress.view`
(a copy taken under a lock). No TensorFlow here.

The ETA ignores the first step (it includes tracing the training graph, 10-20 s on a CPU, which a
simple average would spread over every remaining step: "~11 min" for a one-minute run) and uses the
median of the recent steps, so it settles after a few steps; time spent validating is added per
validation still to come, and the final test evaluation in proportion to its size.
"""

from __future__ import annotations

import statistics
import threading
import time
from dataclasses import dataclass, field

from attnviz.nlp.training import runs

RECENT_STEPS = 20  # step times the ETA's median is taken over


class StepClock:
    """Seconds spent training (paused time excluded) and the recent step times."""

    def __init__(self):
        self.active = 0.0
        self.steps: list[float] = []  # every step's own duration, the first included
        self.validation_seconds: float | None = None
        self.validation_examples = 0
        self._t0: float | None = None

    def begin(self) -> None:
        self._t0 = time.perf_counter()

    def end(self) -> float:
        seconds = time.perf_counter() - (self._t0 or time.perf_counter())
        self._t0 = None
        self.active += seconds
        self.steps.append(seconds)
        return seconds

    def add(self, seconds: float) -> None:
        """Time the run spent on something else than a step (validation, probes, saving)."""
        self.active += seconds

    def validated(self, seconds: float, examples: int) -> None:
        self.add(seconds)
        self.validation_seconds, self.validation_examples = seconds, int(examples)

    @property
    def typical_step(self) -> float | None:
        """The median of the recent steps, the first (tracing) left out once there are others."""
        steps = self.steps[1:] if len(self.steps) > 1 else self.steps
        return statistics.median(steps[-RECENT_STEPS:]) if steps else None

    def eta(self, step: int, total: int, validations_left: int, test_examples: int) -> float | None:
        typical = self.typical_step
        if typical is None or not total:
            return None
        seconds = max(0, total - step) * typical
        if self.validation_seconds is not None and self.validation_examples:
            per_example = self.validation_seconds / self.validation_examples
            seconds += validations_left * self.validation_seconds + test_examples * per_example
        return seconds


@dataclass
class RunView:
    """What a page needs to draw a run, copied under the progress lock."""

    name: str
    state: str
    phase: str
    phase_fraction: float | None
    phase_detail: dict
    phase_seconds: float  # since the phase began
    step: int
    total_steps: int
    epoch: float
    elapsed: float
    eta: float | None
    error: dict | None
    version: int
    train_examples: int
    metrics: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    owner: str = ""
    # the control requests (filled in by the job)
    stepping: bool = False
    stopping: bool = False
    evaluating: bool = False

    @property
    def active(self) -> bool:
        return self.state in runs.ACTIVE_STATES

    @property
    def fraction(self) -> float:
        return min(1.0, self.step / self.total_steps) if self.total_steps else 0.0


class RunProgress:
    """The live state of one run. Every change bumps ``version`` (views compare it)."""

    def __init__(self, name: str, *, batch_size: int = 1, eval_every: int = 0, test_examples: int = 0):
        self.name = name
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self.clock = StepClock()
        self.batch_size = int(batch_size)
        self.eval_every = int(eval_every)
        self.test_examples = int(test_examples)
        self.state = runs.QUEUED
        self.phase = ""
        self.phase_fraction: float | None = None
        self.phase_detail: dict = {}
        self.phase_started = time.time()
        self.step = 0
        self.total_steps = 0
        self.train_examples = 0
        self.error: dict | None = None
        self.notes: list[str] = []
        self.metrics: list[dict] = []
        self.evaluating = False
        self.version = 0

    # --- the training thread -------------------------------------------------------------------------

    def set_state(self, state: str) -> None:
        with self._lock:
            self.state = state
            self._touch()

    def set_phase(self, phase: str, fraction: float | None = None, **detail) -> None:
        """The phase before training (``data``, ``model``, ``tokenize``, ``graph``, ...), with a
        fraction when it is measurable and details for its message (counts)."""
        with self._lock:
            if phase != self.phase:
                self.phase_started = time.time()
            self.phase, self.phase_fraction, self.phase_detail = phase, fraction, dict(detail)
            self._touch()

    def set_fraction(self, fraction: float | None, **detail) -> None:
        with self._lock:
            self.phase_fraction = fraction
            self.phase_detail.update(detail)
            self._touch()

    def set_totals(self, total_steps: int, train_examples: int) -> None:
        with self._lock:
            self.total_steps, self.train_examples = int(total_steps), int(train_examples)
            self._touch()

    def stepped(self) -> int:
        """One more batch trained. After the first, a preparing run is running."""
        with self._lock:
            self.step += 1
            if self.state == runs.PREPARING:
                self.state = runs.RUNNING
            if self.phase in ("graph", "train"):
                self.phase, self.phase_fraction, self.phase_detail = "train", None, {}
            self._touch()
            return self.step

    def set_evaluating(self, value: bool) -> None:
        with self._lock:
            self.evaluating = bool(value)
            self._touch()

    def note(self, text: str) -> None:
        with self._lock:
            if text not in self.notes:
                self.notes.append(text)
            self._touch()

    def fail(self, error: dict) -> None:
        with self._lock:
            self.error = dict(error)
            self._touch()

    def record(self, rows: list[dict]) -> None:
        with self._lock:
            self.metrics.extend(rows)
            self._touch()

    def touch(self) -> None:
        with self._lock:
            self._touch()

    def _touch(self) -> None:
        self.version += 1
        self._changed.notify_all()

    # --- readers ------------------------------------------------------------------------------------

    def wait_for_change(self, seen: int, timeout: float) -> int:
        with self._lock:
            if self.version == seen:
                self._changed.wait(timeout)
            return self.version

    def view(self, with_metrics: bool = True) -> RunView:
        with self._lock:
            return RunView(
                name=self.name,
                state=self.state,
                phase=self.phase,
                phase_fraction=self.phase_fraction,
                phase_detail=dict(self.phase_detail),
                phase_seconds=time.time() - self.phase_started,
                step=self.step,
                total_steps=self.total_steps,
                epoch=self.step * self.batch_size / self.train_examples if self.train_examples else 0.0,
                elapsed=self.clock.active,
                eta=self._eta(),
                error=dict(self.error) if self.error else None,
                version=self.version,
                train_examples=self.train_examples,
                metrics=list(self.metrics) if with_metrics else [],
                notes=list(self.notes),
                evaluating=self.evaluating,
            )

    def status(self) -> dict:
        """The fields of status.json that come from here."""
        with self._lock:
            return {
                "state": self.state,
                "step": self.step,
                "total_steps": self.total_steps,
                "phase": self.phase,
                "error": self.error,
                "elapsed": self.clock.active,
                "train_examples": self.train_examples,
                "notes": list(self.notes),
            }

    def _eta(self) -> float | None:
        if self.state not in runs.ACTIVE_STATES:
            return None
        left = max(0, self.total_steps - self.step)
        validations = left // self.eval_every + 1 if self.eval_every else 1
        return self.clock.eta(self.step, self.total_steps, validations, self.test_examples)
