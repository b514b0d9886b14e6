"""Question answering: the course's exercise 3, with the answer span, its score and its attention."""
import streamlit as st

from attnviz.ui import qa_views as qv
from attnviz.ui.language import t
from attnviz.ui.models import model_picker

qv.init_state()

st.title(t("qa.title"))
st.markdown(t("qa.intro"))

# --- the context, the question and the model --------------------------------------------------------
left, right = st.columns([3, 2], gap="large")
with left:
    texts = qv.inputs()
with right:
    qv.preselect_model()
    source = model_picker("qa", key=qv.MODEL, label=t("qa.model"))
bundle = qv.model_or_explain(source)
if bundle is None:
    st.stop()
with right:
    settings = qv.settings(bundle.extractor.max_length)
if texts is None:
    st.stop()
question, context = texts
result = qv.answer(bundle, question, context, settings)
if result is None:
    st.stop()

# --- the answer ---------------------------------------------------------------------------------------
st.subheader(t("qa.answer_heading"))
qv.answer_section(result, settings, untrained_head=bundle.loaded.new_head)
qv.windows_note(result)

# --- where it starts and where it ends ------------------------------------------------------------------
st.subheader(t("qa.scores_heading"))
st.markdown(t("qa.scores_about"))
qv.scores_chart(result)

# --- which heads link the question to the answer ---------------------------------------------------------
st.subheader(t("qa.attention_heading"))
qv.attention_section(result)
