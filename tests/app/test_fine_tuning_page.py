"""The fine-tuning page in AppTest: the form, its estimate and refusals, starting a tiny run,
replaying a saved run (charts, evaluation, probe slider), the teacher password, and English.

AppTest never fires ``st.fragment(run_every=...)`` timers: the live refresh is proven in the browser
suite (tests/e2e/test_fine_tuning_e2e.py); here a full rerun draws the run's current state."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.apptest_helpers import charts, open_page, texts

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


def test_offline_with_nothing_on_disk_the_form_says_what_to_fetch():
    at = open_page(PAGE)
    page = texts(at)
    assert "Todavía no hay ninguna ejecución" in page and "importa un zip" in page
    assert "no hay ningún modelo en el disco" in page and "no hay ningún conjunto de datos" in page
    assert at.selectbox(key="ft.data.choice").value == "__upload__"  # nothing to pick from: upload
    assert at.button(key="ft.start").disabled
    assert at.query_params["owner"]  # the owner token is in the URL from the first visit


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
    assert "no hay ningún modelo" not in texts(at)
    # English data, English probe sentences, although the page is in Spanish
    assert at.text_area(key="ft.probes").value.startswith("The movie was wonderful")
    # the default "top 3 layers" does not fit a 2-layer model: lowered, said, and the run can start
    assert at.number_input(key="ft.top_k").value == 2
    assert "El modelo tiene 2 capas: se entrenan las 2." in texts(at)
    assert not at.error and not at.button(key="ft.start").disabled
    # a bigger model gets the user's choice back
    at.selectbox(key="ft.model.choice").set_value("distilbert-base-uncased").run()
    assert at.number_input(key="ft.top_k").value == 3 and "El modelo tiene 2 capas" not in texts(at)


def test_the_defaults_are_estimated():
    at = open_page(PAGE)
    at.selectbox(key="ft.model.choice").set_value("distilbert-base-uncased")
    at.selectbox(key="ft.data.choice").set_value("imdb").run()
    estimate = [p for p in at.get("progress") if "Estimación" in p.proto.text]
    assert estimate and "MB de 2500 MB" in estimate[0].proto.text
    assert at.number_input(key="ft.max_length").value == 128
    assert at.selectbox(key="ft.truncation").value == "head_tail"
    assert not at.button(key="ft.start").disabled


def test_settings_over_the_memory_budget_are_refused_and_kept():
    at = open_page(PAGE)
    at.selectbox(key="ft.data.choice").set_value("imdb").run()
    at.number_input(key="ft.max_length").set_value(512)
    at.select_slider(key="ft.batch_size").set_value(64)
    at.segmented_control(key="ft.layers_kind").set_value("all").run()
    errors = " ".join(e.value for e in at.error)
    assert "MB" in errors and "límite es 2500 MB" in errors
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
    assert any("Hub" in e.value for e in at.error), [e.value for e in at.error]
    assert at.number_input(key="ft.steps").value == 30
    assert "Todavía no hay ninguna ejecución" in texts(at)


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
    assert job is not None and job.owner == at.query_params["owner"]
    assert at.query_params["run"] == "Clase-1-mi-run"
    assert job.wait(240) and job.view().state == "finished", job.view().error
    at.run()
    page = texts(at)
    assert "Clase-1-mi-run: terminada" in page and "Esta ejecución es tuya" in page
    figures = charts(at)
    assert "Cómo aprende: métricas de cada paso" in figures and "Matriz de confusión" in figures
    assert at.select_slider(key="ft.probe_step.Clase-1-mi-run").options == [str(s) for s in range(6)]


def test_a_saved_run_replays_without_training(tiny, home):
    finished_run(home, tiny)
    at = open_page(PAGE, query={"run": "replayed"})
    page = texts(at)
    assert (
        "replayed: terminada" in page and "Evaluación en el conjunto de prueba (paso 6, 24 ejemplos)" in page
    )
    figures = charts(at)
    curves = figures["Cómo aprende: métricas de cada paso"]
    loss = next(tr for tr in curves["data"] if tr.get("name") == "cada lote")
    assert len(loss["x"]["bdata"] if isinstance(loss["x"], dict) else loss["x"]) > 0
    assert at.metric[0].label == "Exactitud"
    slider = at.select_slider(key="ft.probe_step.replayed")
    assert slider.value == 6
    slider.set_value(2).run()
    assert "Atención en el paso 2 (capa 2, media de las cabezas)" in charts(at)
    at.selectbox(key="ft.probe_head.replayed").set_value(1).run()
    assert "Atención en el paso 2 (capa 2, cabeza 2)" in charts(at)
    assert "ft.pause" not in [b.key for b in at.button]  # no controls on a finished run


def test_teacher_password_lets_students_watch(tiny, home, monkeypatch):
    monkeypatch.setenv("ATTNVIZ_TEACHER_PASSWORD", "clase")
    at = open_page(PAGE)
    at.selectbox(key="ft.data.choice").set_value("imdb").run()
    assert "el profesor dirige los entrenamientos" in texts(at)
    assert at.button(key="ft.start").disabled
    form = at.get("form")[0]
    form.text_input[0].set_value("mala")
    form.form_submit_button[0].click().run()
    assert any("no es correcta" in e.value for e in at.error)
    assert at.button(key="ft.start").disabled
    form = at.get("form")[0]
    form.text_input[0].set_value("clase")
    form.form_submit_button[0].click().run()
    assert "Modo profesor activo" in texts(at)
    at.selectbox(key="ft.data.choice").set_value("imdb").run()
    assert not at.button(key="ft.start").disabled


def test_english_page():
    at = open_page(PAGE, lang="en")
    page = texts(at)
    assert "Live fine-tuning" in page and "No runs yet" in page
    assert at.button(key="ft.start").label == "Start training"
