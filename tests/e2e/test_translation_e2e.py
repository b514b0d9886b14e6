"""The translation page in a real browser: the tiny dates translator (trained for a few steps before
the server starts) with its three attentions and the training replay; a pretrained-translator
folder (a tiny random Marian with a real sentencepiece tokenizer, under the catalog's name) with
pieces merged into words, one head's numbers and "edit a copy" opening the playground; and the
page at phone width without sideways scrolling. Takes screenshots (``save_screenshot``)."""

from __future__ import annotations

import shutil

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
def translation_url(tmp_path_factory, browser):
    from attnviz.nlp import tiny_translator as tt
    from attnviz.nlp.translator_job import TranslatorJob
    from tests.helpers.tiny_models import make_tiny_translator_dir

    home = tmp_path_factory.mktemp("translation_home")
    job = TranslatorJob(home, steps=40, config=tt.TinyTranslatorConfig(d_model=32, ffn=64, batch_size=32))
    job.start()
    assert job.wait(300) and job.progress().state == "done", job.progress().error
    marian = make_tiny_translator_dir(tmp_path_factory.mktemp("marian"), "marian")
    shutil.copytree(marian, home / "models" / "opus-mt-es-en")
    process, base, _ = start_server(home)
    yield base
    stop_server(process)


def _main_text(page) -> str:
    return page.locator("[data-testid=stMain]").inner_text()


def test_the_tiny_translator_shows_three_attentions_and_its_replay(page, translation_url):
    open_app(page, f"{translation_url}/translation")
    wait_for_plots(page, 4)  # cross, decoder, encoder, replay
    body = _main_text(page)
    assert "Traducción (voraz, pieza a pieza)" in body and "Traceback" not in body
    assert "Atención cruzada" in body and "Cómo apareció la alineación" in body
    assert "El triángulo de arriba está vacío" in body
    save_screenshot(page, "translation_tiny_es")


def test_a_pretrained_translator_merges_words_and_opens_a_head_in_the_playground(page, translation_url):
    open_app(page, f"{translation_url}/translation?model=opus-mt-es-en&head=2")
    wait_for_plots(page, 3)
    source = page.locator("[data-testid=stTextInputField]").first.input_value()
    assert source.startswith("El gato se sentó")  # the Spanish example, not a date
    columns_before = page.locator(".js-plotly-plot").first.locator(".xtick").count()
    page.get_by_text("Unir las piezas en palabras").click()
    wait_idle(page)
    page.wait_for_function(
        f"() => document.querySelector('.js-plotly-plot').querySelectorAll('.xtick').length < {columns_before}",
        timeout=60_000,
    )
    body = _main_text(page)
    assert "Una cabeza de la atención cruzada" in body and "coinciden con los del modelo" in body
    save_screenshot(page, "translation_pretrained_es")
    copy = page.get_by_role("link", name="Abrir la copia en el laboratorio")
    href = copy.get_attribute("href")
    assert "q=" in href and "k=" in href and "v=" in href
    open_app(page, href if href.startswith("http") else f"{translation_url}/{href.lstrip('/')}")
    body = _main_text(page)
    assert "Traceback" not in body and "no se pudo leer" not in body.lower()
    assert "un ejemplo propio" in body.lower()  # the playground says where the example came from


def test_phone_width_has_no_sideways_scroll(browser, translation_url):
    assert_fits_a_phone(browser, f"{translation_url}/translation", plots=3, screenshot="translation_phone_es")
