"""Encoder-decoder translation: a tiny translator trained here, offline, on dates (words to ISO),
and the three attentions of an encoder-decoder, cross-attention first."""

import streamlit as st

from attnviz.ui import translation_views as views
from attnviz.ui.language import t

st.title(t("translation.title"))
st.markdown(t("translation.intro"))

from attnviz.nlp.paths import attnviz_home  # noqa: E402 - after the title: the page shows at once
from attnviz.nlp.translator_job import trained_folder  # noqa: E402

home = attnviz_home()
job = views.translator_job(str(home))
folder = trained_folder(home)
views.training_box(job, folder)
if folder is None:
    st.stop()

model, tokenizer = views.load_translator(folder)
views.init_from_link()
source = views.source_box()
if source is not None:
    seen = views.translation_view(model, tokenizer, source)
    views.attention_views(seen)
views.sync_url(source)
st.divider()
views.training_replay(folder, tokenizer)
