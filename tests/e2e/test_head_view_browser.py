"""The head view's HTML in a real Chromium (file:// URL): draws, highlights, stays literal.

Uses the ``browser`` fixture of conftest.py: skipped without Chromium/Playwright, a failure when
CI=true. Leaves a screenshot of the hovered view in test-artifacts/head_view_hover.png.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from attnviz.render.head_view import head_view_height, head_view_html

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
TOKENS = ["[CLS]", "the", "cat", "</script><b>sat</b>", '"on"', "the", "mat", ".", "[SEP]"]


def _weights() -> np.ndarray:
    t = len(TOKENS)
    prev = np.eye(t, k=-1)
    prev[0, 0] = 1.0
    on_cls = np.zeros((t, t))
    on_cls[:, 0] = 0.7
    on_cls[:, -1] = 0.3
    return np.stack([prev, on_cls])


def test_head_view_in_chromium(browser, tmp_path):
    w = _weights()
    page_html = head_view_html(
        w, TOKENS, head_labels=["Cabeza 1", "Cabeza 2"], title="Capa 1", hint="Pasa el ratón por una palabra"
    )
    path = tmp_path / "head_view.html"
    path.write_text(page_html, encoding="utf-8")

    context = browser.new_context(viewport={"width": 900, "height": head_view_height(len(TOKENS)) + 40})
    page = context.new_page()
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(path.as_uri())
        page.wait_for_selector(".hv-token")
        texts = page.locator(".hv-token text").all_text_contents()
        assert texts == TOKENS + TOKENS  # literal, markup and quotes included
        assert page.locator(".hv-legend label").count() == 2
        lines_all = page.locator(".hv-base line").count()
        assert lines_all == int((w > 0).sum())  # 9 + 18 lines
        root = page.locator(".attnviz-head-view")
        assert root.get_attribute("data-active") == ""

        page.locator('.hv-token[data-side="from"][data-index="2"]').hover()
        assert root.get_attribute("data-active") == "from:2"
        assert page.locator(".hv-base.hv-dim").count() == 1
        assert (
            page.locator(".hv-highlight line").count() == 3
        )  # cat -> the (head 1); -> [CLS], [SEP] (head 2)
        tips = page.locator(".hv-highlight line title").all_text_contents()
        assert "cat → the: 1.000 (Cabeza 1)" in tips and "cat → [CLS]: 0.700 (Cabeza 2)" in tips
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "head_view_hover.png"))

        page.locator('.hv-token[data-side="to"][data-index="0"]').hover()
        assert root.get_attribute("data-active") == "to:0"
        # head 1: [CLS] and "the" look at [CLS]; head 2: every token does
        assert page.locator(".hv-highlight line").count() == 2 + len(TOKENS)

        page.mouse.move(1, 1)
        assert root.get_attribute("data-active") == ""
        page.locator('.hv-token[data-side="from"][data-index="4"]').click()
        page.mouse.move(1, 1)
        assert root.get_attribute("data-active") == "from:4"  # pinned
        page.locator('.hv-token[data-side="from"][data-index="4"]').click()
        page.mouse.move(1, 1)
        assert root.get_attribute("data-active") == ""

        page.locator(".hv-legend input").nth(1).uncheck()
        assert page.locator(".hv-base line").count() == int((w[0] > 0).sum())
        assert not errors and not dialogs
    finally:
        context.close()
