"""Figures of the question answering page: the answer marked in the context (HTML), the start and
end scores per token (Plotly bars), and the attention from the question to the context.

Arrays and already-translated strings in, a figure or an HTML string out: no Streamlit, no TF.
Every piece of user text is escaped (``html.escape`` for the HTML, :func:`plotly_label` for Plotly).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from attnviz.render.heatmaps import head_heatmap, plotly_label

__all__ = [
    "ANSWER_COLOR",
    "UNRELIABLE_COLOR",
    "START_COLOR",
    "END_COLOR",
    "highlight_html",
    "excerpt_bounds",
    "start_end_chart",
    "question_context_heatmap",
]

ANSWER_COLOR = "#b7e4a8"  # the answer, when its score passes the threshold
UNRELIABLE_COLOR = "#ffd59e"  # the answer, when it does not
ALTERNATIVE_COLOR = "#7a7a7a"  # dotted underline under the other candidate spans
START_COLOR = "#2f6db5"
END_COLOR = "#e07b39"
SPAN_FRAME_COLOR = "#2ca02c"
ELLIPSIS = "…"


def excerpt_bounds(length: int, start: int, end: int, max_chars: int | None) -> tuple[int, int]:
    """[first, stop) of at most ``max_chars`` characters of a text of ``length`` around start..end
    (the whole text when ``max_chars`` is None or large enough)."""
    if max_chars is None or length <= max_chars:
        return 0, length
    span = max(0, end - start)
    if span >= max_chars:
        return start, start + max_chars
    first = max(0, start - (max_chars - span) // 2)
    first = min(first, length - max_chars)
    return first, first + max_chars


def _at_spaces(
    text: str, first: int, stop: int, answer: tuple[int, int] | None, reach: int = 40
) -> tuple[int, int]:
    """Move the cut ends of an excerpt to nearby spaces, so that it neither starts nor ends inside a
    word (never past the answer)."""
    low, high = (answer[0], answer[1]) if answer is not None else (stop, first)
    if first > 0:
        space = text.find(" ", first, min(first + reach, low))
        first = space + 1 if space >= 0 else first
    if stop < len(text):
        space = text.rfind(" ", max(stop - reach, high), stop)
        stop = space if space >= 0 else stop
    return first, stop


def highlight_html(
    text: str,
    answer: tuple[int, int] | None,
    *,
    alternatives: Sequence[tuple[int, int]] = (),
    reliable: bool = True,
    answer_title: str = "",
    alternative_title: str = "",
    max_chars: int | None = None,
    font_size: int = 16,
) -> str:
    """``text`` as HTML with ``answer`` (character start, stop) marked, and the ``alternatives``
    that overlap nothing marked before them underlined.

    The answer is green when ``reliable``, orange otherwise. ``max_chars``: show only that many
    characters around the answer, with "…" where the text goes on. Line breaks are kept.
    """
    n = len(text)
    if answer is not None and not 0 <= answer[0] <= answer[1] <= n:
        raise ValueError(f"answer {answer} is outside a text of {n} characters")
    marks: list[tuple[int, int, str, str]] = []
    candidates = ([(answer[0], answer[1], "answer")] if answer is not None else []) + [
        (int(a), int(b), "alternative") for a, b in alternatives
    ]
    for a, b, kind in candidates:
        if not 0 <= a < b <= n:
            continue
        if any(a < stop and start < b for start, stop, _, _ in marks):
            continue
        marks.append((a, b, kind, answer_title if kind == "answer" else alternative_title))
    marks.sort()
    first, stop = excerpt_bounds(n, *(answer if answer is not None else (0, 0)), max_chars)
    first, stop = _at_spaces(text, first, stop, answer)
    color = ANSWER_COLOR if reliable else UNRELIABLE_COLOR
    parts = [ELLIPSIS] if first > 0 else []
    position = first
    for a, b, kind, title in marks:
        if b <= first or a >= stop:
            continue
        a, b = max(a, first), min(b, stop)
        parts.append(html.escape(text[position:a]))
        title_attr = f' title="{html.escape(title, quote=True)}"' if title else ""
        if kind == "answer":
            parts.append(
                f'<mark class="attnviz-answer"{title_attr} style="background:{color};padding:0.1em 0.15em;'
                f'border-radius:0.2em;font-weight:600">{html.escape(text[a:b])}</mark>'
            )
        else:
            parts.append(
                f'<span class="attnviz-alternative"{title_attr} style="border-bottom:2px dotted '
                f'{ALTERNATIVE_COLOR}">{html.escape(text[a:b])}</span>'
            )
        position = b
    parts.append(html.escape(text[position:stop]))
    if stop < n:
        parts.append(ELLIPSIS)
    return (
        f'<div class="attnviz-context" style="white-space:pre-wrap;line-height:1.7;font-size:{int(font_size)}px;'
        f'padding:0.6em 0.8em;border:1px solid #ddd;border-radius:0.4em">{"".join(parts)}</div>'
    )


def start_end_chart(
    tokens: Sequence[str],
    start_scores: np.ndarray,
    end_scores: np.ndarray,
    *,
    answer: tuple[int, int] | None = None,
    start_name: str = "start",
    end_name: str = "end",
    title: str = "",
    y_title: str = "",
    answer_label: str = "",
    decimals: int = 3,
) -> go.Figure:
    """Start and end scores per token as two bar series side by side; ``answer`` (first, last
    token index, inclusive) shaded. Tokens repeat freely: the x axis is numeric, the tokens are
    its tick labels. Traces: [0] start, [1] end."""
    start = np.asarray(start_scores, dtype=np.float64)
    end = np.asarray(end_scores, dtype=np.float64)
    labels = [plotly_label(t) for t in tokens]
    if start.ndim != 1 or start.shape != end.shape or len(labels) != start.size:
        raise ValueError(f"{len(labels)} tokens, start {start.shape} and end {end.shape} must match")
    x = np.arange(start.size)
    many = start.size > 60
    fig = go.Figure(
        [
            go.Bar(
                x=x,
                y=start,
                name=plotly_label(start_name),
                marker_color=START_COLOR,
                hovertext=labels,
                hovertemplate=f"%{{hovertext}} · {plotly_label(start_name)}: %{{y:.{decimals}f}}<extra></extra>",
            ),
            go.Bar(
                x=x,
                y=end,
                name=plotly_label(end_name),
                marker_color=END_COLOR,
                hovertext=labels,
                hovertemplate=f"%{{hovertext}} · {plotly_label(end_name)}: %{{y:.{decimals}f}}<extra></extra>",
            ),
        ]
    )
    shapes, annotations = [], []
    if answer is not None and 0 <= answer[0] <= answer[1] < start.size:
        shapes.append(
            dict(
                type="rect",
                xref="x",
                yref="paper",
                x0=answer[0] - 0.5,
                x1=answer[1] + 0.5,
                y0=0,
                y1=1,
                fillcolor=ANSWER_COLOR,
                opacity=0.45,
                line=dict(width=0),
                layer="below",
            )
        )
        if answer_label:
            annotations.append(
                dict(
                    x=(answer[0] + answer[1]) / 2,
                    y=1,
                    xref="x",
                    yref="paper",
                    yanchor="bottom",
                    text=plotly_label(answer_label),
                    showarrow=False,
                    font=dict(color="#2b6a1f"),
                )
            )
    fig.update_layout(
        title=dict(text=plotly_label(title), x=0, xanchor="left"),
        height=380,
        margin=dict(l=10, r=10, t=80 if title else 40, b=10),
        barmode="group",
        bargap=0.15,
        shapes=shapes,
        annotations=annotations,
        legend=dict(orientation="h", x=1, xanchor="right", y=1.02, yanchor="bottom"),
        yaxis=dict(title=plotly_label(y_title), zeroline=True),
        xaxis=dict(
            tickvals=x,
            ticktext=labels,
            tickangle=-60,
            tickfont=dict(size=8 if many else 12),
            range=[-0.5, start.size - 0.5],
        ),
    )
    return fig


def question_context_heatmap(
    weights: np.ndarray,
    question_tokens: Sequence[str],
    context_tokens: Sequence[str],
    *,
    answer: tuple[int, int] | None = None,
    title: str = "",
    x_title: str = "",
    y_title: str = "",
) -> go.Figure:
    """One head's attention from the question's tokens (rows) to the context's (columns), with
    the answer's columns framed. Colours run from 0 to the largest weight shown: most of each row
    goes to the special tokens and the question itself, so a 0..1 scale would look empty."""
    w = np.asarray(weights, dtype=np.float64)
    top = float(w.max()) if w.size and w.max() > 0 else 1.0
    fig = head_heatmap(
        w, question_tokens, context_tokens, title=title, x_title=x_title, y_title=y_title, zmin=0.0, zmax=top
    )
    if answer is not None and 0 <= answer[0] <= answer[1] < w.shape[1]:
        fig.add_shape(
            type="rect",
            xref="x",
            yref="y",
            x0=answer[0] - 0.5,
            x1=answer[1] + 0.5,
            y0=-0.5,
            y1=w.shape[0] - 0.5,
            line=dict(color=SPAN_FRAME_COLOR, width=3),
            fillcolor="rgba(0,0,0,0)",
        )
    return fig
