"""The heatmap page through AppTest, with tiny real models in a temporary ATTNVIZ_HOME: a finished
run (the fine-tuned model) and a pretrained folder, or nothing at all."""

import json
import time

import numpy as np
import pytest

from tests.app.apptest_helpers import open_page, plotly_array, texts
from tests.helpers.tiny_models import TINY_HEADS, TINY_LAYERS, TINY_MAX_LENGTH

PAGE = "app_pages/heatmaps.py"
TEXT = "the movie was good , the actors were great !"
# the tiny tokenizer has no "were": we ##r ##e (labels keep the ## marker)
TOKENS = [
    "[CLS]",
    "the",
    "movie",
    "was",
    "good",
    ",",
    "the",
    "actors",
    "we",
    "##r",
    "##e",
    "great",
    "!",
    "[SEP]",
]


@pytest.fixture(scope="module")
def model_dirs(tmp_path_factory):
    """A tiny "pretrained" DistilBERT and a "fine-tuned" copy with other weights, same tokenizer."""
    from tests.helpers.tiny_models import make_tiny_classifier_dir

    root = tmp_path_factory.mktemp("heatmap-models")
    return (
        make_tiny_classifier_dir(root, "distilbert", name="tiny-pretrained", seed=0),
        make_tiny_classifier_dir(root, "distilbert", name="tiny-finetuned", seed=1),
    )


def add_run(home, name, model_dir, *, state="finished", when=None):
    import shutil

    run = home / "runs" / name
    shutil.copytree(model_dir, run / "model")
    (run / "settings.json").write_text(json.dumps({"model": "tiny-pretrained", "data": "imdb"}))
    stamp = when or time.time()
    (run / "status.json").write_text(
        json.dumps({"state": state, "step": 5, "total_steps": 5, "created_at": stamp, "updated_at": stamp})
    )


@pytest.fixture
def home(tmp_path, monkeypatch):
    home = tmp_path / "attnviz-home"
    for sub in ("models", "runs", "datasets"):
        (home / sub).mkdir(parents=True)
    monkeypatch.setenv("ATTNVIZ_HOME", str(home))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # no machine here reaches the Hub
    return home


@pytest.fixture
def full_home(home, model_dirs):
    import shutil

    pretrained, finetuned = model_dirs
    shutil.copytree(pretrained, home / "models" / "tiny-pretrained")
    add_run(home, "older-run", pretrained, when=time.time() - 3600)
    add_run(home, "quick-run", finetuned)
    add_run(home, "still-training", finetuned, state="running")
    return home


def head_chart(at) -> dict:
    """The large heatmap of the chosen head (its title starts with the layer)."""
    for element in at.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        title = spec["layout"].get("title", {}).get("text", "")
        if title.startswith(("Capa", "Layer", "Media", "Mean")):
            return spec
    raise AssertionError("no head heatmap on the page")


def picker_points(at) -> list[int]:
    """Number of clickable heads in each grid on the page."""
    counts = []
    for element in at.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        for trace in spec["data"]:
            if trace.get("name") == "picker":
                counts.append(len(plotly_array(trace["x"])))
    return counts


def open_heatmaps(query=None, lang="es"):
    return open_page(PAGE, lang=lang, query=query, timeout=240)


def test_no_model_says_so_and_keeps_the_text(home):
    at = open_heatmaps({"text": "hola mundo"})
    assert not at.exception
    assert len(at.warning) == 1
    message = at.warning[0].value
    assert message.startswith("No hay ningún modelo disponible")
    assert "ajuste fino" in message and "zip" in message and str(home / "models") in message
    assert at.text_area(key="hm.text").value == "hola mundo"
    assert not at.get("plotly_chart")


def test_the_text_survives_a_visit_to_another_page_and_the_link_is_read_once(home):
    at = open_heatmaps({"text": "hola mundo", "layer": "abc", "limit": "7"})  # bad values: skipped
    assert not at.exception
    at.text_area(key="hm.text").input("otro texto").run()
    at.switch_page("app_pages/home.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception and at.text_area(key="hm.text").value == "otro texto"


def test_latest_finished_run_by_default(full_home):
    at = open_heatmaps({"text": TEXT})
    assert not at.exception and not at.error
    assert at.selectbox(key="hm.run").value == "quick-run"
    assert at.selectbox(key="hm.run").options[:2] == [
        o for o in at.selectbox(key="hm.run").options if o.startswith(("quick-run", "older-run"))
    ]
    assert len(at.selectbox(key="hm.run").options) == 2  # the running one is not offered
    assert "Ajustado (quick-run): **" in texts(at)
    bars = [p.proto.text for p in at.get("progress")]  # one bar per class
    assert [b.split(" · ")[0] for b in bars] == ["neg", "pos"]
    assert abs(sum(float(b.split(" · ")[1].rstrip(" %")) for b in bars) - 100) < 0.11
    # the model view: every layer x head clickable; the chosen head large, tokens on both axes
    assert picker_points(at)[0] == TINY_LAYERS * TINY_HEADS
    spec = head_chart(at)
    assert spec["layout"]["title"]["text"] == "Capa 1 · Cabeza 1"
    assert spec["layout"]["xaxis"]["ticktext"] == TOKENS
    z = plotly_array(spec["data"][0]["z"])
    np.testing.assert_allclose(z.sum(axis=1), 1.0, atol=1e-5)
    assert len(at.get("iframe")) == 1  # the head view
    # the link reproduces the view
    assert at.query_params["text"] == [TEXT] or at.query_params["text"] == TEXT
    assert dict(at.query_params)["run"] in ("quick-run", ["quick-run"])


def test_pickers_choose_the_head_and_the_link_keeps_it(full_home):
    at = open_heatmaps({"text": TEXT})
    at.selectbox(key="hm.layer").set_value(1).run()
    at.selectbox(key="hm.head").set_value(2).run()
    assert head_chart(at)["layout"]["title"]["text"] == "Capa 2 · Cabeza 3"
    params = {k: (v[0] if isinstance(v, list) else v) for k, v in dict(at.query_params).items()}
    assert params["layer"] == "2" and params["head"] == "3"
    again = open_heatmaps(params)
    assert head_chart(again)["layout"]["title"]["text"] == "Capa 2 · Cabeza 3"
    assert again.text_area(key="hm.text").value == TEXT


def test_options_hide_merge_and_average(full_home):
    at = open_heatmaps({"text": TEXT})
    at.toggle(key="hm.hide_special").set_value(True).run()
    spec = head_chart(at)
    assert spec["layout"]["xaxis"]["ticktext"] == TOKENS[1:-1]
    z = plotly_array(spec["data"][0]["z"])
    np.testing.assert_allclose(np.nansum(z, axis=1), 1.0, atol=1e-5)  # renormalised
    at.toggle(key="hm.merge").set_value(True).run()
    assert head_chart(at)["layout"]["xaxis"]["ticktext"] == [
        "the",
        "movie",
        "was",
        "good",
        ",",
        "the",
        "actors",
        "were",
        "great",
        "!",
    ]
    at.segmented_control(key="hm.average").set_value("heads").run()
    assert head_chart(at)["layout"]["title"]["text"] == "Capa 1 · Media de las cabezas"
    assert at.selectbox(key="hm.head").disabled
    assert picker_points(at)[0] == TINY_LAYERS  # one averaged tile per layer
    at.segmented_control(key="hm.average").set_value("layers").run()
    assert head_chart(at)["layout"]["title"]["text"] == "Media de las capas · Cabeza 1"


def test_empty_and_huge_text_keep_what_was_typed(full_home):
    at = open_heatmaps({"text": TEXT})
    at.text_area(key="hm.text").input("   ").run()
    assert not at.exception and "Escribe un texto" in at.info[0].value
    assert not at.get("plotly_chart")
    huge = "good " * 5000
    at.text_area(key="hm.text").input(huge).run()
    assert not at.exception and "25,000 caracteres" in at.error[0].value
    assert at.text_area(key="hm.text").value == huge
    at.text_area(key="hm.text").input(TEXT).run()
    assert head_chart(at)


def test_long_text_says_how_much_was_cut_and_shows_the_part_used(full_home):
    words = ("the movie was good and the actors are great " * 12).split()  # 108 words, 1 token each
    at = open_heatmaps({"text": " ".join(words)})
    warning = at.warning[0].value
    assert f"modelo admite {TINY_MAX_LENGTH}" in warning and f"primeros {TINY_MAX_LENGTH}" in warning
    assert "cortaron los últimos 46" in warning  # 110 - 64
    used = at.expander[0].text[0].value
    assert used == " ".join(words[: TINY_MAX_LENGTH - 2])
    assert len(head_chart(at)["layout"]["xaxis"]["ticktext"]) == TINY_MAX_LENGTH
    at.selectbox(key="hm.limit").set_value(32).run()
    warning = at.warning[0].value
    assert "primeros 32" in warning and "se cortaron 78" in warning
    assert len(head_chart(at)["layout"]["xaxis"]["ticktext"]) == 32


def test_both_models_side_by_side_and_what_changed(full_home):
    at = open_heatmaps({"text": TEXT, "mode": "both"})
    assert not at.exception and not at.error
    page = texts(at)
    assert "Ajustado (quick-run): **" in page and "Preentrenado (tiny-pretrained): **" in page
    assert picker_points(at)[:2] == [TINY_LAYERS * TINY_HEADS] * 2
    at.session_state["hm.tab"] = "Ajustado vs. preentrenado"
    at.run()
    assert not at.exception
    assert "La cabeza que más cambió" in texts(at)
    charts = {
        json.loads(e.proto.spec)["layout"].get("title", {}).get("text", ""): json.loads(e.proto.spec)
        for e in at.get("plotly_chart")
    }
    grid = charts["Cuánto cambió cada cabeza"]
    values = plotly_array(grid["data"][0]["z"])
    assert values.shape == (TINY_LAYERS, TINY_HEADS) and values.min() >= 0 and values.max() > 0
    assert "Ajustado − preentrenado · Capa 1 · Cabeza 1" in charts


def test_metrics_rollout_and_export_tabs(full_home):
    at = open_heatmaps({"text": TEXT})
    assert at.selectbox(key="hm.metric").value == "cls"
    grid = next(
        json.loads(e.proto.spec)
        for e in at.get("plotly_chart")
        if json.loads(e.proto.spec)["data"][0].get("texttemplate", "").startswith("%{z:.2f}")
    )
    values = plotly_array(grid["data"][0]["z"])
    assert values.shape == (TINY_LAYERS, TINY_HEADS) and np.all((values >= 0) & (values <= 1))
    at.session_state["hm.tab"] = "Rollout hacia [CLS]"
    at.run()
    bars = next(
        json.loads(e.proto.spec)
        for e in at.get("plotly_chart")
        if json.loads(e.proto.spec)["data"][0]["type"] == "bar"
    )
    values = plotly_array(bars["data"][0]["y"])
    assert len(values) == len(TOKENS) and abs(values.sum() - 1) < 1e-6
    at.session_state["hm.tab"] = "Exportar"
    at.run()
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Todas las cabezas (HTML)", "Cabeza elegida (HTML)", "CSV", "JSON"]


def test_switching_heads_off_changes_the_prediction_as_the_ablator_says(full_home, model_dirs):
    from attnviz.nlp.ablation import HeadAblator
    from attnviz.nlp.attention import AttentionExtractor
    from attnviz.nlp.loading import load_classifier

    at = open_heatmaps({"text": TEXT})
    at.session_state["hm.tab"] = "Apagar cabezas"
    at.run()
    assert "Ninguna cabeza apagada" in texts(at)
    at.selectbox(key="hm.layer").set_value(1).run()
    next(b for b in at.button if b.label == "Apagar capa 2 · cabeza 1").click().run()
    assert at.multiselect(key="hm.ablate").value == [(1, 0)]
    at.multiselect(key="hm.ablate").select((0, 3)).run()
    assert not at.exception
    table = at.dataframe[-1].value
    loaded = load_classifier(model_dirs[1])
    out = AttentionExtractor(loaded)(TEXT)
    expected = HeadAblator(loaded)(out.token_ids, [(1, 0), (0, 3)])
    np.testing.assert_allclose(table["Antes"].to_numpy(), 100 * out.probabilities, atol=1e-3)
    np.testing.assert_allclose(table["Sin esas cabezas"].to_numpy(), 100 * expected.probabilities, atol=1e-3)
    assert "Con 2 cabeza(s) apagada(s)" in texts(at)
    # another tab, then back: the heads are still off (a closed tab's widgets lose their state)
    at.session_state["hm.tab"] = "Métricas por cabeza"
    at.run()
    at.session_state["hm.tab"] = "Apagar cabezas"
    at.run()
    assert at.multiselect(key="hm.ablate").value == [(1, 0), (0, 3)]


def test_choices_survive_an_empty_text(full_home):
    at = open_heatmaps({"text": TEXT})
    at.selectbox(key="hm.layer").set_value(1).run()
    at.toggle(key="hm.merge").set_value(True).run()
    at.text_area(key="hm.text").input("").run()  # the options and pickers are not drawn now
    at.text_area(key="hm.text").input(TEXT).run()
    assert at.selectbox(key="hm.layer").value == 1 and at.toggle(key="hm.merge").value
    assert head_chart(at)["layout"]["title"]["text"] == "Capa 2 · Cabeza 1"


def test_english_and_pretrained_only(home, model_dirs):
    import shutil

    shutil.copytree(model_dirs[0], home / "models" / "tiny-pretrained")
    at = open_heatmaps({"text": TEXT}, lang="en")
    assert not at.exception and not at.error
    assert at.segmented_control(key="hm.mode").options == ["Pretrained"]
    assert "No finished fine-tuning run yet" in texts(at)
    assert "Pretrained (tiny-pretrained): **" in texts(at)
    assert head_chart(at)["layout"]["title"]["text"] == "Layer 1 · Head 1"


def test_no_local_model_but_a_hub_downloads_the_default(home, model_dirs, monkeypatch):
    import huggingface_hub.constants

    from attnviz.nlp import hub
    from tests.nlp.standin_hub import StandinHub

    monkeypatch.delenv("HF_HUB_OFFLINE")
    with StandinHub() as server:
        server.add_model("distilbert/distilbert-base-uncased", model_dirs[0])
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
        hub.forget_probe()
        at = open_heatmaps({"text": TEXT})
    hub.forget_probe()
    assert not at.exception and not at.error and not at.warning
    assert at.selectbox(key="hm.pretrained.choice").value == "distilbert-base-uncased"
    assert "Preentrenado (distilbert-base-uncased): **" in texts(at)
    assert (home / "models" / "distilbert-base-uncased" / "config.json").is_file()


def test_comparison_tab_says_what_it_needs(home, model_dirs):
    import shutil

    shutil.copytree(model_dirs[0], home / "models" / "tiny-pretrained")
    at = open_heatmaps({"text": TEXT})
    at.session_state["hm.tab"] = "Ajustado vs. preentrenado"
    at.run()
    assert not at.exception
    assert "hace falta un modelo ajustado" in texts(at) and "Ambos, lado a lado" not in texts(at)
    add_run(home, "quick-run", model_dirs[1])
    at = open_heatmaps({"text": TEXT, "mode": "run"})
    at.session_state["hm.tab"] = "Ajustado vs. preentrenado"
    at.run()
    assert "Elige «Ambos, lado a lado»" in texts(at)
