"""The translation page's sections: which translator (the tiny dates translator trained here, or a
pretrained Marian / T5), training the tiny one, a translation written piece by piece with the
decoder's choices, and the three attentions of an encoder-decoder."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
import streamlit as st

from attnviz.render import figures
from attnviz.ui.display import show_shared_figure
from attnviz.ui.language import t
from attnviz.ui.page_state import LinkParam, PageState, one_of, position

SOURCE = "tr.source"
MODEL = "tr.model"
LAYER, HEAD = "tr.layer", "tr.head"
STEP = "tr.step"
HEAD_STEP = "tr.head_step"
MERGE = "tr.merge"
REPLAY = "tr.replay"
TINY = "tiny"  # the dates translator trained on this server
ENGLISH_EXAMPLES = (
    "The cat sat on the mat because it was tired.",
    "Tomorrow we will go to the beach with my friends.",
    "Attention is all you need.",
)
EXAMPLES = {
    TINY: ("veinticinco de diciembre de 2026", "March 3, 1999", "treinta y uno de enero de 2001"),
    "opus-mt-es-en": (
        "El gato se sentó en la alfombra porque estaba cansado.",
        "Mañana iremos a la playa con mis amigos.",
        "La atención es todo lo que necesitas.",
    ),
    "opus-mt-en-es": ENGLISH_EXAMPLES,
    "t5-small": ENGLISH_EXAMPLES,
}
MAX_SOURCE_CHARS = {TINY: 80}  # the others: DEFAULT_MAX_CHARS
DEFAULT_MAX_CHARS = 300


def _linkable_models() -> tuple[str, ...]:
    from attnviz.nlp import catalog

    return (TINY, *(e.name for e in catalog.models_for(catalog.TRANSLATION)))


def _head(text: str):
    return "mean" if text == "mean" else position(text)


# The link: ?model=tiny|opus-mt-es-en..&text=...&layer=2&head=mean|1.. (layer and head 1-based);
# only the catalog's translators can be named in a link, never a folder or a Hub id.
_STATE = PageState(
    "tr",
    keep=(MODEL, SOURCE, LAYER, HEAD, MERGE),
    link=(
        LinkParam("model", MODEL, one_of(_linkable_models())),
        LinkParam("text", SOURCE),
        LinkParam("layer", LAYER, position),
        LinkParam("head", HEAD, _head),
    ),
)


def init_from_link() -> None:
    """The page's state from the link on the first visit; what cannot be read is said once here."""
    _STATE.start(defaults={SOURCE: EXAMPLES[TINY][0], MODEL: TINY})
    if link_problems():
        st.warning(t("translation.link_unreadable", names=", ".join(link_problems())))


def link_problems() -> list[str]:
    return _STATE.link_problems()


def sync_url(source: str | None) -> None:
    """The address reproduces the text, layer and head shown."""
    _STATE.remember()
    params = {"model": str(st.session_state.get(MODEL) or ""), "text": source or ""}
    if LAYER in st.session_state:
        params["layer"] = str(int(st.session_state[LAYER]) + 1)
    head = st.session_state.get(HEAD)
    if head is not None:
        params["head"] = "mean" if head == "mean" else str(int(head) + 1)
    _STATE.write_link({k: v for k, v in params.items() if v})


@st.cache_resource(show_spinner=False)
def translator_job(home: str):
    """The server's tiny-translator training, in the same queue as the fine-tuning runs: runs
    started while it trains wait, and start when it ends."""
    from attnviz.nlp.translator_job import TranslatorJob
    from attnviz.ui.live_training import in_training_queue

    return in_training_queue(partial(TranslatorJob, Path(home)))


def _translator_from_shelf(key: tuple, load, *, name: str, folder: Path):
    """One translation model at a time per server (the page drops the previous one), on the
    server's shelf of models (one memory budget for every page)."""
    from attnviz.ui.model_shelf import shelf, shelved

    shelf().drop_kind("translator", keep=key)
    return shelved(key, load, name=name, folder=folder)


@st.cache_resource(show_spinner=False)
def _translations():
    """Translations already computed, shared by every session (a class opening the same example)."""
    from attnviz.ui.shared_results import SharedResults

    return SharedResults(16)


def translator_picker() -> str:
    """The tiny translator, the catalog's translators (marked when on disk), and translation
    folders placed under ATTNVIZ_HOME/models."""
    from attnviz.nlp import catalog, hub
    from attnviz.nlp.paths import local_models, models_dir

    entries = {e.name: e for e in catalog.models_for(catalog.TRANSLATION)}
    fetched = {hub.model_download_dir(name).name for name in entries}
    local = [
        name
        for name in local_models()
        if name not in fetched and catalog.local_model_task(models_dir() / name) == catalog.TRANSLATION
    ]
    options = [TINY, *entries, *local]
    if st.session_state.get(MODEL) not in options:
        st.session_state[MODEL] = TINY

    def describe(option: str) -> str:
        if option == TINY:
            return t("translation.model.tiny")
        entry = entries.get(option)
        if entry is None:
            return t("models.picker.local_option", name=option)
        status = t("models.storage.on_disk") if hub.downloaded_model(option) else f"~{entry.download_mb} MB"
        return t(f"translation.model.{option}", status=status)

    return st.selectbox(t("translation.model"), options, key=MODEL, format_func=describe)


def tiny_translator(folder: Path):
    """The trained tiny translator, held as the server's one translation model."""
    from attnviz.nlp import tiny_translator as tt

    stamp = (folder / "metrics.json").stat().st_mtime

    def load():
        translator = tt.as_translator(*tt.load(folder))
        translator.version = f"{folder}:{stamp}"
        return translator

    try:
        return _translator_from_shelf(
            ("translator", TINY, str(folder), stamp), load, name=TINY, folder=folder
        )
    except Exception:  # noqa: BLE001 - a damaged folder (disk full while saving, edited by hand)
        st.error(t("translation.damaged"), icon=":material/error:")
        return None


def pretrained_or_explain(name: str):
    """A pretrained translator, fetched on request (catalog) or from ATTNVIZ_HOME/models; or None
    after saying why not (no network, refused for memory, unreadable folder)."""
    from attnviz.nlp import catalog, hub, seq2seq
    from attnviz.nlp.errors import HubUnreachable, NlpError
    from attnviz.nlp.paths import models_dir
    from attnviz.ui.models import folder_with_progress, show_error

    entry = catalog.find_model(name)
    folder = seq2seq.fetched_or_local(name)
    if folder is None:
        if entry is None:
            return None
        try:
            hub.check_hub()
        except HubUnreachable:
            st.info(
                t("translation.offline", name=name, mb=entry.download_mb, models=str(models_dir())),
                icon=":material/cloud_off:",
            )
            return None
        st.markdown(t("translation.fetch_about", name=name, mb=entry.download_mb, repo=entry.repo_id))
        if not st.button(
            t("translation.fetch", mb=entry.download_mb), key="tr.fetch", icon=":material/download:"
        ):
            return None
        try:
            folder = folder_with_progress(name)
        except NlpError as error:
            show_error(error)
            return None

    def load():
        return seq2seq.load_translator(folder, name)

    try:
        with st.spinner(t("models.loading", name=name)):
            key = ("translator", str(folder.resolve()))
            return _translator_from_shelf(key, load, name=name, folder=folder)
    except NlpError as error:
        show_error(error)
        return None


# --- training ----------------------------------------------------------------------------------------


def training_box(job, folder: Path | None) -> None:
    """Train (or train again) the tiny translator: who may, and its progress while it learns."""
    from attnviz.nlp import translator_job as tj
    from attnviz.ui.live_training import training_box as box

    about = t("translation.train_about", steps=tj.DEFAULT_STEPS)
    box(job, trained=folder is not None, key="tr", strings="translation", about=about, live_view=_live_view)


def _live_view(progress) -> None:
    """The loss of every step so far, and the last exact-match check."""
    if progress.losses:
        st.line_chart({t("live.loss_axis"): progress.losses}, height=180, x_label=t("live.step_axis"))
    if progress.checks:
        last = progress.checks[-1]
        st.caption(t("translation.check", step=last["step"], share=f"{100 * last['exact_match']:.0f}"))


# --- a translation, piece by piece -------------------------------------------------------------------


def source_box(translator) -> str | None:
    examples = EXAMPLES.get(translator.name, ENGLISH_EXAMPLES)
    shown = str(st.session_state.get(SOURCE) or "").strip()
    if shown not in examples and any(shown in other for other in EXAMPLES.values()):
        # another translator's example gives way to one of this translator's; a text the user wrote stays
        st.session_state[SOURCE] = examples[0]
    st.pills(t("translation.examples"), examples, key="tr.example", on_change=_use_example)
    tiny = translator.name == TINY
    text = st.text_input(
        t("translation.source" if tiny else "translation.source_sentence"),
        key=SOURCE,
        max_chars=MAX_SOURCE_CHARS.get(translator.name, DEFAULT_MAX_CHARS),
    ).strip()
    if not text:
        st.info(t("translation.empty" if tiny else "translation.empty_sentence"))
        return None
    if translator.prefix:
        st.caption(t("translation.prefix", prefix=translator.prefix.strip()))
    return text


def _use_example() -> None:
    chosen = st.session_state.get("tr.example")
    if chosen:
        st.session_state[SOURCE] = chosen


def translation_view(translator, source: str):
    """The greedy translation and, at a chosen step, the decoder's top choices. Returns the
    attention of the translation (one forward pass, shared by every session)."""
    from attnviz.nlp import seq2seq

    key = (translator.name, translator.version, source)
    found = _translations().get(key)
    if found is None:
        with st.spinner(t("translation.translating")):
            ids = seq2seq.greedy_ids(translator, source)
            found = (seq2seq.output_text(translator, ids), seq2seq.forward(translator, source, ids))
        _translations().put(key, found)
    output, seen = found
    tokenizer = translator.tokenizer
    if tokenizer.unk_token in seen.source_tokens:
        tiny = translator.name == TINY
        st.warning(
            t("translation.unknown_words" if tiny else "translation.unknown_pieces"), icon=":material/help:"
        )
    st.markdown(t("translation.output", output=output or "∅"))
    pieces = seen.output_tokens
    choices = seq2seq.step_choices(seen, tokenizer)  # from the same forward pass
    steps = list(range(1, len(pieces) + 1))
    st.session_state[STEP] = min(max(1, int(st.session_state.get(STEP, len(pieces)))), len(pieces))
    step = st.select_slider(t("translation.step"), steps, key=STEP, help=t("translation.step_help"))
    written = seq2seq.output_text(translator, tokenizer.convert_tokens_to_ids(pieces[: step - 1]))
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


def _shown_matrices(seen, translator, layer: int, head, merge: bool) -> list[tuple]:
    """(kind, weights, query labels, key labels) of the three attentions at ``layer`` / ``head``
    ("mean": the average of the heads), in pieces or merged into words."""
    from attnviz.core.attention_views import merge_rectangular, sentencepiece_word_ids

    def pick(stack: np.ndarray) -> np.ndarray:
        return stack[layer].mean(axis=0) if head == "mean" else stack[layer, head]

    shown = [
        ("cross", pick(seen.cross), seen.target_tokens, seen.source_tokens),
        ("decoder", pick(seen.decoder_self), seen.target_tokens, seen.target_tokens),
        ("encoder", pick(seen.encoder_self), seen.source_tokens, seen.source_tokens),
    ]
    if not merge:
        return shown
    special = translator.tokenizer.all_special_tokens
    merged = []
    for kind, weights, rows, cols in shown:
        values, row_words, col_words = merge_rectangular(
            weights, rows, sentencepiece_word_ids(rows, special), cols, sentencepiece_word_ids(cols, special)
        )
        merged.append((kind, values, row_words, col_words))
    return merged


def attention_views(seen, translator) -> tuple[int, object]:
    """The three attentions at the chosen layer and head; returns that layer and head."""
    layers, heads = seen.cross.shape[:2]
    if st.session_state.get(LAYER) not in range(layers):  # first visit, or a link beyond the model
        st.session_state[LAYER] = layers - 1
    if st.session_state.get(HEAD) not in ["mean", *range(heads)]:
        st.session_state[HEAD] = "mean"
    a, b, c = st.columns([2, 2, 3], vertical_alignment="bottom")
    layer = a.selectbox(t("heatmaps.layer"), list(range(layers)), key=LAYER, format_func=lambda i: str(i + 1))
    head = b.selectbox(
        t("heatmaps.head"),
        ["mean", *range(heads)],
        key=HEAD,
        format_func=lambda h: t("ft.probes.mean") if h == "mean" else str(h + 1),
    )
    merge = not translator.compact and c.toggle(
        t("translation.merge"), key=MERGE, help=t("translation.merge_help")
    )
    (_, cross, rows, src), (_, causal, _, _), (_, encoder, _, _) = shown = _shown_matrices(
        seen, translator, layer, head, merge
    )
    rows, src = _numbered(rows), _numbered(src)
    st.subheader(t("translation.cross_title"))
    st.markdown(t("translation.cross_about"))
    if not translator.scaled:
        st.info(t("translation.t5_note"), icon=":material/info:")
    _weights_heatmap(
        cross,
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
        _weights_heatmap(encoder, src, src, title=t("translation.encoder_chart"), key="tr.encoder")
    csv_column, json_column = st.columns(2)
    csv_column.download_button(
        t("translation.csv"),
        data=_matrices_csv(shown),
        file_name="attnviz-translation-attention.csv",
        mime="text/csv",
        icon=":material/download:",
        key="tr.csv",
    )
    json_column.download_button(
        t("translation.json"),
        data=_matrices_json(shown, translator.name, layer, head),
        file_name="attnviz-translation-attention.json",
        mime="application/json",
        icon=":material/data_object:",
        key="tr.json",
    )
    return layer, head


def cross_head_box(translator, source: str, seen, layer: int, head) -> None:
    """One cross-attention head with its own numbers: Q from a decoder step, K and V from the source
    (the head's projections of what it received), and a copy to edit in the playground."""
    from attnviz.nlp import seq2seq
    from attnviz.ui.inside_views import copy_box

    st.subheader(t("translation.head_title"))
    if head == "mean":
        st.caption(t("translation.head_pick"))
        return
    steps = list(range(len(seen.target_tokens)))
    if st.session_state.get(HEAD_STEP) not in steps:
        st.session_state[HEAD_STEP] = steps[-1]
    step = st.selectbox(
        t("translation.head_step"),
        steps,
        key=HEAD_STEP,
        format_func=lambda i: f"{i + 1} · {seen.target_tokens[i]} → {seen.output_tokens[i]}",
    )
    key = ("head", translator.name, translator.version, source, layer, head)
    vectors = _translations().get(key)
    if vectors is None:
        output_ids = translator.tokenizer.convert_tokens_to_ids(seen.output_tokens)
        vectors = seq2seq.cross_head_vectors(translator, source, output_ids, layer, head)
        _translations().put(key, vectors)
    difference = float(np.abs(vectors.weights - vectors.model_weights).max())
    st.markdown(
        t(
            "translation.head_about",
            layer=layer + 1,
            head=head + 1,
            step=step + 1,
            token=seen.target_tokens[step],
            n=len(seen.source_tokens),
            d=vectors.d_head,
            difference=f"{difference:.1e}",
        )
    )
    copy_box(vectors, step, seen.source_tokens, dims_key="tr.dims", scaled=vectors.scaled)


def _matrices_json(shown: list[tuple], model: str, layer: int, head) -> str:
    """The three matrices shown with their labels, for a notebook: {"cross": {"queries", "keys",
    "weights"}, ...}, layer and head 1-based ("mean": the average of the heads)."""
    import json

    out = {"model": model, "layer": layer + 1, "head": head if head == "mean" else int(head) + 1}
    for kind, weights, queries, keys in shown:
        out[kind] = {
            "queries": list(queries),
            "keys": list(keys),
            "weights": np.round(np.asarray(weights, np.float64), 5).tolist(),
        }
    return json.dumps(out, ensure_ascii=False)


def _matrices_csv(shown: list[tuple]) -> str:
    """The three matrices shown, one row per cell: kind, query, key, weight."""
    import pandas as pd

    rows = [
        {"kind": kind, "query": f"{i + 1} {query}", "key": f"{j + 1} {key}", "weight": weights[i, j]}
        for kind, weights, queries, keys in shown
        for i, query in enumerate(queries)
        for j, key in enumerate(keys)
    ]
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
    target = tokenizer.convert_ids_to_tokens(
        [tokenizer.pad_token_id] + tokenizer(tj.PROBE_TARGET)["input_ids"][:-1]
    )
    source = tokenizer.convert_ids_to_tokens(tokenizer(tj.PROBE)["input_ids"])
    if stacks.shape[-2:] != (len(target), len(source)):
        return  # snapshots of another probe or tokenizer: nothing to replay
    chosen = st.select_slider(t("translation.replay_step"), choices, key=REPLAY)
    index = choices.index(chosen)
    _weights_heatmap(
        stacks[index, -1].mean(axis=0),
        _numbered(target),
        _numbered(source),
        title=t("translation.replay_chart", step=chosen),
        key="tr.replay_chart",
    )
    trained, planned = metrics.get("steps"), metrics.get("planned_steps")
    if isinstance(trained, int) and isinstance(planned, int) and trained < planned:
        st.caption(t("translation.stopped_early", step=trained, total=planned))
    checks = metrics.get("checks") or []
    if checks:
        text = ", ".join(f"{100 * c['exact_match']:.0f} % ({c['step']})" for c in checks)
        st.caption(t("translation.replay_checks", checks=text))
