"""The building-blocks page through AppTest: every block, bad input, both languages."""

import numpy as np
import pytest

from tests.app.apptest_helpers import chart, charts, open_page, plotly_array, texts, title, tr

PAGE = "app_pages/building_blocks.py"


def z(at, key: str) -> np.ndarray:
    return plotly_array(chart(at, key)["data"][0]["z"]).astype(float)


def latex(at) -> str:
    return "\n".join(str(element.value) for element in at.latex)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def item(position: int, lang: str = "es") -> str:
    """How an error names the list item at ``position`` (counting from 1)."""
    return tr("blocks.list.item", lang, position=position)


@pytest.fixture
def page():
    return open_page(PAGE)


def test_opens_in_spanish_with_every_block(page):
    assert page.title[0].value == tr("blocks.title")
    assert [tab.label for tab in page.tabs] == [
        tr(f"blocks.tab.{name}") for name in ("embedding", "pe", "ffn", "norm", "mha")
    ]
    titles = {key: title(spec) for key, spec in charts(page).items()}
    for key, expected in (
        ("bb.chart.emb_similarity", tr("blocks.embedding.similarity_title")),
        ("bb.chart.pe_heatmap", tr("blocks.pe.heatmap_title", length=50, d_model=64)),
        ("bb.chart.ffn_x", tr("blocks.ffn.x_title")),
        ("bb.chart.ln_bars", tr("blocks.ln.bars_title")),
        ("bb.chart.res_bars", tr("blocks.res.bars_title")),
    ):
        assert titles[key] == expected
    assert not page.error and not page.exception


def test_links_to_the_playground_and_from_home(page):
    links = page.get("page_link")
    assert any(link.proto.page == "playground" for link in links)
    home = open_page()
    assert any(link.proto.label == tr("nav.blocks") for link in home.get("page_link"))


def test_repeated_word_has_the_same_vector(page):
    # the example opens on "el" (token 1) against "el" (token 7)
    sim = z(page, "bb.chart.emb_similarity")
    assert sim.shape == (11, 11)
    assert sim[0, 6] == pytest.approx(1.0)
    np.testing.assert_allclose(np.diag(sim), 1.0)
    assert r"\cos(x_{1}, x_{7})" in latex(page) and latex(page).count("E_{[0]}") == 2
    assert "= 1" in latex(page).split(r"\cos(x_{1}, x_{7})")[1]


def test_positional_encoding_separates_repeated_words(page):
    page.toggle(key="bb.emb_add_pe").set_value(True).run()
    sim = z(page, "bb.chart.emb_similarity")
    assert sim[0, 6] < 0.999
    assert title(chart(page, "bb.chart.emb_vectors")) == tr("blocks.embedding.vectors_pe_title")
    assert "e_{1} + PE_{0}" in latex(page)


def test_embedding_dimension_and_seed(page):
    page.slider(key="bb.emb_dim").set_value(16).run()
    assert title(chart(page, "bb.chart.emb_vectors")) == tr("blocks.embedding.vectors_title")
    assert z(page, "bb.chart.emb_vectors").shape == (11, 16)
    before = z(page, "bb.chart.emb_vectors")
    page.number_input(key="bb.emb_seed").set_value(7).run()
    assert not np.allclose(before, z(page, "bb.chart.emb_vectors"))


def test_empty_sentence_is_a_message_not_a_traceback(page):
    page.text_input(key="bb.sentence").input("   ").run()
    assert not page.exception
    assert tr("blocks.embedding.empty") in texts(page)
    assert "bb.chart.emb_similarity" not in charts(page)
    page.text_input(key="bb.sentence").input("hola mundo").run()
    assert z(page, "bb.chart.emb_similarity").shape == (2, 2)


def test_long_sentence_is_cut_with_a_warning(page):
    page.text_input(key="bb.sentence").input(" ".join(f"p{i}" for i in range(30))).run()
    assert tr("blocks.embedding.truncated", count=30, max=24) in texts(page)
    assert z(page, "bb.chart.emb_similarity").shape == (24, 24)


def test_positional_encoding_sizes_and_values(page):
    page.slider(key="bb.pe_d_model").set_value(8).run()
    page.slider(key="bb.pe_length").set_value(10).run()
    assert title(chart(page, "bb.chart.pe_heatmap")) == tr("blocks.pe.heatmap_title", length=10, d_model=8)
    pe = z(page, "bb.chart.pe_heatmap")
    assert pe.shape == (10, 8)
    np.testing.assert_allclose(pe[0], [0, 1, 0, 1, 0, 1, 0, 1])
    assert pe[1, 0] == pytest.approx(np.sin(1), abs=1e-4)
    assert tr("blocks.pe.dot_caption", half=4) in texts(page)


def test_out_of_range_dimensions_get_a_clear_message(page):
    page.slider(key="bb.pe_d_model").set_value(16).run()  # the default list asks for dimension 30
    assert not page.exception
    error = page.error[0].value
    assert error.startswith(tr("blocks.list.problem", what=tr("blocks.pe.dims_what")))
    assert tr("blocks.list.out_of_range", item=item(4), raw="30", high=15) in error
    page.text_input(key="bb.pe_dims").input("0, 1.5, x").run()
    error = page.error[0].value
    assert tr("blocks.list.not_an_integer", item=item(2), raw="1.5", high=15) in error
    assert tr("input.not_a_number", cell=item(3), raw="x") in error
    page.text_input(key="bb.pe_dims").input("0 3").run()
    assert not page.error
    assert title(chart(page, "bb.chart.pe_curves")) == tr("blocks.pe.curves_title")


def test_positions_are_clamped_when_the_length_shrinks(page):
    page.slider(key="bb.pe_p").set_value(40).run()
    page.slider(key="bb.pe_length").set_value(5).run()
    assert not page.exception
    assert page.slider(key="bb.pe_p").value == 4
    assert "PE_{4}" in latex(page)


def test_dot_product_formula_matches_the_chart(page):
    dots = z(page, "bb.chart.pe_dots")
    # default p = 10, q = 12, d_model = 64
    expected = sum(np.cos(2 * 10000 ** (-2 * i / 64)) for i in range(32))
    assert dots[10, 12] == pytest.approx(expected, abs=1e-3)
    assert f"= {expected:.3f}" in latex(page)


def test_ffn_shapes_activation_and_position_wise(page):
    page.slider(key="bb.ffn_d_model").set_value(3).run()
    page.slider(key="bb.ffn_d_ff").set_value(12).run()
    page.button_group(key="bb.ffn_activation").set_value("gelu").run()
    assert title(chart(page, "bb.chart.ffn_h")) == tr("blocks.ffn.h_title", act="GELU")
    assert z(page, "bb.chart.ffn_z").shape == (3, 12)
    assert z(page, "bb.chart.ffn_y").shape == (3, 3)
    assert r"\mathrm{GELU}" in latex(page)
    position_wise = tr("blocks.ffn.position_wise", diff="{diff}").split("{diff}")
    assert all(part in texts(page) for part in position_wise)  # the difference is a rounding error
    # 3*12 + 12 + 12*3 + 3
    assert tr("blocks.ffn.shapes_caption", params=87, d_model=3, d_ff=12) in texts(page)


def test_repeated_position_gives_the_same_output(page):
    page.toggle(key="bb.ffn_repeat").set_value(True).run()
    y = z(page, "bb.chart.ffn_y")
    np.testing.assert_allclose(y[0], y[-1], atol=1e-12)  # equal up to floating-point rounding
    assert tr("blocks.ffn.repeat_note", last=len(y)) in texts(page)


def test_layer_norm_numbers(page):
    shown = metrics(page)
    assert (shown["μ(x)"], shown["σ²(x)"], shown["μ(x̂)"], shown["σ²(x̂)"]) == ("5", "4", "0", "1")
    page.text_input(key="bb.ln_vector").input("1, 2, 3").run()
    page.select_slider(key="bb.ln_eps").set_value(0.0).run()
    page.slider(key="bb.ln_gamma").set_value(2.0).run()
    page.slider(key="bb.ln_beta").set_value(1.0).run()
    text = latex(page)
    assert r"\hat{x} = \frac{x - 2}{0.8165}" in text and "-1.225" in text
    shown = metrics(page)
    assert shown["μ(y)"] == "1" and shown["σ²(y)"] == "4"


def test_bad_vectors_get_clear_messages(page):
    page.text_input(key="bb.ln_vector").input("1, abc").run()
    assert not page.exception
    error = page.error[0].value
    assert error.startswith(tr("blocks.list.problem", what=tr("blocks.ln.vector_what")))
    assert tr("input.not_a_number", cell=item(2), raw="abc") in error
    page.text_input(key="bb.ln_vector").input("7").run()
    assert tr("blocks.list.too_short", count=1, min=2) in page.error[0].value
    page.text_input(key="bb.ln_vector").input(" ".join(["1"] * 20)).run()
    assert tr("blocks.list.too_long", count=20, max=16) in page.error[0].value
    page.text_input(key="bb.ln_vector").input("3, 3, 3").run()
    assert not page.error and tr("blocks.ln.constant") in texts(page)


def test_residual_keeps_the_input(page):
    page.slider(key="bb.res_alpha").set_value(0.0).run()
    assert metrics(page)[tr("blocks.res.cos_with")] == "1.000"
    page.slider(key="bb.res_alpha").set_value(0.5).run()
    depth = chart(page, "bb.chart.res_depth")["data"]
    with_res, without_res = (plotly_array(trace["y"]) for trace in depth)
    assert len(with_res) == 13 and with_res[0] == pytest.approx(1.0)
    assert with_res[-1] > without_res[-1] + 0.3


def test_english_keeps_what_was_chosen(page):
    page.slider(key="bb.pe_d_model").set_value(8).run()
    page.text_input(key="bb.ln_vector").input("1, 2, 3").run()
    page.button_group(key="lang").set_value("en").run()
    assert page.title[0].value == tr("blocks.title", "en")
    assert page.slider(key="bb.pe_d_model").value == 8
    assert page.text_input(key="bb.ln_vector").value == "1, 2, 3"
    assert title(chart(page, "bb.chart.emb_similarity")) == tr("blocks.embedding.similarity_title", "en")
    assert page.get("page_link")[0].proto.label == tr("blocks.mha.link", "en")
    page.text_input(key="bb.ln_vector").input("1, x").run()
    problem = tr("blocks.list.problem", "en", what=tr("blocks.ln.vector_what", "en"))
    not_a_number = tr("input.not_a_number", "en", cell=item(2, "en"), raw="x")
    assert any(e.value.startswith(problem) and not_a_number in e.value for e in page.error)


def test_english_session_starts_with_the_english_example():
    at = open_page(PAGE, lang="en")
    assert at.text_input(key="bb.sentence").value == tr("blocks.embedding.example", "en")
    assert z(at, "bb.chart.emb_similarity")[0, 3] == pytest.approx(1.0)  # "the" #1 and #4
