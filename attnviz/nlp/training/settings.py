"""What a fine-tuning run is asked to do, and whether it can: the settings, their defaults and
limits, and every problem with them (a code, the field and details; the words come from
``attnviz.i18n``, for the page and for the command line alike). What a run will cost in time and
memory is :mod:`.cost`.

Plain Python (no TensorFlow): the page validates on every rerun.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

# --- defaults (measured: README, "Time to accuracy") ------------------------------------------------
DEFAULT_MODEL = "distilbert-base-uncased"
DEFAULT_DATA = "imdb"
DEFAULT_MAX_LENGTH = 128  # rt-polarity sentences are shorter anyway; reviews keep head + tail
DEFAULT_BATCH_SIZE = 16
DEFAULT_STEPS = 100
DEFAULT_TRAIN_LAYERS = "top-3"
DEFAULT_LEARNING_RATE = 3e-4  # the pretrained blocks'; the new head learns HEAD_FACTOR times faster
DEFAULT_HEAD_FACTOR = 10.0
DEFAULT_TRUNCATION = "head_tail"
DEFAULT_TRAIN_SIZE = 2000
DEFAULT_VALIDATION_SIZE = 100
DEFAULT_TEST_SIZE = 200

TIME_WARNING_S = 30 * 60  # the form warns about runs estimated to take longer
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
    "scratch_layers": (1, 24),
}
LEARNING_RATE_RANGE = (1e-7, 1e-2)
HEAD_FACTOR_RANGE = (1.0, 100.0)
ARCHITECTURES = ("distilbert", "bert", "roberta")  # what a model from scratch can be
TRUNCATIONS = ("head_tail", "head")


@dataclass(frozen=True)
class TrainLayers:
    """Which layers train: ``all``, the top ``k`` transformer blocks plus the head, or the head only."""

    kind: str  # "all" | "top" | "classifier"
    top: int = 0

    @classmethod
    def parse(cls, text: str) -> TrainLayers:
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

    model: str = DEFAULT_MODEL  # catalog name, Hub id or folder; the tokenizer's source when from scratch
    data: str = DEFAULT_DATA  # catalog name, Hub id, file or folder
    from_scratch: str = ""  # "" or an architecture (distilbert, bert, roberta): random weights
    scratch_layers: int = 0  # layers of a from-scratch model (0: the architecture's default)
    text_column: str = ""
    label_column: str = ""
    train_size: int = DEFAULT_TRAIN_SIZE
    validation_size: int = DEFAULT_VALIDATION_SIZE
    test_size: int = DEFAULT_TEST_SIZE
    max_length: int = DEFAULT_MAX_LENGTH
    truncation: str = DEFAULT_TRUNCATION  # "head_tail": a long text keeps its beginning and its end
    batch_size: int = DEFAULT_BATCH_SIZE
    learning_rate: float = DEFAULT_LEARNING_RATE
    head_factor: float = DEFAULT_HEAD_FACTOR  # the task head's rate = learning_rate x this
    steps: int | None = DEFAULT_STEPS
    epochs: int | None = None
    train_layers: str = DEFAULT_TRAIN_LAYERS
    keep_dropout: bool = False  # the model's dropout (off by default: short runs learn faster)
    group_by_length: bool = True  # batches of similar lengths (less padding)
    seed: int = 42
    probes: list[str] = field(default_factory=list)
    probe_every: int = 5  # cheap (a forward pass of the probes): the class sees them move
    eval_every: int = 50
    checkpoint_every: int = 0  # 0: only at the end (and when stopped or failed)
    warmup_fraction: float = 0.1
    jit_compile: bool = False  # measured: no faster here, +8-30 s compiling per padded length
    bucket: int = 16  # with jit_compile: padded lengths are multiples of this (fewer shapes)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> TrainSettings:
        """Settings from ``settings.json``. Runs saved before a field existed get the value they
        actually trained with, not today's default."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in dict(data).items() if k in known}
        for name, before in LEGACY_VALUES.items():
            values.setdefault(name, before)
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

    def warmup_steps(self, total_steps: int) -> int:
        return int(round(float(self.warmup_fraction) * total_steps))


# What a run saved before these fields existed trained with.
LEGACY_VALUES = {"truncation": "head", "head_factor": 1.0, "keep_dropout": True, "group_by_length": False}


@dataclass(frozen=True)
class Problem:
    """Something wrong with the settings: ``code`` names its message (``ft.problem.CODE`` in
    ``attnviz.i18n``), ``field`` the setting, ``details`` the message's numbers."""

    code: str
    field: str
    details: dict = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` (the command line's English; the page uses its own language)."""
        from attnviz.i18n import translate

        values = {"field": translate(lang, f"ft.field.{self.field}"), **self.details}
        try:
            return translate(lang, f"ft.problem.{self.code}", **values)
        except (KeyError, IndexError, ValueError):
            return self.code

    def __str__(self) -> str:
        return self.text("en")


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
    except Exception:  # noqa: BLE001 - a malformed id: loading will say why
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
    if (
        data
        and not data.startswith("upload:")
        and not data_path.exists()
        and (
            data.startswith((".", "/", "~"))
            or data_path.suffix.lower() in (".csv", ".tsv", ".jsonl", ".json", ".parquet")
        )
    ):
        raise DataError("data_not_found", f"No file or folder at {data_path}.", source=data)
    text = str(settings.model).strip()
    if not text:
        raise NlpError("empty_source", "No model given.", source=text)
    path = Path(text).expanduser()
    if path.is_dir():
        if not is_model_dir(path) and not (
            settings.from_scratch and (path / "tokenizer_config.json").is_file()
        ):
            raise NlpError(
                "not_a_model",
                f"{path} is not a model folder (it needs config.json and weights).",
                source=text,
            )
    elif local_model_folder(text) is None:
        if text.startswith((".", "/", "~")) or text.count("/") > 1:
            raise NlpError("model_not_found", f"No model folder at {path}.", source=text)
        hub.check_hub()


# --- validation ------------------------------------------------------------------------------------


def validate(
    settings: TrainSettings,
    shape=None,
    *,
    model_max_length: int | None = None,
    train_examples: int | None = None,
) -> list[Problem]:
    """Every problem with the settings (empty when they can run). With ``shape`` (a
    :class:`.cost.ModelShape`), also whether the run fits the memory budget."""
    problems: list[Problem] = []

    def number(name: str, value) -> None:
        low, high = LIMITS[name]
        if (
            value is None
            or isinstance(value, bool)
            or not isinstance(value, (int, float))
            or int(value) != value
        ):
            problems.append(Problem("not_a_number", name, {"low": low, "high": high}))
        elif not low <= value <= high:
            problems.append(Problem("out_of_range", name, {"value": value, "low": low, "high": high}))

    def rate(name: str, value, code: str, bounds: tuple[float, float]) -> None:
        low, high = bounds
        if (
            not isinstance(value, (int, float))
            or isinstance(value, bool)
            or not math.isfinite(value)
            or not low <= value <= high
        ):
            problems.append(Problem(code, name, {"value": value, "low": f"{low:g}", "high": f"{high:g}"}))

    if not str(settings.model).strip():
        problems.append(Problem("no_model", "model"))
    if not str(settings.data).strip():
        problems.append(Problem("no_data", "data"))
    if settings.from_scratch and settings.from_scratch not in ARCHITECTURES:
        problems.append(Problem("bad_architecture", "from_scratch", {"architecture": settings.from_scratch}))
    for name in (
        "max_length",
        "batch_size",
        "train_size",
        "validation_size",
        "test_size",
        "probe_every",
        "eval_every",
        "checkpoint_every",
        "seed",
    ):
        number(name, getattr(settings, name))
    if settings.from_scratch and settings.scratch_layers:
        number("scratch_layers", settings.scratch_layers)
    if model_max_length and isinstance(settings.max_length, int) and settings.max_length > model_max_length:
        problems.append(
            Problem(
                "too_long_for_model", "max_length", {"value": settings.max_length, "limit": model_max_length}
            )
        )
    if settings.truncation not in TRUNCATIONS:
        problems.append(Problem("bad_truncation", "truncation", {"value": settings.truncation}))
    rate("learning_rate", settings.learning_rate, "bad_learning_rate", LEARNING_RATE_RANGE)
    rate("head_factor", settings.head_factor, "bad_head_factor", HEAD_FACTOR_RANGE)
    if bool(settings.steps) == bool(settings.epochs):
        problems.append(Problem("steps_or_epochs", "steps"))
    elif settings.steps:
        number("steps", settings.steps)
    else:
        number("epochs", settings.epochs)
    try:
        spec = settings.layers_spec
        if shape is not None and spec.kind == "top" and spec.top > shape.layers:
            problems.append(
                Problem("too_many_layers", "train_layers", {"value": spec.top, "layers": shape.layers})
            )
    except ValueError:
        problems.append(Problem("bad_train_layers", "train_layers", {"value": settings.train_layers}))
    try:
        warmup = float(settings.warmup_fraction)
    except (TypeError, ValueError):
        warmup = -1.0
    if not 0 <= warmup < 1:
        problems.append(
            Problem(
                "out_of_range", "warmup_fraction", {"value": settings.warmup_fraction, "low": 0, "high": 0.99}
            )
        )
    if len(settings.probes) > MAX_PROBES:
        problems.append(
            Problem("too_many_probes", "probes", {"count": len(settings.probes), "limit": MAX_PROBES})
        )
    for i, text in enumerate(settings.probes):
        if not text.strip():
            problems.append(Problem("empty_probe", "probes", {"index": i + 1}))
        elif len(text) > MAX_PROBE_CHARS:
            problems.append(Problem("long_probe", "probes", {"index": i + 1, "limit": MAX_PROBE_CHARS}))
    if problems or shape is None:
        return problems
    from attnviz.nlp.training.cost import estimate

    cost = estimate(settings, shape, train_examples=train_examples)
    if not cost.fits:
        problems.append(
            Problem(
                "over_memory",
                "batch_size",
                {"peak_mb": round(cost.peak_mb), "budget_mb": round(cost.budget_mb)},
            )
        )
    return problems
