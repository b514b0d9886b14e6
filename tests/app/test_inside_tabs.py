"""The heatmap page's looks inside the model, through AppTest with tiny real models: the chosen
head's own q, k, v (and its weights equal to the model's), "edit a copy" as a playground link,
and the tokens' paths through the layers."""

import re
from urllib.parse import parse_qsl, urlsplit

import numpy as np

from attnviz.core.share import from_query_params
from tests.app.apptest_helpers import chart, plotly_array, texts, title, tr, tr_pattern
from tests.app.test_heatmaps_page import TEXT, TOKENS, open_heatmaps, open_tab
from tests.helpers.tiny_models import TINY_LAYERS


def _link(at) -> str:
    buttons = at.get("link_button")
    assert buttons, "no link button on the page"
    return buttons[0].proto.url


def test_inside_the_head_recomputes_the_models_weights(full_home):
    at = open_heatmaps({"text": TEXT, "layer": "2", "head": "2"})
    open_tab(at, "inside")
    assert not at.exception and not at.error
    page = texts(at)
    q = plotly_array(chart(at, "hm.inside.q")["data"][0]["z"])
    d = q.shape[-1]
    assert tr("inside.where", layer=2, head=2, d=d, n=len(TOKENS)) in page
    k = chart(at, "hm.inside.k")
    assert plotly_array(k["data"][0]["z"]).shape == (len(TOKENS), d)
    assert title(chart(at, "hm.inside.check")) == tr("inside.check_title", token=TOKENS[1])
    difference = re.search(
        r"(\d\.\de[-+]\d+)", page[page.index(tr("inside.check", difference="X")[:20]) :]
    ).group(1)
    assert float(difference) < 1e-5
    bars, dots = chart(at, "hm.inside.check")["data"]
    assert np.allclose(plotly_array(bars["y"]), plotly_array(dots["y"]), atol=1e-5)
    assert np.isclose(plotly_array(bars["y"]).sum(), 1.0, atol=1e-5)

    # another query word: its own row
    at.selectbox(key="hm.inside.query").set_value(4).run()
    assert title(chart(at, "hm.inside.check")) == tr("inside.check_title", token=TOKENS[4])


def test_edit_a_copy_is_a_playground_link_with_at_most_eight_keys(full_home):
    at = open_heatmaps({"text": TEXT})
    open_tab(at, "inside")
    url = _link(at)
    path, query = urlsplit(url).path, dict(parse_qsl(urlsplit(url).query))
    assert path == "playground"
    decoded = from_query_params(query)
    assert decoded.unreadable == []
    assert decoded.settings.q.shape[0] == 1 and decoded.settings.k.shape[0] == 8
    assert decoded.settings.k.shape[1] <= 8 and decoded.settings.temperature >= 1
    # the tiny model's heads have d_head <= 8: every dimension is kept either way
    at.segmented_control(key="hm.inside.dims").set_value("first").run()
    assert not at.exception and _link(at) == url
    d = decoded.settings.k.shape[1]
    assert tr_pattern("inside.copy_about", keys=8, dims=d, d=d, share="100", temperature="1").search(
        texts(at)
    )


def test_layers_tab_draws_each_tokens_path_and_exports_it(full_home):
    at = open_heatmaps({"text": TEXT})
    open_tab(at, "layers")
    assert not at.exception and not at.error
    paths = chart(at, "hm.layers.paths")
    assert title(paths) == tr("layers.title")
    words = len(TOKENS) - 2  # [CLS] and [SEP] hidden by default
    lines = [trace for trace in paths["data"] if trace.get("mode") == "lines+markers"]
    assert len(lines) == words
    assert all(len(plotly_array(trace["x"])) == TINY_LAYERS + 1 for trace in lines)
    # "the" appears twice: both highlighted by default
    assert at.multiselect(key="hm.layers.highlight").value == [0, 5]
    at.checkbox(key="hm.layers.hide_special").uncheck().run()
    lines = [trace for trace in chart(at, "hm.layers.paths")["data"] if trace.get("mode") == "lines+markers"]
    assert len(lines) == len(TOKENS)
    assert at.get("download_button")
