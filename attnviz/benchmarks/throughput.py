"""Examples per second and peak memory of one training configuration, in a process of its own (so
that its peak is its own): ``python -m attnviz.benchmarks.throughput '{"max_length": 128, ...}'``
prints one JSON line.

The model is DistilBERT's architecture with random weights (its cost does not depend on the
weights; the Hub cannot be reached here) and bert-base-uncased's vocabulary; every batch is full
(``max_length`` tokens), as long reviews are. Streamlit is imported first so that the baseline is
the app's process.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def measure_in_subprocess(config: dict, timeout: float = 1800) -> dict:
    """Run :func:`measure` for ``config`` in a fresh Python process; its JSON result."""
    project = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-m", "attnviz.benchmarks.throughput", json.dumps(config)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"throughput worker failed: {result.stderr.strip().splitlines()[-1:]}")
    return json.loads(lines[-1])


def measure(config: dict) -> dict:
    """``config``: tokenizer (folder), max_length, batch_size, train_layers, keep_dropout, head_factor,
    steps (timed after one untimed step)."""
    import numpy as np
    import streamlit  # noqa: F401  (the app's process has it)
    import tensorflow as tf

    from attnviz.benchmarks.machine import matmul_gflops
    from attnviz.nlp.training.cost import ARCHITECTURE_SHAPES, forward_flops
    from attnviz.nlp.training.model_setup import limit_tf_threads
    from attnviz.nlp.training.settings import TrainLayers, TrainSettings
    from attnviz.nlp.training.trainer import Trainer, TrainerKey

    limit_tf_threads()
    length, batch = int(config["max_length"]), int(config["batch_size"])
    settings = TrainSettings(
        model=str(config["tokenizer"]),
        from_scratch="distilbert",
        max_length=length,
        batch_size=batch,
        train_layers=str(config["train_layers"]),
        keep_dropout=bool(config.get("keep_dropout", False)),
        head_factor=float(config.get("head_factor", 10.0)),
        learning_rate=float(config.get("learning_rate", 3e-4)),
    )
    trainer = Trainer.build(TrainerKey.for_run(settings, "scratch", 2), settings)
    steps = int(config.get("steps", 6))
    rng = np.random.default_rng(0)
    ids = rng.integers(1000, 29000, size=(batch * (steps + 1), length)).astype(np.int32)
    labels = rng.integers(0, 2, size=batch * (steps + 1))
    data = tf.data.Dataset.from_tensor_slices(
        ({"input_ids": ids, "attention_mask": np.ones_like(ids)}, labels)
    )
    times: list[float] = []

    class Clock(tf.keras.callbacks.Callback):
        def on_train_batch_begin(self, batch_index, logs=None):
            self.began = time.perf_counter()

        def on_train_batch_end(self, batch_index, logs=None):
            times.append(time.perf_counter() - self.began)

    trainer.configure(["neg", "pos"], settings.learning_rate, steps + 1, 0)
    trainer.model.fit(data.batch(batch, drop_remainder=True), epochs=1, verbose=0, callbacks=[Clock()])
    step = statistics.median(times[1:])
    shape = ARCHITECTURE_SHAPES["distilbert"]
    trained = TrainLayers.parse(settings.train_layers).trained_blocks(shape.layers)
    flops = forward_flops(shape, batch, length, shape.layers) + 2 * forward_flops(
        shape, batch, length, trained
    )
    peak = _peak_mb()
    return {
        "config": config,
        "first_step_seconds": round(times[0], 2),
        "step_seconds": round(step, 3),
        "examples_per_second": round(batch / step, 3),
        "training_gflops": round(flops / step / 1e9, 1),
        "matmul_gflops": round(matmul_gflops(), 1),
        "peak_mb": round(peak),
    }


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


if __name__ == "__main__":
    print(json.dumps(measure(json.loads(sys.argv[1]))))
