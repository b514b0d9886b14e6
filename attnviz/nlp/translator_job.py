"""Training the tiny dates translator in the background, for the translation page: one at a time
per server, with its progress, the cross-attention of a probe date snapshotted as it learns, and
the result saved under ``ATTNVIZ_HOME/translators/<name>`` (model and tokenizer in the Hub's
layout, ``snapshots.npz``, ``metrics.json``; written to a temporary folder, then renamed).
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from attnviz.core import dates
from attnviz.nlp import tiny_translator as tt
from attnviz.nlp.training.control import STOP, RunControl, RunStopped

DEFAULT_NAME = "tiny-dates"
DEFAULT_STEPS = 800  # measured: 99 % exact match on held-back dates after 800 steps (README)
SNAPSHOT_EVERY = 40
CHECK_EVERY = 100
PROBE = "veinticinco de diciembre de 2026"
PROBE_TARGET = "2026-12-25"
IDLE, TRAINING, DONE, FAILED = "idle", "training", "done", "failed"


@dataclass
class TranslatorProgress:
    state: str = IDLE
    step: int = 0
    total: int = 0
    losses: list[float] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)  # {"step", "seconds", "exact_match"}
    error: str = ""
    started: float = 0.0
    paused: bool = False  # waiting between two batches (pause, or a step budget spent)
    stopped_early: bool = False  # stopped before its last step (what it learned is kept)


def translators_dir(home: Path) -> Path:
    return Path(home) / "translators"


def trained_folder(home: Path, name: str = DEFAULT_NAME) -> Path | None:
    folder = translators_dir(home) / name
    return folder if (folder / "config.json").is_file() and (folder / "metrics.json").is_file() else None


class TranslatorJob:
    """One background training of the tiny translator; ``progress()`` is safe from any thread."""

    def __init__(
        self,
        home: Path,
        *,
        name: str = DEFAULT_NAME,
        steps: int = DEFAULT_STEPS,
        config: tt.TinyTranslatorConfig | None = None,
        on_done: Callable[[], None] | None = None,
    ):
        self.home, self.name, self.steps = Path(home), name, int(steps)
        self.on_done = on_done  # e.g. the fine-tuning queue's wake(): runs waited for this one
        self.config = config or tt.TinyTranslatorConfig()
        self._lock = threading.Lock()
        self._progress = TranslatorProgress(total=self.steps)
        self._thread: threading.Thread | None = None
        self.control = RunControl()  # pause, resume, step N, stop: as a fine-tuning run's

    # --- requests from the page (any thread) -------------------------------------------------------

    def pause(self) -> None:
        self.control.pause()

    def resume(self) -> None:
        self.control.resume()

    def step(self, batches: int) -> None:
        self.control.step(batches)

    def stop(self) -> None:
        """Stop after the current batch; what it learned so far is saved."""
        self.control.stop()

    def progress(self) -> TranslatorProgress:
        with self._lock:
            p = self._progress
            return TranslatorProgress(
                p.state,
                p.step,
                p.total,
                list(p.losses),
                list(p.checks),
                p.error,
                p.started,
                p.paused,
                p.stopped_early,
            )

    def start(self, *, paused: bool = False) -> None:
        """Train in the background (``paused``: wait before the first batch, for step-by-step)."""
        with self._lock:
            if self._progress.state == TRAINING:
                return
            self._progress = TranslatorProgress(state=TRAINING, total=self.steps, started=time.monotonic())
            self.control = RunControl(paused=paused)
        self._thread = threading.Thread(target=self._run, name="tiny-translator", daemon=True)
        self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """True once the training thread has ended (or none was started)."""
        if self._thread is not None:
            self._thread.join(timeout)
            return not self._thread.is_alive()
        return True

    def training(self) -> bool:
        with self._lock:
            return self._progress.state == TRAINING

    def _run(self) -> None:
        try:
            self._train()
        except RunStopped:
            with self._lock:
                self._progress.state = IDLE
        except Exception as error:  # noqa: BLE001 - shown on the page as a sentence
            with self._lock:
                self._progress.state = FAILED
                self._progress.error = f"{type(error).__name__}: {error}"
        finally:
            if self.on_done is not None:
                self.on_done()

    def _train(self) -> None:
        tokenizer = tt.build_tokenizer()
        model = tt.build_model(tokenizer, self.config)
        held = dates.pairs(200, seed=self.config.seed + 1, held_back=True)
        snapshots = [(0, tt.attention_of(model, tokenizer, PROBE, PROBE_TARGET).cross)]

        def paused(waiting: bool) -> None:
            with self._lock:
                self._progress.paused = waiting

        if self.control.between_batches(after_batch=False, on_pause=paused) == STOP:
            raise RunStopped  # stopped before the first batch: nothing to keep

        def on_step(step: int, loss: float) -> None:
            with self._lock:
                self._progress.step, self._progress.losses = step, self._progress.losses + [loss]
            last = step == self.steps
            stop = self.control.between_batches(after_batch=True, last_batch=last, on_pause=paused) == STOP
            if stop:
                model.stop_training = True
                with self._lock:
                    self._progress.stopped_early = not last
            if step % SNAPSHOT_EVERY == 0 or last or stop:
                snapshots.append((step, tt.attention_of(model, tokenizer, PROBE, PROBE_TARGET).cross))
            if step % CHECK_EVERY == 0 or last or stop:
                check = {
                    "step": step,
                    "seconds": round(time.monotonic() - self._progress.started, 1),
                    "exact_match": tt.exact_match(model, tokenizer, held),
                }
                with self._lock:
                    self._progress.checks = self._progress.checks + [check]

        tt.train(model, tokenizer, steps=self.steps, config=self.config, on_step=on_step)
        self._save(model, tokenizer, snapshots)
        with self._lock:
            self._progress.state = DONE

    def _save(self, model, tokenizer, snapshots) -> None:
        target = translators_dir(self.home) / self.name
        temp = target.with_name(f".{self.name}.saving")
        shutil.rmtree(temp, ignore_errors=True)
        tt.save(model, tokenizer, temp)
        np.savez_compressed(
            temp / "snapshots.npz",
            steps=np.asarray([s for s, _ in snapshots], np.int32),
            cross=np.stack([c for _, c in snapshots]).astype(np.float32),
        )
        progress = self.progress()
        (temp / "metrics.json").write_text(
            json.dumps(
                {
                    "losses": progress.losses,
                    "checks": progress.checks,
                    "probe": PROBE,
                    "steps": progress.step,
                    "planned_steps": self.steps,
                }
            )
        )
        shutil.rmtree(target, ignore_errors=True)
        temp.rename(target)


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
    try:
        data = json.loads((Path(folder) / "metrics.json").read_text())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    checks = data.get("checks")
    data["checks"] = [
        c
        for c in (checks if isinstance(checks, list) else [])
        if isinstance(c, dict)
        and isinstance(c.get("step"), int)
        and isinstance(c.get("exact_match"), (int, float))
    ]
    return data
