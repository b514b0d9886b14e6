"""One fine-tuning run in a background thread: Keras ``fit`` with callbacks, as the course does it,
controlled from other threads (the page's sessions, the command line's Ctrl-C).

Threads. ``TrainingJob.start()`` runs :meth:`TrainingJob._run` in a daemon thread: it loads data
and model, tokenises, compiles, and calls ``model.fit`` on a repeated data set for exactly
``total_steps`` batches. Every other thread only calls the control methods (``pause``, ``step``,
``resume``, ``stop``, ``evaluate_now``), which set flags under one condition variable, and reads
:meth:`TrainingJob.view`, a copy of the state taken under the same lock. The model is touched by
the training thread only: "evaluate now" is a request that the training thread serves between
batches (at once when paused).

Pause and step. After every batch (once its metrics, probes and checkpoint are written) the
``Controller`` callback calls :meth:`hold`: while paused it waits on the condition (serving
evaluation requests); ``step(n)`` grants a budget of n batches and lifts the pause, and the hold
after the n-th batch pauses again. ``stop()`` makes the hold return True and the callback sets
``model.stop_training``, so ``fit`` returns after the current batch; the model is then saved and
evaluated (a second ``stop()`` skips the evaluation). A pause or stop requested before the first
batch is honoured before it runs.

Faults. Any exception inside preparation or ``fit`` (a bad batch, out of memory) ends the run as
``failed`` with a code and a one-line message in ``status.json``; the metrics stay, and the model as
it was is saved as the last checkpoint when training had begun.
"""
from __future__ import annotations

import gc
import math
import shutil
import threading
import time
import traceback
from dataclasses import dataclass, field
from typing import Callable

from attnviz.nlp.errors import NlpError
from attnviz.nlp.training import runs
from attnviz.nlp.training.callbacks import RunStopped, StepClock, make_callbacks
from attnviz.nlp.training.runs import (
    FAILED, FINISHED, PAUSED, PREPARING, QUEUED, RUNNING, STOPPED, RunFolder,
)
from attnviz.nlp.training.settings import TrainSettings

EVAL_BATCH_SIZE = 32
MEMORY_LIMIT_HINT = "lower the maximum length or the batch size, or train fewer layers"


@dataclass
class JobView:
    """What a page needs to draw a run, copied under the job's lock."""

    name: str
    state: str
    phase: str
    phase_fraction: float | None
    step: int
    total_steps: int
    epoch: float
    elapsed: float
    eta: float | None
    error: dict | None
    version: int
    stepping: bool
    stopping: bool
    evaluating: bool
    train_examples: int
    metrics: list[dict] = field(default_factory=list)
    owner: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return self.state in runs.ACTIVE_STATES

    @property
    def fraction(self) -> float:
        return min(1.0, self.step / self.total_steps) if self.total_steps else 0.0


class TrainingJob:
    """A run: call :meth:`start`, then control it from any thread; :meth:`wait` joins it."""

    def __init__(self, settings: TrainSettings, folder: RunFolder, *, owner: str = "",
                 on_done: Callable[["TrainingJob"], None] | None = None, extra_callbacks: list | None = None,
                 data=None):
        self.settings = settings
        self.folder = folder
        self.name = folder.name
        self.owner = owner
        self._on_done = on_done
        self._extra_callbacks = extra_callbacks or []
        self._given_data = data            # a DatasetDict given directly (tests, uploads already read)
        self._cond = threading.Condition(threading.RLock())
        self._thread: threading.Thread | None = None
        # state (guarded by _cond)
        self.state = QUEUED
        self.phase = ""
        self.phase_fraction: float | None = None
        self.current_step = 0
        self.total_steps = 0
        self.train_examples = 0
        self.error: dict | None = None
        self.notes: list[str] = []
        self._metrics: list[dict] = []
        self._version = 0
        self._pause = False
        self._budget: int | None = None
        self._stepping = False
        self._stop = False
        self._abort = False
        self._eval_requested = False
        self._evaluating = False
        self._clock = StepClock()
        self._started = False
        # training objects (training thread only)
        self._loaded = None
        self._data = None
        self._tokenized = None
        self._schedule = None
        self._extractor = None
        self._predictor = None
        self._label_names: list[str] = []
        self._last_val_step = -1
        self._last_checkpoint_step = -1
        self._last_probe_step = -1
        self._status_written = 0.0

    # --- control (any thread) ------------------------------------------------------------------

    def start(self) -> "TrainingJob":
        with self._cond:
            if self._thread is not None:
                return self
            self._thread = threading.Thread(target=self._run, name=f"attnviz-train-{self.name}", daemon=True)
            self._thread.start()
        return self

    def pause(self) -> None:
        with self._cond:
            if self.state in runs.ACTIVE_STATES:
                self._pause, self._budget = True, None
                self._touch()

    def resume(self) -> None:
        with self._cond:
            self._pause, self._budget, self._stepping = False, None, False
            self._touch()

    def step(self, batches: int = 1) -> None:
        """Run ``batches`` more batches, then pause (probes are snapshotted after each of them)."""
        with self._cond:
            if self.state not in runs.ACTIVE_STATES:
                return
            self._budget = max(1, int(batches))
            self._pause, self._stepping = False, True
            self._touch()

    def stop(self, skip_evaluation: bool = False) -> None:
        """Stop after the current batch; the model is saved and evaluated on the test split, unless
        ``skip_evaluation``. Asking again is harmless (a double click or a repeated request never
        throws the evaluation away); skipping it is a request of its own."""
        with self._cond:
            self._stop = True
            self._abort = self._abort or skip_evaluation
            self._touch()

    def cancel_queued(self) -> None:
        """Take a run that has not started off the queue (it ends as stopped, with nothing trained)."""
        with self._cond:
            if self._thread is not None:
                self.stop()
                return
            self.state = STOPPED
            self._touch()
        self._write_status(force=True, finished=True)

    def evaluate_now(self) -> None:
        with self._cond:
            if self.state in (RUNNING, PAUSED, PREPARING):
                self._eval_requested = True
                self._touch()

    def wait(self, timeout: float | None = None) -> bool:
        """Join the training thread; True when it has ended."""
        thread = self._thread
        if thread is None:
            return self.state not in runs.ACTIVE_STATES
        thread.join(timeout)
        return not thread.is_alive()

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def view(self, with_metrics: bool = True) -> JobView:
        with self._cond:
            eta = None
            if self._clock.recent is not None and self.total_steps:
                eta = max(0, self.total_steps - self.current_step) * self._clock.recent
            return JobView(
                name=self.name, state=self.state, phase=self.phase, phase_fraction=self.phase_fraction,
                step=self.current_step, total_steps=self.total_steps,
                epoch=self.current_step * self.settings.batch_size / self.train_examples if self.train_examples else 0.0,
                elapsed=self._clock.active, eta=eta, error=dict(self.error) if self.error else None,
                version=self._version, stepping=self._stepping or self._budget is not None, stopping=self._stop,
                evaluating=self._evaluating or self._eval_requested, train_examples=self.train_examples,
                metrics=list(self._metrics) if with_metrics else [], owner=self.owner, notes=list(self.notes),
            )

    @property
    def version(self) -> int:
        return self._version

    # --- the training thread -------------------------------------------------------------------

    def _run(self) -> None:
        try:
            self._prepare()
            self._train()
        except RunStopped:
            self._finish(STOPPED)
        except BaseException as error:  # noqa: BLE001 - every failure becomes a clear status
            self._fail(error)
        finally:
            self._release()
            if self._on_done is not None:
                try:
                    self._on_done(self)
                except Exception:  # the registry's bookkeeping must not hide the run's own result
                    traceback.print_exc()

    def _prepare(self) -> None:
        from attnviz.nlp.training.model_setup import limit_tf_threads

        settings = self.settings
        self._set(state=PREPARING, phase="threads")
        self._write_status(force=True)
        threads = limit_tf_threads()
        self._set(phase="data", phase_fraction=None)
        self._data = self._load_data()
        self._label_names = list(self._data["train"].features["label"].names)
        self._check_stop()
        self._set(phase="model", phase_fraction=None)
        self._loaded = self._load_model()
        self._check_stop()
        max_length = min(int(settings.max_length), int(self._loaded.max_length))
        if max_length < settings.max_length:
            self._note(f"max_length:{max_length}")  # the model reads no more tokens
        self._max_length = max_length
        self._set(phase="tokenize")
        from attnviz.nlp.tokenize import tokenize_dataset

        self._tokenized = tokenize_dataset(self._data, self._loaded.tokenizer, max_length)
        self.train_examples = len(self._tokenized["train"])
        if self.train_examples < settings.batch_size:
            raise NlpError("too_few_examples",
                           f"The training split has {self.train_examples} examples, fewer than one batch of "
                           f"{settings.batch_size}.", count=self.train_examples, batch_size=settings.batch_size)
        self.total_steps = settings.total_steps(self.train_examples)
        self._check_stop()
        self._set(phase="compile")
        from attnviz.nlp.training import model_setup
        from attnviz.nlp.training.evaluation import Predictor

        import tensorflow as tf

        tf.keras.utils.set_random_seed(int(settings.seed))
        trainable, total = model_setup.apply_train_layers(self._loaded.model, settings.layers_spec)
        warmup = int(round(settings.warmup_fraction * self.total_steps))
        self._schedule = model_setup.make_schedule(settings.learning_rate, self.total_steps, warmup)
        model_setup.compile_model(self._loaded.model, self._schedule, settings.jit_compile)
        self._predictor = Predictor(self._loaded.model)
        runs.write_json(self.folder.path / "run_info.json", {
            "label_names": self._label_names, "train_examples": self.train_examples,
            "validation_examples": len(self._tokenized["validation"]), "test_examples": len(self._tokenized["test"]),
            "trainable_parameters": trainable, "total_parameters": total, "max_length": max_length,
            "num_layers": self._loaded.num_layers, "num_heads": self._loaded.num_heads,
            "architecture": self._loaded.architecture, "tf_threads": threads, "warmup_steps": warmup,
        })
        if settings.probes:
            self._set(phase="probes")
            from attnviz.nlp.attention import AttentionExtractor

            self._extractor = AttentionExtractor(self._loaded, max_length=max_length)
            first = self._extractor.batch(list(settings.probes))
            runs.write_probe_index(self.folder, {
                "texts": list(settings.probes), "tokens": [o.tokens for o in first],
                "label_names": self._label_names, "layers": self._loaded.num_layers, "heads": self._loaded.num_heads,
            })
            self._write_probes(0, first)
        self._set(phase="validate")
        self.validate()
        self._check_stop()

    def _load_data(self):
        if self._given_data is not None:
            return self._given_data
        from attnviz.nlp.data import load_data
        from attnviz.nlp.splits import SplitSizes

        s = self.settings
        sizes = SplitSizes(train=int(s.train_size), validation=int(s.validation_size), test=int(s.test_size))
        return load_data(s.data, sizes=sizes, seed=int(s.seed), text_column=s.text_column or None,
                         label_column=s.label_column or None, progress=self._progress)

    def _load_model(self):
        from attnviz.nlp.loading import build_from_scratch, load_classifier

        s = self.settings
        names = dict(enumerate(self._label_names))
        if s.from_scratch:
            overrides = {}
            if s.scratch_layers:
                overrides["n_layers" if s.from_scratch == "distilbert" else "num_hidden_layers"] = int(s.scratch_layers)
            loaded = build_from_scratch(s.from_scratch, s.model, num_labels=len(names), seed=int(s.seed), **overrides)
            loaded.model.config.id2label = names
            loaded.model.config.label2id = {v: k for k, v in names.items()}
            loaded.id2label = names
            return loaded
        loaded = load_classifier(s.model, num_labels=len(names), id2label=names, progress=self._progress)
        if loaded.new_head:
            self._note("new_head")
        return loaded

    def _progress(self, progress) -> None:
        self._set(phase_fraction=float(getattr(progress, "fraction", 0.0)))

    def _train(self) -> None:
        from attnviz.nlp.training import model_setup

        s = self.settings
        data = model_setup.batches(self._tokenized["train"], self._loaded.tokenizer, s.batch_size, self._max_length,
                                   bucket=s.bucket if s.jit_compile else 1, shuffle=True, seed=int(s.seed),
                                   repeat=True, drop_remainder=True)
        self._set(state=PAUSED if self._pause else RUNNING, phase="train")
        self._started = True
        self._write_status(force=True)
        self._loaded.model.fit(data, epochs=1, steps_per_epoch=self.total_steps, verbose=0,
                               callbacks=make_callbacks(self, self._extra_callbacks))
        self._finish(STOPPED if self._stop and self.current_step < self.total_steps else FINISHED)

    # --- called by the callbacks (training thread) -----------------------------------------------

    def begin_step(self) -> None:
        self._clock.begin()

    def end_step(self, logs: dict) -> None:
        seconds = self._clock.end()
        with self._cond:
            self.current_step += 1
            step = self.current_step
        row = {
            "kind": "train", "step": step,
            "epoch": step * self.settings.batch_size / max(1, self.train_examples),
            "loss": _number(logs.get("loss")), "accuracy": _number(logs.get("accuracy")),
            "lr": model_lr(self._schedule, step - 1), "seconds": seconds,
            "examples_per_second": self.settings.batch_size / seconds if seconds > 0 else None,
            "elapsed": self._clock.active, "time": time.time(),
        }
        self._record([row])
        if row["loss"] is None or not math.isfinite(row["loss"]):
            raise NlpError("diverged", f"The loss became {logs.get('loss')} at step {step}: lower the learning rate.",
                           step=step)

    def probe_due(self) -> bool:
        if not self._extractor:
            return False
        every = max(1, int(self.settings.probe_every))
        return self._stepping or self.current_step % every == 0 or self.current_step == self.total_steps

    def snapshot_probes(self) -> None:
        if self._extractor is None or self.current_step == self._last_probe_step:
            return
        started = time.perf_counter()
        self._write_probes(self.current_step, self._extractor.batch(list(self.settings.probes)))
        self._clock.add(time.perf_counter() - started)

    def _write_probes(self, step: int, outputs) -> None:
        runs.write_probe_snapshot(self.folder, step, [o.attentions for o in outputs],
                                  [o.probabilities for o in outputs])
        self._last_probe_step = step
        self._touch()

    def validation_due(self) -> bool:
        every = max(1, int(self.settings.eval_every))
        return self.current_step % every == 0 or self.current_step == self.total_steps

    def validate(self) -> None:
        """Loss and accuracy on the validation split, as a metrics line of kind "val"."""
        if self.current_step == self._last_val_step or self._predictor is None:
            return
        from attnviz.nlp.training.evaluation import metrics_from_probabilities, predict_probabilities

        with self._cond:
            self._evaluating = True
            self._touch()
        started = time.perf_counter()
        try:
            labels, probs = predict_probabilities(self._loaded.model, self._loaded.tokenizer,
                                                  self._tokenized["validation"], self._max_length, EVAL_BATCH_SIZE,
                                                  predictor=self._predictor)
            result = metrics_from_probabilities(labels, probs, self._label_names)
            self._record([{"kind": "val", "step": self.current_step, "loss": result["loss"], "accuracy": result["accuracy"],
                           "macro_f1": result["macro_f1"], "count": result["count"], "time": time.time()}])
            self._last_val_step = self.current_step
        finally:
            if self._started:
                self._clock.add(time.perf_counter() - started)
            with self._cond:
                self._evaluating = False
                self._touch()

    def evaluate_test(self) -> dict | None:
        """The full evaluation on the test split: evaluation.json and a metrics line of kind "test"."""
        from attnviz.nlp.training.evaluation import metrics_from_probabilities, predict_probabilities

        with self._cond:
            self._evaluating = True
            self._touch()
        try:
            split = self._tokenized["test"]
            labels, probs = predict_probabilities(self._loaded.model, self._loaded.tokenizer, split, self._max_length,
                                                  EVAL_BATCH_SIZE, predictor=self._predictor,
                                                  stop=lambda: self._abort)
            if self._abort or len(labels) < len(split):
                return None
            result = metrics_from_probabilities(labels, probs, self._label_names, list(split["text"]))
            result.update(step=self.current_step, split="test", time=time.time())
            runs.write_json(self.folder.evaluation, result)
            self._record([{"kind": "test", "step": self.current_step, "loss": result["loss"], "accuracy": result["accuracy"],
                           "macro_f1": result["macro_f1"], "count": result["count"], "time": time.time()}])
            return result
        finally:
            with self._cond:
                self._evaluating = False
                self._touch()

    def checkpoint_due(self) -> bool:
        every = int(self.settings.checkpoint_every or 0)
        return every > 0 and self.current_step % every == 0 and self.current_step < self.total_steps

    def save_checkpoint(self) -> None:
        """The model and its tokenizer in save_pretrained format, replacing model/ atomically."""
        if self._loaded is None or self.current_step == self._last_checkpoint_step:
            return
        from attnviz.nlp.loading import save_model

        started = time.perf_counter()
        target = self.folder.model
        staging = target.with_name(".model.saving")
        old = target.with_name(".model.old")
        shutil.rmtree(staging, ignore_errors=True)
        save_model(self._loaded, staging)
        runs.write_json(staging / "attnviz-checkpoint.json", {"step": self.current_step, "run": self.name, "time": time.time()})
        if target.exists():
            shutil.rmtree(old, ignore_errors=True)
            target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
        self._last_checkpoint_step = self.current_step
        if self._started:
            self._clock.add(time.perf_counter() - started)
        self._write_status(force=True)

    def hold(self, after_step: bool = False) -> bool:
        """Between batches: wait while paused, serve "evaluate now", count a step budget.
        Returns True when training must stop (at a batch's beginning: raises RunStopped)."""
        with self._cond:
            if after_step and self.current_step >= self.total_steps:
                return self._stop  # the last batch: fit ends here anyway; never pause on it
            if after_step and self._budget is not None:
                self._budget -= 1
                if self._budget <= 0:
                    self._budget, self._pause = None, True
            while True:
                if self._stop:
                    if not after_step:
                        raise RunStopped()
                    return True
                if self._eval_requested:
                    self._eval_requested = False
                    self._cond.release()
                    try:
                        self._evaluate_requested()
                    finally:
                        self._cond.acquire()
                    continue
                if self._pause:
                    if self.state != PAUSED:
                        self._set(state=PAUSED)
                        self._write_status(force=True)
                    self._cond.wait(0.5)
                    continue
                if self.state != RUNNING:
                    self._set(state=RUNNING)
                    self._write_status(force=True)
                break
        self._write_status()
        return False

    def _evaluate_requested(self) -> None:
        self._last_val_step = -1
        self.validate()
        self.evaluate_test()

    # --- endings ---------------------------------------------------------------------------------

    def _finish(self, state: str) -> None:
        if self._loaded is not None and self._started:
            if self.current_step > 0 or state == FINISHED:
                self._set(phase="save")
                self.save_checkpoint()
            if not self._abort and self.current_step > 0:
                if state == FINISHED:
                    self._set(phase="validate")
                    self.validate()
                self._set(phase="evaluate")
                self.evaluate_test()
        self._set(state=state, phase="")
        self._write_status(force=True, finished=True)

    def _fail(self, error: BaseException) -> None:
        code, message, details = describe_error(error)
        tb = traceback.format_exc(limit=20)
        with self._cond:
            self.error = {"code": code, "message": message, "details": details, "step": self.current_step}
        try:
            (self.folder.path / "error.log").write_text(tb, encoding="utf-8")
        except OSError:
            pass
        if self._loaded is not None and self._started and self.current_step > 0:
            try:  # keep what was learnt so far as the last checkpoint
                self.save_checkpoint()
            except Exception:  # noqa: BLE001 - the original error is what matters
                pass
        self._set(state=FAILED, phase="")
        self._write_status(force=True, finished=True)

    def _release(self) -> None:
        """Drop the model and data so that their memory goes back before the next run."""
        self._loaded = self._data = self._tokenized = self._extractor = self._predictor = None
        gc.collect()

    def _check_stop(self) -> None:
        with self._cond:
            if self._stop:
                raise RunStopped()

    # --- state and files ------------------------------------------------------------------------

    def _set(self, **values) -> None:
        with self._cond:
            changed_phase = "phase" in values and values["phase"] != self.phase
            for key, value in values.items():
                setattr(self, key, value)
            self._touch()
        if changed_phase and self.state == PREPARING:
            self._write_status(force=True)

    def _note(self, text: str) -> None:
        with self._cond:
            self.notes.append(text)
            self._touch()

    def _touch(self) -> None:
        with self._cond:
            self._version += 1
            self._cond.notify_all()

    def _record(self, rows: list[dict]) -> None:
        runs.append_metrics(self.folder, rows)
        with self._cond:
            self._metrics.extend(rows)
            self._touch()

    def _write_status(self, force: bool = False, finished: bool = False) -> None:
        now = time.time()
        if not force and now - self._status_written < 2.0:
            return
        with self._cond:
            status = {
                "state": self.state, "step": self.current_step, "total_steps": self.total_steps, "phase": self.phase,
                "error": self.error, "elapsed": self._clock.active, "train_examples": self.train_examples,
                "notes": list(self.notes), "created_at": self._created_at(),
                "has_checkpoint": self._last_checkpoint_step >= 0, "checkpoint_step": self._last_checkpoint_step,
            }
        if finished:
            status["finished_at"] = now
        runs.write_status(self.folder, status)
        self._status_written = now

    def _created_at(self) -> float:
        if not hasattr(self, "_created"):
            self._created = runs.read_status(self.folder).get("created_at") or time.time()
        return self._created


def model_lr(schedule, step: int) -> float | None:
    if schedule is None:
        return None
    try:
        return float(schedule(step).numpy())
    except Exception:  # noqa: BLE001
        return None


def _number(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def describe_error(error: BaseException) -> tuple[str, str, dict]:
    """(code, one-line English message, details) for any failure of a run."""
    if isinstance(error, NlpError):
        return error.code, str(error), {k: _plain(v) for k, v in error.details.items()}
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    text = text[:300]
    name = type(error).__name__
    if isinstance(error, MemoryError) or name == "ResourceExhaustedError":
        return "out_of_memory", f"Out of memory while training ({name}): {MEMORY_LIMIT_HINT}.", {"reason": text}
    if name in ("InvalidArgumentError", "UnimplementedError", "FailedPreconditionError", "OutOfRangeError"):
        return "bad_batch", f"A batch could not be trained on: {text}", {"reason": text}
    if isinstance(error, (OSError,)):
        return "disk_error", f"Could not write the run's files: {text}", {"reason": text}
    return "training_error", f"Training stopped with an error ({name}): {text}", {"reason": f"{name}: {text}"}


def _plain(value):
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)


def run_in_foreground(job: TrainingJob, on_update: Callable[[JobView], None] | None = None,
                      poll_seconds: float = 0.5) -> JobView:
    """Start ``job`` and wait for it, calling ``on_update`` whenever its state changes (the command
    line's progress bar). Ctrl-C stops the run cleanly (model saved); a second Ctrl-C skips the
    evaluation."""
    job.start()
    seen = -1
    while True:
        try:
            done = job.wait(poll_seconds)
        except KeyboardInterrupt:
            job.stop(skip_evaluation=job.view(with_metrics=False).stopping)
            continue
        if on_update is not None and job.version != seen:
            seen = job.version
            on_update(job.view())
        if done:
            return job.view()
