"""Attention playground: edit Q, K, V and watch every step of attention change at once."""

import streamlit as st

from attnviz.core.masks import MASK_KINDS
from attnviz.core.multihead import valid_head_counts
from attnviz.core.presets import PRESET_NAMES, RANDOM
from attnviz.core.share import MAX_DIM, TEMPERATURE_RANGE
from attnviz.ui import guess_views, playground_state
from attnviz.ui import playground_views as views
from attnviz.ui.display import large_text
from attnviz.ui.language import t

playground_state.init_from_link()

st.title(t("playground.title"))
st.markdown(t("playground.intro"))
st.latex(r"\mathrm{Attention}(Q,K,V)=\mathrm{softmax}\!\left(\frac{QK^\top}{\sqrt{d_k}}\right)V")
if playground_state.link_problems():
    st.warning(t("playground.link_unreadable", names=", ".join(playground_state.link_problems())))

# --- the example and its size -------------------------------------------------
preset_col, random_col = st.columns([2, 1] if large_text() else [3, 1], vertical_alignment="bottom")
preset_col.selectbox(
    t("playground.preset"),
    PRESET_NAMES,
    key=playground_state.PRESET,
    format_func=lambda name: t(f"preset.{name}"),
    on_change=playground_state.on_preset_change,
)
random_col.button(
    t("playground.new_random"), on_click=playground_state.on_new_random, icon=":material/casino:"
)
if st.session_state[playground_state.PRESET] == RANDOM:
    st.caption(t("playground.seed", seed=st.session_state[playground_state.SEED]))
st.caption(t(playground_state.example_about_key()))

size_cols = st.columns(4)
for col, (dim, key) in zip(size_cols, playground_state.DIMS.items()):
    col.number_input(
        t(f"playground.dim.{dim}"),
        min_value=1,
        max_value=MAX_DIM,
        step=1,
        key=key,
        on_change=playground_state.on_resize,
    )

# --- the matrices, edited in place ------------------------------------------------
editor_cols = st.columns(3)
problem_slots = {}
for col, name in zip(editor_cols, playground_state.MATRICES):
    with col:
        problem_slots[name] = views.matrix_editor(name)

# --- options -----------------------------------------------------------------
option_cols = st.columns([1.7, 1, 1.8] if large_text() else [1, 1, 2])  # the projector's text needs room
option_cols[0].toggle(t("playground.scaled"), key=playground_state.SCALED, help=t("playground.scaled_help"))
option_cols[1].slider(
    t("playground.temperature"),
    *TEMPERATURE_RANGE,
    step=0.1,
    key=playground_state.TEMPERATURE,
    help=t("playground.temperature_help"),
)
with option_cols[2]:
    st.segmented_control(
        t("playground.mask"),
        MASK_KINDS,
        key=playground_state.MASK,
        format_func=lambda k: t(f"mask.{k}"),
        required=True,
    )
    if st.session_state[playground_state.MASK] == "padding":
        st.multiselect(
            t("playground.padded_keys"),
            list(range(st.session_state[playground_state.DIMS["m"]])),
            key=playground_state.PADDED,
            format_func=lambda j: f"k{j + 1}",
        )

evaluation = playground_state.evaluate()
views.input_problems(evaluation, problem_slots)
settings = evaluation.settings or playground_state.last_valid()
if not evaluation.ok:
    st.info(t("playground.showing_last_valid"))

# --- results -----------------------------------------------------------------
steps = settings.attention()
st.toggle(t("guess.mode"), key=playground_state.GUESS_MODE, help=t("guess.mode_help"))
hidden = guess_views.hiding(settings)
views.pipeline(settings, steps, hide_weights=hidden)
if hidden:  # guess first: the weights, the context and the steps that show them wait for a guess
    guess_views.guess_box(settings, steps)
else:
    if (result := guess_views.revealed(settings)) is not None:
        guess_views.answer(settings, result)
    views.context(settings, steps)

    st.subheader(t("playground.steps_title"))
    st.selectbox(
        t("playground.query"),
        list(range(st.session_state[playground_state.DIMS["n"]])),
        key=playground_state.QUERY,
        format_func=lambda i: f"q{i + 1}",
    )
    views.step_by_step(
        settings, steps, min(st.session_state[playground_state.QUERY], settings.q.shape[0] - 1)
    )

    st.subheader(t("playground.multihead_title"))
    st.markdown(t("playground.multihead_intro"))
    st.segmented_control(
        t("playground.heads"),
        valid_head_counts(
            st.session_state[playground_state.DIMS["d_k"]], st.session_state[playground_state.DIMS["d_v"]]
        ),
        key=playground_state.HEADS,
        required=True,
    )
    views.multi_head(settings, st.session_state[playground_state.HEADS])

st.subheader(t("playground.share_title"))
if evaluation.ok:
    views.share_link(playground_state.sync_url(settings))
else:
    st.caption(t("playground.share_needs_valid"))
