"""The playground's sections: editors, messages, figures and the step-by-step panel."""

from __future__ import annotations

from urllib.parse import urlencode

import numpy as np
import pandas as pd
import streamlit as st

from attnviz.core.attention import AttentionSteps
from attnviz.core.matrix_input import MAX_ABS_VALUE, format_number
from attnviz.core.multihead import multi_head_attention
from attnviz.core.share import PlaygroundSettings
from attnviz.render import figures, formulas
from attnviz.ui import playground_state as ps
from attnviz.ui.display import show_shared_figure
from attnviz.ui.language import t

MAX_PROBLEMS_LISTED = 4


def labels(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{i + 1}" for i in range(count)]


def matrix_editor(name: str):
    """One matrix as an editable table of text cells. Returns the slot right below it,
    where :func:`input_problems` writes that matrix's problems."""
    st.markdown(t(f"playground.matrix.{name}"))
    frame = ps.editor_frame(name)
    column_config = {
        col: st.column_config.TextColumn(col, width="small", alignment="right") for col in frame.columns
    }
    edited = st.data_editor(
        frame, key=ps.editor_key(name), column_config=column_config, num_rows="fixed", width="stretch"
    )
    ps.store_edited(name, edited)
    return st.container()


def input_problems(evaluation: ps.Evaluation, slots: dict) -> None:
    """Clear messages for every kind of bad input, in the page's language; a cell's
    problem goes in its matrix's slot, right under the editor."""
    for name, problems in evaluation.cell_problems.items():
        if not problems:
            continue
        lines = [
            t(
                f"input.{p.code}",
                cell=f"{ps.ROW_PREFIX[name]}{p.row + 1}, {t('playground.column')} {p.col + 1}",
                raw=p.raw,
                limit=format_number(MAX_ABS_VALUE),
            )
            for p in problems[:MAX_PROBLEMS_LISTED]
        ]
        if len(problems) > MAX_PROBLEMS_LISTED:
            lines.append(t("input.more", count=len(problems) - MAX_PROBLEMS_LISTED))
        slots[name].error(t("input.in_matrix", name=name) + "\n\n" + "\n".join(f"- {line}" for line in lines))
    for problem in evaluation.shape_problems:
        st.error(t(f"input.shape.{problem.code}", left=problem.left, right=problem.right))
    if evaluation.mask_problem:
        st.error(
            t(
                "input.causal_needs_n_le_m",
                n=st.session_state[ps.DIMS["n"]],
                m=st.session_state[ps.DIMS["m"]],
            )
        )


def _query_labels(steps: AttentionSteps) -> list[str]:
    """q1, q2 ...; a query with every key masked is marked, so a zero row is never a mystery."""
    return [f"q{i + 1} ⚠" if masked else f"q{i + 1}" for i, masked in enumerate(steps.fully_masked)]


def pipeline(settings: PlaygroundSettings, steps: AttentionSteps, *, hide_weights: bool = False) -> None:
    """Scores, scaled and masked logits, and softmax weights, side by side (the weights replaced
    by a note while the student guesses them)."""
    rows, keys = _query_labels(steps), labels("k", settings.k.shape[0])
    st.subheader(t("playground.pipeline_title"))
    cols = st.columns(3)
    with cols[0]:
        show_shared_figure(
            figures.matrix_heatmap,
            steps.scores,
            rows,
            keys,
            title=t("playground.scores_title"),
            colorscale=figures.SCORE_COLORS,
            zmid=0,
            key="pg.chart.scores",
        )
        st.caption(t("playground.scores_caption"))
    with cols[1]:
        show_shared_figure(
            figures.matrix_heatmap,
            steps.logits,
            rows,
            keys,
            title=t("playground.logits_title"),
            colorscale=figures.SCORE_COLORS,
            zmid=0,
            masked=~steps.allowed,
            key="pg.chart.logits",
        )
        st.caption(_scaling_caption(settings, steps))
    with cols[2]:
        if hide_weights:
            st.info(t("guess.hidden"), icon=":material/visibility_off:")
            return
        show_shared_figure(
            figures.matrix_heatmap,
            steps.weights,
            rows,
            keys,
            title=t("playground.weights_title"),
            zmin=0,
            zmax=1,
            masked=~steps.allowed,
            masked_text="0",
            key="pg.chart.weights",
        )
        st.caption(t("playground.weights_caption"))
    for i in np.flatnonzero(steps.fully_masked):
        st.warning(t("playground.fully_masked", query=f"q{i + 1}"))


def _scaling_caption(settings: PlaygroundSettings, steps: AttentionSteps) -> str:
    d_k = settings.q.shape[1]
    if settings.scaled:
        text = t("playground.scaling_on", d_k=d_k, factor=formulas.num(steps.scale, 4))
    else:
        text = t("playground.scaling_off")
    if settings.temperature != 1:
        text += " " + t("playground.temperature_note", temperature=format_number(settings.temperature))
    return text


def context(settings: PlaygroundSettings, steps: AttentionSteps) -> None:
    """The context vectors: a table and a bar chart."""
    st.subheader(t("playground.context_title"))
    table_col, chart_col = st.columns([2, 3])
    rows = _query_labels(steps)
    table_col.dataframe(
        pd.DataFrame(steps.context, index=rows, columns=labels("d", settings.v.shape[1])).round(4),
        width="stretch",
    )
    table_col.caption(t("playground.context_caption"))
    with chart_col:
        show_shared_figure(
            figures.grouped_bars,
            steps.context,
            labels("d", settings.v.shape[1]),
            rows,
            title=t("playground.context_chart_title"),
            key="pg.chart.context",
        )


def step_by_step(settings: PlaygroundSettings, steps: AttentionSteps, query: int) -> None:
    """The formula with the actual numbers of one query, from scores to context."""
    words = formulas.StepWords(masked=t("playground.masked_word"))
    st.markdown(t("playground.step1"))
    st.latex(formulas.aligned(formulas.score_lines(settings.q, settings.k, steps, query)))
    st.markdown(t("playground.step2"))
    st.latex(
        formulas.aligned(formulas.scaling_lines(steps, query, settings.q.shape[1], settings.scaled, words))
    )
    if steps.fully_masked[query]:
        st.warning(t("playground.fully_masked", query=f"q{query + 1}"))
        return
    st.markdown(t("playground.step3"))
    st.latex(formulas.aligned(formulas.softmax_lines(steps, query)))
    st.markdown(t("playground.step4"))
    st.latex(formulas.context_line(settings.v, steps, query))


def multi_head(settings: PlaygroundSettings, heads: int) -> None:
    """Each head's weights on its slice of the columns, and the heads' outputs side by side."""
    d_k, d_v = settings.q.shape[1], settings.v.shape[1]
    if d_k % heads or d_v % heads:
        heads = 1
    result = multi_head_attention(
        settings.q,
        settings.k,
        settings.v,
        heads,
        scaled=settings.scaled,
        temperature=settings.temperature,
        allowed=settings.allowed(),
    )
    st.caption(t("playground.multihead_split", heads=heads, dk=d_k // heads, dv=d_v // heads))
    cols = st.columns(min(heads, 4))
    for h, head in enumerate(result.heads):
        with cols[h % len(cols)]:
            show_shared_figure(
                figures.matrix_heatmap,
                head.weights,
                _query_labels(head),
                labels("k", settings.k.shape[0]),
                title=t("playground.head_title", head=h + 1),
                zmin=0,
                zmax=1,
                masked=~head.allowed,
                masked_text="0",
                key=f"pg.chart.head.{h + 1}",
            )
    columns = [f"h{h + 1}·d{j + 1}" for h in range(heads) for j in range(d_v // heads)]
    st.markdown(t("playground.concat_title"))
    st.dataframe(
        pd.DataFrame(result.output, index=labels("q", settings.q.shape[0]), columns=columns).round(4),
        width="stretch",
    )


def share_link(params: dict[str, str]) -> None:
    """The address that reproduces this example, ready to copy."""
    base = (st.context.url or "").split("?")[0]
    st.code(f"{base}?{urlencode(params, safe=',;')}" if params else base, language=None)
    st.caption(t("playground.share_caption"))
