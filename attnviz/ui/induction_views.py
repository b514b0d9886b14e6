"""The generation page's live experiment: a tiny GPT-2 learns sequences where a segment comes back,
and the class watches an induction head form (the losses on the two copies, every head's induction
score, and a probe sequence's attention at any training step)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
import streamlit as st

from attnviz.render import blocks as block_figures
from attnviz.render import heatmaps as heatmap_figures
from attnviz.ui.display import show_shared_figure
from attnviz.ui.language import t

STEP = "gen.ind.step"
HEAD = "gen.ind.head"  # (layer, head), 0-based


@st.cache_resource(show_spinner=False)
def induction_job(home: str):
    """The server's induction-head training, in the fine-tuning queue (as the translator's)."""
    from attnviz.nlp.induction_job import InductionJob
    from attnviz.ui.live_training import in_training_queue

    return in_training_queue(partial(InductionJob, Path(home)))


def section(home: Path) -> None:
    """The whole experiment: what it is, the training box, and once trained how the head formed."""
    from attnviz.nlp.induction_job import trained_folder

    st.header(t("induction.title"), divider="gray")
    st.markdown(t("induction.intro"))
    folder = trained_folder(home)
    training_box(induction_job(str(home)), folder)
    if folder is not None:
        results(folder)


def training_box(job, folder: Path | None) -> None:
    from attnviz.nlp import induction_job as ij
    from attnviz.ui.live_training import training_box as box

    about = t("induction.train_about", steps=ij.DEFAULT_STEPS)
    box(
        job, trained=folder is not None, key="gen.ind", strings="induction", about=about, live_view=_live_view
    )


def _checks_table(checks: list[dict]) -> dict:
    return {
        t("induction.first_half"): [c["first_half_loss"] for c in checks],
        t("induction.repeat"): [c["repeat_loss"] for c in checks],
    }


def _live_view(progress) -> None:
    """The two copies' losses and the best head's score, measured every few steps."""
    checks = progress.checks
    if len(checks) < 2:
        return
    left, right = st.columns(2)
    steps = [c["step"] for c in checks]
    left.line_chart(
        {"step": steps, **_checks_table(checks)}, x="step", height=200, x_label=t("live.step_axis")
    )
    right.line_chart(
        {"step": steps, t("induction.best_score"): [c["best_score"] for c in checks]},
        x="step",
        height=200,
        x_label=t("live.step_axis"),
    )


def results(folder: Path) -> None:
    """After training: the curves over steps, and the probe's attention at a chosen step."""
    from attnviz.nlp import induction_job as ij

    found = ij.read_snapshots(folder)
    if found is None:
        st.error(t("induction.damaged"), icon=":material/error:")
        return
    steps, scores, attention = found["steps"], found["scores"], found["attention"]
    layers, heads = scores.shape[1:]
    best = np.unravel_index(int(np.argmax(scores[-1])), (layers, heads))
    checks = ij.read_metrics(folder).get("checks") or []
    if checks:
        losses = _checks_table(checks)
        show_shared_figure(
            block_figures.curves,
            np.asarray([c["step"] for c in checks]),
            [np.asarray(v) for v in losses.values()],
            list(losses),
            title=t("induction.losses_title"),
            x_title=t("live.step_axis"),
            y_title=t("live.loss_axis"),
            markers=False,
            key="gen.ind.losses",
        )
    show_shared_figure(
        block_figures.curves,
        steps,
        [scores[:, layer, head] for layer in range(layers) for head in range(heads)],
        [
            t("induction.head_name", layer=layer + 1, head=head + 1)
            for layer in range(layers)
            for head in range(heads)
        ],
        title=t("induction.scores_title"),
        x_title=t("live.step_axis"),
        y_title=t("induction.score_axis"),
        markers=False,
        y_range=(0, 1),
        key="gen.ind.scores",
    )
    st.markdown(t("induction.score_about"))
    choices = [int(s) for s in steps]
    if st.session_state.get(STEP) not in choices:
        st.session_state[STEP] = choices[-1]
    chosen = st.select_slider(t("induction.step"), choices, key=STEP)
    index = choices.index(chosen)
    pairs = [(layer, head) for layer in range(layers) for head in range(heads)]
    if st.session_state.get(HEAD) not in pairs:
        st.session_state[HEAD] = (int(best[0]), int(best[1]))
    layer, head = st.selectbox(
        t("induction.head"),
        pairs,
        key=HEAD,
        format_func=lambda p: (
            t("induction.head_name", layer=p[0] + 1, head=p[1] + 1) + f" · {scores[index, p[0], p[1]]:.2f}"
        ),
    )
    start, half, gap = (int(v) for v in found["where"])
    labels = [f"{i} · {int(token)}" for i, token in enumerate(found["probe"])]
    used = start + 2 * half + gap  # the padding after the second copy is not shown
    show_shared_figure(
        heatmap_figures.head_heatmap,
        attention[index, layer, head, :used, :used].astype(np.float32),
        labels[:used],
        labels[:used],
        title=t("induction.attention_title", layer=layer + 1, head=head + 1, step=chosen),
        x_title=t("induction.keys_axis"),
        y_title=t("induction.queries_axis"),
        key="gen.ind.attention",
    )
    st.caption(t("induction.stripe_about", first=start, second=start + half + gap, offset=half + gap - 1))
    left, right = st.columns(2)
    for column, values, name, key in (
        (left, scores[index], "induction.grid_title", "gen.ind.grid"),
        (right, found["previous"][index], "induction.previous_title", "gen.ind.previous"),
    ):
        with column:
            show_shared_figure(
                heatmap_figures.head_metric_grid,
                values,
                layer_title=t("heatmaps.layer"),
                head_title=t("heatmaps.head"),
                value_label=t("induction.score_axis"),
                title=t(name, step=chosen),
                key=key,
            )
    st.markdown(t("induction.previous_about"))
