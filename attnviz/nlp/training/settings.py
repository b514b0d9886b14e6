"""What a fine-tuning run is asked to do, whether it is valid, and what it will cost.

Plain Python (no TensorFlow): the page validates and estimates on every rerun.

The estimate is a small cost model calibrated on this project's 2-core CPU machines with
TensorFlow 2.21 (see ``bench/training_cost.py`` and README, "Fine-tuning defaults"):

- time per step = FLOPs of the step / a measured throughput (XLA or not), where the step's FLOPs
  are the forward pass of every layer plus the backward pass (2x forward) of the layers that train;
- peak memory = the app process with TensorFlow loaded + the weights + Adam's two slots and the
  gradients for the trained weights + the activations kept for the backward pass (the whole app
  process: measured on the running server, not just the training code).

Settings whose estimated peak exceeds the memory budget (``ATTNVIZ_MEMORY_BUDGET_MB``, default
2500: Streamlit Community Cloud gives the whole app about 2.7 GB) are refused with the numbers.
"""
from __future__ import annotations

import json
import math
import os
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

# --- defaults (measured: README, "Fine-tuning defaults") ----------------------------------------------
DEFAULT_MODEL = "distilbert-base-uncased"
DEFAULT_DATA = "imdb"
DEFAULT_MAX_LENGTH = 64
DEFAULT_BATCH_SIZE = 16
DEFAULT_STEPS = 100
DEFAULT_TRAIN_LAYERS = "top-2"
DEFAULT_LEARNING_RATE = 1e-4
DEFAULT_TRAIN_SIZE = 2000
DEFAULT_VALIDATION_SIZE = 100
DEFAULT_TEST_SIZE = 200

MEMORY_BUDGET_MB = 2500
TIME_WARNING_S = 30 * 60
MAX_PROBES = 4
MAX_PROBE_CHARS = 300
LIMITS = {
    "max_length": (8, 512),
    "batch_size": (1, 128),
    "steps": (1, 100_000),
    "epochs": (1, 50),
    "train_size": (8, 1_000_000),
    "validation_size": (8, 100_000),
    "test_size": (8, 100_000),
    "probe_every": (1, 10_000),
    "eval_every": (1, 100_000),
    "checkpoint_every": (0, 100_000),
    "seed": (0, 2**31 - 1),
}
LEARNING_RATE_RANGE = (1e-7, 1e-2)


@dataclass(frozen=True)
class TrainLayers:
    """Which layers train: ``all``, the top ``k`` transformer blocks plus the head, or the head only."""

    kind: str          # "all" | "top" | "classifier"
    top: int = 0

    @classmethod
    def parse(cls, text: str) -> "TrainLayers":
        value = str(text).strip().lower().replace("_", "-")
        if value in ("all", "todas", "todo"):
            return cls("all")
        if value in ("classifier", "head", "clasificador"):
            return cls("classifier")
        match = re.fullmatch(r"top-?(\d+)", value)
        if match and int(match.group(1)) >= 1:
            return cls("top", int(match.group(1)))
        raise ValueError(f"train layers must be 'all', 'top-K' (K >= 1) or 'classifier', not {text!r}")

    def __str__(self) -> str:
        return f"top-{self.top}" if self.kind == "top" else self.kind

    def trained_blocks(self, layers: int) -> int:
        return layers if self.kind == "all" else (0 if self.kind == "classifier" else min(self.top, layers))


@dataclass
class TrainSettings:
    """Everything a run needs; ``settings.json`` is ``to_dict()``. Either ``steps`` or ``epochs``."""

    model: str = DEFAULT_MODEL            # catalog name, Hub id or folder; the tokenizer's source when from scratch
    data: str = DEFAULT_DATA              # catalog name, Hub id, file or folder
    from_scratch: str = ""                # "" or an architecture (distilbert, bert, roberta): random weights
    scratch_layers: int = 0               # layers of a from-scratch model (0: the architecture's default)
    text_column: str = ""
    label_column: str = ""
    train_size: int = DEFAULT_TRAIN_SIZE
    validation_size: int = DEFAULT_VALIDATION_SIZE
    test_size: int = DEFAULT_TEST_SIZE
    max_length: int = DEFAULT_MAX_LENGTH
    batch_size: int = DEFAULT_BATCH_SIZE
    learning_rate: float = DEFAULT_LEARNING_RATE
    steps: int | None = DEFAULT_STEPS
    epochs: int | None = None
    train_layers: str = DEFAULT_TRAIN_LAYERS
    seed: int = 42
    probes: list[str] = field(default_factory=list)
    probe_every: int = 10
    eval_every: int = 50
    checkpoint_every: int = 0             # 0: only at the end (and when stopped or failed)
    warmup_fraction: float = 0.1
    jit_compile: bool = False             # measured: no faster for top-k training, +30-55 s compiling, +220 MB
    bucket: int = 16                      # padded lengths are multiples of this (fewer XLA shapes)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "TrainSettings":
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in dict(data).items() if k in known}
        if "probes" in values:
            values["probes"] = [str(p) for p in values["probes"] or []]
        return cls(**values)

    @property
    def layers_spec(self) -> TrainLayers:
        return TrainLayers.parse(self.train_layers)

    def total_steps(self, train_examples: int | None = None) -> int:
        """Steps of the run: ``steps``, or ``epochs`` x (training examples // batch size)."""
        if self.steps:
            return int(self.steps)
        n = train_examples if train_examples is not None else self.train_size
        return int(self.epochs or 1) * max(1, int(n) // max(1, int(self.batch_size)))


@dataclass(frozen=True)
class Problem:
    """Something wrong with the settings. ``code`` names the message (``training.problem.CODE``)."""

    code: str
    field: str
    details: dict = field(default_factory=dict)
    message: str = ""          # English, for the command line

    def __str__(self) -> str:
        return self.message or self.code


# --- model shapes ------------------------------------------------------------------------------------

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
        return 4 * self.hidden * self.hidden + 2 * self.hidden * self.intermediate + 9 * self.hidden + self.intermediate

    @property
    def total_parameters(self) -> int:
        return self.parameters or (self.embedding_parameters + self.layers * self.block_parameters
                                   + self.hidden * self.hidden)


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
            return ModelShape(entry.layers, entry.hidden_size, entry.heads, entry.hidden_size * 4, base.vocab,
                              base.max_positions, int(entry.parameters_millions * 1e6))
    return None


def local_model_folder(source: str) -> Path | None:
    """The local folder of a model source when it is on disk already (a folder, a name under
    ATTNVIZ_HOME/models, a Hub id fetched before); None otherwise. Never downloads."""
    from attnviz.nlp import hub
    from attnviz.nlp.paths import is_model_dir, models_dir

    text = str(source).strip()
    if not text:
        return None
    path = Path(text).expanduser()
    if path.is_dir():
        return path
    try:
        if "/" not in text and is_model_dir(models_dir() / text):
            return models_dir() / text
        return hub.downloaded_model(text)
    except Exception:  # a malformed id: loading will say why
        return None


def preflight(settings: TrainSettings) -> None:
    """Raise the NlpError a run would fail with at once, without downloading anything: no model,
    a path that is not a model folder, a data path that does not exist, or no network for a model
    that is not on disk yet."""
    from attnviz.nlp import hub
    from attnviz.nlp.errors import DataError, NlpError
    from attnviz.nlp.paths import is_model_dir

    data = str(settings.data).strip()
    data_path = Path(data).expanduser()
    if data and not data.startswith("upload:") and not data_path.exists() and (
            data.startswith((".", "/", "~")) or data_path.suffix.lower() in (".csv", ".tsv", ".jsonl", ".json", ".parquet")):
        raise DataError("data_not_found", f"No file or folder at {data_path}.", source=data)
    text = str(settings.model).strip()
    if not text:
        raise NlpError("empty_source", "No model given.", source=text)
    path = Path(text).expanduser()
    if path.is_dir():
        if not is_model_dir(path) and not (settings.from_scratch and (path / "tokenizer_config.json").is_file()):
            raise NlpError("not_a_model", f"{path} is not a model folder (it needs config.json and weights).",
                           source=text)
    elif local_model_folder(text) is None:
        if text.startswith((".", "/", "~")) or text.count("/") > 1:
            raise NlpError("model_not_found", f"No model folder at {path}.", source=text)
        hub.check_hub()


# --- the cost model ----------------------------------------------------------------------------------

# Calibrated with bench/training_cost.py and bench/training_run.py (DistilBERT-size from scratch, 2
# cores, TF 2.21, quiet machine; a busy shared machine doubles the times): 64 x 16 top-2 1.27 s/step,
# 64 x 8 all 2.24 s (1.25 s with XLA), 128 x 16 top-2 2.93 s, 128 x 16 head only 1.61 s; memory from
# five configurations, 64 x 8 to 128 x 16, frozen to full (within ~5 %).
BASE_PROCESS_MB = 800          # Python + TensorFlow + transformers + Streamlit + data, no model
APP_OVERHEAD_MB = 250          # the Streamlit server itself, its sessions, garbage between collections
                               # (bench/training_app_memory.py: the server peaked ~250 MB above the bench)
GFLOPS_TRAIN = 115.0           # sustained matrix throughput while training (plain tf.function)
GFLOPS_XLA = 115.0             # with jit_compile=True: the same for the matmuls...
GFLOPS_INFERENCE = 110.0       # validation, test and probes
SECONDS_PER_TRAINED_PARAMETER = 1.2e-8      # ... but Adam's update and the gradients' bookkeeping,
SECONDS_PER_TRAINED_PARAMETER_XLA = 1e-9    # which XLA fuses (full fine-tuning: 1.8x faster with XLA)
SECONDS_PER_ATTENTION_SCORE = 12e-9         # softmax and masking: memory-bound, grows with length^2
ACTIVATION_BYTES_PER_TOKEN_HIDDEN = 110.0  # kept activations per trained block, per token x hidden unit
ATTENTION_BYTES_PER_SCORE = 16.0           # per trained block, per head x query x key
XLA_EXTRA_MB = 220.0
SETUP_SECONDS = 30.0           # load the model, tokenise, trace the training step, warm the probes
XLA_COMPILE_SECONDS = 20.0     # per padded length (8 s quiet, 30 s on a busy machine)
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


def estimate(settings: TrainSettings, shape: ModelShape, *, train_examples: int | None = None,
             typical_length: int | None = None) -> Estimate:
    """Time and peak memory of a run. ``typical_length``: the padded length of a typical batch
    (default: ``max_length``, right for long texts such as IMDB reviews)."""
    spec = settings.layers_spec
    length = max(1, min(int(typical_length or settings.max_length), int(settings.max_length)))
    if settings.bucket > 1:
        length = min(int(settings.max_length), math.ceil(length / settings.bucket) * settings.bucket)
    batch = int(settings.batch_size)
    trained = spec.trained_blocks(shape.layers)
    total_params = shape.total_parameters
    head_params = shape.hidden * shape.hidden + shape.hidden * 8
    trainable = head_params + trained * shape.block_parameters + (shape.embedding_parameters if spec.kind == "all" else 0)

    flops = forward_flops(shape, batch, length, shape.layers) + 2 * forward_flops(shape, batch, length, trained)
    scores = batch * shape.heads * length * length * (shape.layers + 2 * trained)
    step_s = (flops / ((GFLOPS_XLA if settings.jit_compile else GFLOPS_TRAIN) * 1e9)
              + (SECONDS_PER_TRAINED_PARAMETER_XLA if settings.jit_compile else SECONDS_PER_TRAINED_PARAMETER) * trainable
              + SECONDS_PER_ATTENTION_SCORE * scores)
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
    activations_mb = kept * batch * length * (ACTIVATION_BYTES_PER_TOKEN_HIDDEN * shape.hidden
                                              + ATTENTION_BYTES_PER_SCORE * shape.heads * length) / mb
    peak = (BASE_PROCESS_MB + APP_OVERHEAD_MB + 1.5 * weights_mb + optimizer_mb + activations_mb
            + (XLA_EXTRA_MB if settings.jit_compile else 0.0))
    return Estimate(steps, step_s, total_s, peak, int(trainable), int(total_params), memory_budget_mb())


# --- validation --------------------------------------------------------------------------------------

def validate(settings: TrainSettings, shape: ModelShape | None = None, *, model_max_length: int | None = None,
             train_examples: int | None = None) -> list[Problem]:
    """Every problem with the settings (empty when they can run). With ``shape``, also whether the
    run fits the memory budget."""
    problems: list[Problem] = []

    def number(name: str, value, kind=int) -> None:
        low, high = LIMITS[name]
        if value is None or isinstance(value, bool) or not isinstance(value, (int, float)) or int(value) != value:
            problems.append(Problem("not_a_number", name, {"low": low, "high": high},
                                    f"{name} must be a whole number from {low} to {high}."))
        elif not low <= value <= high:
            problems.append(Problem("out_of_range", name, {"value": value, "low": low, "high": high},
                                    f"{name} must be from {low} to {high}, not {value}."))

    if not str(settings.model).strip():
        problems.append(Problem("no_model", "model", {}, "Choose a model (or, from scratch, its tokenizer)."))
    if not str(settings.data).strip():
        problems.append(Problem("no_data", "data", {}, "Choose a data set."))
    if settings.from_scratch and settings.from_scratch not in ARCHITECTURE_SHAPES:
        problems.append(Problem("bad_architecture", "from_scratch", {"architecture": settings.from_scratch},
                                f"Unknown architecture {settings.from_scratch!r}."))
    for name in ("max_length", "batch_size", "train_size", "validation_size", "test_size", "probe_every",
                 "eval_every", "checkpoint_every", "seed"):
        number(name, getattr(settings, name))
    if settings.from_scratch and settings.scratch_layers:
        if not 1 <= int(settings.scratch_layers) <= 24:
            problems.append(Problem("out_of_range", "scratch_layers",
                                    {"value": settings.scratch_layers, "low": 1, "high": 24},
                                    "scratch_layers must be from 1 to 24."))
    if model_max_length and isinstance(settings.max_length, int) and settings.max_length > model_max_length:
        problems.append(Problem("too_long_for_model", "max_length",
                                {"value": settings.max_length, "limit": model_max_length},
                                f"This model reads at most {model_max_length} tokens, not {settings.max_length}."))
    low, high = LEARNING_RATE_RANGE
    lr = settings.learning_rate
    if not isinstance(lr, (int, float)) or isinstance(lr, bool) or not math.isfinite(lr) or not low <= lr <= high:
        problems.append(Problem("bad_learning_rate", "learning_rate", {"value": lr, "low": low, "high": high},
                                f"The learning rate must be from {low:g} to {high:g}, not {lr}."))
    if bool(settings.steps) == bool(settings.epochs):
        problems.append(Problem("steps_or_epochs", "steps", {}, "Give either steps or epochs (one of them)."))
    elif settings.steps:
        number("steps", settings.steps)
    else:
        number("epochs", settings.epochs)
    try:
        spec = settings.layers_spec
        if shape is not None and spec.kind == "top" and spec.top > shape.layers:
            problems.append(Problem("too_many_layers", "train_layers", {"value": spec.top, "layers": shape.layers},
                                    f"The model has {shape.layers} layers; top-{spec.top} is more than that."))
    except ValueError as error:
        problems.append(Problem("bad_train_layers", "train_layers", {"value": settings.train_layers}, str(error)))
    if not 0 <= float(settings.warmup_fraction) < 1:
        problems.append(Problem("out_of_range", "warmup_fraction", {"value": settings.warmup_fraction, "low": 0, "high": 0.99},
                                "warmup_fraction must be from 0 to 0.99."))
    if len(settings.probes) > MAX_PROBES:
        problems.append(Problem("too_many_probes", "probes", {"count": len(settings.probes), "limit": MAX_PROBES},
                                f"At most {MAX_PROBES} probe sentences."))
    for i, text in enumerate(settings.probes):
        if not text.strip():
            problems.append(Problem("empty_probe", "probes", {"index": i + 1}, f"Probe sentence {i + 1} is empty."))
        elif len(text) > MAX_PROBE_CHARS:
            problems.append(Problem("long_probe", "probes", {"index": i + 1, "limit": MAX_PROBE_CHARS},
                                    f"Probe sentence {i + 1} is longer than {MAX_PROBE_CHARS} characters."))
    if problems or shape is None:
        return problems
    cost = estimate(settings, shape, train_examples=train_examples)
    if not cost.fits:
        problems.append(Problem(
            "over_memory", "batch_size",
            {"peak_mb": round(cost.peak_mb), "budget_mb": round(cost.budget_mb)},
            f"These settings would need about {cost.peak_mb:.0f} MB, over the {cost.budget_mb:.0f} MB budget: "
            "lower the maximum length or the batch size, or train fewer layers.",
        ))
    return problems
