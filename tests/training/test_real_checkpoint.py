"""Fine-tuning the real pretrained checkpoint in ../shared (all-MiniLM-L6-v2: BERT, 6 layers x 12
heads, PyTorch-format safetensors) on ../shared/data/rt-polarity, through the same job the page and
the command line use, with the page's default settings: 100 steps, under 5 minutes on 2 cores
(marked ``timed``: it runs alone, after the parallel run).
Skipped when ../shared is absent."""

from __future__ import annotations

import time

import pytest

from attnviz.nlp.training import runs
from attnviz.nlp.training.job import TrainingJob
from attnviz.nlp.training.settings import TrainSettings
from tests.helpers.shared_data import MINILM, RT_POLARITY

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timed,  # checked against the clock: it runs alone (README)
    pytest.mark.skipif(
        not (MINILM / "model.safetensors").is_file() or not RT_POLARITY.is_dir(),
        reason="../shared/models/all-MiniLM-L6-v2 or ../shared/data/rt-polarity absent",
    ),
]

# The page's default settings (top 3 blocks at 3e-4, the new head at 10x, no dropout, batches of
# similar lengths), with bigger validation and test splits for steadier numbers. Measured here over
# three seeds on 1,066 held-out sentences: 74-77 % after these 100 steps (README, "Time to accuracy").
SETTINGS = dict(
    train_size=2000,
    validation_size=300,
    test_size=300,
    steps=100,
    epochs=None,
    seed=0,
    eval_every=50,
    probe_every=25,
    probes=["a gripping , beautifully acted film .", "a dull and lifeless mess ."],
)


def test_minilm_learns_rt_polarity():
    import tensorflow as tf

    tf.config.optimizer.set_experimental_options({"disable_meta_optimizer": False})  # the product's graphs
    settings = TrainSettings(model=str(MINILM), data=str(RT_POLARITY), **SETTINGS)
    defaults = TrainSettings()
    assert (settings.train_layers, settings.head_factor) == (defaults.train_layers, defaults.head_factor)
    folder = runs.create_run(settings.to_dict(), "minilm-rt-polarity")
    started = time.perf_counter()
    job = TrainingJob(settings, folder).start()
    assert job.wait(600), "still training after 10 minutes"
    seconds = time.perf_counter() - started
    view = job.view()
    assert view.state == runs.FINISHED, view.error
    rows = runs.read_metrics(folder)
    validation = [r for r in rows if r["kind"] == "val"]
    test = runs.read_json(folder.evaluation)
    train = [r["seconds"] for r in rows if r["kind"] == "train"][1:]
    curve = ", ".join(f"{r['step']}: {r['accuracy']:.3f}" for r in validation)
    print(
        f"\nMiniLM on rt-polarity: {view.step} steps in {seconds:.0f} s "
        f"(median step {sorted(train)[len(train) // 2]:.2f} s); validation accuracy {curve}; "
        f"test accuracy {test['accuracy']:.3f}"
    )
    assert validation[0]["step"] == 0 and validation[-1]["step"] == 100
    assert validation[-1]["accuracy"] >= 0.70
    assert validation[-1]["accuracy"] > validation[0]["accuracy"] + 0.15
    assert test["accuracy"] >= 0.68
    assert seconds < 5 * 60
    # the probes moved with the model: the positive probe ends more positive than the negative one
    names = runs.read_probe_index(folder)["label_names"]
    last = runs.read_probe_snapshot(folder, runs.probe_steps(folder)[-1])["probabilities"]
    pos = names.index("pos")
    assert last[0][pos] > 0.5 > last[1][pos]
