"""What each file of a run folder may hold, checked before anything uses it.

A run folder can come from anywhere: an imported zip is a stranger's file. Every reader in
:mod:`.runs` passes what it read through one of these checks, so that a page never meets a step
that is not a number, a date of 1e308, a list where a dict belongs, a probe index that claims a
billion layers, or a model config that would take gigabytes to build. A check returns the value
(the fields the app reads, with their types guaranteed) and the problems it found; a run whose
status or settings have problems is listed as *damaged*, which can be deleted but not opened.

Plain Python and numpy headers: no TensorFlow.
"""

from __future__ import annotations

import math
import re
import zipfile
from pathlib import Path

import numpy as np

MAX_STEPS = 10_000_000
MAX_TIME = 4_102_444_800  # 2100-01-01: a date after that is not a date a run was made
MAX_TEXT = 2_000  # characters of a message, a model or data name
MAX_PROBE_TEXT = 1_000
MAX_PROBES = 16
MAX_TOKENS = 1_024
MAX_LABELS = 1_000
MAX_EXAMPLES = 500
MAX_EXAMPLE_TEXT = 50_000
MAX_LAYERS, MAX_HEADS = 64, 128

# what a run's model may be, before anything builds it (bert-large is 340 M parameters)
MODEL_LIMITS = {"vocab": 300_000, "hidden": 2_048, "layers": 48, "heads": 64, "positions": 8_192}
MAX_MODEL_PARAMETERS = 600_000_000
CODE = re.compile(r"[a-z][a-z0-9_]{0,63}")


def _is_int(value, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _is_number(value, low: float, high: float) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and low <= value <= high
    )


def _is_text(value, limit: int = MAX_TEXT) -> bool:
    return isinstance(value, str) and len(value) <= limit


def _is_texts(value, count: int, limit: int) -> bool:
    return isinstance(value, list) and len(value) <= count and all(_is_text(v, limit) for v in value)


def _is_fraction(value) -> bool:
    return value is None or _is_number(value, 0, 1)


def _scalar(value) -> bool:
    """A value a message may be filled with: short text, a finite number, a truth value or nothing."""
    return value is None or isinstance(value, bool) or _is_text(value, 500) or _is_number(value, -1e15, 1e15)


# --- status.json and settings.json: a run is damaged when these are wrong -------------------------


def check_status(raw, states: tuple[str, ...]) -> list[str]:
    """Problems of a status.json (empty when the fields the app reads are sound)."""
    if not isinstance(raw, dict):
        return ["status.json: not an object"]
    problems = []
    if raw.get("state") not in states:
        problems.append("status.json: state")
    for name in ("step", "total_steps"):
        if name in raw and not _is_int(raw[name], 0, MAX_STEPS):
            problems.append(f"status.json: {name}")
    for name in ("created_at", "updated_at", "finished_at"):
        if raw.get(name) is not None and not _is_number(raw[name], 0, MAX_TIME):
            problems.append(f"status.json: {name}")
    for name in ("host", "process_start", "imported_from", "interrupted_from", "owner", "phase"):
        if raw.get(name) is not None and not _is_text(raw[name], 300):
            problems.append(f"status.json: {name}")
    if raw.get("pid") is not None and not _is_int(raw["pid"], 0, 2**31):
        problems.append("status.json: pid")
    error = raw.get("error")
    if error is not None:
        if not isinstance(error, dict):
            problems.append("status.json: error")
        else:
            details = error.get("details") or {}
            if (
                not (
                    error.get("code") is None
                    or (_is_text(error["code"], 64) and CODE.fullmatch(error["code"]))
                )
                or not (error.get("message") is None or _is_text(error["message"]))
                or not isinstance(details, dict)
                or len(details) > 20
                or not all(_scalar(v) for v in details.values())
                or not (error.get("step") is None or _is_int(error["step"], 0, MAX_STEPS))
            ):
                problems.append("status.json: error")
    return problems


# settings fields and what they must be (older runs' fields too); anything else is ignored
_SETTING_TEXTS = (
    "model",
    "data",
    "from_scratch",
    "text_column",
    "label_column",
    "train_layers",
    "truncation",
)
_SETTING_INTS = (
    "scratch_layers",
    "train_size",
    "validation_size",
    "test_size",
    "max_length",
    "batch_size",
    "steps",
    "epochs",
    "seed",
    "probe_every",
    "eval_every",
    "checkpoint_every",
    "bucket",
)
_SETTING_NUMBERS = ("learning_rate", "head_factor", "warmup_fraction")
_SETTING_FLAGS = ("keep_dropout", "group_by_length", "jit_compile")


def check_settings(raw) -> list[str]:
    """Problems of a settings.json."""
    if not isinstance(raw, dict):
        return ["settings.json: not an object"]
    problems = []
    for name in _SETTING_TEXTS:
        if raw.get(name) is not None and not _is_text(raw[name]):
            problems.append(f"settings.json: {name}")
    for name in _SETTING_INTS:
        if raw.get(name) is not None and not _is_int(raw[name], 0, 10**9):
            problems.append(f"settings.json: {name}")
    for name in _SETTING_NUMBERS:
        if raw.get(name) is not None and not _is_number(raw[name], 0, 1e6):
            problems.append(f"settings.json: {name}")
    for name in _SETTING_FLAGS:
        if raw.get(name) is not None and not isinstance(raw[name], bool):
            problems.append(f"settings.json: {name}")
    if raw.get("probes") is not None and not _is_texts(raw["probes"], MAX_PROBES, MAX_PROBE_TEXT):
        problems.append("settings.json: probes")
    return problems


# --- the other files: a bad one is left unread (the page shows the run without it) -------------


def sound_probe_index(raw) -> bool:
    """Whether probes/probes.json can be drawn: texts, their tokens, label names, layers, heads."""
    if not isinstance(raw, dict):
        return False
    texts, tokens = raw.get("texts"), raw.get("tokens")
    return (
        _is_texts(texts, MAX_PROBES, MAX_PROBE_TEXT)
        and bool(texts)
        and isinstance(tokens, list)
        and len(tokens) == len(texts)
        and all(_is_texts(row, MAX_TOKENS, 200) for row in tokens)
        and (raw.get("label_names") is None or _is_texts(raw["label_names"], MAX_LABELS, 200))
        and _is_int(raw.get("layers"), 1, MAX_LAYERS)
        and _is_int(raw.get("heads"), 1, MAX_HEADS)
    )


def sound_evaluation(raw) -> bool:
    """Whether evaluation.json holds what the evaluation section draws, with sane sizes."""
    if not isinstance(raw, dict):
        return False
    names = raw.get("label_names", [])
    if not _is_texts(names, MAX_LABELS, 200):
        return False
    confusion = raw.get("confusion", [])
    per_class = raw.get("per_class", [])
    examples = raw.get("examples", []) or []
    return (
        (raw.get("step") is None or _is_int(raw["step"], 0, MAX_STEPS))
        and (raw.get("count") is None or _is_int(raw["count"], 0, 10**9))
        and _is_fraction(raw.get("accuracy"))
        and _is_fraction(raw.get("macro_f1"))
        and (raw.get("loss") is None or _is_number(raw["loss"], 0, 1e6))
        and isinstance(confusion, list)
        and len(confusion) <= len(names)
        and all(
            isinstance(row, list) and len(row) == len(confusion) and all(_is_int(v, 0, 10**9) for v in row)
            for row in confusion
        )
        and isinstance(per_class, list)
        and len(per_class) <= MAX_LABELS
        and all(
            isinstance(row, dict)
            and _is_text(row.get("label"), 200)
            and all(_is_number(row.get(k), 0, 1) for k in ("precision", "recall", "f1"))
            and _is_int(row.get("support"), 0, 10**9)
            for row in per_class
        )
        and isinstance(examples, list)
        and len(examples) <= MAX_EXAMPLES
        and all(
            isinstance(e, dict)
            and _is_text(e.get("text"), MAX_EXAMPLE_TEXT)
            and _is_text(e.get("label"), 200)
            and _is_text(e.get("predicted"), 200)
            and _is_number(e.get("probability"), 0, 1)
            and isinstance(e.get("correct"), bool)
            for e in examples
        )
    )


def sound_metrics_row(row) -> bool:
    """A metrics.jsonl line the curves can draw: a kind, a step, and numbers (or nothing)."""
    return (
        isinstance(row, dict)
        and len(row) <= 40
        and _is_text(row.get("kind"), 40)
        and _is_int(row.get("step"), 0, MAX_STEPS)
        and all(
            v is None or isinstance(v, bool) or _is_number(v, -1e15, 1e15) or _is_text(v, 200)
            for v in row.values()
        )
    )


MAX_SNAPSHOT_BYTES = 128 * 2**20  # a real one: 6 layers x 12 heads x 4 probes of ~40 tokens is ~1 MB


def npz_shapes_fit(
    path: Path, layers: int = MAX_LAYERS, heads: int = MAX_HEADS, max_tokens: int = MAX_TOKENS
) -> bool:
    """Whether a probe snapshot is small enough to load, from its .npy headers alone (a crafted
    snapshot can declare a huge array in a few compressed bytes): attention arrays (layers,
    heads, T, T) with T <= max_tokens, probability vectors, no objects, 128 MB in all."""
    declared = 0
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                with archive.open(member) as handle:
                    version = np.lib.format.read_magic(handle)
                    shape, _, dtype = np.lib.format._read_array_header(handle, version)
                if dtype.hasobject:
                    return False
                declared += int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
                if member.filename.startswith("attention_"):
                    if len(shape) != 4 or shape[0] > layers or shape[1] > heads or shape[2] > max_tokens:
                        return False
                elif len(shape) != 1 or shape[0] > MAX_LABELS:
                    return False
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, RuntimeError, NotImplementedError):
        return False
    return declared <= MAX_SNAPSHOT_BYTES


def check_model_config(raw) -> list[str]:
    """Problems of a run's model/config.json that would make building the model huge. A size the
    config leaves out takes transformers' default (BERT-base's), which is fine."""
    if not isinstance(raw, dict):
        return ["model/config.json: not an object"]
    defaults = {"vocab": 30_522, "hidden": 768, "layers": 12, "heads": 12, "positions": 512}
    names = {
        "vocab": ("vocab_size",),
        "hidden": ("hidden_size", "dim", "d_model"),
        "layers": ("num_hidden_layers", "n_layers", "num_layers"),
        "heads": ("num_attention_heads", "n_heads", "num_heads"),
        "positions": ("max_position_embeddings",),
    }
    sizes, problems = {}, []
    for size, keys in names.items():
        key = next((k for k in keys if k in raw), None)
        sizes[size] = raw[key] if key else defaults[size]
        if not _is_int(sizes[size], 0 if size == "positions" else 1, MODEL_LIMITS[size]):
            problems.append(f"model/config.json: {key}")
    key = next((k for k in ("intermediate_size", "hidden_dim", "d_ff") if k in raw), None)
    intermediate = raw[key] if key else 0
    if not _is_int(intermediate, 0, 16 * MODEL_LIMITS["hidden"]):
        problems.append(f"model/config.json: {key}")
    if not problems:
        hidden = sizes["hidden"]
        parameters = (sizes["vocab"] + sizes["positions"]) * hidden + sizes["layers"] * (
            4 * hidden * hidden + 2 * hidden * (intermediate or 4 * hidden)
        )
        if parameters > MAX_MODEL_PARAMETERS:
            problems.append("model/config.json: too many parameters")
    return problems
