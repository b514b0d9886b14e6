"""Figures shared by every visitor who asks for the same one.

Building a Plotly figure costs 20-30 ms of pure Python per figure (plotly validates every property),
and a page shows five or more: thirty students opening the same example asked one core for
several seconds of identical work, while the server's health check waited. Here a figure is built
once per distinct input and the same object is handed to everyone: callers show it and never change
it (Streamlit only reads it: ``fig.to_dict()``, then JSON).

The key is a digest of the pickled inputs (numpy arrays and label lists pickle quickly and
deterministically); inputs that cannot be pickled are simply not cached.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable

import plotly.graph_objects as go

MAX_FIGURES = 256
MAX_BYTES = 64 * 2**20  # the inputs' pickled size stands for the figure's (it holds the same arrays)

_figures: OrderedDict[bytes, tuple[go.Figure, int]] = OrderedDict()
_lock = threading.Lock()
_total_bytes = 0
LARGE_FONT_SIZE = 18


def enlarge_fonts(fig: go.Figure) -> go.Figure:
    """Fonts for a projector (the display option "larger text")."""
    fig.update_layout(font_size=LARGE_FONT_SIZE)
    fig.update_traces(textfont_size=LARGE_FONT_SIZE, selector=dict(type="heatmap"))
    return fig


def _key(builder: Callable, args: tuple, kwargs: dict, enlarge: bool) -> tuple[bytes, int] | None:
    """(digest, size in bytes) of the inputs, or None when they cannot be pickled."""
    try:
        payload = pickle.dumps(
            (builder.__module__, builder.__qualname__, args, sorted(kwargs.items()), enlarge), protocol=5
        )
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return hashlib.blake2b(payload, digest_size=20).digest(), len(payload)


def shared_figure(builder: Callable[..., go.Figure], *args, enlarge: bool = False, **kwargs) -> go.Figure:
    """``builder(*args, **kwargs)`` (fonts enlarged when asked), built once for everyone.
    The figure returned is shared: show it, never change it."""
    global _total_bytes
    keyed = _key(builder, args, kwargs, enlarge)
    if keyed is not None:
        with _lock:
            found = _figures.get(keyed[0])
            if found is not None:
                _figures.move_to_end(keyed[0])
                return found[0]
    fig = builder(*args, **kwargs)
    if enlarge:
        enlarge_fonts(fig)
    if keyed is not None and keyed[1] <= MAX_BYTES // 4:
        key, size = keyed
        with _lock:
            if key not in _figures:
                _figures[key] = (fig, size)
                _total_bytes += size
            while len(_figures) > MAX_FIGURES or _total_bytes > MAX_BYTES:
                _, (_, dropped) = _figures.popitem(last=False)
                _total_bytes -= dropped
    return fig


def cached() -> tuple[int, int]:
    """(figures kept, their inputs' bytes)."""
    with _lock:
        return len(_figures), _total_bytes
