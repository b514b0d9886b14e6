"""The pretraining page in a real browser: a tiny random masked-language model (its guesses mean
nothing: only the mechanics are checked) is preselected, a click on a word hides it, and the guesses
and the [MASK] token's attention are drawn; a phone has no sideways scrolling."""

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
def pretraining_url(tmp_path_factory, browser):
    from tests.helpers.tiny_models import make_tiny_mlm_dir

    home = tmp_path_factory.mktemp("pretraining_home")
    make_tiny_mlm_dir(home / "models", "distilbert", name="tiny-mlm")
    process, base, _ = start_server(home)
    yield base
    stop_server(process)


def test_a_click_hides_a_word_and_the_guesses_follow(page, pretraining_url):
    open_app(page, f"{pretraining_url}/pretraining")
    wait_for_plots(page, 2)  # the guesses and the [MASK] row of attention
    main = page.locator("[data-testid=stMain]")
    assert "(era «paris»)" in main.inner_text() and "Traceback" not in main.inner_text()
    page.locator("[data-testid=stButtonGroup] button").filter(has_text="capital").first.click()
    wait_idle(page)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stMain]').innerText.includes('(era «capital»)')",
        timeout=60_000,
    )
    assert "word=2" in page.url
    save_screenshot(page, "pretraining_es")


def test_phone_width_has_no_sideways_scroll(browser, pretraining_url):
    assert_fits_a_phone(browser, f"{pretraining_url}/pretraining", plots=2)


def test_pretraining_a_tiny_bert_from_an_uploaded_text(page, pretraining_url, tmp_path):
    """Upload a text, pretrain 50 steps live (the progress and loss appear while it learns), then
    the replay: accuracy against the baseline, the guesses, the heads' patterns; and the new model
    in the fill-in picker."""
    from tests.e2e.conftest import wait_until
    from tests.nlp.test_tiny_bert import corpus

    text = tmp_path / "comidas.txt"
    text.write_text("\n".join(corpus(600)), encoding="utf-8")
    open_app(page, f"{pretraining_url}/pretraining")
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(text))
    page.get_by_text("600 frases; 60 se guardan aparte para medir").wait_for()
    steps = page.get_by_label("Pasos")
    steps.fill("50")
    steps.press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Preentrenar", exact=True).click()
    page.get_by_text("Entrenando: paso").first.wait_for(timeout=120_000)
    wait_until(
        lambda: page.get_by_text("Cómo aprendió").count() > 0,
        240,
        "the pretraining to end and its replay to show",
    )
    wait_for_plots(page, 4)
    # the replay's last line names the new model; the plots can be drawn before the page has finished
    page.get_by_text("tiny-bert-comidas", exact=False).last.wait_for(timeout=60_000)
    wait_idle(page)
    main = page.locator("[data-testid=stMain]").inner_text()
    assert "tiny-bert-comidas" in main and "Traceback" not in main
    assert "Acierta el" in main
    save_screenshot(page, "pretraining_tiny_bert")
