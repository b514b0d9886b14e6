"""The generation page in a real browser: a tiny random GPT-2 (its text means nothing: only the
mechanics are checked) writes one more piece on a click, the link keeps the count, and the causal
matrix is drawn; the induction experiment (trained for a few steps before the server starts) shows
its curves, the probe's attention and the two grids, and another head on request; a phone has no
sideways scrolling."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import (
    assert_fits_a_phone,
    open_app,
    save_screenshot,
    start_server,
    stop_server,
    wait_for_plots,
    wait_idle,
)


@pytest.fixture(scope="module")
def generation_url(tmp_path_factory, browser):
    from attnviz.nlp.induction_job import InductionJob
    from tests.helpers.tiny_models import make_tiny_generator_dir

    home = tmp_path_factory.mktemp("generation_home")
    make_tiny_generator_dir(home / "models", name="tiny-gpt2")
    job = InductionJob(home, steps=60)
    job.start()
    assert job.wait(300) and job.progress().state == "done", job.progress().error
    process, base, _ = start_server(home)
    yield base
    stop_server(process)


def test_one_more_piece_on_a_click(page, generation_url):
    open_app(page, f"{generation_url}/generation")
    wait_for_plots(page, 2)  # the newest piece's attention and the causal matrix
    main = page.locator("[data-testid=stMain]")
    assert "El triángulo de arriba está vacío" in main.inner_text() and "Traceback" not in main.inner_text()
    assert "steps=6" in page.url
    page.get_by_role("button", name="Siguiente pieza").click()
    wait_idle(page)
    page.wait_for_function("() => location.search.includes('steps=7')", timeout=60_000)
    save_screenshot(page, "generation_es")


def test_the_induction_experiment_shows_how_the_head_formed(page, generation_url):
    open_app(page, f"{generation_url}/generation")
    wait_for_plots(page, 7)  # 2 of generation; losses, scores, the probe's attention, 2 grids
    main = page.locator("[data-testid=stMain]")
    body = main.inner_text()
    assert "Mira cómo se forma una cabeza de inducción" in body and "Traceback" not in body
    assert "Entrenar el GPT-2 diminuto" in body  # the training box, folded: a run is saved
    assert "La primera copia empieza en la posición" in body
    for chart_title in ("Pérdida del siguiente token en cada copia", "Puntuación de inducción en el paso 60"):
        assert main.locator(".js-plotly-plot").filter(has_text=chart_title).count() == 1
    head = page.get_by_role("combobox", name="Cabeza", exact=True).last  # the generation view has one too
    head.scroll_into_view_if_needed()
    head.click()
    page.keyboard.type("capa 1 · cabeza 1")
    page.get_by_role("option", name="capa 1 · cabeza 1").first.wait_for()
    page.keyboard.press("Enter")
    wait_idle(page)
    page.wait_for_function(
        "() => document.body.innerText.includes('Capa 1, cabeza 1 en el paso 60')", timeout=60_000
    )
    save_screenshot(page, "generation_induction_es")


def test_phone_width_has_no_sideways_scroll(browser, generation_url):
    assert_fits_a_phone(browser, f"{generation_url}/generation", plots=7)
