"""Display options: larger text for a classroom projector, and how figures are shown."""

from __future__ import annotations

from contextlib import contextmanager
from functools import partial

import plotly.graph_objects as go
import streamlit as st

from attnviz.render.figure_cache import enlarge_fonts, shared_figure
from attnviz.ui.language import t

LARGE_TEXT_KEY = "large_text"
# No angle brackets inside these styles, not even in a comment: the sanitizer of ``st.html`` drops
# a <style> whose text looks like it holds a tag, and the whole style is then silently lost.
_LARGE_TEXT_CSS = """
<style>
  [data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.15rem; }
  /* A widget's label and what is typed, picked or shown in it at one size (the data editor's
     cells follow the page's 125 %: it draws them on a canvas, in a font CSS cannot change). */
  [data-testid="stWidgetLabel"] [data-testid="stMarkdownContainer"] p,
  [data-testid="stSliderThumbValue"] p, [data-testid="stSliderTickBar"] p,
  [data-testid="stMain"] input, [data-testid="stMain"] textarea { font-size: 1rem; }
  /* The main column takes the width: less padding at the sides, and the sidebar's larger
     width only while it is open (collapsed, it left a strip of itself and pushed the page).
     Not on a phone: there the page has its own padding, and the sidebar covers the page. */
  @media (min-width: 641px) {
    [data-testid="stMainBlockContainer"] { padding-left: 3rem; padding-right: 3rem; }
    [data-testid="stSidebar"][data-collapsed="false"] { min-width: 20rem; }
  }
</style>
"""
_ALWAYS_CSS = """
<style>
  /* Large text: everything sized in rem grows by a quarter. Tied to the switch itself, so it
     takes effect the moment the switch is flipped, before the page is drawn again: the tables
     (data editor, st.dataframe) pick the size of their cells when they first appear. */
  html:has(.st-key-large_text input:checked) { font-size: 125%; }
  /* On a phone, give the page the whole width. */
  @media (max-width: 640px) { .block-container { padding-left: 0.75rem; padding-right: 0.75rem; } }
  /* Formulas scroll sideways when too wide, and their box clips vertically: give the tall
     first line of a multi-line formula (a fraction) room at the top. */
  .katex-display { padding-top: 0.35em; }
  /* Short texts (labels, options, buttons, links) wrap between words: never cut with an
     ellipsis, never broken inside a word. Streamlit's own rules for them are more specific
     than a selector can portably be, hence !important. */
  [data-testid="stWidgetLabel"] [data-testid="stMarkdownContainer"],
  [data-testid="stWidgetLabel"] p,
  [data-testid="stButtonGroup"] button, [data-testid="stButtonGroup"] button *,
  [data-testid^="stBaseButton"] *,
  [data-testid="stSidebarNavLink"] *, [data-testid="stPageLink-NavLink"] *,
  [data-testid="stFileUploaderDropzoneInstructions"] * {
    white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
    word-break: normal !important; overflow-wrap: normal !important;
  }
  /* A segmented control's options wrap to a second row instead of scrolling out of sight
     (its strip has no scrollbar: the options past the edge were simply missing). */
  [data-testid="stButtonGroup"] > div { flex-wrap: wrap !important; overflow: visible !important; gap: 0.25rem; }
  [data-testid="stButtonGroup"] button { height: auto !important; min-width: 0 !important; }
  /* ...each option then a button of its own (joined, an option starting the second row had no
     left border): the theme's border colour (light theme, .streamlit/config.toml). */
  [data-testid="stButtonGroup"] button[data-variant="segmented_control"] { border-radius: 0.5rem !important; }
  [data-testid="stButtonGroup"] button[data-variant="segmented_control"]:not([aria-checked="true"]) {
    border-left-color: rgb(220, 216, 212) !important;
  }
  [data-testid="stSidebarNavLink"], [data-testid="stPageLink-NavLink"] { height: auto !important; }
  [data-testid="stSidebarNavLink"] span { line-height: 1.3; }
  /* A select box shows its value in a text field: no padding needed before its arrow. */
  [data-testid="stSelectbox"] input { padding-right: 0 !important; }
  /* A phone's title: a long word ("Preentrenamiento:") fits the screen's width. */
  @media (max-width: 640px) { h1 { font-size: 2rem !important; } }
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


@contextmanager
def page_frame():
    """The page's content, in a container named after the text size. Switching the large text
    then draws the page anew, so its tables take the new size too: the data editor and
    ``st.dataframe`` draw their cells on a canvas, in a font chosen when they first appear."""
    with st.container(key="page_large_text" if large_text() else "page"):
        yield


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
