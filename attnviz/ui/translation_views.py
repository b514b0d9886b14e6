"""The translation page's sections: training the tiny dates translator, a translation written
piece by piece with the decoder's choices, and the three attentions of an encoder-decoder."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import streamlit as st

from attnviz.render import figures
from attnviz.ui.display import show_shared_figure
from attnviz.ui.language import t
from attnviz.ui.page_state import LinkParam, PageState, position

SOURCE = "tr.source"
LAYER, HEAD = "tr.layer", "tr.head"
STEP = "tr.step"
REPLAY = "tr.replay"
EXAMPLES = ("veinticinco de diciembre de 2026", "March 3, 1999", "treinta y uno de enero de 2001")
MAX_SOURCE_CHARS = 80


def _head(text: str):
    return "mean" if text == "mean" else position(text)


# The link: ?text=...&layer=2&head=mean|1.. (layer and head 1-based)
_STATE = PageState(
    "tr",
    keep=(SOURCE, LAYER, HEAD),
    link=(LinkParam("text", SOURCE), LinkParam("layer", LAYER, position), LinkParam("head", HEAD, _head)),
)


def init_from_link() -> None:
    _STATE.start(defaults={SOURCE: EXAMPLES[0]})


def link_problems() -> list[str]:
    return _STATE.link_problems()


def sync_url(source: str | None) -> None:
    """The address reproduces the text, layer and head shown."""
    _STATE.remember()
    params = {"text": source or ""}
    if LAYER in st.session_state:
        params["layer"] = str(int(st.session_state[LAYER]) + 1)
    head = st.session_state.get(HEAD)
    if head is not None:
        params["head"] = "mean" if head == "mean" else str(int(head) + 1)
    _STATE.write_link({k: v for k, v in params.items() if v})


@st.cache_resource(show_spinner=False)
def translator_job(home: str):
    from attnviz.nlp.translator_job import TranslatorJob

    return TranslatorJob(Path(home))


@st.cache_resource(show_spinner=False, max_entries=1)  # one translation model in memory per server
def _loaded(folder: str, stamp: float):
    from attnviz.nlp import tiny_translator as tt

    return tt.load(Path(folder))


def load_translator(folder: Path):
    return _loaded(str(folder), (folder / "metrics.json").stat().st_mtime)


# --- training ----------------------------------------------------------------------------------------


def training_box(job, folder: Path | None) -> None:
    """Train (or train again) the tiny translator: who may, and its progress while it learns."""
    from attnviz.nlp import translator_job as tj
    from attnviz.ui import training_state as ts

    progress = job.progress()
    if progress.state == tj.TRAINING:
        st.fragment(_training_progress, run_every=2.0)(job)
        return
    if progress.state == tj.FAILED:
        st.error(t("translation.failed", reason=progress.error), icon=":material/error:")
    with st.expander(t("translation.train_title"), expanded=folder is None, icon=":material/model_training:"):
        st.markdown(t("translation.train_about", steps=tj.DEFAULT_STEPS))
        reg, who = ts.registry(), ts.who()
        busy = bool(reg.live_names())
        allowed = reg.may_start(who)
        if not allowed:
            st.caption(t("translation.teacher_only"))
        if busy:
            st.caption(t("translation.busy_fine_tuning"))
        label = t("translation.train_again" if folder is not None else "translation.train")
        if st.button(label, key="tr.train", disabled=busy or not allowed, icon=":material/play_arrow:"):
            job.start()
            st.rerun()


def _training_progress(job) -> None:
    from attnviz.nlp import translator_job as tj

    progress = job.progress()
    if progress.state != tj.TRAINING:
        st.rerun()  # done: the whole page shows the new translator
    loss = f"{progress.losses[-1]:.3f}" if progress.losses else "…"
    st.progress(
        progress.step / max(1, progress.total),
        text=t("translation.training", step=progress.step, total=progress.total, loss=loss),
    )
    if progress.checks:
        last = progress.checks[-1]
        st.caption(t("translation.check", step=last["step"], share=f"{100 * last['exact_match']:.0f}"))


# --- a translation, piece by piece -------------------------------------------------------------------


def source_box() -> str | None:
    if link_problems():
        st.warning(t("translation.link_unreadable", names=", ".join(link_problems())))
    st.pills(t("translation.examples"), EXAMPLES, key="tr.example", on_change=_use_example)
    text = st.text_input(t("translation.source"), key=SOURCE, max_chars=MAX_SOURCE_CHARS).strip()
    if not text:
        st.info(t("translation.empty"))
        return None
    return text


def _use_example() -> None:
    chosen = st.session_state.get("tr.example")
    if chosen:
        st.session_state[SOURCE] = chosen


def translation_view(model, tokenizer, source: str):
    """The greedy translation and, at a chosen step, the decoder's top choices. Returns the
    attention of the translation."""
    from attnviz.nlp import tiny_translator as tt

    output = tt.translate(model, tokenizer, [source])[0]
    seen = tt.attention_of(model, tokenizer, source, output)
    unknown = [p for p in seen.source_tokens if p == tokenizer.unk_token]
    if unknown:
        st.warning(t("translation.unknown_words"), icon=":material/help:")
    st.markdown(t("translation.output", output=output or "∅"))
    pieces = seen.output_tokens
    choices = tt.step_choices(seen, tokenizer)  # from the same forward pass
    steps = list(range(1, len(pieces) + 1))
    st.session_state[STEP] = min(max(1, int(st.session_state.get(STEP, len(pieces)))), len(pieces))
    step = st.select_slider(t("translation.step"), steps, key=STEP, help=t("translation.step_help"))
    written = "".join(p for p in pieces[: step - 1] if p != tokenizer.eos_token)
    options = ", ".join(f"«{piece}» {100 * prob:.0f} %" for piece, prob in choices[step - 1])
    st.markdown(t("translation.choice", written=written or "∅", chosen=pieces[step - 1], options=options))
    return seen


# --- the three attentions ----------------------------------------------------------------------------


def _numbered(tokens: list[str]) -> list[str]:
    """Row and column labels: "3 · de" (a piece can occur twice in a sentence)."""
    return [f"{i + 1} · {piece}" for i, piece in enumerate(tokens)]


def _weights_heatmap(
    values: np.ndarray, rows: list[str], cols: list[str], *, title: str, key: str, **extra
) -> None:
    """Attention weights (0 to 1) with two decimals in the cells, shared by every visitor."""
    show_shared_figure(
        figures.matrix_heatmap, values, rows, cols, title=title, zmin=0, zmax=1, decimals=2, key=key, **extra
    )


def attention_views(seen) -> None:
    layers, heads = seen.cross.shape[:2]
    if st.session_state.get(LAYER) not in range(layers):  # first visit, or a link beyond the model
        st.session_state[LAYER] = layers - 1
    if st.session_state.get(HEAD) not in ["mean", *range(heads)]:
        st.session_state[HEAD] = "mean"
    a, b = st.columns(2)
    layer = a.selectbox(t("heatmaps.layer"), list(range(layers)), key=LAYER, format_func=lambda i: str(i + 1))
    head = b.selectbox(
        t("heatmaps.head"),
        ["mean", *range(heads)],
        key=HEAD,
        format_func=lambda h: t("ft.probes.mean") if h == "mean" else str(h + 1),
    )

    def pick(stack: np.ndarray) -> np.ndarray:
        return stack[layer].mean(axis=0) if head == "mean" else stack[layer, head]

    rows, src = _numbered(seen.target_tokens), _numbered(seen.source_tokens)
    st.subheader(t("translation.cross_title"))
    st.markdown(t("translation.cross_about"))
    _weights_heatmap(
        pick(seen.cross),
        rows,
        src,
        title=t("translation.cross_chart"),
        key="tr.cross",
        x_title=t("translation.source_axis"),
        y_title=t("translation.decoder_axis"),
    )
    left, right = st.columns(2)
    with left:
        st.subheader(t("translation.decoder_title"))
        causal = pick(seen.decoder_self)
        masked = np.triu(np.ones_like(causal, dtype=bool), 1)
        _weights_heatmap(
            causal,
            rows,
            rows,
            title=t("translation.decoder_chart"),
            key="tr.decoder",
            masked=masked,
            masked_text="",
        )
        st.caption(t("translation.causal_why"))
    with right:
        st.subheader(t("translation.encoder_title"))
        _weights_heatmap(
            pick(seen.encoder_self), src, src, title=t("translation.encoder_chart"), key="tr.encoder"
        )
    st.download_button(
        t("translation.csv"),
        data=_matrices_csv(seen, layer, head),
        file_name="attnviz-translation-attention.csv",
        mime="text/csv",
        icon=":material/download:",
        key="tr.csv",
    )


def _matrices_csv(seen, layer: int, head) -> str:
    """The three matrices shown, one row per cell: kind, query, key, weight."""
    import pandas as pd

    rows = []
    for kind, stack, queries, keys in (
        ("cross", seen.cross, seen.target_tokens, seen.source_tokens),
        ("decoder", seen.decoder_self, seen.target_tokens, seen.target_tokens),
        ("encoder", seen.encoder_self, seen.source_tokens, seen.source_tokens),
    ):
        matrix = stack[layer].mean(axis=0) if head == "mean" else stack[layer, head]
        for i, query in enumerate(queries):
            for j, key in enumerate(keys):
                rows.append(
                    {
                        "kind": kind,
                        "query": f"{i + 1} {query}",
                        "key": f"{j + 1} {key}",
                        "weight": matrix[i, j],
                    }
                )
    return pd.DataFrame(rows).round(5).to_csv(index=False)


# --- how the alignment appeared ----------------------------------------------------------------------


def training_replay(folder: Path, tokenizer) -> None:
    from attnviz.nlp import translator_job as tj

    found = tj.read_snapshots(folder)
    metrics = tj.read_metrics(folder)
    if found is None:
        return
    steps, stacks = found
    st.subheader(t("translation.replay_title"))
    st.markdown(t("translation.replay_about", probe=tj.PROBE))
    choices = [int(s) for s in steps]
    if st.session_state.get(REPLAY) not in choices:
        st.session_state[REPLAY] = choices[-1]
    chosen = st.select_slider(t("translation.replay_step"), choices, key=REPLAY)
    index = choices.index(chosen)
    target = tokenizer.convert_ids_to_tokens(
        [tokenizer.pad_token_id] + tokenizer(tj.PROBE_TARGET)["input_ids"][:-1]
    )
    source = tokenizer.convert_ids_to_tokens(tokenizer(tj.PROBE)["input_ids"])
    _weights_heatmap(
        stacks[index, -1].mean(axis=0),
        _numbered(target),
        _numbered(source),
        title=t("translation.replay_chart", step=chosen),
        key="tr.replay_chart",
    )
    checks = metrics.get("checks") or []
    if checks:
        text = ", ".join(f"{100 * c['exact_match']:.0f} % ({c['step']})" for c in checks)
        st.caption(t("translation.replay_checks", checks=text))
