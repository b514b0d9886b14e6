"""The building-blocks page in a real browser: each tab draws, bad input becomes a message,
the language switch, the link to the playground, a phone. Takes the README's screenshot (``save_screenshot``)."""

import pytest

from tests.e2e.conftest import open_app, save_screenshot, wait_idle


def heatmap_labels(page, title: str) -> list[str] | None:
    """The numbers printed inside the cells of the visible Plotly heatmap with this title."""
    return page.evaluate(
        """(title) => {
            for (const plot of document.querySelectorAll('.js-plotly-plot')) {
                const t = plot.querySelector('.gtitle');
                if (t && t.textContent === title && plot.offsetParent !== null)
                    return Array.from(plot.querySelectorAll('.heatmap-label')).map(e => e.textContent);
            }
            return null;
        }""",
        title,
    )


def alerts(page) -> str:
    return "\n".join(page.locator("[data-testid=stAlert]").all_inner_texts())


def open_tab(page, label: str) -> None:
    page.locator("[data-testid=stTab]").filter(has_text=label).click()
    wait_idle(page)


def type_into(page, label: str, text: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(text)
    box.press("Enter")
    wait_idle(page)


@pytest.fixture
def blocks(page, app_url):
    open_app(page, f"{app_url}/building-blocks")
    return page


def test_embeddings_on_screen_and_readme_screenshot(blocks):
    assert blocks.locator("h1").first.inner_text() == "Componentes clave del transformer"
    assert blocks.locator("[data-testid=stTab]").count() == 5
    labels = heatmap_labels(blocks, "Similitud coseno entre tokens")
    assert labels is not None and len(labels) == 11 * 11
    assert labels[6] == "1" or labels[6].startswith("1")  # "el" #1 against "el" #7
    save_screenshot(blocks, "building-blocks")


def test_empty_sentence_is_a_message(blocks):
    type_into(blocks, "Frase", "")
    assert "Escribe una frase" in alerts(blocks)
    assert blocks.locator("[data-testid=stException]").count() == 0


def test_out_of_range_dimension_is_a_message(blocks):
    open_tab(blocks, "Codificación posicional")
    type_into(blocks, "Dimensiones a dibujar", "0, 99")
    assert "la dimensión 99 no existe; elige entre 0 y 63" in alerts(blocks)
    assert blocks.get_by_label("Dimensiones a dibujar", exact=True).input_value() == "0, 99"  # kept as typed
    assert blocks.locator("[data-testid=stException]").count() == 0


def test_layer_norm_of_a_typed_vector(blocks):
    open_tab(blocks, "Residual y normalización")
    type_into(blocks, "Vector x", "1, 2, 3")
    metric = blocks.locator("[data-testid=stMetric]").filter(has_text="μ(x)").first
    assert metric.locator("[data-testid=stMetricValue]").inner_text() == "2"
    type_into(blocks, "Vector x", "1, dos")
    assert "«dos» no es un número" in alerts(blocks)


def test_english_and_the_link_to_the_playground(blocks):
    blocks.locator("[data-testid=stSidebar]").get_by_text("English", exact=True).click()
    wait_idle(blocks)
    assert blocks.locator("h1").first.inner_text() == "The building blocks of a transformer"
    open_tab(blocks, "Multi-head attention")
    blocks.get_by_text("Open the attention playground").click()
    blocks.wait_for_url("**/playground")
    wait_idle(blocks)
    assert blocks.locator("h1").first.inner_text() == "Attention playground"


def test_phone_layout_has_no_sideways_scroll(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="es-ES", is_mobile=True)
    phone = context.new_page()
    try:
        open_app(phone, f"{app_url}/building-blocks")
        overflow = phone.evaluate(
            "() => { const m = document.querySelector('[data-testid=stMain]'); return m.scrollWidth - m.clientWidth; }"
        )
        assert overflow <= 1
    finally:
        context.close()
