"""The heatmap page's "guess first" for a fine-tuned run: before the grid of how much each head
changed is shown, the student bets on the head that changed most; then the grid appears with the
bet's rank among all heads (:func:`attnviz.core.guess.rank_head_guess`).

A bet belongs to one text and one pair of models; the mode is in the page's link (``guess=1``), so
a presenting teacher turns it on for the class.
"""

from __future__ import annotations

import hashlib

import numpy as np
import streamlit as st

from attnviz.core.guess import HeadGuess, rank_head_guess
from attnviz.ui import heatmap_state as hs
from attnviz.ui.language import t

_REVEALED = "hm.guess.revealed"  # {fingerprint: HeadGuess}
_LAYER, _HEAD = "hm.guess.layer", "hm.guess.head"


def fingerprint(text: str, tuned: str, pretrained: str) -> str:
    return hashlib.blake2b("\0".join((text, tuned, pretrained)).encode(), digest_size=12).hexdigest()


def mode_toggle() -> bool:
    st.toggle(t("guess.mode"), key=hs.GUESS_MODE, help=t("guess.heads_mode_help"))
    return bool(st.session_state.get(hs.GUESS_MODE))


def revealed(key: str) -> HeadGuess | None:
    return st.session_state.get(_REVEALED, {}).get(key)


def _reveal(key: str, change: np.ndarray) -> None:
    layer, head = int(st.session_state.get(_LAYER, 0)), int(st.session_state.get(_HEAD, 0))
    st.session_state.setdefault(_REVEALED, {})[key] = rank_head_guess(change, layer, head)


def _again(key: str) -> None:
    st.session_state.get(_REVEALED, {}).pop(key, None)


def bet_box(key: str, change: np.ndarray) -> None:
    """The bet: a layer, a head, and "reveal"."""
    layers, heads = change.shape
    with st.container(border=True):
        st.markdown(t("guess.heads_intro"))
        left, right = st.columns(2)
        left.selectbox(t("heatmaps.layer"), list(range(layers)), key=_LAYER, format_func=lambda i: str(i + 1))
        right.selectbox(t("heatmaps.head"), list(range(heads)), key=_HEAD, format_func=lambda i: str(i + 1))
        st.button(
            t("guess.reveal"),
            on_click=_reveal,
            args=(key, change),
            icon=":material/visibility:",
            type="primary",
        )


def verdict(key: str, result: HeadGuess) -> None:
    """The bet's rank, under the grid it was about."""
    layer, head = int(st.session_state.get(_LAYER, 0)), int(st.session_state.get(_HEAD, 0))
    text = t(
        "guess.heads_result",
        layer=layer + 1,
        head=head + 1,
        rank=result.rank,
        heads=result.heads,
        value=f"{result.value:.3f}",
        best_layer=result.best[0] + 1,
        best_head=result.best[1] + 1,
        best_value=f"{result.best_value:.3f}",
    )
    (st.success if result.rank == 1 else st.info)(text, icon=":material/emoji_events:")
    st.button(t("guess.again"), on_click=_again, args=(key,), icon=":material/replay:", key="hm.guess.again")
