"""Everything a training run writes into its folder, in one place.

``status.json`` (written atomically: a reader never sees half a file, and it is rewritten at most
every ``STATUS_SECONDS`` unless something important changed), ``metrics.jsonl`` (one line per step,
validation and test), ``run_info.json``, ``probes/`` (attention snapshots), ``model/`` (the
checkpoint, replaced atomically: written beside it, then renamed), ``evaluation.json`` and
``error.log``. Layout and readers: :mod:`attnviz.nlp.training.runs`.
"""

from __future__ import annotations

import contextlib
import shutil
import time

from attnviz.nlp.training import runs
from attnviz.nlp.training.runs import RunFolder

STATUS_SECONDS = 2.0


class RunWriter:
    def __init__(self, folder: RunFolder):
        self.folder = folder
        status = runs.read_status(folder)
        self.created_at = (
            status.get("created_at") if isinstance(status.get("created_at"), (int, float)) else time.time()
        )
        self.checkpoint_step = -1
        self._status_written = 0.0

    @property
    def name(self) -> str:
        return self.folder.name

    def status(self, fields: dict, *, force: bool = False, finished: bool = False) -> None:
        """``status.json`` from the progress's fields (plus the checkpoint and the clock)."""
        now = time.time()
        if not (force or finished) and now - self._status_written < STATUS_SECONDS:
            return
        status = {
            **fields,
            "created_at": self.created_at,
            "has_checkpoint": self.checkpoint_step >= 0,
            "checkpoint_step": self.checkpoint_step,
        }
        if finished:
            status["finished_at"] = now
        runs.write_status(self.folder, status)
        self._status_written = now

    def metrics(self, rows: list[dict]) -> None:
        runs.append_metrics(self.folder, rows)

    def run_info(self, info: dict) -> None:
        runs.write_json(self.folder.path / "run_info.json", info)

    def probe_index(self, index: dict) -> None:
        runs.write_probe_index(self.folder, index)

    def probe_snapshot(self, step: int, outputs) -> None:
        """Attention and probabilities of every probe sentence (AttentionOutput each) at ``step``."""
        runs.write_probe_snapshot(
            self.folder, step, [o.attentions for o in outputs], [o.probabilities for o in outputs]
        )

    def checkpoint(self, loaded, step: int) -> None:
        """The model and its tokenizer in ``save_pretrained`` format, replacing ``model/``."""
        from attnviz.nlp.loading import save_model

        target = self.folder.model
        staging = target.with_name(".model.saving")
        old = target.with_name(".model.old")
        shutil.rmtree(staging, ignore_errors=True)
        try:
            save_model(loaded, staging)
            runs.write_json(
                staging / "attnviz-checkpoint.json", {"step": step, "run": self.name, "time": time.time()}
            )
            if target.exists():
                shutil.rmtree(old, ignore_errors=True)
                target.rename(old)
            staging.rename(target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)  # a full disk must not stay full
            raise
        shutil.rmtree(old, ignore_errors=True)
        self.checkpoint_step = step

    def evaluation(self, result: dict) -> None:
        runs.write_json(self.folder.evaluation, result)

    def error_log(self, text: str) -> None:
        with contextlib.suppress(OSError):  # a full disk must not hide the error being logged
            (self.folder.path / "error.log").write_text(text, encoding="utf-8")
