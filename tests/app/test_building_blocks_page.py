"""The building-blocks page through AppTest: every block, bad input, both languages."""

import numpy as np
import pytest

from tests.app.apptest_helpers import charts, open_page, plotly_array, texts

PAGE = "app_pages/building_blocks.py"


def z(at, title: str) -> np.ndarray:
    return plotly_array(charts(at)[title]["data"][0]["z"]).astype(float)


def latex(at) -> str:
    return "\n".join(str(element.value) for element in at.latex)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.fixture
def page():
    return open_page(PAGE)


def test_opens_in_spanish_with_every_block(page):
    assert page.title[0].value == "Componentes clave del transformer"
    assert [tab.label for tab in page.tabs] == [
        "Embeddings",
        "Codificación posicional",
        "Red feed-forward",
        "Residual y normalización",
        "Atención multi-cabeza",
    ]
    titles = set(charts(page))
    for expected in (
        "Similitud coseno entre tokens",
        "PE: 50 posiciones × 64 dimensiones",
        "Entrada X",
        "El vector antes y después de normalizar",
        "Una capa, con y sin conexión residual",
    ):
        assert expected in titles
    assert not page.error and not page.exception


def test_links_to_the_playground_and_from_home(page):
    links = page.get("page_link")
    assert any(link.proto.page == "playground" for link in links)
    home = open_page()
    assert any(link.proto.label == "Componentes clave" for link in home.get("page_link"))


def test_repeated_word_has_the_same_vector(page):
    # the example opens on "el" (token 1) against "el" (token 7)
    sim = z(page, "Similitud coseno entre tokens")
    assert sim.shape == (11, 11)
    assert sim[0, 6] == pytest.approx(1.0)
    np.testing.assert_allclose(np.diag(sim), 1.0)
    assert r"\cos(x_{1}, x_{7})" in latex(page) and latex(page).count("E_{[0]}") == 2
    assert "= 1" in latex(page).split(r"\cos(x_{1}, x_{7})")[1]


def test_positional_encoding_separates_repeated_words(page):
    page.toggle(key="bb.emb_add_pe").set_value(True).run()
    sim = z(page, "Similitud coseno entre tokens")
    assert sim[0, 6] < 0.999
    assert "Embedding + codificación posicional" in charts(page)
    assert "e_{1} + PE_{0}" in latex(page)


def test_embedding_dimension_and_seed(page):
    page.slider(key="bb.emb_dim").set_value(16).run()
    assert z(page, "Embeddings de los tokens (una fila por token)").shape == (11, 16)
    before = z(page, "Embeddings de los tokens (una fila por token)")
    page.number_input(key="bb.emb_seed").set_value(7).run()
    assert not np.allclose(before, z(page, "Embeddings de los tokens (una fila por token)"))


def test_empty_sentence_is_a_message_not_a_traceback(page):
    page.text_input(key="bb.sentence").input("   ").run()
    assert not page.exception
    assert "Escribe una frase" in texts(page)
    assert "Similitud coseno entre tokens" not in charts(page)
    page.text_input(key="bb.sentence").input("hola mundo").run()
    assert z(page, "Similitud coseno entre tokens").shape == (2, 2)


def test_long_sentence_is_cut_with_a_warning(page):
    page.text_input(key="bb.sentence").input(" ".join(f"p{i}" for i in range(30))).run()
    assert "tiene 30 tokens" in texts(page)
    assert z(page, "Similitud coseno entre tokens").shape == (24, 24)


def test_positional_encoding_sizes_and_values(page):
    page.slider(key="bb.pe_d_model").set_value(8).run()
    page.slider(key="bb.pe_length").set_value(10).run()
    pe = z(page, "PE: 10 posiciones × 8 dimensiones")
    assert pe.shape == (10, 8)
    np.testing.assert_allclose(pe[0], [0, 1, 0, 1, 0, 1, 0, 1])
    assert pe[1, 0] == pytest.approx(np.sin(1), abs=1e-4)
    assert "d_model/2 = 4" in texts(page)


def test_out_of_range_dimensions_get_a_clear_message(page):
    page.slider(key="bb.pe_d_model").set_value(16).run()  # the default list asks for dimension 30
    assert not page.exception
    error = page.error[0].value
    assert "la dimensión 30 no existe; elige entre 0 y 15" in error
    page.text_input(key="bb.pe_dims").input("0, 1.5, x").run()
    error = page.error[0].value
    assert "«1.5» no es un número entero" in error and "«x» no es un número" in error
    page.text_input(key="bb.pe_dims").input("0 3").run()
    assert not page.error
    assert "Cada dimensión es una onda a lo largo de las posiciones" in charts(page)


def test_positions_are_clamped_when_the_length_shrinks(page):
    page.slider(key="bb.pe_p").set_value(40).run()
    page.slider(key="bb.pe_length").set_value(5).run()
    assert not page.exception
    assert page.slider(key="bb.pe_p").value == 4
    assert "PE_{4}" in latex(page)


def test_dot_product_formula_matches_the_chart(page):
    dots = z(page, "PE(p) · PE(q) para todos los pares")
    # default p = 10, q = 12, d_model = 64
    expected = sum(np.cos(2 * 10000 ** (-2 * i / 64)) for i in range(32))
    assert dots[10, 12] == pytest.approx(expected, abs=1e-3)
    assert f"= {expected:.3f}" in latex(page)


def test_ffn_shapes_activation_and_position_wise(page):
    page.slider(key="bb.ffn_d_model").set_value(3).run()
    page.slider(key="bb.ffn_d_ff").set_value(12).run()
    page.button_group(key="bb.ffn_activation").set_value("gelu").run()
    titles = charts(page)
    assert "H = GELU(Z)" in titles
    assert z(page, "Z = X·W₁ + b₁").shape == (3, 12)
    assert z(page, "Salida Y = H·W₂ + b₂").shape == (3, 3)
    assert "position-wise" in texts(page) and r"\mathrm{GELU}" in latex(page)
    assert "87 parámetros" in texts(page)  # 3*12 + 12 + 12*3 + 3


def test_repeated_position_gives_the_same_output(page):
    page.toggle(key="bb.ffn_repeat").set_value(True).run()
    y = z(page, "Salida Y = H·W₂ + b₂")
    np.testing.assert_allclose(y[0], y[-1], atol=1e-12)  # equal up to floating-point rounding
    assert "la misma salida" in texts(page)


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
    assert "Revisa el vector x" in page.error[0].value and "«abc» no es un número" in page.error[0].value
    page.text_input(key="bb.ln_vector").input("7").run()
    assert "hacen falta al menos 2" in page.error[0].value
    page.text_input(key="bb.ln_vector").input(" ".join(["1"] * 20)).run()
    assert "el máximo es 16" in page.error[0].value
    page.text_input(key="bb.ln_vector").input("3, 3, 3").run()
    assert not page.error and "la varianza es 0" in texts(page)


def test_residual_keeps_the_input(page):
    page.slider(key="bb.res_alpha").set_value(0.0).run()
    assert metrics(page)["Similitud coseno con x̂, con residual"] == "1.000"
    page.slider(key="bb.res_alpha").set_value(0.5).run()
    depth = charts(page)["¿Cuánto se parece la salida de la capa l a la entrada x̂?"]["data"]
    with_res, without_res = (plotly_array(trace["y"]) for trace in depth)
    assert len(with_res) == 13 and with_res[0] == pytest.approx(1.0)
    assert with_res[-1] > without_res[-1] + 0.3


def test_english_keeps_what_was_chosen(page):
    page.slider(key="bb.pe_d_model").set_value(8).run()
    page.text_input(key="bb.ln_vector").input("1, 2, 3").run()
    page.button_group(key="lang").set_value("en").run()
    assert page.title[0].value == "The building blocks of a transformer"
    assert page.slider(key="bb.pe_d_model").value == 8
    assert page.text_input(key="bb.ln_vector").value == "1, 2, 3"
    assert "Cosine similarity between tokens" in charts(page)
    assert page.get("page_link")[0].proto.label == "Open the attention playground"
    page.text_input(key="bb.ln_vector").input("1, x").run()
    assert any("Check the vector x" in e.value and "“x” is not a number" in e.value for e in page.error)


def test_english_session_starts_with_the_english_example():
    at = open_page(PAGE, lang="en")
    assert at.text_input(key="bb.sentence").value.startswith("the cat chases")
    assert z(at, "Cosine similarity between tokens")[0, 3] == pytest.approx(1.0)  # "the" #1 and #4
