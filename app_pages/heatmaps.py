"""Attention heatmaps: every layer and head of the fine-tuned (or pretrained) model on your text."""

import streamlit as st

from attnviz.i18n import translate
from attnviz.ui import heatmap_state
from attnviz.ui import heatmap_tabs as tabs
from attnviz.ui import heatmap_views as views
from attnviz.ui import inside_views as inside
from attnviz.ui.language import t

runs = views.finished_runs()
heatmap_state.init_from_link(default_text=translate(views.examples_language(runs), "heatmaps.example.1"))

st.title(t("heatmaps.title"))
st.markdown(t("heatmaps.intro"))

# --- which model, which text ---------------------------------------------------------------------
choice = views.model_choice(runs)
text = views.text_box(views.examples_language(runs, choice))
models = views.load_models(choice) if choice is not None and text is not None else None
if models is None:
    heatmap_state.sync_url(heatmap_state.keep_text(), choice)
    st.stop()

max_length = min(bundle.extractor.max_length for _, bundle in models)
options = views.view_options(max_length)
with views.long_text_turn(models, text, options.limit):  # one long text at a time
    analyses = [views.analyse(bundle, text, options.limit) for _, bundle in models]
    if any(a is None for a in analyses):
        heatmap_state.sync_url(text, choice)
        st.stop()
    items = [
        views.shown(name, bundle, analysis, options) for (name, bundle), analysis in zip(models, analyses)
    ]
    views.truncation_note(analyses[0], options.limit, max_length)

    # --- what the model decided ---------------------------------------------------------------------
    views.predictions(items)

    # --- every layer and head, and the chosen one large ---------------------------------------------------
    st.subheader(t("heatmaps.model_view"))
    st.caption(t("heatmaps.model_view_about"))
    loaded = models[0][1].loaded
    views.head_pickers(loaded.num_layers, loaded.num_heads, options)
    views.model_views(items)
    st.subheader(t("heatmaps.chosen_head"))
    views.head_detail(items)

    # --- looking closer (only the open tab is computed and drawn) ---------------------------------------
    sections = {
        "metrics": lambda: tabs.metrics_tab(items),
        "rollout": lambda: tabs.rollout_tab(items, options),
        "inside": lambda: inside.head_tab(items),
        "layers": lambda: inside.layers_tab(items),
        "compare": lambda: tabs.comparison_tab(items, has_runs=bool(runs)),
        "ablation": lambda: tabs.ablation_tab(items),
        "export": lambda: tabs.export_tab(items, options),
    }
    labels = [t(f"heatmaps.tab.{name}") for name in sections]
    for draw, tab in zip(sections.values(), st.tabs(labels, key=heatmap_state.TAB, on_change="rerun")):
        if tab.open:
            with tab:
                draw()

    heatmap_state.sync_url(text, choice)
