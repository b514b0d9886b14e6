"""Decoder-only generation (GPT): a prompt continued one token at a time, greedy or sampled, each
step's candidates, and the causal self-attention of what was written."""

import streamlit as st

from attnviz.nlp.paths import attnviz_home
from attnviz.ui import generation_views as views
from attnviz.ui import induction_views
from attnviz.ui.language import t
from attnviz.ui.models import model_picker

st.title(t("generation.title"))
st.markdown(t("generation.intro"))

views.init_from_link()
left, right = st.columns([3, 2], gap="large")
with right:
    views.preselect_model()
    source = model_picker("generation", key=views.MODEL, label=t("generation.model"))
with left:
    asked = views.controls()
generator = views.generator_or_explain(source)
if generator is not None and asked is not None:
    found = views.written(generator, *asked)
    if found is not None:
        views.attention_views(found)
views.sync_url()

# An induction head forming, live, in a tiny GPT-2 trained here (offline).
induction_views.section(attnviz_home())
