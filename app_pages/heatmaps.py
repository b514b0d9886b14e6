"""Attention heatmaps: every layer and head of the fine-tuned (or pretrained) model on your text."""
import streamlit as st

from attnviz.ui import heatmap_state as hs
from attnviz.ui import heatmap_tabs as tabs
from attnviz.ui import heatmap_views as hv
from attnviz.i18n import translate
from attnviz.ui.language import t

runs = hv.finished_runs()
hs.init_from_link(st.query_params.to_dict(), default_text=translate(hv.examples_language(runs), "heatmaps.example.1"))

st.title(t("heatmaps.title"))
st.markdown(t("heatmaps.intro"))

# --- which model, which text ---------------------------------------------------------------------
choice = hv.model_choice(runs)
text = hv.text_box(hv.examples_language(runs, choice))
models = hv.load_models(choice) if choice is not None and text is not None else None
if models is None:
    hs.sync_url(hs.keep_text(), choice)
    st.stop()

max_length = min(bundle.extractor.max_length for _, bundle in models)
options = hv.view_options(max_length)
analyses = [hv.analyse(bundle, text, options.limit) for _, bundle in models]
if any(a is None for a in analyses):
    hs.sync_url(text, choice)
    st.stop()
items = [hv.shown(name, bundle, analysis, options) for (name, bundle), analysis in zip(models, analyses)]
hv.truncation_note(analyses[0], options.limit, max_length)

# --- what the model decided ---------------------------------------------------------------------
hv.predictions(items)

# --- every layer and head, and the chosen one large ---------------------------------------------------
st.subheader(t("heatmaps.model_view"))
st.caption(t("heatmaps.model_view_about"))
loaded = models[0][1].loaded
hv.head_pickers(loaded.num_layers, loaded.num_heads, options)
hv.model_views(items)
st.subheader(t("heatmaps.chosen_head"))
hv.head_detail(items)

# --- looking closer (only the open tab is computed and drawn) ---------------------------------------
sections = {
    "metrics": lambda: tabs.metrics_tab(items),
    "rollout": lambda: tabs.rollout_tab(items, options),
    "compare": lambda: tabs.comparison_tab(items, has_runs=bool(runs)),
    "ablation": lambda: tabs.ablation_tab(items),
    "export": lambda: tabs.export_tab(items, options),
}
labels = [t(f"heatmaps.tab.{name}") for name in sections]
for draw, tab in zip(sections.values(), st.tabs(labels, key=hs.TAB, on_change="rerun")):
    if tab.open:
        with tab:
            draw()

hs.sync_url(text, choice)
