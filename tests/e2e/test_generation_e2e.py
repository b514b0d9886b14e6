"""The generation page in a real browser: a tiny random GPT-2 (its text means nothing: only the
mechanics are checked) writes one more piece on a click, the link keeps the count, and the causal
matrix is drawn; a phone has no sideways scrolling."""

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
    from tests.helpers.tiny_models import make_tiny_generator_dir

    home = tmp_path_factory.mktemp("generation_home")
    make_tiny_generator_dir(home / "models", name="tiny-gpt2")
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


def test_phone_width_has_no_sideways_scroll(browser, generation_url):
    assert_fits_a_phone(browser, f"{generation_url}/generation", plots=2)
