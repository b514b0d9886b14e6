"""What a fine-tuning run will cost: time per step, total time, and the peak memory of the app.

A small model calibrated on this project's 2-core CPU machines with TensorFlow 2.21 (README,
"Time to accuracy", and ``python -m attnviz bench``):

- time per step = FLOPs of the step / a measured throughput, where the step's FLOPs are the forward
  pass of every layer plus the backward pass (2x forward) of the layers that train;
- peak memory = the app process with TensorFlow loaded + the weights + Adam's two slots and the
  gradients for the trained weights + the activations kept for the backward pass (the whole app
  process: measured on the running server, not just the training code).

Settings whose estimated peak exceeds the memory budget (``ATTNVIZ_MEMORY_BUDGET_MB``, default
2500: Streamlit Community Cloud gives the whole app about 2.7 GB) are refused with the numbers.
Plain Python (no TensorFlow).
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

from attnviz.nlp.training.settings import TrainSettings

MEMORY_BUDGET_MB = 2500


@dataclass(frozen=True)
class ModelShape:
    layers: int
    hidden: int
    heads: int
    intermediate: int
    vocab: int
    max_positions: int = 512
    parameters: int = 0

    @property
    def embedding_parameters(self) -> int:
        return self.vocab * self.hidden + self.max_positions * self.hidden

    @property
    def block_parameters(self) -> int:
        return (
            4 * self.hidden * self.hidden
            + 2 * self.hidden * self.intermediate
            + 9 * self.hidden
            + self.intermediate
        )

    @property
    def total_parameters(self) -> int:
        return self.parameters or (
            self.embedding_parameters + self.layers * self.block_parameters + self.hidden * self.hidden
        )


ARCHITECTURE_SHAPES = {
    "distilbert": ModelShape(6, 768, 12, 3072, 30522),
    "bert": ModelShape(12, 768, 12, 3072, 30522),
    "roberta": ModelShape(12, 768, 12, 3072, 50265, 514),
}


def shape_from_config(config: dict) -> ModelShape:
    """A ModelShape from a transformers config.json (DistilBERT names or BERT names)."""

    def pick(*names, default=0):
        for name in names:
            if config.get(name):
                return int(config[name])
        return default

    return ModelShape(
        layers=pick("n_layers", "num_hidden_layers", default=6),
        hidden=pick("dim", "hidden_size", default=768),
        heads=pick("n_heads", "num_attention_heads", default=12),
        intermediate=pick("hidden_dim", "intermediate_size", default=3072),
        vocab=pick("vocab_size", default=30522),
        max_positions=pick("max_position_embeddings", default=512),
    )


def model_shape(settings: TrainSettings, model_folder: Path | None = None) -> ModelShape | None:
    """The shape of the model the settings name: from the catalog, a folder's config.json, or the
    architecture's default (from scratch). None when unknown (a Hub id not downloaded yet)."""
    from attnviz.nlp import catalog

    if settings.from_scratch:
        base = ARCHITECTURE_SHAPES.get(settings.from_scratch)
        if base is None:
            return None
        layers = settings.scratch_layers or base.layers
        return ModelShape(layers, base.hidden, base.heads, base.intermediate, base.vocab, base.max_positions)
    folder = model_folder
    if folder is None:
        path = Path(str(settings.model)).expanduser()
        folder = path if path.is_dir() else None
    if folder is not None and (Path(folder) / "config.json").is_file():
        try:
            return shape_from_config(json.loads((Path(folder) / "config.json").read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return None
    entry = catalog.find_model(str(settings.model))
    if entry is not None:
        base = ARCHITECTURE_SHAPES.get(entry.architecture)
        if base is not None:
            return ModelShape(
                entry.layers,
                entry.hidden_size,
                entry.heads,
                entry.hidden_size * 4,
                base.vocab,
                base.max_positions,
                int(entry.parameters_millions * 1e6),
            )
    return None


# Calibrated with ``python -m attnviz bench --parts throughput`` (DistilBERT-size, random weights,
# 2 cores of an AVX2 machine whose float32 matmul runs at ~63 GFLOP/s, TF 2.21; README, "Time to
# accuracy"): 128 x 16 top-3 6.30 s/step, peak 1,987 MB; 64 x 16 top-2 2.50 s, 1,494 MB; the course's
# 512 x 16, all layers, dropout on: 52.9 s, 9,236 MB. A busy shared machine is up to twice as slow.
BASE_PROCESS_MB = 800  # Python + TensorFlow + transformers + Streamlit + data, no model
APP_OVERHEAD_MB = 250  # the Streamlit server itself, its sessions, garbage between collections
# (bench/training_app_memory.py: the server peaked ~250 MB above the bench)
GFLOPS_TRAIN = 62.0  # sustained matrix throughput while training (plain tf.function)
GFLOPS_XLA = 62.0  # with jit_compile=True: the same for the matmuls...
GFLOPS_INFERENCE = 45.0  # validation, test and probes (small, sorted batches: less efficient)
SECONDS_PER_TRAINED_PARAMETER = 1.2e-8  # ... but Adam's update and the gradients' bookkeeping,
SECONDS_PER_TRAINED_PARAMETER_XLA = 1e-9  # which XLA fuses (full fine-tuning: 1.8x faster with XLA)
SECONDS_PER_ATTENTION_SCORE = 12e-9  # softmax and masking: memory-bound, grows with length^2
ACTIVATION_BYTES_PER_TOKEN_HIDDEN = 110.0  # kept activations per trained block, per token x hidden unit
ATTENTION_BYTES_PER_SCORE = 16.0  # per trained block, per head x query x key
XLA_EXTRA_MB = 220.0
DROPOUT_TIME_FACTOR = 1.15  # dropout's masks: 0.60 -> 0.69 s/step measured (MiniLM, top-3, 16 x ~30 tokens)
SETUP_SECONDS = 30.0  # load the model, tokenise, trace the training step, warm the probes
XLA_COMPILE_SECONDS = 20.0  # per padded length (8 s quiet, 30 s on a busy machine)
SAVE_MB_PER_S = 150.0


@dataclass(frozen=True)
class Estimate:
    steps: int
    step_seconds: float
    total_seconds: float
    peak_mb: float
    trainable_parameters: int
    total_parameters: int
    budget_mb: float

    @property
    def fits(self) -> bool:
        return self.peak_mb <= self.budget_mb


def memory_budget_mb() -> float:
    text = os.environ.get("ATTNVIZ_MEMORY_BUDGET_MB", "").strip()
    try:
        return float(text) if text else float(MEMORY_BUDGET_MB)
    except ValueError:
        return float(MEMORY_BUDGET_MB)


def forward_flops(shape: ModelShape, batch: int, length: int, layers: int) -> float:
    per_token = 2 * (4 * shape.hidden**2 + 2 * shape.hidden * shape.intermediate + 2 * length * shape.hidden)
    return float(batch * length * per_token * layers)


def estimate(
    settings: TrainSettings,
    shape: ModelShape,
    *,
    train_examples: int | None = None,
    typical_length: int | None = None,
) -> Estimate:
    """Time and peak memory of a run. ``typical_length``: the padded length of a typical batch
    (default: ``max_length``, right for long texts such as IMDB reviews; see :func:`padded_length`).
    Memory is for the longest batch (``max_length``)."""
    spec = settings.layers_spec
    length = max(1, min(int(typical_length or settings.max_length), int(settings.max_length)))
    if settings.jit_compile and settings.bucket > 1:
        length = min(int(settings.max_length), math.ceil(length / settings.bucket) * settings.bucket)
    batch = int(settings.batch_size)
    trained = spec.trained_blocks(shape.layers)
    total_params = shape.total_parameters
    head_params = shape.hidden * shape.hidden + shape.hidden * 8
    trainable = (
        head_params
        + trained * shape.block_parameters
        + (shape.embedding_parameters if spec.kind == "all" else 0)
    )

    flops = forward_flops(shape, batch, length, shape.layers) + 2 * forward_flops(
        shape, batch, length, trained
    )
    scores = batch * shape.heads * length * length * (shape.layers + 2 * trained)
    step_s = (
        flops / ((GFLOPS_XLA if settings.jit_compile else GFLOPS_TRAIN) * 1e9)
        + (SECONDS_PER_TRAINED_PARAMETER_XLA if settings.jit_compile else SECONDS_PER_TRAINED_PARAMETER)
        * trainable
        + SECONDS_PER_ATTENTION_SCORE * scores
    ) * (DROPOUT_TIME_FACTOR if settings.keep_dropout else 1.0)
    steps = settings.total_steps(train_examples)
    per_example = forward_flops(shape, 1, length, shape.layers) / (GFLOPS_INFERENCE * 1e9)
    every = max(1, settings.eval_every)
    evals = steps // every + 1 + (1 if steps % every else 0)  # before the first step and after the last
    eval_s = evals * per_example * settings.validation_size + per_example * settings.test_size
    probes = len(settings.probes) * (steps // max(1, settings.probe_every) + 1)
    probe_s = probes * forward_flops(shape, 1, 32, shape.layers) / (GFLOPS_INFERENCE * 1e9)
    saves = 1 + (steps // settings.checkpoint_every if settings.checkpoint_every else 0)
    save_s = saves * total_params * 4 / 2**20 / SAVE_MB_PER_S
    shapes = max(1, math.ceil(settings.max_length / max(1, settings.bucket))) if typical_length else 1
    setup_s = SETUP_SECONDS + (XLA_COMPILE_SECONDS * shapes if settings.jit_compile else 0)
    total_s = setup_s + steps * step_s + eval_s + probe_s + save_s

    mb = 2**20
    weights_mb = total_params * 4 / mb
    optimizer_mb = 3 * trainable * 4 / mb
    kept = max(trained, 2)  # the forward pass through frozen blocks still holds about two blocks' worth
    longest = int(settings.max_length)
    activations_mb = (
        kept
        * batch
        * longest
        * (
            ACTIVATION_BYTES_PER_TOKEN_HIDDEN * shape.hidden
            + ATTENTION_BYTES_PER_SCORE * shape.heads * longest
        )
        / mb
    )
    peak = (
        BASE_PROCESS_MB
        + APP_OVERHEAD_MB
        + 1.5 * weights_mb
        + optimizer_mb
        + activations_mb
        + (XLA_EXTRA_MB if settings.jit_compile else 0.0)
    )
    return Estimate(steps, step_s, total_s, peak, int(trainable), int(total_params), memory_budget_mb())


# Keras traces the training step the first time fit runs: measured 13-21 s for 6-layer models
# (MiniLM, DistilBERT) on 2 cores; it grows with the number of layers.
TRACE_SECONDS_BASE = 5.0
TRACE_SECONDS_PER_LAYER = 2.0


def trace_seconds(settings) -> float:
    """How long tracing the training step usually takes, for the page's "preparing the graph" bar.
    ``settings``: a TrainSettings or a run's settings.json dict."""
    values = settings if isinstance(settings, dict) else settings.to_dict()
    layers = int(values.get("scratch_layers") or 0) or 6
    return TRACE_SECONDS_BASE + TRACE_SECONDS_PER_LAYER * layers


def padded_length(texts, settings: TrainSettings) -> int:
    """The padded length of a typical training batch for these texts, from their characters (about
    4.2 per token in English and Spanish, plus the special tokens), without a tokenizer: batches of
    similar lengths pad to about the mean; random batches to about the 90th percentile."""
    import numpy as np

    lengths = np.asarray([len(str(t)) / 4.2 + 2 for t in texts], dtype=float)
    if lengths.size == 0:
        return int(settings.max_length)
    typical = lengths.mean() if settings.group_by_length else np.percentile(lengths, 90)
    return int(min(int(settings.max_length), max(2, round(typical))))
