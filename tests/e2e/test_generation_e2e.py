"""The generation page in a real browser: a tiny random GPT-2 (its text means nothing: only the
mechanics are checked) writes one more piece on a click, the link keeps the count, and the causal
matrix is drawn; a phone has no sideways scrolling."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import open_app, save_screenshot, start_server, stop_server, wait_idle


@pytest.fixture(scope="module")
def generation_url(tmp_path_factory, browser):
    from tests.helpers.tiny_models import make_tiny_generator_dir

    home = tmp_path_factory.mktemp("generation_home")
    make_tiny_generator_dir(home / "models", name="tiny-gpt2")
    process, base, _ = start_server(home)
    yield base
    stop_server(process)


def _plots(page, count: int) -> None:
    page.wait_for_function(
        f"() => document.querySelectorAll('.js-plotly-plot .nsewdrag').length >= {count}", timeout=120_000
    )


def test_one_more_piece_on_a_click(page, generation_url):
    open_app(page, f"{generation_url}/generation")
    _plots(page, 2)  # the newest piece's attention and the causal matrix
    main = page.locator("[data-testid=stMain]")
    assert "El triángulo de arriba está vacío" in main.inner_text() and "Traceback" not in main.inner_text()
    assert "steps=6" in page.url
    page.get_by_role("button", name="Siguiente pieza").click()
    wait_idle(page)
    page.wait_for_function("() => location.search.includes('steps=7')", timeout=60_000)
    save_screenshot(page, "generation_es")


def test_phone_width_has_no_sideways_scroll(browser, generation_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="es-ES", is_mobile=True)
    try:
        phone = context.new_page()
        open_app(phone, f"{generation_url}/generation")
        _plots(phone, 2)
        overflow = phone.evaluate(
            "() => document.querySelector('[data-testid=stMain]').scrollWidth - window.innerWidth"
        )
        assert overflow <= 1, f"the page is {overflow} px wider than the phone"
    finally:
        context.close()
