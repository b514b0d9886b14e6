"""The Keras callbacks a run trains with, as the page shows them to students::

    model.fit(batches, steps_per_epoch=steps, callbacks=[metrics, probes, validation, checkpoints, control])

Each one owns its piece: :class:`StepMetrics` the per-step numbers, :class:`ProbeSnapshots` the
attention of the probe sentences, :class:`Validation` the validation split, :class:`Checkpoints` the
saved model, :class:`StatusFile` the status file, :class:`Control` the pause / step / stop requests.
They write through the run's :class:`~.writer.RunWriter` and report to its :class:`~.progress.RunProgress`.

This module imports TensorFlow: only the training procedure imports it, in the training thread.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import tensorflow as tf

from attnviz.nlp.errors import NlpError
from attnviz.nlp.training import control as run_control
from attnviz.nlp.training.optimizer import learning_rate_at


class StepMetrics(tf.keras.callbacks.Callback):
    """Per-step loss and accuracy of that batch alone (Keras reports running means over the
    epoch, so the metrics are reset before each batch), learning rate, speed, elapsed time."""

    def __init__(self, progress, writer, schedule, batch_size: int):
        super().__init__()
        self.progress, self.writer, self.schedule, self.batch_size = progress, writer, schedule, batch_size

    def on_train_batch_begin(self, batch, logs=None):
        self.model.reset_metrics()
        self.progress.clock.begin()

    def on_train_batch_end(self, batch, logs=None):
        progress = self.progress
        seconds = progress.clock.end()
        step = progress.stepped()
        logs = dict(logs or {})
        row = {
            "kind": "train",
            "step": step,
            "epoch": step * self.batch_size / max(1, progress.train_examples),
            "loss": _number(logs.get("loss")),
            "accuracy": _number(logs.get("accuracy")),
            "lr": learning_rate_at(self.schedule, step - 1),
            "seconds": seconds,
            "examples_per_second": self.batch_size / seconds if seconds > 0 else None,
            "elapsed": progress.clock.active,
            "time": time.time(),
        }
        self.writer.metrics([row])
        progress.record([row])
        if row["loss"] is None or not math.isfinite(row["loss"]):
            raise NlpError(
                "diverged",
                f"The loss became {logs.get('loss')} at step {step}: lower the learning rate.",
                step=step,
            )


class ProbeSnapshots(tf.keras.callbacks.Callback):
    """The probe sentences' attention and prediction every ``every`` steps, after every step while
    stepping by hand, and at the last step."""

    def __init__(self, extractor, texts: list[str], writer, progress, control, every: int):
        super().__init__()
        self.extractor, self.texts, self.writer = extractor, list(texts), writer
        self.progress, self.control, self.every = progress, control, max(1, int(every))
        self.last_step = -1

    def snapshot(self, step: int) -> list:
        outputs = self.extractor.batch(self.texts)
        self.writer.probe_snapshot(step, outputs)
        self.last_step = step
        self.progress.touch()
        return outputs

    def on_train_batch_end(self, batch, logs=None):
        step = self.progress.step
        due = step % self.every == 0 or step == self.progress.total_steps or self.control.state().stepping
        if due and step != self.last_step:
            started = time.perf_counter()
            self.snapshot(step)
            self.progress.clock.add(time.perf_counter() - started)


class Validation(tf.keras.callbacks.Callback):
    """Loss and accuracy on the validation split every ``every`` steps and at the last step, as a
    metrics line of kind "val". ``evaluate()`` returns the validation split's metrics."""

    def __init__(self, evaluate: Callable[[], dict], writer, progress, every: int):
        super().__init__()
        self.evaluate, self.writer, self.progress, self.every = evaluate, writer, progress, max(1, int(every))
        self.last_step = -1

    def run(self, step: int) -> None:
        if step == self.last_step:
            return  # already measured at this step
        self.progress.set_evaluating(True)
        started = time.perf_counter()
        try:
            result = self.evaluate()
        finally:
            self.progress.set_evaluating(False)
        self.progress.clock.validated(time.perf_counter() - started, result["count"])
        row = {
            "kind": "val",
            "step": step,
            "loss": result["loss"],
            "accuracy": result["accuracy"],
            "macro_f1": result["macro_f1"],
            "count": result["count"],
            "time": time.time(),
        }
        self.writer.metrics([row])
        self.progress.record([row])
        self.last_step = step

    def on_train_batch_end(self, batch, logs=None):
        step = self.progress.step
        if step % self.every == 0 or step == self.progress.total_steps:
            self.run(step)


class Checkpoints(tf.keras.callbacks.Callback):
    """The model every ``every`` steps (0: none during training; the run saves when it ends)."""

    def __init__(self, save: Callable[[int], None], progress, every: int):
        super().__init__()
        self.save, self.progress, self.every = save, progress, int(every or 0)

    def on_train_batch_end(self, batch, logs=None):
        step = self.progress.step
        if self.every and step % self.every == 0 and step < self.progress.total_steps:
            started = time.perf_counter()
            self.save(step)
            self.progress.clock.add(time.perf_counter() - started)


class StatusFile(tf.keras.callbacks.Callback):
    """``status.json`` after a batch (at most every few seconds: the writer throttles it), so that it
    always names a step that really ran."""

    def __init__(self, writer, progress):
        super().__init__()
        self.writer, self.progress = writer, progress

    def on_train_batch_end(self, batch, logs=None):
        self.writer.status(self.progress.status())


class Control(tf.keras.callbacks.Callback):
    """Pause, step, stop and "evaluate now", between batches (:mod:`.control`). A pause or a stop
    asked before the first batch is honoured before it runs."""

    def __init__(self, control, progress, on_pause: Callable[[bool], None], evaluate_now: Callable[[], None]):
        super().__init__()
        self.control, self.progress, self.on_pause, self.evaluate_now = (
            control,
            progress,
            on_pause,
            evaluate_now,
        )

    def on_train_batch_begin(self, batch, logs=None):
        if self.progress.step == 0:
            action = self.control.between_batches(
                after_batch=False, evaluate=self.evaluate_now, on_pause=self.on_pause
            )
            if action == run_control.STOP:
                raise run_control.RunStopped()  # stop_training would only act after this batch

    def on_train_batch_end(self, batch, logs=None):
        last = self.progress.step >= self.progress.total_steps
        action = self.control.between_batches(
            after_batch=True, last_batch=last, evaluate=self.evaluate_now, on_pause=self.on_pause
        )
        if action == run_control.STOP:
            self.model.stop_training = True


def _number(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
