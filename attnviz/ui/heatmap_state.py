"""The heatmap page's state: widget keys, the link (URL query) in and out, the chosen head.

The text, the model(s), the view options and the chosen head live in ``st.session_state`` under
the keys below; the URL carries the text, the model choice and the head, so a link reproduces the
view. Nothing here imports TensorFlow.
"""

from __future__ import annotations

import streamlit as st

from attnviz.render.heatmaps import head_from_selection
from attnviz.ui.page_state import LinkParam, PageState, non_empty, one_of, position, whole_number

TEXT = "hm.text"  # the text box (widget)
EXAMPLE = "hm.example"
MODE = "hm.mode"  # "run" | "pretrained" | "both"
RUN = "hm.run"
PRETRAINED = "hm.pretrained"  # model_picker's key prefix: its widgets are PRETRAINED + ".choice" / ".other"
HIDE = "hm.hide_special"
MERGE = "hm.merge"
AVERAGE = "hm.average"  # "none" | "heads" | "layers"
LIMIT = "hm.limit"
LAYER = "hm.layer"
HEAD = "hm.head"
HEAD_VIEW = "hm.head_view"  # "one" | "layer"
METRIC = "hm.metric"
ABLATE = "hm.ablate"
TAB = "hm.tab"  # the open tab (st.tabs with state: only that one is drawn)
GRID_LAYER = "hm.grid_layer"  # the model view's layers: "all", or one layer's index (a phone's default)
GUESS_MODE = "hm.guess"  # "guess first" in the comparison tab (ui/head_guess_views); guess=1 in the link

# Kept across runs that do not draw them (a closed tab, an empty text, another page).
PERSISTENT = (
    TEXT,
    MODE,
    RUN,
    HIDE,
    MERGE,
    AVERAGE,
    LIMIT,
    LAYER,
    HEAD,
    HEAD_VIEW,
    METRIC,
    ABLATE,
    TAB,
    GUESS_MODE,
)

MODES = ("run", "pretrained", "both")
AVERAGES = ("none", "heads", "layers")
LIMITS = (32, 64, 128, 256, 512)
DEFAULT_LIMIT = 128
MAX_CHARS = 20_000  # longer texts are refused (kept in the box) before any tokenising
MAX_URL_TEXT = 1_500  # longer texts are left out of the link

# The link: ?text=...&mode=run|pretrained|both&run=NAME&pretrained=SOURCE&layer=1&head=1&limit=128
# (layer and head 1-based). run and pretrained wait for their widgets, whose options come later.
_STATE = PageState(
    "hm",
    keep=PERSISTENT,
    link=(
        LinkParam("text", TEXT),
        LinkParam("mode", MODE, one_of(MODES)),
        LinkParam("layer", LAYER, position),
        LinkParam("head", HEAD, position),
        LinkParam("limit", LIMIT, one_of(LIMITS, whole_number)),
        LinkParam("guess", GUESS_MODE, lambda text: {"1": True, "0": False}[text]),
        LinkParam("run", parse=non_empty),
        LinkParam("pretrained", parse=non_empty),
    ),
)


def init_from_link(default_text: str) -> None:
    """Top of every run: the link on the session's first visit, the kept widget values after."""
    _STATE.start(defaults={TEXT: default_text})


def remember_widgets() -> None:
    """Copy the widgets' values, to restore them when the widgets are drawn again."""
    _STATE.remember()


def pending(name: str) -> str | None:
    """A value from the link for a widget not drawn yet (consumed once)."""
    return _STATE.pending(name)


def keep_text() -> str:
    """The text in the box (kept for the next visit)."""
    _STATE.remember()
    return st.session_state.get(TEXT, "")


def on_example() -> None:
    choice = st.session_state.get(EXAMPLE)
    if choice:
        st.session_state[TEXT] = choice
        st.session_state[EXAMPLE] = None


def head() -> tuple[int, int]:
    return int(st.session_state.get(LAYER, 0)), int(st.session_state.get(HEAD, 0))


def clamp_head(num_layers: int, num_heads: int) -> None:
    """Keep the chosen head inside the model (before the pickers are drawn)."""
    st.session_state[LAYER] = min(max(0, int(st.session_state.get(LAYER, 0))), num_layers - 1)
    st.session_state[HEAD] = min(max(0, int(st.session_state.get(HEAD, 0))), num_heads - 1)


def on_head_selected(
    chart_key: str, keep_layer: bool = False, keep_head: bool = False, open_head: bool = False
) -> None:
    """Callback of a clickable grid: the clicked (layer, head) becomes the chosen head.
    ``keep_layer`` / ``keep_head``: the grid averaged that axis, so it says nothing about it.
    ``open_head``: switch averaging off, so the chosen head itself is shown."""
    chosen = head_from_selection(st.session_state.get(chart_key))
    if chosen is None:
        return
    if not keep_layer:
        st.session_state[LAYER] = chosen[0]
    if not keep_head:
        st.session_state[HEAD] = chosen[1]
    if open_head:
        st.session_state[AVERAGE] = "none"


def toggle_clicked_head(chart_key: str) -> None:
    """Callback of the ablation grid: a click switches that head off, or on again."""
    chosen = head_from_selection(st.session_state.get(chart_key))
    if chosen is None:
        return
    current = list(st.session_state.get(ABLATE, []))
    st.session_state[ABLATE] = (
        [h for h in current if h != chosen] if chosen in current else current + [chosen]
    )


def clear_ablation() -> None:
    st.session_state[ABLATE] = []


def add_chosen_head_to_ablation() -> None:
    current = list(st.session_state.get(ABLATE, []))
    chosen = head()
    if chosen not in current:
        st.session_state[ABLATE] = current + [chosen]


def sync_url(text: str, choice=None) -> None:
    """Write what reproduces the view into the address bar (``choice``: the page's model choice),
    and remember the widgets' values. Call it at the end of every run, stopped early or not."""
    remember_widgets()
    mode = getattr(choice, "mode", None) or st.session_state.get(MODE, "run")
    params = {"mode": mode}
    if text and len(text) <= MAX_URL_TEXT:
        params["text"] = text
    run = getattr(choice, "run", None)
    if run is not None and mode in ("run", "both"):
        params["run"] = run.name
    pretrained = getattr(choice, "pretrained", "")
    if pretrained and mode in ("pretrained", "both"):
        params["pretrained"] = pretrained
    layer, head_ = head()
    params.update(
        layer=str(layer + 1), head=str(head_ + 1), limit=str(st.session_state.get(LIMIT, DEFAULT_LIMIT))
    )
    if st.session_state.get(GUESS_MODE):
        params["guess"] = "1"
    _STATE.write_link(params)
