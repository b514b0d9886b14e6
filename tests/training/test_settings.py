"""Settings: validation codes, which layers train, and the cost estimate (no TensorFlow)."""
import pytest

from attnviz.nlp.training.settings import (
    ARCHITECTURE_SHAPES, TrainLayers, TrainSettings, estimate, model_shape, shape_from_config, validate,
)

DISTILBERT = ARCHITECTURE_SHAPES["distilbert"]


def codes(problems):
    return {(p.code, p.field) for p in problems}


@pytest.mark.parametrize("text, expected", [
    ("all", TrainLayers("all")), ("classifier", TrainLayers("classifier")), ("top-2", TrainLayers("top", 2)),
    ("TOP_3", TrainLayers("top", 3)), ("top4", TrainLayers("top", 4)),
])
def test_train_layers_parse(text, expected):
    assert TrainLayers.parse(text) == expected
    assert TrainLayers.parse(str(expected)) == expected


@pytest.mark.parametrize("text", ["top-0", "top-", "some", ""])
def test_train_layers_rejects(text):
    with pytest.raises(ValueError):
        TrainLayers.parse(text)


def test_defaults_are_valid_and_fit_the_budget():
    settings = TrainSettings(probes=["a good film"])
    assert validate(settings, DISTILBERT) == []
    cost = estimate(settings, DISTILBERT)
    assert cost.fits and cost.peak_mb < 2100
    assert cost.total_seconds < 10 * 60, "a first run of the default model takes a few minutes"
    assert settings.jit_compile is False and settings.max_length == 64


def test_course_notebook_settings_are_refused_with_the_numbers():
    """padding to 512 with a batch of 16, all layers: ~9 GiB measured; the budget is 2.5 GB."""
    settings = TrainSettings(max_length=512, batch_size=16, train_layers="all")
    problems = validate(settings, DISTILBERT)
    (problem,) = [p for p in problems if p.code == "over_memory"]
    assert problem.details["peak_mb"] > 8000 and problem.details["budget_mb"] == 2500
    assert "MB" in str(problem)


def test_budget_comes_from_the_environment(monkeypatch):
    settings = TrainSettings(max_length=128, batch_size=16, train_layers="all")
    assert any(p.code == "over_memory" for p in validate(settings, DISTILBERT))
    monkeypatch.setenv("ATTNVIZ_MEMORY_BUDGET_MB", "8000")
    assert validate(settings, DISTILBERT) == []


def test_estimate_grows_with_length_batch_and_trained_layers():
    base = TrainSettings()
    cost = estimate(base, DISTILBERT)
    for change in (dict(max_length=128), dict(batch_size=32), dict(train_layers="all")):
        bigger = estimate(TrainSettings(**change), DISTILBERT)
        assert bigger.step_seconds > cost.step_seconds and bigger.peak_mb > cost.peak_mb
    frozen = estimate(TrainSettings(train_layers="classifier"), DISTILBERT)
    assert frozen.trainable_parameters < cost.trainable_parameters < estimate(TrainSettings(train_layers="all"), DISTILBERT).trainable_parameters
    assert estimate(TrainSettings(jit_compile=True), DISTILBERT).peak_mb > cost.peak_mb


def test_estimate_matches_the_measurements_it_was_calibrated_on():
    """bench/training_cost.py on the shared 2-core machine (README, "Fine-tuning defaults")."""
    from attnviz.nlp.training.settings import APP_OVERHEAD_MB

    # (length, batch, layers), seconds per step on a quiet machine, peak MB of the bench process
    measured = [((64, 8, "all"), 2.24, 2210), ((64, 16, "top-2"), 1.27, 1560), ((128, 16, "all"), None, 3244),
                ((128, 16, "top-2"), 2.93, 1748), ((128, 16, "classifier"), 1.61, 1535), ((256, 8, "top-2"), None, 1794)]
    for (length, batch, layers), seconds, peak in measured:  # the bench process, without the app server
        cost = estimate(TrainSettings(max_length=length, batch_size=batch, train_layers=layers), DISTILBERT)
        if seconds:
            assert cost.step_seconds == pytest.approx(seconds, rel=0.25)
        assert cost.peak_mb - APP_OVERHEAD_MB == pytest.approx(peak, rel=0.1)
    # XLA: full fine-tuning 64 x 8 measured 1.25 s/step; the notebook's 512 x 16: 41.7 s (DESIGN.md)
    assert estimate(TrainSettings(max_length=64, batch_size=8, train_layers="all", jit_compile=True),
                    DISTILBERT).step_seconds == pytest.approx(1.25, rel=0.25)
    assert estimate(TrainSettings(max_length=512, batch_size=16, train_layers="all"),
                    DISTILBERT).step_seconds == pytest.approx(41.7, rel=0.3)
    # a whole default run: 198 s (bench/training_run.py)
    assert estimate(TrainSettings(probes=["a", "b"]), DISTILBERT).total_seconds == pytest.approx(198, rel=0.3)
    # the whole server, 30 default steps with 3 tabs watching: 1778 MB (bench/training_app_memory.py)
    assert estimate(TrainSettings(), DISTILBERT).peak_mb == pytest.approx(1778, rel=0.1)


def test_problems_have_codes_and_fields():
    settings = TrainSettings(model=" ", data="", max_length=4, batch_size=0, learning_rate=5.0, steps=None,
                             epochs=None, train_layers="top-9", probes=["ok", "  ", "x" * 400])
    found = codes(validate(settings, DISTILBERT))
    assert ("no_model", "model") in found and ("no_data", "data") in found
    assert ("out_of_range", "max_length") in found and ("out_of_range", "batch_size") in found
    assert ("bad_learning_rate", "learning_rate") in found and ("steps_or_epochs", "steps") in found
    assert ("too_many_layers", "train_layers") in found
    assert ("empty_probe", "probes") in found and ("long_probe", "probes") in found


def test_steps_or_epochs_and_total_steps():
    assert TrainSettings(steps=30).total_steps(1000) == 30
    by_epochs = TrainSettings(steps=None, epochs=2, batch_size=16)
    assert validate(by_epochs, DISTILBERT) == []
    assert by_epochs.total_steps(100) == 2 * (100 // 16)
    assert any(p.code == "steps_or_epochs" for p in validate(TrainSettings(steps=10, epochs=1)))


def test_round_trip_through_a_dict():
    settings = TrainSettings(probes=["a", "b"], train_layers="classifier", steps=7)
    again = TrainSettings.from_dict({**settings.to_dict(), "unknown_future_key": 1})
    assert again == settings


def test_model_shapes(tmp_path):
    assert model_shape(TrainSettings()).layers == 6  # the catalog's distilbert-base-uncased
    assert model_shape(TrainSettings(model="bert-base-uncased")).layers == 12
    scratch = model_shape(TrainSettings(model="anything", from_scratch="bert", scratch_layers=2))
    assert scratch.layers == 2 and scratch.hidden == 768
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "config.json").write_text('{"model_type": "bert", "num_hidden_layers": 6, "hidden_size": 384, '
                                        '"num_attention_heads": 12, "intermediate_size": 1536, "vocab_size": 30522}')
    shape = model_shape(TrainSettings(model=str(folder)))
    assert (shape.layers, shape.hidden, shape.intermediate) == (6, 384, 1536)
    assert shape_from_config({"n_layers": 2, "dim": 32, "n_heads": 4, "hidden_dim": 37, "vocab_size": 99}).heads == 4
    assert model_shape(TrainSettings(model="someone/unknown-model")) is None
