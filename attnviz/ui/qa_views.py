"""The question answering page's pieces: state, inputs, model choice, settings, the run, and what
is shown of the result. The span maths lives in ``attnviz.nlp.qa``, the figures in
``attnviz.render.qa`` and ``attnviz.render.heatmaps``.

Nothing here imports TensorFlow at import time: ``attnviz.nlp`` modules that need it are imported
inside the functions (the models are loaded through ``attnviz.ui.models``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import streamlit as st

from attnviz.i18n import LANGUAGES, translate
from attnviz.nlp.qa import (
    DEFAULT_MAX_ANSWER_TOKENS,
    DEFAULT_STRIDE,
    DEFAULT_THRESHOLD,
    DEFAULT_TOP_K,
    MAX_CONTEXT_CHARS,
    QAResult,
    attention_to_span,
    neighbourhood,
    token_probabilities,
    top_spans,
    word_bounds,
)
from attnviz.render import qa as fq
from attnviz.render.heatmaps import head_from_selection, head_metric_grid
from attnviz.ui.display import large_text, show_figure
from attnviz.ui.language import current_language, t
from attnviz.ui.models import ModelBundle, question_answering_or_explain, show_error
from attnviz.ui.page_state import PageState

CONTEXT = "qa.context"  # widgets
QUESTION = "qa.question"
EXAMPLE = "qa.example"
MODEL = "qa.model"  # model_picker's key prefix: MODEL + ".choice" / ".other"
THRESHOLD = "qa.threshold"
TOP_K = "qa.top_k"
MAX_ANSWER = "qa.max_answer"
WINDOW = "qa.window"
STRIDE = "qa.stride"
SCORES = "qa.scores"  # "probability" | "logit"
SCORES_WINDOW = "qa.scores_window"
LAYER = "qa.layer"
HEAD = "qa.head"
GRID = "qa.grid"
WHOLE = "qa.whole_window"
_RESULTS = "qa._results"  # this session's recent answers, so a click does not rerun the model
_HEAD_FOR = "qa._head_for"  # the result the chosen head was preselected for
_SCORES_FOR = "qa._scores_for"  # the result the scores chart's window was preselected for

EXAMPLES = 4
WINDOW_LENGTHS = (64, 128, 256, 384, 512)
DEFAULT_WINDOW = 384
EXCERPT_CHARS = 1_500  # longer contexts show this much around the answer (and all of it in an expander)
NEIGHBOURHOOD = 25  # context tokens either side of the answer in the attention heatmap
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")

# What was typed and the settings, kept when the page is left or stops before drawing them (no
# model yet). The page has no link parameters.
_STATE = PageState(
    "qa", keep=(CONTEXT, QUESTION, THRESHOLD, TOP_K, MAX_ANSWER, WINDOW, STRIDE, SCORES, WHOLE)
)


@dataclass(frozen=True)
class Settings:
    threshold: float
    top_k: int
    max_answer_tokens: int
    max_length: int
    stride: int


# --- state and inputs -----------------------------------------------------------------------------------


def _example(lang: str, number: int) -> tuple[str, str]:
    return translate(lang, f"qa.example.{number}.context"), translate(lang, f"qa.example.{number}.question")


def init_state() -> None:
    """Top of every run. First visit: the first example. Back from another page: what was typed and
    chosen. A language switch turns an untouched example into the same example in the new language."""
    lang = current_language()
    _STATE.start()
    kept = (st.session_state.get(CONTEXT), st.session_state.get(QUESTION))
    if kept[0] is None or kept[1] is None:
        kept = _example(lang, 1)
    for other in LANGUAGES:
        for number in range(1, EXAMPLES + 1):
            if other != lang and kept == _example(other, number):
                kept = _example(lang, number)
    if (st.session_state.get(CONTEXT), st.session_state.get(QUESTION)) != kept:
        st.session_state[CONTEXT], st.session_state[QUESTION] = kept
    _STATE.remember()


def _on_example() -> None:
    number = st.session_state.get(EXAMPLE)
    if number:
        st.session_state[CONTEXT], st.session_state[QUESTION] = _example(current_language(), number)
        st.session_state[EXAMPLE] = None


def inputs() -> tuple[str, str] | None:
    """Examples, the context and the question. (question, context) when both can be used; else
    None after saying what is missing (what was typed stays)."""
    st.pills(
        t("qa.examples"),
        list(range(1, EXAMPLES + 1)),
        key=EXAMPLE,
        on_change=_on_example,
        format_func=lambda n: t(f"qa.example.{n}.label"),
        wrap=True,
    )
    st.text_area(t("qa.context"), key=CONTEXT, height=180, help=t("qa.context_help"))
    st.text_input(t("qa.question"), key=QUESTION, help=t("qa.question_help"))
    context, question = st.session_state[CONTEXT], st.session_state[QUESTION]
    empty = (not context.strip(), not question.strip())
    if any(empty):
        message = {
            (True, True): t("qa.empty_context_question"),
            (True, False): t("qa.empty_context"),
            (False, True): t("qa.empty_question"),
        }[empty]
        st.info(message, icon=":material/edit:")
        return None
    if len(context) > MAX_CONTEXT_CHARS:
        st.error(
            t("qa.huge_context", chars=f"{len(context):,}", limit=f"{MAX_CONTEXT_CHARS:,}"),
            icon=":material/error:",
        )
        return None
    return question, context


# --- the model ------------------------------------------------------------------------------------------


def preselect_model() -> None:
    """When the catalog's QA model is not on disk, start on a local QA folder if there is one."""
    from attnviz.nlp import catalog, hub
    from attnviz.nlp.paths import local_models, models_dir

    key = f"{MODEL}.choice"
    if key in st.session_state or hub.downloaded_model(
        catalog.default_model(catalog.QUESTION_ANSWERING).name
    ):
        return
    local = [
        name
        for name in local_models()
        if catalog.local_model_task(models_dir() / name) == catalog.QUESTION_ANSWERING
    ]
    if local:
        st.session_state[key] = local[0]


def model_or_explain(source: str) -> ModelBundle | None:
    """The QA model for ``source``, or None after one clear message (no Hub and nothing on disk
    gets its own, saying how to use a local folder)."""
    from attnviz.nlp import catalog, hub
    from attnviz.nlp.errors import HubUnreachable
    from attnviz.nlp.paths import models_dir

    if not source:
        st.info(t("qa.pick_model"), icon=":material/model_training:")
        return None
    if catalog.find_model(source) and not hub.downloaded_model(source):
        try:
            hub.check_hub()
        except HubUnreachable:
            st.warning(t("qa.no_model", name=source, models=str(models_dir())), icon=":material/cloud_off:")
            return None
    bundle = question_answering_or_explain(source, max_length=max(WINDOW_LENGTHS))
    if bundle is not None and bundle.loaded.new_head:
        st.warning(t("qa.new_head"), icon=":material/warning:")
    return bundle


def settings(max_length: int) -> Settings:
    """Threshold, how many answers, answer length, window length and stride."""
    lengths = [n for n in WINDOW_LENGTHS if n < max_length] + [max_length]
    if st.session_state.get(WINDOW) not in lengths:
        st.session_state[WINDOW] = (
            min(DEFAULT_WINDOW, max_length) if DEFAULT_WINDOW in lengths else lengths[-1]
        )
    window = int(st.session_state[WINDOW])
    if STRIDE not in st.session_state or st.session_state[STRIDE] > window // 2:
        st.session_state[STRIDE] = min(DEFAULT_STRIDE, window // 3)
    st.session_state.setdefault(THRESHOLD, DEFAULT_THRESHOLD)
    st.session_state.setdefault(TOP_K, DEFAULT_TOP_K)
    st.session_state.setdefault(MAX_ANSWER, DEFAULT_MAX_ANSWER_TOKENS)
    st.slider(t("qa.threshold"), 0.0, 1.0, step=0.05, key=THRESHOLD, help=t("qa.threshold_help"))
    with st.expander(t("qa.settings"), icon=":material/tune:"):
        st.number_input(t("qa.top_k"), 1, 10, step=1, key=TOP_K)
        st.slider(t("qa.max_answer"), 1, 64, key=MAX_ANSWER, help=t("qa.max_answer_help"))
        st.selectbox(t("qa.window"), lengths, key=WINDOW, help=t("qa.window_help", max=max_length))
        st.slider(t("qa.stride"), 0, window // 2, key=STRIDE, help=t("qa.stride_help"))
    return Settings(
        float(st.session_state[THRESHOLD]),
        int(st.session_state[TOP_K]),
        int(st.session_state[MAX_ANSWER]),
        window,
        int(st.session_state[STRIDE]),
    )


# --- the run --------------------------------------------------------------------------------------------


def answer(bundle: ModelBundle, question: str, context: str, chosen: Settings) -> QAResult | None:
    """The model's answer (remembered for this session), with a progress bar over the windows."""
    from attnviz.nlp.errors import NlpError
    from attnviz.nlp.qa import answer_question

    key = (
        id(bundle.loaded),
        question,
        context,
        chosen.top_k,
        chosen.max_answer_tokens,
        chosen.max_length,
        chosen.stride,
    )
    cache = st.session_state.setdefault(_RESULTS, {})
    if key in cache:
        return cache[key]
    slot = st.empty()

    def report(done: int, total: int) -> None:
        if total > 1:
            slot.progress(done / total, text=t("qa.reading", done=done, total=total))

    try:
        with st.spinner(t("qa.running")):
            result = answer_question(
                bundle.extractor,
                question,
                context,
                max_length=chosen.max_length,
                stride=chosen.stride,
                top_k=chosen.top_k,
                max_answer_tokens=chosen.max_answer_tokens,
                progress=report,
            )
    except NlpError as error:
        show_error(error)
        return None
    finally:
        slot.empty()
    while len(cache) >= 4:
        cache.pop(next(iter(cache)))
    cache[key] = result
    return result


# --- what is shown --------------------------------------------------------------------------------------


def _literal(text: str) -> str:
    """User text shown literally inside markdown (no emphasis, links, HTML or LaTeX), on one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _score(value: float) -> str:
    return f"{value:.3f}"


def answer_section(result: QAResult, chosen: Settings, untrained_head: bool = False) -> None:
    best = result.best
    if best is None:
        st.warning(t("qa.no_span"), icon=":material/search_off:")
        return
    reliable = result.reliable(chosen.threshold)
    left, right = st.columns([3, 1])
    left.markdown(t("qa.answer", answer=_literal(best.text)))
    right.metric(t("qa.score"), _score(best.score), help=t("qa.score_help"))
    if reliable:
        st.success(
            t("qa.reliable", score=_score(best.score), threshold=f"{chosen.threshold:.2f}"),
            icon=":material/check_circle:",
        )
    else:
        # an untrained head scores low whatever the context holds: do not blame the context
        st.warning(
            t(
                "qa.unreliable_untrained" if untrained_head else "qa.unreliable",
                score=_score(best.score),
                threshold=f"{chosen.threshold:.2f}",
            ),
            icon=":material/help:",
        )
    others = [(a.char_start, a.char_end) for a in result.answers[1:]]
    font = 20 if large_text() else 16
    common = dict(
        alternatives=others,
        reliable=reliable,
        answer_title=t("qa.answer_title"),
        alternative_title=t("qa.alternative_title"),
        font_size=font,
    )
    st.html(
        fq.highlight_html(result.context, (best.char_start, best.char_end), max_chars=EXCERPT_CHARS, **common)
    )
    if len(result.context) > EXCERPT_CHARS:
        with st.expander(t("qa.whole_context")):
            st.html(fq.highlight_html(result.context, (best.char_start, best.char_end), **common))
    st.caption(t("qa.highlight_legend"))
    rows = [
        {
            t("qa.col.rank"): n,
            t("qa.col.answer"): a.text.replace("\n", " "),
            t("qa.col.score"): a.score,
            t("qa.col.window"): a.window + 1,
            t("qa.col.chars"): f"{a.char_start}–{a.char_end}",
        }
        for n, a in enumerate(result.answers, start=1)
    ]
    st.markdown(f"**{t('qa.alternatives', count=len(rows))}**")
    st.dataframe(
        rows,
        hide_index=True,
        column_config={
            t("qa.col.score"): st.column_config.ProgressColumn(format="%.3f", min_value=0.0, max_value=1.0)
        },
    )


def windows_note(result: QAResult) -> None:
    count = len(result.windows)
    if count <= 1:
        st.caption(t("qa.one_window", tokens=result.context_tokens, max=result.max_length))
        return
    best = result.best
    st.info(
        t(
            "qa.windows",
            tokens=result.context_tokens,
            max=result.max_length,
            count=count,
            stride=result.stride,
            window=(best.window + 1) if best else "–",
        ),
        icon=":material/view_week:",
    )
    if result.stride < result.stride_asked:
        st.caption(t("qa.stride_reduced", asked=result.stride_asked, used=result.stride))
    with st.expander(t("qa.windows_table")):
        rows = []
        for w in result.windows:
            spans = (
                top_spans(
                    w.start_logits,
                    w.end_logits,
                    w.context_mask,
                    k=1,
                    max_answer_tokens=result.max_answer_tokens,
                )
                if w.context_positions
                else []
            )
            text = result.context[slice(*word_bounds(w, spans[0].start, spans[0].end))] if spans else ""
            rows.append(
                {
                    t("qa.col.window"): w.index + 1,
                    t("qa.col.chars"): f"{w.char_start}–{w.char_end}",
                    t("qa.col.tokens"): len(w.context_positions),
                    t("qa.col.best_here"): text.replace("\n", " "),
                    t("qa.col.score"): spans[0].score if spans else 0.0,
                }
            )
        st.dataframe(
            rows,
            hide_index=True,
            column_config={
                t("qa.col.score"): st.column_config.ProgressColumn(
                    format="%.3f", min_value=0.0, max_value=1.0
                )
            },
        )


def scores_chart(result: QAResult) -> None:
    """Start and end scores of the context's tokens in one window (the best answer's by default)."""
    best = result.best
    count = len(result.windows)
    index = best.window if best else 0
    cols = st.columns([1, 1, 2])
    if count > 1:
        if st.session_state.get(_SCORES_FOR) != id(result) or st.session_state.get(
            SCORES_WINDOW
        ) not in range(count):
            st.session_state[_SCORES_FOR] = id(result)  # a new answer: start on its window
            st.session_state[SCORES_WINDOW] = index
        index = cols[0].selectbox(
            t("qa.col.window"), list(range(count)), key=SCORES_WINDOW, format_func=lambda i: str(i + 1)
        )
    if st.session_state.get(SCORES) not in ("probability", "logit"):
        st.session_state[SCORES] = "probability"
    kind = cols[1].segmented_control(
        t("qa.scores_kind"),
        ["probability", "logit"],
        key=SCORES,
        required=True,
        format_func=lambda k: t(f"qa.scores.{k}"),
    )
    window = result.windows[index]
    positions = window.context_positions
    if not positions:
        st.info(t("qa.no_span"))
        return
    mask = window.context_mask
    if kind == "logit":
        start, end = window.start_logits[positions], window.end_logits[positions]
    else:
        start = token_probabilities(window.start_logits, mask)[positions]
        end = token_probabilities(window.end_logits, mask)[positions]
    answer = None
    if best is not None and best.window == window.index:
        answer = (best.token_start - positions[0], best.token_end - positions[0])
    fig = fq.start_end_chart(
        [window.tokens[p] for p in positions],
        start,
        end,
        answer=answer,
        start_name=t("qa.start"),
        end_name=t("qa.end"),
        answer_label=t("qa.answer_title"),
        title=t("qa.scores_title", window=window.index + 1),
        y_title=t(f"qa.scores.{kind}"),
    )
    show_figure(fig, key="qa.chart.scores")


def _on_grid_click() -> None:
    chosen = head_from_selection(st.session_state.get(GRID))
    if chosen is not None:
        st.session_state[LAYER], st.session_state[HEAD] = chosen


def attention_section(result: QAResult) -> None:
    """Which heads send the question's attention to the answer, and one head in full."""
    best, attention = result.best, result.attention
    if best is None or attention is None:
        return
    window = result.windows[best.window]
    q_positions, c_positions = window.question_positions, window.context_positions
    span = (best.token_start - c_positions[0], best.token_end - c_positions[0])
    share = attention_to_span(attention, *span)
    n_layers, n_heads = share.shape
    result_key = (id(result), n_layers, n_heads)
    if st.session_state.get(_HEAD_FOR) != result_key:  # a new answer: start on the head that looks at it most
        st.session_state[_HEAD_FOR] = result_key
        st.session_state[LAYER], st.session_state[HEAD] = (
            int(x) for x in np.unravel_index(share.argmax(), share.shape)
        )
    st.session_state[LAYER] = min(max(0, int(st.session_state.get(LAYER, 0))), n_layers - 1)
    st.session_state[HEAD] = min(max(0, int(st.session_state.get(HEAD, 0))), n_heads - 1)
    uniform = (span[1] - span[0] + 1) / len(c_positions)
    st.caption(t("qa.attention_about", uniform=f"{uniform:.2f}", window=window.index + 1))
    layer, head = st.session_state[LAYER], st.session_state[HEAD]
    grid = head_metric_grid(
        share,
        layer_title=t("qa.layer"),
        head_title=t("qa.head"),
        value_label=t("qa.share"),
        title=t("qa.grid_title"),
        hover_hint=t("qa.click_hint"),
        zmin=0.0,
        zmax=max(float(share.max()), 1e-9),
        selected=(layer, head),
    )
    show_figure(grid, key=GRID, on_select=_on_grid_click, selection_mode="points")
    cols = st.columns([1, 1, 2])
    cols[0].selectbox(t("qa.layer"), list(range(n_layers)), key=LAYER, format_func=lambda i: str(i + 1))
    cols[1].selectbox(t("qa.head"), list(range(n_heads)), key=HEAD, format_func=lambda i: str(i + 1))
    layer, head = st.session_state[LAYER], st.session_state[HEAD]
    whole = True
    if len(c_positions) > 2 * NEIGHBOURHOOD + span[1] - span[0] + 1:
        whole = cols[2].toggle(
            t("qa.whole_window"), key=WHOLE, help=t("qa.whole_window_help", n=NEIGHBOURHOOD)
        )
    first, stop = (0, len(c_positions)) if whole else neighbourhood(len(c_positions), *span, NEIGHBOURHOOD)
    weights = attention[layer, head][:, first:stop]
    fig = fq.question_context_heatmap(
        weights,
        [window.tokens[p] for p in q_positions],
        [window.tokens[p] for p in c_positions[first:stop]],
        answer=(span[0] - first, span[1] - first),
        title=t("qa.head_title", layer=layer + 1, head=head + 1, share=f"{share[layer, head]:.2f}"),
        x_title=t("qa.context_tokens"),
        y_title=t("qa.question_tokens"),
    )
    show_figure(fig, key="qa.chart.head")
