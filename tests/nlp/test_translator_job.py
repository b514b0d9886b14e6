"""The tiny translator's background training, controlled like a fine-tuning run: pause, step N,
resume, stop (what it learned is saved, marked as stopped early), and a stop before the first batch
keeps nothing."""

from __future__ import annotations

import time

from attnviz.nlp import tiny_translator as tt
from attnviz.nlp import translator_job as tj

SMALL = tt.TinyTranslatorConfig(d_model=16, layers=1, heads=2, ffn=32, batch_size=16)


def _until(condition, timeout=240.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_pause_step_resume_and_stop_keep_what_was_learned(isolated_home):
    job = tj.TranslatorJob(isolated_home, steps=400, config=SMALL)
    job.start(paused=True)  # waits before its first batch
    _until(lambda: job.progress().paused)
    assert job.progress().step == 0
    job.step(3)
    _until(lambda: job.progress().step == 3 and job.progress().paused)
    time.sleep(0.5)
    assert job.progress().step == 3  # paused again after its budget
    job.resume()
    _until(lambda: job.progress().step >= 6)
    job.stop()
    assert job.wait(240)
    progress = job.progress()
    assert progress.state == tj.DONE and progress.stopped_early and progress.step < 400
    folder = tj.trained_folder(isolated_home)
    metrics = tj.read_metrics(folder)
    assert metrics["steps"] == progress.step and metrics["planned_steps"] == 400
    steps, cross = tj.read_snapshots(folder)
    assert steps[0] == 0 and steps[-1] == progress.step and cross.shape[0] == len(steps)
    assert metrics["checks"][-1]["step"] == progress.step  # a last check at the stop


def test_a_stop_before_the_first_batch_keeps_nothing(isolated_home):
    job = tj.TranslatorJob(isolated_home, steps=50, config=SMALL)
    job.start(paused=True)
    _until(lambda: job.progress().paused)
    job.stop()
    assert job.wait(60)
    assert job.progress().state == tj.IDLE and tj.trained_folder(isolated_home) is None
