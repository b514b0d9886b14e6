"""The attention figures inside a real Streamlit + Chromium: clicking a tile selects its head.

``st.plotly_chart(on_select="rerun")`` reports nothing for clicks on heatmaps
(streamlit/streamlit#8760); the grids carry an invisible scatter "picker" instead. This test
serves a tiny script (not the app) with the model view, the metric grid and the ranking bars,
clicks off-centre inside chosen tiles and reads back what ``head_from_selection`` returned.
It also checks that token labels with markup are drawn literally, and that the head view works
inside ``st.iframe`` (Streamlit 1.67's replacement for ``st.components.v1.html``).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from attnviz.benchmarks import server

ROOT = Path(__file__).resolve().parents[2]

APP = textwrap.dedent(
    f"""
    import sys
    sys.path.insert(0, {str(ROOT)!r})
    import numpy as np
    import streamlit as st
    from attnviz.core.attention_views import rank_heads
    from attnviz.core.head_metrics import head_metrics
    from attnviz.render import heatmaps as fa

    rng = np.random.default_rng(0)
    T = 8
    a = np.exp(rng.normal(size=(6, 12, T, T)) * 2)
    a /= a.sum(-1, keepdims=True)
    a[2, 5] = 0.0
    a[2, 5, :, 0] = 1.0
    tokens = ["[CLS]", "<b>x</b>", "the", "the", "&amp;", '"q"', ".", "[SEP]"]
    event = st.plotly_chart(fa.model_view(a, layer_title="Capa", head_title="Cabeza"),
                            key="mv", on_select="rerun", selection_mode="points")
    st.write("MV", str(fa.head_from_selection(event)))
    metrics = head_metrics(a, tokens)
    event = st.plotly_chart(fa.head_metric_grid(metrics.cls, value_label="CLS"),
                            key="grid", on_select="rerun", selection_mode="points")
    st.write("GRID", str(fa.head_from_selection(event)))
    event = st.plotly_chart(fa.head_change_bars(metrics.entropy, top=4),
                            key="bars", on_select="rerun", selection_mode="points")
    st.write("BARS", str(fa.head_from_selection(event)))
    st.write("TOP", str(tuple(rank_heads(metrics.entropy, 1)[0][:2])))
    st.plotly_chart(fa.head_heatmap(a[2, 5], tokens), key="head")
    from attnviz.render.head_view import head_view_html
    st.iframe(head_view_html(a[2, [4, 5]], tokens, head_labels=["5", "6"]))   # height="content"
    """
)


@pytest.fixture(scope="module")
def figures_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("figures_app")
    script = folder / "figures_app.py"
    script.write_text(APP, encoding="utf-8")
    process, base = server.start(None, script=script.name, cwd=folder, log=folder / "streamlit.log")
    try:
        yield base
    finally:
        server.stop(process)


def _texts(page) -> list[str]:
    return page.locator("[data-testid=stMarkdownContainer]").all_inner_texts()


def _click(page, plot, fx: float, fy: float, expect: str) -> None:
    box = plot.locator(".nsewdrag").first.bounding_box()
    page.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
    page.wait_for_function(
        "(expected) => [...document.querySelectorAll('[data-testid=stMarkdownContainer]')]"
        ".some(e => e.innerText.replace(/\\s+/g, ' ').trim() === expected)",
        arg=expect,
        timeout=30_000,
    )


def test_clicking_a_tile_selects_its_head(browser, figures_url):
    context = browser.new_context(viewport={"width": 1200, "height": 2400})
    page = context.new_page()
    try:
        page.goto(figures_url)
        page.wait_for_selector("[data-testid=stApp]")
        page.wait_for_function(
            "() => document.querySelectorAll('.js-plotly-plot .nsewdrag').length >= 4", timeout=60_000
        )
        plots = page.locator(".js-plotly-plot")
        assert "MV None" in [t.replace("\n", " ").strip() for t in _texts(page)]
        # model view: 6 layers x 12 heads; a point away from the centre of layer 2, head 5
        _click(page, plots.nth(0), (5 + 0.2) / 12, (2 + 0.8) / 6, "MV (2, 5)")
        _click(page, plots.nth(1), (7 + 0.9) / 12, (4 + 0.1) / 6, "GRID (4, 7)")
        # under load the rerun after the last click may still be drawing: wait for its line
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-testid=stMarkdownContainer], [data-testid=stText]')]"
            ".some(e => e.innerText.trim().startsWith('TOP'))",
            timeout=30_000,
        )
        top = next(t for t in _texts(page) if t.startswith("TOP")).split(maxsplit=1)[1]
        _click(page, plots.nth(2), 0.3, 0.125, f"BARS {top}")  # the first of 4 bars
        # tick labels with markup are shown literally
        ticks = plots.nth(3).locator(".xtick text").all_text_contents()
        assert ticks == ["[CLS]", "<b>x</b>", "the", "the", "&amp;", '"q"', ".", "[SEP]"]
        # the head view runs inside Streamlit's component iframe
        frame = page.frame_locator("iframe").first
        assert frame.locator(".hv-token text").all_text_contents() == ticks + ticks
        frame.locator('.hv-token[data-side="from"][data-index="3"]').hover()
        assert frame.locator(".attnviz-head-view").get_attribute("data-active") == "from:3"
        assert frame.locator(".hv-highlight line").count() >= 1
        # st.iframe's height="content" fits the drawn view: nothing is cut off at the bottom
        svg_bottom = frame.locator(".hv-hint").evaluate("e => e.getBoundingClientRect().bottom")
        iframe_height = page.locator("iframe").first.evaluate("e => e.getBoundingClientRect().height")
        assert svg_bottom <= iframe_height + 1
    finally:
        context.close()
