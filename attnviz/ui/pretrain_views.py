"""The pretraining page's "pretrain a tiny BERT yourself" section: a text file in, a tiny BERT out
(:mod:`attnviz.nlp.pretrain_job`), trained live, then replayed: masked-word accuracy against the
unigram baseline, the guesses for held-out sentences and the heads' patterns at every check.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st

from attnviz.render import heatmaps as fa
from attnviz.ui.display import plain_text, show_built_figure
from attnviz.ui.language import t

UPLOAD, NAME, STEPS, REPLAY, CHECK = "ptb.upload", "ptb.name", "ptb.steps", "ptb.replay", "ptb.check"
_TEXTS = "ptb.texts"  # (file name, size, texts) of the last file read
PATTERN_COLORS = {"previous": "Blues", "next": "Greens", "sep": "Purples", "entropy": "Greys"}


@st.cache_resource(show_spinner=False)
def pretrain_job(home: str):
    """The server's tiny-BERT pretraining, in the fine-tuning queue (like the tiny translator)."""
    from attnviz.nlp.pretrain_job import PretrainJob
    from attnviz.ui.live_training import in_training_queue

    return in_training_queue(partial(PretrainJob, Path(home)))


def pretrained_models(home: Path) -> dict[str, dict]:
    """Models this app pretrained (a readable ``pretraining.json``), newest first."""
    from attnviz.nlp.pretrain_job import models_dir, read_record

    found = []
    root = models_dir(home)
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        record = read_record(folder) if folder.is_dir() else None
        if record is not None:
            found.append((folder.stat().st_mtime, folder.name, record))
    return {name: record for _, name, record in sorted(found, reverse=True)}


def section(home: Path) -> None:
    from attnviz.nlp.pretrain_job import DEFAULT_STEPS
    from attnviz.ui.live_training import training_box

    st.header(t("pretrain.title"))
    st.markdown(t("pretrain.intro"))
    job = pretrain_job(str(home))
    done = pretrained_models(home)
    training_box(
        job,
        trained=bool(done),
        key="ptb",
        strings="pretrain",
        about=t("pretrain.about", steps=DEFAULT_STEPS),
        live_view=partial(_live_view, job),
        settings=partial(_settings, job),
    )
    if done:
        replay(done)


# --- before training: the text, the name, the steps -----------------------------------------------


def _read_upload():
    """The uploaded file's texts (read once per file), or None with the problem shown."""
    from attnviz.nlp import tiny_bert as tb

    upload = st.session_state.get(UPLOAD)
    if upload is None:
        return None
    cached = st.session_state.get(_TEXTS)
    if cached is not None and cached[:2] == (upload.name, upload.size):
        return cached[2]
    try:
        texts = tb.clean_texts(tb.read_texts(upload.name, upload.getvalue()))
    except tb.TextProblem as problem:
        st.warning(t(f"pretrain.problem.{problem.code}", **problem.values), icon=":material/warning:")
        return None
    st.session_state[_TEXTS] = (upload.name, upload.size, texts)
    if not st.session_state.get(NAME):
        st.session_state[NAME] = f"tiny-bert-{Path(upload.name).stem}"
    return texts


def _settings(job):
    from attnviz.nlp.pretrain_job import DEFAULT_STEPS, safe_name
    from attnviz.nlp.tiny_bert import HELD_OUT

    st.file_uploader(t("pretrain.upload"), type=["txt", "csv"], key=UPLOAD, help=t("pretrain.upload_help"))
    texts = _read_upload()
    left, right = st.columns([2, 1])
    left.text_input(t("pretrain.name"), key=NAME, max_chars=60, help=t("pretrain.name_help"))
    right.number_input(t("pretrain.steps"), 50, 20_000, value=DEFAULT_STEPS, step=50, key=STEPS)
    if texts is None:
        st.caption(t("pretrain.needs_text"))
        return None
    name = safe_name(st.session_state.get(NAME) or "")
    st.caption(t("pretrain.ready", count=len(texts), held=min(HELD_OUT, len(texts) // 10), name=name))
    return partial(job.prepare, texts, name, steps=int(st.session_state.get(STEPS) or DEFAULT_STEPS))


# --- while training ---------------------------------------------------------------------------------


def _live_view(job, progress) -> None:
    if progress.losses:
        st.line_chart({t("live.loss_axis"): progress.losses}, height=180, x_label=t("live.step_axis"))
    if progress.checks:
        _accuracy_chart(progress.checks)
        last = progress.checks[-1]
        st.caption(t("pretrain.live_check", step=last["step"], accuracy=f"{100 * last['accuracy']:.1f}"))


def _accuracy_chart(checks: list[dict]) -> None:
    frame = pd.DataFrame(
        {
            t("pretrain.accuracy"): [100 * c["accuracy"] for c in checks],
            t("pretrain.baseline"): [100 * c["baseline"] for c in checks],
        },
        index=pd.Index([c["step"] for c in checks], name=t("live.step_axis")),
    )
    st.line_chart(frame, height=220, x_label=t("live.step_axis"), y_label="%")


# --- after training: how it learned ---------------------------------------------------------------


def replay(done: dict[str, dict]) -> None:
    """How a pretrained tiny BERT learned: accuracy against the baseline, then, at a chosen check,
    its guesses for the held-out sentences and what its heads look at."""
    st.subheader(t("pretrain.replay_title"))
    name = st.selectbox(t("pretrain.replay_model"), list(done), key=REPLAY)
    record = done[name]
    checks = record["checks"]
    last = checks[-1]
    st.markdown(
        t(
            "pretrain.summary",
            steps=record.get("steps", last["step"]),
            texts=record.get("texts", "?"),
            vocabulary=record.get("vocabulary", "?"),
            accuracy=f"{100 * last['accuracy']:.1f}",
            baseline=f"{100 * last['baseline']:.1f}",
            piece=plain_text(record.get("unigram_piece", "?")),
        )
    )
    _accuracy_chart(checks)
    steps = [c["step"] for c in checks]
    one = len(steps) == 1  # a run stopped before its first check after step 0
    step = steps[0] if one else st.select_slider(t("pretrain.check_step"), steps, value=steps[-1], key=CHECK)
    check = next(c for c in checks if c["step"] == step)
    rows = [
        {
            t("pretrain.sentence"): probe["sentence"],
            t("pretrain.word"): probe["word"],
            t("pretrain.guesses"): ", ".join(f"{piece} ({100 * p:.0f} %)" for piece, p in guesses),
        }
        for probe, guesses in zip(record["probes"], check["guesses"])
    ]
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.markdown(t("pretrain.patterns_intro"))
    columns = st.columns(2)
    for index, (metric, values) in enumerate(check["patterns"].items()):
        with columns[index % 2]:
            entropy = metric == "entropy"
            show_built_figure(
                partial(
                    fa.head_metric_grid,
                    values,
                    layer_title=t("heatmaps.layer"),
                    head_title=t("heatmaps.head"),
                    value_label="nats" if entropy else t("pretrain.weight"),
                    title=t(f"pretrain.pattern.{metric}"),
                    zmax=None if entropy else 1.0,
                    colorscale=PATTERN_COLORS[metric],
                ),
                key=f"ptb.chart.pattern.{metric}",
            )
    st.caption(t("pretrain.use_it", name=name))
