"""The heatmap page's tabs: head metrics, rollout, fine-tuned vs pretrained, head ablation, export.

Each function draws one tab for the models shown (``Shown`` items from ``heatmap_views``); the
maths comes from ``attnviz.core``, the figures from ``attnviz.render.heatmaps``.
"""

from __future__ import annotations

import re
from functools import partial

import numpy as np
import streamlit as st

from attnviz.core.attention_views import (
    attention_change,
    attention_csv,
    attention_json,
    head_divergence,
    merge_word_pieces,
    rank_heads,
    token_labels,
    token_roles,
)
from attnviz.core.head_metrics import METRIC_NAMES, head_metrics
from attnviz.core.rollout import attention_rollout
from attnviz.render import heatmaps as fa
from attnviz.render.figures import SCORE_COLORS
from attnviz.ui import head_guess_views as head_guess
from attnviz.ui import heatmap_state as hs
from attnviz.ui import heatmap_views as hv
from attnviz.ui.display import show_built_figure
from attnviz.ui.language import t


def _grid_labels(values: np.ndarray) -> dict:
    n_layers, n_heads = values.shape
    return dict(
        layer_labels=[str(i + 1) for i in range(n_layers)],
        head_labels=[str(i + 1) for i in range(n_heads)],
        layer_title=t("heatmaps.layer"),
        head_title=t("heatmaps.head"),
        hover_hint=t("heatmaps.click_open"),
    )


def _clickable(build: partial, key: str) -> None:
    """A grid or bar chart whose click opens that head (averaging switched off)."""
    show_built_figure(
        build, key=key, selection_mode="points", on_select=partial(hs.on_head_selected, key, open_head=True)
    )


# --- head metrics -----------------------------------------------------------------------------------


def metrics_tab(items: list[hv.Shown]) -> None:
    st.markdown(t("heatmaps.metrics_intro"))
    if st.session_state.get(hs.METRIC) not in METRIC_NAMES:
        st.session_state[hs.METRIC] = "cls"
    name = st.selectbox(
        t("heatmaps.metric"), METRIC_NAMES, key=hs.METRIC, format_func=lambda m: t(f"heatmaps.metric.{m}")
    )
    st.caption(t(f"heatmaps.metric.{name}.about"))
    cols = st.columns(len(items))
    for number, (col, item) in enumerate(zip(cols, items)):
        out = item.output
        metrics = head_metrics(out.attentions, out.tokens, special_tokens=item.special)
        values = metrics.get(name)
        low, high = metrics.bounds(name)
        build = partial(
            fa.head_metric_grid,
            values,
            value_label=t(f"heatmaps.metric.{name}"),
            zmin=low,
            zmax=high,
            selected=hs.head(),
            title=item.name if len(items) > 1 else "",
            height=int(130 + 44 * values.shape[0] * (1 if len(items) == 1 else 0.7)),
            **_grid_labels(values),
        )
        with col:
            _clickable(build, f"hm.metric_grid.{number}")
            layer, head, value = rank_heads(values, top=1)[0]
            st.caption(t("heatmaps.metric_top", layer=layer + 1, head=head + 1, value=f"{value:.2f}"))


# --- rollout ----------------------------------------------------------------------------------------


def rollout_values(
    item: hv.Shown, hide_special: bool, merge_words: bool
) -> tuple[np.ndarray, list[str], np.ndarray]:
    """What reaches [CLS] through all layers, per token or word: (values, labels, special mask)."""
    out = item.output
    byte_level = item.bundle.loaded.architecture == "roberta"
    roles = token_roles(out.tokens, item.special)
    cls_index = int(np.flatnonzero(roles.cls)[0]) if roles.cls.any() else 0
    rollout = attention_rollout(out.attentions)
    if merge_words:
        merged = merge_word_pieces(
            rollout[None, None], out.tokens, out.word_ids, special_tokens=item.special, byte_level=byte_level
        )
        row = next(i for i, g in enumerate(merged.groups) if cls_index in g)
        values, labels = merged.attentions[0, 0, row], merged.labels
        special = np.array([len(g) == 1 and bool(roles.special[g[0]]) for g in merged.groups])
    else:
        values = rollout[cls_index]
        labels = token_labels(out.tokens, special_tokens=item.special, byte_level=byte_level)
        special = roles.special
    if hide_special and (~special).any():
        values, labels = values[~special], [x for x, s in zip(labels, special) if not s]
        values = values / values.sum() if values.sum() > 0 else values
        special = np.zeros(len(labels), bool)
    return values, labels, special


def rollout_tab(items: list[hv.Shown], options: hv.Options) -> None:
    st.markdown(t("heatmaps.rollout_intro"))
    cols = st.columns(len(items))
    for number, (col, item) in enumerate(zip(cols, items)):
        values, labels, special = rollout_values(item, options.hide_special, options.merge_words)
        build = partial(
            fa.rollout_bars,
            values,
            labels,
            muted=special,
            title=item.name if len(items) > 1 else "",
            y_title=t("heatmaps.rollout_axis"),
        )
        with col:
            show_built_figure(build, key=f"hm.chart.rollout.{number}")
            text = ~special
            if text.any():
                best = int(np.flatnonzero(text)[np.argmax(values[text])])
                st.caption(t("heatmaps.rollout_top", token=labels[best], value=f"{100 * values[best]:.1f}"))


# --- fine-tuned vs pretrained -------------------------------------------------------------------------


def _shape(item: hv.Shown) -> str:
    return f"{item.output.num_layers} × {item.output.num_heads}"


def comparison_tab(items: list[hv.Shown], has_runs: bool = True) -> None:
    st.markdown(t("heatmaps.compare_intro"))
    if len(items) < 2:
        # with no fine-tuned run, "both" is not offered: say how to get a run instead
        st.info(
            t("heatmaps.compare_needs_both" if has_runs else "heatmaps.compare_needs_run"),
            icon=":material/compare:",
        )
        if not has_runs:
            hv.fine_tuning_link()
        return
    tuned, pre = items[0], items[1]
    if tuned.output.tokens != pre.output.tokens or tuned.view.labels != pre.view.labels:
        st.warning(t("heatmaps.compare_tokens_differ"))
        return
    if tuned.output.attentions.shape != pre.output.attentions.shape:
        st.warning(t("heatmaps.compare_shapes_differ", a=_shape(tuned), b=_shape(pre)))
        return
    roles = token_roles(tuned.output.tokens, tuned.special)
    change = head_divergence(pre.output.attentions, tuned.output.attentions, "js", query_mask=~roles.pad)
    bet = head_guess.fingerprint(st.session_state.get(hs.TEXT, ""), tuned.name, pre.name)
    if head_guess.mode_toggle() and head_guess.revealed(bet) is None:
        head_guess.bet_box(bet, change)  # guess first: the grids wait for the bet
        return
    left, right = st.columns(2)
    with left:
        _clickable(
            partial(
                fa.head_metric_grid,
                change,
                value_label=t("heatmaps.js"),
                title=t("heatmaps.change_grid"),
                zmin=0.0,
                zmax=max(0.05, float(change.max())),
                colorscale="Oranges",
                selected=hs.head(),
                **_grid_labels(change),
            ),
            "hm.change_grid",
        )
    with right:
        _clickable(
            partial(
                fa.head_change_bars,
                change,
                top=10,
                layer_title=t("heatmaps.layer"),
                head_title=t("heatmaps.head"),
                value_label=t("heatmaps.js"),
                title=t("heatmaps.change_top"),
            ),
            "hm.change_bars",
        )
    if (result := head_guess.revealed(bet)) is not None:
        head_guess.verdict(bet, result)
    layer, head, value = rank_heads(change, top=1)[0]
    st.markdown(
        t(
            "heatmaps.compare_explain",
            layer=layer + 1,
            head=head + 1,
            value=f"{value:.2f}",
            mean=f"{float(change.mean()):.2f}",
        )
    )
    view_t, view_p = tuned.view, pre.view
    if not view_t.labels:
        st.caption(t("heatmaps.nothing_left"))
        return
    li, hi = hv.view_index(view_t)
    diff = attention_change(view_p.attentions, view_t.attentions)[li, hi]
    top = max(0.05, float(np.abs(diff).max()))
    st.markdown(t("heatmaps.diff_intro"))
    show_built_figure(
        partial(
            fa.head_heatmap,
            diff,
            view_t.labels,
            title=t("heatmaps.diff_title", head=hv.head_title(view_t)),
            x_title=t("heatmaps.keys"),
            y_title=t("heatmaps.queries"),
            colorscale=SCORE_COLORS,
            zmin=-top,
            zmax=top,
            zmid=0.0,
        ),
        key="hm.chart.diff",
    )


# --- head ablation --------------------------------------------------------------------------------------


def ablation_tab(items: list[hv.Shown]) -> None:
    st.markdown(t("heatmaps.ablation_intro"))
    item = items[0]
    loaded = item.bundle.loaded
    every_head = [(layer, head) for layer in range(loaded.num_layers) for head in range(loaded.num_heads)]
    st.session_state[hs.ABLATE] = [h for h in st.session_state.get(hs.ABLATE, []) if h in every_head]
    grid_column, result_column = st.columns([3, 2], gap="large")
    with grid_column:
        off = np.zeros((loaded.num_layers, loaded.num_heads))
        for layer, head in st.session_state[hs.ABLATE]:
            off[layer, head] = 1.0
        labels = {**_grid_labels(off), "hover_hint": t("heatmaps.ablate_click")}
        build = partial(
            fa.head_metric_grid,
            off,
            **labels,
            value_label=t("heatmaps.ablate_off"),
            title=t("heatmaps.ablate_grid", model=item.name),
            colorscale="Reds",
            decimals=0,
        )
        show_built_figure(
            build,
            key="hm.ablate_grid",
            selection_mode="points",
            on_select=partial(hs.toggle_clicked_head, "hm.ablate_grid"),
        )
        layer, head = hs.head()
        a, b = st.columns(2)
        a.button(
            t("heatmaps.ablate_add", layer=layer + 1, head=head + 1),
            on_click=hs.add_chosen_head_to_ablation,
            icon=":material/power_settings_new:",
        )
        b.button(
            t("heatmaps.ablate_clear"),
            on_click=hs.clear_ablation,
            icon=":material/restart_alt:",
            key="hm.ablate_clear",
        )
        with st.expander(t("heatmaps.ablate_list")):
            st.multiselect(
                t("heatmaps.ablate", model=item.name),
                every_head,
                key=hs.ABLATE,
                format_func=lambda h: t("heatmaps.head_short", layer=h[0] + 1, head=h[1] + 1),
                placeholder=t("heatmaps.ablate_placeholder"),
            )
    with result_column:
        _ablation_result(item)


def _ablation_result(item) -> None:
    """The prediction with the chosen heads off, beside the grid."""
    loaded = item.bundle.loaded
    heads = st.session_state[hs.ABLATE]
    if not heads:
        st.caption(t("heatmaps.ablate_none"))
        return
    from attnviz.nlp.errors import NlpError

    out = item.output
    try:
        with st.spinner(t("heatmaps.ablate_running")):
            result = hv.ablator(item.bundle)(out.token_ids, heads, out.sequence_ids)
    except NlpError:  # an architecture whose output projection we do not know
        st.warning(t("heatmaps.ablate_unsupported", architecture=loaded.architecture))
        return
    names = [loaded.id2label.get(i, str(i)) for i in range(len(out.probabilities))]
    rows = [
        {
            t("heatmaps.class"): n,
            t("heatmaps.before"): 100 * float(a),
            t("heatmaps.after"): 100 * float(b),
            t("heatmaps.change"): 100 * float(b - a),
        }
        for n, a, b in zip(names, out.probabilities, result.probabilities)
    ]
    percent = st.column_config.NumberColumn(format="%.1f %%")
    columns = {
        t("heatmaps.before"): percent,
        t("heatmaps.after"): percent,
        t("heatmaps.change"): st.column_config.NumberColumn(format="%+.1f"),
    }
    st.dataframe(rows, hide_index=True, column_config=columns)
    key = "heatmaps.ablate_flipped" if result.label_id != out.label_id else "heatmaps.ablate_same"
    st.markdown(
        t(
            key,
            count=len(heads),
            before=out.label,
            after=result.label,
            p_before=f"{100 * float(out.probabilities[out.label_id]):.1f}",
            p_after=f"{100 * float(result.probabilities[out.label_id]):.1f}",
        )
    )


# --- export -----------------------------------------------------------------------------------------------


def _file_stem(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text.strip())[:40].strip("-").lower() or "text"


def _figure_html(build) -> str:
    return build().to_html(include_plotlyjs=True, full_html=True)


def export_tab(items: list[hv.Shown], options: hv.Options) -> None:
    st.markdown(t("heatmaps.export_intro"))
    for number, item in enumerate(items):
        view, stem = item.view, _file_stem(item.analysis.used_text)
        if len(items) > 1:
            st.markdown(f"**{item.name}**")
        if not view.labels:
            st.caption(t("heatmaps.nothing_left"))
            continue
        layers = view.layer_ids or [0]
        heads = view.head_ids or [0]
        metadata = {
            "model": item.bundle.loaded.source,
            "text": item.analysis.used_text,
            "hide_special": options.hide_special,
            "merge_words": options.merge_words,
            "average": options.average,
            "cut_tokens": item.analysis.cut_tokens,
            "label": item.output.label,
            "probabilities": [float(p) for p in item.output.probabilities],
        }
        # figures and files are made only when a button is clicked (deferred downloads)
        model_html = partial(_figure_html, hv.model_view_figure(item, title=item.name, deferred=True))
        head_html = partial(
            _figure_html, hv.head_figure(item, f"{hv.head_title(view)} · {item.name}", deferred=True)
        )
        cols = st.columns(4)
        cols[0].download_button(
            t("heatmaps.export_model_html"),
            model_html,
            file_name=f"attnviz-{stem}-model-view.html",
            mime="text/html",
            key=f"hm.export.model.{number}",
            on_click="ignore",
            icon=":material/grid_view:",
        )
        cols[1].download_button(
            t("heatmaps.export_head_html"),
            head_html,
            file_name=f"attnviz-{stem}-head.html",
            mime="text/html",
            key=f"hm.export.head.{number}",
            on_click="ignore",
            icon=":material/crop_square:",
        )
        cols[2].download_button(
            "CSV",
            lambda v=view, ls=layers, hs_=heads: attention_csv(
                v.attentions, v.labels, layers=ls, heads=hs_, index_base=1
            ),
            file_name=f"attnviz-{stem}-attention.csv",
            mime="text/csv",
            key=f"hm.export.csv.{number}",
            on_click="ignore",
            icon=":material/table:",
        )
        cols[3].download_button(
            "JSON",
            lambda v=view, ls=layers, hs_=heads, m=metadata: attention_json(
                v.attentions, v.labels, layers=ls, heads=hs_, index_base=1, metadata=m
            ),
            file_name=f"attnviz-{stem}-attention.json",
            mime="application/json",
            key=f"hm.export.json.{number}",
            on_click="ignore",
            icon=":material/data_object:",
        )
    st.caption(t("heatmaps.export_png"))
