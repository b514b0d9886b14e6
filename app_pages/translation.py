"""Encoder-decoder translation: a tiny translator trained here, offline, on dates (words to ISO), or a
pretrained Marian / T5; the three attentions of an encoder-decoder, cross-attention first."""

import streamlit as st

from attnviz.ui import translation_views as views
from attnviz.ui.language import t

st.title(t("translation.title"))
st.markdown(t("translation.intro"))

from attnviz.nlp.paths import attnviz_home  # noqa: E402 - after the title: the page shows at once
from attnviz.nlp.translator_job import trained_folder  # noqa: E402

views.init_from_link()
choice = views.translator_picker()
folder = None
if choice == views.TINY:
    st.caption(t("translation.tiny_about"))
    home = attnviz_home()
    folder = trained_folder(home)
    views.training_box(views.translator_job(str(home)), folder)
    translator = views.tiny_translator(folder) if folder is not None else None
else:
    translator = views.pretrained_or_explain(choice)
if translator is None:
    views.sync_url(None)
    st.stop()

source = views.source_box(translator)
if source is not None:
    seen = views.translation_view(translator, source)
    layer, head = views.attention_views(seen, translator)
    views.cross_head_box(translator, source, seen, layer, head)
views.sync_url(source)
if folder is not None:
    st.divider()
    views.training_replay(folder, translator.tokenizer)
