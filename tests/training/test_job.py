"""Tiny real models trained a few steps: what is written, what the controls do, faults."""

from __future__ import annotations

import time

import numpy as np
import pytest

from attnviz.nlp.training import runs
from attnviz.nlp.training.job import TrainingJob
from tests.training.conftest import tiny_settings

pytestmark = pytest.mark.filterwarnings("ignore")


@pytest.fixture(autouse=True)
def fast_graphs():
    """Grappler's graph rewrites take ~10 s per traced training step on this machine and gain
    nothing on tiny models; turn them off for these tests (process-wide, restored after)."""
    import tensorflow as tf

    before = tf.config.optimizer.get_experimental_options()
    tf.config.optimizer.set_experimental_options({"disable_meta_optimizer": True})
    yield
    tf.config.optimizer.set_experimental_options(
        {"disable_meta_optimizer": before.get("disable_meta_optimizer", False)}
    )


def run_job(settings, name, **kwargs) -> TrainingJob:
    folder = runs.create_run(settings.to_dict(), name)
    job = TrainingJob(settings, folder, **kwargs).start()
    assert job.wait(240), "the run did not end in time"
    return job


def wait_for(condition, timeout=120.0, what="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory, tiny_model_dir, sentiment_csv):
    """One finished binary run, shared by the tests that only read it."""
    import os

    home = tmp_path_factory.mktemp("finished-home")
    previous = os.environ.get("ATTNVIZ_HOME")
    os.environ["ATTNVIZ_HOME"] = str(home)
    import tensorflow as tf

    grappler = tf.config.optimizer.get_experimental_options().get("disable_meta_optimizer", False)
    tf.config.optimizer.set_experimental_options({"disable_meta_optimizer": True})
    try:
        settings = tiny_settings(tiny_model_dir("distilbert"), sentiment_csv, steps=6, checkpoint_every=4)
        job = run_job(settings, "finished")
    finally:
        tf.config.optimizer.set_experimental_options({"disable_meta_optimizer": grappler})
        if previous is None:
            os.environ.pop("ATTNVIZ_HOME", None)
        else:
            os.environ["ATTNVIZ_HOME"] = previous
    return job


def test_a_run_writes_the_whole_layout(finished_run):
    folder = finished_run.folder
    view = finished_run.view()
    assert view.state == runs.FINISHED and view.step == view.total_steps == 6 and view.error is None
    status = runs.read_status(folder)
    assert status["state"] == runs.FINISHED and status["step"] == 6 and status["has_checkpoint"]
    rows = runs.read_metrics(folder)
    train = [r for r in rows if r["kind"] == "train"]
    assert [r["step"] for r in train] == [1, 2, 3, 4, 5, 6]
    for row in train:
        assert np.isfinite(row["loss"]) and 0 <= row["accuracy"] <= 1 and row["lr"] > 0
        assert row["examples_per_second"] > 0 and row["elapsed"] > 0
    # learning rate: linear warm-up (10 % of 6 steps rounds to 1) then linear decay
    lrs = [r["lr"] for r in train]
    assert lrs == sorted(lrs, reverse=True) and lrs[-1] < lrs[0]
    assert [r["step"] for r in rows if r["kind"] == "val"] == [0, 3, 6]
    assert [r["step"] for r in rows if r["kind"] == "test"] == [6]
    evaluation = runs.read_json(folder.evaluation)
    assert evaluation["count"] == 24 and evaluation["label_names"] == ["neg", "pos"]
    assert np.asarray(evaluation["confusion"]).sum() == 24 and len(evaluation["examples"]) == 24
    assert runs.probe_steps(folder) == [0, 2, 4, 6]
    index = runs.read_probe_index(folder)
    assert index["texts"] == ["the movie was good", "an awful boring film"] and index["layers"] == 2
    snapshot = runs.read_probe_snapshot(folder, 6)
    assert snapshot["attentions"][0].shape == (2, 4, len(index["tokens"][0]), len(index["tokens"][0]))
    assert np.allclose(snapshot["attentions"][0].sum(-1), 1, atol=2e-3)
    assert (folder.model / "tokenizer_config.json").is_file()
    assert runs.read_json(folder.model / "attnviz-checkpoint.json")["step"] == 6


def test_the_saved_model_loads_and_predicts_like_the_probes_said(finished_run):
    from attnviz.nlp.attention import AttentionExtractor
    from attnviz.nlp.loading import load_classifier

    folder = finished_run.folder
    loaded = load_classifier(folder.model)
    assert loaded.label_names == ["neg", "pos"]
    output = AttentionExtractor(loaded, max_length=24)("the movie was good")
    recorded = runs.read_probe_snapshot(folder, 6)["probabilities"][0]
    assert np.allclose(output.probabilities, recorded, atol=1e-4)


def test_a_saved_run_round_trips_through_a_zip(finished_run, isolated_home):
    from attnviz.nlp.loading import load_classifier

    data = runs.export_zip(finished_run.folder)
    imported = runs.import_zip(data, "finished.zip")
    assert imported.path.parent == isolated_home / "runs"
    assert runs.read_metrics(imported) == runs.read_metrics(finished_run.folder)
    assert runs.probe_steps(imported) == [0, 2, 4, 6]
    assert runs.read_json(imported.evaluation) == runs.read_json(finished_run.folder.evaluation)
    assert load_classifier(imported.model).num_labels == 2
    assert [r.name for r in runs.list_runs()] == ["finished"]


def test_pause_step_resume_evaluate_stop(tiny_model_dir, sentiment_csv):
    settings = tiny_settings(
        tiny_model_dir("distilbert"), sentiment_csv, steps=400, probe_every=50, eval_every=1000
    )
    folder = runs.create_run(settings.to_dict(), "controls")
    job = TrainingJob(settings, folder)
    job.pause()  # asked before it starts: it holds before the first batch
    job.start()
    wait_for(lambda: job.view().state == runs.PAUSED, what="the first pause")
    assert job.view().step == 0
    time.sleep(0.5)
    assert job.view().step == 0, "paused means no batch runs"

    job.step(1)
    wait_for(lambda: job.view().step == 1 and job.view().state == runs.PAUSED, what="one step")
    job.step(3)
    wait_for(lambda: job.view().step == 4 and job.view().state == runs.PAUSED, what="three steps")
    time.sleep(0.5)
    assert job.view().step == 4
    assert runs.probe_steps(folder) == [0, 1, 2, 3, 4], "stepping snapshots the probes after every step"

    job.evaluate_now()  # served at once while paused
    wait_for(lambda: any(r["kind"] == "test" for r in job.view().metrics), what="evaluate now")
    assert [r["step"] for r in job.view().metrics if r["kind"] in ("val", "test")] == [0, 4, 4]
    assert job.view().state == runs.PAUSED and job.view().step == 4

    job.resume()
    wait_for(lambda: job.view().step >= 10, what="resumed training")
    job.pause()
    wait_for(lambda: job.view().state == runs.PAUSED, what="the second pause")
    paused_at = job.view().step
    time.sleep(0.5)
    assert job.view().step == paused_at and paused_at < 400

    job.stop()
    assert job.wait(120)
    view = job.view()
    assert view.state == runs.STOPPED and view.step == paused_at
    status = runs.read_status(folder)
    assert (
        status["state"] == runs.STOPPED
        and status["has_checkpoint"]
        and (folder.model / "config.json").is_file()
    )
    assert [r["step"] for r in runs.read_metrics(folder) if r["kind"] == "test"] == [4, paused_at]
    train_steps = [r["step"] for r in runs.read_metrics(folder) if r["kind"] == "train"]
    assert train_steps == list(range(1, paused_at + 1))


@pytest.mark.parametrize("skip", [False, True])
def test_a_repeated_stop_keeps_the_evaluation_and_skipping_it_is_explicit(
    tiny_model_dir, sentiment_csv, skip
):
    settings = tiny_settings(tiny_model_dir("distilbert"), sentiment_csv, steps=400, eval_every=1000)
    folder = runs.create_run(settings.to_dict(), f"stop-{skip}")
    job = TrainingJob(settings, folder)
    job.pause()
    job.start()
    wait_for(lambda: job.view().state == runs.PAUSED, what="the pause")
    job.step(2)
    wait_for(lambda: job.view().step == 2 and job.view().state == runs.PAUSED, what="two steps")
    job.stop()
    job.stop()  # a double click, or a request sent twice
    if skip:
        job.stop(skip_evaluation=True)
    assert job.wait(120)
    assert job.view().state == runs.STOPPED and job.view().step == 2
    assert (folder.model / "config.json").is_file(), "the model is saved either way"
    tested = [r["step"] for r in runs.read_metrics(folder) if r["kind"] == "test"]
    if skip:
        assert tested == [] and not folder.evaluation.exists()
    else:
        assert tested == [2] and runs.read_json(folder.evaluation, {})["step"] == 2


def test_stop_while_queued_or_preparing_trains_nothing(tiny_model_dir, sentiment_csv):
    settings = tiny_settings(tiny_model_dir("distilbert"), sentiment_csv)
    folder = runs.create_run(settings.to_dict(), "cancelled")
    job = TrainingJob(settings, folder)
    job.stop()
    job.start()
    assert job.wait(120)
    assert job.view().state == runs.STOPPED and job.view().step == 0
    assert not folder.model.exists()


def test_multiclass(tiny_model_dir, topics_csv):
    settings = tiny_settings(
        tiny_model_dir("bert", 2), topics_csv, steps=4, eval_every=2, probes=["the team won"]
    )
    job = run_job(settings, "topics")
    assert job.view().state == runs.FINISHED, job.view().error
    evaluation = runs.read_json(job.folder.evaluation)
    assert evaluation["label_names"] == ["Business", "Sports", "World"]
    assert np.asarray(evaluation["confusion"]).shape == (3, 3) and len(evaluation["per_class"]) == 3
    snapshot = runs.read_probe_snapshot(job.folder, 4)
    assert snapshot["probabilities"][0].shape == (3,)
    from attnviz.nlp.loading import load_classifier

    assert load_classifier(job.folder.model).label_names == ["Business", "Sports", "World"]


def test_a_failing_batch_stops_the_run_and_keeps_what_it_had(tiny_model_dir, sentiment_csv):
    import tensorflow as tf

    class BadBatch(tf.keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if batch == 2:  # the third batch
                raise tf.errors.InvalidArgumentError(None, None, "labels out of range in batch 3")

    settings = tiny_settings(tiny_model_dir("distilbert"), sentiment_csv, steps=10)
    job = run_job(settings, "crashing", extra_callbacks=[BadBatch()])
    view = job.view()
    assert view.state == runs.FAILED
    assert view.error["code"] == "bad_batch" and "labels out of range" in view.error["message"]
    status = runs.read_status(job.folder)
    assert status["state"] == runs.FAILED and status["error"]["code"] == "bad_batch" and status["step"] == 3
    assert [r["step"] for r in runs.read_metrics(job.folder) if r["kind"] == "train"] == [1, 2, 3]
    assert status["has_checkpoint"] and (job.folder.model / "config.json").is_file()
    assert "InvalidArgumentError" in (job.folder.path / "error.log").read_text()


def test_a_missing_model_fails_with_a_clear_code(tmp_path, sentiment_csv):
    settings = tiny_settings(tmp_path / "no-such-model", sentiment_csv)
    job = run_job(settings, "no-model")
    assert job.view().state == runs.FAILED and job.view().error["code"] in ("model_not_found", "not_a_model")
    assert runs.read_status(job.folder)["error"]["code"] == job.view().error["code"]


def test_too_few_examples_for_a_batch(tiny_model_dir, sentiment_csv):
    settings = tiny_settings(tiny_model_dir("distilbert"), sentiment_csv, train_size=10, batch_size=16)
    job = run_job(settings, "too-small")
    assert job.view().error["code"] == "too_few_examples"


def test_a_full_disk_stops_the_run_and_leaves_no_partial_files(tiny_model_dir, sentiment_csv, monkeypatch):
    """ENOSPC mid-training, and again while the last checkpoint is written (an injected error):
    the run fails with the disk-full code, its status names the last step that really ran, and the
    half-written model folder is removed so the disk does not stay full."""
    import errno

    import tensorflow as tf

    from attnviz.nlp import loading

    class FullDisk(tf.keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if batch == 2:
                raise OSError(errno.ENOSPC, "No space left on device")

    def save_half_then_fail(loaded, folder, *args, **kwargs):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "tf_model.h5").write_bytes(b"\0" * 4096)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(loading, "save_model", save_half_then_fail)
    settings = tiny_settings(tiny_model_dir("distilbert"), sentiment_csv, steps=10)
    job = run_job(settings, "full-disk", extra_callbacks=[FullDisk()])
    assert job.view().state == runs.FAILED and job.view().error["code"] == "disk_full"
    status = runs.read_status(job.folder)
    assert status["state"] == runs.FAILED and status["step"] == 3 and not status["has_checkpoint"]
    assert [r["step"] for r in runs.read_metrics(job.folder) if r["kind"] == "train"] == [1, 2, 3]
    leftovers = sorted(p.name for p in job.folder.path.iterdir())
    assert ".model.saving" not in leftovers and "model" not in leftovers, leftovers
