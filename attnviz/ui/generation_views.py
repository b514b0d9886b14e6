"""The generation page's sections: the prompt and how to continue it (one token, N tokens, greedy or
sampled), each step's candidates, and the causal self-attention of the text written."""

from __future__ import annotations

import json

import numpy as np
import streamlit as st

from attnviz.render import figures
from attnviz.ui.display import show_shared_figure
from attnviz.ui.language import t
from attnviz.ui.page_state import LinkParam, PageState, one_of, position, whole_number

MODEL = "gen.model"
PROMPT, STEPS, MODE = "gen.prompt", "gen.steps", "gen.mode"
TEMPERATURE, TOP_K, SEED = "gen.temperature", "gen.top_k", "gen.seed"
LAYER, HEAD, SHOWN = "gen.layer", "gen.head", "gen.shown"
EXAMPLE = "The teacher opened the book and"
MAX_PROMPT_CHARS = 300
MODES = ("greedy", "sample")


def _temperature(text: str) -> float:
    value = float(text)
    if not 0.1 <= value <= 2.0:
        raise ValueError(text)
    return value


def _top_k(text: str) -> int:
    value = whole_number(text)
    if not 1 <= value <= 50:
        raise ValueError(text)
    return value


def _steps(text: str) -> int:
    from attnviz.nlp.generation import MAX_NEW_TOKENS

    value = whole_number(text)
    if value > MAX_NEW_TOKENS:
        raise ValueError(text)
    return value


# The link: ?prompt=...&steps=8&mode=greedy|sample&temp=1.0&topk=10&seed=0&layer=6&head=1 (1-based)
_STATE = PageState(
    "gen",
    keep=(PROMPT, STEPS, MODE, TEMPERATURE, TOP_K, SEED, LAYER, HEAD),
    link=(
        LinkParam("prompt", PROMPT),
        LinkParam("steps", STEPS, _steps),
        LinkParam("mode", MODE, one_of(MODES)),
        LinkParam("temp", TEMPERATURE, _temperature),
        LinkParam("topk", TOP_K, _top_k),
        LinkParam("seed", SEED, whole_number),
        LinkParam("layer", LAYER, position),
        LinkParam("head", HEAD, lambda text: "mean" if text == "mean" else position(text)),
    ),
)


def init_from_link() -> None:
    _STATE.start(defaults={PROMPT: EXAMPLE, STEPS: 6, MODE: "greedy", TEMPERATURE: 1.0, TOP_K: 10, SEED: 0})
    if _STATE.link_problems():
        st.warning(t("generation.link_unreadable", names=", ".join(_STATE.link_problems())))


def sync_url() -> None:
    _STATE.remember()
    state = st.session_state
    params = {
        "prompt": str(state.get(PROMPT) or ""),
        "steps": str(state.get(STEPS, 0)),
        "mode": state.get(MODE),
    }
    if state.get(MODE) == "sample":
        params.update(
            temp=f"{state.get(TEMPERATURE, 1.0):g}", topk=str(state.get(TOP_K)), seed=str(state.get(SEED))
        )
    if isinstance(state.get(LAYER), int):
        params["layer"] = str(state[LAYER] + 1)
    head = state.get(HEAD)
    if head is not None:
        params["head"] = "mean" if head == "mean" else str(int(head) + 1)
    _STATE.write_link({k: v for k, v in params.items() if v})


def preselect_model() -> None:
    """When the catalog's generator is not on disk, start on a local GPT folder if there is one."""
    from attnviz.nlp import catalog, hub
    from attnviz.nlp.paths import local_models, models_dir

    key = f"{MODEL}.choice"
    if key in st.session_state or hub.downloaded_model(catalog.default_model(catalog.GENERATION).name):
        return
    local = [n for n in local_models() if catalog.local_model_task(models_dir() / n) == catalog.GENERATION]
    if local:
        st.session_state[key] = local[0]


@st.cache_resource(show_spinner=False)
def _generations():
    from attnviz.ui.shared_results import SharedResults

    return SharedResults(16)


def generator_or_explain(source: str):
    """The generator for ``source``, or None after one sentence (no network, not a GPT, no room)."""
    from attnviz.nlp.generation import load_generator
    from attnviz.ui.model_shelf import shelved_or_explain

    return shelved_or_explain("generator", source, load_generator)


def controls():
    """The prompt and the way to continue it; returns (prompt, Settings) or None while empty."""
    from attnviz.nlp.generation import MAX_NEW_TOKENS, Settings

    prompt = st.text_input(t("generation.prompt"), key=PROMPT, max_chars=MAX_PROMPT_CHARS).strip()
    mode = st.segmented_control(
        t("generation.mode"), MODES, key=MODE, required=True, format_func=lambda m: t(f"generation.mode.{m}")
    )
    if mode == "sample":
        a, b, c = st.columns([2, 2, 1], vertical_alignment="bottom")
        a.slider(
            t("generation.temperature"),
            0.1,
            2.0,
            step=0.1,
            key=TEMPERATURE,
            help=t("generation.temperature_help"),
        )
        b.slider(t("generation.top_k"), 1, 50, key=TOP_K, help=t("generation.top_k_help"))
        c.button(t("generation.resample"), key="gen.resample", on_click=_bump, args=(SEED, 1, 10**6))
    row = st.container(horizontal=True)  # buttons as wide as their words, on two lines if need be
    row.button(
        t("generation.one"),
        key="gen.one",
        on_click=_bump,
        args=(STEPS, 1, MAX_NEW_TOKENS),
        icon=":material/skip_next:",
    )
    row.button(
        t("generation.many", n=6),
        key="gen.many",
        on_click=_bump,
        args=(STEPS, 6, MAX_NEW_TOKENS),
        icon=":material/fast_forward:",
    )
    row.button(
        t("generation.reset"), key="gen.reset", on_click=_set, args=(STEPS, 0), icon=":material/restart_alt:"
    )
    if not prompt:
        st.info(t("generation.empty"))
        return None
    settings = Settings(
        steps=int(st.session_state.get(STEPS, 0)),
        sample=mode == "sample",
        temperature=float(st.session_state.get(TEMPERATURE, 1.0)),
        top_k=int(st.session_state.get(TOP_K, 10)),
        seed=int(st.session_state.get(SEED, 0)),
    )
    return prompt, settings


def _bump(key: str, by: int, limit: int) -> None:
    st.session_state[key] = min(limit, int(st.session_state.get(key, 0)) + by)


def _set(key: str, value) -> None:
    st.session_state[key] = value


def written(generator, prompt: str, settings):
    """The continuation (shared by every session asking for the same), and each step's choices."""
    import pandas as pd

    from attnviz.nlp.errors import NlpError
    from attnviz.nlp.generation import generate
    from attnviz.ui.models import show_error

    key = (generator.name, generator.version, prompt, settings)
    found = _generations().get(key)
    if found is None:
        try:
            with st.spinner(t("generation.writing")):
                found = generate(generator, prompt, settings)
        except NlpError as error:
            show_error(error)
            return None
        _generations().put(key, found)
    prompt_text = generator.tokenizer.convert_tokens_to_string(found.tokens[: found.prompt_length])
    new_text = generator.tokenizer.convert_tokens_to_string(found.tokens[found.prompt_length :])
    st.markdown(t("generation.text", prompt=prompt_text.strip(), new=new_text.strip() or "∅"))
    if found.steps:
        rows = [
            {
                t("generation.col_step"): i + 1,
                t("generation.col_token"): _piece(step.token),
                t("generation.col_probability"): f"{100 * step.probability:.1f} %",
                t("generation.col_candidates"): ", ".join(
                    f"{tok} {100 * p:.0f} %" for tok, p in step.candidates
                ),
            }
            for i, step in enumerate(found.steps)
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    return found


def _piece(token: str) -> str:
    """A GPT-2 piece as a reader writes it ("Ġbook" -> "book"; a lone space shows as "␣")."""
    from attnviz.core.attention_views import clean_token

    return clean_token(token, byte_level=True).replace(" ", "␣") or "␣"


def attention_views(found) -> None:
    """The newest token's attention over everything before it (every head of a layer), and the
    whole causal matrix of one head or their mean."""
    layers, heads, length, _ = found.attention.shape
    if st.session_state.get(LAYER) not in range(layers):
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
    labels = [f"{i + 1} · {_piece(tok)}" for i, tok in enumerate(found.tokens)]
    positions = list(range(max(0, found.prompt_length - 1), length))
    if st.session_state.get(SHOWN) not in positions:
        st.session_state[SHOWN] = positions[-1]
    shown = st.select_slider(t("generation.shown"), positions, key=SHOWN, format_func=lambda i: labels[i])
    rows = found.attention[layer, :, shown, : shown + 1]
    st.subheader(t("generation.newest_title"))
    show_shared_figure(
        figures.matrix_heatmap,
        np.vstack([rows, rows.mean(axis=0, keepdims=True)]),
        [t("fillin.head_n", n=h + 1) for h in range(heads)] + [t("ft.probes.mean")],
        labels[: shown + 1],
        title=t("generation.newest_chart", token=_piece(found.tokens[shown]), layer=layer + 1),
        zmin=0,
        zmax=1,
        decimals=2,
        key="gen.newest",
    )
    st.subheader(t("generation.causal_title"))
    matrix = found.attention[layer].mean(axis=0) if head == "mean" else found.attention[layer, head]
    show_shared_figure(
        figures.matrix_heatmap,
        matrix,
        labels,
        labels,
        title=t("generation.causal_chart", layer=layer + 1),
        zmin=0,
        zmax=1,
        decimals=2,
        masked=np.triu(np.ones_like(matrix, dtype=bool), 1),
        masked_text="",
        key="gen.causal",
    )
    st.caption(t("generation.causal_why"))
    st.download_button(
        t("generation.json"),
        data=json.dumps(
            {
                "tokens": found.tokens,
                "layer": layer + 1,
                "head": head if head == "mean" else head + 1,
                "weights": np.round(matrix.astype(np.float64), 5).tolist(),
            },
            ensure_ascii=False,
        ),
        file_name="attnviz-generation-attention.json",
        mime="application/json",
        icon=":material/download:",
        key="gen.json",
    )
