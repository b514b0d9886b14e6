"""Display options: larger text for a classroom projector, and how figures are shown."""

from __future__ import annotations

from functools import partial

import plotly.graph_objects as go
import streamlit as st

from attnviz.render.figure_cache import enlarge_fonts, shared_figure
from attnviz.ui.language import t

LARGE_TEXT_KEY = "large_text"
_LARGE_TEXT_CSS = """
<style>
  html { font-size: 125%; }
  [data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.15rem; }
  [data-testid="stSidebar"] { min-width: 20rem; }
</style>
"""
_ALWAYS_CSS = """
<style>
  /* On a phone, give the page the whole width. */
  @media (max-width: 640px) { .block-container { padding-left: 0.75rem; padding-right: 0.75rem; } }
  /* Formulas scroll sideways when too wide, and their box clips vertically: give the tall
     first line of a multi-line formula (a fraction) room at the top. */
  .katex-display { padding-top: 0.35em; }
</style>
"""


# Plotly's toolbar keeps the PNG download and zoom. On a phone (no hover) the toolbar is always
# visible, and the full set of buttons covered the figures' titles.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d"],
}


_MARKDOWN_SPECIAL = "\\`*_{}[]()<>#+-.!|~$:"


def plain_text(value) -> str:
    """Text from a file or a visitor, shown as typed: Streamlit renders Markdown (links, images,
    HTML-like tags) in messages and captions, so each special character is escaped."""
    text = str(value)
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in text).replace("\n", " ")


def display_options() -> None:
    """The larger-text switch in the sidebar, and the CSS it needs."""
    st.sidebar.toggle(t("display.large_text"), key=LARGE_TEXT_KEY, help=t("display.large_text_help"))
    st.html(_ALWAYS_CSS + (_LARGE_TEXT_CSS if large_text() else ""))


def large_text() -> bool:
    return bool(st.session_state.get(LARGE_TEXT_KEY, False))


def show_figure(fig: go.Figure, **kwargs) -> None:
    """st.plotly_chart with fonts enlarged when the projector option is on."""
    if large_text():
        enlarge_fonts(fig)
    st.plotly_chart(fig, config=PLOTLY_CONFIG, **kwargs)


def show_shared_figure(builder, *args, key: str, **kwargs) -> None:
    """``builder(*args, **kwargs)`` shown, built once for every visitor asking with the same
    inputs (a class opening the same example: see render.figure_cache)."""
    show_built_figure(partial(builder, *args, **kwargs), key=key)


def show_built_figure(build: partial, **chart_options) -> None:
    """The figure ``build`` (a ``functools.partial`` of a render function) makes, shown; built once
    for every visitor asking with the same inputs."""
    fig = shared_figure(build.func, *build.args, enlarge=large_text(), **build.keywords)
    st.plotly_chart(fig, config=PLOTLY_CONFIG, **chart_options)
