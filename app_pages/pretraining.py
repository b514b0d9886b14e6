"""Pretraining: what BERT learns before any fine-tuning. A word hidden behind [MASK], the guesses of
a real masked-language head, and where the [MASK] token looks."""

import streamlit as st

from attnviz.nlp.paths import attnviz_home
from attnviz.ui import fill_mask_views as views
from attnviz.ui import pretrain_views
from attnviz.ui.language import t
from attnviz.ui.models import model_picker

st.title(t("pretraining.title"))
st.markdown(t("pretraining.intro"))

views.init_from_link()
left, right = st.columns([3, 2], gap="large")
with right:
    views.preselect_model()
    source = model_picker("classification", key=views.MODEL, label=t("fillin.model"))
with left:
    chosen = views.sentence_and_word()
mlm = views.model_or_explain(source)
if mlm is not None and chosen is not None:
    words, hidden = chosen
    found = views.guesses(mlm, words, hidden)
    if found is not None:
        views.mask_attention(found)
views.sync_url(st.session_state.get(views.TEXT))

# Pretraining one's own tiny BERT, live, then how it learned.
pretrain_views.section(attnviz_home())
