"""Question answering: the course's exercise 3, with the answer span, its score and its attention."""

import streamlit as st

from attnviz.ui import qa_views as views
from attnviz.ui.language import t
from attnviz.ui.models import model_picker

views.init_state()

st.title(t("qa.title"))
st.markdown(t("qa.intro"))

# --- the context, the question and the model --------------------------------------------------------
left, right = st.columns([1, 1], gap="medium")  # the model box fits the longest catalog name
with left:
    texts = views.inputs()
with right:
    views.preselect_model()
    source = model_picker("qa", key=views.MODEL, label=t("qa.model"))
bundle = views.model_or_explain(source)
if bundle is None:
    st.stop()
with right:
    settings = views.settings(bundle.extractor.max_length)
if texts is None:
    st.stop()
question, context = texts
result = views.answer(bundle, question, context, settings)
if result is None:
    st.stop()

# --- the answer ---------------------------------------------------------------------------------------
st.subheader(t("qa.answer_heading"))
views.answer_section(result, settings, untrained_head=bundle.loaded.new_head)
views.windows_note(result)

# --- where it starts and where it ends ------------------------------------------------------------------
st.subheader(t("qa.scores_heading"))
st.markdown(t("qa.scores_about"))
views.scores_chart(result)

# --- which heads link the question to the answer ---------------------------------------------------------
st.subheader(t("qa.attention_heading"))
views.attention_section(result)
