"""The fine-tuning page in a real browser: start a tiny run, watch the live chart grow with no
action of ours (``st.fragment(run_every=...)``, which AppTest never fires), pause, step one batch,
stop, and see the evaluation; then reload the page (the visitor cookie keeps control; the address
carries no token) and
replay the saved run. Takes screenshots (``save_screenshot``).

The server gets its own ATTNVIZ_HOME with a tiny model in models/ and a small CSV beside it.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import (
    assert_stays,
    fill_training_form,
    save_screenshot,
    start_server,
    stop_server,
    wait_until,
)

CURVES = "Cómo aprende: métricas de cada paso"


@pytest.fixture(scope="module")
def server(tmp_path_factory, browser):
    from tests.helpers.tiny_models import make_tiny_classifier_dir
    from tests.training.conftest import sentiment_rows, write_csv

    home = tmp_path_factory.mktemp("fine_tuning_home")
    make_tiny_classifier_dir(home / "models", "distilbert", name="tiny-distilbert")
    data = write_csv(home / "reviews.csv", sentiment_rows(160))
    process, base, log = start_server(home)
    yield base, data, home, log
    stop_server(process)


def _curve_points(page) -> int:
    """Points of the raw loss curve in the live chart (0 when it is not drawn yet)."""
    return page.evaluate(
        """(title) => {
            for (const plot of document.querySelectorAll('.js-plotly-plot')) {
                const t = plot.querySelector('.gtitle');
                if (t && t.textContent === title && plot._fullData && plot._fullData.length)
                    return plot._fullData[0].x.length;
            }
            return 0;
        }""",
        CURVES,
    )


def _step(page) -> int | None:
    """The step in the progress bar's text ("Paso 12 de 2000 · ...")."""
    text = page.locator("[data-testid=stMain]").inner_text()
    match = re.search(r"Paso (\d+) de (\d+)", text)
    return int(match.group(1)) if match else None


def _plot_titled(page, title: str) -> bool:
    return page.evaluate(
        """(title) => [...document.querySelectorAll('.js-plotly-plot .gtitle')].some(t => t.textContent === title)""",
        title,
    )


def _run_files(home, url: str) -> str:
    """status.json and whether evaluation.json exists, for the run named in the page's URL."""
    match = re.search(r"run=([^&]+)", url)
    folder = home / "runs" / (match.group(1) if match else "?")
    status = (folder / "status.json").read_text() if (folder / "status.json").is_file() else "no status.json"
    return f"status: {status}; evaluation.json exists: {(folder / 'evaluation.json').is_file()}"


def test_live_run_grows_pauses_steps_and_stops(page, server):
    base, data, home, _log = server
    page.goto(f"{base}/fine-tuning")
    page.wait_for_selector("[data-testid=stMainBlockContainer] h1")
    page.get_by_text("Todavía no hay ninguna ejecución").wait_for()
    fill_training_form(
        page,
        "tiny-distilbert · carpeta local",
        data,
        (("Ejemplos de entrenamiento", 96), ("Validación", 24), ("Prueba", 24), ("Pasos", 2000)),
    )
    page.get_by_role("button", name="Empezar a entrenar").click()

    # the live view appears and grows by itself
    page.get_by_text("Esta ejecución es tuya").wait_for(timeout=120_000)
    first = wait_until(
        lambda: _curve_points(page) >= 3 and _curve_points(page), 180, "the first steps on the chart"
    )
    step_before = _step(page)
    # no clicks from here: only the fragment's timer (every 2.5 s) redraws. The step in the text and
    # the chart are drawn one after the other: wait until both have moved on.
    later = wait_until(
        lambda: _curve_points(page) > first and _step(page) > step_before and _curve_points(page),
        30,
        "the chart and the step count to grow by themselves",
    )
    assert later > first and _step(page) > step_before
    assert "run=" in page.url and "owner=" not in page.url  # control never travels in the address
    assert any(c["name"] == "attnviz_visitor" for c in page.context.cookies())
    save_screenshot(page, "fine_tuning_live_es")

    # pause: the step count stops
    page.get_by_role("button", name="Pausar").click()
    page.get_by_role("button", name="Continuar").wait_for(timeout=60_000)
    wait_until(lambda: "en pausa" in str(page.locator("h3").all_inner_texts()), 30, "the paused title")
    paused = _step(page)
    assert paused is not None, "the progress text shows the step"
    # Nothing to wait for: the step must NOT change. Watch it through more than one redraw (2.5 s).
    assert_stays(lambda: _step(page) == paused, 4, "a paused run does not train")

    # one step: exactly one batch, then paused again
    page.get_by_role("button", name="Un paso").click()
    wait_until(lambda: _step(page) == paused + 1, 60, "one more step")
    # ... and no second one: watched through more than one redraw
    assert_stays(lambda: _step(page) == paused + 1, 3, "one step is one batch, then the run is paused again")
    assert page.get_by_role("button", name="Continuar").is_visible()

    # reload: the visitor cookie keeps control of the run
    page.reload()
    page.get_by_text("Esta ejecución es tuya").wait_for(timeout=60_000)
    page.get_by_role("button", name="Detener").wait_for(timeout=60_000)

    # stop: saved, evaluated, and the page stops refreshing
    page.get_by_role("button", name="Detener").click()
    page.get_by_text("Detenida antes del final").wait_for(timeout=120_000)
    try:
        page.get_by_text("Evaluación en el conjunto de prueba").wait_for(timeout=60_000)
    except Exception as error:  # say what the server wrote, so that a failure explains itself
        raise AssertionError(f"no evaluation shown; {_run_files(home, page.url)}") from error
    assert _step(page) == paused + 1
    wait_until(lambda: _plot_titled(page, "Matriz de confusión"), 30, "the confusion matrix")
    body = page.locator("[data-testid=stMain]").inner_text()
    assert "Traceback" not in body
    # the probe explorer: a slider over the snapshots taken so far
    assert page.get_by_text("La atención mientras aprende").is_visible()
    save_screenshot(page, "fine_tuning_stopped_es")


def test_a_stranger_watches_without_controls(page, server):
    """Another browser (no owner token) sees the saved run but cannot control or delete it."""
    base, *_ = server
    page.goto(f"{base}/fine-tuning")
    page.wait_for_selector("[data-testid=stMainBlockContainer] h1")
    page.get_by_text("La atención mientras aprende").wait_for(timeout=120_000)
    body = page.locator("[data-testid=stMain]").inner_text()
    assert "detenida" in body and "Esta ejecución es tuya" not in body
    assert page.get_by_role("button", name="Pausar").count() == 0
