"""Training the induction-head decoder in the background, for the generation page: its loss on the
first copy and on the second, every head's induction and previous-token scores, and a probe
sequence's attention, measured as it trains; the result saved under
``ATTNVIZ_HOME/pretraining/induction`` (model, ``snapshots.npz``, ``metrics.json``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from attnviz.nlp import induction, live_job
from attnviz.nlp.live_job import DONE, FAILED, IDLE, TRAINING, LiveJob, replace_folder

__all__ = ["DONE", "FAILED", "IDLE", "TRAINING", "InductionJob", "trained_folder", "read_snapshots"]

DEFAULT_STEPS = 2500  # the head forms near step 1,300 with the defaults (about 50 s on 2 cores)
CHECK_EVERY = 50  # a check is one forward pass of the 128 probe sequences: about 0.1 s


def trained_folder(home: Path) -> Path | None:
    folder = Path(home) / "pretraining" / "induction"
    return folder if (folder / "config.json").is_file() and (folder / "snapshots.npz").is_file() else None


class InductionJob(LiveJob):
    thread_name = "induction-head"

    def __init__(
        self,
        home: Path,
        *,
        steps: int = DEFAULT_STEPS,
        config: induction.InductionConfig | None = None,
        on_done: Callable[[], None] | None = None,
    ):
        super().__init__(home, steps=steps, on_done=on_done)
        self.config = config or induction.InductionConfig()

    def train_and_save(self) -> None:
        model = induction.build_model(self.config)
        probe = induction.probe_sequences(self.config)
        snapshots = [(0, induction.measure(model, probe))]
        self._check(0, snapshots[0][1])
        self.begin()

        def on_step(step: int, loss: float) -> bool:
            ending = self.after_step(step, loss)
            if step % CHECK_EVERY == 0 or ending:
                seen = induction.measure(model, probe)
                snapshots.append((step, seen))
                self._check(step, seen)
            return ending

        induction.train(model, steps=self.steps, config=self.config, on_step=on_step)

        def write(folder: Path) -> None:
            induction.save(model, folder)
            np.savez_compressed(
                folder / "snapshots.npz",
                steps=np.asarray([s for s, _ in snapshots], np.int32),
                scores=np.stack([c.scores for _, c in snapshots]).astype(np.float32),
                previous=np.stack([c.previous_scores for _, c in snapshots]).astype(np.float32),
                attention=np.stack([c.probe_attention for _, c in snapshots]).astype(np.float16),
                probe=probe.tokens[0],
                where=np.asarray([probe.starts[0], probe.halves[0], probe.gaps[0]], np.int32),
            )
            self.write_metrics(folder)

        replace_folder(Path(self.home) / "pretraining" / "induction", write)

    def _check(self, step: int, seen: induction.InductionCheck) -> None:
        self.add_check(
            step,
            first_half_loss=round(seen.first_half_loss, 4),
            repeat_loss=round(seen.repeat_loss, 4),
            best_score=round(seen.best_score, 4),
        )


def read_snapshots(folder: Path) -> dict | None:
    """The saved measurements (steps; induction and previous-token scores (snapshots, layers,
    heads); the probe's attention (snapshots, layers, heads, T, T), its tokens, and where its
    copies are: first start, length, gap), or None when missing or not what
    :class:`InductionJob` writes."""
    try:
        with np.load(Path(folder) / "snapshots.npz", allow_pickle=False) as data:
            found = {key: data[key] for key in ("steps", "scores", "previous", "attention", "probe", "where")}
    except (OSError, KeyError, ValueError, EOFError):
        return None
    steps, scores, attention, probe = found["steps"], found["scores"], found["attention"], found["probe"]
    fits = (
        steps.ndim == 1
        and steps.shape[0] > 0
        and scores.ndim == 3
        and attention.ndim == 5
        and scores.shape == found["previous"].shape
        and found["where"].shape == (3,)
        and scores.shape[0] == attention.shape[0] == steps.shape[0]
        and scores.shape[1:] == attention.shape[1:3]
        and attention.shape[-1] == attention.shape[-2] == probe.shape[0]
        and bool(np.isfinite(scores).all())
    )
    return found if fits else None


def read_metrics(folder: Path) -> dict:
    """metrics.json as written by the job; a damaged part is left out ({} when unreadable)."""
    return live_job.read_metrics(folder, ("first_half_loss", "repeat_loss"))
