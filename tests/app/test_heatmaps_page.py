"""The heatmap page through AppTest, with tiny real models in a temporary ATTNVIZ_HOME: a finished
run (the fine-tuned model) and a pretrained folder, or nothing at all."""

import numpy as np

from tests.app.apptest_helpers import chart, charts, open_page, plotly_array, texts, title, tr, tr_pattern
from tests.app.heatmap_runs import add_run
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


def head_chart(at, number: int = 0) -> dict:
    """The large heatmap of the chosen head (of the first model shown, or the ``number``-th)."""
    return chart(at, f"hm.chart.head.{number}")


def picker_points(at, number: int = 0) -> int:
    """Number of clickable heads in the model view of the first model shown (or the ``number``-th)."""
    traces = chart(at, f"hm.model_view.{number}")["data"]
    return sum(len(plotly_array(trace["x"])) for trace in traces if trace.get("name") == "picker")


def head_title(layer: int | None, head: int | None, lang: str = "es") -> str:
    """The chosen head's title: layer and head counted from 1, None for the mean over them."""
    layers = tr("heatmaps.avg_layers", lang) if layer is None else f"{tr('heatmaps.layer', lang)} {layer}"
    heads = tr("heatmaps.avg_heads", lang) if head is None else f"{tr('heatmaps.head', lang)} {head}"
    return f"{layers} · {heads}"


def prediction(kind: str, name: str, lang: str = "es"):
    """The prediction line of a model (``kind``: finetuned or pretrained), its label and
    probability matching anything."""
    return tr_pattern("heatmaps.prediction", lang, model=tr(f"heatmaps.{kind}_name", lang, name=name))


def open_tab(at, tab: str) -> None:
    at.session_state["hm.tab"] = tr(f"heatmaps.tab.{tab}")
    at.run()


def open_heatmaps(query=None, lang="es"):
    return open_page(PAGE, lang=lang, query=query, timeout=240)


def test_no_model_says_so_and_keeps_the_text(home):
    at = open_heatmaps({"text": "hola mundo"})
    assert not at.exception
    assert len(at.warning) == 1
    message = at.warning[0].value
    assert message == tr("heatmaps.no_model", runs=str(home / "runs"), models=str(home / "models"))
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
    assert prediction("finetuned", "quick-run").search(texts(at))
    bars = [p.proto.text for p in at.get("progress")]  # one bar per class
    assert [b.split(" · ")[0] for b in bars] == ["neg", "pos"]
    assert abs(sum(float(b.split(" · ")[1].rstrip(" %")) for b in bars) - 100) < 0.11
    # the model view: every layer x head clickable; the chosen head large, tokens on both axes
    assert picker_points(at) == TINY_LAYERS * TINY_HEADS
    spec = head_chart(at)
    assert title(spec) == head_title(1, 1)
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
    assert title(head_chart(at)) == head_title(2, 3)
    params = {k: (v[0] if isinstance(v, list) else v) for k, v in dict(at.query_params).items()}
    assert params["layer"] == "2" and params["head"] == "3"
    again = open_heatmaps(params)
    assert title(head_chart(again)) == head_title(2, 3)
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
    assert title(head_chart(at)) == head_title(1, None)
    assert at.selectbox(key="hm.head").disabled
    assert picker_points(at) == TINY_LAYERS  # one averaged tile per layer
    at.segmented_control(key="hm.average").set_value("layers").run()
    assert title(head_chart(at)) == head_title(None, 1)


def test_empty_and_huge_text_keep_what_was_typed(full_home):
    at = open_heatmaps({"text": TEXT})
    at.text_area(key="hm.text").input("   ").run()
    assert not at.exception and at.info[0].value == tr("heatmaps.empty_text")
    assert not at.get("plotly_chart")
    huge = "good " * 5000
    at.text_area(key="hm.text").input(huge).run()
    assert not at.exception and tr_pattern("heatmaps.huge_text", chars="25,000").fullmatch(at.error[0].value)
    assert at.text_area(key="hm.text").value == huge
    at.text_area(key="hm.text").input(TEXT).run()
    assert head_chart(at)


def test_long_text_says_how_much_was_cut_and_shows_the_part_used(full_home):
    words = ("the movie was good and the actors are great " * 12).split()  # 108 words, 1 token each
    at = open_heatmaps({"text": " ".join(words)})
    warning = at.warning[0].value
    # 108 words and [CLS], [SEP]: 110 tokens, 110 - 64 = 46 cut
    assert warning == tr("heatmaps.cut_model", total=110, max=TINY_MAX_LENGTH, cut=46, kept=TINY_MAX_LENGTH)
    used = at.expander[0].text[0].value
    assert used == " ".join(words[: TINY_MAX_LENGTH - 2])
    assert len(head_chart(at)["layout"]["xaxis"]["ticktext"]) == TINY_MAX_LENGTH
    at.selectbox(key="hm.limit").set_value(32).run()
    warning = at.warning[0].value
    assert warning == tr("heatmaps.cut_limit", total=110, kept=32, cut=78, limit=32, max=TINY_MAX_LENGTH)
    assert len(head_chart(at)["layout"]["xaxis"]["ticktext"]) == 32


def test_long_texts_take_turns_and_a_busy_server_says_so(full_home, monkeypatch):
    """Beyond HEAVY_TOKENS tokens a request waits for the one long-text turn of the server; when
    the wait runs out the page says so, keeps the text, and draws once the turn is free."""
    from attnviz.ui import run_gate

    monkeypatch.setattr(run_gate, "HEAVY_TOKENS", 16)
    monkeypatch.setattr(run_gate, "HEAVY_MAX_WAIT_SECONDS", 0.3)
    long = " ".join(("the movie was good and the actors are great " * 3).split())  # 27 words
    assert run_gate._heavy_gate.acquire(timeout=5)  # another visitor's long text is being analysed
    try:
        at = open_heatmaps({"text": long})
        assert [w.value for w in at.warning] == [tr("heatmaps.busy_long", tokens=16)]
        assert not at.get("plotly_chart") and at.text_area(key="hm.text").value == long
        at.text_area(key="hm.text").input("good").run()  # a short text does not wait
        assert head_chart(at)
        at.text_area(key="hm.text").input(long).run()
        assert tr("heatmaps.busy_long", tokens=16) in [w.value for w in at.warning]
    finally:
        run_gate._heavy_gate.release()
    at.run()  # the turn is free
    assert head_chart(at) and not at.warning


def test_both_models_side_by_side_and_what_changed(full_home):
    at = open_heatmaps({"text": TEXT, "mode": "both"})
    assert not at.exception and not at.error
    page = texts(at)
    assert prediction("finetuned", "quick-run").search(page)
    assert prediction("pretrained", "tiny-pretrained").search(page)
    assert picker_points(at, 0) == picker_points(at, 1) == TINY_LAYERS * TINY_HEADS
    assert "hm.model_view.2" not in charts(at)
    open_tab(at, "compare")
    assert not at.exception
    grid = chart(at, "hm.change_grid")
    assert title(grid) == tr("heatmaps.change_grid")
    values = plotly_array(grid["data"][0]["z"])
    assert values.shape == (TINY_LAYERS, TINY_HEADS) and values.min() >= 0 and values.max() > 0
    layer, head = np.unravel_index(np.argmax(values), values.shape)
    assert tr_pattern("heatmaps.compare_explain", layer=layer + 1, head=head + 1).search(texts(at))
    assert title(chart(at, "hm.chart.diff")) == tr("heatmaps.diff_title", head=head_title(1, 1))


def test_metrics_rollout_and_export_tabs(full_home):
    at = open_heatmaps({"text": TEXT})
    assert at.selectbox(key="hm.metric").value == "cls"
    grid = chart(at, "hm.metric_grid.0")
    values = plotly_array(grid["data"][0]["z"])
    assert values.shape == (TINY_LAYERS, TINY_HEADS) and np.all((values >= 0) & (values <= 1))
    open_tab(at, "rollout")
    bars = chart(at, "hm.chart.rollout.0")["data"][0]
    assert bars["type"] == "bar"
    values = plotly_array(bars["y"])
    assert len(values) == len(TOKENS) and abs(values.sum() - 1) < 1e-6
    open_tab(at, "export")
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [tr("heatmaps.export_model_html"), tr("heatmaps.export_head_html"), "CSV", "JSON"]


def test_switching_heads_off_changes_the_prediction_as_the_ablator_says(full_home, model_dirs):
    from attnviz.nlp.ablation import HeadAblator
    from attnviz.nlp.attention import AttentionExtractor
    from attnviz.nlp.loading import load_classifier

    at = open_heatmaps({"text": TEXT})
    open_tab(at, "ablation")
    assert tr("heatmaps.ablate_none") in texts(at)
    at.selectbox(key="hm.layer").set_value(1).run()
    next(b for b in at.button if b.label == tr("heatmaps.ablate_add", layer=2, head=1)).click().run()
    assert at.multiselect(key="hm.ablate").value == [(1, 0)]
    at.multiselect(key="hm.ablate").select((0, 3)).run()
    assert not at.exception
    table = at.dataframe[-1].value
    loaded = load_classifier(model_dirs[1])
    out = AttentionExtractor(loaded)(TEXT)
    expected = HeadAblator(loaded)(out.token_ids, [(1, 0), (0, 3)])
    np.testing.assert_allclose(table[tr("heatmaps.before")].to_numpy(), 100 * out.probabilities, atol=1e-3)
    np.testing.assert_allclose(
        table[tr("heatmaps.after")].to_numpy(), 100 * expected.probabilities, atol=1e-3
    )
    flipped = expected.label_id != out.label_id
    said = tr_pattern(
        "heatmaps.ablate_flipped" if flipped else "heatmaps.ablate_same",
        count=2,
        p_before=f"{100 * float(out.probabilities[out.label_id]):.1f}",
        p_after=f"{100 * float(expected.probabilities[out.label_id]):.1f}",
    )
    assert said.search(texts(at))
    # another tab, then back: the heads are still off (a closed tab's widgets lose their state)
    open_tab(at, "metrics")
    open_tab(at, "ablation")
    assert at.multiselect(key="hm.ablate").value == [(1, 0), (0, 3)]
    # the grid of heads shows which are off (a click there toggles one: tests/e2e), and "none" clears
    grid = plotly_array(chart(at, "hm.ablate_grid")["data"][0]["z"]).astype(float)
    expected_off = np.zeros_like(grid)
    expected_off[1, 0] = expected_off[0, 3] = 1
    np.testing.assert_array_equal(grid, expected_off)
    at.button(key="hm.ablate_clear").click().run()
    assert at.multiselect(key="hm.ablate").value == [] and tr("heatmaps.ablate_none") in texts(at)


def test_choices_survive_an_empty_text(full_home):
    at = open_heatmaps({"text": TEXT})
    at.selectbox(key="hm.layer").set_value(1).run()
    at.toggle(key="hm.merge").set_value(True).run()
    at.text_area(key="hm.text").input("").run()  # the options and pickers are not drawn now
    at.text_area(key="hm.text").input(TEXT).run()
    assert at.selectbox(key="hm.layer").value == 1 and at.toggle(key="hm.merge").value
    assert title(head_chart(at)) == head_title(2, 1)


def test_english_and_pretrained_only(home, model_dirs):
    import shutil

    shutil.copytree(model_dirs[0], home / "models" / "tiny-pretrained")
    at = open_heatmaps({"text": TEXT}, lang="en")
    assert not at.exception and not at.error
    assert at.segmented_control(key="hm.mode").options == [tr("heatmaps.mode.pretrained", "en")]
    assert tr("heatmaps.no_runs", "en") in texts(at)
    assert prediction("pretrained", "tiny-pretrained", "en").search(texts(at))
    assert title(head_chart(at)) == head_title(1, 1, "en")


def test_a_model_that_does_not_name_its_classes_says_so(home, model_dirs):
    import json
    import shutil

    from attnviz.ui.heatmap_views import unnamed_labels

    folder = shutil.copytree(model_dirs[0], home / "models" / "unnamed")
    config = json.loads((folder / "config.json").read_text())
    config["id2label"], config["label2id"] = {"0": "LABEL_0", "1": "LABEL_1"}, {"LABEL_0": 0, "LABEL_1": 1}
    (folder / "config.json").write_text(json.dumps(config))
    at = open_heatmaps({"text": TEXT})
    assert not at.exception
    assert tr("heatmaps.unnamed_labels", count=2) in texts(at)
    assert unnamed_labels({0: "LABEL_0", 1: "LABEL_1"}) and not unnamed_labels({0: "neg", 1: "pos"})
    assert not unnamed_labels({})


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
    assert prediction("pretrained", "distilbert-base-uncased").search(texts(at))
    assert (home / "models" / "distilbert-base-uncased" / "config.json").is_file()


def test_comparison_tab_says_what_it_needs(home, model_dirs):
    import shutil

    shutil.copytree(model_dirs[0], home / "models" / "tiny-pretrained")
    at = open_heatmaps({"text": TEXT})
    open_tab(at, "compare")
    assert not at.exception
    assert tr("heatmaps.compare_needs_run") in texts(at) and tr("heatmaps.mode.both") not in texts(at)
    add_run(home, "quick-run", model_dirs[1])
    at = open_heatmaps({"text": TEXT, "mode": "run"})
    open_tab(at, "compare")
    assert tr("heatmaps.compare_needs_both") in texts(at)


def test_betting_on_the_head_that_changed_most_before_the_grid_shows(full_home):
    """Guess first on the comparison tab (from the link, as a presenting teacher's class gets it):
    no grid until the bet; then the bet's rank, equal to its place in the grid's own values."""
    at = open_heatmaps({"text": TEXT, "mode": "both", "guess": "1"})
    open_tab(at, "compare")
    assert at.toggle(key="hm.guess").value is True
    assert "hm.change_grid" not in charts(at) and "hm.chart.diff" not in charts(at)
    at.selectbox(key="hm.guess.layer").set_value(TINY_LAYERS - 1)
    at.selectbox(key="hm.guess.head").set_value(0)
    next(b for b in at.button if b.label == tr("guess.reveal")).click().run()
    values = plotly_array(chart(at, "hm.change_grid")["data"][0]["z"]).astype(float)
    mine = values[TINY_LAYERS - 1, 0]
    best = np.unravel_index(np.argmax(values), values.shape)
    verdict = tr_pattern(
        "guess.heads_result",
        layer=TINY_LAYERS,
        head=1,
        rank=1 + int((values > mine).sum()),
        heads=TINY_LAYERS * TINY_HEADS,
        best_layer=best[0] + 1,
        best_head=best[1] + 1,
    )
    assert verdict.search(texts(at)), texts(at)
    assert at.query_params.get("guess") in ("1", ["1"])
    next(b for b in at.button if b.key == "hm.guess.again").click().run()
    assert "hm.change_grid" not in charts(at)


def test_the_model_view_shows_one_layer_at_a_time_when_asked(full_home):
    at = open_heatmaps({"text": TEXT, "layer": str(TINY_LAYERS), "head": "1"})
    assert at.selectbox(key="hm.grid_layer").value == "all"  # a desktop browser: every layer
    assert picker_points(at) == TINY_LAYERS * TINY_HEADS
    at.selectbox(key="hm.grid_layer").set_value(TINY_LAYERS - 1).run()
    traces = chart(at, "hm.model_view.0")["data"]
    picker = next(trace for trace in traces if trace.get("name") == "picker")
    layers = {int(row[0]) for row in plotly_array(picker["customdata"]).tolist()}
    assert picker_points(at) == TINY_HEADS and layers == {TINY_LAYERS - 1}
    assert tr("heatmaps.grid_layers") in [s.label for s in at.selectbox]
