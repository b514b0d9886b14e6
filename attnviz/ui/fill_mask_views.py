"""The pretraining page's fill-in: a sentence, a word hidden by a click, the masked-language head's
guesses and where the [MASK] token looks."""

from __future__ import annotations

import json

import numpy as np
import streamlit as st

from attnviz.render import figures
from attnviz.ui.display import show_shared_figure
from attnviz.ui.language import t
from attnviz.ui.page_state import LinkParam, PageState, position

MODEL = "pt.model"
TEXT = "pt.text"
HIDDEN = "pt.hidden"
LAYER = "pt.layer"
EXAMPLE = "the capital of france is paris ."
EXAMPLE_HIDDEN = 5  # "paris"
MAX_CHARS = 400

# The link: ?text=...&word=6 (1-based)
_STATE = PageState(
    "pt", keep=(TEXT, HIDDEN, LAYER), link=(LinkParam("text", TEXT), LinkParam("word", HIDDEN, position))
)


def init_from_link() -> None:
    _STATE.start(defaults={TEXT: EXAMPLE, HIDDEN: EXAMPLE_HIDDEN})
    if _STATE.link_problems():
        st.warning(t("fillin.link_unreadable", names=", ".join(_STATE.link_problems())))


def sync_url(text: str | None) -> None:
    _STATE.remember()
    params = {"text": text or ""}
    if isinstance(st.session_state.get(HIDDEN), int):
        params["word"] = str(st.session_state[HIDDEN] + 1)
    _STATE.write_link({k: v for k, v in params.items() if v})


def preselect_model() -> None:
    """When the catalog's default model is not on disk, start on a local folder that has a
    masked-language head, if there is one."""
    from attnviz.nlp import catalog, hub
    from attnviz.nlp.paths import local_models, models_dir

    key = f"{MODEL}.choice"
    if key in st.session_state or hub.downloaded_model(catalog.default_model().name):
        return
    for name in local_models():
        try:
            config = json.loads((models_dir() / name / "config.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if any("MaskedLM" in str(a) for a in config.get("architectures") or []):
            st.session_state[key] = name
            return


def model_or_explain(source: str):
    """The masked-language model for ``source``, or None after one sentence (no network, no fill-in
    head, unreadable folder)."""
    from attnviz.nlp.fill_mask import load_masked_lm
    from attnviz.ui.model_shelf import shelved_or_explain

    return shelved_or_explain("fill_in", source, load_masked_lm)


def sentence_and_word() -> tuple[list[str], int] | None:
    """The sentence and the word to hide (one click on it); None with a message while unusable."""
    from attnviz.nlp.errors import NlpError
    from attnviz.nlp.fill_mask import split_words
    from attnviz.ui.models import show_error

    text = st.text_input(t("fillin.text"), key=TEXT, max_chars=MAX_CHARS)
    try:
        words = split_words(text)
    except NlpError as error:
        show_error(error)
        return None
    choices = list(range(len(words)))
    if st.session_state.get(HIDDEN) not in choices:
        st.session_state[HIDDEN] = min(EXAMPLE_HIDDEN, len(words) - 1)
    hidden = st.pills(
        t("fillin.pick"), choices, key=HIDDEN, format_func=lambda i: words[i], help=t("fillin.pick_help")
    )
    if hidden is None:
        st.info(t("fillin.pick_one"))
        return None
    return words, int(hidden)


def guesses(mlm, words: list[str], hidden: int):
    """The head's top guesses for the hidden word, and the [MASK] token's attention per layer."""
    from attnviz.nlp.errors import NlpError
    from attnviz.nlp.fill_mask import fill_in
    from attnviz.ui.models import show_error

    try:
        found = fill_in(mlm, words, hidden)
    except NlpError as error:
        show_error(error)
        return None
    shown = " ".join("[ ? ]" if i == hidden else w for i, w in enumerate(words))
    st.markdown(t("fillin.masked", sentence=shown, word=words[hidden]))
    pieces = [piece for piece, _ in found.candidates]
    probs = np.asarray([p for _, p in found.candidates])
    show_shared_figure(
        figures.grouped_bars,
        probs[None, :],
        pieces,
        [t("fillin.probability")],
        title=t("fillin.guesses_title"),
        y_title=t("fillin.probability"),
        key="pt.guesses",
    )
    first = pieces[0].removeprefix("##").removeprefix("Ġ").lower()
    hit = "fillin.hit" if first == words[hidden].lower().strip(".,;:!?") else "fillin.miss"
    st.caption(t(hit, guess=pieces[0], word=words[hidden], share=f"{100 * probs[0]:.0f}"))
    return found


def mask_attention(found) -> None:
    """Where [MASK] looks: every head of the chosen layer, and their mean."""
    layers, heads, _ = found.attention.shape
    if st.session_state.get(LAYER) not in range(layers):
        st.session_state[LAYER] = layers - 1
    layer = st.selectbox(
        t("heatmaps.layer"), list(range(layers)), key=LAYER, format_func=lambda i: str(i + 1)
    )
    rows = found.attention[layer]
    values = np.vstack([rows, rows.mean(axis=0, keepdims=True)])
    labels = [t("fillin.head_n", n=h + 1) for h in range(heads)] + [t("ft.probes.mean")]
    columns = [f"{i + 1} · {tok}" for i, tok in enumerate(found.tokens)]
    show_shared_figure(
        figures.matrix_heatmap,
        values,
        labels,
        columns,
        title=t("fillin.attention_title", layer=layer + 1),
        zmin=0,
        zmax=1,
        decimals=2,
        key="pt.attention",
    )
    st.caption(t("fillin.attention_about"))
