"""Settings: validation codes, which layers train, and the cost estimate (no TensorFlow)."""

import pytest

from attnviz.nlp.training.cost import ARCHITECTURE_SHAPES, estimate, model_shape, shape_from_config
from attnviz.nlp.training.settings import LEGACY_VALUES, Problem, TrainLayers, TrainSettings, validate

DISTILBERT = ARCHITECTURE_SHAPES["distilbert"]


def codes(problems):
    return {(p.code, p.field) for p in problems}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("all", TrainLayers("all")),
        ("classifier", TrainLayers("classifier")),
        ("top-2", TrainLayers("top", 2)),
        ("TOP_3", TrainLayers("top", 3)),
        ("top4", TrainLayers("top", 4)),
    ],
)
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
    assert cost.fits and cost.peak_mb < 2400  # the whole app: the training process measured 1,987 MB
    # DistilBERT on IMDB-length texts (every batch 128 tokens) on 2 cores: ~11 minutes for 100 steps
    assert cost.total_seconds < 15 * 60
    assert settings.jit_compile is False and settings.keep_dropout is False and settings.group_by_length
    assert (settings.max_length, settings.truncation, settings.train_layers) == (128, "head_tail", "top-3")
    assert settings.head_factor == 10


def test_course_notebook_settings_are_refused_with_the_numbers():
    """padding to 512 with a batch of 16, all layers: ~9 GiB measured; the budget is 2.5 GB."""
    settings = TrainSettings(max_length=512, batch_size=16, train_layers="all")
    problems = validate(settings, DISTILBERT)
    (problem,) = [p for p in problems if p.code == "over_memory"]
    assert problem.details["peak_mb"] > 8000 and problem.details["budget_mb"] == 2500
    assert "MB" in problem.text("en") and "MB" in problem.text("es")


def test_budget_comes_from_the_environment(monkeypatch):
    settings = TrainSettings(max_length=256, batch_size=16, train_layers="all")
    assert any(p.code == "over_memory" for p in validate(settings, DISTILBERT))
    monkeypatch.setenv("ATTNVIZ_MEMORY_BUDGET_MB", "8000")
    assert validate(settings, DISTILBERT) == []


def test_estimate_grows_with_length_batch_and_trained_layers():
    base = TrainSettings()
    cost = estimate(base, DISTILBERT)
    for change in (dict(max_length=256), dict(batch_size=32), dict(train_layers="all")):
        bigger = estimate(TrainSettings(**change), DISTILBERT)
        assert bigger.step_seconds > cost.step_seconds and bigger.peak_mb > cost.peak_mb
    frozen = estimate(TrainSettings(train_layers="classifier"), DISTILBERT)
    assert (
        frozen.trainable_parameters
        < cost.trainable_parameters
        < estimate(TrainSettings(train_layers="all"), DISTILBERT).trainable_parameters
    )
    assert estimate(TrainSettings(jit_compile=True), DISTILBERT).peak_mb > cost.peak_mb


def test_estimate_matches_the_measurements_it_was_calibrated_on():
    """``python -m attnviz bench --parts throughput`` on this project's 2-core machine (cost.py)."""
    from attnviz.nlp.training.cost import APP_OVERHEAD_MB

    # (length, batch, layers, dropout), seconds per step, peak MB of the benchmark process (no app server)
    measured = [
        ((128, 16, "top-3", False), 6.30, 1987),
        ((64, 16, "top-2", False), 2.50, 1494),
        ((512, 16, "all", True), 52.9, 9236),
    ]
    for (length, batch, layers, dropout), seconds, peak in measured:
        cost = estimate(
            TrainSettings(max_length=length, batch_size=batch, train_layers=layers, keep_dropout=dropout),
            DISTILBERT,
        )
        assert cost.step_seconds == pytest.approx(seconds, rel=0.15)
        assert cost.peak_mb - APP_OVERHEAD_MB == pytest.approx(peak, rel=0.15)


def test_problems_have_codes_and_fields():
    settings = TrainSettings(
        model=" ",
        data="",
        max_length=4,
        batch_size=0,
        learning_rate=5.0,
        steps=None,
        epochs=None,
        train_layers="top-9",
        probes=["ok", "  ", "x" * 400],
    )
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


def test_a_run_saved_before_the_new_settings_reads_as_it_trained():
    """settings.json of a run from before head factors, dropout switches and grouping existed."""
    old = {k: v for k, v in TrainSettings().to_dict().items() if k not in LEGACY_VALUES}
    settings = TrainSettings.from_dict(old)
    assert (settings.head_factor, settings.keep_dropout, settings.group_by_length, settings.truncation) == (
        1.0,
        True,
        False,
        "head",
    )


@pytest.mark.parametrize(
    "field, value, code",
    [
        ("head_factor", 0.5, "bad_head_factor"),
        ("head_factor", float("nan"), "bad_head_factor"),
        ("truncation", "middle", "bad_truncation"),
        ("warmup_fraction", "x", "out_of_range"),
        ("scratch_layers", 99, "out_of_range"),
    ],
)
def test_new_fields_are_validated(field, value, code):
    settings = TrainSettings(**{field: value, "from_scratch": "bert" if field == "scratch_layers" else ""})
    assert (code, field) in codes(validate(settings))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_problem_has_a_message_in_both_languages(lang):
    from attnviz.i18n import keys

    problems = validate(
        TrainSettings(
            model=" ",
            data="",
            max_length=4,
            batch_size=0,
            learning_rate=5.0,
            head_factor=0,
            truncation="x",
            steps=None,
            epochs=None,
            train_layers="top-x",
            probes=["", "y" * 400] + ["z"] * 5,
        ),
        ARCHITECTURE_SHAPES["distilbert"],
    )
    problems.append(Problem("over_memory", "batch_size", {"peak_mb": 3000, "budget_mb": 2500}))
    for problem in problems:
        assert f"ft.problem.{problem.code}" in keys(lang)
        text = problem.text(lang)
        assert text and "{" not in text and text != problem.code


def test_model_shapes(tmp_path):
    assert model_shape(TrainSettings()).layers == 6  # the catalog's distilbert-base-uncased
    assert model_shape(TrainSettings(model="bert-base-uncased")).layers == 12
    scratch = model_shape(TrainSettings(model="anything", from_scratch="bert", scratch_layers=2))
    assert scratch.layers == 2 and scratch.hidden == 768
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "config.json").write_text(
        '{"model_type": "bert", "num_hidden_layers": 6, "hidden_size": 384, '
        '"num_attention_heads": 12, "intermediate_size": 1536, "vocab_size": 30522}'
    )
    shape = model_shape(TrainSettings(model=str(folder)))
    assert (shape.layers, shape.hidden, shape.intermediate) == (6, 384, 1536)
    assert (
        shape_from_config({"n_layers": 2, "dim": 32, "n_heads": 4, "hidden_dim": 37, "vocab_size": 99}).heads
        == 4
    )
    assert model_shape(TrainSettings(model="someone/unknown-model")) is None
