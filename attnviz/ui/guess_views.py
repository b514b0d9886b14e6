"""The playground's "guess first" mode: the weights and the context stay hidden until the student
has dragged a guess of one query's weights and picked the value the context leans to; then the
answer appears beside the guess, with how far it was (:mod:`attnviz.core.guess`).

A guess belongs to one example and one query: change a number, the mask, the scaling or the query
and the answer hides again. The mode is in the page's link (``guess=1``), so a presenting teacher
who turns it on turns it on for every student following.
"""

from __future__ import annotations

import hashlib
import json

import numpy as np
import streamlit as st

from attnviz.core.attention import AttentionSteps
from attnviz.core.guess import GuessResult, score_guess
from attnviz.core.share import PlaygroundSettings, to_query_params
from attnviz.render import figures
from attnviz.ui import playground_state as ps
from attnviz.ui.display import show_shared_figure
from attnviz.ui.language import t

_REVEALED = "pg.guess.revealed"  # {fingerprint: GuessResult}
_LEAN = "pg.guess.lean"


def _slider_key(key: int) -> str:
    return f"pg.guess.k{key + 1}"


def fingerprint(settings: PlaygroundSettings, query: int) -> str:
    """What a guess is about: the whole example (as its link) and the query."""
    text = json.dumps([to_query_params(settings), int(query)], sort_keys=True)
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def _query(settings: PlaygroundSettings) -> int:
    return min(int(st.session_state.get(ps.QUERY, 0)), settings.q.shape[0] - 1)


def revealed(settings: PlaygroundSettings) -> GuessResult | None:
    return st.session_state.get(_REVEALED, {}).get(fingerprint(settings, _query(settings)))


def hiding(settings: PlaygroundSettings) -> bool:
    """Whether the answer is hidden now: guess mode on, and this example's query not yet guessed."""
    return bool(st.session_state.get(ps.GUESS_MODE)) and revealed(settings) is None


def _reveal(settings: PlaygroundSettings, steps: AttentionSteps, query: int) -> None:
    m = settings.k.shape[0]
    raw = [float(st.session_state.get(_slider_key(j), 0.0)) for j in range(m)]
    lean = st.session_state.get(_LEAN)
    result = score_guess(raw, steps.weights[query], steps.allowed[query], lean)
    st.session_state.setdefault(_REVEALED, {})[fingerprint(settings, query)] = result


def _guess_again(settings: PlaygroundSettings) -> None:
    st.session_state.get(_REVEALED, {}).pop(fingerprint(settings, _query(settings)), None)


def guess_box(settings: PlaygroundSettings, steps: AttentionSteps) -> None:
    """The guess: the query, one slider per key, the value the context leans to, and "reveal"."""
    n, m = settings.q.shape[0], settings.k.shape[0]
    with st.container(border=True):
        st.markdown(t("guess.intro"))
        st.selectbox(t("playground.query"), list(range(n)), key=ps.QUERY, format_func=lambda i: f"q{i + 1}")
        query = _query(settings)
        if steps.fully_masked[query]:
            st.warning(t("playground.fully_masked", query=f"q{query + 1}"))
            return
        allowed = steps.allowed[query]
        st.markdown(t("guess.weights", query=f"q{query + 1}"))
        columns = st.columns(min(m, 4))
        for j in range(m):
            with columns[j % len(columns)]:
                if allowed[j]:
                    st.slider(
                        f"k{j + 1}",
                        0.0,
                        1.0,
                        value=round(1 / int(allowed.sum()), 2),
                        step=0.05,
                        key=_slider_key(j),
                    )
                else:
                    st.caption(t("guess.masked_key", key=f"k{j + 1}"))
        st.radio(
            t("guess.lean", query=f"q{query + 1}"),
            list(range(m)),
            format_func=lambda j: f"v{j + 1}",
            key=_LEAN,
            horizontal=True,
            index=None,
        )
        if st.session_state.get(_LEAN) is None:
            st.caption(t("guess.lean_needed"))
        st.button(
            t("guess.reveal"),
            on_click=_reveal,
            args=(settings, steps, query),
            icon=":material/visibility:",
            type="primary",
            disabled=st.session_state.get(_LEAN) is None,
        )


def answer(settings: PlaygroundSettings, result: GuessResult) -> None:
    """The guess beside the real weights, and how far it was."""
    query = _query(settings)
    keys = [f"k{j + 1}" for j in range(settings.k.shape[0])]
    with st.container(border=True):
        show_shared_figure(
            figures.grouped_bars,
            np.vstack([result.guess, result.answer]),
            keys,
            [t("guess.yours"), t("guess.real")],
            title=t("guess.chart_title", query=f"q{query + 1}"),
            key="pg.chart.guess",
        )
        st.markdown(
            t(
                "guess.distance",
                percent=f"{100 * result.distance:.0f}",
                worst=keys[result.furthest_key],
                guessed=f"{result.guess[result.furthest_key]:.2f}",
                real=f"{result.answer[result.furthest_key]:.2f}",
            )
        )
        lean = f"v{result.lean_answer + 1}"
        if result.lean_right:
            st.success(t("guess.lean_right", value=lean), icon=":material/check_circle:")
        else:
            st.info(
                t("guess.lean_wrong", value=lean, guessed=f"v{result.lean_guess + 1}"), icon=":material/info:"
            )
        st.button(t("guess.again"), on_click=_guess_again, args=(settings,), icon=":material/replay:")
