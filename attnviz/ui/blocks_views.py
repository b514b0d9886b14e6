"""The building-blocks page's sections: one function per block (widgets, numbers, figures, formulas).

All numbers come from :mod:`attnviz.core`; this module only lays them out. Nothing here imports
TensorFlow: the embedding section takes any :class:`~attnviz.core.embedding.EmbeddingTable`
(and the tokenizer that goes with it), and builds a small random one when given none.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from attnviz.core import blocks, embedding, positional
from attnviz.core.matrix_input import MAX_ABS_VALUE, format_number
from attnviz.core.vector_input import ParsedList, parse_indices, parse_vector
from attnviz.render import block_formulas as ex
from attnviz.render import blocks as fb
from attnviz.ui.display import show_shared_figure
from attnviz.ui.language import t
from attnviz.ui.pages import page_link

# Widget keys.
SENTENCE = "bb.sentence"
EMB_DIM = "bb.emb_dim"
EMB_SEED = "bb.emb_seed"
EMB_ADD_PE = "bb.emb_add_pe"
EMB_A = "bb.emb_a"
EMB_B = "bb.emb_b"
PE_D_MODEL = "bb.pe_d_model"
PE_LENGTH = "bb.pe_length"
PE_DIMS = "bb.pe_dims"
PE_P = "bb.pe_p"
PE_Q = "bb.pe_q"
PE_DIM = "bb.pe_dim"
FFN_D_MODEL = "bb.ffn_d_model"
FFN_D_FF = "bb.ffn_d_ff"
FFN_N = "bb.ffn_n"
FFN_ACT = "bb.ffn_activation"
FFN_SEED = "bb.ffn_seed"
FFN_REPEAT = "bb.ffn_repeat"
FFN_POSITION = "bb.ffn_position"
LN_VECTOR = "bb.ln_vector"
LN_GAMMA = "bb.ln_gamma"
LN_BETA = "bb.ln_beta"
LN_EPS = "bb.ln_eps"
RES_ALPHA = "bb.res_alpha"
RES_SEED = "bb.res_seed"
RES_DEPTH = "bb.res_depth"

PE_MAX_LENGTH = 200
PE_MAX_D_MODEL = 512
PE_MAX_CURVES = 8
LN_MAX_LENGTH = 16
DEPTH_TRIALS = 32
EPS_CHOICES = (0.0, 1e-12, 1e-5, 1e-3, 0.1, 1.0)
ACTIVATION_SYMBOLS = {"relu": r"\mathrm{ReLU}", "gelu": r"\mathrm{GELU}"}
ACTIVATION_NAMES = {"relu": "ReLU", "gelu": "GELU"}

DEFAULTS = {
    EMB_DIM: 8,
    EMB_SEED: 0,
    EMB_ADD_PE: False,
    EMB_A: 0,
    EMB_B: 1,
    PE_D_MODEL: 64,
    PE_LENGTH: 50,
    PE_DIMS: "0, 1, 10, 30",
    PE_P: 10,
    PE_Q: 12,
    PE_DIM: 0,
    FFN_D_MODEL: 4,
    FFN_D_FF: 16,
    FFN_N: 3,
    FFN_ACT: "relu",
    FFN_SEED: 0,
    FFN_REPEAT: False,
    FFN_POSITION: 0,
    LN_VECTOR: "2, 4, 4, 4, 5, 5, 7, 9",
    LN_GAMMA: 1.0,
    LN_BETA: 0.0,
    LN_EPS: 1e-5,
    RES_ALPHA: 0.5,
    RES_SEED: 0,
    RES_DEPTH: 12,
}


def init_state() -> None:
    """Defaults for every widget, set once per session (widgets are created without ``value=``)."""
    if SENTENCE not in st.session_state:
        example = t("blocks.embedding.example")
        st.session_state[SENTENCE] = example
        # Open on a repeated word: identical vectors, similarity 1 (the point positional encoding fixes).
        pair = embedding.first_repeated_pair(embedding.simple_tokenize(example))
        if pair:
            st.session_state.setdefault(EMB_A, pair[0])
            st.session_state.setdefault(EMB_B, pair[1])
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, value)


def _clamp(key: str, low: int, high: int) -> int:
    """Keep a widget's stored value inside a range that other widgets just changed."""
    value = min(max(int(st.session_state.get(key, low)), low), high)
    st.session_state[key] = value
    return value


def _dims(count: int, prefix: str = "d") -> list[str]:
    return [f"{prefix}{j + 1}" for j in range(count)]


def _list_problems(
    parsed: ParsedList, what: str, *, upper: int | None = None, min_length: int = 1, max_length: int = 8
) -> None:
    """One clear message for everything wrong with a typed list."""
    lines = []
    if parsed.length_problem:
        lines.append(
            t(f"blocks.list.{parsed.length_problem}", count=parsed.count, min=min_length, max=max_length)
        )
    for p in parsed.problems:
        item = t("blocks.list.item", position=p.position)
        if p.code in ("not_an_integer", "out_of_range"):
            lines.append(t(f"blocks.list.{p.code}", item=item, raw=p.raw, high=(upper or 1) - 1))
        else:
            lines.append(t(f"input.{p.code}", cell=item, raw=p.raw, limit=format_number(MAX_ABS_VALUE)))
    st.error(t("blocks.list.problem", what=what) + "\n\n" + "\n".join(f"- {line}" for line in lines))


# --- 1. embeddings -----------------------------------------------------------------------------
def embedding_section(
    table: embedding.EmbeddingTable | None = None, tokenize: embedding.Tokenizer = embedding.simple_tokenize
) -> None:
    """Tokens -> rows of an embedding table -> cosine similarity. ``table=None``: random table."""
    st.markdown(t("blocks.embedding.intro"))
    st.latex(ex.embedding_general())
    text_col, dim_col, seed_col = st.columns([4, 2, 1], vertical_alignment="bottom")
    text_col.text_input(t("blocks.embedding.sentence"), key=SENTENCE, max_chars=400)
    if table is None:
        dim_col.slider(t("blocks.embedding.dim"), 2, embedding.MAX_DIM, key=EMB_DIM)
        seed_col.number_input(t("blocks.seed"), 0, 9999, key=EMB_SEED)
    st.toggle(t("blocks.embedding.add_pe"), key=EMB_ADD_PE, help=t("blocks.embedding.add_pe_help"))

    result = embedding.embed_sentence(
        st.session_state[SENTENCE],
        dim=st.session_state[EMB_DIM],
        seed=st.session_state[EMB_SEED],
        table=table,
        tokenize=tokenize,
    )
    if result.problem == "empty":
        st.warning(t("blocks.embedding.empty"))
        return
    lookup = result.lookup
    if result.truncated:
        st.warning(t("blocks.embedding.truncated", count=len(result.tokens), max=embedding.MAX_TOKENS))
    if table is None:
        st.caption(t("blocks.embedding.random_table", size=len(result.table), dim=result.table.dim))
    else:
        st.caption(t("blocks.embedding.model_table", name=table.name, size=len(table), dim=table.dim))
    if lookup.unknown.any():
        missing = ", ".join(sorted({tok for tok, u in zip(lookup.tokens, lookup.unknown) if u}))
        st.warning(t("blocks.embedding.unknown", tokens=missing))

    n = len(lookup.tokens)
    labels = fb.unique_labels(lookup.tokens)
    vectors = lookup.vectors
    pe = None
    if st.session_state[EMB_ADD_PE]:
        pe = positional.sinusoidal_encoding(n, result.table.dim)
        vectors = vectors + pe
    ids = [str(i) if i >= 0 else "—" for i in lookup.ids]
    st.dataframe(
        pd.DataFrame([lookup.tokens, ids], index=["token", "id"], columns=[str(i) for i in range(1, n + 1)]),
        width="stretch",
    )
    table_col, sim_col = st.columns(2)
    with table_col:
        title = t("blocks.embedding.vectors_pe_title" if pe is not None else "blocks.embedding.vectors_title")
        show_shared_figure(
            fb.values_heatmap,
            vectors,
            labels,
            _dims(vectors.shape[1]),
            title=title,
            key="bb.chart.emb_vectors",
        )
    with sim_col:
        similarity = embedding.cosine_similarity(vectors)
        show_shared_figure(
            fb.similarity_heatmap,
            similarity,
            labels,
            title=t("blocks.embedding.similarity_title"),
            key="bb.chart.emb_similarity",
        )
    st.caption(t("blocks.embedding.pe_caption" if pe is not None else "blocks.embedding.repeat_caption"))

    a = _clamp(EMB_A, 0, n - 1)
    _clamp(EMB_B, 0, n - 1)
    pick_a, pick_b = st.columns(2)
    pick_a.selectbox(t("blocks.embedding.token_a"), range(n), key=EMB_A, format_func=lambda i: labels[i])
    pick_b.selectbox(t("blocks.embedding.token_b"), range(n), key=EMB_B, format_func=lambda i: labels[i])
    a, b = st.session_state[EMB_A], st.session_state[EMB_B]
    lines = []
    for i in dict.fromkeys((a, b)):
        lines.append(
            ex.embedding_line(i, int(lookup.ids[i]), lookup.vectors[i], "e" if pe is not None else "x")
        )
        if pe is not None:
            lines.append(ex.embedding_pe_line(i, vectors[i]))
    lines.append(ex.cosine_line(a, b, vectors[a], vectors[b], float(similarity[a, b])))
    st.latex(ex.aligned(lines))
    if table is None:
        st.info(t("blocks.embedding.random_note"))


# --- 2. positional encoding ----------------------------------------------------------------------
def positional_section() -> None:
    st.markdown(t("blocks.pe.intro"))
    st.latex(ex.pe_general())
    d_col, len_col = st.columns(2)
    d_col.slider(t("blocks.pe.d_model"), 2, PE_MAX_D_MODEL, step=2, key=PE_D_MODEL)
    len_col.slider(t("blocks.pe.length"), 2, PE_MAX_LENGTH, key=PE_LENGTH)
    d_model, length = st.session_state[PE_D_MODEL], st.session_state[PE_LENGTH]
    pe = positional.sinusoidal_encoding(length, d_model)

    show_shared_figure(
        fb.continuous_heatmap,
        pe,
        title=t("blocks.pe.heatmap_title", length=length, d_model=d_model),
        x_title=t("blocks.pe.dimension"),
        y_title=t("blocks.pe.position"),
        hover=t("blocks.pe.heatmap_hover"),
        key="bb.chart.pe_heatmap",
    )
    st.caption(t("blocks.pe.heatmap_caption"))

    st.text_input(t("blocks.pe.dims"), key=PE_DIMS, help=t("blocks.pe.dims_help", high=d_model - 1))
    parsed = parse_indices(st.session_state[PE_DIMS], d_model, max_length=PE_MAX_CURVES)
    if not parsed.ok:
        _list_problems(parsed, t("blocks.pe.dims_what"), upper=d_model, max_length=PE_MAX_CURVES)
    else:
        dims = [int(j) for j in parsed.values]
        wavelengths = positional.wavelengths(d_model)
        names = [
            t(
                "blocks.pe.curve_name",
                dim=j,
                kind="sin" if j % 2 == 0 else "cos",
                wavelength=f"{wavelengths[j // 2]:.1f}",
            )
            for j in dims
        ]
        show_shared_figure(
            fb.curves,
            np.arange(length),
            [pe[:, j] for j in dims],
            names,
            title=t("blocks.pe.curves_title"),
            x_title=t("blocks.pe.position"),
            y_title="PE",
            y_range=(-1.1, 1.1),
            key="bb.chart.pe_curves",
        )
        st.caption(t("blocks.pe.curves_caption"))

    st.subheader(t("blocks.pe.dot_title"))
    st.markdown(t("blocks.pe.dot_intro"))
    p = _clamp(PE_P, 0, length - 1)
    _clamp(PE_Q, 0, length - 1)
    _clamp(PE_DIM, 0, d_model - 1)
    p_col, q_col, dim_col = st.columns(3)
    p_col.slider(t("blocks.pe.p"), 0, length - 1, key=PE_P)
    q_col.slider(t("blocks.pe.q"), 0, length - 1, key=PE_Q)
    dim_col.number_input(t("blocks.pe.dim"), 0, d_model - 1, key=PE_DIM)
    p, q, j = st.session_state[PE_P], st.session_state[PE_Q], st.session_state[PE_DIM]
    dots = positional.position_dot_products(pe)
    heat_col, curve_col = st.columns(2)
    with heat_col:
        show_shared_figure(
            fb.continuous_heatmap,
            dots,
            title=t("blocks.pe.dots_title"),
            x_title=t("blocks.pe.position"),
            y_title=t("blocks.pe.position"),
            hover="PE(%{y})·PE(%{x}) = %{z:.2f}",
            key="bb.chart.pe_dots",
        )
    with curve_col:
        show_shared_figure(
            fb.curves,
            np.arange(length),
            [dots[p]],
            [f"PE({p})·PE(q)"],
            title=t("blocks.pe.dot_curve_title", p=p),
            x_title="q",
            y_title=t("blocks.pe.dot_product"),
            highlight_x=q,
            key="bb.chart.pe_dot_curve",
        )
    st.caption(t("blocks.pe.dot_caption", half=d_model // 2))
    st.latex(
        ex.aligned(
            [
                ex.pe_value_line(p, j, d_model, float(pe[p, j])),
                ex.pe_dot_line(p, q, d_model, float(dots[p, q])),
            ]
        )
    )


# --- 3. feed-forward -----------------------------------------------------------------------------
def ffn_section() -> None:
    st.markdown(t("blocks.ffn.intro"))
    act = st.session_state[FFN_ACT]
    st.latex(ex.ffn_general(ACTIVATION_SYMBOLS[act]))
    cols = st.columns([1, 1, 1, 1, 1])
    cols[0].slider(t("blocks.ffn.d_model"), 2, 8, key=FFN_D_MODEL)
    cols[1].slider(t("blocks.ffn.d_ff"), 2, 32, key=FFN_D_FF)
    cols[2].slider(t("blocks.ffn.positions"), 1, 6, key=FFN_N)
    cols[3].segmented_control(
        t("blocks.ffn.activation"),
        blocks.ACTIVATIONS,
        key=FFN_ACT,
        format_func=ACTIVATION_NAMES.get,
        required=True,
    )
    cols[4].number_input(t("blocks.seed"), 0, 9999, key=FFN_SEED)
    n = st.session_state[FFN_N]
    st.toggle(t("blocks.ffn.repeat"), key=FFN_REPEAT, disabled=n < 2, help=t("blocks.ffn.repeat_help"))

    d_model, d_ff, seed = (
        st.session_state[FFN_D_MODEL],
        st.session_state[FFN_D_FF],
        st.session_state[FFN_SEED],
    )
    params = blocks.random_ffn(d_model, d_ff, seed)
    x = blocks.random_positions(n, d_model, seed, repeat_first=st.session_state[FFN_REPEAT])
    steps = blocks.feed_forward(x, params, act)
    st.latex(ex.ffn_shapes(n, params))
    st.caption(t("blocks.ffn.shapes_caption", params=params.parameter_count, d_model=d_model, d_ff=d_ff))

    rows = _dims(n, "pos ")
    # read in order X -> Z (first row), H -> Y (second row); the narrow d_model matrices get a
    # third of the width, the d_ff-wide ones two thirds, so that the numbers in the cells stay legible
    x_col, z_col = st.columns([1, 2])
    with x_col:
        show_shared_figure(
            fb.values_heatmap,
            steps.x,
            rows,
            _dims(d_model),
            title=t("blocks.ffn.x_title"),
            key="bb.chart.ffn_x",
        )
    with z_col:
        show_shared_figure(
            fb.values_heatmap,
            steps.pre,
            rows,
            _dims(d_ff, "h"),
            title=t("blocks.ffn.z_title"),
            key="bb.chart.ffn_z",
        )
    h_col, y_col = st.columns([2, 1])
    with h_col:
        show_shared_figure(
            fb.values_heatmap,
            steps.hidden,
            rows,
            _dims(d_ff, "h"),
            title=t("blocks.ffn.h_title", act=ACTIVATION_NAMES[act]),
            key="bb.chart.ffn_h",
        )
    with y_col:
        show_shared_figure(
            fb.values_heatmap,
            steps.output,
            rows,
            _dims(d_model),
            title=t("blocks.ffn.y_title"),
            key="bb.chart.ffn_y",
        )

    one_by_one = blocks.feed_forward_each_position(x, params, act)
    difference = float(np.max(np.abs(one_by_one - steps.output)))
    st.success(t("blocks.ffn.position_wise", diff=f"{difference:.1e}"))
    if st.session_state[FFN_REPEAT] and n > 1:
        st.info(t("blocks.ffn.repeat_note", last=n))

    _clamp(FFN_POSITION, 0, n - 1)
    st.selectbox(t("blocks.ffn.position"), range(n), key=FFN_POSITION, format_func=lambda i: rows[i])
    i = st.session_state[FFN_POSITION]
    st.latex(ex.aligned(ex.ffn_lines(steps, i, ACTIVATION_SYMBOLS[act])))  # the whole width: 8 numbers a line
    curve_col, caption_col = st.columns([3, 2], vertical_alignment="center")
    with curve_col:
        show_shared_figure(
            fb.activation_figure,
            act,
            steps.pre[i],
            names=ACTIVATION_NAMES,
            points_name=t("blocks.ffn.points", position=rows[i]),
            title=t("blocks.ffn.activation_title"),
            key="bb.chart.ffn_activation",
        )
    caption_col.caption(t("blocks.ffn.activation_caption"))


@st.cache_data(show_spinner=False, max_entries=256)
def _similarity_through_depth(x_hat: np.ndarray, depth: int, **settings) -> blocks.DepthSimilarity:
    """Shared by every visitor asking with the same inputs: 32 random stacks cost a third of the
    page's run, and a class opening the page together asks for the same ones."""
    return blocks.similarity_through_depth(x_hat, depth, **settings)


# --- 4. residual + layer normalisation ---------------------------------------------------------
def norm_section() -> None:
    st.markdown(t("blocks.ln.intro"))
    st.latex(ex.layer_norm_general())
    vec_col, gamma_col, beta_col, eps_col = st.columns([3, 1, 1, 1])
    vec_col.text_input(
        t("blocks.ln.vector"), key=LN_VECTOR, help=t("blocks.ln.vector_help", max=LN_MAX_LENGTH)
    )
    gamma_col.slider("γ (gamma)", 0.0, 3.0, step=0.1, key=LN_GAMMA)
    beta_col.slider("β (beta)", -3.0, 3.0, step=0.1, key=LN_BETA)
    eps_col.select_slider("ε (epsilon)", EPS_CHOICES, key=LN_EPS, format_func=lambda e: f"{e:g}")
    parsed = parse_vector(st.session_state[LN_VECTOR], min_length=2, max_length=LN_MAX_LENGTH)
    if not parsed.ok:
        _list_problems(parsed, t("blocks.ln.vector_what"), min_length=2, max_length=LN_MAX_LENGTH)
        return
    x = parsed.values
    gamma, beta, eps = st.session_state[LN_GAMMA], st.session_state[LN_BETA], st.session_state[LN_EPS]
    ln = blocks.layer_norm(x, gamma, beta, eps)
    normalized_stats = (float(ln.normalized.mean()), float(ln.normalized.var()))
    metrics = st.columns(6)
    for col, label, value in zip(
        metrics,
        ("μ(x)", "σ²(x)", "μ(x̂)", "σ²(x̂)", "μ(y)", "σ²(y)"),
        (ln.mean, ln.var, *normalized_stats, ln.output.mean(), ln.output.var()),
    ):
        col.metric(label, ex.num(float(value), 4))
    if ln.constant:
        st.info(t("blocks.ln.constant"))
    show_shared_figure(
        fb.vector_bars,
        [x, ln.normalized, ln.output],
        ["x", "x̂ = (x − μ)/√(σ² + ε)", "y = γ·x̂ + β"],
        title=t("blocks.ln.bars_title"),
        key="bb.chart.ln_bars",
    )
    st.latex(ex.aligned(ex.layer_norm_lines(ln)))
    st.caption(t("blocks.ln.caption"))

    st.subheader(t("blocks.res.title"))
    st.markdown(t("blocks.res.intro"))
    st.latex(ex.residual_general(r"\hat{x}"))
    alpha_col, seed_col, depth_col = st.columns(3)
    alpha_col.slider(
        t("blocks.res.alpha"), 0.0, 3.0, step=0.1, key=RES_ALPHA, help=t("blocks.res.alpha_help")
    )
    seed_col.number_input(t("blocks.seed"), 0, 9999, key=RES_SEED)
    depth_col.slider(t("blocks.res.depth"), 1, 24, key=RES_DEPTH)
    alpha, seed, depth = st.session_state[RES_ALPHA], st.session_state[RES_SEED], st.session_state[RES_DEPTH]
    # Inside a post-norm transformer every sub-layer receives the previous LayerNorm's output: x̂.
    x_hat = blocks.layer_norm(x, eps=eps).output
    d = x.shape[0]
    residual = blocks.residual_block(x_hat, blocks.random_ffn(d, 4 * d, seed), alpha=alpha, eps=eps)
    with_cos, without_cos = (
        float(embedding.cosine_similarity(v, x_hat)[0, 0])
        for v in (residual.with_residual, residual.without_residual)
    )
    show_shared_figure(
        fb.vector_bars,
        [x_hat, residual.sublayer, residual.with_residual, residual.without_residual],
        ["x̂", "α·F(x̂)", t("blocks.res.with"), t("blocks.res.without")],
        title=t("blocks.res.bars_title"),
        key="bb.chart.res_bars",
    )
    left, right = st.columns(2)
    left.metric(t("blocks.res.cos_with"), f"{with_cos:.3f}")  # same decimals side by side
    right.metric(t("blocks.res.cos_without"), f"{without_cos:.3f}")
    st.latex(ex.aligned(ex.residual_lines(residual, symbol=r"\hat{x}")))
    similarity = _similarity_through_depth(x_hat, depth, alpha=alpha, seed=seed, trials=DEPTH_TRIALS)
    show_shared_figure(
        fb.curves,
        np.arange(depth + 1),
        [similarity.with_residual, similarity.without_residual],
        [t("blocks.res.with_short"), t("blocks.res.without_short")],
        title=t("blocks.res.depth_title"),
        x_title=t("blocks.res.layer"),
        y_title=t("blocks.res.cos_axis"),
        y_range=(-1.05, 1.05),
        key="bb.chart.res_depth",
    )
    st.caption(t("blocks.res.depth_caption", trials=DEPTH_TRIALS))


# --- 5. multi-head attention: lives in the playground ----------------------------------------------
def multihead_section() -> None:
    st.markdown(t("blocks.mha.intro"))
    st.latex(
        r"\mathrm{MultiHead}(Q,K,V)=\mathrm{Concat}(\mathrm{head}_1,\dots,\mathrm{head}_h)\,W^O,\quad "
        r"\mathrm{head}_i=\mathrm{Attention}(QW_i^Q,\,KW_i^K,\,VW_i^V)"
    )
    page_link("playground", label=t("blocks.mha.link"))
