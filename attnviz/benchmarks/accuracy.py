"""Time to accuracy: a fine-tuning run as the page starts it, timed from pressing start, its
accuracy measured on a held-out set the run never sees.

The run goes through the app's own job (:class:`~attnviz.nlp.training.job.TrainingJob`) with the
trainer prepared beforehand, as the page prepares it while the form is filled in ("the model already
in memory"). A callback of the benchmark's own measures the held-out accuracy whenever the clock
passes a checkpoint; the time those measurements take is taken off the clock.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from attnviz.benchmarks.shared_data import Corpus
from attnviz.nlp.training.settings import TrainSettings

PROBES = ["The movie was wonderful and the actors were great.", "A boring, long story without any charm."]


def held_out_probe(held_out, tokenizer, checkpoints: list[float], clock, max_length: int, truncation: str):
    """A Keras callback: after the batch that crosses each checkpoint (seconds on ``clock``), the
    held-out accuracy. ``clock()`` is seconds since start minus the time spent here."""
    import tensorflow as tf

    from attnviz.nlp.tokenize import encode_texts
    from attnviz.nlp.training.batches import TokenizedSplit
    from attnviz.nlp.training.evaluation import Predictor, evaluate_tokens
    from attnviz.nlp.training.trainer import pad_id

    texts = [t for t, _ in held_out]

    class HeldOut(tf.keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.points: list[dict] = []
            self.excluded = 0.0
            self.pending = sorted(checkpoints)
            self.step = 0
            self._predictor = None
            self._split = None

        def measure(self, step: int, seconds: float) -> float:
            started = time.perf_counter()
            if self._predictor is None:
                names = [self.model.config.id2label[i] for i in range(len(self.model.config.id2label))]
                labels = np.asarray([names.index(label) for _, label in held_out], np.int64)
                ids = encode_texts(tokenizer, texts, max_length, truncation)
                self._split, self._names = TokenizedSplit(ids, labels, texts), names
                self._predictor = Predictor(self.model)
            result = evaluate_tokens(self._predictor, self._split, self._names, pad_id(tokenizer), 64)
            self.points.append({"seconds": round(seconds, 2), "step": step, "accuracy": result["accuracy"]})
            self.excluded += time.perf_counter() - started
            return result["accuracy"]

        def on_train_batch_end(self, batch, logs=None):
            self.step += 1
            now = clock(self)
            while self.pending and now >= self.pending[0]:
                self.pending.pop(0)
                self.measure(self.step, now)
            if not self.pending:
                self.model.stop_training = True

    return HeldOut()


def time_to_accuracy(
    settings: TrainSettings,
    corpus: Corpus,
    *,
    checkpoints: list[float],
    trainers=None,
    targets: tuple[float, ...] = (0.75, 0.80),
    train_rows: int | None = None,
) -> dict:
    """One run of ``settings`` on ``corpus``: held-out accuracy at each checkpoint (seconds since
    start, tokenising and preparing included), seconds to each target, the first step's time, the
    loss over the first steps and how far the probe sentence moved."""
    import os

    from attnviz.nlp.training import runs
    from attnviz.nlp.training.job import TrainingJob
    from attnviz.nlp.training.trainer import TrainerKey, model_key

    work = Path(tempfile.mkdtemp(prefix="attnviz-bench-"))
    os.environ["ATTNVIZ_HOME"] = str(work / "home")
    settings = replace(settings, data=str(corpus.write_pool(work, train_rows)), probes=list(PROBES))
    if trainers is not None:  # the page prepares the trainer while the form is filled in
        key = TrainerKey.for_run(settings, model_key(settings), 2)
        trainers.prepare(key, settings, settings.max_length)
        trainers.wait_idle()
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(settings.model)
    started = [0.0]
    probe = held_out_probe(
        corpus.held_out,
        tokenizer,
        checkpoints,
        lambda cb: time.perf_counter() - started[0] - cb.excluded,
        settings.max_length,
        settings.truncation,
    )
    folder = runs.create_run(settings.to_dict(), "bench")
    job = TrainingJob(settings, folder, trainers=trainers, extra_callbacks=[probe])
    started[0] = time.perf_counter()
    job.start()
    first_step = None
    while not job.wait(0.05):
        if first_step is None and job.progress.step >= 1:
            first_step = time.perf_counter() - started[0]
    view = job.view()
    if view.state == runs.FAILED:
        raise RuntimeError(f"the benchmark run failed: {view.error}")
    if not probe.points or probe.pending:  # the run ended before the last checkpoint: measure the end
        probe.measure(view.step, time.perf_counter() - started[0] - probe.excluded)
    rows = runs.read_metrics(folder)
    losses = [r["loss"] for r in rows if r["kind"] == "train"]
    curve = probe.points
    return {
        "settings": _short(settings),
        "first_step_seconds": round(first_step, 2) if first_step else None,
        "trainer_reused": bool(runs.read_json(folder.path / "run_info.json", {}).get("trainer_reused")),
        "curve": curve,
        **{f"seconds_to_{round(100 * target)}": _seconds_to(curve, target) for target in targets},
        "accuracy_at_60s": _accuracy_at(curve, 60.0),
        "final_accuracy": curve[-1]["accuracy"] if curve else None,
        "steps": view.step,
        "median_step_seconds": _median([r["seconds"] for r in rows if r["kind"] == "train"][1:]),
        "loss_steps_1_5": _mean(losses[:5]),
        "loss_steps_11_15": _mean(losses[10:15]),
        "probe_moved_by_step_15": _probe_moved(folder, 15),
    }


def _seconds_to(curve: list[dict], target: float) -> float | None:
    return next((point["seconds"] for point in curve if point["accuracy"] >= target), None)


def _accuracy_at(curve: list[dict], seconds: float) -> float | None:
    """The accuracy of the last measurement at or before ``seconds`` (the model a class would see)."""
    before = [point for point in curve if point["seconds"] <= seconds + 1.0]
    return before[-1]["accuracy"] if before else None


def _probe_moved(folder, by_step: int) -> float | None:
    """How far the first probe's positive probability got from its step-0 value by ``by_step``."""
    from attnviz.nlp.training import runs

    index = runs.read_probe_index(folder)
    steps = [s for s in runs.probe_steps(folder) if s <= by_step]
    if not index or not steps:
        return None
    positive = index["label_names"].index("pos") if "pos" in index["label_names"] else -1
    values = [float(runs.read_probe_snapshot(folder, s)["probabilities"][0][positive]) for s in steps]
    return round(max(abs(v - values[0]) for v in values), 3)


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return round(float(np.mean(values)), 4) if values else None


def _median(values) -> float | None:
    return round(statistics.median(values), 3) if values else None


def _short(settings: TrainSettings) -> dict:
    keys = (
        "max_length",
        "truncation",
        "batch_size",
        "learning_rate",
        "head_factor",
        "train_layers",
        "keep_dropout",
        "group_by_length",
        "steps",
        "train_size",
        "validation_size",
        "seed",
    )
    return {k: getattr(settings, k) for k in keys}


def summarize(runs_by_seed: list[dict]) -> dict:
    """The median over seeds of every number of :func:`time_to_accuracy` (None counts as never)."""

    def median(key):
        values = [r[key] for r in runs_by_seed]
        if all(v is None for v in values):
            return None
        finite = sorted(v if v is not None else float("inf") for v in values)
        middle = (
            finite[len(finite) // 2]
            if len(finite) % 2
            else 0.5 * (finite[len(finite) // 2 - 1] + finite[len(finite) // 2])
        )
        return None if middle == float("inf") else round(middle, 4)

    keys = [
        k
        for k, v in runs_by_seed[0].items()
        if (isinstance(v, (int, float)) and not isinstance(v, bool)) or v is None
    ]
    return {"seeds": len(runs_by_seed), **{k: median(k) for k in keys}, "runs": runs_by_seed}
