"""The heatmap page in a real browser: a link opens a text, typing a new one updates every view,
clicking a tile opens that head (large heatmap and head view), both languages, both models side by
side, and the no-model message. Prints how long the page takes to react to a new 30-token text
(not a timed assertion). Takes screenshots (``save_screenshot``).

The server gets its own ATTNVIZ_HOME: a tiny "pretrained" model in models/, a finished run with a
tiny fine-tuned copy in runs/, and, when ../shared is present, the real 6-layer x 12-head
all-MiniLM-L6-v2 checkpoint (linked into models/) for the speed measurement.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.e2e.conftest import (
    assert_no_sideways_scroll,
    open_app,
    save_screenshot,
    start_server,
    stop_server,
    wait_idle,
)
from tests.helpers.shared_data import MINILM
from tests.helpers.tiny_models import TINY_HEADS, TINY_LAYERS

TEXT = "the movie was good , the actors were great !"
# 30 tokens each for MiniLM's tokenizer (with [CLS] and [SEP]), every one with a word of its own to wait for
SPEED_TEXTS = [
    f"the {word} movie was really good and the actors were great , but the plot was far too long "
    f"and the ending made me feel very sad ."
    for word in ("zebra", "violin", "harbour", "quartz", "lantern", "meadow")
]


@pytest.fixture(scope="module")
def heatmaps_url(tmp_path_factory, browser):
    from tests.helpers.tiny_models import make_tiny_classifier_dir

    home = tmp_path_factory.mktemp("heatmaps_home")
    make_tiny_classifier_dir(home / "models", "distilbert", name="tiny-pretrained", seed=0)
    run = home / "runs" / "quick-run"
    make_tiny_classifier_dir(run, "distilbert", name="model", seed=1)
    (run / "settings.json").write_text(json.dumps({"model": "tiny-pretrained", "data": "imdb"}))
    (run / "status.json").write_text(
        json.dumps(
            {
                "state": "finished",
                "step": 8,
                "total_steps": 8,
                "created_at": time.time(),
                "updated_at": time.time(),
            }
        )
    )
    if (MINILM / "config.json").is_file():
        (home / "models" / "all-MiniLM-L6-v2").symlink_to(MINILM, target_is_directory=True)
    process, base, _ = start_server(home)
    yield base
    stop_server(process)


def _goto(page, url: str) -> None:
    open_app(page, url)
    page.wait_for_function(
        "() => document.querySelectorAll('.js-plotly-plot .nsewdrag').length >= 2", timeout=180_000
    )
    wait_idle(page)


def _heatmap_ticks(page, title_start: str) -> list[str] | None:
    """The x tick labels of the plot whose title starts with ``title_start``."""
    return page.evaluate(
        """(start) => {
            for (const plot of document.querySelectorAll('.js-plotly-plot')) {
                const t = plot.querySelector('.gtitle');
                if (t && t.textContent.startsWith(start))
                    return Array.from(plot.querySelectorAll('.xtick text')).map(e => e.textContent);
            }
            return null;
        }""",
        title_start,
    )


def _wait_for_title(page, start: str) -> None:
    """Until a plot's title starts with ``start``."""
    page.wait_for_function(
        "(s) => [...document.querySelectorAll('.gtitle')].some(e => e.textContent.startsWith(s))",
        arg=start,
        timeout=60_000,
    )


def _titles(page) -> list[str]:
    return page.locator(".js-plotly-plot .gtitle").all_text_contents()


def test_link_text_click_a_tile_opens_the_head(page, heatmaps_url):
    _goto(page, f"{heatmaps_url}/heatmaps?text={quote(TEXT)}")
    body = page.locator("[data-testid=stMain]").inner_text()
    assert "Ajustado (quick-run)" in body and "Traceback" not in body
    assert page.locator("textarea").first.input_value() == TEXT
    assert _heatmap_ticks(page, "Capa 1 · Cabeza 1")[:3] == ["[CLS]", "the", "movie"]
    # click layer 2, head 3 in the model view (the first plot): off-centre inside the tile
    grid = page.locator(".js-plotly-plot").first.locator(".nsewdrag").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(
        box["x"] + box["width"] * (2 + 0.3) / TINY_HEADS, box["y"] + box["height"] * (1 + 0.6) / TINY_LAYERS
    )
    _wait_for_title(page, "Capa 2 · Cabeza 3")
    wait_idle(page)
    assert "head=3" in page.url and "layer=2" in page.url
    # the head view (lines between tokens) runs in its iframe and follows the chosen head
    frame = page.frame_locator("iframe").first
    assert frame.locator(".hv-title").first.text_content().startswith("Capa 2 · Cabeza 3")
    tokens = frame.locator('.hv-token[data-side="from"] text').all_text_contents()
    assert tokens[:3] == ["[CLS]", "the", "movie"]
    frame.locator('.hv-token[data-side="from"][data-index="2"]').hover()
    assert frame.locator(".attnviz-head-view").get_attribute("data-active") == "from:2"
    assert frame.locator(".hv-highlight line").count() >= 1
    # a cell of the head-metrics grid (the open tab) opens that head too: layer 1, head 4
    metrics = page.locator(".js-plotly-plot").nth(2).locator(".nsewdrag").first
    metrics.scroll_into_view_if_needed()
    box = metrics.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 3.5 / TINY_HEADS, box["y"] + box["height"] * 0.5 / TINY_LAYERS)
    _wait_for_title(page, "Capa 1 · Cabeza 4")


def test_typing_a_new_text_updates_the_page_and_its_speed(page, heatmaps_url):
    """Times a new 30-token text from Ctrl+Enter until the chosen head's heatmap shows its tokens,
    with the real 6 x 12 MiniLM when ../shared has it (else the tiny model), after warm-up."""
    model = "all-MiniLM-L6-v2" if (MINILM / "config.json").is_file() else ""
    query = f"mode=pretrained&pretrained={model}&" if model else ""
    _goto(page, f"{heatmaps_url}/heatmaps?{query}text={quote(TEXT)}")
    box = page.locator("textarea").first
    timings = []
    for text in SPEED_TEXTS:
        word = text.split()[1]
        box.fill(text)
        start = time.perf_counter()
        box.press("Control+Enter")
        page.wait_for_function(
            """(word) => [...document.querySelectorAll('.js-plotly-plot')].some(p => {
                const t = p.querySelector('.gtitle');
                return t && t.textContent.startsWith('Capa') &&
                       [...p.querySelectorAll('.xtick text')].some(e => e.textContent === word);
            }) && !document.querySelector('[data-testid=stStatusWidget]')""",
            arg=word,
            timeout=60_000,
            polling=20,
        )
        timings.append(time.perf_counter() - start)
        assert word in box.input_value()
    ticks = _heatmap_ticks(page, "Capa")
    print(
        f"\nheatmap page, new ~{len(ticks)}-token text -> chosen head redrawn "
        f"({model or 'tiny model'}; first = warm-up): "
        + ", ".join(f"{t * 1000:.0f} ms" for t in timings)
        + f"; median after warm-up {statistics.median(timings[1:]) * 1000:.0f} ms"
    )
    assert 25 <= len(ticks) <= 36  # 30 with MiniLM's tokenizer
    assert f"text=the+{SPEED_TEXTS[-1].split()[1]}+movie" in page.url  # the link follows the text
    save_screenshot(page, "heatmaps_es")


def test_english_both_models_and_the_tabs(browser, heatmaps_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        _goto(
            page,
            f"{heatmaps_url}/heatmaps?mode=both&run=quick-run&pretrained=tiny-pretrained&text={quote(TEXT)}",
        )
        body = page.locator("[data-testid=stMain]").inner_text()
        assert "Fine-tuned (quick-run)" in body and "Pretrained (tiny-pretrained)" in body
        titles = _titles(page)
        assert "Fine-tuned (quick-run)" in titles and "Pretrained (tiny-pretrained)" in titles
        page.get_by_role("tab", name="Fine-tuned vs pretrained").click()
        _wait_for_title(page, "How much each head changed")
        page.get_by_role("tab", name="Switch heads off").click()
        page.get_by_role("button", name="Switch off layer 1 · head 1").click()
        wait_idle(page)
        # The sentence under the table (a data frame's canvas grid also carries its column names in
        # hidden header cells, so its text is not something to wait for).
        verdict = page.locator("[data-testid=stMarkdownContainer]").filter(
            has_text="head(s) switched off the prediction"
        )
        verdict.first.wait_for()
        assert verdict.first.is_visible()
        # the table is there (its canvas grid keeps the column names in hidden header cells)
        page.locator("[data-testid=stDataFrame] th", has_text="Without those heads").first.wait_for(
            state="attached"
        )
        # a click on the grid of heads switches one more off (layer 2, head 2), beside the result
        grid = (
            page.locator(".js-plotly-plot")
            .filter(has=page.locator(".gtitle", has_text="click to switch them off"))
            .first.locator(".nsewdrag")
            .first
        )
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        page.mouse.click(
            box["x"] + box["width"] * 1.5 / TINY_HEADS, box["y"] + box["height"] * 1.5 / TINY_LAYERS
        )
        wait_idle(page)
        page.locator("[data-testid=stMarkdownContainer]").filter(
            has_text="With 2 head(s) switched off"
        ).first.wait_for()
        page.get_by_role("tab", name="Export").click()
        wait_idle(page)
        with page.expect_download() as download:
            page.get_by_role("button", name="CSV", exact=True).first.click()
        rows = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
        assert rows[0] == "layer,head,from_index,from_token,to_index,to_token,weight"
        assert len(rows) == 1 + TINY_LAYERS * TINY_HEADS * 14 * 14  # 14 tokens
        with page.expect_download() as download:
            page.get_by_role("button", name="Every head (HTML)", exact=True).first.click()
        html = Path(download.value.path()).read_text(encoding="utf-8")
        assert html.lstrip().startswith("<html") and "Fine-tuned (quick-run)" in html
        page.get_by_role("tab", name="Fine-tuned vs pretrained").click()
        wait_idle(page)
        save_screenshot(page, "heatmaps_en_both")
    finally:
        context.close()


def test_without_any_model_the_page_says_how_to_get_one(browser, tmp_path):
    (tmp_path / "empty-home").mkdir()
    process, base, _ = start_server(tmp_path / "empty-home")
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="es-ES")
    page = context.new_page()
    try:
        started = time.perf_counter()
        open_app(page, f"{base}/heatmaps?text=hola")
        elapsed = time.perf_counter() - started
        alert = page.locator("[data-testid=stAlert]").first.inner_text()
        assert (
            "No hay ningún modelo disponible" in alert
            and "ajuste fino" in alert
            and "save_pretrained" in alert
        )
        assert page.locator("textarea").first.input_value() == "hola"
        assert "Traceback" not in page.locator("[data-testid=stMain]").inner_text()
        assert elapsed < 60
        save_screenshot(page, "heatmaps_no_model")
    finally:
        context.close()
        stop_server(process)


IPHONE_AGENT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)


def test_a_phone_sees_one_layer_of_heads_and_no_sideways_scroll(browser, heatmaps_url):
    """On a phone (its User-Agent says so) the model view starts on the chosen head's layer; every
    layer is one choice away; the page is no wider than the screen."""
    from tests.e2e.conftest import wait_for_plots

    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="es-ES",
        is_mobile=True,
        has_touch=True,
        user_agent=IPHONE_AGENT,
    )
    try:
        phone = context.new_page()
        open_app(phone, f"{heatmaps_url}/heatmaps?text={quote(TEXT)}&layer=2&head=1")
        wait_for_plots(phone, 2)
        layers = phone.get_by_role("combobox", name="Capas en la vista del modelo")
        assert layers.input_value() == "Capa 2"
        assert_no_sideways_scroll(phone)
        save_screenshot(phone, "heatmaps_phone_one_layer")
        layers.tap()  # a phone's tap (an iPhone's browser opens the list on touch, not on a mouse click)
        phone.get_by_role("option", name="Todas").tap()
        wait_idle(phone)
        assert layers.input_value() == "Todas"
    finally:
        context.close()
