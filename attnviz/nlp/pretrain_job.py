"""Pretraining a tiny BERT in the background, for the pretraining page (:mod:`attnviz.nlp.tiny_bert`):
one at a time per server, in the fine-tuning queue, with what it learns measured every
``CHECK_EVERY`` steps (masked-word accuracy against the unigram baseline, the guesses for a few
held-out sentences, the heads' patterns) and the result saved as a model in
``ATTNVIZ_HOME/models/<name>`` (Hub layout, plus ``pretraining.json`` with those measurements).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np

from attnviz.nlp import tiny_bert as tb
from attnviz.nlp.live_job import DONE, FAILED, IDLE, TRAINING, LiveJob, replace_folder
from attnviz.nlp.loading import save_model_files

__all__ = ["DONE", "FAILED", "IDLE", "TRAINING", "PretrainJob", "read_record", "safe_name"]

DEFAULT_STEPS = 600  # about 5 minutes on 2 cores; see README, "Pretraining a tiny BERT"
CHECK_EVERY = 100
RECORD = "pretraining.json"
PATTERNS = ("previous", "next", "sep", "entropy")
_NAME = re.compile(r"[^a-z0-9._-]+")


def safe_name(text: str) -> str:
    """A folder name from what a visitor typed: lower-case letters, digits, dot, dash, underscore."""
    name = _NAME.sub("-", str(text).strip().lower()).strip("-._")[:60]
    return name or "tiny-bert"


def models_dir(home: Path) -> Path:
    return Path(home) / "models"


class PretrainJob(LiveJob):
    """One background pretraining; :meth:`prepare` gives it a text and a name before ``start``."""

    thread_name = "tiny-bert"

    def __init__(self, home: Path, *, on_done: Callable[[], None] | None = None):
        super().__init__(home, steps=DEFAULT_STEPS, on_done=on_done)
        self.name = ""
        self.texts: list[str] = []
        self.config = tb.TinyBertConfig()

    def prepare(self, texts: list[str], name: str, *, steps: int = DEFAULT_STEPS, config=None) -> None:
        """What the next ``start`` trains on; refused while a training runs (its settings stand)."""
        if self.training():
            raise RuntimeError("a pretraining is running")
        self.texts = tb.clean_texts(texts)
        self.name, self.steps = safe_name(name), int(steps)
        self.config = config or tb.TinyBertConfig()

    def train_and_save(self) -> None:
        config = self.config
        train_texts, held_texts = tb.split_held_out(self.texts, config.seed)
        tokenizer = tb.train_tokenizer(train_texts, config.vocab_size)
        model = tb.build_model(tokenizer, config)
        held = tb.held_out_set(tokenizer, held_texts)
        piece, baseline = tb.unigram_baseline(tokenizer, tb.encode(tokenizer, train_texts)["input_ids"], held)
        probes = tb.probe_sentences(tokenizer, held_texts)
        pattern_texts = held_texts[:8]

        def measure(step: int) -> None:
            grids = tb.head_pattern_grid(model, tokenizer, pattern_texts, PATTERNS)
            self.add_check(
                step,
                accuracy=tb.masked_accuracy(model, held),
                baseline=baseline,
                guesses=[tb.guesses(model, tokenizer, sentence) for sentence, _ in probes],
                patterns={name: grid.round(4).tolist() for name, grid in grids.items()},
            )

        measure(0)
        self.begin()

        def on_step(step: int, loss: float) -> None:
            ending = self.after_step(step, loss)
            if ending:
                model.stop_training = True
            if step % CHECK_EVERY == 0 or ending:
                measure(step)

        tb.train(model, tokenizer, train_texts, steps=self.steps, config=config, on_step=on_step)

        def write(folder: Path) -> None:
            save_model_files(model, tokenizer, folder)
            progress = self.progress()
            record = {
                "steps": progress.step,
                "planned_steps": self.steps,
                "texts": len(train_texts),
                "held_out": len(held_texts),
                "vocabulary": len(tokenizer),
                "unigram_piece": piece,
                "probes": [{"sentence": s, "word": w} for s, w in probes],
                "losses": progress.losses,
                "checks": progress.checks,
            }
            (folder / RECORD).write_text(json.dumps(record))

        replace_folder(models_dir(self.home) / self.name, write)


def read_record(folder: Path) -> dict | None:
    """``pretraining.json`` of a model this app pretrained, checked; None when absent or damaged."""
    try:
        data = json.loads((Path(folder) / RECORD).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("checks"), list):
        return None
    checks = []
    for check in data["checks"]:
        try:
            checks.append(
                {
                    "step": int(check["step"]),
                    "accuracy": float(check["accuracy"]),
                    "baseline": float(check["baseline"]),
                    "guesses": [[(str(p), float(q)) for p, q in one] for one in check["guesses"]],
                    "patterns": {
                        name: np.asarray(check["patterns"][name], dtype=np.float64) for name in PATTERNS
                    },
                }
            )
        except (KeyError, TypeError, ValueError):
            return None
    probes = data.get("probes")
    if not checks or not isinstance(probes, list):
        return None
    try:
        data["probes"] = [{"sentence": str(p["sentence"]), "word": str(p["word"])} for p in probes]
    except (KeyError, TypeError):
        return None
    data["checks"] = checks
    return data
