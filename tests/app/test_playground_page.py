"""The attention playground through AppTest: presets, switches, masks, language, links.

AppTest cannot type into a data_editor; editing is covered by tests/e2e and by the
unit tests of attnviz.core.matrix_input.
"""

import numpy as np
import pytest

from tests.app.apptest_helpers import chart, charts, open_page, plotly_array, texts, title, tr

PAGE = "app_pages/playground.py"


def weights(at, key="pg.chart.weights"):
    trace = chart(at, key)["data"][-1]  # the last trace holds the values (the first may be the mask layer)
    return plotly_array(trace["z"]).astype(float)


def context_table(at):
    frame = at.dataframe[-2].value  # the context table (the last one is the multi-head output)
    return frame.to_numpy(dtype=float)


@pytest.fixture
def page():
    return open_page(PAGE)


def test_course_example_scaled_by_default(page):
    assert title(chart(page, "pg.chart.weights")) == tr("playground.weights_title")
    np.testing.assert_allclose(weights(page), [[0.6698, 0.3302]], atol=1e-4)
    np.testing.assert_allclose(context_table(page), [[6.6976, 3.3024]], atol=1e-4)
    assert page.query_params["preset"] == ["course"] or page.query_params["preset"] == "course"


def test_scaling_off_gives_the_course_code_numbers(page):
    page.toggle(key="pg.scaled").set_value(False).run()
    np.testing.assert_allclose(weights(page), [[0.7311, 0.2689]], atol=1e-4)
    np.testing.assert_allclose(context_table(page), [[7.3106, 2.6894]], atol=1e-4)
    assert tr("playground.scaling_off") in texts(page)


def test_temperature_flattens_the_weights(page):
    page.slider(key="pg.temperature").set_value(5.0).run()
    w = weights(page)
    assert 0.5 < w[0, 0] < 0.55


def test_identical_keys_preset_is_uniform(page):
    page.selectbox(key="pg.preset").set_value("identical_keys").run()
    np.testing.assert_allclose(weights(page), [[1 / 3] * 3], atol=1e-9)


def test_saturation_preset_is_almost_one_hot(page):
    page.selectbox(key="pg.preset").set_value("saturation").run()
    assert weights(page)[0, 0] > 0.999


def test_all_keys_padded_gives_zero_row_labelled_on_screen(page):
    page.button_group(key="pg.mask").set_value("padding").run()
    page.multiselect(key="pg.padded").set_value([0, 1]).run()
    assert tr("playground.fully_masked", query="q1") in texts(page)
    np.testing.assert_array_equal(context_table(page), [[0, 0]])
    assert not np.isnan(context_table(page)).any()


def test_causal_with_more_queries_than_keys_keeps_last_valid_result(page):
    page.button_group(key="pg.mask").set_value("causal").run()
    page.number_input(key="pg.n").set_value(3).run()
    assert tr("input.causal_needs_n_le_m", n=3, m=2) in texts(page)
    assert tr("playground.showing_last_valid") in texts(page)
    # the last valid state: n = 1 with the causal mask, q1 sees only k1
    np.testing.assert_allclose(context_table(page), [[10, 0]], atol=1e-9)


def test_resize_pads_with_zeros_and_keeps_values(page):
    page.number_input(key="pg.m").set_value(3).run()
    k_editor = page.dataframe[1].value
    assert k_editor.shape == (3, 2) and k_editor.iloc[0, 0] == "1" and k_editor.iloc[2, 1] == "0"
    assert weights(page).shape == (1, 3)
    assert "q" in page.query_params  # no longer the unedited preset: the link carries matrices


def test_random_button_changes_the_seed_and_the_link(page):
    page.button[0].click().run()
    assert page.selectbox(key="pg.preset").value == "random"
    assert "seed" in page.query_params


def test_link_reproduces_a_state():
    at = open_page(PAGE, query={"q": "0,1", "k": "1,0;0,1", "v": "10,0;0,10", "scale": "0"})
    np.testing.assert_allclose(weights(at), [[0.2689, 0.7311]], atol=1e-4)
    assert at.toggle(key="pg.scaled").value is False
    page = texts(at)  # the example is the link's, not the course's
    assert tr("preset.custom.about") in page and tr("preset.course.about") not in page


def test_bad_link_is_reported_not_fatal():
    at = open_page(PAGE, query={"preset": "nope", "temp": "abc"})
    assert tr("playground.link_unreadable", names="preset, temp") in texts(at)
    np.testing.assert_allclose(weights(at), [[0.6698, 0.3302]], atol=1e-4)


def test_multi_head_splits_columns(page):
    page.selectbox(key="pg.preset").set_value("causal").run()
    page.button_group(key="pg.heads").set_value(2).run()
    titles = {key: title(spec) for key, spec in charts(page).items()}
    assert titles["pg.chart.head.1"] == tr("playground.head_title", head=1)
    assert titles["pg.chart.head.2"] == tr("playground.head_title", head=2)
    assert "pg.chart.head.3" not in titles
    assert list(page.dataframe[-1].value.columns) == ["h1·d1", "h2·d1"]


def test_step_by_step_shows_the_selected_query(page):
    page.selectbox(key="pg.preset").set_value("causal").run()
    page.selectbox(key="pg.query").set_value(2).run()
    latex = "\n".join(str(e.value) for e in page.latex)
    assert "c_{3}" in latex and "q_{3}" in latex


def test_english(page):
    page.button_group(key="lang").set_value("en").run()
    assert page.title[0].value == tr("playground.title", "en")
    assert title(chart(page, "pg.chart.weights")) == tr("playground.weights_title", "en")


def test_choices_survive_a_visit_to_another_page(page):
    page.selectbox(key="pg.preset").set_value("causal").run()
    page.toggle(key="pg.scaled").set_value(False).run()
    page.button_group(key="pg.heads").set_value(2).run()
    page.switch_page("app_pages/home.py").run()
    page.switch_page(PAGE).run()
    assert not page.exception
    assert page.selectbox(key="pg.preset").value == "causal" and page.toggle(key="pg.scaled").value is False
    assert page.button_group(key="pg.heads").value == 2
    assert title(chart(page, "pg.chart.head.2")) == tr("playground.head_title", head=2)
