"""Two tabs of the heatmap page that look inside the model: the chosen head step by step with its
own q, k and v ("Inside the head", with "edit a copy" in the playground), and the tokens moving
through the layers (the projector)."""

from __future__ import annotations

from urllib.parse import urlencode

import numpy as np
import pandas as pd
import streamlit as st

from attnviz.core.attention_views import token_roles
from attnviz.core.head_copy import playground_copy
from attnviz.core.projection import layer_paths
from attnviz.core.share import MAX_DIM, to_query_params
from attnviz.render import inside as fi
from attnviz.render.latex import aligned
from attnviz.ui import heatmap_state as hs
from attnviz.ui import heatmap_views as hv
from attnviz.ui.display import show_shared_figure
from attnviz.ui.language import t
from attnviz.ui.models import show_error
from attnviz.ui.pages import page
from attnviz.ui.shared_results import SharedResults

SHARED_STATES = 8  # texts whose hidden states are kept for every session (a few MB each)
TOP_KEYS_WRITTEN = 3  # dot products written out in the formula
QUERY = "hm.inside.query"
DIMS = "hm.inside.dims"
HIDE_SPECIAL = "hm.layers.hide_special"
HIGHLIGHT = "hm.layers.highlight"


@st.cache_resource(show_spinner=False)
def _shared_states() -> SharedResults:
    return SharedResults(SHARED_STATES)


def layer_states_for(item: hv.Shown):
    """The hidden states of the text the heatmaps show (computed once for every session), or None
    after saying why not."""
    from attnviz.nlp.errors import NlpError
    from attnviz.nlp.inside import layer_states

    loaded, tokens = item.bundle.loaded, item.output.tokens
    key = (str(loaded.folder), id(loaded), item.analysis.used_text, len(tokens))
    kept = _shared_states().get(key)
    if kept is not None:
        return kept
    try:
        with st.spinner(t("inside.computing")):
            states = layer_states(loaded, item.analysis.used_text, len(tokens), keep_attentions=False)
    except NlpError as error:
        show_error(error)
        return None
    if states.tokens != list(tokens):
        st.warning(t("inside.tokens_differ"))
        return None
    _shared_states().put(key, states)
    return states


def _default_query(item: hv.Shown) -> int:
    roles = token_roles(item.output.tokens, item.special)
    words = np.flatnonzero(~roles.special)
    return int(words[0]) if words.size else 0


# --- inside the head ------------------------------------------------------------------------------


def head_tab(items: list[hv.Shown]) -> None:
    from attnviz.nlp.errors import NlpError
    from attnviz.nlp.inside import head_vectors

    item = items[0]
    layer, head = hs.head()
    st.markdown(t("inside.intro"))
    if len(items) > 1:
        st.caption(t("inside.first_model", name=item.name))
    states = layer_states_for(item)
    if states is None:
        return
    tokens = states.tokens
    if st.session_state.get(QUERY) not in range(len(tokens)):
        st.session_state[QUERY] = _default_query(item)
    query = st.selectbox(
        t("inside.query"),
        list(range(len(tokens))),
        key=QUERY,
        format_func=lambda i: f"{i + 1} · {tokens[i]}",
    )
    try:
        vectors = head_vectors(
            item.bundle.loaded, states, layer, head, model_weights=item.output.attentions[layer, head]
        )
    except NlpError as error:
        show_error(error)
        return
    steps = vectors.steps()
    d = vectors.d_head
    st.markdown(t("inside.where", layer=layer + 1, head=head + 1, d=d, n=len(tokens)))
    labels = list(tokens)
    _one_vector(
        vectors.q[query], f"q · {tokens[query]}", t("inside.q_title", token=tokens[query]), "hm.inside.q"
    )
    left, right = st.columns(2)
    top = int(np.argmax(steps.weights[query]))
    for column, values, name in ((left, vectors.k, "k"), (right, vectors.v, "v")):
        with column:
            show_shared_figure(
                fi.vectors_heatmap,
                values,
                labels,
                title=t(f"inside.{name}_title"),
                x_title=t("inside.dims_axis"),
                highlight=top,
                key=f"hm.inside.{name}",
            )
    st.caption(t("inside.strips_caption"))

    st.markdown(t("inside.formula_intro"))
    st.latex(fi.head_formula(d))
    order = np.argsort(-steps.weights[query], kind="stable")[:TOP_KEYS_WRITTEN]
    st.latex(
        aligned([fi.dot_product_line(vectors.q[query], vectors.k[j], int(j), steps.scale) for j in order])
    )
    st.caption(t("inside.formula_caption", shown=TOP_KEYS_WRITTEN, d=d))
    show_shared_figure(
        fi.weights_check,
        labels,
        steps.weights[query],
        vectors.model_weights[query],
        title=t("inside.check_title", token=tokens[query]),
        names=(t("inside.recomputed"), t("inside.model")),
        key="hm.inside.check",
    )
    difference = float(np.abs(steps.weights[query] - vectors.model_weights[query]).max())
    st.caption(t("inside.check", difference=f"{difference:.1e}"))
    table = pd.DataFrame(
        {
            t("inside.table.token"): [f"{j + 1} · {tok}" for j, tok in enumerate(tokens)],
            t("inside.table.score"): steps.scores[query],
            t("inside.table.scaled"): steps.logits[query],
            t("inside.table.weight"): steps.weights[query],
            t("inside.table.model"): vectors.model_weights[query],
        }
    )
    st.dataframe(table.round(4), hide_index=True, width="stretch")
    _one_vector(
        steps.context[query],
        f"c · {tokens[query]}",
        t("inside.context_title", token=tokens[query]),
        "hm.inside.context",
    )
    copy_box(vectors, query, tokens, dims_key=DIMS)


def _one_vector(values: np.ndarray, label: str, title: str, key: str) -> None:
    """One long vector (q, or the context c) as a single heat strip."""
    show_shared_figure(
        fi.vectors_heatmap,
        values[None, :],
        [label],
        title=title,
        x_title=t("inside.dims_axis"),
        height=150,
        key=key,
    )


def copy_box(vectors, query: int, tokens: list[str], *, dims_key: str, scaled: bool = True) -> None:
    """ "Edit a copy in the playground": one query row of a real head (``vectors``: its q, k, v
    and the model's weights), the 8 most-weighted keys (``tokens`` name them) and 8 dimensions."""
    st.markdown(f"**{t('inside.copy_title')}**")
    if st.session_state.get(dims_key) not in ("top", "first"):
        st.session_state[dims_key] = "top"
    dims = st.segmented_control(
        t("inside.copy_dims"),
        ["top", "first"],
        key=dims_key,
        required=True,
        format_func=lambda v: t(f"inside.copy_dims.{v}", n=MAX_DIM),
    )
    copy = playground_copy(
        vectors.q[query], vectors.k, vectors.v, vectors.model_weights[query], dims=dims, scaled=scaled
    )
    kept = ", ".join(tokens[j] for j in copy.key_positions)
    st.markdown(
        t(
            "inside.copy_about" if scaled else "inside.copy_about_unscaled",
            keys=len(copy.key_positions),
            kept=kept,
            weight=f"{100 * copy.kept_weight:.0f}",
            dims=len(copy.dims),
            d=vectors.d_head,
            share=f"{100 * copy.kept_score_share:.0f}",
            temperature=f"{copy.settings.temperature:g}",
        )
    )
    address = f"{page('playground').url_path}?{urlencode(to_query_params(copy.settings), safe=',;')}"
    st.link_button(t("inside.copy_open"), address, icon=":material/edit:")


# --- what the layers make of words ----------------------------------------------------------------


def layers_tab(items: list[hv.Shown]) -> None:
    item = items[0]
    st.markdown(t("layers.intro"))
    if len(items) > 1:
        st.caption(t("inside.first_model", name=item.name))
    states = layer_states_for(item)
    if states is None:
        return
    tokens = states.tokens
    roles = token_roles(tokens, item.special)
    hide = st.checkbox(t("layers.hide_special"), value=True, key=HIDE_SPECIAL)
    keep = ~roles.special if hide and (~roles.special).any() else np.ones(len(tokens), bool)
    positions = [int(i) for i in np.flatnonzero(keep)]
    kept_tokens = [tokens[i] for i in positions]
    repeated = [i for i, tok in enumerate(kept_tokens) if kept_tokens.count(tok) > 1]
    options = list(range(len(positions)))
    if not set(st.session_state.get(HIGHLIGHT) or []) <= set(options):
        st.session_state[HIGHLIGHT] = []
    st.session_state.setdefault(HIGHLIGHT, _repeated_word(kept_tokens))
    chosen = st.multiselect(
        t("layers.highlight"),
        options,
        key=HIGHLIGHT,
        format_func=lambda i: f"{positions[i] + 1} · {kept_tokens[i]}",
    )
    paths = layer_paths(states.hidden, keep)
    names = [t("layers.embeddings")] + [t("layers.layer_n", n=i) for i in range(1, states.num_layers + 1)]
    labels = [f"{tok} ({positions[i] + 1})" if i in repeated else tok for i, tok in enumerate(kept_tokens)]
    show_shared_figure(
        fi.layer_paths,
        paths.coords,
        labels,
        layer_names=names,
        title=t("layers.title"),
        highlight=tuple(chosen),
        axis_titles=(
            t("layers.axis", n=1, share=f"{100 * paths.explained[0]:.0f}"),
            t("layers.axis", n=2, share=f"{100 * paths.explained[1]:.0f}"),
        ),
        key="hm.layers.paths",
    )
    st.caption(t("layers.caption"))
    st.download_button(
        t("layers.csv"),
        data=_paths_csv(paths.coords, positions, kept_tokens, names),
        file_name="attnviz-layers.csv",
        mime="text/csv",
        icon=":material/download:",
        key="hm.layers.csv",
    )


def _repeated_word(tokens: list[str]) -> list[int]:
    """The occurrences of the longest word that appears more than once ("bank" in "river bank ...
    bank account"), the first such word on a tie; [] when no word repeats."""
    repeated = {tok for tok in tokens if tokens.count(tok) > 1 and any(c.isalnum() for c in tok)}
    if not repeated:
        return []
    word = max(repeated, key=lambda tok: (len(tok.lstrip("#")), -tokens.index(tok)))
    return [i for i, tok in enumerate(tokens) if tok == word][:4]


def _paths_csv(coords: np.ndarray, positions: list[int], tokens: list[str], layer_names: list[str]) -> str:
    rows = [
        {"layer": layer_names[layer], "position": positions[i] + 1, "token": tokens[i], "x": x, "y": y}
        for layer in range(coords.shape[0])
        for i, (x, y) in enumerate(coords[layer])
    ]
    return pd.DataFrame(rows).round(5).to_csv(index=False)
