"""The question answering page in a real browser: the answer marked in the context, a click on the
heads grid opens that head, a new question, an empty context (text kept), the long example split
into windows in English, and the no-model message. The server gets its own ATTNVIZ_HOME with a tiny
random-weight QA model in models/ (its answers mean nothing: only the mechanics are checked).
Takes screenshots (``save_screenshot``).
"""

from __future__ import annotations

import re
import time

import pytest

from tests.e2e.conftest import open_app, save_screenshot, start_server, stop_server, wait_idle
from tests.helpers.tiny_models import TINY_HEADS, TINY_LAYERS

ANSWER = "mark.attnviz-answer"
GRID_TITLE_ES = "¿Qué cabezas miran a la respuesta?"


@pytest.fixture(scope="module")
def qa_url(tmp_path_factory, browser):
    from tests.helpers.tiny_models import make_tiny_qa_dir

    home = tmp_path_factory.mktemp("qa_home")
    make_tiny_qa_dir(home / "models", "distilbert", name="tiny-qa")
    process, base, _ = start_server(home)
    yield base
    stop_server(process)


def _goto(page, url: str) -> None:
    open_app(page, url)
    page.wait_for_selector(ANSWER, timeout=180_000)
    page.wait_for_function(
        "() => document.querySelectorAll('.js-plotly-plot .nsewdrag').length >= 3", timeout=120_000
    )
    wait_idle(page)


def _main_text(page) -> str:
    return page.locator("[data-testid=stMain]").inner_text()


def _plot_with_title(page, title: str):
    return page.locator(".js-plotly-plot").filter(has=page.locator(".gtitle", has_text=title)).first


def test_answer_marked_in_the_context_and_a_head_picked_by_click(page, qa_url):
    _goto(page, f"{qa_url}/question-answering")
    context = page.locator("textarea").first.input_value()
    assert context.startswith("Hugging Face es una empresa")
    answer = page.locator(ANSWER).first.inner_text()
    assert answer and answer in context
    body = _main_text(page)
    assert "Respuesta:" in body and "Puntuación" in body and "Traceback" not in body
    assert "Respuesta poco fiable" in body or "Respuesta fiable" in body
    # click layer 2, head 3 of the heads grid
    area = _plot_with_title(page, GRID_TITLE_ES).locator(".nsewdrag").first
    area.scroll_into_view_if_needed()
    box = area.bounding_box()
    page.mouse.click(
        box["x"] + box["width"] * (2 + 0.5) / TINY_HEADS, box["y"] + box["height"] * (1 + 0.5) / TINY_LAYERS
    )
    page.wait_for_function(
        "() => [...document.querySelectorAll('.gtitle')].some(e => e.textContent.startsWith('Capa 2 · Cabeza 3'))",
        timeout=60_000,
    )
    wait_idle(page)
    save_screenshot(page, "question-answering_es")


def test_new_question_then_empty_context_keeps_the_text(page, qa_url):
    _goto(page, f"{qa_url}/question-answering")
    question = page.locator("[data-testid=stTextInputField]").first
    question.fill("¿Dónde se fundó?")
    question.press("Enter")
    wait_idle(page)
    page.wait_for_selector(ANSWER)
    assert page.locator(ANSWER).first.inner_text() in page.locator("textarea").first.input_value()
    box = page.locator("textarea").first
    box.fill("")
    box.press("Control+Enter")
    page.get_by_text("Escribe un contexto: el texto donde el modelo buscará la respuesta.").wait_for()
    wait_idle(page)
    assert page.locator("[data-testid=stTextInputField]").first.input_value() == "¿Dónde se fundó?"
    assert page.locator(ANSWER).count() == 0 and "Traceback" not in _main_text(page)


def test_long_example_in_english_is_split_into_windows(browser, qa_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        _goto(page, f"{qa_url}/question-answering")
        assert page.locator("h1").first.inner_text() == "Question answering"
        page.locator(
            "[data-testid=stButtonGroup] button", has_text="A long context (several windows)"
        ).click()
        # the notice's bold "N overlapping windows" (a hidden help tooltip also says "overlapping windows")
        page.get_by_text(re.compile(r"^\d+ overlapping windows$")).wait_for(timeout=180_000)
        wait_idle(page)
        assert page.locator("textarea").first.input_value().startswith("For years, recurrent neural networks")
        assert page.locator(ANSWER).first.inner_text() in page.locator("textarea").first.input_value()
        assert "Which heads look at the answer?" in page.locator(".gtitle").all_text_contents()
        save_screenshot(page, "question-answering_en")
    finally:
        context.close()


def test_without_any_model_the_page_says_how_to_use_a_local_folder(browser, tmp_path):
    (tmp_path / "empty-home").mkdir()
    process, base, _ = start_server(tmp_path / "empty-home")
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="es-ES")
    page = context.new_page()
    try:
        started = time.perf_counter()
        open_app(page, f"{base}/question-answering")
        page.get_by_text("No hay ningún modelo de preguntas y respuestas disponible").wait_for()
        elapsed = time.perf_counter() - started
        alert = page.locator("[data-testid=stAlert]").first.inner_text()
        assert "save_pretrained" in alert and str(tmp_path / "empty-home" / "models") in alert
        assert page.locator("textarea").first.input_value().startswith("Hugging Face")
        assert "Traceback" not in _main_text(page)
        assert elapsed < 60
        save_screenshot(page, "question-answering_no-model")
    finally:
        context.close()
        stop_server(process)
