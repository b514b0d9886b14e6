"""Training the tiny dates translator in the background, for the translation page: one at a time
per server, with its progress, the cross-attention of a probe date snapshotted as it learns, and
the result saved under ``ATTNVIZ_HOME/translators/<name>`` (model and tokenizer in the Hub's
layout, ``snapshots.npz``, ``metrics.json``; written to a temporary folder, then renamed).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from attnviz.core import dates
from attnviz.nlp import live_job
from attnviz.nlp import tiny_translator as tt
from attnviz.nlp.live_job import DONE, FAILED, IDLE, TRAINING, LiveJob, LiveProgress, replace_folder
from attnviz.nlp.loading import save_model_files

__all__ = ["DONE", "FAILED", "IDLE", "TRAINING", "TranslatorJob", "TranslatorProgress", "trained_folder"]

DEFAULT_NAME = "tiny-dates"
DEFAULT_STEPS = 800  # measured: 99 % exact match on held-back dates after 800 steps (README)
SNAPSHOT_EVERY = 40
CHECK_EVERY = 100
PROBE = "veinticinco de diciembre de 2026"
PROBE_TARGET = "2026-12-25"
TranslatorProgress = LiveProgress  # checks: {"step", "seconds", "exact_match"}


def translators_dir(home: Path) -> Path:
    return Path(home) / "translators"


def trained_folder(home: Path, name: str = DEFAULT_NAME) -> Path | None:
    folder = translators_dir(home) / name
    return folder if (folder / "config.json").is_file() and (folder / "metrics.json").is_file() else None


class TranslatorJob(LiveJob):
    """One background training of the tiny translator; ``progress()`` is safe from any thread."""

    thread_name = "tiny-translator"

    def __init__(
        self,
        home: Path,
        *,
        name: str = DEFAULT_NAME,
        steps: int = DEFAULT_STEPS,
        config: tt.TinyTranslatorConfig | None = None,
        on_done: Callable[[], None] | None = None,
    ):
        super().__init__(home, steps=steps, on_done=on_done)
        self.name = name
        self.config = config or tt.TinyTranslatorConfig()

    def train_and_save(self) -> None:
        tokenizer = tt.build_tokenizer()
        model = tt.build_model(tokenizer, self.config)
        held = dates.pairs(200, seed=self.config.seed + 1, held_back=True)
        snapshots = [(0, tt.attention_of(model, tokenizer, PROBE, PROBE_TARGET).cross)]
        self.begin()

        def on_step(step: int, loss: float) -> None:
            ending = self.after_step(step, loss)
            if ending:
                model.stop_training = True
            if step % SNAPSHOT_EVERY == 0 or ending:
                snapshots.append((step, tt.attention_of(model, tokenizer, PROBE, PROBE_TARGET).cross))
            if step % CHECK_EVERY == 0 or ending:
                self.add_check(step, exact_match=tt.exact_match(model, tokenizer, held))

        tt.train(model, tokenizer, steps=self.steps, config=self.config, on_step=on_step)

        def write(folder: Path) -> None:
            save_model_files(model, tokenizer, folder)
            np.savez_compressed(
                folder / "snapshots.npz",
                steps=np.asarray([s for s, _ in snapshots], np.int32),
                cross=np.stack([c for _, c in snapshots]).astype(np.float32),
            )
            self.write_metrics(folder, probe=PROBE)

        replace_folder(translators_dir(self.home) / self.name, write)


def read_snapshots(folder: Path) -> tuple[np.ndarray, np.ndarray] | None:
    """(steps, cross-attention stacks (snapshots, layers, heads, target, source)), or None when the
    file is missing or not what this module writes (a damaged file never reaches a figure)."""
    try:
        with np.load(Path(folder) / "snapshots.npz", allow_pickle=False) as data:
            steps, cross = data["steps"], data["cross"]
    except (OSError, KeyError, ValueError, EOFError):
        return None
    fits = (
        steps.ndim == 1
        and np.issubdtype(steps.dtype, np.integer)
        and cross.ndim == 5
        and cross.shape[0] == steps.shape[0] > 0
        and np.issubdtype(cross.dtype, np.floating)
        and bool(np.isfinite(cross).all())
    )
    return (steps, cross) if fits else None


def read_metrics(folder: Path) -> dict:
    """metrics.json as written by the job; a damaged part is left out ({} when unreadable)."""
    return live_job.read_metrics(folder, ("exact_match",))
