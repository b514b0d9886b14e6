"""attnviz: the Streamlit entry point. Sidebar controls shared by every page, then the page."""
import os

# Must happen before anything imports TensorFlow (see README, "Stack"): transformers' TF
# classes need Keras 2 (tf-keras), not the Keras 3 that tf.keras would otherwise become.
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import streamlit as st  # noqa: E402

from attnviz.ui.display import display_options  # noqa: E402
from attnviz.ui.language import language_switch, t  # noqa: E402

st.set_page_config(page_title="attnviz", page_icon=":material/visibility:", layout="wide")

language_switch()
display_options()

pages = [
    st.Page("app_pages/home.py", title=t("nav.home"), icon=":material/home:", default=True),
    st.Page("app_pages/playground.py", title=t("nav.playground"), icon=":material/grid_on:", url_path="playground"),
    st.Page("app_pages/fine_tuning.py", title=t("nav.fine_tuning"), icon=":material/model_training:", url_path="fine-tuning"),
    st.Page("app_pages/heatmaps.py", title=t("nav.heatmaps"), icon=":material/grid_view:", url_path="heatmaps"),
    st.Page("app_pages/question_answering.py", title=t("nav.qa"), icon=":material/question_answer:", url_path="question-answering"),
    st.Page("app_pages/building_blocks.py", title=t("nav.blocks"), icon=":material/widgets:", url_path="building-blocks"),
]
st.navigation(pages).run()
