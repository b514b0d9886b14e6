"""The server's one shelf of loaded models (:class:`attnviz.nlp.model_shelf.ModelShelf`), and the
sentence a page shows when models were unloaded to make room."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st

from attnviz.ui.language import t


@st.cache_resource(show_spinner=False)
def shelf():
    from attnviz.nlp.model_shelf import ModelShelf

    return ModelShelf()


def shelved(key: tuple, load: Callable[[], object], *, name: str, folder: Path):
    """The model for ``key`` from the shelf, loaded by ``load()`` when not there; says which models
    were unloaded to make room. Raises NlpError("over_memory_budget") when it cannot fit."""
    from attnviz.nlp.model_shelf import weights_mb

    value, evicted = shelf().get(key, load, name=name, size_mb=weights_mb(folder))
    if evicted:
        st.info(t("models.unloaded", names=", ".join(evicted)), icon=":material/memory:")
    return value


def shelved_or_explain(kind: str, source: str, load: Callable[[Path, str], object]):
    """The model for ``source`` (a catalog name fetched with a progress bar, or a local folder),
    loaded by ``load(folder, source)`` onto the shelf under ``kind``; or None after one sentence
    (no network, not that kind of model, unreadable folder, no room)."""
    from attnviz.nlp.errors import NlpError
    from attnviz.ui.models import folder_with_progress, show_error

    if not source:
        return None
    try:
        folder = folder_with_progress(source)
        with st.spinner(t("models.loading", name=source)):
            key = (kind, str(folder.resolve()), (folder / "config.json").stat().st_mtime)
            return shelved(key, lambda: load(folder, source), name=source, folder=folder)
    except NlpError as error:
        show_error(error)
        return None
