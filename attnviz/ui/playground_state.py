"""Session state of the attention playground: what is typed, what is valid, what the URL says.

Source of truth is the raw text grid of each matrix (``pg.grid.Q`` ...), exactly
as typed. The data editors are drawn from a *base* grid and keyed by a version
number: programmatic changes (preset, resize, link) write a new base and bump
the version; typing only updates the raw grid. So nothing typed is ever lost,
even while it is not a valid number.

The link (its format is ``attnviz.core.share``'s), the other widgets' values across runs that do
not draw them (another page, the padding keys while another mask is chosen) and writing the link
back go through ``attnviz.ui.page_state``; the grids and their version counter are this module's.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import streamlit as st

from attnviz.core.masks import MaskError, build_mask
from attnviz.core.matrix_input import (
    CellProblem,
    ShapeProblem,
    check_qkv_shapes,
    matrix_to_grid,
    parse_matrix,
    resize_grid,
)
from attnviz.core.multihead import valid_head_counts
from attnviz.core.presets import PRESET_NAMES, RANDOM
from attnviz.core.share import PlaygroundSettings, from_query_params, to_query_params
from attnviz.ui.page_state import PageState

MATRICES = ("Q", "K", "V")
ROW_PREFIX = {"Q": "q", "K": "k", "V": "v"}

# Widget keys (the page creates the widgets with these keys).
PRESET = "pg.preset"
SEED = "pg.seed"
DIMS = {"n": "pg.n", "m": "pg.m", "d_k": "pg.dk", "d_v": "pg.dv"}
SCALED = "pg.scaled"
TEMPERATURE = "pg.temperature"
MASK = "pg.mask"
PADDED = "pg.padded"
QUERY = "pg.query"
HEADS = "pg.heads"
GUESS_MODE = "pg.guess"  # "guess first": weights hidden until the student guessed (ui/guess_views)
GUESS_PARAM = "guess"  # in the link as guess=1, so a presenting teacher turns it on for the class

_VERSION = "pg.version"
_PRESET_GRIDS = "pg.preset_grids"
_LAST_VALID = "pg.last_valid"

# The widgets' values, kept when Streamlit drops them (the grids are plain state: always kept).
_STATE = PageState(
    "pg", keep=(PRESET, *DIMS.values(), SCALED, TEMPERATURE, MASK, PADDED, QUERY, HEADS, GUESS_MODE)
)


def _grid_key(name: str) -> str:
    return f"pg.grid.{name}"


def _base_key(name: str) -> str:
    return f"pg.base.{name}"


@dataclass(frozen=True)
class Evaluation:
    """The outcome of reading the current input."""

    settings: PlaygroundSettings | None  # None when something is invalid
    cell_problems: dict[str, list[CellProblem]]  # per matrix name
    shape_problems: list[ShapeProblem]
    mask_problem: bool  # causal mask with n > m

    @property
    def ok(self) -> bool:
        return self.settings is not None


def init_from_link() -> None:
    """Top of every run: on the session's first, the state from the URL (or the first preset);
    after that, the widgets' kept values, and editors that show what was typed."""
    _STATE.start(read_link=_read_link)
    for name in MATRICES:
        if editor_key(name) not in st.session_state:  # an editor drawn afresh (back from another page):
            st.session_state[_base_key(name)] = raw_grid(name)  # it starts from the typed grid


def _read_link(query_params: dict[str, str]) -> list[str]:
    decoded = from_query_params(query_params)
    st.session_state[GUESS_MODE] = query_params.get(GUESS_PARAM) == "1"
    st.session_state[_VERSION] = 0
    _load(decoded.settings)
    return decoded.unreadable


def link_problems() -> list[str]:
    return _STATE.link_problems()


def _load(s: PlaygroundSettings) -> None:
    """Replace everything with ``s`` (only from callbacks or before widgets are drawn)."""
    grids = {"Q": matrix_to_grid(s.q), "K": matrix_to_grid(s.k), "V": matrix_to_grid(s.v)}
    _set_grids(grids)
    st.session_state[_PRESET_GRIDS] = grids if s.preset is not None else None
    st.session_state[PRESET] = s.preset or st.session_state.get(PRESET, "course")
    st.session_state[SEED] = s.seed
    st.session_state[SCALED] = s.scaled
    st.session_state[TEMPERATURE] = s.temperature
    st.session_state[MASK] = s.mask
    st.session_state[PADDED] = list(s.padded_keys)
    st.session_state[QUERY] = s.query
    st.session_state[HEADS] = s.heads
    st.session_state[_LAST_VALID] = s


def _set_grids(grids: dict[str, list[list[str]]]) -> None:
    for name, grid in grids.items():
        st.session_state[_grid_key(name)] = grid
        st.session_state[_base_key(name)] = grid
    st.session_state[DIMS["n"]] = len(grids["Q"])
    st.session_state[DIMS["m"]] = len(grids["K"])
    st.session_state[DIMS["d_k"]] = len(grids["Q"][0])
    st.session_state[DIMS["d_v"]] = len(grids["V"][0])
    st.session_state[_VERSION] = st.session_state.get(_VERSION, 0) + 1
    _clamp_choices()


def _clamp_choices() -> None:
    """Keep the selected query, padding keys and head count inside the new shapes."""
    n, m = st.session_state[DIMS["n"]], st.session_state[DIMS["m"]]
    st.session_state[QUERY] = min(st.session_state.get(QUERY, 0), n - 1)
    st.session_state[PADDED] = [j for j in st.session_state.get(PADDED, []) if j < m]
    heads = valid_head_counts(st.session_state[DIMS["d_k"]], st.session_state[DIMS["d_v"]])
    if st.session_state.get(HEADS, 1) not in heads:
        st.session_state[HEADS] = 1


# --- callbacks -------------------------------------------------------------


def on_preset_change() -> None:
    """Load the chosen preset's matrices and mask; keep scaling and temperature."""
    name = st.session_state[PRESET]
    if name not in PRESET_NAMES:  # a label the browser kept from another language: nothing to load
        previous = st.session_state[_LAST_VALID].preset
        st.session_state[PRESET] = previous if previous in PRESET_NAMES else "course"
        return
    keep = dict(scaled=st.session_state[SCALED], temperature=st.session_state[TEMPERATURE])
    _load(replace(PlaygroundSettings.from_preset(name, st.session_state.get(SEED, 0)), **keep))


def on_new_random() -> None:
    st.session_state[SEED] = secrets.randbelow(10_000)
    st.session_state[PRESET] = RANDOM
    on_preset_change()


def on_resize() -> None:
    """New shapes from the size inputs; every typed cell that still fits is kept."""
    n, m = st.session_state[DIMS["n"]], st.session_state[DIMS["m"]]
    d_k, d_v = st.session_state[DIMS["d_k"]], st.session_state[DIMS["d_v"]]
    shapes = {"Q": (n, d_k), "K": (m, d_k), "V": (m, d_v)}
    _set_grids({name: resize_grid(raw_grid(name), *shapes[name]) for name in MATRICES})


# --- the editors -------------------------------------------------------------


def editor_key(name: str) -> str:
    return f"pg.editor.{name}.{st.session_state[_VERSION]}"


def editor_frame(name: str) -> pd.DataFrame:
    """The base grid as the table the editor shows: rows q1.., columns 1.."""
    grid = st.session_state[_base_key(name)]
    return pd.DataFrame(
        grid,
        index=[f"{ROW_PREFIX[name]}{i + 1}" for i in range(len(grid))],
        columns=[str(j + 1) for j in range(len(grid[0]))],
        dtype=object,
    )


def store_edited(name: str, frame: pd.DataFrame) -> None:
    """Keep exactly what the editor returned (text, empty cells and all)."""
    st.session_state[_grid_key(name)] = [
        [None if _is_missing(cell) else str(cell) for cell in row] for row in frame.itertuples(index=False)
    ]


def _is_missing(cell) -> bool:
    return cell is None or (isinstance(cell, float) and np.isnan(cell))


def raw_grid(name: str) -> list[list[str | None]]:
    return st.session_state[_grid_key(name)]


# --- reading the input ---------------------------------------------------------


def evaluate() -> Evaluation:
    """Parse the typed matrices with the current options; remember the result if valid."""
    parsed = {name: parse_matrix(raw_grid(name)) for name in MATRICES}
    cell_problems = {name: p.problems for name, p in parsed.items()}
    if not all(p.ok for p in parsed.values()):
        return Evaluation(None, cell_problems, [], False)
    q, k, v = (parsed[name].values for name in MATRICES)
    shape_problems = check_qkv_shapes(q, k, v)
    if shape_problems:
        return Evaluation(None, cell_problems, shape_problems, False)
    mask = st.session_state[MASK]
    try:
        build_mask(mask, q.shape[0], k.shape[0], st.session_state[PADDED])
    except MaskError:
        return Evaluation(None, cell_problems, [], True)
    settings = PlaygroundSettings(
        q=q,
        k=k,
        v=v,
        preset=_unedited_preset(),
        seed=st.session_state.get(SEED, 0),
        scaled=st.session_state[SCALED],
        temperature=float(st.session_state[TEMPERATURE]),
        mask=mask,
        padded_keys=tuple(sorted(st.session_state[PADDED])) if mask == "padding" else (),
        query=min(st.session_state[QUERY], q.shape[0] - 1),
        heads=st.session_state[HEADS],
    )
    st.session_state[_LAST_VALID] = settings
    return Evaluation(settings, cell_problems, [], False)


def last_valid() -> PlaygroundSettings:
    return st.session_state[_LAST_VALID]


def example_about_key() -> str:
    """The sentence under the example picker: the preset's, or one for an example of one's own
    (edited, or brought by a link such as a real head's copy from the heatmap page)."""
    if st.session_state.get(_PRESET_GRIDS) is None:
        return "preset.custom.about"
    return f"preset.{st.session_state[PRESET]}.about"


def _unedited_preset() -> str | None:
    """The preset's name while its matrices are untouched, else None (a custom example)."""
    preset_grids = st.session_state.get(_PRESET_GRIDS)
    if preset_grids is None:
        return None
    current = {name: raw_grid(name) for name in MATRICES}
    return st.session_state[PRESET] if current == preset_grids else None


def sync_url(settings: PlaygroundSettings) -> dict[str, str]:
    """Write the valid state into the address bar; returns the parameters."""
    params = to_query_params(settings)
    if st.session_state.get(GUESS_MODE):
        params[GUESS_PARAM] = "1"
    return _STATE.write_link(params)
