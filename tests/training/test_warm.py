"""A trainer prepared ahead (the page does it while the form is filled in) is taken by the run
with the same settings, trains without tracing again, and comes back reset for the next run."""

from __future__ import annotations

import numpy as np
import pytest

from attnviz.nlp.training import runs
from attnviz.nlp.training.job import TrainingJob
from attnviz.nlp.training.trainer import TrainerKey, model_key
from attnviz.nlp.training.warm import TrainerPool
from tests.training.conftest import tiny_settings

pytestmark = pytest.mark.filterwarnings("ignore")


@pytest.fixture(autouse=True)
def fast_graphs():
    import tensorflow as tf

    before = tf.config.optimizer.get_experimental_options()
    tf.config.optimizer.set_experimental_options({"disable_meta_optimizer": True})
    yield
    tf.config.optimizer.set_experimental_options(
        {"disable_meta_optimizer": before.get("disable_meta_optimizer", False)}
    )


def run(settings, name, pool):
    job = TrainingJob(settings, runs.create_run(settings.to_dict(), name), trainers=pool).start()
    assert job.wait(240)
    assert job.view().state == runs.FINISHED, job.view().error
    return job


def test_a_prepared_trainer_is_reused_without_tracing_again(tiny_model_dir, sentiment_csv):
    settings = tiny_settings(tiny_model_dir("distilbert"), sentiment_csv, steps=4, eval_every=2)
    key = TrainerKey.for_run(settings, model_key(settings), 2)
    pool = TrainerPool()
    assert pool.prepare(key, settings, settings.max_length)
    assert pool.wait_idle(120) and pool.state(key) == "ready"
    trainer = pool._ready
    initial = [w.numpy().copy() for w in trainer.model.trainable_weights]
    traced = trainer.model.train_function.experimental_get_tracing_count()
    assert traced == 1, "Adam's variables exist before the first step: one trace, not two"

    first = run(settings, "first", pool)
    assert runs.read_json(first.folder.path / "run_info.json")["trainer_reused"] is True
    assert trainer.model.train_function.experimental_get_tracing_count() == traced, (
        "fit traced the step again"
    )
    # back in the pool, with the loaded weights
    assert pool.state(key) == "ready" and pool._ready is trainer
    assert all(np.array_equal(a, w.numpy()) for a, w in zip(initial, trainer.model.trainable_weights))

    second = run(settings, "second", pool)
    assert trainer.model.train_function.experimental_get_tracing_count() == traced
    loss = [
        [r["loss"] for r in runs.read_metrics(job.folder) if r["kind"] == "train"] for job in (first, second)
    ]
    assert loss[0][0] == pytest.approx(loss[1][0], rel=1e-4), "a reset trainer starts where a fresh one does"
    assert runs.read_json(second.folder.evaluation)["count"] == 24


def test_other_settings_build_their_own_trainer(tiny_model_dir, sentiment_csv):
    settings = tiny_settings(tiny_model_dir("distilbert"), sentiment_csv, steps=2)
    pool = TrainerPool()
    pool.prepare(TrainerKey.for_run(settings, model_key(settings), 2), settings, settings.max_length)
    pool.wait_idle(120)
    other = tiny_settings(tiny_model_dir("distilbert"), sentiment_csv, steps=2, batch_size=4)
    job = run(other, "other", pool)
    assert runs.read_json(job.folder.path / "run_info.json")["trainer_reused"] is False
    # the newest trainer is the one kept
    assert pool.ready_key() == TrainerKey.for_run(other, model_key(other), 2)


def test_nothing_is_prepared_while_busy_or_for_a_model_not_on_disk(tiny_model_dir, sentiment_csv, tmp_path):
    settings = tiny_settings(tiny_model_dir("distilbert"), sentiment_csv)
    pool = TrainerPool()
    assert not pool.prepare(
        TrainerKey.for_run(settings, model_key(settings), 2), settings, 24, busy=lambda: True
    )
    missing = tiny_settings(tmp_path / "not-here", sentiment_csv)
    assert model_key(missing) == ""
    assert not pool.prepare(TrainerKey.for_run(missing, "", 2), missing, 24)
