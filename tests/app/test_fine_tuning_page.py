"""The fine-tuning page in AppTest: the form, its estimate and refusals, starting a tiny run,
replaying a saved run (charts, evaluation, probe slider), the teacher password, and English.

AppTest never fires ``st.fragment(run_every=...)`` timers: the live refresh is proven in the browser
suite (tests/e2e/test_fine_tuning_e2e.py); here a full rerun draws the run's current state."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.apptest_helpers import chart, charts, open_page, plotly_array, texts, title, tr, tr_pattern

PAGE = "app_pages/fine_tuning.py"


@pytest.fixture(autouse=True)
def home(isolated_home):
    return isolated_home


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A tiny model folder and a small labelled CSV."""
    import tensorflow as tf

    from tests.helpers.tiny_models import make_tiny_classifier_dir
    from tests.training.conftest import sentiment_rows, write_csv

    grappler = tf.config.optimizer.get_experimental_options().get("disable_meta_optimizer", False)
    tf.config.optimizer.set_experimental_options(
        {"disable_meta_optimizer": True}
    )  # tiny graphs: skip grappler
    root = tmp_path_factory.mktemp("page-tiny")
    yield (
        make_tiny_classifier_dir(root, "distilbert", 2),
        write_csv(root / "reviews.csv", sentiment_rows(160)),
    )
    tf.config.optimizer.set_experimental_options({"disable_meta_optimizer": grappler})


def finished_run(home: Path, tiny, name="replayed"):
    from attnviz.nlp.training import runs
    from attnviz.nlp.training.job import TrainingJob
    from tests.training.conftest import tiny_settings

    settings = tiny_settings(*tiny)
    job = TrainingJob(settings, runs.create_run(settings.to_dict(), name, home / "runs")).start()
    assert job.wait(240)
    return job


def test_offline_with_nothing_on_disk_the_form_says_what_to_fetch(home):
    at = open_page(PAGE)
    page = texts(at)
    assert tr("ft.no_runs") in page
    assert tr("models.offline_no_model", models=str(home / "models")) in page
    assert tr("data.offline_no_data") in page
    assert at.selectbox(key="ft.data.choice").value == "__upload__"  # nothing to pick from: upload
    assert at.button(key="ft.start").disabled
    assert "owner" not in at.query_params  # run control never travels in the address
    assert len(at.session_state["visitor.token"]) >= 16  # the browser keeps it in a cookie


def test_offline_the_form_preselects_what_is_on_disk(tiny, home):
    """A model folder in ATTNVIZ_HOME/models and a fetched data set: both preselected."""
    import shutil

    model, _ = tiny
    shutil.copytree(model, home / "models" / "my-classifier")
    fetched = home / "datasets" / "rotten_tomatoes"
    fetched.mkdir(parents=True)
    (fetched / "train-00000.parquet").write_bytes(b"PAR1")
    at = open_page(PAGE)
    assert at.selectbox(key="ft.model.choice").value == "my-classifier"
    assert at.selectbox(key="ft.data.choice").value == "rotten_tomatoes"
    assert not tr_pattern("models.offline_no_model").search(texts(at))
    # English data, English probe sentences, although the page is in Spanish
    probes = [tr("ft.probe.sentiment.1", "en"), tr("ft.probe.sentiment.2", "en")]
    assert at.text_area(key="ft.probes").value == "\n".join(probes)
    # the default "top 3 layers" does not fit a 2-layer model: lowered, said, and the run can start
    assert at.number_input(key="ft.top_k").value == 2
    assert tr("ft.top_k_lowered", layers=2) in texts(at)
    assert not at.error and not at.button(key="ft.start").disabled
    # a bigger model gets the user's choice back
    at.selectbox(key="ft.model.choice").set_value("distilbert-base-uncased").run()
    assert at.number_input(key="ft.top_k").value == 3
    assert not tr_pattern("ft.top_k_lowered").search(texts(at))
    assert not tr_pattern("ft.problem.too_many_layers", layers=2).search(texts(at))


def test_the_defaults_are_estimated():
    at = open_page(PAGE)
    at.selectbox(key="ft.model.choice").set_value("distilbert-base-uncased")
    at.selectbox(key="ft.data.choice").set_value("imdb").run()
    estimate = tr_pattern("ft.estimate", budget=2500)
    assert any(estimate.fullmatch(p.proto.text) for p in at.get("progress"))
    assert at.number_input(key="ft.max_length").value == 128
    assert at.selectbox(key="ft.truncation").value == "head_tail"
    assert not at.button(key="ft.start").disabled


def test_settings_over_the_memory_budget_are_refused_and_kept():
    at = open_page(PAGE)
    at.selectbox(key="ft.data.choice").set_value("imdb").run()
    at.number_input(key="ft.max_length").set_value(512)
    at.select_slider(key="ft.batch_size").set_value(64)
    at.segmented_control(key="ft.layers_kind").set_value("all").run()
    over_memory = tr_pattern("ft.problem.over_memory", budget_mb=2500)
    assert any(over_memory.fullmatch(e.value) for e in at.error), [e.value for e in at.error]
    assert at.button(key="ft.start").disabled
    assert (
        at.number_input(key="ft.max_length").value == 512
        and at.select_slider(key="ft.batch_size").value == 64
    )


def test_no_network_is_one_clear_sentence_and_nothing_is_lost():
    at = open_page(PAGE)
    at.selectbox(key="ft.model.choice").set_value("distilbert-base-uncased")
    at.selectbox(key="ft.data.choice").set_value("imdb").run()
    at.number_input(key="ft.steps").set_value(30)
    at.button(key="ft.start").click().run()
    assert not at.exception
    unreachable = tr_pattern("nlp.error.hub_unreachable")
    assert any(unreachable.fullmatch(e.value) for e in at.error), [e.value for e in at.error]
    assert at.number_input(key="ft.steps").value == 30
    assert tr("ft.no_runs") in texts(at)


def test_start_a_tiny_run_from_the_page(tiny, home):
    from attnviz.ui.training_state import _registry_for

    model, data = tiny
    at = open_page(PAGE)
    at.selectbox(key="ft.model.choice").set_value("__other__").run()
    at.text_input(key="ft.model.other").set_value(str(model))
    at.selectbox(key="ft.data.choice").set_value("__path__").run()
    at.text_input(key="ft.data.path").set_value(str(data))
    for key, value in (
        ("ft.max_length", 24),
        ("ft.train_size", 96),
        ("ft.validation_size", 24),
        ("ft.test_size", 24),
        ("ft.steps", 5),
        ("ft.eval_every", 5),
        ("ft.probe_every", 1),
    ):
        at.number_input(key=key).set_value(value)
    at.select_slider(key="ft.batch_size").set_value(8)
    at.segmented_control(key="ft.layers_kind").set_value("all")
    at.text_area(key="ft.probes").set_value("the movie was good\nan awful boring film")
    at.text_input(key="ft.name").set_value("Clase 1: mi run")
    at.run()
    assert not at.error, [e.value for e in at.error]
    at.button(key="ft.start").click().run()
    assert not at.exception, at.exception
    registry = _registry_for(str(home.resolve()))
    job = registry.get("Clase-1-mi-run")
    assert job is not None and job.owner == at.session_state["visitor.token"]
    assert at.query_params["run"] == "Clase-1-mi-run"
    assert job.wait(240) and job.view().state == "finished", job.view().error
    at.run()
    page = texts(at)
    assert tr("ft.run_title", name="Clase-1-mi-run", state=tr("ft.state.finished")) in page
    assert tr("ft.yours") in page
    # the picker and the saved-runs table say the same: finished, 5 of 5 steps
    picker = next(s for s in at.selectbox if str(s.key).startswith("ft.run_select"))
    label = tr("ft.run_option", name="Clase-1-mi-run", state=tr("ft.state.finished"), steps="5/5")
    assert label in picker.options
    table = next(d.value for d in at.dataframe if tr("ft.runs.steps") in d.value.columns)
    row = table[table[tr("ft.runs.name")] == "Clase-1-mi-run"].iloc[0]
    assert row[tr("ft.runs.state")] == tr("ft.state.finished") and row[tr("ft.runs.steps")] == "5/5"
    assert title(chart(at, "ft.curves.Clase-1-mi-run")) == tr("ft.chart.title")
    assert title(chart(at, "ft.confusion")) == tr("ft.eval.confusion")
    assert at.select_slider(key="ft.probe_step.Clase-1-mi-run").options == [str(s) for s in range(6)]

    # how the model places the validation examples, before and after (asked for: it costs a pass)
    assert "ft.class_map.Clase-1-mi-run.0" not in charts(at)
    at.button(key="ft.class_map.go.Clase-1-mi-run").click().run()
    assert not at.exception and not at.error
    before, after = chart(at, "ft.class_map.Clase-1-mi-run.0"), chart(at, "ft.class_map.Clase-1-mi-run.1")
    assert title(before) == tr("classmap.before") and title(after) == tr("classmap.after")
    points = sum(len(plotly_array(trace["x"])) for trace in after["data"])
    assert points == 24  # the run's whole validation split (24 < the default 300)
    assert sorted(trace["name"] for trace in after["data"]) == ["neg", "pos"]
    assert tr_pattern("classmap.separated").search(texts(at))
    assert len(list((home / "cache" / "class_map").glob("*.npy"))) == 2  # computed once, kept on disk


def test_a_saved_run_replays_without_training(tiny, home):
    finished_run(home, tiny)
    at = open_page(PAGE, query={"run": "replayed"})
    page = texts(at)
    assert tr("ft.run_title", name="replayed", state=tr("ft.state.finished")) in page
    assert tr("ft.eval.title", step=6, count=24) in page
    curves = chart(at, "ft.curves.replayed")
    assert title(curves) == tr("ft.chart.title")
    loss = next(trace for trace in curves["data"] if trace.get("name") == tr("ft.chart.raw"))
    assert len(loss["x"]["bdata"] if isinstance(loss["x"], dict) else loss["x"]) > 0
    assert at.metric[0].label == tr("ft.eval.accuracy")
    slider = at.select_slider(key="ft.probe_step.replayed")
    assert slider.value == 6
    slider.set_value(2).run()
    heatmap = title(chart(at, "ft.probe_heat.replayed"))
    assert heatmap == tr("ft.probes.heatmap", step=2, layer=2, head=tr("ft.probes.mean"))
    at.selectbox(key="ft.probe_head.replayed").set_value(1).run()
    heatmap = title(chart(at, "ft.probe_heat.replayed"))
    assert heatmap == tr("ft.probes.heatmap", step=2, layer=2, head=tr("ft.probes.head_n", n=2))
    assert "ft.pause" not in [b.key for b in at.button]  # no controls on a finished run
    # the trained head from the inside, on the heatmap page
    link = at.get("link_button")[0].proto.url
    assert link.startswith("heatmaps?") and "run=replayed" in link and "layer=2" in link and "head=2" in link


def test_teacher_password_lets_students_watch(tiny, home, monkeypatch):
    monkeypatch.setenv("ATTNVIZ_TEACHER_PASSWORD", "clase")
    at = open_page(PAGE)
    at.selectbox(key="ft.data.choice").set_value("imdb").run()
    assert tr("ft.teacher.students_watch") in texts(at)
    assert at.button(key="ft.start").disabled
    form = at.get("form")[0]
    form.text_input[0].set_value("mala")
    form.form_submit_button[0].click().run()
    assert tr("ft.teacher.wrong") in [e.value for e in at.error]
    assert at.button(key="ft.start").disabled
    form = at.get("form")[0]
    form.text_input[0].set_value("clase")
    form.form_submit_button[0].click().run()
    assert tr("ft.teacher.active") in texts(at)
    at.selectbox(key="ft.data.choice").set_value("imdb").run()
    assert not at.button(key="ft.start").disabled

    # a reload: a new session whose browser sends the same visitor cookie stays the teacher ...
    token = at.session_state["visitor.token"]
    again = open_page(PAGE, state={"visitor.token": token})
    assert tr("ft.teacher.active") in texts(again)
    # ... another browser does not
    stranger = open_page(PAGE)
    assert tr("ft.teacher.active") not in texts(stranger)
    assert tr("ft.teacher.students_watch") in texts(stranger)
    # signing out ends it for that browser's later sessions too
    again.button(key="ft.teacher_logout").click().run()
    assert tr("ft.teacher.active") not in texts(open_page(PAGE, state={"visitor.token": token}))


def test_english_page():
    at = open_page(PAGE, lang="en")
    page = texts(at)
    assert tr("ft.title", "en") in page and tr("ft.no_runs", "en") in page
    assert at.button(key="ft.start").label == tr("ft.start", "en")
