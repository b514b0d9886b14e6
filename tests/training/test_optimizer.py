"""The optimizer: the head's own rate, the schedule's variables, and a reset that really resets."""

from __future__ import annotations

import numpy as np
import pytest

pytestmark = pytest.mark.filterwarnings("ignore")


def test_schedule_warms_up_then_decays_and_changes_without_a_new_object():
    from attnviz.nlp.training.optimizer import learning_rate_at, make_schedule, set_schedule

    schedule = make_schedule(1e-3, total_steps=10, warmup_steps=2)
    rates = [learning_rate_at(schedule, s) for s in range(11)]
    assert rates[0] == pytest.approx(5e-4) and rates[1] == pytest.approx(1e-3)
    assert rates[2:] == sorted(rates[2:], reverse=True) and rates[10] == 0
    set_schedule(schedule, 2e-4, total_steps=4, warmup_steps=0)
    assert learning_rate_at(schedule, 0) == pytest.approx(2e-4) and learning_rate_at(schedule, 4) == 0


def test_the_head_moves_factor_times_faster(tiny_model_dir):
    """One Adam step moves every weight by about the rate (Adam's first step is lr * sign(g));
    the head's weights move head_factor times as far as a block's."""
    import tensorflow as tf

    from attnviz.nlp.loading import load_classifier
    from attnviz.nlp.training import model_setup
    from attnviz.nlp.training.optimizer import head_factors, is_head_weight, make_adam, make_schedule
    from attnviz.nlp.training.settings import TrainLayers

    loaded = load_classifier(tiny_model_dir("distilbert"))
    model = loaded.model
    model_setup.apply_train_layers(model, TrainLayers.parse("top-1"))
    factors = head_factors(model, 10.0)
    assert factors and all(is_head_weight(name) for name in factors)
    schedule = make_schedule(1e-3, total_steps=100, warmup_steps=0)
    model_setup.compile_model(model, make_adam(schedule, factors), jit_compile=False)
    before = {w.name: w.numpy().copy() for w in model.trainable_weights}
    ids = tf.constant([[2, 10, 11, 3]] * 4)  # token ids inside the tiny vocabulary
    model.train_on_batch({"input_ids": ids, "attention_mask": tf.ones_like(ids)}, tf.constant([0, 1, 0, 1]))
    moved = {w.name: float(np.abs(w.numpy() - before[w.name]).max()) for w in model.trainable_weights}
    head = [v for k, v in moved.items() if k in factors]
    body = [v for k, v in moved.items() if k not in factors and v > 0]
    assert body and max(head) == pytest.approx(1e-2, rel=0.05) and max(body) == pytest.approx(1e-3, rel=0.05)


def test_reset_brings_back_the_loaded_weights_and_a_fresh_adam(tiny_model_dir):
    from attnviz.nlp.training.settings import TrainSettings
    from attnviz.nlp.training.trainer import Trainer, TrainerKey

    settings = TrainSettings(model=str(tiny_model_dir("distilbert")), batch_size=4, train_layers="top-1")
    trainer = Trainer.build(TrainerKey.for_run(settings, "tiny", 2), settings)
    start = [w.numpy().copy() for w in trainer.model.trainable_weights]
    seconds = trainer.trace()  # one real step on a dummy batch, then undone
    assert seconds > 0 and trainer.traced
    assert all(np.array_equal(a, w.numpy()) for a, w in zip(start, trainer.model.trainable_weights))
    assert int(trainer.model.optimizer.iterations.numpy()) == 0
    assert all(not np.any(v.numpy()) for v in trainer.model.optimizer.variables())
