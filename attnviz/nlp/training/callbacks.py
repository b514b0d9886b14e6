"""The Keras callbacks a run trains with (``model.fit(..., callbacks=make_callbacks(job))``), in order:

1. :class:`MetricsRecorder`: per-step loss and accuracy of that batch alone (Keras reports running
   means over the epoch, so the metrics are reset before each batch), learning rate, speed, time.
2. :class:`ProbeRecorder`: the probe sentences' attention and prediction every N steps (and after
   every step while stepping by hand).
3. :class:`Validator`: validation loss and accuracy every N steps.
4. :class:`Checkpointer`: the model (``save_pretrained``) every N steps, when asked.
5. :class:`Controller`: pause, step, resume, stop and "evaluate now", between batches.

They only call back into the job (:mod:`attnviz.nlp.training.job`), which owns state and files.
"""
from __future__ import annotations

import time


class RunStopped(Exception):
    """Raised from a callback to leave ``fit`` before the next batch runs."""


def _keras_callback_base():
    import tensorflow as tf

    return tf.keras.callbacks.Callback


def make_callbacks(job, extra: list | None = None) -> list:
    base = _keras_callback_base()

    class MetricsRecorder(base):
        def on_train_batch_begin(self, batch, logs=None):
            self.model.reset_metrics()  # logs at batch end are then this batch's own values
            job.begin_step()

        def on_train_batch_end(self, batch, logs=None):
            job.end_step(dict(logs or {}))

    class ProbeRecorder(base):
        def on_train_batch_end(self, batch, logs=None):
            if job.probe_due():
                job.snapshot_probes()

    class Validator(base):
        def on_train_batch_end(self, batch, logs=None):
            if job.validation_due():
                job.validate()

    class Checkpointer(base):
        def on_train_batch_end(self, batch, logs=None):
            if job.checkpoint_due():
                job.save_checkpoint()

    class HoldBeforeStep(base):
        def on_train_batch_begin(self, batch, logs=None):
            if job.hold():
                raise RunStopped()  # stop_training would only act after this batch

    class Controller(base):
        def on_train_batch_end(self, batch, logs=None):
            if job.hold(after_step=True):
                self.model.stop_training = True

    # A pause or stop before the first step is honoured at the batch's beginning; otherwise the
    # run holds after a step, once that step's metrics, probes and checkpoint are written.
    return [HoldBeforeStep(), MetricsRecorder(), *(extra or []), ProbeRecorder(), Validator(), Checkpointer(),
            Controller()]


class StepClock:
    """Seconds spent training (paused time excluded) and a smoothed time per step for the ETA."""

    def __init__(self):
        self.active = 0.0
        self.recent: float | None = None
        self._t0: float | None = None

    def begin(self) -> None:
        self._t0 = time.perf_counter()

    def end(self) -> float:
        seconds = time.perf_counter() - (self._t0 or time.perf_counter())
        self._t0 = None
        self.active += seconds
        self.recent = seconds if self.recent is None else 0.8 * self.recent + 0.2 * seconds
        return seconds

    def add(self, seconds: float) -> None:
        self.active += seconds
