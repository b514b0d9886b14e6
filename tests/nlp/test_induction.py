"""The tiny GPT-2 of the induction experiment: an induction head forms within 90 s of live training
on 2 cores (marked ``timed``: it runs alone, after the parallel tests), the first layer's values
stay at their start, and the background job saves what the page shows."""

from __future__ import annotations

import numpy as np
import pytest

from attnviz.nlp import induction
from attnviz.nlp import induction_job as ij


@pytest.mark.timed
def test_an_induction_head_forms_within_90_seconds_and_the_repeat_becomes_predictable():
    config = induction.InductionConfig()
    model = induction.build_model(config)
    probe = induction.probe_sequences(config)
    before = induction.measure(model, probe)
    frozen = [v.numpy()[where].copy() for v, where in induction._first_layer_values(model)]
    losses = induction.train(model, steps=100_000, config=config, seconds=90)
    after = induction.measure(model, probe)
    assert np.mean(losses[-20:]) < np.mean(losses[:20])
    assert after.best_score >= 0.4 and after.best_score - before.best_score >= 0.3, (
        before.scores,
        after.scores,
    )
    assert after.repeat_loss < 0.5 * after.first_half_loss, (after.first_half_loss, after.repeat_loss)
    layer, _ = np.unravel_index(after.scores.argmax(), after.scores.shape)
    assert layer == config.layers - 1  # it needs a layer before it ...
    assert after.previous_scores[0].max() >= 0.3  # ... with a head on the previous token
    for (variable, where), start in zip(induction._first_layer_values(model), frozen):
        assert np.array_equal(
            variable.numpy()[where], start
        )  # only the first layer's queries and keys learned
    assert after.probe_attention.shape == (2, 2, config.length, config.length)


def test_the_job_saves_the_run_and_a_reload_gives_the_same_attention(isolated_home):
    job = ij.InductionJob(isolated_home, steps=60)
    job.start()
    assert job.wait(240) and job.progress().state == ij.DONE, job.progress().error
    folder = ij.trained_folder(isolated_home)
    found = ij.read_snapshots(folder)
    assert found["steps"].tolist() == [0, 50, 60]  # every 50 steps, and the last
    assert found["scores"].shape == found["previous"].shape == (3, 2, 2)
    start, half, gap = found["where"].tolist()
    assert gap == 0 and half == induction.InductionConfig().shape.longest  # the easiest stripe to see
    assert (
        found["probe"][start : start + half].tolist()
        == found["probe"][start + half : start + 2 * half].tolist()
    )
    metrics = ij.read_metrics(folder)
    assert [c["step"] for c in metrics["checks"]] == [0, 50, 60]
    model = induction.load(folder)
    probe = induction.probe_sequences(induction.InductionConfig())
    again = induction.measure(model, probe)
    assert np.allclose(again.probe_attention, found["attention"][-1].astype(np.float32), atol=2e-3)


def test_damaged_snapshots_are_read_as_absent(tmp_path):
    assert ij.read_snapshots(tmp_path) is None
    (tmp_path / "snapshots.npz").write_bytes(b"not a zip")
    assert ij.read_snapshots(tmp_path) is None
    good = {
        "steps": np.arange(2),
        "scores": np.zeros((2, 2, 2)),
        "previous": np.zeros((2, 2, 2)),
        "attention": np.zeros((2, 2, 2, 5, 5)),
        "probe": np.arange(5),
        "where": np.array([1, 2, 0]),
    }
    np.savez(tmp_path / "snapshots.npz", **good)
    assert ij.read_snapshots(tmp_path) is not None
    np.savez(tmp_path / "snapshots.npz", **{**good, "scores": np.full((2, 2, 2), np.nan)})
    assert ij.read_snapshots(tmp_path) is None
    np.savez(tmp_path / "snapshots.npz", **{**good, "previous": np.zeros((3, 2, 2))})
    assert ij.read_snapshots(tmp_path) is None
