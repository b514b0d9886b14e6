"""The fine-tuning page's "how the model places the examples": a finished run's validation texts as
points (their [CLS] vectors in 2-D), before fine-tuning and after, side by side."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from attnviz.core.projection import pca_2d
from attnviz.nlp.training import runs
from attnviz.render import inside as fi
from attnviz.ui import training_state as ts
from attnviz.ui.display import plain_text, show_shared_figure
from attnviz.ui.language import t
from attnviz.ui.models import show_error

HOVER_CHARS = 140


def _wanted_key(name: str) -> str:
    return f"ft.class_map.wanted.{name}"


def class_map_section(name: str) -> None:
    """For a run with a saved model; computed when asked (or at once when it is on disk already)."""
    from attnviz.nlp import class_map
    from attnviz.ui.hosting import hosted

    folder = runs.run_folder(name, ts.registry().root)
    info = runs.run_info(folder)
    if info.active or not info.has_model:
        return
    st.subheader(t("classmap.title"))
    st.markdown(t("classmap.intro"))
    settings = info.settings
    restricted = hosted()
    data = class_map.data_on_disk(str(settings.get("data", "")), restricted=restricted)
    if data is None:
        st.info(t("classmap.no_data"), icon=":material/dataset:")
        return
    base = class_map.model_on_disk(str(settings.get("model", "")), restricted=restricted)
    count = st.number_input(
        t("classmap.count"),
        min_value=20,
        max_value=class_map.MAX_EXAMPLES,
        value=class_map.DEFAULT_EXAMPLES,
        step=20,
        key=f"ft.class_map.count.{name}",
        help=t("classmap.count_help", max=class_map.MAX_EXAMPLES),
    )
    if st.button(t("classmap.compute"), key=f"ft.class_map.go.{name}", icon=":material/scatter_plot:"):
        st.session_state[_wanted_key(name)] = True
    if not st.session_state.get(_wanted_key(name)):
        st.caption(t("classmap.cost"))
        return
    examples = _validation_examples(data, settings, int(count))
    if examples is None:
        return
    texts, labels, names = examples
    models = [(t("classmap.after"), folder.model)]
    if base is not None:
        models.insert(0, (t("classmap.before"), base))
    placed = []
    for title, model_folder in models:
        points = _vectors_for(model_folder, texts, title)
        if points is None:
            return
        placed.append((title, points))
    _draw(name, placed, texts, labels, names)
    if base is None:
        st.caption(t("classmap.no_base", model=plain_text(settings.get("model", ""))))


def _validation_examples(data: str, settings: dict, count: int):
    """(texts, label names per text, class names) of the run's own validation split, or None."""
    from attnviz.nlp.splits import SplitSizes
    from attnviz.ui.models import DataChoice, data_or_explain

    sizes = SplitSizes(
        train=int(settings.get("train_size", 8)),
        validation=int(settings.get("validation_size", 8)),
        test=int(settings.get("test_size", 8)),
    )
    dataset = data_or_explain(DataChoice(source=data), sizes=sizes, seed=int(settings.get("seed", 0)))
    if dataset is None:
        return None
    split = dataset["validation"]
    names = list(split.features["label"].names)
    rows = split.select(range(min(count, len(split))))
    return list(rows["text"]), [names[i] for i in rows["label"]], names


def _vectors_for(model_folder, texts: list[str], title: str):
    from attnviz.nlp import class_map
    from attnviz.nlp.errors import NlpError
    from attnviz.nlp.paths import attnviz_home
    from attnviz.ui.models import classifier_or_explain
    from attnviz.ui.run_gate import heavy_turn

    cache = attnviz_home() / "cache" / "class_map"
    key = class_map.cache_key(model_folder, texts)
    found = class_map.cached_vectors(cache, key)
    if found is not None:
        return found
    bundle = classifier_or_explain(str(model_folder))
    if bundle is None:
        return None
    from attnviz.nlp.inside import cls_vectors

    bar = st.progress(0.0, text=t("classmap.computing", model=title, done=0, total=len(texts)))

    def progress(done: int, total: int) -> None:
        bar.progress(done / total, text=t("classmap.computing", model=title, done=done, total=total))

    try:
        with heavy_turn() as my_turn:
            if not my_turn:
                st.warning(t("classmap.busy"), icon=":material/hourglass_top:")
                return None
            result = class_map.vectors(
                cache,
                key,
                lambda: cls_vectors(bundle.loaded, texts, max_length=class_map.MAX_TOKENS, progress=progress),
            )
    except NlpError as error:
        show_error(error)
        return None
    finally:
        bar.empty()
    return result


def _draw(name: str, placed: list, texts: list[str], labels: list[str], names: list[str]) -> None:
    from attnviz.nlp.class_map import centroid_accuracy

    hover = [
        text[:HOVER_CHARS] + ("…" if len(text) > HOVER_CHARS else "") for text in texts
    ]  # shown literally
    cols = st.columns(len(placed))
    table = {"text": texts, "label": labels}
    for number, (col, (title, points)) in enumerate(zip(cols, placed)):
        projection = pca_2d(points)
        separated = centroid_accuracy(points, np.asarray(labels))
        with col:
            show_shared_figure(
                fi.class_scatter,
                projection.coords,
                labels,
                hover,
                class_names=names,
                title=title,
                axis_titles=(
                    t("layers.axis", n=1, share=f"{100 * projection.explained[0]:.0f}"),
                    t("layers.axis", n=2, share=f"{100 * projection.explained[1]:.0f}"),
                ),
                key=f"ft.class_map.{name}.{number}",
            )
            st.caption(
                t("classmap.separated", share=f"{100 * separated:.0f}", chance=f"{100 / len(names):.0f}")
            )
        table[f"x ({title})"] = projection.coords[:, 0]
        table[f"y ({title})"] = projection.coords[:, 1]
    st.caption(t("classmap.caption"))
    st.download_button(
        t("layers.csv"),
        data=pd.DataFrame(table).round(5).to_csv(index=False),
        file_name=f"attnviz-{name}-class-map.csv",
        mime="text/csv",
        icon=":material/download:",
        key=f"ft.class_map.csv.{name}",
    )
