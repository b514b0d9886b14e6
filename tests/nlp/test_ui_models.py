"""The Streamlit side: the home page's models-and-data section (on disk, fetch the defaults, with
and without a Hub) and the cached loader with its offline message, through AppTest."""

import shutil

from streamlit.testing.v1 import AppTest

from tests.app.apptest_helpers import open_page, texts
from tests.nlp.standin_hub import StandinHub


def status_of(at, table_index: int) -> dict:
    frame = at.dataframe[table_index].value
    return dict(zip(frame["Nombre"], frame["Estado"]))


def test_home_shows_what_is_on_disk(tiny_dir, isolated_home):
    shutil.copytree(tiny_dir("distilbert"), isolated_home / "models" / "distilbert-base-uncased")
    shutil.copytree(tiny_dir("bert"), isolated_home / "models" / "my-own-model")
    at = open_page()
    models = status_of(at, 0)
    assert models["distilbert-base-uncased"] == "En disco"
    assert models["roberta-base"] == "Sin descargar"
    assert models["my-own-model"] == "Carpeta local"
    own = at.dataframe[0].value.set_index("Nombre").loc["my-own-model"]
    assert own["Tarea"] == "Clasificación" and own["Capas × cabezas"] not in ("?", None)
    assert status_of(at, 1)["imdb"] == "Sin descargar"
    assert str(isolated_home) in texts(at)


def test_fetch_defaults_without_network_says_so(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    at = open_page()
    at.button(key="models.fetch_defaults").click().run()
    assert not at.exception
    assert len(at.error) == 1 and "No se pudo conectar con el Hub" in at.error[0].value
    assert "carpeta local" in at.error[0].value


def test_fetch_defaults_from_a_standin_hub(tiny_dir, isolated_home, tmp_path, monkeypatch):
    import huggingface_hub.constants
    import pandas as pd

    data = tmp_path / "imdb"
    (data / "plain_text").mkdir(parents=True)
    for split in ("train", "test", "unsupervised"):
        pd.DataFrame({"text": ["good", "bad"] * 4, "label": [1, 0] * 4}).to_parquet(
            data / "plain_text" / f"{split}-00000-of-00001.parquet"
        )
    with StandinHub() as server:
        server.add_model("distilbert/distilbert-base-uncased", tiny_dir("distilbert"))
        server.add_model(
            "distilbert/distilbert-base-cased-distilled-squad", tiny_dir("distilbert", task="qa")
        )
        server.add_dataset("stanfordnlp/imdb", data)
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
        at = open_page()
        at.button(key="models.fetch_defaults").click().run()
    assert not at.exception and not at.error
    assert "Listo" in texts(at)
    at.run()
    assert status_of(at, 0)["distilbert-base-uncased"] == "En disco"
    assert status_of(at, 0)["distilbert-base-cased-distilled-squad"] == "En disco"
    assert status_of(at, 1)["imdb"] == "En disco"
    assert not (
        isolated_home / "datasets" / "imdb" / "plain_text" / "unsupervised-00000-of-00001.parquet"
    ).exists()
    assert at.button(key="models.fetch_defaults").disabled


def loader_app():
    import streamlit as st

    from attnviz.ui.models import classifier_or_explain, model_picker

    source = model_picker()
    if source:
        bundle = classifier_or_explain(source)
        if bundle:
            out = bundle.extractor("good movie")
            st.markdown(f"tokens={len(out.tokens)} bundle={id(bundle)}")


def test_loader_caches_one_copy_and_explains_no_network(tiny_dir, monkeypatch):
    at = AppTest.from_function(loader_app, default_timeout=120)
    at.run()
    at.selectbox(key="model.choice").set_value("__other__").run()
    at.text_input(key="model.other").set_value(str(tiny_dir("bert"))).run()
    assert not at.exception and not at.error
    first = at.markdown[0].value
    assert first.startswith("tokens=4 ")
    at.run()
    assert at.markdown[0].value == first  # the same cached object on a rerun
    other_session = AppTest.from_function(loader_app, default_timeout=120)
    other_session.run()
    other_session.selectbox(key="model.choice").set_value("__other__").run()
    other_session.text_input(key="model.other").set_value(str(tiny_dir("bert"))).run()
    assert other_session.markdown[0].value == first  # ...and for another session

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    at.text_input(key="model.other").set_value("org/some-model").run()
    assert not at.exception
    assert len(at.error) == 1 and at.error[0].value.startswith(
        "No se pudo conectar con el Hub de Hugging Face"
    )
    at.selectbox(key="model.choice").set_value("distilbert-base-uncased").run()
    assert len(at.error) == 1 and not at.exception


def data_app():
    import streamlit as st

    from attnviz.ui.models import data_or_explain, data_picker

    choice = data_picker()
    if choice:
        data = data_or_explain(choice)
        if data is not None:
            st.markdown(f"rows={sum(split.num_rows for split in data.values())}")


def test_data_picker_path_and_translated_errors(tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "one_class.csv"
    good.write_text("text,label\n" + "".join(f"t{i},{'pos' if i % 2 else 'neg'}\n" for i in range(20)))
    bad.write_text("text,label\nhola,pos\nadiós,pos\n")
    at = AppTest.from_function(data_app, default_timeout=60)
    at.run()
    at.selectbox(key="data.choice").set_value("__path__").run()
    at.text_input(key="data.path").set_value(str(good)).run()
    assert not at.exception and not at.error and at.markdown[0].value == "rows=20"
    at.text_input(key="data.path").set_value(str(bad)).run()
    assert len(at.error) == 1 and "solo tiene una clase («pos»)" in at.error[0].value
