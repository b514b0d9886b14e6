"""The heatmap page's state: widget keys, the link (URL query) in and out, the chosen head.

The text, the model(s), the view options and the chosen head live in ``st.session_state`` under
the keys below; the URL carries the text, the model choice and the head, so a link reproduces the
view. Nothing here imports TensorFlow.
"""
from __future__ import annotations

import streamlit as st

from attnviz.render.heatmaps import head_from_selection

TEXT = "hm.text"                 # the text box (widget)
_TEXT_KEPT = "hm._text"          # a copy that survives leaving the page (widget state does not)
EXAMPLE = "hm.example"
MODE = "hm.mode"                 # "run" | "pretrained" | "both"
RUN = "hm.run"
PRETRAINED = "hm.pretrained"     # model_picker's key prefix: its widgets are PRETRAINED + ".choice" / ".other"
HIDE = "hm.hide_special"
MERGE = "hm.merge"
AVERAGE = "hm.average"           # "none" | "heads" | "layers"
LIMIT = "hm.limit"
LAYER = "hm.layer"
HEAD = "hm.head"
HEAD_VIEW = "hm.head_view"       # "one" | "layer"
METRIC = "hm.metric"
ABLATE = "hm.ablate"
TAB = "hm.tab"                   # the open tab (st.tabs with state: only that one is drawn)
_LINKED = "hm._linked"
_KEPT = "hm._kept"               # copies of the widgets' values: Streamlit drops a widget's state
                                 # on any run that does not draw it (a closed tab, an empty text)
_PENDING = "hm._pending"         # values from the link for widgets drawn later (run, pretrained)

PERSISTENT = (MODE, RUN, HIDE, MERGE, AVERAGE, LIMIT, LAYER, HEAD, HEAD_VIEW, METRIC, ABLATE, TAB)

MODES = ("run", "pretrained", "both")
AVERAGES = ("none", "heads", "layers")
LIMITS = (32, 64, 128, 256, 512)
DEFAULT_LIMIT = 128
MAX_CHARS = 20_000               # longer texts are refused (kept in the box) before any tokenising
MAX_URL_TEXT = 1_500             # longer texts are left out of the link


def init_from_link(params: dict[str, str], default_text: str) -> None:
    """On the session's first visit, take text, model, options and head from the URL."""
    if _LINKED not in st.session_state:
        st.session_state[_LINKED] = True
        st.session_state[_TEXT_KEPT] = params.get("text", default_text)
        if params.get("mode") in MODES:
            st.session_state[MODE] = params["mode"]
        for key, name in ((LAYER, "layer"), (HEAD, "head")):
            value = params.get(name, "")
            if value.isdigit() and int(value) >= 1:
                st.session_state[key] = int(value) - 1
        if params.get("limit", "").isdigit() and int(params["limit"]) in LIMITS:
            st.session_state[LIMIT] = int(params["limit"])
        st.session_state[_PENDING] = {k: params[k] for k in ("run", "pretrained") if params.get(k)}
    if TEXT not in st.session_state:  # first run, or back from another page
        st.session_state[TEXT] = st.session_state[_TEXT_KEPT]
    for key, value in st.session_state.get(_KEPT, {}).items():
        if key not in st.session_state:
            st.session_state[key] = value


def remember_widgets() -> None:
    """Copy the widgets' values, to restore them when the widgets are drawn again."""
    st.session_state[_KEPT] = {key: st.session_state[key] for key in PERSISTENT if key in st.session_state}


def pending(name: str) -> str | None:
    """A value from the link for a widget not drawn yet (consumed once)."""
    return st.session_state.get(_PENDING, {}).pop(name, None)


def keep_text() -> str:
    text = st.session_state.get(TEXT, "")
    st.session_state[_TEXT_KEPT] = text
    return text


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


def on_head_selected(chart_key: str, keep_layer: bool = False, keep_head: bool = False,
                     open_head: bool = False) -> None:
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
    params.update(layer=str(layer + 1), head=str(head_ + 1), limit=str(st.session_state.get(LIMIT, DEFAULT_LIMIT)))
    if dict(st.query_params) != params:
        st.query_params.from_dict(params)
